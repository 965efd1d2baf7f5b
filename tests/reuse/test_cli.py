"""`auditor reuse --json` keeps its published schema; `auditor synth` writes an archive and its manifest."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from auditor.cli import app
from tests.conftest import REPORTS

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "reuse.schema.json").read_text(encoding="utf-8"))
runner = CliRunner()
FILES = [str(REPORTS / f) for f in ("pingtan-2012.txt", "pingtan-2013.txt", "pingtanxian-2012.txt")]


def test_reuse_json_matches_schema_and_offsets() -> None:
    result = runner.invoke(app, ["reuse", "--json", *FILES])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    jsonschema.validate(obj, SCHEMA)
    assert obj["blocks"] and {r["file"] for r in obj["reports"]} == set(FILES)
    for b in obj["blocks"]:
        for side in ("a", "b"):
            span = b[side]
            text = Path(span["file"]).read_text(encoding="utf-8")
            assert span["start"] < span["end"] <= len(text)
            # offsets are into the parsed text, which keeps the length of the file's own text
            assert span["text"].strip()


def test_reuse_reports_a_bad_file_and_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["reuse", str(empty), *FILES[:2]])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "originality" in result.output


def test_synth_writes_reports_and_ground_truth(tmp_path: Path) -> None:
    result = runner.invoke(app, ["synth", "60", str(tmp_path / "arch"), "--seed", "3"])
    assert result.exit_code == 0, result.output
    manifest = [json.loads(x) for x in (tmp_path / "arch" / "MANIFEST.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(manifest) == 60
    planted = [p for m in manifest for p in m["planted"]]
    assert planted
    for p in planted:
        text = (tmp_path / "arch" / p["target"]).read_text(encoding="utf-8")
        assert 0 <= p["t_start"] < p["t_end"] <= len(text)
