"""``auditor reuse``: copied blocks across reports and each report's originality."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from auditor.cli._util import app, expand_paths, fail_line, out, run_guarded
from auditor.reuse import ReuseResult, find_reuse
from auditor.reuse.io import parse_for_reuse


@app.command("reuse")
def reuse_cmd(
    files: Annotated[list[str], typer.Argument(help="Report files or folders (HTML, PDF, DOCX, DOC/WPS, text).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (schema: docs/reuse.schema.json).")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Print at most this many blocks (text output only).")] = 50,
) -> None:
    """Find passages copied across agencies and agencies repeating their earlier years.

    Example: auditor reuse tests/fixtures/reports --json
    """
    failed = 0

    def reports():
        nonlocal failed
        for path in expand_paths(files):
            report, error = run_guarded(path, parse_for_reuse, path)
            if error:
                failed += 1
                fail_line(error)
                continue
            yield report

    result = find_reuse(reports())
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
    else:
        _print(result, limit)
    if failed:
        raise typer.Exit(code=1)


def _print(result: ReuseResult, limit: int) -> None:
    for b in sorted(result.blocks, key=lambda b: -b.shared)[:limit]:
        arrow = "copied from" if b.source_known else "shares with"
        out.print(f"[bold]{b.kind}[/bold] overlap={b.overlap:.2f} shared={b.shared}  "
                  f"{escape(b.a.file)}:{b.a.start}-{b.a.end} {arrow} {escape(b.b.file)}:{b.b.start}-{b.b.end}")
        # quoted report text and file names are escaped: a '[' in them would be read as rich markup
        out.print(f"  [cyan]a[/cyan] {escape(_short(b.a.text))}")
        out.print(f"  [magenta]b[/magenta] {escape(_short(b.b.text))}")
    if len(result.blocks) > limit:
        out.print(f"[dim]… {len(result.blocks) - limit} more blocks (--limit, or --json for all)[/dim]")
    for r in result.reports:
        sticky = " ".join(f"{k}={v:.2f}" for k, v in r.stickiness.items())
        out.print(f"{escape(r.file)}  agency={escape(str(r.agency))} year={r.year} originality={r.originality:.2f}"
                  + (f" stickiness: {sticky}" if sticky else ""))


def _short(text: str, n: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
