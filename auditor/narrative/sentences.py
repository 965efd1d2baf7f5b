"""Sentence and enumerated-item splitting with offsets.

Reports run enumerations inside one sentence ("一是…；二是…。"), so we split at 。！？； and also before
an enumerator (一是 / 二是 …, （一） …, 1. / 1、 at a clause start) — the unit the labelling rubric uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

# Sentence ends, possibly followed by a closing quote or bracket.
_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|\n+")
# Enumerators that start a new unit when they follow a clause boundary or a line start.
_ENUM = re.compile(
    r"(?:(?<=[，,：:。；;！？\s])|^)"
    r"(?=(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，,、]|"
    r"[（(][一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}[\.．、](?![0-9])))"
)
_MIN_CHARS = 2


def _spans(text: str, start: int, end: int, cuts: list[int]) -> Iterator[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between the ascending ``cuts``, whitespace trimmed."""
    pos = start
    for cut in [*cuts, end]:
        if cut <= pos or cut > end:
            continue
        s, e = pos, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= _MIN_CHARS:
            yield s, e
        pos = cut


def split_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each sentence in ``text[start:end]``, whitespace trimmed."""
    # numpy loads with the first split, not with the package (the structure stage imports this module)
    from auditor.narrative.boundaries import cuts

    end = len(text) if end is None else end
    return _spans(text, start, end, sorted(set(cuts(text, start, end))))


def split_ranges(text: str, ranges: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """``list(split_spans(text, start, end))`` for each (start, end) of ``ranges``, finding the cuts of
    all of them in one pass over the text they span."""
    from auditor.narrative.boundaries import Cuts

    inside = [(s, e) for s, e in ranges if e > s]
    if not inside or any(s < 0 or e > len(text) for s, e in inside):
        return [list(split_spans(text, s, e)) for s, e in ranges]
    found = Cuts(text, min(s for s, _ in inside), max(e for _, e in inside))
    return [list(_spans(text, s, e, found.within(s, e))) for s, e in ranges]


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, text) for every sentence of ``text[start:end]``."""
    return [(s, e, text[s:e]) for s, e in split_spans(text, start, end)]
