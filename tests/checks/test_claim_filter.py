"""The raw-text filter in front of segmentation (count_claims._may_claim) only skips sentences that can
yield no claim: with it or without it, the narrative states the same counts."""

from __future__ import annotations

from pathlib import Path

import pytest

import auditor.checks.count_claims as cc
from auditor.model import Report
from auditor.pipeline import parse, run_stages
from auditor.reuse.synth import write_archive

from .conftest import gold_report, table_gold_names


def _claims_both_ways(report: Report, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    filtered = cc.extract_claims(report)
    with monkeypatch.context() as m:
        m.setattr(cc, "_may_claim", lambda sent, usable: True)
        everything = cc.extract_claims(report)
    return filtered, everything


@pytest.mark.parametrize("name", table_gold_names())
def test_filter_keeps_every_claim_of_the_real_reports(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    filtered, everything = _claims_both_ways(gold_report(name), monkeypatch)
    assert filtered == everything


def test_filter_keeps_every_claim_of_synthetic_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_archive(30, tmp_path)
    found = 0
    for path in sorted(tmp_path.rglob("*.txt")):
        report = run_stages(parse(str(path), stages=()), ["structure", "tables"])
        filtered, everything = _claims_both_ways(report, monkeypatch)
        assert filtered == everything
        found += len(everything)
    assert found  # the synthetic narratives do state counts


def test_filter_rules_out_a_count_no_descriptor_reads() -> None:
    usable = cc.descriptors()
    assert not cc._may_claim("全年共开展培训3次", usable)  # a number and a unit, no descriptor's terms
    assert cc._may_claim("本年度共受理政府信息公开申请21件", usable)
