"""Accuracy: the failing table checks and narrative-vs-table findings of the checks stage."""

from __future__ import annotations

from collections.abc import Collection

from auditor.model import Finding, Report
from auditor.score.records import ComponentScore, cannot_verify, scored
from auditor.score.weights import ScoringConfig

NAME = "accuracy"


def accuracy(report: Report, cfg: ScoringConfig, ran: Collection[str], external: list[Finding]) -> ComponentScore:
    """Each failing finding costs a share by severity; 'cannot verify' findings cost nothing but are counted."""
    weight = cfg.weights[NAME]
    if "checks" not in ran:
        return cannot_verify(NAME, weight, "the checks stage is not available")
    if not report.cells and not external:
        return cannot_verify(NAME, weight, "no table cells to check")
    per = {"error": cfg.p(NAME, "per_error"), "warning": cfg.p(NAME, "per_warning"), "info": cfg.p(NAME, "per_info")}
    fails = [f for f in external if f.status == "fail"]
    unverified = sum(1 for f in external if f.status == "cannot_verify")
    losses = [(per.get(f.severity, 0.0), f) for f in fails]
    return scored(NAME, weight, losses, failing=len(fails), cannot_verify=unverified)
