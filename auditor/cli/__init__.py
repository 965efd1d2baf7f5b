"""The thin typer CLI: each command parses its arguments and calls a plain library function."""

from __future__ import annotations

from auditor.cli import parse as _parse  # noqa: F401  (registers the command)
from auditor.cli._util import app

__all__ = ["app", "main"]


def main() -> None:
    app()
