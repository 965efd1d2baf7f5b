"""The checks on the GOLD tables of every real report: exactly the source's own errors are reported."""

from __future__ import annotations

import re

import pytest

from auditor.checks import run_checks
from auditor.model import Report

from .conftest import cells_from_gold, gold, gold_report, table_gold_names

ARITHMETIC = ("t3.balance", "t3.total_processed", "t3.total_column", "t4.group_total")
NAMES = table_gold_names()


def _tables_only(name: str) -> Report:
    g = gold(name)
    return Report(file=g["file"], format="text", text="", year=g["year"], agency=g["agency"],
                  template=g["template"], cells=cells_from_gold(g["tables"]))


@pytest.mark.parametrize("name", NAMES)
def test_arithmetic_failures_are_exactly_the_source_errors(name: str) -> None:
    g = gold(name)
    found = {(f.code, f.data["where"]) for f in run_checks(_tables_only(name)).findings
             if f.status == "fail" and f.code in ARITHMETIC}
    expected = {(e["check"], e["where"]) for e in g["source_errors"] if e["check"] in ARITHMETIC}
    assert found == expected


def _gold_cannot_verify(notes: str) -> set[tuple[str, str]]:
    """The gold notes list unverifiable checks as 't3.balance[natural_person], …' (or say '0 checks')."""
    m = re.search(r"Checks that cannot be verified \(null cells\): ([^.]+(?:\.[a-z_]+\[[^\]]+\][^.]*)*)\.", notes)
    if not m:
        return set()
    return {(c, w) for c, w in re.findall(r"(t[34]\.[a-z_]+)\[([a-z_]+)\]", m.group(1))}


@pytest.mark.parametrize("name", NAMES)
def test_cannot_verify_is_exactly_what_gold_lists(name: str) -> None:
    g = gold(name)
    found = set()
    for f in run_checks(_tables_only(name)).findings:
        if f.status == "cannot_verify" and f.code in ARITHMETIC:
            found.add((f.code, f.data["where"].split()[-1]))
    assert found == _gold_cannot_verify(g.get("notes", ""))


@pytest.mark.parametrize("name", NAMES)
def test_blank_cells_are_completeness_findings(name: str) -> None:
    report = _tables_only(name)
    blanks = {k for k, c in report.cells.items() if c.value is None}
    reported: set[str] = set()
    for f in run_checks(report).findings:
        if f.code in ("completeness.blank_cells", "completeness.blank_total"):
            assert f.severity == "warning"
            reported.update(f.data["blank"])
    assert reported == blanks


def test_seed_null_row_is_cannot_verify_and_names_the_blanks() -> None:
    report = run_checks(_tables_only("huarong-xzspj-2020"))
    balance = [f for f in report.findings if f.code == "t3.balance"]
    assert len(balance) == 7 and all(f.status == "cannot_verify" and f.severity == "info" for f in balance)
    assert all("carried_forward" in f.message for f in balance)
    assert report.measures["checks"]["t3.balance"]["pass"] == 0


def test_blanks_read_as_zero_are_named_in_the_finding() -> None:
    """shuyang leaves its 法人 columns blank: t3.total_column passes reading them as 0, and a failure
    over such a row says which blanks it read so."""
    report = _tables_only("shuyang-fgj-2023")
    cells = dict(report.cells)
    key = "t3.granted.total"
    cells[key] = type(cells[key])(path=cells[key].path, value=27, raw="27")
    out = run_checks(Report(**{**{f: getattr(report, f) for f in ("file", "format", "text", "template")},
                               "cells": cells}))
    fail = next(f for f in out.findings if f.code == "t3.total_column" and f.status == "fail")
    assert "blank cells read as 0" in fail.message and "t3.granted.commercial" in fail.message
    assert set(fail.data["blanks_read_as_zero"]) == {f"t3.granted.{c}" for c in
                                                     ("commercial", "research", "social_welfare",
                                                      "legal_service", "other_org")}


def test_hongze_variant_row_is_a_note_not_a_missing_row() -> None:
    out = run_checks(_tables_only("hongze-2023"))
    rows = [f for f in out.findings if f.code == "completeness.missing_rows"]
    assert [f.status for f in rows] == ["note"]


def test_summary_counts_every_result() -> None:
    out = run_checks(_tables_only("pingtan-2020"))
    tally = out.measures["checks"]
    assert tally["t3.total_processed"] == {"pass": 5, "fail": 2, "cannot_verify": 0, "note": 0}
    assert sum(v["fail"] + v["cannot_verify"] + v["note"] for v in tally.values()) == len(out.findings)
    # evidence names each cell of the failing identity
    f = next(f for f in out.findings if f.code == "t3.total_processed")
    assert {e.cell for e in f.evidence} >= {"t3.total_processed.natural_person", "t3.granted.natural_person"}


def test_running_twice_does_not_duplicate() -> None:
    once = run_checks(_tables_only("hongze-2023"))
    assert run_checks(once).findings == once.findings


@pytest.mark.parametrize("name", NAMES)
def test_every_failure_on_the_real_report_is_a_genuine_source_error(name: str) -> None:
    """All rules (tables, text, sections, fees, narrative) over gold tables + the real text: each failure
    is a gold source error, or the completeness finding for cells the gold says are blank — nothing else."""
    g = gold(name)
    report = run_checks(gold_report(name))
    expected_arith = {(e["check"], e["where"]) for e in g["source_errors"] if e["check"] in ARITHMETIC}
    narrative_errors = [e for e in g["source_errors"] if e["where"].startswith("narrative_vs_table")]
    has_blanks = any(c.value is None for c in report.cells.values())
    for f in report.findings:
        if f.status != "fail":
            continue
        if f.code in ARITHMETIC:
            assert (f.code, f.data["where"]) in expected_arith
        elif f.code == "narrative_vs_table":
            assert narrative_errors, f.message
        else:
            assert f.code in ("completeness.blank_cells", "completeness.blank_total") and has_blanks, f.message
