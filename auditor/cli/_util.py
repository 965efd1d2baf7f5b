"""Shared CLI plumbing: the app, argument aliases, and one-line error reporting."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(
    name="auditor",
    help="Audit government information-disclosure annual reports (政府信息公开工作年度报告).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Audit government information-disclosure annual reports (政府信息公开工作年度报告)."""


err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

T = TypeVar("T")

REPORT_SUFFIXES = {".html", ".htm", ".shtml", ".txt", ".pdf", ".docx", ".doc", ".wps", ".text", ".xhtml", ""}


def fail_line(message: str) -> None:
    """One line on stderr naming the file and the reason."""
    # escaped: a reason quoting the file ('/ProcSet [/PDF /Text]', a name with brackets) is no markup
    err.print(f"[red]error[/red] {escape(message)}", markup=True, highlight=False)


def run_guarded(path: str, func: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T | None, str | None]:
    """Call ``func``; any failure becomes one line naming ``path`` (library errors carry their code)."""
    from auditor.errors import AuditError

    try:
        return func(*args, **kwargs), None
    except AuditError as exc:
        return None, str(exc)
    except Exception as exc:  # a bug or an input we did not foresee: still one line, and the batch goes on
        return None, f"E000 {path}: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Files as given; folders walked (sorted) for files that may be reports."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not f.name.startswith(".") and f.suffix.lower() in REPORT_SUFFIXES \
                        and not f.name.endswith((".expected.json",)) and f.name not in {"SOURCES.tsv", "MANIFEST.tsv"}:
                    yield str(f)
        else:
            yield str(path)
