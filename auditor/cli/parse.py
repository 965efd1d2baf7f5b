"""``auditor parse``: sections, template, metadata, items and table cells of each file."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from auditor.cli._util import app, expand_paths, fail_line, out, run_guarded
from auditor.model import Report
from auditor.pipeline import keep_loaded
from auditor.pipeline import parse as parse_file
from auditor.render.json_out import report_json


@app.command("parse")
def parse_cmd(
    files: Annotated[list[str], typer.Argument(help="Report files or folders (HTML, PDF, DOCX, DOC/WPS, text).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per file (schema: docs/parse.schema.json).")] = False,
) -> None:
    """Parse reports into sections, items, metadata and table cells.

    Example: auditor parse corpora/samples/pingtan-2022.txt --json
    """
    failed = 0
    for n, path in enumerate(expand_paths(files)):
        if n == 1:
            keep_loaded()  # more than one file: the first has loaded the models
        report, error = run_guarded(path, parse_file, path)
        if error:
            failed += 1
            fail_line(error)
            continue
        if as_json:
            print(json.dumps(report_json(report), ensure_ascii=False), flush=True)
        else:
            _print_summary(report)
    if failed:
        raise typer.Exit(code=1)


def _print_summary(report: Report) -> None:
    # the report's own text (file name, agency, headings, finding messages quoting it) is escaped: a '['
    # in it would be read as rich markup, and a stray closing tag raises
    out.print(f"[bold]{escape(report.file)}[/bold]  format={report.format} template={report.template} "
              f"agency={escape(str(report.agency))} year={report.year} published={report.published}")
    for s in report.sections:
        out.print(f"  {s.no}. {escape(s.heading)}  [dim]({s.key}, {len(s.items)} items, chars {s.body_start}-{s.end})[/dim]")
    for f in report.findings:
        out.print(f"  [yellow]{f.severity}[/yellow] {f.code}: {escape(f.message)}")
