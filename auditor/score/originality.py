"""Originality: narrative copied from another agency, or repeated from the agency's own earlier years.

Reads ``report.measures["reuse"]`` as the batch engine stores it from :func:`auditor.reuse.find_reuse`:
``{"cross_agency": share, "self_repeat": share, "blocks": [{"kind", "a": {file, start, end, text},
"b": {...}, "overlap"}]}`` with ``a`` always this report.  Absent → cannot verify.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.model import Evidence, Finding, Report
from auditor.score.completeness import finding
from auditor.score.records import ComponentScore, cannot_verify, scored
from auditor.score.weights import ScoringConfig

NAME = "originality"
_KINDS = {"cross_agency": ("originality.cross_agency", "copied from another agency's report"),
          "self_repeat": ("originality.self_repeat", "repeated word for word from the agency's earlier reports")}


def narrative_chars(report: Report) -> int:
    """Characters of the narrative sections (the denominator of copied shares)."""
    n = sum(s.end - s.body_start for s in report.sections if s.key in ("overview", "problems", "other"))
    return n or len(report.text)


def _share(report: Report, reuse: Mapping[str, Any], kind: str) -> float:
    if isinstance(reuse.get(kind), int | float):
        return float(reuse[kind])
    spans = sorted((b["a"]["start"], b["a"]["end"]) for b in reuse.get("blocks", []) if b.get("kind") == kind)
    covered, last = 0, -1
    for s, e in spans:  # union of the copied spans
        s = max(s, last)
        if e > s:
            covered += e - s
            last = e
    return min(1.0, covered / max(1, narrative_chars(report)))


def _reading_order(block: Mapping[str, Any]) -> tuple[int, int, str, int]:
    a, b = block["a"], block["b"]
    return int(a["start"]), int(a["end"]), str(b["file"]), int(b["start"])


def originality(report: Report, cfg: ScoringConfig, external: list[Finding]) -> ComponentScore:
    weight = cfg.weights[NAME]
    reuse = report.measures.get("reuse")
    if not isinstance(reuse, Mapping):
        return cannot_verify(NAME, weight, "copy detection (reuse) has not run over an archive")
    losses: list[tuple[float, Finding]] = []
    shares = {}
    for kind, (code, what) in _KINDS.items():
        share = _share(report, reuse, kind)
        shares[kind] = round(share, 3)
        # in reading order, so that the evidence and the "first source" do not depend on the order in
        # which an archive's files happened to be stored
        blocks = sorted((b for b in reuse.get("blocks", []) if b.get("kind") == kind), key=_reading_order)
        if share <= 0 or not blocks:
            continue
        ev: list[Evidence] = []
        sources = []
        for b in blocks[:10]:
            ev.append(Evidence(b["a"]["start"], b["a"]["end"], b["a"].get("text", "")))
            ev.append(Evidence(b["b"]["start"], b["b"]["end"], b["b"].get("text", ""), file=b["b"]["file"]))
            sources.append(b["b"]["file"])
        factor = cfg.p(NAME, f"{kind}_factor")
        losses.append((factor * share, finding(
            code, f"{share:.0%} of the narrative {what} ({len(blocks)} block(s); first source "
            f"{sources[0]})", tuple(ev), "warning", share=round(share, 3), sources=sorted(set(sources)))))
    for f in external:
        if f.status == "fail" and not f.code.startswith("originality."):
            losses.append((0.0, f))  # the reuse stage's own findings are evidence, the shares carry the points
    return scored(NAME, weight, losses, **shares)
