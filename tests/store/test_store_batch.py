"""The batch engine and its SQLite store on real reports: skip unchanged, redo changed, record failures,
and survive a real kill -9 in the middle of a batch with every file stored exactly once."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.store import Store, audit_paths
from tests.conftest import REPORTS
from tests.score.audit_fixtures import FAST_STAGES

TEXT_REPORTS = ("pingtan-2013.txt", "pingtan-2014.txt", "pingtan-2015.txt", "pingtan-2016.txt")


def _archive(folder: Path, names=TEXT_REPORTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy(REPORTS / n, folder / n)
    return folder


def _rows(db: Path) -> list[dict]:
    with Store(db) as store:
        return store.rows("SELECT id, path, sha256, status, error, score, scored, updated_at FROM reports ORDER BY path")


def test_rerun_of_an_unchanged_archive_does_no_work(tmp_path):
    folder = _archive(tmp_path / "arc")
    db = tmp_path / "audit.db"
    first = audit_paths([str(folder)], db, workers=1, stages=FAST_STAGES)
    assert first.parsed == len(TEXT_REPORTS) and first.failed == 0 and first.archive["scored"] == len(TEXT_REPORTS)
    before = _rows(db)
    assert all(r["status"] == "ok" and r["scored"] == 1 for r in before)
    time.sleep(1.1)  # updated_at has one-second resolution: a rewrite would show
    again = audit_paths([str(folder)], db, workers=1, stages=FAST_STAGES)
    assert (again.parsed, again.skipped, again.failed, again.archive) == (0, len(TEXT_REPORTS), 0, {})
    assert _rows(db) == before


def test_a_changed_file_is_redone_and_the_archive_rescored(tmp_path):
    folder = _archive(tmp_path / "arc")
    db = tmp_path / "audit.db"
    audit_paths([str(folder)], db, workers=1, stages=FAST_STAGES)
    target = folder / TEXT_REPORTS[0]
    target.write_text(target.read_text(encoding="utf-8").replace("平潭", "平谭", 1), encoding="utf-8")
    again = audit_paths([str(folder)], db, workers=1, stages=FAST_STAGES)
    assert again.parsed == 1 and again.skipped == len(TEXT_REPORTS) - 1
    assert again.archive["scored"] == len(TEXT_REPORTS)  # reuse is archive-wide: every score is refreshed
    assert len(_rows(db)) == len(TEXT_REPORTS)


def test_a_failing_file_is_recorded_and_the_run_goes_on(tmp_path):
    folder = _archive(tmp_path / "arc", TEXT_REPORTS[:2])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    db = tmp_path / "audit.db"
    summary = audit_paths([str(folder)], db, workers=1, stages=FAST_STAGES)
    assert summary.parsed == 2 and summary.failed == 2
    rows = {Path(r["path"]).name: r for r in _rows(db)}
    assert rows["empty.txt"]["status"] == "error" and rows["empty.txt"]["error"].startswith("E101")
    assert rows["broken.pdf"]["status"] == "error" and rows["broken.pdf"]["error"].startswith("E1")
    assert all(rows[n]["status"] == "ok" and rows[n]["score"] is not None for n in TEXT_REPORTS[:2])
    # a failed file is not retried while it is unchanged
    assert audit_paths([str(folder)], db, workers=1, stages=FAST_STAGES).skipped == 4


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM reports").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_9_mid_batch_then_resume_stores_every_file_exactly_once(tmp_path):
    folder = tmp_path / "arc"
    folder.mkdir()
    n_files = 0
    for i in range(10):  # real reports under many names: the batch takes long enough to be killed inside
        for src in ("pingtan-2014.txt", "pingtan-2016.txt", "pingtan-2020.txt", "huarong-xzspj-2020.txt"):
            shutil.copy(REPORTS / src, folder / f"{i:03d}-{src}")
            n_files += 1
    db = tmp_path / "audit.db"
    cmd = [sys.executable, "-c", "from auditor.cli import main; main()", "audit", str(folder), "--db", str(db),
           "--workers", "2", "--quiet", "--stages", ",".join(FAST_STAGES)]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while _count(db) < 5 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed: make the archive bigger"
    os.killpg(proc.pid, signal.SIGKILL)  # the main process and its workers, no clean-up of any kind
    proc.wait()
    stored = _count(db)
    assert 5 <= stored < n_files
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = _rows(db)
    assert len(rows) == n_files == len({r["path"] for r in rows})
    assert all(r["status"] == "ok" and r["scored"] == 1 and r["score"] is not None for r in rows)
    with Store(db) as store:
        dup = store.rows("SELECT report_id, seq, count(*) AS n FROM findings GROUP BY report_id, seq HAVING n > 1")
        assert not dup
        assert store.get_state("dirty") == "0"
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert f"0 audited, {n_files} unchanged" in again.stdout


def _audit_chunk_that_crashes(items, version, stages=None):
    """A worker that dies outright (as on a segfault or the OOM killer) on files named *poison*."""
    from auditor.store.worker import audit_chunk

    if any("poison" in p for p, _ in items):
        os._exit(1)
    return audit_chunk(items, version, stages)


def test_a_worker_dying_on_one_file_fails_that_file_only(tmp_path, monkeypatch):
    import auditor.store.batch as batch

    folder = tmp_path / "arc"
    folder.mkdir()
    for i in range(6):
        for n in TEXT_REPORTS:
            shutil.copy(REPORTS / n, folder / f"{i}-{n}")
    shutil.copy(REPORTS / TEXT_REPORTS[0], folder / "2-poison.txt")
    # the pool's workers are forked from this process, so they see the patched function
    monkeypatch.setattr(batch, "audit_chunk", _audit_chunk_that_crashes)
    summary = audit_paths([str(folder)], tmp_path / "audit.db", workers=2, chunk=4, stages=FAST_STAGES)
    assert summary.failed == 1 and summary.parsed == 6 * len(TEXT_REPORTS)
    rows = {Path(r["path"]).name: r for r in _rows(tmp_path / "audit.db")}
    assert rows["2-poison.txt"]["status"] == "error" and "worker process died" in rows["2-poison.txt"]["error"]
    assert sum(r["status"] == "ok" for r in rows.values()) == 6 * len(TEXT_REPORTS)


def test_every_point_lost_is_a_stored_finding(tmp_path):
    folder = _archive(tmp_path / "arc", ("pingtan-2020.txt", "pingtan-2022.txt", "huarong-xzspj-2020.txt"))
    db = tmp_path / "audit.db"
    audit_paths([str(folder)], db, workers=1, stages=FAST_STAGES)
    with Store(db) as store:
        rows = store.rows("SELECT r.id, r.score, sum(f.points) AS lost FROM reports r "
                          "LEFT JOIN findings f ON f.report_id = r.id GROUP BY r.id")
        assert any(r["lost"] for r in rows)
        for r in rows:
            score = store.report(r["id"]).measures["score"]
            missing = sum(c["max"] - c["points"] for c in score["components"].values() if c["points"] is not None)
            assert abs((r["lost"] or 0) - missing) < 0.05, (r, missing)
            priced = store.rows("SELECT DISTINCT component FROM findings WHERE report_id = ? AND points > 0",
                                (r["id"],))
            assert all(p["component"] in score["components"] for p in priced)
