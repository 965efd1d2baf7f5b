"""Two reports written one after another (a page that appends another year's or another body's report):
the first is audited, whole and alone, and a finding says the other is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.model import Report
from auditor.pipeline import run_stages
from tests.conftest import REPORTS

PAIRS = [("pingtan-2022.txt", "huarong-xzspj-2020.txt"), ("huarong-xzspj-2020.txt", "pingtan-2022.txt"),
         ("pingtan-2020.txt", "pingtan-2016.txt"), ("pingtan-2016.txt", "pingtan-2022.txt")]


def _report(text: str, name: str) -> Report:
    return run_stages(Report(file=name, format="text", text=text), ["structure", "tables"])


def _read(name: str) -> str:
    return (REPORTS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_first_report_is_audited_and_the_other_is_named(first: str, second: str) -> None:
    a, b = _read(first), _read(second)
    alone = _report(a, first)
    both = _report(a + "\n" + b, f"{first}+{second}")
    assert [(s.no, s.heading, s.start, s.body_start) for s in both.sections] == \
        [(s.no, s.heading, s.start, s.body_start) for s in alone.sections]
    [note] = [f for f in both.findings if f.code == "structure.multiple_reports"]
    assert note.evidence[0].start >= len(a)  # it points at the other report's headings
    # the last section stops at the other report's title, or (untitled, huarong) at its opening paragraph
    assert both.sections[-1].end <= len(a)
    assert (both.agency, both.year, both.template) == (alone.agency, alone.year, alone.template)
    assert {k: c.value for k, c in both.cells.items()} == {k: c.value for k, c in alone.cells.items()}


@pytest.mark.parametrize("path", sorted(p for p in REPORTS.iterdir() if p.suffix == ".txt"), ids=lambda p: p.stem)
def test_one_report_has_no_such_finding(path: Path) -> None:
    report = _report(path.read_text(encoding="utf-8"), path.name)
    assert not [f for f in report.findings if f.code == "structure.multiple_reports"]


def test_a_table_of_contents_is_not_another_report() -> None:
    text = _read("pingtan-2022.txt")
    toc = "目录\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n" \
          "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
    report = _report(toc + text, "toc")
    assert not [f for f in report.findings if f.code == "structure.multiple_reports"]


def test_untitled_second_report_behind_scraper_header_lines_is_cut_at_its_opening() -> None:
    a, b = _read("pingtan-2022.txt"), _read("huarong-xzspj-2020.txt")
    header = "发布时间：2021-01-20\n来源：区行政审批局\n"
    opening, rest = b.split("\n", 1)
    both = _report(a + "\n" + opening + "\n" + header + rest, "two")
    alone = _report(a, "one").sections[-1]
    assert alone.end - 1 <= both.sections[-1].end <= len(a) + 1  # the whole last section, nothing of the other
