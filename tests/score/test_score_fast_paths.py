"""The scorer's shortcuts (bigrams by regex, each item's bigrams once, the component of a code looked up
once, the flat deductions list copied from the components') give what the plain definitions give."""

from __future__ import annotations

import random

from auditor.checks import RULES
from auditor.model import to_dict
from auditor.score import score_report, scoring_config
from auditor.score.narrative import _bigrams, overlap
from tests.score.audit_fixtures import TEMPLATED_TEXT, gold_report


def _bigrams_reference(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum()]
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


def test_bigrams_keep_exactly_ideographs_and_alphanumerics() -> None:
    every = "".join(chr(i) for i in range(0x30000) if not 0xD800 <= i < 0xE000)
    assert _bigrams(every) == _bigrams_reference(every)
    rng = random.Random(3)
    for _ in range(200):
        s = "".join(rng.choice("一二三abc_ -，。１２③Ⅳ\u00b2\u3000\u9fff\u4e00\u3400é") for _ in range(rng.randint(0, 30)))
        assert _bigrams(s) == _bigrams_reference(s)
    assert overlap("加强政务公开培训", "进一步加强政务公开培训工作") == 1.0


def test_component_of_a_code_is_the_same_every_time() -> None:
    cfg = scoring_config()
    codes = [*RULES, "tables.missing_table", "narrative.boilerplate", "reuse.x", "structure.no_published", "zz"]
    for stage in ("checks", "tables", "narrative", "structure", "reuse", "score", ""):
        for code in codes:
            assert cfg.component_of(code, stage) == cfg._component_of(code, stage) == cfg.component_of(code, stage)


def test_flat_deductions_are_the_components_deductions() -> None:
    seen = 0
    for name in TEMPLATED_TEXT:
        score = score_report(gold_report(name), {"structure", "tables", "narrative"})
        d = score.to_dict()
        assert d["deductions"] == [to_dict(x) for x in score.deductions]
        flat = [x for c in d["components"].values() for x in c["deductions"]]
        assert all(a is not b for a, b in zip(d["deductions"], flat, strict=True))  # copies, not the same dicts
        seen += len(flat)
    assert seen
