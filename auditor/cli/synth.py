"""``auditor synth``: a synthetic archive with planted copies, for scale tests."""

from __future__ import annotations

from typing import Annotated

import typer

from auditor.cli._util import app, out
from auditor.reuse.synth import write_archive


@app.command("synth")
def synth_cmd(
    n: Annotated[int, typer.Argument(min=1, help="Number of reports to generate.")],
    directory: Annotated[str, typer.Argument(help="Output folder (keep it out of git: benchmarks/_data/ or a tmp dir).")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same archive.")] = 0,
) -> None:
    """Generate N synthetic reports (six sections, tables as text) with planted copies and MANIFEST.jsonl.

    Example: auditor synth 1000 benchmarks/_data/synth-1k
    """
    manifest = write_archive(n, directory, seed)
    out.print(f"wrote {n} reports; ground truth in {manifest}")
