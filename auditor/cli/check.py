"""``auditor check``: parse each report, run the checks, print its tables and findings."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table as RichTable

from auditor.cli._util import app, expand_paths, fail_line, out, run_guarded
from auditor.model import Cell, Report
from auditor.render.json_out import SCHEMA_VERSION, finding_json, tables_json

_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
# short column headers, so a t3 row fits an 80-column terminal
_LABELS = {"natural_person": "自然人", "commercial": "商业", "research": "科研", "social_welfare": "公益",
           "legal_service": "法律", "other_org": "其他", "total": "总计", "upheld": "维持", "corrected": "纠正",
           "other": "其他", "pending": "未审结", "issued": "制发", "repealed": "废止", "in_force": "现行有效",
           "decisions": "决定", "amount": "金额", "made": "制作", "published": "公开",
           "total_published": "公开总数", "prev_items": "上年项目", "change": "增/减", "projects": "项目"}


def check_json(report: Report) -> dict:
    """One file's ``auditor check --json`` object: its tables, findings and per-rule tallies."""
    return {
        "schema": SCHEMA_VERSION,
        "file": report.file,
        "template": report.template,
        "agency": report.agency,
        "year": report.year,
        "tables": tables_json(report),
        "findings": [finding_json(f) for f in report.findings],
        "checks": report.measures.get("checks", {}),
    }


@app.command("check")
def check_cmd(
    files: Annotated[list[str], typer.Argument(help="Report files or folders (HTML, PDF, DOCX, DOC/WPS, text).")],
    previous: Annotated[str | None, typer.Option("--previous", help="The same agency's report on the year "
                                                 "before (enables the cross-year checks).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per file: tables, findings, "
                                          "checks.")] = False,
) -> None:
    """Check the tables' arithmetic, completeness, fees, narrative counts (and carry-over with --previous).

    Example: auditor check tests/fixtures/reports/pingtan-2022.txt --json
    """
    from auditor.checks import check_file
    from auditor.pipeline import parse

    failed = 0
    prev_report = None
    if previous:
        prev_report, error = run_guarded(previous, parse, previous)
        if error:
            failed += 1
            fail_line(f"{error} (--previous; cross-year checks skipped)")
    for path in expand_paths(files):
        report, error = run_guarded(path, check_file, path, prev_report)
        if error:
            failed += 1
            fail_line(error)
            continue
        if as_json:
            print(json.dumps(check_json(report), ensure_ascii=False), flush=True)
        else:
            _print(report)
    if failed:
        raise typer.Exit(code=1)


def _value(cell: Cell | None) -> str:
    if cell is None:
        return "[dim]·[/dim]"
    if cell.status == "ambiguous":
        return f"[magenta]?{'/'.join(str(c) for c in cell.candidates)}[/magenta]"
    if cell.value is None:
        return "[dim]blank[/dim]"
    v = cell.value
    text = str(int(v)) if float(v).is_integer() else f"{v:f}".rstrip("0")
    return f"{text} {cell.unit}" if cell.unit else text


def _grids(report: Report, table: str) -> list[RichTable]:
    """Rows × columns of one table; t2 as one small grid per block (its blocks have different columns)."""
    groups: dict[str, list[Cell]] = {}
    for c in report.cells.values():
        if c.path[0] == table:
            name = f"{table} {c.path[1]}" if table == "t2" else table
            groups.setdefault(name, []).append(c)
    out = []
    for title, cells in groups.items():
        rows: dict[str, dict[str, Cell]] = {}
        cols: list[str] = []
        for c in cells:
            rows.setdefault(".".join(c.path[2 if table == "t2" else 1:-1]), {})[c.path[-1]] = c
            if c.path[-1] not in cols:
                cols.append(c.path[-1])
        grid = RichTable(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        grid.add_column("row", no_wrap=True)
        for col in cols:
            grid.add_column(_LABELS.get(col, col), justify="right", no_wrap=True)
        for name, row in rows.items():
            grid.add_row(name, *(_value(row.get(col)) for col in cols))
        out.append(grid)
    return out


def _print(report: Report) -> None:
    # text from the report is escaped: a '[' in it would be read as rich markup (a stray closing tag raises)
    out.print(f"[bold]{escape(report.file)}[/bold]  template={report.template} agency={escape(str(report.agency))} "
              f"year={report.year}")
    for t in ("t2", "t3", "t4"):
        for grid in _grids(report, t):
            out.print(grid)
    shown = [f for f in report.findings if f.stage == "checks"]
    for f in shown:
        style = _STYLE.get(f.severity, "white")
        out.print(f"  [{style}]{f.severity}[/{style}] {f.status} {f.code}: {escape(f.message)}", markup=True)
    tally = report.measures.get("checks", {})
    totals = {k: sum(v.get(k, 0) for v in tally.values()) for k in ("pass", "fail", "cannot_verify")}
    out.print(f"  [dim]{len(tally)} checks: {totals['pass']} passed, {totals['fail']} failed, "
              f"{totals['cannot_verify']} cannot verify[/dim]")
