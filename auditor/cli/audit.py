"""``auditor audit``: batch-audit an archive into SQLite (parse → checks → narrative → reuse → score)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from auditor.cli._util import app, err, fail_line, out
from auditor.errors import AuditError


@app.command("audit")
def audit_cmd(
    paths: Annotated[list[str], typer.Argument(help="Report files or folders (walked recursively).")],
    db: Annotated[str, typer.Option("--db", help="SQLite store to fill (created if missing; reruns skip unchanged files).")] = "audit.db",
    workers: Annotated[int, typer.Option("--workers", "-j", help="Worker processes (0: all cores).")] = 0,
    out_dir: Annotated[str | None, typer.Option("--out-dir", help="Also write ranking.xlsx, ranking.json and dashboard.html here.")] = None,
    by: Annotated[str, typer.Option("--by", help="Ranking groups for --out-dir: cohort|year|template|level|region.")] = "cohort",
    stages: Annotated[str | None, typer.Option("--stages", help="Comma-separated stages to run (default: all installed): structure,tables,checks,narrative,reuse.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Audit every report under PATHS into a store: scores, findings, copy-paste blocks.

    Example: auditor audit corpora/samples --db out/audit.db --out-dir out/
    """
    from auditor.score.cohort import GROUPINGS
    from auditor.store import audit_paths

    if by not in GROUPINGS:
        fail_line(f"E901 --by must be one of {', '.join(GROUPINGS)}. Got {by!r} instead")
        raise typer.Exit(code=2)

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=quiet, transient=False)
    tasks: dict[str, int] = {}

    def on_event(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            if not total:
                return
            tasks[phase] = progress.add_task(phase, total=max(total, 1))
        progress.update(tasks[phase], completed=done, total=max(total, 1))

    try:
        with progress:
            summary = audit_paths(paths, db, workers=workers or None, on_event=on_event,
                                  stages=[x.strip() for x in stages.split(",") if x.strip()] if stages else None,
                                  on_error=lambda m: progress.console.print(f"[red]error[/red] {escape(m)}", markup=True))
    except AuditError as exc:
        fail_line(str(exc))
        raise typer.Exit(code=2) from None
    out.print(f"{summary.files} file(s): {summary.parsed} audited, {summary.skipped} unchanged, "
              f"{summary.failed} failed → {db}")
    if summary.archive:
        out.print("archive pass: " + ", ".join(f"{k} {v}" for k, v in summary.archive.items()))
    if out_dir:
        write_outputs(db, out_dir, by)
    if summary.failed and not summary.parsed and not summary.skipped:
        raise typer.Exit(code=1)


def write_outputs(db: str, out_dir: str, by: str = "cohort") -> None:
    """ranking.xlsx, ranking.json and dashboard.html of the store into ``out_dir``."""
    from auditor.render.dashboard import write_dashboard
    from auditor.render.ranking_out import write_ranking
    from auditor.store import open_store

    Path(out_dir).mkdir(parents=True, exist_ok=True)
    with open_store(db) as store:
        for name in ("ranking.xlsx", "ranking.json"):
            n = write_ranking(store, os.path.join(out_dir, name), by)
        write_dashboard(store, os.path.join(out_dir, "dashboard.html"))
    out.print(f"wrote {n} ranked report(s) to {out_dir}/ranking.xlsx, ranking.json and dashboard.html")
