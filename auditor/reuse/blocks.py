"""From verified passage pairs to copied blocks, and from blocks to each report's originality.

Consecutive copied passages of the later report form one block when at most ``gap`` passages separate
them and their partners in the source lie within ``reorder`` passages of the block's source range (a
copier often reorders sentences or items).  A block counts only for its shared characters beyond masks,
template and commonplace passages, which are never indexed (so never matched).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from auditor.reuse.data import matching
from auditor.reuse.records import ReportReuse, ReuseBlock, ReuseResult, Span
from auditor.reuse.settings import ReuseSettings

if TYPE_CHECKING:
    from auditor.reuse.find import IndexedReport


class Match(NamedTuple):
    a: int  # passage index in the later report
    b: int  # passage index in the earlier report
    shared: int


class FoundBlock(NamedTuple):
    record: ReuseBlock
    a: int  # report ids
    b: int
    passages: frozenset[int]  # a's copied passages


def _content(form: str) -> int:
    return len(form) - form.count("#") - form.count("@")


def _source_known(da: IndexedReport, db: IndexedReport) -> bool:
    ia, ib = da.ident, db.ident
    if ia.year is not None and ib.year is not None and ia.year != ib.year:
        return True
    return bool(ia.published and ib.published and ia.published != ib.published)


def _groups(ms: list[Match], s: ReuseSettings, da: IndexedReport, db: IndexedReport) -> list[list[Match]]:
    """Runs of copied passages: close in the copier (``gap`` passages, same section, no more than
    ``max_gap_chars`` of other text between), their sources within ``reorder`` passages of each other in
    one section of the source."""
    best: dict[int, Match] = {}
    for m in ms:
        if m.a not in best or m.shared > best[m.a].shared:
            best[m.a] = m
    groups: list[list[Match]] = []
    lo = hi = 0
    for m in sorted(best.values()):
        prev = groups[-1][-1] if groups else None
        if (prev is not None and m.a - prev.a <= s.gap and lo - s.reorder <= m.b <= hi + s.reorder
                and da.sections[m.a] == da.sections[prev.a] and db.sections[m.b] == db.sections[prev.b]
                and da.starts[m.a] - da.ends[prev.a] <= s.max_gap_chars
                and _b_extent(db, min(lo, m.b), max(hi, m.b)) <= s.max_gap_chars + sum(
                    int(db.ends[x.b] - db.starts[x.b]) for x in [*groups[-1], m])):
            groups[-1].append(m)
            lo, hi = min(lo, m.b), max(hi, m.b)
        else:
            groups.append([m])
            lo = hi = m.b
    return groups


def _b_extent(db: IndexedReport, lo: int, hi: int) -> int:
    return int(db.ends[hi] - db.starts[lo])


def _split_at_template(g: list[Match], d: IndexedReport) -> list[list[Match]]:
    """A block never spans a template sentence: split where one lies between two copied passages."""
    out = [[g[0]]]
    for m in g[1:]:
        if d.template[out[-1][-1].a + 1:m.a].any():
            out.append([m])
        else:
            out[-1].append(m)
    return out


def build_blocks(docs: Sequence[IndexedReport], matches: Mapping[tuple[int, int], list[Match]],
                 commonplace: Sequence[set[int]], s: ReuseSettings) -> list[FoundBlock]:
    out: list[FoundBlock] = []
    for (a, b), ms in sorted(matches.items()):
        da, db = docs[a], docs[b]
        kind = "self_repeat" if da.ident.key == db.ident.key else "cross_agency"
        for g in (part for run in _groups(ms, s, da, db) for part in _split_at_template(run, da)):
            shared = sum(m.shared for m in g)
            if shared < s.min_block:
                continue
            a0, a1 = g[0].a, g[-1].a
            denom = sum(_content(da.form(i)) for i in range(a0, a1 + 1)
                        if da.eligible[i] and i not in commonplace[a])
            b0 = min(m.b for m in g)
            b1 = max(m.b for m in g)
            sa, ea = int(da.starts[a0]), int(da.ends[a1])
            sb, eb = int(db.starts[b0]), int(db.ends[b1])
            rec = ReuseBlock(
                kind, Span(da.file, sa, ea, da.text[sa:ea] if da.text is not None else ""),
                Span(db.file, sb, eb, db.text[sb:eb] if db.text is not None else ""),
                min(1.0, shared / denom) if denom else 0.0, shared, len(g), _source_known(da, db),
                da.sections[a0])
            out.append(FoundBlock(rec, a, b, frozenset(m.a for m in g)))
    return out


def summarise(docs: Sequence[IndexedReport], blocks: Sequence[FoundBlock], commonplace: Sequence[set[int]],
              s: ReuseSettings, stats: dict[str, Any]) -> ReuseResult:
    sticky = matching()["sections"]["sticky"]
    copied: list[set[int]] = [set() for _ in docs]
    repeated: list[set[int]] = [set() for _ in docs]
    sources: list[set[str]] = [set() for _ in docs]
    for fb in blocks:
        copied[fb.a] |= fb.passages
        sources[fb.a].add(docs[fb.b].file)
        if fb.record.kind == "self_repeat":
            repeated[fb.a] |= fb.passages
    reports = []
    for r, d in enumerate(docs):
        # each counted passage's size once, from plain lists: numpy scalars one at a time were most of it
        bounds = d.bounds.tolist()
        counted = [i for i, ok in enumerate(d.eligible.tolist()) if ok and i not in commonplace[r]]
        size = {i: _content(d.forms[bounds[i]:bounds[i + 1]]) for i in counted}
        denom = sum(size.values())
        got = sum(size[i] for i in counted if i in copied[r])
        stick: dict[str, float] = {}
        items: list[str] = []
        for key in sticky:
            own = [i for i in counted if d.sections[i] == key]
            if not own:
                continue
            total = sum(size[i] for i in own)
            rep = [i for i in own if i in repeated[r]]
            stick[key] = round(sum(size[i] for i in rep) / total, 4) if total else 0.0
            for i in rep:
                label = d.items[i] or ""
                snippet = d.text[int(d.starts[i]):int(d.ends[i])] if d.text is not None else d.form(i)
                items.append(f"{label}{snippet[:40]}" if not snippet.startswith(label) else snippet[:40])
        reports.append(ReportReuse(
            d.file, d.ident.agency, d.ident.year, round(1 - got / denom, 4) if denom else 1.0, denom, got,
            int(np.sum(d.template)), len(commonplace[r]), tuple(sorted(sources[r])), stick, tuple(items)))
    return ReuseResult(tuple(fb.record for fb in blocks), tuple(reports), stats)
