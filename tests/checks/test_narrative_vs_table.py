"""Narrative vs tables on the real reports (gold tables + real text), and the extractor's scope rules."""

from __future__ import annotations

import re

import pytest

from auditor.checks import run_checks
from auditor.checks.count_claims import extract_claims
from auditor.model import Report

from .conftest import FIXTURES, gold, gold_report, table_gold_names

NAMES = table_gold_names()
ONLY = {k: {"enabled": False} for k in ("completeness.blank_cells", "completeness.blank_total")}


def _narrative_findings(report: Report) -> list:
    return [f for f in run_checks(report, config=ONLY).findings if f.code == "narrative_vs_table"]


@pytest.mark.parametrize("name", NAMES)
def test_mismatches_are_exactly_the_gold_narrative_errors(name: str) -> None:
    """hongze-2024 (17 vs 95) and pingtan-2022 (75 vs 74) are the real ones; no other report has any."""
    g = gold(name)
    expected = [e for e in g["source_errors"] if e["where"].startswith("narrative_vs_table")]
    fails = [f for f in _narrative_findings(gold_report(name)) if f.status == "fail"]
    assert bool(fails) == bool(expected)
    for e in expected:
        # the gold detail quotes the stated count and the table's value: both must be in a finding
        m = re.search(r"申请\s*(\d+)\s*件.*?is (\d+)", e["detail"]) or \
            re.search(r"申请(\d+)件.*?new_received is (\d+)", e["detail"])
        assert m, e["detail"]
        stated, table = float(m.group(1)), float(m.group(2))
        assert any(f.data["stated"] == stated and f.data["table"] == table and f.severity == "warning"
                   for f in fails), [f.message for f in fails]


def test_pingtan_2022_mismatch_explains_the_scope_slip() -> None:
    fails = [f for f in _narrative_findings(gold_report("pingtan-2022")) if f.status == "fail"]
    total = next(f for f in fails if f.data["cells"] == ["t3.new_received.total"])
    assert "t3.carried_over.total" in total.message  # 75 = new_received 74 + carried_over 1
    assert any(e.start >= 0 and "75" in e.text for e in total.evidence)


def test_hongze_2024_finding_points_at_the_sentence() -> None:
    report = gold_report("hongze-2024")
    f = next(f for f in _narrative_findings(report) if f.status == "fail")
    span = next(e for e in f.evidence if e.cell is None)
    assert re.sub(r"\s+", "", report.text[span.start:span.end]).endswith("受理政府信息公开申请17件")


def test_huaian_states_every_count_the_gold_notes_list() -> None:
    """The gold notes list the narrative numbers that agree with the tables; each is found and passes."""
    notes = gold("huaian-city-2024")["notes"]
    listed = {float(x) for x in re.findall(r"\d+", notes[notes.index("Narrative numbers"):].split(")")[0])}
    flagged = [f for f in run_checks(gold_report("huaian-city-2024")).findings if f.code == "narrative_vs_table"]
    assert not flagged  # nothing failed or was unverifiable
    claims = {c.value for c in extract_claims(gold_report("huaian-city-2024"))}
    assert listed <= claims


@pytest.mark.parametrize("name", ["hongze-2023", "shuyang-fgj-2023", "pingtan-2020"])
def test_request_count_stated_in_the_narrative_is_found_and_agrees(name: str) -> None:
    report = gold_report(name)
    claims = [c for c in extract_claims(report) if c.cells == ("t3.new_received.total",)]
    assert claims
    assert all(c.value == report.cells["t3.new_received.total"].value for c in claims)


def test_found_counts_per_report() -> None:
    """What the extractor reads in the real reports (the list docs/checks.md quotes)."""
    found = {n: sorted(c.descriptor for c in extract_claims(gold_report(n))) for n in NAMES}
    assert found["pingtan-2022"] == sorted(["t2.normative.in_force", "t2.normative.issued", "t3.new_received",
                                            "t3.new_received.natural_person", "t3.new_received.commercial",
                                            "t4.litigation", "t4.review"])
    assert len(found["huaian-city-2024"]) == 15
    assert found["huarong-xzspj-2020"] == []  # its narrative states no count of a table cell


def _one(sentence: str, year: int = 2022) -> list[tuple[str, float]]:
    base = gold_report("pingtan-2022")
    report = Report(file="x", format="text", text=sentence, year=year, template="2021", cells=base.cells)
    return [(c.descriptor, c.value) for c in extract_claims(report)]


CASES = [
    ("全年共收到政府信息公开申请74件，均按时答复。", [("t3.new_received", 74)]),
    ("全年收到政府信息公开申请同比增长10件。", []),
    ("全年共受理政府信息公开申请1,074件。", [("t3.new_received", 1074)]),
    ("主动公开政府信息5500余条，办结率100%。", []),
    ("2021年收到政府信息公开申请50件。", []),
    ("共收到群众咨询留言120件。", []),
    ("发生行政复议、行政诉讼案件共3件。", []),
    ("本年度未收到政府信息公开申请。", [("t3.new_received", 0)]),
    ("未发生政府信息公开行政复议、行政诉讼案件。", [("t4.review", 0), ("t4.litigation", 0)]),
    ("办理的申请中，予以公开21件，部分公开9件。", [("t3.granted", 21), ("t3.partially_granted", 9)]),
    ("予以公开21件。", []),  # outcome words count requests only in a sentence about 申请
    ("另有3件结转下年度办理。", [("t3.carried_forward", 3)]),
    ("自然人72件。", []),  # a sub-count without its head in the sentence is not read
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_extractor_scope_rules(sentence: str, expected: list[tuple[str, float]]) -> None:
    assert _one(sentence) == [(d, float(v)) for d, v in expected]


def _page_claims(page: str) -> list[tuple[str, float]]:
    """Claims in a real report opening (tests/fixtures/pages), read against a 2021 table's keys."""
    text = (FIXTURES / "pages" / page).read_text(encoding="utf-8")
    report = Report(file=page, format="text", text=text, template="2021", cells=gold_report("pingtan-2022").cells)
    return [(c.descriptor, c.value) for c in extract_claims(report)]


# Real openings of other agencies' reports: what must be read, and what must not (regressions).
PAGES = [
    ("102.txt", {("t3.new_received", 42), ("t3.total_processed", 39), ("t3.carried_forward", 3)}, set()),
    ("081.txt", {("t3.new_received", 0), ("t4.review", 0), ("t4.litigation", 0)}, set()),
    ("075.txt", {("t4.review", 0)}, set()),  # and its t4 header '未经复议直接起诉' is not a nil statement
    ("099.txt", {("t3.total_processed", 59)}, {("t3.carried_over", 47)}),  # '结转上年后新收到…47件'
    ("132.txt", set(), {("t3.denied", 10)}),  # '…不予公开备案、办事公开等10项' lists kinds of work
]


@pytest.mark.parametrize(("page", "must", "must_not"), PAGES)
def test_real_report_openings(page: str, must: set, must_not: set) -> None:
    claims = _page_claims(page)
    found = set(claims)
    assert {(d, float(v)) for d, v in must} <= found
    assert not ({(d, float(v)) for d, v in must_not} & found)
    if page == "075.txt":
        assert len([c for c in claims if c[0] == "t4.review"]) == 1
