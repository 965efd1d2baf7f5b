"""The statistical tables of one report as HTML grids laid out by the spec, failing cells marked."""

from __future__ import annotations

from collections.abc import Collection
from html import escape

from auditor.model import Cell, Report
from auditor.resources import table_spec


def _td(cell: Cell | None, key: str, bad: Collection[str]) -> str:
    if cell is None:
        return f'<td id="cell-{escape(key)}" class="muted">·</td>'
    cls = "bad" if key in bad else "amb" if cell.status == "ambiguous" else ""
    value = "" if cell.value is None else f"{cell.value:g}" if isinstance(cell.value, float) else str(cell.value)
    tip = f"raw: {cell.raw}" + (f"; candidates {list(cell.candidates)}" if cell.candidates else "")
    return f'<td id="cell-{escape(key)}" class="{cls}" title="{escape(tip)}">{escape(value or cell.raw or "—")}</td>'


def _grid(report: Report, table: str, rows: dict[str, str], cols: dict[str, str], bad: Collection[str]) -> str:
    out = [f"<table><tr><th>{table}</th>" + "".join(f"<th>{escape(c.split('/')[-1])}</th>" for c in cols.values())
           + "</tr>"]
    for rk, rlabel in rows.items():
        keys = [f"{table}.{rk}.{ck}" for ck in cols]
        if not any(k in report.cells for k in keys):
            continue
        out.append(f"<tr><th>{escape(rlabel.split('/')[-1])}</th>"
                   + "".join(_td(report.cells.get(k), k, bad) for k in keys) + "</tr>")
    out.append("</table>")
    return "".join(out)


def tables_html(report: Report, bad: Collection[str]) -> str:
    if not report.cells:
        return '<p class="muted">No table cell was read from this report.</p>'
    spec = table_spec()["templates"]["2021"]
    t3_rows = dict(spec["t3"]["rows"])
    t3_rows["other"] = "（六）其他处理"
    parts = []
    t2 = sorted(k for k in report.cells if k.startswith("t2."))
    if t2:
        parts.append("<h3>t2</h3><table><tr><th>cell</th><th>value</th></tr>")
        parts.extend(f"<tr><td>{escape(k)}</td>{_td(report.cells[k], k, bad)}</tr>" for k in t2)
        parts.append("</table>")
    parts.append("<h3>t3</h3>" + _grid(report, "t3", t3_rows, spec["t3"]["columns"], bad))
    parts.append("<h3>t4</h3>" + _grid(report, "t4", spec["t4"]["groups"], spec["t4"]["columns"], bad))
    return "".join(parts)
