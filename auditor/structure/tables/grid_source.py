"""Tables from source grids (HTML, PDF, DOCX readers): columns by their header labels, rows by label.

A report's table may be split over several grids (t2 as one grid per block, t3 continued on the next
page with or without its header).  Each grid is classified by its own labels; a t3 continuation without
header rows takes the column map of the t3 grid before it when the widths agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from auditor.model import GridCell, Table
from auditor.structure.tables.fused import Piece
from auditor.structure.tables.keys import Block, template_keys
from auditor.structure.tables.labels import compact_text, core, label_data, label_items, whole_labels
from auditor.structure.tables.observed import RowObs, TableObs
from auditor.structure.tables.values import is_null, parse_value

_BLOCK_NO = {"一": "art20_1", "五": "art20_5", "六": "art20_6", "八": "art20_8", "九": "art20_9"}


@lru_cache(maxsize=8192)
def _is_value(text: str) -> bool:
    # cached per distinct cell text: every cell is asked several times (header rows, _rows, _t2)
    return bool(text.strip()) and parse_value(text).status == "ok"


def _kind(table: Table) -> str | None:
    cs = compact_text(" ".join([c.text for r in table.rows for c in r]))
    if re.search(label_data()["t2_block_anchor"], cs):
        return "t2"
    if "申请人情况" in cs or "本年新收" in cs or "自然人" in cs:
        return "t3"
    if "结果维持" in cs and ("行政复议" in cs or "复议后起诉" in cs):
        return "t4"
    if any(k in cs for k in ("不予处理", "无法提供", "结转下年度", "不予公开", "其他处理")):
        return "t3+"  # a continuation of t3 without its header
    return None


def _piece(cell: GridCell, table: int) -> Piece:
    text = cell.text.strip()
    return Piece(text, cell.start, cell.end, _is_value(text), None, (cell.page, table, cell.row, cell.col))


@lru_cache(maxsize=8192)
def _is_reading(text: str) -> bool:
    """A value or a null token: what makes a grid row a row of the table (cached per cell text)."""
    return _is_value(text) or is_null(text)


def _label_row(row: tuple[GridCell, ...], value_cols: set[int]) -> tuple[str, int, int]:
    seen: list[GridCell] = []
    for c in row:
        if c.col in value_cols or not c.text.strip() or any(s.text == c.text for s in seen):
            continue
        seen.append(c)
    if not seen:
        return "", row[0].start if row else 0, row[0].end if row else 0
    # A cell covered by a rowspan carries its origin's offsets, which may lie before an earlier column's
    # own label (a broken page's span reaching past its block): the row's span is the hull of its labels.
    return " ".join(c.text for c in seen), min(c.start for c in seen), max(c.end for c in seen)


def _header_rows(table: Table) -> int:
    n = 0
    for row in table.rows:
        if any(_is_value(c.text) for c in row):
            break
        n += 1
    return n


def _column_map(rows: list[tuple[GridCell, ...]], labels: dict[str, tuple[str, ...]]) -> dict[int, str]:
    """Grid column → key, from the header texts stacked above it (deepest label that matches)."""
    out: dict[int, str] = {}
    whole = whole_labels(label_items(labels))
    n_cols = max((len(r) for r in rows), default=0)
    for col in range(n_cols):
        stack = [r[col].text for r in rows if col < len(r) and r[col].text.strip()]
        for text in reversed(stack):
            key, _ = whole.best(text)
            if key:
                out[col] = key
                break
    return out


def _rows(table: Table, first: int, last: int, cmap: dict[int, str]) -> list[RowObs]:
    order = _key_order(cmap)
    # the grid column of each key and the value columns are the same for every row: computed once
    key_cols = [min(c for c, k in cmap.items() if k == key) for key in order]
    value_cols = set(cmap)
    out = []
    for row in table.rows[first:last]:
        if not any(_is_reading(c.text) for c in row if c.col in cmap):
            continue
        label, start, end = _label_row(row, value_cols)
        pieces = []
        for col in key_cols:
            pieces.append(_piece(row[col], table.index) if col < len(row) else Piece("", end, end, False))
        out.append(RowObs(label, start, end, pieces, aligned=True))
    return out


def _key_order(cmap: dict[int, str]) -> list[str]:
    order: list[str] = []
    for c in sorted(cmap):
        if cmap[c] not in order:
            order.append(cmap[c])
    return order


def _t2(table: Table, hint: str | None) -> list[TableObs]:
    pattern = re.compile(label_data()["t2_block_anchor"])
    starts: list[tuple[int, str]] = []
    for i, row in enumerate(table.rows):
        m = pattern.search(compact_text(" ".join([c.text for c in row])))
        if m and _BLOCK_NO.get(m.group(1)):
            starts.append((i, _BLOCK_NO[m.group(1)]))
    out = []
    for j, (i, bkey) in enumerate(starts):
        end = starts[j + 1][0] if j + 1 < len(starts) else table.n_rows
        rows = list(table.rows[i:end])
        n_head = next((k for k, r in enumerate(rows) if any(_is_value(c.text) for c in r)), len(rows))
        best: tuple[int, str, Block, dict[int, str]] | None = None
        for t in (hint, "2021", "2019"):
            if t not in ("2019", "2021") or bkey not in template_keys(t).t2:
                continue
            block = template_keys(t).t2[bkey]
            cmap = _column_map(rows[:n_head], block.cols)
            if best is None or len(set(cmap.values())) > best[0]:
                best = (len(set(cmap.values())), t, block, cmap)
        if best is None or not best[3]:
            continue
        _, t, block, cmap = best
        headers = {k: " ".join(r[c].text for r in rows[:n_head] if c < len(r)) for c, k in cmap.items()}
        obs = TableObs("t2", bkey, _key_order(cmap), _rows(table, i + n_head, end, cmap),
                       rows[0][0].start, rows[-1][-1].end, headers, t)
        out.append(obs)
    return out


def _starts_t3(rows: list[RowObs]) -> bool:
    """Whether a t3 grid begins with the first row (本年新收) rather than continuing the one before."""
    first = template_keys("2021").t3_rows["new_received"][0]
    return bool(rows) and core(first) in core(rows[0].label)


def grid_tables(tables: tuple[Table, ...], hint: str | None) -> list[TableObs]:
    """Observed t2 blocks, t3 parts and t4 of every grid of the document."""
    out: list[TableObs] = []
    keys = template_keys("2021")
    t4_labels = {f"{g}/{c}": (c,) for g in keys.t4_groups for c in keys.t4_cols}
    last_t3: TableObs | None = None
    last_t3_map: dict[int, str] = {}
    for table in tables:
        kind = _kind(table)
        if kind == "t2":
            out += _t2(table, hint)
        elif kind in ("t3", "t3+"):
            n_head = _header_rows(table)
            cmap = _column_map(list(table.rows[:n_head]), keys.t3_cols) if n_head else {}
            if len(set(cmap.values())) < len(keys.t3_cols) and last_t3_map and last_t3 is not None:
                # continued on the next page without the header: the value columns are the rightmost ones,
                # whatever label columns the continuation kept (a rowspan label may not repeat)
                shift = table.n_cols - (max(last_t3_map) + 1)
                cmap = {c + shift: k for c, k in last_t3_map.items() if c + shift >= 0}
            if not cmap:
                continue
            rows = _rows(table, n_head, table.n_rows, cmap)
            order = _key_order(cmap)
            if last_t3 is not None and (kind == "t3+" or not _starts_t3(rows)) and set(order) == set(last_t3.columns):
                # the same table continued (on the next page, with or without a repeated header)
                for r in rows:
                    by_key = dict(zip(order, r.pieces, strict=True))
                    r.pieces = [by_key[k] for k in last_t3.columns]
                last_t3.rows += rows
                last_t3.end = table.end
                continue
            last_t3 = TableObs("t3", None, _key_order(cmap), rows, table.start, table.end)
            last_t3_map = cmap
            out.append(last_t3)
        elif kind == "t4":
            n_head = _header_rows(table)
            head = list(table.rows[:n_head])
            groups, columns = whole_labels(label_items(keys.t4_groups)), whole_labels(label_items(keys.t4_cols))
            cmap: dict[int, str] = {}
            for col in range(table.n_cols):
                stack = [r[col].text for r in head if col < len(r)]
                group = next((g for g in (groups.best(t)[0] for t in stack) if g), None)
                ckey = next((c for c in (columns.best(t)[0] for t in reversed(stack)) if c), None)
                if group and ckey and f"{group}/{ckey}" in t4_labels:
                    cmap[col] = f"{group}/{ckey}"
            rows = _rows(table, n_head, table.n_rows, cmap)
            if rows:
                out.append(TableObs("t4", None, _key_order(cmap), rows[:1], table.start, table.end))
    return out


def has_tables(tables: tuple[Table, ...]) -> bool:
    return any(_kind(t) for t in tables)

