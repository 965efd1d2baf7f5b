"""`auditor parse --json` keeps its published schema on every real report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from auditor.cli import app
from tests.conftest import REPORTS

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "parse.schema.json").read_text(encoding="utf-8"))
runner = CliRunner()


def _reports() -> list[Path]:
    return sorted(p for p in REPORTS.iterdir() if p.suffix in {".txt", ".html", ".pdf", ".docx"})


@pytest.mark.parametrize("path", _reports(), ids=lambda p: p.name)
def test_parse_json_matches_schema(path: Path) -> None:
    result = runner.invoke(app, ["parse", "--json", str(path)])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout.strip().splitlines()[0])
    jsonschema.validate(obj, SCHEMA)
    assert obj["file"] == str(path)
    for s in obj["sections"]:
        assert s["start"] <= s["body_start"] <= s["end"]


def test_parse_reports_every_bad_file_and_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    good = REPORTS / "pingtan-2022.txt"
    result = runner.invoke(app, ["parse", "--json", str(empty), str(good)])
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.strip().splitlines()]
    assert [x["file"] for x in lines] == [str(good)]
    assert "empty.html" in result.stderr and "Traceback" not in result.stderr
