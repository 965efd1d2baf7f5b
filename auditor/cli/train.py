"""``auditor train``: rebuild the narrative classifier from ``corpora/`` (deterministic)."""

from __future__ import annotations

from pathlib import Path

import typer

from auditor.cli._util import app, fail_line, out
from auditor.errors import AuditError


@app.command("train")
def train_cmd(
    out_dir: str | None = typer.Option(None, "--out", help="Folder for the model (default: models/)."),
) -> None:
    """Train the sentence classifier on corpora/labelled/sentences.jsonl and the sample reports.

    Example: auditor train --out /tmp/models
    """
    from auditor.narrative.training import train

    try:
        path = train(Path(out_dir) if out_dir else None)
    except AuditError as exc:
        fail_line(str(exc))
        raise typer.Exit(code=1) from None
    out.print(f"wrote {path}")
