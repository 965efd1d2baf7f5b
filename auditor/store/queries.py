"""Read-side queries over the store, shared by ``rank``, ``dashboard``, the XLSX and the notebook.

The SQL here is plain sqlite3 (no package functions), so ``notebooks/ranking.ipynb`` can copy it.
"""

from __future__ import annotations

from typing import Any

from auditor.score.cohort import rank_within
from auditor.store.db import COMPONENT_COLUMNS, Store

RANKING_SQL = (
    "SELECT id, path AS file, agency, year, template, level, region, published, score, coverage, "
    + ", ".join(COMPONENT_COLUMNS)
    + ", (SELECT count(*) FROM findings f WHERE f.report_id = reports.id AND f.status = 'fail') AS findings "
    "FROM reports WHERE status = 'ok' ORDER BY score DESC, path"
)
FINDINGS_SQL = (
    "SELECT r.id AS report_id, r.path AS file, r.agency, r.year, f.code, f.severity, f.status, f.stage, "
    "f.component, f.points, f.message, f.evidence FROM findings f JOIN reports r ON r.id = f.report_id "
    "ORDER BY r.id, f.seq"
)
PAIRS_SQL = (
    "SELECT b.kind, ra.path AS file, ra.agency, ra.year, b.a_start, b.a_end, b.a_text, "
    "rb.path AS source, rb.agency AS source_agency, rb.year AS source_year, b.b_start, b.b_end, b.b_text, "
    "b.overlap, b.source_known FROM reuse_blocks b JOIN reports ra ON ra.id = b.a_report "
    "JOIN reports rb ON rb.id = b.b_report ORDER BY b.kind, ra.path, b.a_start"
)
ERRORS_SQL = "SELECT id, path AS file, error FROM reports WHERE status = 'error' ORDER BY path"


def ranking(store: Store, by: str = "cohort") -> list[dict[str, Any]]:
    """Every scored report, ranked within its group (see :func:`auditor.score.cohort.rank_within`)."""
    return rank_within(store.rows(RANKING_SQL), by)


def findings(store: Store, failing_only: bool = True) -> list[dict[str, Any]]:
    rows = store.rows(FINDINGS_SQL)
    return [r for r in rows if r["status"] == "fail"] if failing_only else rows


def pairs(store: Store) -> list[dict[str, Any]]:
    return store.rows(PAIRS_SQL)


def errors(store: Store) -> list[dict[str, Any]]:
    return store.rows(ERRORS_SQL)


def ranking_json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stable JSON of ``auditor rank --out X.json``."""
    return [{"id": r["id"], "file": r["file"], "agency": r["agency"], "year": r["year"], "score": r["score"],
             "components": {c: r[c] for c in COMPONENT_COLUMNS}, "findings": r["findings"],
             "group": r["group"], "rank": r["rank"], "of": r["of"], "percentile": r["percentile"],
             "template": r["template"], "level": r["level"], "coverage": r["coverage"]} for r in rows]
