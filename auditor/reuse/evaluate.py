"""Span recall and precision of reported blocks against planted copies (synthetic ground truth).

Characters are counted on interval unions per file.  ``recall``: planted target characters covered by a
reported span.  ``precision``: reported characters that lie in planted text.  With ``targets`` given,
only blocks touching a target report are scored and only their target side (the other side may be a
real report whose text really repeats the source, which is not an error); otherwise both sides of every
block are scored against planted target and source spans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from auditor.reuse.records import ReuseResult
from auditor.reuse.synth import Planted


def _union(iv: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(iv):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _length(iv: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in iv)


def _inter(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    i = j = total = 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, e - s)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def span_scores(result: ReuseResult, planted: Iterable[Planted], targets: set[str] | None = None) -> dict[str, float]:
    truth_t: dict[str, list[tuple[int, int]]] = defaultdict(list)
    truth_any: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p in planted:
        truth_t[p.target].append((p.t_start, p.t_end))
        truth_any[p.target].append((p.t_start, p.t_end))
        truth_any[p.source].append((p.s_start, p.s_end))
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    scored: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for b in result.blocks:
        for side in (b.a, b.b):
            found[side.file].append((side.start, side.end))
            if targets is None or side.file in targets:
                scored[side.file].append((side.start, side.end))
    if targets is not None:
        scored = defaultdict(list, {f: v for f, v in scored.items()})
    planted_chars = covered = reported = correct = 0
    for f, iv in truth_t.items():
        u = _union(iv)
        planted_chars += _length(u)
        covered += _inter(u, _union(found.get(f, [])))
    for f, iv in scored.items():
        u = _union(iv)
        reported += _length(u)
        correct += _inter(u, _union(truth_any.get(f, [])))
    return {"recall": covered / planted_chars if planted_chars else 1.0,
            "precision": correct / reported if reported else 1.0,
            "planted_chars": planted_chars, "reported_chars": reported}
