"""The statistical tables of one report as HTML grids laid out by the spec, failing cells marked.

A failing cell links to the finding that names it (``#f-N``) and says which check failed in its tooltip.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from html import escape

from auditor.model import Cell, Report
from auditor.resources import table_spec

# cell key -> the findings that fail on it: (finding anchor id, finding code)
BadCells = Mapping[str, Sequence[tuple[str, str]]]

LEGEND = ('<p class="legend"><span class="bad">failing cell (links to its finding)</span>'
          '<span class="amb">ambiguous (fused digits)</span><span class="muted">· not read</span>'
          '<span class="muted">hover a cell for the raw text read</span></p>')


def _as_map(bad: BadCells | Collection[str]) -> BadCells:
    if isinstance(bad, Mapping):
        return bad
    return {k: () for k in bad}


def _td(cell: Cell | None, key: str, bad: BadCells) -> str:
    if cell is None:
        return f'<td id="cell-{escape(key)}" class="muted">·</td>'
    cls = "bad" if key in bad else "amb" if cell.status == "ambiguous" else ""
    value = "" if cell.value is None else f"{cell.value:g}" if isinstance(cell.value, float) else str(cell.value)
    tip = f"{key} · raw: {cell.raw}" + (f"; candidates {list(cell.candidates)}" if cell.candidates else "")
    shown = escape(value or cell.raw or "—")
    links = bad.get(key, ())
    if links:
        tip += "; fails: " + ", ".join(code for _, code in links)
        shown = f'<a href="#{escape(links[0][0])}">{shown}</a>'
    cls_attr = f' class="{cls}"' if cls else ""
    return f'<td id="cell-{escape(key)}"{cls_attr} title="{escape(tip)}">{shown}</td>'


def _grid(report: Report, table: str, rows: dict[str, str], cols: dict[str, str], bad: BadCells) -> str:
    out = [f'<div class="scroll"><table class="grid"><tr><th>{table}</th>'
           + "".join(f"<th>{escape(c.split('/')[-1])}</th>" for c in cols.values()) + "</tr>"]
    for rk, rlabel in rows.items():
        keys = [f"{table}.{rk}.{ck}" for ck in cols]
        if not any(k in report.cells for k in keys):
            continue
        out.append(f'<tr><th class="row">{escape(rlabel.split("/")[-1])}</th>'
                   + "".join(_td(report.cells.get(k), k, bad) for k in keys) + "</tr>")
    out.append("</table></div>")
    return "".join(out)


def tables_html(report: Report, bad: BadCells | Collection[str]) -> str:
    if not report.cells:
        return '<p class="muted">No table cell was read from this report.</p>'
    marks = _as_map(bad)
    spec = table_spec()["templates"]["2021"]
    t3_rows = dict(spec["t3"]["rows"])
    t3_rows["other"] = "（六）其他处理"
    parts = [LEGEND]
    t2 = sorted(k for k in report.cells if k.startswith("t2."))
    if t2:
        parts.append('<h3>t2 (主动公开)</h3><table class="grid"><tr><th>cell</th><th>value</th></tr>')
        parts.extend(f'<tr><th class="row">{escape(k)}</th>{_td(report.cells[k], k, marks)}</tr>' for k in t2)
        parts.append("</table>")
    parts.append("<h3>t3 (依申请公开)</h3>" + _grid(report, "t3", t3_rows, spec["t3"]["columns"], marks))
    parts.append("<h3>t4 (行政复议、行政诉讼)</h3>" + _grid(report, "t4", spec["t4"]["groups"], spec["t4"]["columns"], marks))
    return "".join(parts)
