"""``auditor report``: a standalone HTML audit of one report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.cli._util import app, fail_line, out
from auditor.errors import AuditError


@app.command("report")
def report_cmd(
    file: Annotated[str | None, typer.Argument(help="A report file to audit on the spot (or use --db with --id).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="The store written by `auditor audit`.")] = None,
    report_id: Annotated[int | None, typer.Option("--id", help="Report id in the store (see the ranking).")] = None,
    out_path: Annotated[str, typer.Option("--out", help="HTML file to write.")] = "report.html",
) -> None:
    """Write the audit of one report as a standalone HTML page: highlighted text, tables, findings, copies.

    Examples: auditor report corpora/samples/pingtan-2022.txt --out report.html;
    auditor report --db out/audit.db --id 3 --out report.html
    """
    from auditor.render.html_report import audit_single_file, report_from_store, write_report_html

    try:
        if db is not None and report_id is not None:
            report, copies = report_from_store(db, report_id)
        elif file is not None:
            report, copies = audit_single_file(file)
        else:
            fail_line("E901 give a FILE, or --db and --id")
            raise typer.Exit(code=2)
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        write_report_html(report, copies, out_path)
    except AuditError as exc:
        fail_line(str(exc))
        raise typer.Exit(code=1) from None
    out.print(f"wrote {out_path}")
