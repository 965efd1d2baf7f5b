"""``auditor dashboard``: the archive at a glance as one offline HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.cli._util import app, fail_line, out
from auditor.errors import AuditError


@app.command("dashboard")
def dashboard_cmd(
    db: Annotated[str, typer.Option("--db", help="The store written by `auditor audit`.")] = "audit.db",
    out_path: Annotated[str, typer.Option("--out", help="HTML file to write.")] = "dashboard.html",
) -> None:
    """Score distributions per cohort, the ranking, common findings and copy clusters, with inline SVG charts.

    Example: auditor dashboard --db out/audit.db --out out/dashboard.html
    """
    from auditor.render.dashboard import write_dashboard
    from auditor.store import open_store

    try:
        with open_store(db) as store:
            Path(out_path).parent.mkdir(parents=True, exist_ok=True)
            write_dashboard(store, out_path)
    except AuditError as exc:
        fail_line(str(exc))
        raise typer.Exit(code=2) from None
    out.print(f"wrote {out_path}")
