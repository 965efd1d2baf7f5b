"""Substance and responsiveness on real reports with their annotated sentence labels (the gold corpus),
so they run whether or not the narrative stage has landed: a real slogan from another agency's report
put in place of a specific problem, and a real improvement that answers nothing put in place of one."""

from __future__ import annotations

from auditor.score import score_report
from tests.score.audit_fixtures import gold_report, text_of

RAN = {"structure", "tables", "narrative"}
SPECIFIC_PROBLEM = "二是部分重点领域信息公开深度不足，重点项目建设未进行全流程信息公开。"
# real sentences of pingtan-2020 五, labelled boilerplate in the annotated corpus
SLOGAN_PROBLEM = "各部门政府信息公开工作的开展还不够均衡；"
IMPROVEMENT = "三是丰富政策解读形式和方式，通过发表文章、政策问答、在线访谈、答记者问、新闻发布会等形式，利用图表图解、音频、视频等多种解读方式提高解读效果。"
UNRELATED_IMPROVEMENT = "四是加大统筹指导力度，及时总结工作经验，推广部门好的做法。"


def _pts(score) -> dict:
    return score.component_points()


def _mutated(old: str, new: str):
    text = text_of("pingtan-2022")
    assert old in text
    before = gold_report("pingtan-2022")
    after = gold_report("pingtan-2022", text=before.text.replace(old, new))
    return score_report(before, RAN), score_report(after, RAN), after


def test_a_slogan_in_place_of_a_specific_problem_lowers_substance():
    before, after, _ = _mutated(SPECIFIC_PROBLEM, "二是" + SLOGAN_PROBLEM)
    pb, pa = _pts(before), _pts(after)
    assert pa["substance"] < pb["substance"]
    for c in ("completeness", "accuracy", "timeliness"):
        assert pa[c] == pb[c]
    ded = next(d for d in after.deductions if d.code == "substance.generic_problems")
    assert any(SLOGAN_PROBLEM in e.text for e in ded.evidence)
    assert after.components["substance"].measures["item_substantive_share"] == 0.0


def test_an_improvement_that_answers_nothing_lowers_responsiveness():
    before, after, _ = _mutated(IMPROVEMENT, UNRELATED_IMPROVEMENT)
    pb, pa = _pts(before), _pts(after)
    assert pa["responsiveness"] < pb["responsiveness"]
    for c in ("completeness", "accuracy", "timeliness", "substance"):  # both are boilerplate: same share
        assert pa[c] == pb[c]
    ded = next(d for d in after.deductions if d.code == "responsiveness.unanswered_problem")
    assert any("政策解读" in e.text for e in ded.evidence)  # the problem left without an answer


def test_every_deduction_carries_evidence_on_real_reports():
    for name in ("huarong-xzspj-2020", "pingtan-2020", "pingtan-2022"):
        s = score_report(gold_report(name), RAN)
        assert 0 <= s.total <= 100
        for d in s.deductions:
            assert d.points > 0 and d.evidence, d
        # no point is lost without a deduction: what each component lacks is what its deductions took
        for c in s.components.values():
            if c.points is not None:
                assert abs((c.max - c.points) - sum(d.points for d in c.deductions)) < 0.02, c


def test_last_years_promises_must_be_reported_on():
    previous = gold_report("pingtan-2012")
    report = gold_report("pingtan-2013")
    alone = score_report(report, RAN)
    assert not any(d.code == "responsiveness.promise_unreported" for d in alone.deductions)
    judged = score_report(report, RAN, previous=previous)
    ded = next(d for d in judged.deductions if d.code == "responsiveness.promise_unreported")
    assert ded.evidence and all(e.file == previous.file for e in ded.evidence)
    promised = {i.text for i in previous.items("improvement")}
    assert all(e.text in promised for e in ded.evidence)
    assert judged.component_points()["responsiveness"] < alone.component_points()["responsiveness"]
    # the same report giving an account of those promises in its overview is not held to them any more
    overview = next(s for s in report.sections if s.key == "overview")
    account = "".join(e.text for e in ded.evidence)
    text = report.text[:overview.body_start] + account + report.text[overview.body_start:]
    kept = score_report(gold_report("pingtan-2013", text=text), RAN, previous=previous)
    assert not any(d.code == "responsiveness.promise_unreported" for d in kept.deductions)
    for c in ("completeness", "accuracy", "timeliness"):
        assert kept.component_points()[c] == judged.component_points()[c]
