"""What a supervisor needs to read the outputs: legends, labelled charts, links both ways, formatted sheets."""

from __future__ import annotations

import re
from html import unescape

from openpyxl import load_workbook

from auditor.render.dashboard import render_dashboard
from auditor.render.html_report import copies_of, render_report_html
from auditor.render.ranking_out import write_ranking
from auditor.render.svg import histogram, strip_plot
from auditor.store import queries
from auditor.store.db import COMPONENT_COLUMNS
from tests.render.conftest import HOSTILE


def _pages(store):
    for path in store.known():
        report = store.report(store.id_of(path))
        yield report, render_report_html(report, copies_of(report))


def test_report_has_legends_for_sentence_labels_and_table_marks(store):
    for _, html in _pages(store):
        legend = re.search(r'<p class="legend sticky">(.*?)</p>', html, re.S)
        assert legend, "no legend for the highlighted text"
        for cls in ("s-substantive", "s-boilerplate", "s-template", "ev", "cp"):
            assert f'class="{cls}"' in legend.group(1)
        if 'class="bad"' in html or 'class="amb"' in html:
            assert "failing cell" in html and "ambiguous" in html
        assert "Noto Sans CJK SC" in html and "sans-serif" in html  # a CJK stack, no font download
        assert "<script" not in html.replace("&lt;script", "") and "@import" not in html and "url(" not in html


def test_failing_cells_link_to_the_finding_that_fails_on_them(store):
    seen = 0
    for report, html in _pages(store):
        for key, target in re.findall(r'<td id="cell-([^"]+)" class="bad"[^>]*><a href="#(f-\d+)">', html):
            f = report.findings[int(target[2:])]
            assert f.status == "fail" and key in {e.cell for e in f.evidence}
            seen += 1
        bad = re.findall(r'<td id="cell-[^"]+" class="bad"', html)
        assert len(bad) == len(re.findall(r'<td id="cell-[^"]+" class="bad"[^>]*><a href="#f-', html))
    assert seen


def test_evidence_in_the_text_links_back_to_its_finding(store):
    for report, html in _pages(store):
        ids = set(re.findall(r'id="([^"]+)"', html))
        backs = re.findall(r'<a id="(ev-(\d+)-\d+)" class="back" href="#(f-\d+)"', html)
        for anchor, i, target in backs:
            assert target == f"f-{i}" and target in ids and f'href="#{anchor}"' in html
        spans = [e for f in report.findings for e in f.evidence if not e.file and not e.cell and e.end > e.start]
        assert len(backs) == len(spans)


def test_score_deductions_link_to_their_findings(store):
    for report, html in _pages(store):
        table = html[html.index('<table class="score">'):html.index("</table>", html.index('<table class="score">'))]
        targets = re.findall(r'<a href="#(f-\d+)">([^<]+)</a>', table)
        for target, code in targets:
            assert report.findings[int(target[2:])].code == unescape(code)


def test_copied_passages_sit_beside_their_sources_and_link_to_the_text(store):
    found = 0
    for report, html in _pages(store):
        for i, _ in enumerate(copies_of(report)):
            block = re.search(rf'<h3 id="copy-{i}">.*?</div></div>', html, re.S)
            assert block and block.group(0).count("<div>") == 2 and "source:" in block.group(0)
            assert f'<a id="cp-{i}" class="back" href="#copy-{i}"' in html and f'href="#cp-{i}"' in block.group(0)
            found += 1
    assert found, "the archive fixture should hold at least one copied passage"


def test_long_evidence_lists_fold_but_keep_every_anchor(store):
    import dataclasses

    from auditor.model import Evidence, Finding

    report = store.report(store.id_of(next(iter(store.known()))))
    spans = [Evidence(start=i, end=i + 3, text=report.text[i:i + 3]) for i in range(0, 60, 4)]
    cells = [Evidence(start=0, end=0, cell=k) for k in sorted(report.cells)[:30]]
    many = Finding(code="x.many", severity="warning", status="fail", message="many", evidence=(*spans, *cells))
    report = dataclasses.replace(report, findings=(*report.findings, many))
    html = render_report_html(report)
    assert "<details><summary>" in html
    n = len(report.findings) - 1
    assert all(f'id="ev-{n}-{k}"' in html for k in range(len(spans)))
    links, ids = set(re.findall(r'href="#([^"]+)"', html)), set(re.findall(r'id="([^"]+)"', html))
    assert links <= ids


def test_dashboard_charts_are_labelled(store):
    html = render_dashboard(store)
    assert html.count("score (0–100)") >= 2  # the cohort strip plot and the histogram axes
    assert ">reports</text>" in html  # histogram y axis
    for r in queries.ranking(store):
        assert escape_text(r["group"]) in html  # every cohort is named on the chart
    for c in COMPONENT_COLUMNS:
        assert re.search(rf"{c} \(max \d+\)", html)
    assert "score colour:" in html and "cannot verify" in html
    for name in ("id", "coverage"):
        assert f"<th>{name}</th>" in html


def escape_text(s: str) -> str:
    from html import escape

    return escape(s)


def test_svg_charts_escape_labels_and_name_their_axes():
    svg = strip_plot([(HOSTILE, [50.0, 70.0]), ("2022/2021/government", [80.0])])
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "score (0–100)" in svg and "n · median" in svg and svg.count("<circle") == 3
    hist = histogram([10.0, 55.0, 99.0], title=HOSTILE)
    assert "<script" not in hist and ">100</text>" in hist and ">reports</text>" in hist


def test_xlsx_columns_are_formatted_and_explained(store, tmp_path):
    out = tmp_path / "r.xlsx"
    write_ranking(store, out)
    wb = load_workbook(out)
    ws = wb["rankings"]
    headers = [c.value for c in ws[1]]
    for i, h in enumerate(headers, start=1):
        width = ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width
        assert width and width >= min(len(str(h)), 12), h
    notes = {h: c.comment.text for h, c in zip(headers, ws[1], strict=True) if c.comment}
    assert {"cohort", "score", "coverage", *COMPONENT_COLUMNS} <= set(notes)
    assert "cannot verify" in notes["accuracy"]
    col = {h: i for i, h in enumerate(headers)}
    for row in ws.iter_rows(min_row=2):
        if isinstance(row[col["coverage"]].value, float):
            assert row[col["coverage"]].number_format == "0%"
        if row[col["score"]].value is not None:
            assert row[col["score"]].number_format == "0.0"
    pairs = wb["copy-paste pairs"]
    ph = [c.value for c in pairs[1]]
    overlaps = [r[ph.index("overlap")] for r in pairs.iter_rows(min_row=2)]
    assert all(c.number_format == "0%" for c in overlaps if c.value is not None)
