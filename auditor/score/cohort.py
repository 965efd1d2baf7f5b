"""Cohorts: scores are compared within year × template × level of agency, since templates differ.

Works on plain row dicts (``year``, ``template``, ``level``, ``agency``, ``score``) so that the store, the
CLI and a notebook share it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from auditor.score.weights import ScoringConfig, scoring_config

GROUPINGS = ("cohort", "year", "template", "level", "region")


def cohort_key(row: Mapping[str, Any], by: str = "cohort", cfg: ScoringConfig | None = None) -> str:
    """The group a row is ranked in: the full cohort ``2023/2021/government`` or one of its parts."""
    cfg = cfg or scoring_config()
    if by == "cohort":
        return f"{row.get('year') or '?'}/{row.get('template') or 'unknown'}/{row.get('level') or 'unknown'}"
    if by == "region":
        return cfg.region_of(row.get("agency"))
    if by in ("year", "template", "level"):
        return str(row.get(by) or "unknown")
    raise ValueError(f"grouping must be one of {GROUPINGS}. Got {by!r} instead")


def rank_within(rows: Iterable[Mapping[str, Any]], by: str = "cohort") -> list[dict[str, Any]]:
    """Rows sorted by group then score (best first), each with ``group``, ``rank``, ``of`` and ``percentile``.

    Ties share the better rank; ``percentile`` is the share of the group scoring at or below the row (so the
    best is 100).  Rows with no score (nothing verifiable) come last in their group, unranked.
    """
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        r = dict(row)
        r["group"] = cohort_key(r, by)
        groups[r["group"]].append(r)
    out: list[dict[str, Any]] = []
    for key in sorted(groups):
        members = groups[key]
        scored_ = sorted((r for r in members if r.get("score") is not None), key=lambda r: -r["score"])
        n = len(scored_)
        for i, r in enumerate(scored_):
            better = sum(1 for x in scored_[:i] if x["score"] > r["score"])
            at_or_below = sum(1 for x in scored_ if x["score"] <= r["score"])
            r.update(rank=better + 1, of=n, percentile=round(100 * at_or_below / n, 1))
            out.append(r)
        for r in members:
            if r.get("score") is None:
                r.update(rank=None, of=n, percentile=None)
                out.append(r)
    return out
