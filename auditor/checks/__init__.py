"""The ``checks`` stage: every registered rule over a parsed report's cells, text and sections.

Failures and cannot-verify results become Findings (code = rule id); passes are only counted, in
``report.measures["checks"]`` ({rule id: {"pass": n, "fail": n, "cannot_verify": n, "note": n}}).
Severity: a failure takes its rule's severity (arithmetic and impossible values "error"; completeness,
plausibility, narrative, fees and cross-year "warning"); cannot-verify and notes are "info".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from auditor.errors import ConfigError
from auditor.model import Evidence, Finding, Report
from auditor.registry import stage

# Importing the rule modules registers their rules (order does not matter: ids are sorted).
from . import (  # noqa: F401
    cell_values,
    completeness,
    cross_year,
    fees,
    narrative_vs_table,
    table2_plausibility,
    table3_arithmetic,
    table4,
)
from .count_claims import document_free
from .registry import RULES, Context, Result, Rule, describe

__all__ = ["RULES", "check_file", "check_report", "describe", "document_free", "recheck_with_previous",
           "resolve_config", "run_checks"]

STAGE = "checks"


def resolve_config(config: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Each rule's defaults plus ``enabled``, overridden by ``config`` ({rule id: {key: value}}).

    Unknown rule ids, unknown keys and values of another type than the default are rejected by name.
    """
    out = {rid: {"enabled": True, **r.defaults} for rid, r in RULES.items()}
    for rid, over in (config or {}).items():
        if rid not in out:
            raise ConfigError(None, f"unknown check {rid!r}; known: {sorted(out)}")
        if not isinstance(over, Mapping):
            raise ConfigError(None, f"settings of check {rid!r} must be a dict. Got {type(over).__name__} instead")
        for k, v in over.items():
            if k not in out[rid]:
                raise ConfigError(None, f"unknown setting {k!r} of check {rid!r}; known: {sorted(out[rid])}")
            if type(v) is not type(out[rid][k]):
                raise ConfigError(None, f"setting {k!r} of check {rid!r} must be "
                                        f"{type(out[rid][k]).__name__}. Got {v!r} instead")
            out[rid][k] = v
    return out


def _inputs(report: Report, previous: Report | None) -> dict[str, bool]:
    """Which of the inputs a rule may require are there (once per report, not once per rule)."""
    return {
        "tables": any(c.path[0] in ("t2", "t3", "t4") for c in report.cells.values()),
        "text": bool(report.text.strip()),
        "sections": bool(report.sections),
        "previous": previous is not None,
    }


def _finding(rule: Rule, res: Result, report: Report, previous: Report | None) -> Finding:
    ev: list[Evidence] = []
    for key in res.cells:
        c = report.cells.get(key)
        ev.append(Evidence(c.start, c.end, c.raw, cell=key) if c else Evidence(-1, -1, "", cell=key))
    for s, e in res.spans:
        ev.append(Evidence(s, e, report.text[s:e]))
    for key in res.previous_cells:
        c = previous.cells.get(key) if previous else None
        file = previous.file if previous else None
        ev.append(Evidence(c.start, c.end, c.raw, cell=key, file=file) if c
                  else Evidence(-1, -1, "", cell=key, file=file))
    severity = res.severity or (rule.severity if res.status == "fail" else "info")
    return Finding(code=rule.id, severity=severity, message=res.message, evidence=tuple(ev),
                   status=res.status, stage=STAGE, data=dict(res.data))


def run_checks(report: Report, previous: Report | None = None,
               config: Mapping[str, Mapping[str, Any]] | None = None) -> Report:
    """All enabled rules over ``report`` (and ``previous``, the same agency's report on the year before)."""
    return _run_checks(report, previous, config)


def recheck_with_previous(report: Report, previous: Report,
                          config: Mapping[str, Mapping[str, Any]] | None = None) -> Report:
    """``run_checks(report, previous, config)`` for a report the checks have run on already, without a
    previous report and with the same ``config``, and whose results do not depend on its document (see
    :func:`document_free`): only the rules that read the previous report run; the results of the others
    are the ones the report holds (the same rules on the same cells, text and sections give the same).

    The archive pass of a batch audit gives each report its previous year's one this way: running every
    rule again (most of all segmenting the narrative for its counts) was most of the cost of that pass.
    """
    return _run_checks(report, previous, config, keep_held=True)


def _run_checks(report: Report, previous: Report | None, config: Mapping[str, Mapping[str, Any]] | None,
                keep_held: bool = False) -> Report:
    """The enabled rules over ``report``; with ``keep_held``, the rules that do not read ``previous`` are not
    run again: their findings and tallies are the ones ``report`` holds."""
    cfg = resolve_config(config)
    have = _inputs(report, previous)
    held: dict[str, list[Finding]] = {}
    before: Mapping[str, dict[str, int]] = {}
    if keep_held:
        for f in report.findings:
            if f.stage == STAGE:
                held.setdefault(f.code, []).append(f)
        before = report.measures.get("checks") or {}
    findings: list[Finding] = []
    summary: dict[str, dict[str, int]] = {}
    for rid in sorted(RULES):
        rule = RULES[rid]
        if keep_held and "previous" not in rule.requires:
            findings.extend(held.get(rid, ()))
            if rid in before:
                summary[rid] = before[rid]
            continue
        if not cfg[rid]["enabled"] or not all(have[r] for r in rule.requires):
            continue
        tally = {"pass": 0, "fail": 0, "cannot_verify": 0, "note": 0}
        for res in rule.func(Context(report, previous, cfg[rid])):
            tally[res.status] += 1
            if res.status != "pass":
                findings.append(_finding(rule, res, report, previous))
        summary[rid] = tally
    kept = tuple(f for f in report.findings if f.stage != STAGE)  # running twice does not duplicate
    return dataclasses.replace(report, findings=kept + tuple(findings),
                               measures={**report.measures, "checks": summary})


@stage(STAGE, requires=("previous",), assigns=("findings", "measures"))
def check_report(report: Report, previous: Report | None = None) -> Report:
    """Table arithmetic, completeness, plausibility, fees, narrative-vs-table and cross-year checks."""
    return run_checks(report, previous=previous)


def check_file(path: str, previous: Report | None = None) -> Report:
    """Parse one report file (structure + tables) and run the checks; raises a coded AuditError."""
    from auditor.pipeline import parse, run_stages

    return run_stages(parse(path), [STAGE], previous=previous)
