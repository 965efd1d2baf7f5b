"""Reading gold table cells back out of a source grid, for the ingestion tests.

Not a table mapper (that is auditor.structure.tables): it only finds, in order, the grid row whose
label cell is the official row label, and compares the row's value cells with the gold values.
"""

from __future__ import annotations

from typing import Any

from auditor.model import Document, Table
from auditor.resources import table_spec


def _norm(s: str) -> str:
    return "".join(s.split()).replace("(", "（").replace(")", "）")


def t3_row_labels(template: str) -> list[tuple[str, str]]:
    """(row key, the last part of its official label) in table order."""
    rows = table_spec()["templates"]["2021"]["t3"]["rows"]
    out: list[tuple[str, str]] = []
    for key, label in rows.items():
        if template == "2019" and key.startswith("other."):
            if ("other", "（六）其他处理") not in out:
                out.append(("other", "（六）其他处理"))
            continue
        out.append((key, _norm(label.split("/")[-1])))
    return out


def cell_value(text: str) -> int | float | None:
    t = _norm(text)
    if not t:
        return None
    return float(t) if "." in t else int(t)


def t3_table(doc: Document) -> Table:
    """The table holding the t3 outcome rows (the one with a （七）总计 label)."""
    for table in doc.tables:
        if any(_norm(c.text) == "（七）总计" for row in table.rows for c in row):
            return table
    raise AssertionError(f"no t3 table among {len(doc.tables)} tables")


def t3_mismatches(table: Table, gold_t3: dict[str, Any], template: str) -> list[str]:
    """Gold t3 cells the grid does not hold, as 'row.col: grid value != gold value'."""
    cols = list(table_spec()["templates"]["2021"]["t3"]["columns"])
    rows = [[c.text for c in row] for row in table.rows]
    problems: list[str] = []
    i = 0
    for key, label in t3_row_labels(template):
        if key not in gold_t3:
            continue
        while i < len(rows) and label not in {_norm(t) for t in rows[i][: -len(cols)]}:
            i += 1
        if i == len(rows):
            problems.append(f"{key}: label {label} not found")
            i = 0
            continue
        values = rows[i][-len(cols):]
        for col, text in zip(cols, values, strict=True):
            got, want = cell_value(text), gold_t3[key].get(col)
            if got != want:
                problems.append(f"{key}.{col}: {got!r} != {want!r}")
        i += 1
    return problems


def t4_values(doc: Document) -> list[int | float | None]:
    """The 15 values of t4 (the last row of the table whose first cell is 行政复议)."""
    for table in doc.tables:
        if table.rows and _norm(table.rows[0][0].text) == "行政复议":
            return [cell_value(c.text) for c in table.rows[-1]]
    raise AssertionError("no t4 table")


def gold_t4(gold: dict[str, Any]) -> list[int | float | None]:
    spec = table_spec()["templates"]["2021"]["t4"]
    return [gold["tables"]["t4"][g][c] for g in spec["groups"] for c in spec["columns"]]


def grid_is_consistent(doc: Document) -> list[str]:
    """Every table rectangular; origin cells' text at their offsets; covered cells repeat their origin."""
    problems = []
    for t in doc.tables:
        width = t.n_cols
        for r, row in enumerate(t.rows):
            if len(row) != width:
                problems.append(f"table {t.index} row {r}: {len(row)} cells, not {width}")
            for c in row:
                origin = t.rows[c.origin[0]][c.origin[1]]
                if c.text != origin.text:
                    problems.append(f"table {t.index} ({r},{c.col}): {c.text!r} != origin {origin.text!r}")
                if c.is_origin and doc.original[c.start : c.end] != c.text:
                    problems.append(f"table {t.index} ({r},{c.col}): offsets hold {doc.original[c.start:c.end]!r}")
    return problems
