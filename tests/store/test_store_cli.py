"""The audit / rank / report / dashboard commands: arguments, outputs, one line per failure."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from auditor.cli import app
from tests.conftest import REPORTS
from tests.score.audit_fixtures import FAST_STAGES

runner = CliRunner()


def test_audit_with_out_dir_writes_the_ranking_and_the_dashboard(tmp_path):
    arc = tmp_path / "arc"
    arc.mkdir()
    for n in ("pingtan-2016.txt", "pingtan-2022.txt"):
        shutil.copy(REPORTS / n, arc / n)
    (arc / "empty.txt").write_bytes(b"")
    db, out = tmp_path / "audit.db", tmp_path / "out"
    res = runner.invoke(app, ["audit", str(arc), "--db", str(db), "--out-dir", str(out), "--quiet",
                                 "--stages", ",".join(FAST_STAGES)])
    assert res.exit_code == 0, res.output
    assert "3 file(s): 2 audited, 0 unchanged, 1 failed" in res.output
    assert sum(1 for line in res.output.splitlines() if line.startswith("error E101")) == 1
    for name in ("ranking.xlsx", "ranking.json", "dashboard.html"):
        assert (out / name).stat().st_size > 0
    ranking = json.loads((out / "ranking.json").read_text(encoding="utf-8"))
    assert len(ranking) == 2

    html = tmp_path / "r.html"
    res = runner.invoke(app, ["report", "--db", str(db), "--id", str(ranking[0]["id"]), "--out", str(html)])
    assert res.exit_code == 0, res.output
    assert "<h2>Findings" in html.read_text(encoding="utf-8")
    for bad in ("999", str(next(i for i in range(1, 4) if i not in {r["id"] for r in ranking}))):
        res = runner.invoke(app, ["report", "--db", str(db), "--id", bad, "--out", str(html)])
        assert res.exit_code == 1 and "E601" in res.output and len(res.output.strip().splitlines()) == 1


def test_audit_refuses_an_unknown_stage(tmp_path):
    res = runner.invoke(app, ["audit", str(REPORTS / "pingtan-2016.txt"), "--db", str(tmp_path / "a.db"),
                              "--stages", "structure,magic"])
    assert res.exit_code == 2 and "E901" in res.output and "magic" in res.output


def test_rank_refuses_an_unknown_grouping_and_a_missing_store(tmp_path):
    res = runner.invoke(app, ["rank", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "r.json")])
    assert res.exit_code == 2 and "no such audit database" in res.output
    res = runner.invoke(app, ["rank", "--db", str(tmp_path / "none.db"), "--by", "colour"])
    assert res.exit_code == 2 and "--by must be one of" in res.output
