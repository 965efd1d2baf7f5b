"""Tables drawn without rules: runs of lines whose numbers stand in aligned columns.

A statistics table exported without borders prints each row as its label followed by numbers at fixed
x-positions, the numbers kept apart by gaps no justified text has.  We turn such a run into a table of
one label column and one column per number position, so the table stage reads it like a ruled one.
Conservative on purpose: at least three rows with two or more numbers each, every row's numbers
falling in distinct columns; anything less stays text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from auditor.ingest.normalize import normalize_chars
from auditor.ingest.pdf_lines import (
    Line,
    ends_sentence,
    is_heading_start,
    join_lines,
    segments,
)
from auditor.ingest.pdf_tables import RawCell, RawTable

# A number cell, or a mark standing for an empty one (— / ／).
_NUMBER = re.compile(r"^(?:[-+]?\d[\d,，]*(?:[.．]\d+)?%?|[—–\-/／]+)$")
_MIN_ROWS = 3
_MAX_GAP_LINES = 2  # label lines wrapped between two number rows
_MAX_HEADER_LINES = 4

Segment = tuple[float, float, str]


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(normalize_chars(text)))


def split_unruled(lines: Sequence[Line], page: int) -> list[Line | RawTable]:
    """The lines in order, with each run that forms a table without rules replaced by that table."""
    segs = [segments(ln) for ln in lines]
    numbers = [[s for s in ss if _is_number(s[2])] for ss in segs]
    # a row: a label and two numbers or more, or three numbers or more (a label may sit on another line)
    is_row = [(len(n) >= 2 and len(ss) > len(n)) or len(n) >= 3 for n, ss in zip(numbers, segs, strict=True)]
    out: list[Line | RawTable] = []
    i = 0
    while i < len(lines):
        if not is_row[i]:
            out.append(lines[i])
            i += 1
            continue
        rows, k = [i], i + 1
        while k < len(lines) and k - rows[-1] <= _MAX_GAP_LINES + 1:
            if is_row[k]:
                rows.append(k)
            elif ends_sentence(lines[k].text) and len(lines[k].text) > 20:
                break  # prose: the table is over
            k += 1
        end = rows[-1] + 1
        header = _header_start(lines, out, i)
        table = _build(lines, segs, numbers, header, i, end, rows, page) if len(rows) >= _MIN_ROWS else None
        if table is None:
            out.extend(lines[i:end])
        else:
            del out[len(out) - (i - header):]  # the header lines now live in the table
            out.append(table)
        i = end
    return out


def _header_start(lines: Sequence[Line], before: list[Line | RawTable], first: int) -> int:
    """Index of the first column-header line above the first number row (still plain lines in ``before``)."""
    count = 0
    while count < _MAX_HEADER_LINES and count < len(before) and first - 1 - count >= 0:
        line = lines[first - 1 - count]
        if before[-1 - count] is not line:
            break
        if is_heading_start(line.text) or ends_sentence(line.text) or len(segments(line)) < 2:
            break
        count += 1
    return first - count


def _columns(numbers: list[list[Segment]], rows: list[int], size: float) -> list[tuple[float, float]] | None:
    """x-ranges of the number columns, or None when the rows' numbers do not line up."""
    spans: list[tuple[float, float]] = []
    for seg in sorted((s for r in rows for s in numbers[r]), key=lambda s: (s[0] + s[1]) / 2):
        x0, x1 = seg[0], seg[1]
        if spans and x0 <= spans[-1][1] + 0.5 * size:
            spans[-1] = (spans[-1][0], max(spans[-1][1], x1))
        else:
            spans.append((x0, x1))
    for r in rows:
        hit = [_column_of(spans, s) for s in numbers[r]]
        if len(set(hit)) != len(hit) or None in hit:
            return None  # two numbers of one row in one column: not a grid
    return spans


def _column_of(spans: list[tuple[float, float]], seg: Segment) -> int | None:
    centre = (seg[0] + seg[1]) / 2
    for k, (x0, x1) in enumerate(spans):
        if x0 - 1 <= centre <= x1 + 1:
            return k
    return None


def _nearest(spans: list[tuple[float, float]], seg: Segment) -> int:
    centre = (seg[0] + seg[1]) / 2
    return min(range(len(spans)), key=lambda k: abs((spans[k][0] + spans[k][1]) / 2 - centre))


def _build(lines: Sequence[Line], segs: list[list[Segment]], numbers: list[list[Segment]], header: int,
           first: int, end: int, rows: list[int], page: int) -> RawTable | None:
    size = sorted(ln.size for ln in lines[first:end])[(end - first) // 2]
    spans = _columns(numbers, rows, size)
    if spans is None or len(spans) < 2:
        return None
    label_right = spans[0][0] - 1
    # A label line without numbers that starts like a label (（三）, 1.) opens the next row's label;
    # any other continues the row above (a label wrapped in its cell). Header lines form one row.
    owner: dict[int, int] = {}
    for m in range(first, end):
        if m in rows:
            owner[m] = m
        elif is_heading_start(lines[m].text):
            owner[m] = min(r for r in rows if r > m)
        else:
            owner[m] = max(r for r in rows if r < m)
    groups: list[list[int]] = ([list(range(header, first))] if header < first else [])
    groups += [[m for m in range(first, end) if owner[m] == r] for r in rows]
    n_cols = 1 + len(spans)
    xs = [min(ln.x0 for ln in lines[header:end]) - 1, label_right]
    xs += [(spans[k][1] + spans[k + 1][0]) / 2 for k in range(len(spans) - 1)] + [spans[-1][1] + 1]
    cells: list[RawCell] = []
    bounds = [(min(lines[m].top for m in g), max(lines[m].bottom for m in g)) for g in groups]
    ys = [bounds[0][0]] + [(bounds[k][1] + bounds[k + 1][0]) / 2 for k in range(len(bounds) - 1)] + [bounds[-1][1]]
    for g, (top, bottom) in zip(groups, itertools.pairwise(ys), strict=True):
        texts: list[list[Line]] = [[] for _ in range(n_cols)]
        for m in g:
            for seg in segs[m]:
                # left of the first number column: the label; else the number column it stands over
                k = 0 if seg[1] <= label_right + 1 else 1 + _nearest(spans, seg)
                texts[k].append(Line(text=seg[2], x0=seg[0], x1=seg[1], top=lines[m].top,
                                     bottom=lines[m].bottom, size=lines[m].size))
        for k in range(n_cols):
            cells.append(RawCell(x0=xs[k], top=top, x1=xs[k + 1], bottom=bottom, text=join_lines(texts[k]),
                                 page=page))
    return RawTable(cells=cells, pages=(page,), top=ys[0], bottom=ys[-1], x0=xs[0], x1=xs[-1])

