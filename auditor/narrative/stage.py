"""The ``narrative`` stage: label the narrative sections' sentences and measure the report's substance.

Requires sections (the ``structure`` stage); fills ``Report.sentences`` for the sections named in
``[narrative] sections`` (every section of a legacy report, whose sections are all prose) and
``Report.measures["narrative"]`` (see :mod:`auditor.narrative.measures`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from auditor.model import Evidence, Finding, Item, Report, Section, Sentence
from auditor.narrative import specificity
from auditor.narrative.sentences import split_ranges
from auditor.narrative.settings import NarrativeSettings
from auditor.registry import stage


def _parts(report: Report, sec: Section) -> list[tuple[int, int, str]]:
    """(start, end, part) spans of section 五: its items first, else the structure stage's parts."""
    spans = [(i.start, i.end, i.kind) for i in sec.items if i.kind in ("problem", "improvement")]
    if spans:
        return spans
    try:
        from auditor.structure import problem_parts
    except ImportError:  # structure not installed in this build: no parts, sentences still labelled
        return []
    prob, imp = problem_parts(report.text, sec.body_start, sec.end)
    return [(a, b, k) for span, k in ((prob, "problem"), (imp, "improvement")) if span for a, b in [span]]


def _part_of(start: int, end: int, parts: list[tuple[int, int, str]]) -> str | None:
    return next((k for a, b, k in parts if start >= a and end <= b), None)


def narrative_sections(report: Report, settings: NarrativeSettings) -> list[Section]:
    if report.template == "legacy":
        return list(report.sections)
    return [s for s in report.sections if s.key in settings.sections]


def label_sentences(report: Report, settings: NarrativeSettings) -> tuple[Sentence, ...]:
    from auditor.narrative.training import shipped_model

    text = report.text
    pending: list[tuple[int, int, str, Section, str | None]] = []
    sections = narrative_sections(report, settings)
    # one pass over the text finds every section's sentence boundaries
    split = split_ranges(text, [(sec.body_start, sec.end) for sec in sections])
    for sec, spans in zip(sections, split, strict=True):
        parts = _parts(report, sec) if sec.key == "problems" else []
        for s, e in spans:
            t = text[s:e]
            if "|" in t:  # a flattened table row inside a prose section is not a sentence
                continue
            pending.append((s, e, t, sec, _part_of(s, e, parts) if parts else None))
    if not pending:
        return ()
    labels = shipped_model().label([t for _, _, t, _, _ in pending])
    return tuple(Sentence(s, e, t, section=sec.no, part=part, label=label, p_substantive=p,
                          specificity=specificity.score(specificity.spans(t)))
                 for (s, e, t, sec, part), (label, p) in zip(pending, labels, strict=True))


def _items(report: Report, kind: str) -> tuple[Item, ...]:
    return report.items(kind)


def measure(report: Report, sentences: tuple[Sentence, ...], settings: NarrativeSettings) -> dict[str, Any]:
    from auditor.narrative import measures  # scikit-learn loads with the first report, not on import

    keys = {s.no: s.key for s in report.sections}
    problems, improvements = _items(report, "problem"), _items(report, "improvement")
    pv = measures.item_verdicts(problems, sentences)
    iv = measures.item_verdicts(improvements, sentences)
    chars = measures.content(sentences)  # density and redundancy measure the same characters
    return {
        "sections": measures.section_shares(sentences, keys),
        "specificity_density": measures.specificity_density(sentences, chars),
        "problems": {"count": len(pv), "specific": sum(v["specific"] for v in pv),
                     "share_specific": round(sum(v["specific"] for v in pv) / len(pv), 4) if pv else None,
                     "generic": [v for v in pv if not v["specific"]], "items": pv},
        "improvements": {"count": len(iv), "specific": sum(v["specific"] for v in iv),
                         "share_specific": round(sum(v["specific"] for v in iv) / len(iv), 4) if iv else None,
                         "items": iv},
        "responsiveness": measures.responsiveness(problems, improvements, settings.answer_similarity),
        "redundancy": measures.redundancy(sentences, settings.redundancy_chars, chars),
    }


def _findings(report: Report, m: dict[str, Any]) -> list[Finding]:
    out = []
    generic = m["problems"]["generic"]
    if generic:
        out.append(Finding("narrative.generic_problems", "info",
                           f"{len(generic)} of {m['problems']['count']} stated problems are generic (fit any agency)",
                           evidence=tuple(Evidence(g["start"], g["end"], g["text"]) for g in generic),
                           status="note", stage="narrative"))
    unanswered = m["responsiveness"]["unanswered"]
    problems = _items(report, "problem")
    if unanswered and _items(report, "improvement"):
        out.append(Finding("narrative.unanswered_problems", "warning",
                           f"{len(unanswered)} stated problem(s) have no improvement that answers them",
                           evidence=tuple(Evidence(problems[i].start, problems[i].end, problems[i].text)
                                          for i in unanswered),
                           stage="narrative"))
    return out


@stage("narrative", requires=(), assigns=("sentences", "measures", "findings"))
def narrative(report: Report, settings: NarrativeSettings | dict[str, Any] | None = None) -> Report:
    """Label the narrative sentences and measure specificity, responsiveness and redundancy."""
    cfg = NarrativeSettings.resolve(settings)
    sentences = label_sentences(report, cfg)
    m = measure(report, sentences, cfg)
    new_measures = dict(report.measures)
    new_measures["narrative"] = m
    return dataclasses.replace(report, sentences=sentences, measures=new_measures,
                               findings=report.findings + tuple(_findings(report, m)))
