"""The `narrative` stage on REAL reports ↔ auditor/narrative/stage.py and measures.py."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from auditor.model import Report
from auditor.pipeline import parse
from auditor.registry import STAGES
from tests.conftest import REPORTS

# Section 五 of the seed states three slogans as its problems; Pingtan's 2022 report names one thing that
# fell short ("重点项目建设未进行全流程信息公开").
SLOGANS = "huarong-xzspj-2020.txt"
NAMES_SHORTFALL = "pingtan-2022.txt"


@cache
def run(name: str) -> Report:
    return parse(REPORTS / name, stages=("structure", "narrative"))


def test_stage_is_registered() -> None:
    import auditor.narrative  # noqa: F401

    st = STAGES["narrative"]
    assert "sentences" in st.assigns and "measures" in st.assigns


@pytest.mark.parametrize("name", [SLOGANS, NAMES_SHORTFALL, "shuyang-fgj-2023.html", "pingtan-2015.txt"])
def test_sentences_carry_offsets_and_labels(name: str) -> None:
    r = run(name)
    assert r.sentences
    narrative_nos = {s.no for s in r.sections if s.key in ("overview", "problems", "other")} \
        if r.template != "legacy" else {s.no for s in r.sections}
    for s in r.sentences:
        assert r.text[s.start : s.end] == s.text
        assert s.section in narrative_nos
        assert s.label in ("substantive", "boilerplate", "template")
        assert 0.0 <= s.p_substantive <= 1.0
    five = r.section("problems")
    parts = {s.part for s in r.sentences if five and s.section == five.no}
    assert {"problem", "improvement"} <= parts


def test_table_sections_are_not_labelled() -> None:
    r = run(SLOGANS)
    table_nos = {s.no for s in r.sections if s.key in ("proactive", "requests", "review")}
    assert table_nos and not any(s.section in table_nos for s in r.sentences)


def test_statistics_period_is_template() -> None:
    r = run(SLOGANS)
    period = [s for s in r.sentences if "统计期限" in s.text or "统计时限" in s.text]
    assert all(s.label == "template" for s in period)


def test_slogan_problems_score_lower_than_named_shortfalls() -> None:
    slogans = run(SLOGANS).measures["narrative"]["problems"]
    named = run(NAMES_SHORTFALL).measures["narrative"]["problems"]
    assert slogans["count"] >= 3 and named["count"] >= 3
    assert slogans["share_specific"] < named["share_specific"]
    assert len(slogans["generic"]) == slogans["count"]  # every slogan is named as generic
    mean = lambda m: sum(i["p_substantive"] for i in m["items"]) / len(m["items"])  # noqa: E731
    assert mean(slogans) < mean(named)


def test_each_improvement_answers_its_problem() -> None:
    # Pingtan 2022 pairs them one to one: 一是 answers 一是, 二是 answers 二是…
    resp = run(NAMES_SHORTFALL).measures["narrative"]["responsiveness"]
    assert [a["problem"] for a in resp["answers"]] == list(range(len(resp["answers"])))
    assert resp["unanswered"] == []


def test_unanswered_problems_become_a_finding() -> None:
    r = run(SLOGANS)
    unanswered = r.measures["narrative"]["responsiveness"]["unanswered"]
    codes = [f.code for f in r.findings if f.stage == "narrative"]
    assert "narrative.generic_problems" in codes
    assert ("narrative.unanswered_problems" in codes) == bool(unanswered)


def test_redundancy_sees_a_repeated_passage() -> None:
    r = run(NAMES_SHORTFALL)
    base = r.measures["narrative"]["redundancy"]["share_repeated"]
    five = r.section("problems")
    # the same report with section 五's body pasted again at its end: the repetition must be measured
    body = r.text[five.body_start : five.end]
    text = r.text[: five.end] + body + r.text[five.end :]
    sections = tuple(dataclasses.replace(s, end=s.end + len(body)) if s.no == five.no else s for s in r.sections)
    doubled = STAGES["narrative"].func(dataclasses.replace(r, text=text, sections=sections, sentences=()))
    assert doubled.measures["narrative"]["redundancy"]["share_repeated"] > base + 0.05


def test_shares_and_density_are_in_range() -> None:
    m = run(NAMES_SHORTFALL).measures["narrative"]
    for sec in m["sections"].values():
        assert sec["share_substantive"] is None or 0.0 <= sec["share_substantive"] <= 1.0
    assert m["specificity_density"] > 0
