"""Passage units: the sentences and enumerated items of a report's narrative, with original offsets.

With a structure stage, the narrative is the sections keyed ``overview`` / ``problems`` / ``other``
(and, in legacy reports, the prose of ``proactive`` / ``requests``: ``matching.toml``), and a passage inside an :class:`~auditor.model.Item` carries its label.  Without one
(a report parsed by ingestion only), the narrative is the whole text minus table regions, table-like lines
(cells with ``|``, rows of numbers) and the scraper's ``key: value`` header; the problems part is found
from its heading cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from auditor.model import Report
from auditor.narrative.sentences import split_spans
from auditor.reuse.commonplace import is_template, residual_length, strip_mandated
from auditor.reuse.data import matching
from auditor.reuse.normalize import names_pattern, normalize_with

_HEADER_LINE = re.compile(r"^[^\s:：|]{1,8}\s*[:：]")  # 标题: … / 发布时间: …  (scraped page header)
_BODY_RULE = re.compile(r"^=+\s*正文\s*=+$")  # the scraper's rule between page header and report text
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]")


@dataclass(frozen=True, slots=True)
class Passage:
    """One unit; ``form`` is its matching form (:func:`auditor.reuse.normalize.normalize`)."""

    start: int
    end: int
    form: str
    section: str | None = None  # canonical section key when known
    item: str | None = None  # label of the enumerated item holding it ("一是", "（二）")
    template: bool = False
    residual: int = 0  # matching characters beyond stock phrases and masks


_DIGITS = re.compile(r"\d")


def _table_like(line: str) -> bool:
    """A table row or cell run into the text: cells with '|', or mostly numbers."""
    if "|" in line:
        return True
    return len(line) > 0 and len(_DIGITS.findall(line)) / len(line) > 0.3


def _regions_fallback(report: Report) -> Iterator[tuple[int, int, str | None]]:
    text = report.text
    tables = [(t.start, t.end) for t in (report.document.tables if report.document else ())]
    lines = text.split("\n")
    rule = next((n for n, line in enumerate(lines[:20]) if _BODY_RULE.match(line.strip())), -1)
    pos = 0
    for n, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped or n <= rule or "|" in stripped or any(s < end and start < e for s, e in tables):
            continue
        if rule < 0 and n < 15 and len(stripped) < 200 and _HEADER_LINE.match(stripped):
            continue
        yield start, end, None


def _regions(report: Report) -> Iterator[tuple[int, int, str | None]]:
    conf = matching()["sections"]
    wanted = set(conf["narrative_legacy"] if report.template == "legacy" else conf["narrative"])
    sections = [s for s in report.sections if s.key in wanted]
    if not report.sections:
        yield from _regions_fallback(report)
        return
    for s in sections:
        yield s.body_start, s.end, s.key


def extract_passages(report: Report, names: tuple[str, ...] = (), min_chars: int = 8) -> list[Passage]:
    """Passages of ``report`` in text order; shorter than ``min_chars`` matching characters are dropped."""
    items = [(i.start, i.end, i.label) for s in report.sections for i in s.items]
    cues = matching()["sections"]["problems_heading_cues"]
    out: list[Passage] = []
    text = report.text
    names_re = names_pattern(names)  # once for all the passages
    fallback_section: str | None = None  # without sections: the problems part runs from its heading cue
    for rs, re_, section in _regions(report):
        for s, e in split_spans(text, rs, re_):
            raw = text[s:e]
            if not report.sections:
                if any(c in raw[:40] for c in cues):
                    fallback_section = "problems"
                elif _HEADING.match(raw):
                    fallback_section = None
                section = fallback_section
            if _table_like(raw):
                continue
            full = normalize_with(raw, names_re)
            form = strip_mandated(full)
            if len(form) < min_chars or form.count("#") > len(form) * 0.25:
                continue
            template = is_template(full, raw)  # before the citation is cut: template phrases quote it
            item = next((lab for a, b, lab in items if a <= s < b), None)
            out.append(Passage(s, e, form, section, item, template, residual_length(form)))
    return out
