"""Where :mod:`auditor.narrative.sentences` cuts a text, found from character classes.

The cut patterns' regex scan tried a match at every position of the text; here the positions a match can
start at come from one table lookup per character, and the patterns run there alone — the same cuts,
in a third of the instructions.
"""

from __future__ import annotations

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


def _end_cuts(cls: np.ndarray) -> list[int]:
    """Where ``_END``'s matches end, from the characters' classes (``finditer``'s non-overlapping matches:
    a run of marks and the closers right after it, or a run of newlines)."""
    run = cls & (_MARK | _NEWLINE)
    last = np.flatnonzero(run & ~np.append(run[1:], 0))  # a run's last mark / newline
    out = []
    for i, kind in zip(last.tolist(), run[last].tolist(), strict=True):
        if kind == _MARK:  # closers right after the marks belong to the match (rare: walk them)
            while i + 1 < len(cls) and cls[i + 1] & _CLOSER:
                i += 1
        out.append(i + 1)
    return out


def cuts(text: str, start: int, end: int) -> list[int]:
    """The ends of ``_END``'s matches and the starts of ``_ENUM``'s in ``text[start:end]``, as
    ``finditer(text, start, end)`` finds them."""
    if end <= start:
        return []
    lead = 1 if start > 0 else 0  # _ENUM's look-behind sees the character before ``start``
    cls = _classes()[np.minimum(codepoints(text[start - lead : end]), _BMP)]
    found = [start + c for c in _end_cuts(cls[lead:])]
    # _ENUM matches empty, after a boundary character or at the text's very start ("^": lead is 0 there)
    after = np.ones(len(cls) - lead, dtype=bool)
    after[1 - lead :] = (cls[: len(cls) - 1] & _ENUM_AFTER).astype(bool)
    cand = np.flatnonzero(after & (cls[lead:] & _ENUM_FIRST).astype(bool)) + start
    found += [p for p in cand.tolist() if _ENUM.match(text, p, end)]
    return found
