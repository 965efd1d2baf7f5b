"""Wording that is never evidence of copying: template sentences and stock phrases.

Two sources: the known lists in ``corpora/`` (template wording the report template or the Regulations
mandate, via :func:`auditor.resources.template_phrases`; stock phrases in ``corpora/reuse``), checked
here per passage; and the archive itself — a passage whose near-duplicates come from many distinct
agencies — which :mod:`auditor.reuse.lsh` learns while it builds candidates.
"""

from __future__ import annotations

import re
from functools import cache

from auditor.resources import template_phrases
from auditor.reuse.data import mandated_phrases, matching, stock_phrases
from auditor.reuse.normalize import normalize


@cache
def _template_forms() -> tuple[str, ...]:
    return tuple(sorted({f for f in (normalize(p) for p in template_phrases()) if len(f) >= 2}))


@cache
def _stock_forms() -> tuple[str, ...]:
    return tuple(sorted({f for f in (normalize(p) for p in stock_phrases()) if len(f) >= 3},
                        key=len, reverse=True))


@cache
def _mandated_forms() -> tuple[str, ...]:
    return tuple(sorted({normalize(p) for p in mandated_phrases()}, key=len, reverse=True))


@cache
def _alternation(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))) or "(?!)")


# The compiled alternations, each behind an argument-free cache: looking one up by its phrases hashed a
# tuple of hundreds of phrases per passage.
@cache
def _template_re() -> re.Pattern[str]:
    return _alternation(_template_forms())


@cache
def _stock_re() -> re.Pattern[str]:
    return _alternation(_stock_forms())


@cache
def _mandated_re() -> re.Pattern[str]:
    return _alternation(_mandated_forms())


def strip_mandated(form: str) -> str:
    """The matching form without mandated headings and citations (never evidence of a copy)."""
    return _mandated_re().sub("", form)


@cache
def _patterns(key: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in matching()["template"][key]))


def is_template(form: str, raw: str = "") -> bool:
    """A passage holding any template phrase is template wording (the rule of template_phrases.txt); so
    are the other wordings of ``matching.toml`` [template], and a nil statement written with a zero
    (``raw``: the passage as written)."""
    return (_template_re().search(form) is not None
            or _patterns("form_patterns").search(form) is not None
            or bool(raw and _patterns("nil_patterns").search(raw)))


def stock_spans(form: str) -> list[tuple[int, int]]:
    """Where stock phrases stand in a matching form (they hold no masks)."""
    return [m.span() for m in _stock_re().finditer(form)]


def residual_length(form: str) -> int:
    """Characters of the matching form left once stock phrases and masks are taken out: what a copy of
    this passage could be blamed for."""
    rest = _stock_re().sub("", form)
    return len(rest) - rest.count("#") - rest.count("@")
