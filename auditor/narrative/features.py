"""Dense, agency-independent sentence features: specificity counts, template wording, shape.

These carry over to agencies the classifier never saw, which character n-grams alone do not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache

import numpy as np

from auditor.narrative.lexicons import nil_patterns
from auditor.narrative.specificity import LABELS, recognise
from auditor.resources import template_phrases

_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_NONZERO = re.compile(r"(?<![\d.])(?:[1-9]\d*)(?![\d.])")
# A nil statement is template wording only while no non-zero count, amount or share stands beside it
# ('未收到申请' vs '收到1份复议申请').
_MEASURES = frozenset({"COUNT", "MONEY", "PERCENT"})

NAMES = (
    *(f"spec_{lab.lower()}" for lab in LABELS),
    "spec_total",
    "template_phrase",
    "nil_statement",
    "nonzero_number",
    "nonzero_measure",
    "pure_nil",
    "digits",
    "log_chars",
    "short",
)


@cache
def _template_re() -> re.Pattern[str]:
    phrases = sorted({_SPACE.sub("", p) for p in template_phrases()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases))


def squash(text: str) -> str:
    return _SPACE.sub("", text)


def template_match(text: str) -> bool:
    """Whether the sentence contains known template / mandated wording (``template_phrases.txt``)."""
    return bool(_template_re().search(squash(text)))


def nil_statement(text: str) -> bool:
    """A nil statement of a mandated item ('未收到政府信息公开申请'), per ``narrative_nil_phrases.txt``."""
    t = squash(text)
    return any(p.search(t) for p in nil_patterns())


def dense(texts: Sequence[str]) -> np.ndarray:
    """One row of :data:`NAMES` per sentence."""
    rows = []
    # per sentence, each test once on the once-squashed text (squashing is idempotent): the same values
    # as template_match / nil_statement, which squash again on every call
    template = _template_re()
    nils = nil_patterns()
    for text in texts:
        spans = recognise(text)
        counts = {lab: 0 for lab in LABELS}
        for s in spans:
            counts[s.label] += 1
        specific = sum(v for k, v in counts.items() if k != "YEAR")
        t = squash(text)
        nonzero = sum(1 for s in spans if s.label in _MEASURES and _NONZERO.search(s.text))
        is_nil = any(p.search(t) for p in nils)
        nil = is_nil or any(s.label in _MEASURES and not _NONZERO.search(s.text) for s in spans)
        rows.append([
            *(math.log1p(counts[lab]) for lab in LABELS),
            math.log1p(specific),
            float(bool(template.search(t))),
            float(is_nil),
            float(bool(_NONZERO.search(t))),
            math.log1p(nonzero),
            float(nil and nonzero == 0),
            math.log1p(len(_DIGIT.findall(t))),
            math.log1p(len(t)) / 5.0,
            float(len(t) <= 12),
        ])
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(NAMES))
