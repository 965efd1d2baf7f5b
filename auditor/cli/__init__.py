"""The thin typer CLI: each command parses its arguments and calls a plain library function."""

from __future__ import annotations

from auditor.cli import audit as _audit  # noqa: F401  (registers the command)
from auditor.cli import check as _check  # noqa: F401  (registers the command)
from auditor.cli import classify as _classify  # noqa: F401  (registers the command)
from auditor.cli import dashboard as _dashboard  # noqa: F401  (registers the command)
from auditor.cli import parse as _parse  # noqa: F401  (registers the command)
from auditor.cli import rank as _rank  # noqa: F401  (registers the command)
from auditor.cli import report as _report  # noqa: F401  (registers the command)
from auditor.cli import reuse as _reuse  # noqa: F401  (registers the command)
from auditor.cli import synth as _synth  # noqa: F401  (registers the command)
from auditor.cli import train as _train  # noqa: F401  (registers the command)
from auditor.cli._util import app

__all__ = ["app", "main"]


def main() -> None:
    app()
