"""Cross-year checks.  The fixtures hold no two consecutive years of one agency with tables (Pingtan has
2020 and 2022, Hongze 2023 and 2024 — the latter IS consecutive, so it is used as real data), so the
carry rule is also shown on a previous report constructed from a real one."""

from __future__ import annotations

import dataclasses

from auditor.checks import run_checks
from auditor.checks.cells import T3_COLUMNS
from auditor.model import Report

from .conftest import cells_from_gold, gold

ONLY = ("cross_year.carry", "cross_year.in_force")


def _report(name: str) -> Report:
    g = gold(name)
    return Report(file=g["file"], format="text", text="", year=g["year"], agency=g["agency"],
                  template=g["template"], cells=cells_from_gold(g["tables"]))


def _cross(report: Report, previous: Report) -> list:
    return [f for f in run_checks(report, previous=previous).findings if f.code in ONLY]


def _previous_of(report: Report) -> Report:
    """A previous-year report consistent with ``report``: carried_forward := this carried_over,
    in_force := this in_force − issued + repealed."""
    cells = dict(report.cells)
    for c in T3_COLUMNS:
        cells[f"t3.carried_forward.{c}"] = dataclasses.replace(cells[f"t3.carried_forward.{c}"],
                                                               value=cells[f"t3.carried_over.{c}"].value)
    for row in ("regulations", "normative_documents"):
        b = f"t2.art20_1.{row}"
        v = cells[f"{b}.in_force"].value - cells[f"{b}.issued"].value + cells[f"{b}.repealed"].value
        cells[f"{b}.in_force"] = dataclasses.replace(cells[f"{b}.in_force"], value=v)
    return dataclasses.replace(report, file="previous.pdf", year=report.year - 1, cells=cells)


def test_real_consecutive_years_hongze_2023_to_2024() -> None:
    """Hongze 2023 carried nothing forward and 2024 carried nothing over: carry passes.  Its t2: 2023 in
    force 5 + 2024 issued 3 − repealed 0 = 8 = 2024 in force 8, so the in-force rule passes too."""
    this, prev = _report("hongze-2024"), _report("hongze-2023")
    out = run_checks(this, previous=prev)
    assert not [f for f in out.findings if f.code in ONLY]
    assert out.measures["checks"]["cross_year.carry"]["pass"] == 7
    assert out.measures["checks"]["cross_year.in_force"]["pass"] == 2


def test_carry_on_a_constructed_previous_report() -> None:
    this = _report("huaian-city-2024")  # carried_over 34 (自然人)
    prev = _previous_of(this)
    assert _cross(this, prev) == []
    key = "t3.carried_forward.natural_person"
    off = dataclasses.replace(prev, cells={**prev.cells, key: dataclasses.replace(prev.cells[key], value=33)})
    fails = [f for f in _cross(this, off) if f.status == "fail"]
    assert [f.data["where"] for f in fails] == ["t3 column natural_person"]
    assert {e.file for e in fails[0].evidence} == {None, "previous.pdf"}  # evidence in both reports


def test_in_force_on_a_constructed_previous_report() -> None:
    this = _report("pingtan-2022")
    prev = _previous_of(this)
    key = "t2.art20_1.normative_documents.in_force"
    off = dataclasses.replace(prev, cells={**prev.cells, key: dataclasses.replace(prev.cells[key], value=600)})
    fails = [f for f in _cross(this, off) if f.status == "fail"]
    assert len(fails) == 1 and fails[0].code == "cross_year.in_force"
    assert fails[0].data["expected"] == 600 + 88 - 55


def test_real_non_consecutive_years_cannot_be_compared() -> None:
    """Pingtan 2020 (2019 template) is not the report before 2022: carry says it cannot verify."""
    found = _cross(_report("pingtan-2022"), _report("pingtan-2020"))
    assert [(f.code, f.status) for f in found] == [("cross_year.carry", "cannot_verify")]
    assert "2020" in found[0].message


def test_another_agency_cannot_be_compared() -> None:
    found = _cross(_report("hongze-2024"), dataclasses.replace(_report("huaian-city-2024"), year=2023))
    assert {f.status for f in found} == {"cannot_verify"}


def test_blank_carried_forward_in_previous_is_cannot_verify() -> None:
    """The seed's 结转下年度 row is blank: a next year's carry check over it cannot verify."""
    prev = _report("huarong-xzspj-2020")
    this = dataclasses.replace(prev, year=2021, file="next.txt")
    found = [f for f in _cross(this, prev) if f.code == "cross_year.carry"]
    assert len(found) == 7 and all(f.status == "cannot_verify" and "previous report" in f.message for f in found)
