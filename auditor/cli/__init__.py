"""The thin typer CLI: each command parses its arguments and calls a plain library function."""

from __future__ import annotations

from auditor.cli import check as _check  # noqa: F401  (registers the command)
from auditor.cli import parse as _parse  # noqa: F401  (registers the command)
from auditor.cli import audit as _audit, dashboard as _dashboard, rank as _rank, report as _report  # noqa: F401, I001
from auditor.cli._util import app

__all__ = ["app", "main"]


def main() -> None:
    app()
