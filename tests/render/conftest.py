"""A small audited archive of real reports (one with hostile markup pasted in), shared by the render tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.store import Store, audit_paths
from tests.conftest import REPORTS
from tests.score.audit_fixtures import FAST_STAGES

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>&amp;"
SOURCES = ("pingtan-2020.txt", "pingtan-2022.txt", "huarong-xzspj-2020.txt", "shuyang-fgj-2023.html")


@pytest.fixture(scope="session")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("render")
    folder = root / "arc"
    folder.mkdir()
    for name in SOURCES:
        shutil.copy(REPORTS / name, folder / name)
    # a real report with markup pasted into its narrative: every renderer must show it as text
    text = (REPORTS / "pingtan-2022.txt").read_text(encoding="utf-8")
    (folder / "hostile-2022.txt").write_text(text.replace("一、总体情况", "一、总体情况 " + HOSTILE, 1),
                                            encoding="utf-8")
    db = root / "audit.db"
    summary = audit_paths([str(folder)], db, workers=1, stages=FAST_STAGES)
    assert summary.failed == 0, summary.errors
    return db


@pytest.fixture()
def store(archive_db: Path):
    with Store(archive_db) as s:
        yield s
