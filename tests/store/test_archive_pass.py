"""The archive pass takes shortcuts: the cross-year checks rerun only the rules that read the previous
report (when the report's results do not depend on its unstored document), a stored report is decoded
only as far as a step needs, and the texts of what a step leaves alone are copied rather than encoded
again.  Each must store exactly what the long way stores."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import pytest

import auditor.checks
from auditor.reuse.synth import write_archive
from auditor.store import Store, audit_paths
from tests.conftest import REPORTS
from tests.score.audit_fixtures import FAST_STAGES


def _dump(db: Path) -> dict[str, Any]:
    """Every table of the store, reports by path, blobs decoded (their JSON text too)."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    path_of = {r["id"]: r["path"] for r in con.execute("SELECT id, path FROM reports")}
    out: dict[str, Any] = {"reports": {}, "findings": {}, "blocks": [], "state": {}}
    for r in con.execute("SELECT * FROM reports"):
        d = dict(r)
        del d["updated_at"], d["id"]
        if d["report"] is not None:
            d["report"] = zlib.decompress(d["report"]).decode("utf-8")
            d["decoded"] = json.loads(d["report"])
        out["reports"][d["path"]] = d
    for r in con.execute("SELECT * FROM findings ORDER BY report_id, seq"):
        d = dict(r)
        del d["id"]
        out["findings"].setdefault(path_of[d.pop("report_id")], []).append(d)
    for r in con.execute("SELECT * FROM reuse_blocks"):
        d = dict(r)
        del d["id"]
        d["a_report"], d["b_report"] = path_of[d["a_report"]], path_of[d["b_report"]]
        out["blocks"].append(d)
    out["blocks"].sort(key=lambda d: json.dumps(d, sort_keys=True))
    out["state"] = dict(con.execute("SELECT key, value FROM state").fetchall())
    con.close()
    return out


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic reports (consecutive years of many agencies, with tables: cross-year pairs) and the one
    real consecutive pair, whose PDF tables make its checks depend on the document."""
    folder = tmp_path_factory.mktemp("pass") / "arc"
    write_archive(40, folder)
    for name in ("hongze-2023.pdf", "hongze-2024.pdf"):
        shutil.copy(REPORTS / name, folder / name)
    return folder


def test_cross_year_shortcut_stores_what_rerunning_every_rule_stores(archive: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    recheck = auditor.checks.recheck_with_previous

    def counted(report: Any, previous: Any, config: Any = None) -> Any:
        calls.append(report.file)
        return recheck(report, previous, config)

    monkeypatch.setattr(auditor.checks, "recheck_with_previous", counted)
    short = audit_paths([str(archive)], tmp_path / "short.db", workers=1, stages=FAST_STAGES)
    with Store(tmp_path / "short.db") as store:
        free = {store.rows("SELECT path FROM reports WHERE id = ?", (i,))[0]["path"]
                for i in store.document_free_checks()}
    assert str(archive / "hongze-2024.pdf") not in free  # its PDF tables cut lines out of the narrative
    assert len(calls) >= 10 and short.archive["cross_year"] > len(calls)  # both ways were taken

    monkeypatch.setattr(Store, "document_free_checks", lambda self: set())  # every rule, every time
    calls.clear()
    audit_paths([str(archive)], tmp_path / "long.db", workers=1, stages=FAST_STAGES)
    assert not calls
    a, b = _dump(tmp_path / "short.db"), _dump(tmp_path / "long.db")
    assert any(f["code"].startswith("cross_year.") for fs in a["findings"].values() for f in fs)
    assert a == b


def test_a_second_pass_stores_the_same(archive: Path, tmp_path: Path) -> None:
    """A pass over reports scored before (stored findings and measures of the scorer, rechecked findings)
    gives what the first pass gave."""
    db = tmp_path / "audit.db"
    audit_paths([str(archive)], db, workers=1, stages=FAST_STAGES)
    first = _dump(db)
    with Store(db) as store:
        store.set_state("dirty", "1")
        store.conn.execute("UPDATE reports SET scored = 0")  # every pair is rechecked again
        store.conn.commit()
    audit_paths([str(archive)], db, workers=1, stages=FAST_STAGES)
    assert _dump(db) == first


def test_results_do_not_depend_on_the_order_files_were_stored(tmp_path: Path) -> None:
    """Workers finish files in any order and a rerun appends new files at the end: the store's ids follow
    that order, the archive-wide results (copy sources, their evidence, cross-year pairs) must not."""
    write_archive(100, tmp_path / "arc")  # enough agencies that a passage has several possible sources
    files = sorted(str(p) for p in (tmp_path / "arc").rglob("*.*"))
    audit_paths(files, tmp_path / "sorted.db", workers=1, stages=FAST_STAGES)
    audit_paths(files[::-1][: len(files) // 2], tmp_path / "shuffled.db", workers=1, stages=FAST_STAGES)
    audit_paths(files, tmp_path / "shuffled.db", workers=1, stages=FAST_STAGES)
    ordered, shuffled = _dump(tmp_path / "sorted.db"), _dump(tmp_path / "shuffled.db")
    sources = {f["message"] for fs in ordered["findings"].values() for f in fs if "first source" in (f["message"] or "")}
    assert sources  # copies across agencies were found, so a source is named
    assert ordered["findings"] == shuffled["findings"]
    assert ordered["blocks"] == shuffled["blocks"]
    for path, row in ordered["reports"].items():
        assert row["decoded"] == shuffled["reports"][path]["decoded"], path
