"""The synthetic archive: realistic enough to exercise every stage, with its planted copies found."""

from __future__ import annotations

from auditor.model import Report
from auditor.reuse import find_reuse
from auditor.reuse.evaluate import span_scores
from auditor.reuse.synth import generate, mutate


def test_planted_copies_in_a_synthetic_archive_are_found() -> None:
    planted, reports = [], []
    for rep, pl in generate(120, seed=7):
        planted.extend(pl)
        reports.append(Report(file=rep.file, format="text", text=rep.text, agency=rep.agency, year=rep.year,
                              published=rep.published))
    assert {p.kind for p in planted} == {"cross_agency", "self_repeat"}
    result = find_reuse(reports, keep_text=False)
    scores = span_scores(result, planted)
    assert scores["recall"] >= 0.95 and scores["precision"] >= 0.95, scores


def test_generated_reports_have_six_sections_and_tables() -> None:
    rep, _ = next(generate(1, seed=1))
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in rep.text
    assert rep.text.count(" | ") > 20


def test_mutate_edits_about_the_asked_share() -> None:
    import random
    from difflib import SequenceMatcher

    text = "按照《条例》要求，进一步增强做好政府信息主动公开的意识，加大公开力度，凡涉及公民切身利益的政府信息都要主动公开。"
    for rate in (0.1, 0.3):
        ratios = [SequenceMatcher(None, text, mutate(text, rate, random.Random(i), "甲乙丙丁戊")).ratio()
                  for i in range(20)]
        mean = sum(ratios) / len(ratios)
        assert 1 - rate - 0.12 <= mean <= 1 - rate + 0.1, (rate, mean)
