"""`auditor check`: tables and findings per file, one error line per unreadable file, exit 1 at the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.checks import RULES
from auditor.cli import app

from .conftest import FIXTURES

runner = CliRunner()
REPORTS = FIXTURES / "reports"


def test_json_per_file_and_one_error_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = REPORTS / "pingtan-2022.txt"
    result = runner.invoke(app, ["check", "--json", str(empty), str(good)])
    assert result.exit_code == 1
    objs = [json.loads(x) for x in result.stdout.strip().splitlines()]
    assert [o["file"] for o in objs] == [str(good)]
    obj = objs[0]
    assert {"tables", "findings", "checks"} <= set(obj)
    assert set(obj["checks"]) <= set(RULES)
    errors = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(errors) == 1 and str(empty) in errors[0] and "E101" in errors[0]
    if obj["tables"].get("t3", {}).get("new_received"):  # once extraction keys t3 (another stage's work)
        stated = {f["data"].get("stated") for f in obj["findings"] if f["code"] == "narrative_vs_table"}
        assert 75.0 in stated


def test_human_output_prints_tables_and_findings() -> None:
    result = runner.invoke(app, ["check", str(REPORTS / "pingtan-2022.txt")])
    assert result.exit_code == 0, result.output
    assert "pingtan-2022.txt" in result.stdout and "checks:" in result.stdout


def test_bad_previous_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "none.pdf"
    result = runner.invoke(app, ["check", "--json", "--previous", str(missing), str(REPORTS / "pingtan-2022.txt")])
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 1
    assert "--previous" in result.stderr


@pytest.mark.slow
def test_previous_enables_cross_year_on_real_consecutive_pdfs() -> None:
    result = runner.invoke(app, ["check", "--json", "--previous", str(REPORTS / "hongze-2023.pdf"),
                                 str(REPORTS / "hongze-2024.pdf")])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout.strip().splitlines()[0])
    assert "cross_year.carry" in obj["checks"]


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0 and "Example: auditor check" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", ["hongze-2023", "hongze-2024", "huaian-city-2024", "huarong-xzspj-2020",
                                  "pingtan-2020", "pingtan-2022", "shuyang-fgj-2023"])
def test_end_to_end_reports_exactly_the_source_errors(name: str) -> None:
    """Through the real pipeline (ingest → structure → tables → checks): the arithmetic failures are the
    gold's, and narrative mismatches appear exactly where the gold has them."""
    from auditor.checks import check_file

    from .conftest import gold

    g = gold(name)
    report = check_file(str(REPORTS / Path(g["file"]).name))
    arith = ("t3.balance", "t3.total_processed", "t3.total_column", "t4.group_total")
    found = {(f.code, f.data["where"]) for f in report.findings if f.status == "fail" and f.code in arith}
    assert found == {(e["check"], e["where"]) for e in g["source_errors"] if e["check"] in arith}
    narrative = [f for f in report.findings if f.status == "fail" and f.code == "narrative_vs_table"]
    assert bool(narrative) == any(e["where"].startswith("narrative_vs_table") for e in g["source_errors"])
