"""``find_reuse``: index reports one by one, then find, verify and merge copied passages.

Memory is bounded by what the index keeps per passage — its matching form, offsets, ``bands`` 4-byte band
keys and a 1-byte-per-permutation signature — never the reports themselves (their text only with
``keep_text``).  Work: MinHash per
passage (linear), one sort per band (n log n), and verification of candidate pairs only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from auditor.model import Report
from auditor.reuse.align import align, quick_dice
from auditor.reuse.blocks import Match, build_blocks, summarise
from auditor.reuse.commonplace import stock_spans
from auditor.reuse.data import stop_shingles
from auditor.reuse.identity import Identity, identify
from auditor.reuse.lsh import candidate_pairs
from auditor.reuse.minhash import MinHasher
from auditor.reuse.normalize import name_variants
from auditor.reuse.passages import extract_passages
from auditor.reuse.records import ReuseResult
from auditor.reuse.settings import ReuseSettings


@dataclass
class IndexedReport:
    """What the index keeps of one report."""

    file: str
    ident: Identity
    starts: np.ndarray  # int32 original offsets of every passage
    ends: np.ndarray
    forms: str  # matching forms of every passage, joined
    bounds: np.ndarray  # int32, passage i's form is forms[bounds[i]:bounds[i + 1]]
    sections: tuple[str | None, ...]
    items: tuple[str | None, ...]
    eligible: np.ndarray  # bool: indexed (not template, enough residual text)
    template: np.ndarray  # bool
    first: int  # global id of the first eligible passage
    text: str | None = None

    def form(self, i: int) -> str:
        return self.forms[self.bounds[i]:self.bounds[i + 1]]


class ReuseIndex:
    """Streaming index: ``add`` reports one at a time, then ``result()`` once."""

    def __init__(self, settings: ReuseSettings | Mapping[str, Any] | None = None, keep_text: bool = True) -> None:
        self.settings = ReuseSettings.resolve(settings)
        s = self.settings
        self.hasher = MinHasher(s.num_perm, s.bands, s.shingle, stop=stop_shingles())
        self.keep_text = keep_text
        self.docs: list[IndexedReport] = []
        self._keys: list[np.ndarray] = []
        self._sig8: list[np.ndarray] = []
        self._report: list[np.ndarray] = []
        self._local: list[np.ndarray] = []
        self._agency: list[np.ndarray] = []
        self._agency_ids: dict[str, int] = {}
        self._n = 0
        # reports whose signatures are still to compute: (report id, eligible passages, their forms, agency
        # id); a few reports at a time, since numpy's cost per call was most of it for one report's passages
        self._pending: list[tuple[int, np.ndarray, list[str], int]] = []

    _BATCH = 8

    def add(self, report: Report) -> None:
        s = self.settings
        ident = identify(report)
        names = name_variants(ident.agency)
        ps = extract_passages(report, names, s.min_chars)
        eligible = np.array([not p.template and p.residual >= s.min_residual for p in ps], dtype=bool)
        forms = [p.form for p in ps]
        bounds = np.zeros(len(ps) + 1, dtype=np.int32)
        np.cumsum([len(f) for f in forms], out=bounds[1:])
        rid = len(self.docs)
        self.docs.append(IndexedReport(
            report.file, ident,
            np.array([p.start for p in ps], dtype=np.int32), np.array([p.end for p in ps], dtype=np.int32),
            "".join(forms), bounds, tuple(p.section for p in ps), tuple(p.item for p in ps), eligible,
            np.array([p.template for p in ps], dtype=bool), self._n,
            report.text if self.keep_text else None))
        local = np.nonzero(eligible)[0].astype(np.int32)
        if not len(local):
            return
        aid = self._agency_ids.setdefault(ident.key, len(self._agency_ids))
        self._pending.append((rid, local, [forms[i] for i in local], aid))
        self._n += len(local)
        if len(self._pending) >= self._BATCH:
            self._flush()

    def _flush(self) -> None:
        """Signatures and band keys of the pending reports' passages, all at once (a passage's signature
        is its own, whatever is computed with it)."""
        if not self._pending:
            return
        sigs = self.hasher.signatures([f for _, _, forms, _ in self._pending for f in forms])
        self._keys.append(self.hasher.band_keys(sigs))
        self._sig8.append(sigs.astype(np.uint8))  # b-bit MinHash: 1 byte per permutation for the filter
        sizes = [len(local) for _, local, _, _ in self._pending]
        self._report.append(np.repeat(np.array([rid for rid, _, _, _ in self._pending], dtype=np.int32), sizes))
        self._local.append(np.concatenate([local for _, local, _, _ in self._pending]))
        self._agency.append(np.repeat(np.array([aid for _, _, _, aid in self._pending], dtype=np.int32), sizes))
        self._pending.clear()

    def result(self) -> ReuseResult:
        self._flush()
        s = self.settings
        if self._n == 0:
            return summarise(self.docs, [], [set() for _ in self.docs], s, {"passages": 0, "candidates": 0})
        keys = np.concatenate(self._keys)
        report = np.concatenate(self._report)
        local = np.concatenate(self._local)
        agency = np.concatenate(self._agency)
        cands = candidate_pairs(keys, agency, report, max_agencies=s.max_agencies, max_bucket=s.max_bucket,
                                heavy_share=s.heavy_share)
        pairs = self._filter(cands.pairs, np.concatenate(self._sig8))
        matches: dict[tuple[int, int], list[Match]] = defaultdict(list)
        for p, q in pairs.tolist():
            rp, rq = int(report[p]), int(report[q])
            lp, lq = int(local[p]), int(local[q])
            fp, fq = self.docs[rp].form(lp), self.docs[rq].form(lq)
            if quick_dice(fp, fq, s.min_run) < s.min_dice:
                continue
            al = align(fp, fq, s.min_run, stock_spans(fp))
            if al.dice < s.min_dice or al.shared < s.min_shared:
                continue
            a, b = self._orient(rp, rq)
            la, lb = (lp, lq) if a == rp else (lq, lp)
            matches[(a, b)].append(Match(la, lb, al.shared))
        commonplace = self._commonplace_local(cands.commonplace, report, local)
        blocks = build_blocks(self.docs, matches, commonplace, s)
        stats = {"reports": len(self.docs), "passages": int(self._n), "candidates": len(cands.pairs),
                 "filtered": len(pairs),
                 "verified": sum(len(v) for v in matches.values()),
                 "commonplace": int(cands.commonplace.sum())}
        return summarise(self.docs, blocks, commonplace, s, stats)

    def _filter(self, pairs: np.ndarray, sig8: np.ndarray, chunk: int = 1_000_000) -> np.ndarray:
        """Pairs whose estimated shingle Jaccard reaches ``min_jaccard``, all at once with numpy.

        With 8-bit minhashes two unrelated values agree with probability 1/256, so the share of agreeing
        permutations p estimates J = (p - 1/256) / (1 - 1/256) (b-bit MinHash, Li & König 2010).
        """
        keep = []
        for i in range(0, len(pairs), chunk):
            part = pairs[i:i + chunk]
            agree = (sig8[part[:, 0]] == sig8[part[:, 1]]).mean(axis=1)
            est = (agree - 1 / 256) / (1 - 1 / 256)
            keep.append(part[est >= self.settings.min_jaccard])
        return np.concatenate(keep) if keep else pairs

    def _commonplace_local(self, flags: np.ndarray, report: np.ndarray, local: np.ndarray) -> list[set[int]]:
        out: list[set[int]] = [set() for _ in self.docs]
        for g in np.nonzero(flags)[0].tolist():
            out[int(report[g])].add(int(local[g]))
        return out

    def _orient(self, r1: int, r2: int) -> tuple[int, int]:
        """(later, earlier): the earlier publication is the likely source (publication dates when both
        have one, else the years reported on, else file names)."""
        i1, i2 = self.docs[r1].ident, self.docs[r2].ident
        if i1.published and i2.published and i1.published != i2.published:
            later = i1.published > i2.published
        elif i1.year is not None and i2.year is not None and i1.year != i2.year:
            later = i1.year > i2.year
        else:
            later = self.docs[r1].file > self.docs[r2].file
        return (r1, r2) if later else (r2, r1)


def find_reuse(reports: Iterable[Report], settings: ReuseSettings | Mapping[str, Any] | None = None,
               keep_text: bool = True) -> ReuseResult:
    """Copied blocks across ``reports`` and each report's originality.

    ``reports`` is consumed once (a generator is fine); ``keep_text=False`` leaves the ``text`` of the
    block spans empty and keeps memory to the index alone (archive-scale runs).
    """
    index = ReuseIndex(settings, keep_text=keep_text)
    for r in reports:
        index.add(r)
    return index.result()
