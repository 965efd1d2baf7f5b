"""Building a Document's text from paragraphs and table grids, keeping every offset.

Every reader (HTML, PDF, DOCX) produces a sequence of blocks — paragraphs and tables — in reading order
and hands them to :class:`TextBuilder`.  Tables become one line per grid row with cells joined by
`` | ``, so the structure stage sees table text in row-major order and every ``GridCell`` knows where its
text is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.ingest.normalize import normalize_chars
from auditor.model import Document, Finding, GridCell, Table, new_grid_cell

CELL_SEP = " | "


@dataclass
class SourceCell:
    """A cell as a reader found it, before span expansion."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None


def expand_spans(rows: Sequence[Sequence[SourceCell]]) -> list[list[tuple[str, tuple[int, int], int | None]]]:
    """Rowspan/colspan → a rectangular grid of (text, origin, page); covered slots repeat the origin's text."""
    # one list of slots per row (None: not taken yet); a rowspan may reach below the last row
    grid: list[list[tuple[str, tuple[int, int], int | None] | None]] = [[] for _ in rows]
    n_cols = 0
    for r, row in enumerate(rows):
        line = grid[r]
        c = 0
        for cell in row:
            while c < len(line) and line[c] is not None:  # skip slots a span from above took
                c += 1
            value = (cell.text, (r, c), cell.page)
            rs, cs = cell.rowspan, cell.colspan
            if rs == 1 and cs == 1:  # most cells: slot c is free or just past the end (c <= len(line))
                if c < len(line):
                    line[c] = value
                else:
                    line.append(value)
            else:
                rs, cs = max(1, min(rs, 500)), max(1, min(cs, 100))
                grid.extend([] for _ in range(r + rs - len(grid)))
                for target in grid[r:r + rs]:
                    target.extend([None] * (c + cs - len(target)))  # (nothing when long enough)
                    for dc in range(c, c + cs):
                        if target[dc] is None:  # an earlier span keeps a slot it covers
                            target[dc] = value
            c += cs
            n_cols = max(n_cols, c)
    # every stored value is a non-empty tuple: `or` builds the empty slot only where one is missing
    return [[slot or ("", (r, c), None) for c, slot in enumerate(line)]
            + [("", (r, c), None) for c in range(len(line), n_cols)] for r, line in enumerate(grid)]


@dataclass
class TextBuilder:
    """Accumulates text and tables; :meth:`document` returns the finished :class:`Document`."""

    path: str
    format: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    tables: list[Table] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def _emit(self, s: str) -> int:
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        return start

    def new_page(self) -> None:
        self.pages.append(self.length)

    def add_paragraph(self, text: str) -> tuple[int, int]:
        text = text.strip("\n")
        if not text.strip():
            return self.length, self.length
        start = self._emit(text)
        self._emit("\n")
        return start, start + len(text)

    def add_table(self, rows: Sequence[Sequence[SourceCell]], pages: tuple[int, ...] = ()) -> Table:
        grid = expand_spans(rows)
        start = self.length
        # _emit inlined (parts and length kept by hand): a method call per cell and separator is a third
        # of this loop's cost on a statistics table of hundreds of cells
        parts, pos, sep_len = self.parts, start, len(CELL_SEP)
        out_rows: list[tuple[GridCell, ...]] = []
        # each origin's flattened text and span, written where its slot comes first; covered slots point there
        written: dict[tuple[int, int], tuple[str, int, int]] = {}
        for r, row in enumerate(grid):
            cells = []
            for c, (text, origin, page) in enumerate(row):
                if c:
                    parts.append(CELL_SEP)
                    pos += sep_len
                known = written.get(origin)
                if known is None or origin == (r, c):
                    flat = " ".join(text.split())
                    parts.append(flat)
                    cell_start, pos = pos, pos + len(flat)
                    if known is None:
                        written[origin] = (flat, cell_start, pos)
                    # GridCell(row, col, text, start, end, origin, page) without the frozen __init__'s
                    # object.__setattr__ per field
                    cells.append(new_grid_cell(r, c, flat, cell_start, pos, origin, page))
                else:  # covered slot: write nothing, point at the origin's text
                    flat, cell_start, cell_end = known
                    cells.append(new_grid_cell(r, c, flat, cell_start, cell_end, origin, page))
            parts.append("\n")
            pos += 1
            out_rows.append(tuple(cells))
        self.length = pos
        table = Table(index=len(self.tables), rows=tuple(out_rows), start=start, end=self.length,
                      pages=pages, source=self.format)
        self.tables.append(table)
        return table

    def document(self, meta: dict[str, Any] | None = None) -> Document:
        original = "".join(self.parts)
        return Document(path=self.path, format=self.format, text=normalize_chars(original), original=original,  # type: ignore[arg-type]
                        tables=tuple(self.tables), meta=meta or {}, pages=tuple(self.pages),
                        findings=tuple(self.findings))
