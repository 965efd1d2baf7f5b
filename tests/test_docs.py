"""Docs enforced by tests: every finding code is documented; every command has help and an example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.pipeline import parse, run_stages
from tests.conftest import REPORTS

ROOT = Path(__file__).parents[1]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
# t2./t3./t4. literals are mostly cell keys; the checks' own ids are enforced by tests/checks (registry ↔ checks.md)
_PREFIXES = ("ingest", "structure", "tables", "narrative", "completeness", "timeliness", "substance",
             "responsiveness", "originality", "audit")
_ALT = "|".join(_PREFIXES)
_LITERAL = re.compile(rf"[\"']((?:{_ALT})\.[a-z_]+(?:\.[a-z_]+)*)[\"']")


def _documented(code: str) -> bool:
    return f"`{code}`" in DOCS or f"### {code}\n" in DOCS


def test_every_code_literal_in_the_package_is_documented() -> None:
    codes = set()
    for path in (ROOT / "auditor").rglob("*.py"):
        codes |= set(_LITERAL.findall(path.read_text(encoding="utf-8")))
    codes -= {"audit.db", "tables.json"}  # file names, not codes
    missing = sorted(c for c in codes if not _documented(c))
    assert not missing, f"finding codes without documentation in docs/*.md: {missing}"


@pytest.mark.parametrize("name", ["pingtan-2022.txt", "huarong-xzspj-2020.txt", "hongze-2024.pdf"])
def test_every_code_emitted_on_real_reports_is_documented(name: str) -> None:
    report = run_stages(parse(REPORTS / name), ["checks"])
    missing = sorted({f.code for f in report.findings if not _documented(f.code)})
    assert not missing, missing


def test_every_command_has_help_and_an_example() -> None:
    runner = CliRunner()
    commands = [c.name for c in app.registered_commands]
    assert {"parse", "check", "classify", "train", "reuse", "synth", "audit", "rank", "report", "dashboard"} <= set(commands)
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.stdout or "example" in result.stdout, f"`auditor {name} --help` has no example"
