"""`auditor classify` ↔ auditor/cli/classify.py."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from auditor.cli import app
from tests.narrative.cases import RUBRIC_EXAMPLES

runner = CliRunner()


def test_classify_stdin_jsonl() -> None:
    lines = [t for t, _ in RUBRIC_EXAMPLES[:5]]
    res = runner.invoke(app, ["classify", "--jsonl"], input="\n".join(lines) + "\n\n")
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["text"] for r in rows] == lines  # blank lines skipped, order kept
    assert {tuple(r) for r in rows} == {("text", "label", "p_substantive")}
    assert [r["label"] for r in rows] == [lab for _, lab in RUBRIC_EXAMPLES[:5]]


def test_classify_file(tmp_path) -> None:
    f = tmp_path / "s.txt"
    f.write_text("本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n", encoding="utf-8")
    res = runner.invoke(app, ["classify", str(f), "--jsonl"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["label"] == "template"


def test_missing_file_is_one_line(tmp_path) -> None:
    res = runner.invoke(app, ["classify", str(tmp_path / "none.txt")])
    assert res.exit_code == 1
    assert "none.txt" in res.output and len(res.output.strip().splitlines()) == 1
