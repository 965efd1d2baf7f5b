"""Copy detection's shortcuts give what the plain definitions give: MinHash computed in place, the
agency names made a pattern once per report, and a stored report read without its meta when the
identity does not need it."""

from __future__ import annotations

import dataclasses
import random

import numpy as np

from auditor.model import Report
from auditor.reuse.data import stop_shingles
from auditor.reuse.identity import identify, reads_meta
from auditor.reuse.minhash import MinHasher
from auditor.reuse.normalize import name_variants, names_pattern, normalize, normalize_with


def _signatures_reference(h: MinHasher, forms: list[str]) -> np.ndarray:
    """One passage at a time, the permutation as one expression (as first written)."""
    out = []
    for f in forms:
        hashes = h.signatures([f])  # the windows of this form alone
        one = h._window_hashes(np.frombuffer((f if len(f) >= h.shingle else f + "\0" * (h.shingle - len(f)))
                                             .encode("utf-32-le"), dtype=np.uint32).astype(np.uint64))
        useful = one[~np.isin(one, h._stop)] if len(h._stop) else one
        one = useful if len(useful) else one
        with np.errstate(over="ignore"):
            permuted = (one[:, None] * h._a[None, :] + h._b[None, :]) >> np.uint64(32)
        ref = permuted.min(axis=0).astype(np.uint32)
        assert (hashes[0] == ref).all()
        out.append(ref)
    return np.array(out)


def test_signatures_are_the_minimum_of_the_permuted_shingles() -> None:
    h = MinHasher(64, 32, 3, stop=stop_shingles())
    rng = random.Random(5)
    alphabet = "政府信息公开申请办理#@年度工作报告1"
    forms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(50)]
    forms += ["公开", "#", "政府信息公开工作"]
    assert (h.signatures(forms) == _signatures_reference(h, forms)).all()


def test_names_made_a_pattern_once_mask_as_normalize_does() -> None:
    names = name_variants("淮安市洪泽区人民政府")
    text = "（一）淮安市洪泽区人民政府2023年共收到申请12件，洪泽区政务公开办公室答复二〇二三年"
    assert normalize_with(text, names_pattern(names)) == normalize(text, names)
    assert "@" in normalize(text, names) and "#" in normalize(text, names)
    assert normalize_with(text, names_pattern(())) == normalize(text)


def test_identity_reads_meta_only_when_agency_or_year_is_missing() -> None:
    meta = {"title": "某某局2019年政府信息公开工作年度报告", "agency": "某某局", "source": "某某局"}
    full = Report(file="a.txt", format="text", text="正文", agency="淮安市洪泽区人民政府", year=2023, meta=meta)
    assert not reads_meta(full.agency, full.year)
    assert identify(full) == identify(dataclasses.replace(full, meta={}))
    assert reads_meta(None, 2023) and reads_meta("某局", None)
    assert identify(dataclasses.replace(full, year=None)).year == 2019  # from the meta title
