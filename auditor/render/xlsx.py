"""The ranking workbook a supervisor opens: rankings, findings with evidence, copy-paste pairs.

Every sheet has a frozen, bold header and an auto-filter.  Report text is untrusted: a cell that would
start a formula (=, +, -, @) is stored as plain text, and control characters Excel refuses are dropped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from auditor.store.db import COMPONENT_COLUMNS

_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_MAX_TEXT = 2000  # evidence beyond this is cut: the HTML report has the whole text

RANKING_COLUMNS = (("group", "cohort", 24), ("rank", "rank", 6), ("of", "of", 6), ("percentile", "percentile", 10),
                   ("agency", "agency", 28), ("year", "year", 6), ("template", "template", 9), ("level", "level", 11),
                   ("score", "score", 8), ("coverage", "coverage", 10),
                   *((c, c, max(12, len(c) + 4)) for c in COMPONENT_COLUMNS), ("findings", "findings", 9),
                   ("published", "published", 11), ("id", "id", 6), ("file", "file", 50))
FINDING_COLUMNS = (("agency", "agency", 26), ("year", "year", 6), ("component", "component", 14),
                   ("points", "points lost", 10), ("code", "code", 30), ("severity", "severity", 9),
                   ("message", "message", 60), ("evidence", "evidence", 80), ("file", "file", 45))
PAIR_COLUMNS = (("kind", "kind", 13), ("agency", "agency", 24), ("year", "year", 6), ("a_text", "copied text", 70),
                ("source_agency", "source agency", 24), ("source_year", "source year", 8),
                ("b_text", "source text", 70), ("overlap", "overlap", 8), ("file", "file", 40),
                ("source", "source file", 40))


HEADER_NOTES = {
    "cohort": "Reports are ranked only within their cohort: year / template / level of agency.",
    "rank": "1 is best within the cohort; ties share the better rank.",
    "percentile": "Share of the cohort (%) scoring at or below this report.",
    "score": "0-100 over the components that could be verified (see coverage).",
    "coverage": "Share of the 100 points that could be verified; compare low-coverage scores with care.",
    "findings": "Failing findings of this report (see the findings sheet).",
    "id": "Store id: auditor report --db audit.db --id ID --out report.html",
    "points lost": "Points of the component this finding cost.",
    "evidence": "[cell key] value, or [@start-end] the text span, or [file@start-end] a passage of another file.",
    "overlap": "Share of the passage found in the source.",
}


def _component_note(name: str) -> str:
    from auditor.score.weights import scoring_config

    top = scoring_config().weights.get(name)
    return (f"Points kept out of {top:g}; " if top else "Points kept; ") + (
        "blank = cannot verify (left out of the score).")


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_TEXT]
    return value


def _sheet(ws: Worksheet, columns: Sequence[tuple[str, str, int]], rows: Sequence[dict[str, Any]]) -> None:
    ws.append([title for _, title, _ in columns])
    for i, (_, _, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        c = ws.cell(row=1, column=i)
        c.font = Font(bold=True)
        c.fill = _HEADER_FILL
        c.alignment = Alignment(vertical="center", wrap_text=True)
        note = HEADER_NOTES.get(columns[i - 1][1]) or (
            _component_note(columns[i - 1][0]) if columns[i - 1][0] in COMPONENT_COLUMNS else None)
        if note:
            c.comment = Comment(note, "auditor")
    for row in rows:
        ws.append([_safe(row.get(key)) for key, _, _ in columns])
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # report text that looks like a formula stays text
                cell.data_type = "s"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, ws.max_row)}"


def _evidence_text(raw: str | None) -> str:
    try:
        ev = json.loads(raw or "[]")
    except ValueError:
        return ""
    parts = []
    for e in ev:
        where = f"{e.get('file')}@" if e.get("file") else "@"
        label = e.get("cell") or f"{where}{e.get('start')}-{e.get('end')}"
        parts.append(f"[{label}] {e.get('text', '')}".strip())
    return "\n".join(parts)


def _format_column(ws: Worksheet, col: int, fmt: str) -> None:
    for (c,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
        if isinstance(c.value, int | float):
            c.number_format = fmt


def write_xlsx(path: str | os.PathLike[str], ranking: Sequence[dict[str, Any]],
               findings: Sequence[dict[str, Any]], pairs: Sequence[dict[str, Any]],
               errors: Sequence[dict[str, Any]] = ()) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "rankings"
    _sheet(ws, RANKING_COLUMNS, ranking)
    score_col = get_column_letter([k for k, _, _ in RANKING_COLUMNS].index("score") + 1)
    if ranking:
        ws.conditional_formatting.add(f"{score_col}2:{score_col}{len(ranking) + 1}", ColorScaleRule(
            start_type="num", start_value=0, start_color="F8696B", mid_type="num", mid_value=70,
            mid_color="FFEB84", end_type="num", end_value=100, end_color="63BE7B"))
    keys = [k for k, _, _ in RANKING_COLUMNS]
    for r in ws.iter_rows(min_row=2, min_col=4, max_col=4 + 6 + len(COMPONENT_COLUMNS)):
        for c in r:
            if isinstance(c.value, float):
                c.number_format = "0.0"
    for key in ("score", *COMPONENT_COLUMNS):
        _format_column(ws, keys.index(key) + 1, "0.0")
    _format_column(ws, keys.index("coverage") + 1, "0%")
    _format_column(ws, keys.index("percentile") + 1, '0"%"')
    fs = wb.create_sheet("findings")
    _sheet(fs, FINDING_COLUMNS, [{**f, "evidence": _evidence_text(f.get("evidence"))} for f in findings])
    for row in fs.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    _format_column(fs, [k for k, _, _ in FINDING_COLUMNS].index("points") + 1, "0.0")
    ps = wb.create_sheet("copy-paste pairs")
    _sheet(ps, PAIR_COLUMNS, pairs)
    _format_column(ps, [k for k, _, _ in PAIR_COLUMNS].index("overlap") + 1, "0%")
    for row in ps.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    if errors:
        _sheet(wb.create_sheet("failed files"), (("file", "file", 60), ("error", "error", 100)), errors)
    wb.save(os.fspath(path))
