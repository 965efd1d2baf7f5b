"""Ranking files (JSON / CSV / XLSX), the one-report HTML audit and the dashboard, on real reports."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from auditor.render.dashboard import render_dashboard
from auditor.render.html_report import copies_of, render_report_html
from auditor.render.ranking_out import write_ranking
from auditor.score import COMPONENTS, score_report, with_score
from auditor.store import queries
from auditor.store.worker import available_stages
from tests.render.conftest import HOSTILE, SOURCES
from tests.score.audit_fixtures import gold_report

N_REPORTS = len(SOURCES) + 1


def test_ranking_json_has_the_documented_shape(store, tmp_path):
    out = tmp_path / "r.json"
    assert write_ranking(store, out) == N_REPORTS
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == N_REPORTS
    for r in rows:
        assert {"file", "agency", "year", "score", "components", "findings"} <= set(r)
        assert set(r["components"]) == set(COMPONENTS)
        assert isinstance(r["findings"], int)
        assert r["score"] is None or 0 <= r["score"] <= 100
    # best first within each group
    for g in {r["group"] for r in rows}:
        scores = [r["score"] for r in rows if r["group"] == g and r["score"] is not None]
        assert scores == sorted(scores, reverse=True)


def test_ranking_csv_and_grouping(store, tmp_path):
    out = tmp_path / "r.csv"
    write_ranking(store, out, by="level")
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == N_REPORTS
    assert {r["group"] for r in rows} <= {"government", "department", "township", "unknown"}


def test_xlsx_has_three_formatted_sheets(store, tmp_path):
    out = tmp_path / "r.xlsx"
    write_ranking(store, out)
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["rankings", "findings", "copy-paste pairs"]
    for ws in (wb["rankings"], wb["findings"], wb["copy-paste pairs"]):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws["A1"].font.bold
    assert wb["rankings"].max_row == N_REPORTS + 1
    headers = [c.value for c in wb["findings"][1]]
    ev_col = headers.index("evidence")
    evidence = [row[ev_col].value for row in wb["findings"].iter_rows(min_row=2)]
    assert evidence and any(evidence)
    # report text never becomes a formula
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def _hostile_report(store):
    rid = store.id_of(next(p for p in store.known() if p.endswith("hostile-2022.txt")))
    return store.report(rid)


def test_report_html_escapes_untrusted_text(store):
    report = _hostile_report(store)
    html = render_report_html(report, copies_of(report))
    assert "<script>" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&amp;amp;" in html  # an entity in the source shows as written, not decoded


def test_every_finding_links_to_an_anchor_that_exists(store):
    for path in store.known():
        rid = store.id_of(path)
        report = store.report(rid)
        html = render_report_html(report, copies_of(report))
        links = set(re.findall(r'href="#([^"]+)"', html))
        ids = set(re.findall(r'id="([^"]+)"', html))
        assert links <= ids, sorted(links - ids)[:5]
        n_fail = sum(1 for f in report.findings if f.status == "fail")
        assert html.count('<li id="f-') == len(report.findings) and n_fail <= len(report.findings)


def test_failing_cells_are_marked_in_the_tables(store):
    report = store.report(store.id_of(next(p for p in store.known() if p.endswith("pingtan-2020.txt"))))
    if "checks" not in available_stages():
        pytest.skip("the checks stage is not registered")
    # pingtan-2020 has a genuine t3 error in the source (gold: source_errors)
    bad = {e.cell for f in report.findings if f.status == "fail" for e in f.evidence if e.cell}
    assert bad
    html = render_report_html(report)
    marked = set(re.findall(r'<td id="cell-([^"]+)" class="bad"', html))
    assert marked and marked <= bad


def test_sentences_are_highlighted_by_label():
    r = gold_report("pingtan-2022")  # labels from the annotated corpus
    r = with_score(r, score_report(r, ran={"structure", "tables", "narrative"}))
    html = render_report_html(r)
    for s in r.sentences[:10]:
        m = re.search(r'<span class="s-' + s.label + r'( ev)?">([^<]*)</span>', html)
        assert m, s.label
    assert html.count('class="s-boilerplate') >= sum(1 for s in r.sentences if s.label == "boilerplate")


def test_dashboard_is_offline_and_escaped(store, tmp_path):
    # the agency name is report text too: make it hostile in a copy of the store row
    report = _hostile_report(store)
    store.conn.execute("UPDATE reports SET agency = ? WHERE path LIKE '%hostile-2022.txt'", (HOSTILE,))
    try:
        html = render_dashboard(store)
    finally:
        store.conn.rollback()
    assert report.agency != HOSTILE
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert html.count("<svg") >= 3
    external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', html) if not u.startswith("#")]
    assert not external
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html)


def test_notebook_is_valid_and_its_sql_runs(store):
    import sqlite3

    nb = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "ranking.ipynb").read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4 and nb["cells"]
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    sqls = dict(re.findall(r'(\w+_SQL) = """(.*?)"""', code, re.S))
    assert {"RANKING_SQL", "RANKED_SQL", "FINDINGS_SQL", "PAIRS_SQL"} <= set(sqls)
    con = sqlite3.connect(store.path)
    con.row_factory = sqlite3.Row
    try:
        for sql in sqls.values():
            con.execute(sql).fetchall()
        assert len(con.execute(sqls["RANKING_SQL"]).fetchall()) == N_REPORTS
        # the SQL-only ranking of the notebook is the CLI's ranking
        nb_rank = [(r["file"], r["rank"], r["of"], r["percentile"]) for r in con.execute(sqls["RANKED_SQL"])]
    finally:
        con.close()
    cli_rank = [(r["file"], r["rank"], r["of"], r["percentile"]) for r in queries.ranking(store) if r["score"] is not None]
    assert nb_rank == cli_rank
