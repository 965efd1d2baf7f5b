"""Scoring: an explainable 0-100 per report, and comparison within cohorts (year × template × level)."""

from auditor.score.cohort import cohort_key, rank_within
from auditor.score.records import ComponentScore, Deduction, Score
from auditor.score.total import score_report, stages_run, with_score
from auditor.score.weights import COMPONENTS, ScoringConfig, scoring_config

__all__ = ["COMPONENTS", "ComponentScore", "Deduction", "Score", "ScoringConfig", "cohort_key", "rank_within",
           "score_report", "scoring_config", "stages_run", "with_score"]
