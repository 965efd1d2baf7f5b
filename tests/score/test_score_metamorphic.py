"""Metamorphic tests on real reports: one change to a report lowers exactly the component it should,
with a finding that says why (and evidence).  They run the stages that exist through the batch engine;
a test whose deciding stage has not landed is skipped, not passed."""

from __future__ import annotations

import re

import pytest

from auditor.score import COMPONENTS
from auditor.store.worker import available_stages, reuse_available
from tests.score.audit_fixtures import FAST_STAGES, audit_archive, text_of

# Each test runs with every stage but the narrative one (fast), and with all stages (slow: the narrative
# model loads for a while), so that "nothing else moved" is checked against the full pipeline too.
STAGE_SETS = [pytest.param(FAST_STAGES, id="fast"), pytest.param(None, id="all", marks=pytest.mark.slow)]

SEC6 = re.compile(r"六、其他需要报告的事项.*$", re.S)


def _points(entry: dict) -> dict[str, float | None]:
    return {k: v["points"] for k, v in entry["score"]["components"].items()}


def _assert_only(before: dict, after: dict, component: str, code_prefix: str) -> None:
    """``component`` lost points with a deduction whose code starts ``code_prefix``; nothing else moved."""
    pb, pa = _points(before), _points(after)
    assert pa[component] is not None and pb[component] is not None
    assert pa[component] < pb[component], (component, pb, pa)
    for c in COMPONENTS:
        if c != component:
            assert pa[c] == pb[c], (c, pb, pa)
    ded = [d for d in after["score"]["deductions"] if d["component"] == component and d["code"].startswith(code_prefix)]
    assert ded, after["score"]["deductions"]
    assert all(d["evidence"] for d in ded)  # every point lost is tied to evidence
    assert after["score"]["total"] < before["score"]["total"]


def _needs(*stages: str) -> None:
    missing = [s for s in stages if s not in available_stages()]
    if missing:
        pytest.skip(f"stage(s) {missing} not registered yet")


@pytest.mark.parametrize("run", STAGE_SETS)
def test_deleting_a_section_lowers_completeness(tmp_path, run):
    _needs("structure")
    text = text_of("pingtan-2022")
    cut = SEC6.sub("", text)
    assert cut != text
    out = audit_archive(tmp_path / "a", {"orig.txt": text}, stages=run)
    out2 = audit_archive(tmp_path / "b", {"orig.txt": cut}, stages=run)
    _assert_only(out["orig.txt"], out2["orig.txt"], "completeness", "completeness.")


@pytest.mark.parametrize("run", STAGE_SETS)
def test_breaking_a_t3_total_lowers_accuracy(tmp_path, run):
    _needs("structure", "tables", "checks")
    lines = text_of("huarong-xzspj-2020").split("\n")
    at = next(i for i, s in enumerate(lines) if s.startswith("一、本年新收政府信息公开申请数量"))
    assert lines[at + 7].strip() == "0 |"  # the row's 总计 cell (six applicant columns before it)
    broken = list(lines)
    broken[at + 7] = "5 |"
    out = audit_archive(tmp_path / "a", {"hr.txt": "\n".join(lines)}, stages=run)
    out2 = audit_archive(tmp_path / "b", {"hr.txt": "\n".join(broken)}, stages=run)
    _assert_only(out["hr.txt"], out2["hr.txt"], "accuracy", "t3.")
    cells = {e.get("cell") for d in out2["hr.txt"]["score"]["deductions"] for e in d["evidence"]}
    assert "t3.new_received.total" in cells


@pytest.mark.parametrize("run", STAGE_SETS)
def test_moving_the_publication_date_past_the_deadline_lowers_timeliness(tmp_path, run):
    _needs("structure")
    text = text_of("pingtan-2022")
    late = text.replace("发布时间: 2023-02-20", "发布时间: 2023-05-20")
    assert late != text
    out = audit_archive(tmp_path / "a", {"pt.txt": text}, stages=run)
    out2 = audit_archive(tmp_path / "b", {"pt.txt": late}, stages=run)
    if out["pt.txt"]["score"]["components"]["timeliness"]["status"] != "scored":
        pytest.skip("the structure stage does not read this report's publication date yet")
    _assert_only(out["pt.txt"], out2["pt.txt"], "timeliness", "timeliness.late")
    late_ded = next(d for d in out2["pt.txt"]["score"]["deductions"] if d["code"] == "timeliness.late")
    assert "2023-05-20" in late_ded["message"] and "2023-03-31" in late_ded["message"]
    assert late_ded["evidence"][0]["text"] == "2023-05-20"  # points at the date on the page


# The problems of pingtan-2022 五 as generic slogans on the same topics (so the improvements still answer
# them): what an agency writes when it says nothing specific.
SLOGANS = ("一是重大行政决策预公开工作还需进一步加强。二是重点领域信息公开工作有待进一步深化。"
           "三是政策解读工作有待进一步加强。")


@pytest.mark.slow
def test_replacing_the_problems_with_slogans_lowers_substance(tmp_path):
    _needs("structure", "narrative")
    text = text_of("pingtan-2022")
    start = text.index("一是重大行政决策预公开程度")
    end = text.index("2023年，我区将采取以下措施")
    slogans = text[:start] + SLOGANS + " " + text[end:]
    out = audit_archive(tmp_path / "a", {"pt.txt": text})  # every stage: the narrative labels decide
    out2 = audit_archive(tmp_path / "b", {"pt.txt": slogans})
    _assert_only(out["pt.txt"], out2["pt.txt"], "substance", "substance.")


def _five(text: str) -> tuple[int, int]:
    start = text.index("五、")
    start = text.index("五、", start) if "存在" not in text[start:start + 30] else start
    return start, text.index("六、", start)


@pytest.mark.parametrize("run", STAGE_SETS)
def test_pasting_another_agencys_section_lowers_originality(tmp_path, run):
    _needs("structure")
    if not reuse_available():
        pytest.skip("copy detection (auditor.reuse.find_reuse) not available yet")
    own = text_of("pingtan-2022")  # 平潭综合实验区, report on 2022
    source = text_of("huarong-xzspj-2020")  # 华容区行政审批局, report on 2020: the earlier one
    a, b = _five(own)
    sa, sb = _five(source)
    pasted = own[:a] + source[sa:sb].replace("华容区行政审批局", "平潭综合实验区") + own[b:]
    other = text_of("pingtan-2015")  # an unrelated report, so both archives hold two reports
    alone = audit_archive(tmp_path / "a", {"pt.txt": pasted, "other.txt": other}, stages=run)
    with_source = audit_archive(tmp_path / "b", {"pt.txt": pasted, "hr.txt": source}, stages=run)
    # the same pasted report, with and without its source in the archive: only originality moves
    _assert_only(alone["pt.txt"], with_source["pt.txt"], "originality", "originality.cross_agency")
    ded = next(d for d in with_source["pt.txt"]["score"]["deductions"] if d["code"] == "originality.cross_agency")
    assert any((e.get("file") or "").endswith("hr.txt") for e in ded["evidence"])
    # and the honest report in the same archive keeps more of its originality
    honest = audit_archive(tmp_path / "c", {"pt.txt": own, "hr.txt": source}, stages=run)
    assert _points(honest["pt.txt"])["originality"] > _points(with_source["pt.txt"])["originality"]
