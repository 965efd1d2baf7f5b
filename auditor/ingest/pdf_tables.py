"""PDF tables: find the ruled tables a reader sees, turn them into span-aware grids, stitch page breaks.

Three things real report PDFs do that pdfplumber's defaults get wrong:

* WPS draws an invisible white, unstroked rectangle behind every text line.  pdfplumber counts their
  edges as rules and reports whole pages of narrative as one-column "tables".  We look for tables
  only among *visible* graphics (stroked, or filled with a non-white colour).
* A table cut by a page break has no bottom rule on the first page and no top rule on the next; the
  vertical rules still end there, so we close the table with a rule joining their ends.
* A table continued on the next page is one table: the pieces are joined when their column
  boundaries agree, a repeated header is dropped, and a label cut by the break (``（四）无`` /
  ``法提供``) is joined back into one cell.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from auditor.ingest.layout import SourceCell

# Coordinates closer than this (points) are the same rule: WPS rules drift by a point or two.
_SNAP = 2.5
# Column boundaries of two pieces of one table may drift this much across a page break.
_STITCH_TOL = 4.0
_OUTER_TOL = 7.0

_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:[.．]\d+)?%?$")
# A label that starts a row of its own (（一） 1. 一、) never continues a label cut by a page break.
_ENUMERATOR = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、]|[一二三四五六七八九十]+[、．.])")


@dataclass(slots=True)
class RawCell:
    """One visual cell: its box (in the stitched table's coordinates), its text and its page."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    page: int


@dataclass(slots=True)
class RawTable:
    """A table before span expansion; ``bottom`` is in the coordinates of its cells."""

    cells: list[RawCell]
    pages: tuple[int, ...]
    top: float  # on its first page, for ordering among the page's text lines
    bottom: float  # of its last piece, on its last page
    x0: float
    x1: float
    _grid: list[list[RawCell | None]] | None = field(default=None, repr=False)

    @property
    def first_page(self) -> int:
        return self.pages[0]


# ---------------------------------------------------------------------------------------- visibility
def _is_white(colour: Any) -> bool:
    if colour is None:
        return False
    if isinstance(colour, int | float):
        colour = (colour,)
    try:
        values = tuple(float(v) for v in colour)
    except (TypeError, ValueError):  # pattern colours and the like: treat as visible
        return False
    if len(values) == 1:
        return values[0] >= 0.95
    if len(values) == 3:
        return min(values) >= 0.95
    if len(values) == 4:  # CMYK: white is no ink
        return max(values) <= 0.05
    return False


def is_visible_graphic(obj: dict[str, Any]) -> bool:
    """Keep text and every graphic a reader can see; drop white fills without a stroke."""
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
        return True
    return bool(obj.get("fill") and not _is_white(obj.get("non_stroking_color")))


def _closing_rules(edges: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal rules joining the ends of vertical rules that stop at the same height (page breaks)."""
    verticals = [e for e in edges if e.get("orientation") == "v" and e["bottom"] - e["top"] > 5]
    rules: list[dict[str, Any]] = []
    for key in ("top", "bottom"):
        ends: dict[int, list[dict[str, Any]]] = {}
        for e in verticals:
            ends.setdefault(round(e[key] / _SNAP), []).append(e)
        for group in ends.values():
            if len(group) < 2:
                continue
            y = sum(e[key] for e in group) / len(group)
            x0 = min(e["x0"] for e in group)
            x1 = max(e["x1"] for e in group)
            rules.append({"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y,
                          "width": x1 - x0, "height": 0.0})
    return rules


# ---------------------------------------------------------------------------------------- finding
def find_tables(page: Any, page_no: int) -> list[RawTable]:
    """Ruled tables on a pdfplumber page that hold real tabular content, top to bottom."""
    visible = page.filter(is_visible_graphic)
    return tables_from(visible.edges, visible.chars, page_no)


def tables_from(edges: list[dict[str, Any]], chars: Sequence[dict[str, Any]], page_no: int) -> list[RawTable]:
    """Ruled tables from a page's visible edges (pdfplumber's edge format) and its characters.

    pdfplumber's own table finder, step by step, so that edges from either PDF reader can feed it.
    """
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges

    edges = [e for e in edges if e["x1"] - e["x0"] >= 1 or e["bottom"] - e["top"] >= 1]
    if len(edges) < 4:  # no ruled table can be made of fewer rules
        return []
    edges = edges + _closing_rules(edges)
    edges = filter_edges(merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP), min_length=3)
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    text_chars = [c for c in chars if not c["text"].isspace()]
    tables = []
    for group in cells_to_tables(cells):
        raw_cells = [_cell(bbox, page_no) for bbox in group]
        _fill_text(raw_cells, text_chars)
        x0 = min(c.x0 for c in raw_cells)
        x1 = max(c.x1 for c in raw_cells)
        top = min(c.top for c in raw_cells)
        bottom = max(c.bottom for c in raw_cells)
        table = RawTable(cells=raw_cells, pages=(page_no,), top=top, bottom=bottom, x0=x0, x1=x1)
        if is_real_table(table):
            tables.append(table)
    tables.sort(key=lambda t: t.top)
    return tables


def _cell(bbox: Sequence[float], page_no: int) -> RawCell:
    x0, top, x1, bottom = bbox
    return RawCell(x0=x0, top=top, x1=x1, bottom=bottom, text="", page=page_no)


def _fill_text(cells: list[RawCell], chars: Sequence[dict[str, Any]]) -> None:
    """Give every cell the text whose centre lies in it, lines joined in reading order."""
    if not cells:
        return
    from auditor.ingest.pdf_lines import chars_to_lines, join_lines

    xs = sorted({c.x0 for c in cells} | {c.x1 for c in cells})
    ys = sorted({c.top for c in cells} | {c.bottom for c in cells})
    slot: dict[tuple[int, int], int] = {}
    for i, c in enumerate(cells):
        for xi in range(bisect.bisect_left(xs, c.x0), bisect.bisect_left(xs, c.x1)):
            for yi in range(bisect.bisect_left(ys, c.top), bisect.bisect_left(ys, c.bottom)):
                slot[(xi, yi)] = i
    owned: dict[int, list[dict[str, Any]]] = {}
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            continue
        key = (bisect.bisect_right(xs, cx) - 1, bisect.bisect_right(ys, cy) - 1)
        if key in slot:
            owned.setdefault(slot[key], []).append(ch)
    for i, cs in owned.items():
        cells[i].text = join_lines(chars_to_lines(cs))


def is_real_table(table: RawTable) -> bool:
    """At least two rows with two or more filled cells side by side.

    A page frame or a boxed paragraph is a one-column "table"; a real statistics table has label and
    value columns in several rows.
    """
    rows = 0
    for row in grid(table):
        filled = {id(c) for c in row if c is not None and c.text.strip()}
        if len(filled) >= 2:
            rows += 1
            if rows >= 2:
                return True
    return False


# ---------------------------------------------------------------------------------------- grids
def _cluster(values: Iterable[float], tol: float = _SNAP) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    i = bisect.bisect_left(bounds, v - _SNAP)
    return min(i, len(bounds) - 1)


def boundaries(table: RawTable) -> tuple[list[float], list[float]]:
    xs = _cluster([c.x0 for c in table.cells] + [c.x1 for c in table.cells])
    ys = _cluster([c.top for c in table.cells] + [c.bottom for c in table.cells])
    return xs, ys


def grid(table: RawTable) -> list[list[RawCell | None]]:
    """Slots (row, column) → the cell covering them (None where no cell was drawn)."""
    if table._grid is not None:
        return table._grid
    xs, ys = boundaries(table)
    out: list[list[RawCell | None]] = [[None] * max(len(xs) - 1, 0) for _ in range(max(len(ys) - 1, 0))]
    for c in table.cells:
        c0, c1 = _index(xs, c.x0), _index(xs, c.x1)
        r0, r1 = _index(ys, c.top), _index(ys, c.bottom)
        for r in range(r0, max(r1, r0 + 1)):
            for k in range(c0, max(c1, c0 + 1)):
                if r < len(out) and k < len(out[r]) and out[r][k] is None:
                    out[r][k] = c
    table._grid = out
    return out


def source_rows(table: RawTable) -> list[list[SourceCell]]:
    """Rows of :class:`SourceCell` in the HTML convention :func:`expand_spans` expects.

    Each cell is listed once, in the row where it starts, with its rowspan and colspan; a slot no
    cell covers gets an empty cell so that every later cell lands in its own column.
    """
    g = grid(table)
    done: set[int] = set()
    rows: list[list[SourceCell]] = []
    for r, row in enumerate(g):
        out: list[SourceCell] = []
        for c, cell in enumerate(row):
            if cell is None:
                out.append(SourceCell(text=""))
                continue
            if id(cell) in done:
                continue  # a span from the left or from above covers this slot
            done.add(id(cell))
            rowspan = 1
            while r + rowspan < len(g) and g[r + rowspan][c] is cell:
                rowspan += 1
            colspan = 1
            while c + colspan < len(row) and row[c + colspan] is cell:
                colspan += 1
            out.append(SourceCell(text=cell.text, rowspan=rowspan, colspan=colspan, page=cell.page))
        rows.append(out)
    return rows


def row_texts(table: RawTable, r: int) -> tuple[str, ...]:
    return tuple("" if c is None else _squash(c.text) for c in grid(table)[r])


def _squash(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------------------------- stitching
def _snap_map(a: list[float], b: list[float]) -> dict[float, float] | None:
    """How B's column boundaries map onto A's, or None when the two are not one table.

    B's boundaries must each lie on one of A's (B may merge A's columns, as t2's blocks do) or the
    other way round; the outer edges may drift a little more (WPS re-lays each page).
    """
    if len(a) < 2 or len(b) < 2:
        return None
    if abs(a[0] - b[0]) > _OUTER_TOL or abs(a[-1] - b[-1]) > _OUTER_TOL:
        return None
    mapping = {b[0]: a[0], b[-1]: a[-1]}
    inner_b, inner_a = b[1:-1], a[1:-1]
    near = [min(inner_a, key=lambda x, v=v: abs(x - v)) if inner_a else None for v in inner_b]
    if all(n is not None and abs(n - v) <= _STITCH_TOL for n, v in zip(near, inner_b, strict=True)):
        for v, n in zip(inner_b, near, strict=True):
            mapping[v] = n  # type: ignore[assignment]
        return mapping
    # A merges B's columns: only the same set of boundaries in the other direction counts.
    if inner_a and all(any(abs(x - v) <= _STITCH_TOL for v in inner_b) for x in inner_a):
        for v in inner_b:
            mapping[v] = v
        return mapping
    return None


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(_squash(text)))


def stitch(a: RawTable, b: RawTable) -> RawTable | None:
    """A followed on the next page by B, joined into one table; None when B is another table."""
    if b.first_page != a.pages[-1] + 1:
        return None
    xa, _ = boundaries(a)
    xb, _ = boundaries(b)
    mapping = _snap_map(xa, xb)
    if mapping is None:
        return None

    def snap(x: float) -> float:
        for k, v in mapping.items():
            if abs(k - x) <= _SNAP:
                return v
        return x

    b_grid = grid(b)
    # Drop B's rows that repeat A's header rows.
    skip = 0
    while skip < len(b_grid) and skip < len(grid(a)) - 1 and row_texts(b, skip) == row_texts(a, skip) \
            and any(row_texts(b, skip)):
        skip += 1
    _, yb = boundaries(b)
    cut = yb[skip] if skip < len(yb) else b.bottom
    offset = a.bottom - cut
    mine = {id(c): replace(c) for c in a.cells}  # copies: A itself stays as it was
    moved = {id(c): replace(c, x0=snap(c.x0), x1=snap(c.x1), top=c.top + offset, bottom=c.bottom + offset)
             for c in b.cells if c.bottom > cut + _SNAP}  # cells above the cut repeat A's header
    # Join the cells cut by the page break: B's first-row cell continues A's last-row cell above it.
    if skip < len(b_grid):
        above = [mine[id(c)] if c is not None else None for c in grid(a)[-1]]
        below = [moved.get(id(c)) if c is not None else None for c in b_grid[skip]]
        whole_row = _is_split_row(above, below)
        merged: set[int] = set()
        for ac, nc in zip(above, below, strict=False):
            if nc is None or ac is None or id(nc) in merged:
                continue
            if abs(ac.x0 - nc.x0) > _SNAP or abs(ac.x1 - nc.x1) > _SNAP:
                continue  # not the same column span: two different cells
            if whole_row or _continues(ac.text, nc.text):
                ac.bottom = nc.bottom
                ac.text = ac.text + nc.text
                merged.add(id(nc))
        moved = {k: c for k, c in moved.items() if id(c) not in merged}
    return RawTable(cells=list(mine.values()) + list(moved.values()), pages=a.pages + b.pages, top=a.top,
                    bottom=b.bottom + offset, x0=a.x0, x1=a.x1)


def _continues(above: str, below: str) -> bool:
    """B's first-row label carries on A's last label: blank (a row span) or a fragment that is no new label."""
    if _is_number(above):
        return False
    below = _squash(below)
    if not below:
        return bool(_squash(above))
    return not _is_number(below) and not _ENUMERATOR.match(below)


def _is_split_row(above: Sequence[RawCell | None], below: Sequence[RawCell | None]) -> bool:
    """A whole row cut in two: B's first row has text but no number and no new label of its own."""
    texts = [_squash(c.text) for c in below if c is not None]
    if not any(texts) or any(_is_number(t) or _ENUMERATOR.match(t) for t in texts):
        return False
    return any(c is not None and _is_number(c.text) for c in above)
