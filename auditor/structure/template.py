"""Which national template a report follows: "2021", "2019", "legacy" or "unknown".

The t2 column labels are decisive (本年制发件数 / 现行有效件数 only exist in the 2021 template,
本年新制作数量 / 对外公开总数量 only in 2019); t3 row （六） split into 1./2./3. is 2021 evidence; the
year reported on is weaker evidence (agencies keep old forms, e.g. the Hongze PDFs), and a legacy
section scheme (收费及减免, 统计表…) points to the pre-2019 reports.
"""

from __future__ import annotations

from auditor.model import Section, Template
from auditor.structure.lexicon import template_evidence

_LEGACY_KEYS = frozenset({"key_areas", "fees", "statistics", "staff", "approvals"})


def year_template(year: int | None) -> Template:
    if year is None:
        return "unknown"
    if year <= 2018:
        return "legacy"
    return "2019" if year <= 2020 else "2021"


def detect_template(text: str, sections: tuple[Section, ...], year: int | None) -> tuple[Template, dict[str, float]]:
    """The template and the score of every candidate (kept in report.meta for explanation)."""
    ev = template_evidence()
    # Labels are often broken by spaces, line ends or cell separators: compare without them.
    # (str.split drops exactly what \s matches, and is several times faster than a regex sub)
    flat = "".join(text.replace("|", " ").split())
    scores: dict[str, float] = {"2021": 0.0, "2019": 0.0, "legacy": 0.0}
    for tpl, cues in ev["cues"].items():
        for cue, weight in cues.items():
            if cue in flat:
                scores[tpl] += weight
    yt = year_template(year)
    if yt != "unknown":
        scores[yt] += ev["year_weight"]
    if any(s.key in _LEGACY_KEYS for s in sections):
        scores["legacy"] += ev["legacy_section_weight"]
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < ev["min_score"]:
        return "unknown", scores
    return best, scores  # type: ignore[return-value]
