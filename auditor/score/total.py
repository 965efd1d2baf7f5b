"""The score of one report: six components, each verified or not, and the 0-100 total over the verified."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from auditor.model import Evidence, Finding, Report
from auditor.registry import stage
from auditor.score.accuracy import accuracy
from auditor.score.completeness import completeness
from auditor.score.narrative import responsiveness, substance
from auditor.score.originality import originality
from auditor.score.records import Score
from auditor.score.timeliness import timeliness
from auditor.score.weights import COMPONENTS, ScoringConfig, scoring_config


def stages_run(report: Report) -> set[str]:
    """The stages that ran on a report: as recorded by the batch engine, else inferred from what they leave."""
    recorded = report.meta.get("stages") if report.meta else None
    if recorded:
        return set(recorded)
    ran = set()
    if report.sections or report.template != "unknown":
        ran.add("structure")
    if report.cells:
        ran.add("tables")
    if any(f.stage == "checks" for f in report.findings) or "checks" in report.measures:
        ran.add("checks")
    if any(s.label for s in report.sentences) or "narrative" in report.measures:
        ran.add("narrative")
    if "reuse" in report.measures:
        ran.add("reuse")
    return ran


def score_report(report: Report, ran: Collection[str] | None = None, cfg: ScoringConfig | None = None,
                 previous: Report | None = None, promised: list[Evidence] | None = None) -> Score:
    """Score one report; ``previous`` is the same agency's report on the year before, when known (or just
    the improvements it ``promised``, as the batch engine passes them)."""
    cfg = cfg or scoring_config()
    ran = stages_run(report) if ran is None else set(ran)
    external: dict[str, list[Finding]] = {c: [] for c in COMPONENTS}
    for f in report.findings:
        if f.stage == "score":
            continue  # a rescore must not count the previous score's findings twice
        comp = cfg.component_of(f.code, f.stage)
        if comp is not None:
            external[comp].append(f)
    level = cfg.level_of(report.agency)
    comps = {
        "completeness": completeness(report, cfg, ran, external["completeness"]),
        "accuracy": accuracy(report, cfg, ran, external["accuracy"]),
        "timeliness": timeliness(report, cfg, level),
        "substance": substance(report, cfg, external["substance"]),
        "responsiveness": responsiveness(report, cfg, ran, external["responsiveness"],
                                         promised if promised is not None else promised_of(previous)),
        "originality": originality(report, cfg, external["originality"]),
    }
    verified = [c for c in comps.values() if c.points is not None]
    maximum = sum(c.max for c in verified)
    total = round(100 * sum(c.points or 0.0 for c in verified) / maximum, 2) if maximum else None
    own = tuple(Finding(code=d.code, severity="warning", message=d.message, evidence=d.evidence,
                        stage="score", data={"component": d.component, "points": d.points})
                for c in comps.values() for d in c.deductions if d.stage == "score")
    return Score(total=total, coverage=round(maximum / 100, 3), level=level, components=comps, findings=own)


def promised_of(previous: Report | None) -> list[Evidence]:
    """The improvements a previous report promised, as evidence in that report's file."""
    if previous is None:
        return []
    return [Evidence(i.start, i.end, i.text, file=previous.file) for i in previous.items("improvement")
            if len(i.text) >= 10]


def with_score(report: Report, score: Score) -> Report:
    """The report with ``measures["score"]`` set and the scorer's findings replacing any earlier ones."""
    kept = tuple(f for f in report.findings if f.stage != "score")
    return dataclasses.replace(report, findings=kept + score.findings,
                               measures={**report.measures, "score": score.to_dict()})


@stage("score", requires=("stages",), assigns=("measures.score", "findings"))
def score_stage(report: Report, stages: Collection[str] | None = None) -> Report:
    """Score a report 0-100 over six components; unverifiable components are left out."""
    return with_score(report, score_report(report, stages))
