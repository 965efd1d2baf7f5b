"""Where :mod:`auditor.narrative.sentences` cuts a text, found from character classes.

The cut patterns' regex scan tried a match at every position of the text; here the positions a match can
start at come from one table lookup per character, and the patterns run there alone — the same cuts,
in a third of the instructions.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

import numpy as np

from auditor.narrative.charclass import codepoints
from auditor.narrative.sentences import _ENUM

# The character classes the cuts are found from: _END's marks and closers, newlines, the characters an _ENUM
# match can start at, and those its look-behind accepts before one (whitespace: all of it in the BMP).
_MARK, _CLOSER, _NEWLINE, _ENUM_FIRST, _ENUM_AFTER = 1, 2, 4, 8, 16
_BMP = 0x10000


@cache
def _classes() -> np.ndarray:
    table = np.zeros(_BMP + 1, dtype=np.uint8)  # the last entry stands for every astral character
    for chars, bit in (("。！？!?；;", _MARK), ("”’」』）)", _CLOSER), ("\n", _NEWLINE),
                       ("一二三四五六七八九十第（(0123456789", _ENUM_FIRST), ("，,：:。；;！？", _ENUM_AFTER)):
        table[[ord(c) for c in chars]] |= bit
    table[[c for c in range(_BMP) if chr(c).isspace()]] |= _ENUM_AFTER
    return table


def _end_cuts(cls: np.ndarray) -> tuple[list[int], list[int]]:
    """Where ``_END``'s matches end, from the characters' classes (``finditer``'s non-overlapping matches:
    a run of marks and the closers right after it, or a run of newlines), and each one's last mark or
    newline."""
    run = cls & (_MARK | _NEWLINE)
    last = np.flatnonzero(run & ~np.append(run[1:], 0))  # a run's last mark / newline
    lasts = last.tolist()
    out = []
    for i, kind in zip(lasts, run[last].tolist(), strict=True):
        if kind == _MARK:  # closers right after the marks belong to the match (rare: walk them)
            while i + 1 < len(cls) and cls[i + 1] & _CLOSER:
                i += 1
        out.append(i + 1)
    return out, lasts


def _found(text: str, start: int, end: int) -> tuple[list[int], list[int], list[int]]:
    """The ends of ``_END``'s matches in ``text[start:end]``, each one's last mark or newline, and the
    positions an ``_ENUM`` match can start at there (its first character, after a boundary), ascending."""
    lead = 1 if start > 0 else 0  # _ENUM's look-behind sees the character before ``start``
    cls = _classes()[np.minimum(codepoints(text[start - lead : end]), _BMP)]
    ends, lasts = _end_cuts(cls[lead:])
    # _ENUM matches empty, after a boundary character or at the text's very start ("^": lead is 0 there)
    after = np.ones(len(cls) - lead, dtype=bool)
    after[1 - lead :] = (cls[: len(cls) - 1] & _ENUM_AFTER).astype(bool)
    cand = np.flatnonzero(after & (cls[lead:] & _ENUM_FIRST).astype(bool)) + start
    return [start + c for c in ends], [start + i for i in lasts], cand.tolist()


def cuts(text: str, start: int, end: int) -> list[int]:
    """The ends of ``_END``'s matches and the starts of ``_ENUM``'s in ``text[start:end]``, as
    ``finditer(text, start, end)`` finds them."""
    if end <= start:
        return []
    found, _, cand = _found(text, start, end)
    found += [p for p in cand if _ENUM.match(text, p, end)]
    return found


class Cuts:
    """:func:`cuts` of any range inside ``text[lo:hi]``, from one pass over it: a report's sections are
    split with one set of array operations instead of one set per section.

    A range's cuts are the hull's of the runs whose last mark or newline lies inside it.  Such a run has
    the same last mark in the range as in the hull, and the same end, unless the run or its closers reach
    the range's end: a cut at or past ``end``, which changes no span.  An enumerator's look-behind sees
    the same character before it; only ``_ENUM``'s look-ahead can see past the range's end, so each
    candidate is matched against the range as :func:`cuts` matches it."""

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        self._ends, self._lasts, self._enums = _found(text, lo, hi) if lo < hi else ([], [], [])

    def within(self, start: int, end: int) -> list[int]:
        """The cuts of ``text[start:end]`` strictly inside it, ascending (``lo <= start``, ``end <= hi``):
        :func:`cuts` less those at ``end``, which a split ignores."""
        if end <= start:
            return []
        if not self.lo <= start < end <= self.hi:
            raise ValueError(f"[{start}, {end}) does not lie inside [{self.lo}, {self.hi})")
        ends, enums = self._ends, self._enums
        # both ascend together: closers never reach the next run
        found = ends[bisect_left(self._lasts, start) : bisect_left(ends, end)]
        found += [p for p in enums[bisect_right(enums, start) : bisect_left(enums, end)]
                  if _ENUM.match(self.text, p, end)]
        return sorted(found)
