"""Tables: source grids (or flattened text) → cells under the canonical keys of corpora/tables.json.

The ``tables`` stage reads ``Document.tables`` when the reader found grids, and otherwise finds the
tables in the text by their anchors (第二十条第（一）项, 本列数据的勾稽关系 / 申请人情况, 行政复议…结果维持).
Cells are keyed ``("t2", block, row, col)``, ``("t3", row, col)`` and ``("t4", group, col)``; every cell keeps
its raw text and where it came from.  Extraction problems are findings (``tables.missing_row``,
``tables.extra_row``, ``tables.unmatched_column``, ``tables.ambiguous_split`` …), never silent guesses.
"""

from __future__ import annotations

import dataclasses

from auditor.model import Report
from auditor.registry import stage
from auditor.structure.tables.assemble import Built
from auditor.structure.tables.extract import extract_t2, extract_t3, extract_t4
from auditor.structure.tables.grid_source import grid_tables, has_tables
from auditor.structure.tables.keys import template_keys
from auditor.structure.tables.observed import TableObs
from auditor.structure.tables.text_source import find_regions, t2_tables, t3_table, t4_table

__all__ = ["extract_tables", "observe"]


def observe(report: Report) -> list[TableObs]:
    """The t2 blocks, t3 part(s) and t4 of a report as found, before keys are assigned."""
    hint = report.template if report.template in ("2019", "2021") else None
    doc = report.document
    # a page holding several reports: the structure stage chose the first, whose tables end before the next
    end = report.meta.get("structure", {}).get("audited_end", len(report.text))
    out: list[TableObs] = []
    grids = tuple(t for t in doc.tables if t.start < end) if doc is not None else ()
    if grids and has_tables(grids):
        out = grid_tables(grids, hint)
    have = {o.kind for o in out}
    if have >= {"t2", "t3", "t4"}:
        return out
    # a table the reader did not return as a grid (or a text source): find it in the text
    text = report.text[:end]
    regions = find_regions(text)
    if "t2" in regions and "t2" not in have:
        out += t2_tables(text, *regions["t2"], hint)
    if "t3" in regions and "t3" not in have:
        out.append(t3_table(text, *regions["t3"]))
    if "t4" in regions and "t4" not in have:
        t4 = t4_table(text, *regions["t4"])
        if t4 is not None:
            out.append(t4)
    return out


def _missing_parts(built: Built, obs: list[TableObs]) -> None:
    """A report with some of the tables but not all of them (or a t2 without some of its blocks)."""
    if not obs:
        return  # no table at all: legacy or not a report; the structure stage says which
    kinds = {o.kind for o in obs}
    at = obs[0].start
    for kind in ("t2", "t3", "t4"):
        if kind not in kinds:
            built.finding("tables.missing_table", f"{kind} not found", at, at, kind)
    t2 = [o for o in obs if o.kind == "t2"]
    if t2:
        blocks = template_keys(t2[0].template or "2021").t2
        seen = {o.block for o in t2}
        for key, block in blocks.items():
            if key not in seen:
                built.finding("tables.missing_row", f"t2: block {key} ({block.label}) not found", t2[0].start,
                              t2[0].start, block.label, cell=f"t2.{key}")


@stage("tables", requires=(), assigns=("cells", "findings"))
def extract_tables(report: Report) -> Report:
    """Find t2/t3/t4 and key every cell under the canonical keys."""
    if report.template == "legacy":
        return report  # no national table template before 2019: nothing to key
    obs = observe(report)
    built = Built()
    spans = [(o.start, o.end) for o in obs]
    for o in obs:
        if o.kind == "t2":
            extract_t2(built, o, report.text, spans)
        elif o.kind == "t4":
            extract_t4(built, o)
    extract_t3(built, [o for o in obs if o.kind == "t3"])
    _missing_parts(built, obs)
    doc = report.document
    if doc is not None and doc.pages:
        # cells read from the text of a paged document still say which page they are on
        for key, cell in built.cells.items():
            if cell.page is None and cell.start >= 0:
                built.cells[key] = dataclasses.replace(cell, page=doc.page_of(cell.start))
    cells = {**report.cells, **built.cells}
    return dataclasses.replace(report, cells=cells, findings=report.findings + tuple(built.findings))
