"""``auditor rank``: rank the audited reports within cohorts and write .xlsx / .csv / .json."""

from __future__ import annotations

from typing import Annotated

import typer

from auditor.cli._util import app, fail_line, out
from auditor.errors import AuditError


@app.command("rank")
def rank_cmd(
    db: Annotated[str, typer.Option("--db", help="The store written by `auditor audit`.")] = "audit.db",
    by: Annotated[str, typer.Option("--by", help="Rank within: cohort (year×template×level)|year|template|level|region.")] = "cohort",
    out_path: Annotated[str, typer.Option("--out", help="Output file: .xlsx (formatted), .csv or .json.")] = "ranking.xlsx",
) -> None:
    """Rank every scored report within its group, best first.

    Example: auditor rank --db out/audit.db --by level --out out/ranking.xlsx
    """
    from auditor.render.ranking_out import write_ranking
    from auditor.score.cohort import GROUPINGS
    from auditor.store import open_store

    if by not in GROUPINGS:
        fail_line(f"E901 --by must be one of {', '.join(GROUPINGS)}. Got {by!r} instead")
        raise typer.Exit(code=2)
    try:
        with open_store(db) as store:
            n = write_ranking(store, out_path, by)
    except AuditError as exc:
        fail_line(str(exc))
        raise typer.Exit(code=2) from None
    out.print(f"ranked {n} report(s) by {by} → {out_path}")
