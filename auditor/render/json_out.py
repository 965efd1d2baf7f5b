"""The stable JSON of ``auditor parse --json`` (schema: ``docs/parse.schema.json``)."""

from __future__ import annotations

from typing import Any

from auditor.model import Cell, Finding, Report, to_dict

SCHEMA_VERSION = "1"


def cell_json(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {"value": cell.value, "raw": cell.raw, "status": cell.status}
    if cell.unit:
        out["unit"] = cell.unit
    if cell.candidates:
        out["candidates"] = list(cell.candidates)
    out.update({"start": cell.start, "end": cell.end, "page": cell.page, "table": cell.table,
                "row": cell.row, "col": cell.col})
    return out


def tables_json(report: Report) -> dict[str, Any]:
    """Nest cells by their path: t2 → block → row → col, t3 → row → col, t4 → group → col."""
    out: dict[str, Any] = {}
    for cell in report.cells.values():
        node = out
        for part in cell.path[:-1]:
            node = node.setdefault(part, {})
        node[cell.path[-1]] = cell_json(cell)
    return out


def finding_json(f: Finding) -> dict[str, Any]:
    d = to_dict(f)
    d.pop("stage", None)
    return d


def report_json(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "file": report.file,
        "format": report.format,
        "agency": report.agency,
        "year": report.year,
        "published": report.published,
        "template": report.template,
        "sections": [
            {
                "no": s.no,
                "key": s.key,
                "heading": s.heading,
                "start": s.start,
                "body_start": s.body_start,
                "end": s.end,
                "text": report.text[s.body_start : s.end],
                "items": [to_dict(i) for i in s.items],
            }
            for s in report.sections
        ],
        "problems": [i.text for i in report.items("problem")],
        "improvements": [i.text for i in report.items("improvement")],
        "tables": tables_json(report),
        "sentences": [to_dict(s) for s in report.sentences],
        "measures": to_dict(report.measures),
        "findings": [finding_json(f) for f in report.findings],
    }
