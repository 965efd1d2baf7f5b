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
from auditor.structure.tables.observed import TableObs
from auditor.structure.tables.text_source import find_regions, t2_tables, t3_table, t4_table

__all__ = ["extract_tables", "observe"]


def observe(report: Report) -> list[TableObs]:
    """The t2 blocks, t3 part(s) and t4 of a report as found, before keys are assigned."""
    hint = report.template if report.template in ("2019", "2021") else None
    doc = report.document
    out: list[TableObs] = []
    if doc is not None and doc.tables and has_tables(doc.tables):
        out = grid_tables(doc.tables, hint)
    have = {o.kind for o in out}
    if have >= {"t2", "t3", "t4"}:
        return out
    # a table the reader did not return as a grid (or a text source): find it in the text
    text = report.text
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
    cells = {**report.cells, **built.cells}
    return dataclasses.replace(report, cells=cells, findings=report.findings + tuple(built.findings))
