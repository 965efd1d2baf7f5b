"""Fee statement (section 六, 2021 template) and t3 （六）2 on the real reports."""

from __future__ import annotations

import dataclasses

import pytest

from auditor.checks import run_checks
from auditor.checks.fees import fee_statement

from .conftest import gold_report


@pytest.mark.parametrize(("name", "kind", "amount"), [
    ("hongze-2023", "amount", 0.0),       # 全年收取政府信息公开信息处理费0元
    ("huaian-city-2024", "amount", 3940.0),
    ("pingtan-2022", "nil", 0.0),         # 无收取信息处理费情况
    ("shuyang-fgj-2023", "nil", 0.0),     # 政府信息公开未发生收费情况
])
def test_fee_statement_is_read_from_section_six(name: str, kind: str, amount: float) -> None:
    report = gold_report(name)
    st = fee_statement(report)
    assert st is not None and (st.kind, st.amount) == (kind, amount)
    six = report.section("other")
    assert six is not None and six.body_start <= st.start < six.end
    assert not [f for f in run_checks(report).findings if f.code.startswith("fees.")]


def test_fee_statement_found_without_sections() -> None:
    st = fee_statement(gold_report("huaian-city-2024", sections=False))
    assert st is not None and st.amount == 3940.0


def test_missing_fee_statement_is_a_completeness_finding() -> None:
    report = gold_report("hongze-2024")
    six = report.section("other")
    assert six is not None
    text = report.text[:six.body_start] + "无其他需要报告的事项。".ljust(six.end - six.body_start) + report.text[six.end:]
    found = [f for f in run_checks(dataclasses.replace(report, text=text)).findings if f.code == "fees.statement"]
    assert [(f.status, f.severity) for f in found] == [("fail", "warning")]


def test_2019_template_needs_no_fee_statement() -> None:
    out = run_checks(gold_report("huarong-xzspj-2020"))
    assert "fees.statement" in out.measures["checks"]
    assert out.measures["checks"]["fees.statement"] == {"pass": 0, "fail": 0, "cannot_verify": 0, "note": 0}


def test_unpaid_fee_row_against_a_nil_statement() -> None:
    report = gold_report("pingtan-2022")  # section 六: 无收取信息处理费情况
    key = "t3.other.unpaid_fee.total"
    cells = {**report.cells, key: dataclasses.replace(report.cells[key], value=2)}
    found = [f for f in run_checks(dataclasses.replace(report, cells=cells)).findings
             if f.code == "fees.unpaid_fee_vs_statement"]
    assert len(found) == 1 and found[0].status == "fail"
    assert {e.cell for e in found[0].evidence} == {key, None}
    # huaian: 6 requests dropped for unpaid fees, and section 六 states 3940元 charged: consistent
    assert run_checks(gold_report("huaian-city-2024")).measures["checks"]["fees.unpaid_fee_vs_statement"]["pass"] == 1
