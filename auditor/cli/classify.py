"""``auditor classify``: label sentences (one per line) substantive / boilerplate / template."""

from __future__ import annotations

import json
import sys

import typer

from auditor.cli._util import app, fail_line, out
from auditor.errors import AuditError


def classify_lines(lines: list[str]) -> list[dict[str, object]]:
    """{"text", "label", "p_substantive"} for every non-blank line."""
    from auditor.narrative.training import shipped_model

    texts = [line.strip() for line in lines if line.strip()]
    if not texts:
        return []
    return [{"text": t, "label": label, "p_substantive": p}
            for t, (label, p) in zip(texts, shipped_model().label(texts), strict=True)]


@app.command("classify")
def classify_cmd(
    file: str | None = typer.Argument(None, help="A UTF-8 text file, one sentence per line (default: stdin)."),
    jsonl: bool = typer.Option(False, "--jsonl", help="Print one JSON object per line instead of a table."),
) -> None:
    """Label sentences substantive / boilerplate / template (rubric: docs, DOMAIN.md).

    Example: echo '在政务大厅设置政务公开专区。' | auditor classify --jsonl
    """
    try:
        if file is None or file == "-":
            lines = sys.stdin.read().splitlines()
        else:
            with open(file, encoding="utf-8") as fh:
                lines = fh.read().splitlines()
        rows = classify_lines(lines)
    except AuditError as exc:
        fail_line(str(exc))
        raise typer.Exit(code=1) from None
    except (OSError, UnicodeDecodeError) as exc:
        fail_line(f"E100 {file}: cannot read: {exc}")
        raise typer.Exit(code=1) from None
    for row in rows:
        if jsonl:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        else:
            out.print(f"{row['label']:<12} {row['p_substantive']:.3f}  {row['text']}", markup=False)
