"""Substance (substantive share of the narrative and of 五's items) and responsiveness (improvements
answer the stated problems)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from auditor.model import Evidence, Finding, Item, Report, Sentence
from auditor.score.completeness import finding
from auditor.score.records import ComponentScore, cannot_verify, scored
from auditor.score.weights import ScoringConfig

_JUDGED = ("substantive", "boilerplate")  # template sentences are neither good nor bad


def _part(s: Sentence, items: Sequence[Item]) -> str | None:
    """``items``: the report's problems then improvements."""
    if s.part in ("problem", "improvement"):
        return s.part
    for item in items:
        if item.start <= s.start < item.end:
            return item.kind
    return None


def _ramp(share: float, zero: float, full: float) -> float:
    """1 at or above ``full``, 0 at or below ``zero``, linear between."""
    if share >= full:
        return 1.0
    if share <= zero:
        return 0.0
    return (share - zero) / (full - zero)


def _evidence(sents: list[Sentence], n: int) -> tuple[Evidence, ...]:
    return tuple(Evidence(s.start, s.end, s.text) for s in sents[:n])


def substance(report: Report, cfg: ScoringConfig, external: list[Finding]) -> ComponentScore:
    name = "substance"
    weight = cfg.weights[name]
    labelled = [s for s in report.sentences if s.label in _JUDGED]
    if not labelled:
        reason = "no labelled sentences (narrative stage not available)" if not any(
            s.label for s in report.sentences) else "the narrative has no substantive or boilerplate sentence"
        return cannot_verify(name, weight, reason)
    zero, full = cfg.p(name, "zero_share"), cfg.p(name, "full_share")
    n_ev = int(cfg.p(name, "max_evidence"))
    boiler = [s for s in labelled if s.label == "boilerplate"]
    share = 1 - len(boiler) / len(labelled)
    parts = report.items("problem") + report.items("improvement")  # once, not once per sentence
    items = [s for s in labelled if _part(s, parts)]
    item_boiler = [s for s in items if s.label == "boilerplate"]
    item_share = (1 - len(item_boiler) / len(items)) if items else share
    losses: list[tuple[float, Finding]] = []
    lost = cfg.p(name, "narrative_part") * (1 - _ramp(share, zero, full))
    if lost > 0:
        losses.append((lost, finding(
            "substance.boilerplate_narrative",
            f"{len(boiler)} of {len(labelled)} narrative sentences are boilerplate "
            f"(substantive share {share:.0%}, full marks from {full:.0%})",
            _evidence(boiler, n_ev), substantive_share=round(share, 3))))
    izero, ifull = cfg.p(name, "items_zero_share"), cfg.p(name, "items_full_share")
    lost = cfg.p(name, "items_part") * (1 - _ramp(item_share, izero, ifull))
    if lost > 0 and items:
        losses.append((lost, finding(
            "substance.generic_problems",
            f"{len(item_boiler)} of {len(items)} problem/improvement sentences are generic slogans "
            f"(substantive share {item_share:.0%})", _evidence(item_boiler, n_ev),
            substantive_share=round(item_share, 3))))
    # The narrative stage's own findings are the same facts seen sentence by sentence: the shares above
    # already price them, so they are shown with the report but cost nothing more.
    return scored(name, weight, losses, substantive_share=round(share, 3),
                  item_substantive_share=round(item_share, 3), sentences=len(labelled), item_sentences=len(items))


# What a bigram is made of: CJK ideographs and anything str.isalnum() accepts; the regex drops the rest
# in C rather than testing each character in Python (``[^\W_]`` is exactly str.isalnum()).
_NOT_BIGRAM_CHAR = re.compile(r"(?![\u4e00-\u9fff])[\W_]")


def _bigrams(text: str) -> set[str]:
    chars = _NOT_BIGRAM_CHAR.sub("", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def _overlap(x: set[str], y: set[str]) -> float:
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def overlap(a: str, b: str) -> float:
    """Shared character bigrams over the smaller set: how much of one item the other takes up."""
    return _overlap(_bigrams(a), _bigrams(b))


def _promises(report: Report, cfg: ScoringConfig, promised: list[Evidence]) -> tuple[float, Finding] | None:
    """Last year's improvements that this year's report does not give an account of."""
    name = "responsiveness"
    if not promised:
        return None
    account = "".join(report.section_text(s) for s in report.sections if s.key != "problems")
    threshold = cfg.p(name, "promise_reported_overlap")
    x = _bigrams(account)
    missing = [e for e in promised if (b := _bigrams(e.text)) and len(b & x) / len(b) < threshold]
    if not missing:
        return None
    return (cfg.p(name, "unreported_promises") * len(missing) / len(promised), finding(
        "responsiveness.promise_unreported",
        f"{len(missing)} of {len(promised)} improvements promised in last year's report are not reported on",
        tuple(missing)))


def responsiveness(report: Report, cfg: ScoringConfig, ran: Collection[str],
                   external: list[Finding], promised: list[Evidence] | None = None) -> ComponentScore:
    name = "responsiveness"
    weight = cfg.weights[name]
    if "structure" not in ran:
        return cannot_verify(name, weight, "the structure stage is not available")
    sec = report.section("problems")
    if sec is None:
        return cannot_verify(name, weight, "no problems section (counted under completeness)")
    problems: list[Item] = list(report.items("problem"))
    improvements: list[Item] = list(report.items("improvement"))
    ev = (Evidence(sec.start, sec.end, report.text[sec.start:min(sec.end, sec.start + 80)]),)
    if not problems and not improvements:
        return cannot_verify(name, weight, "section 五 is not itemised into problems and improvements")
    if not problems:
        return scored(name, weight, [(cfg.p(name, "no_problems"), finding(
            "responsiveness.no_problems", "section 五 states no problem, only improvements", ev, "error"))],
            problems=0, improvements=len(improvements))
    if not improvements:
        return scored(name, weight, [(cfg.p(name, "no_improvements"), finding(
            "responsiveness.no_improvements", "section 五 states problems but no improvement", ev, "error"))],
            problems=len(problems), improvements=0)
    threshold = cfg.p(name, "answer_overlap")
    # The improvements as a whole may answer a problem across several items: compare with each and the union.
    # each item's bigrams once, not once per (problem, improvement) pair
    impr = [_bigrams(i.text) for i in improvements]
    all_impr = _bigrams("".join(i.text for i in improvements))
    unanswered = []
    for p in problems:
        x = _bigrams(p.text)
        if max(max(_overlap(x, y) for y in impr), _overlap(x, all_impr) / 2) < threshold:
            unanswered.append(p)
    losses: list[tuple[float, Finding]] = []
    late = _promises(report, cfg, promised or [])
    if late is not None:
        losses.append(late)
    if unanswered:
        losses.append((len(unanswered) / len(problems), finding(
            "responsiveness.unanswered_problem",
            f"{len(unanswered)} of {len(problems)} stated problems have no improvement that answers them",
            tuple(Evidence(p.start, p.end, p.text) for p in unanswered))))
    return scored(name, weight, losses, problems=len(problems), improvements=len(improvements),
                  unanswered=len(unanswered))
