"""Report metadata: the agency, the year reported on and the publication date.

Every value is taken from something the document states (its title, its page header, its body or a
signature date) and is ``None`` otherwise; :func:`extract_metadata` says in findings what it could not
find.  PDF file metadata dates are deliberately not used for ``published`` (they are when the file was
made, not when the report was published); they stay in ``report.meta``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.model import Evidence, Finding
from auditor.structure.agency import find_agency
from auditor.structure.dates import DATE_PATTERN, YEARS, parse_date
from auditor.structure.lexicon import metadata_labels
from auditor.structure.titles import PINYIN, TITLE_YEAR, titles

__all__ = ["Metadata", "extract_metadata", "parse_date", "published_of", "year_of"]

# Fallbacks for the year: the statistics period ("统计期限自2020年1月1日…"), then a body paragraph
# opening "2024年，…" near the top.
_PERIOD_YEAR = re.compile(r"(?:统计|統計)[^。\n]{0,20}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_OPENING_YEAR = re.compile(r"(?:^|[\n。])\s*(?:一、\s*总体情况\s*)?((?:19|20)\d{2})\s*年度?[，,]")
_HEADER_DATE = r"\s*[:：]\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
# A date right after the report body, possibly after the signing agency's name.
_SIGNATURE_AFTER = re.compile(
    r"[\s|。]*(?:[\u4e00-\u9fff（）()]{2,30}[\s|]+)?(?P<date>" + DATE_PATTERN + r")(?=[\s|]|$)"
)
_SIGNATURE_WINDOW = 120
_YEAR_SEARCH = 3000
_HEADER_DEFAULT = 600  # without sections, the page header is the first ~600 characters
_HEADER_MAX = 1500


@dataclass(frozen=True, slots=True)
class Metadata:
    agency: str | None
    year: int | None
    published: str | None
    sources: Mapping[str, str]  # field → where it came from (title, page header, body, signature…)
    findings: tuple[Finding, ...]


def year_of(text: str, title: str) -> tuple[int | None, str]:
    """The year reported on: title, then the opening, the statistics period, a "2024年，…" opening."""
    for src, s in (("title", title), ("opening", PINYIN.sub("", text[:_YEAR_SEARCH]))):
        m = TITLE_YEAR.search(s)
        if m and int(m.group(1)) in YEARS:
            return int(m.group(1)), src
    m = _PERIOD_YEAR.search(text)
    if m:
        return int(m.group(1)), "statistics period"
    m = _OPENING_YEAR.search(text, 0, _YEAR_SEARCH)
    if m and int(m.group(1)) in YEARS:
        return int(m.group(1)), "body"
    return None, ""


@cache
def _header_date_pattern() -> re.Pattern[str]:
    labels = sorted(metadata_labels()["published"], key=len, reverse=True)
    return re.compile("(" + "|".join(map(re.escape, labels)) + ")" + _HEADER_DATE)


def published_of(text: str, meta: Mapping[str, Any], body_end: int,
                 header_end: int = _HEADER_DEFAULT) -> tuple[str | None, str]:
    """The publication date and its source: page metadata, a dated page header, a signature date."""
    labels = metadata_labels()["published"]
    cands = meta.get("published_candidates")
    if isinstance(cands, list | tuple):
        # the readers list every dated label they saw; a publication label beats a drafting date
        rank = {lab: i for i, lab in enumerate(labels)}
        dated = [(rank.get(str(c.get("label", "")), len(labels)), k, c) for k, c in enumerate(cands)
                 if isinstance(c, Mapping) and parse_date(str(c.get("value", "")))]
        if dated:
            c = min(dated, key=lambda t: t[:2])[2]
            return parse_date(str(c["value"])), f"page {c.get('label') or c.get('where') or 'candidate'}"
    for k in labels:
        v = meta.get(k)
        if isinstance(v, str) and parse_date(v):
            return parse_date(v), f"page {k}"
    # a page header kept in the text ("时间:2020-01-23", "发布时间 : 2021-01-25") before the report
    m = _header_date_pattern().search(PINYIN.sub("", text[: min(len(text), header_end)]))
    if m and parse_date(m.group(2)):
        return parse_date(m.group(2)), f"page header {m.group(1)}"
    # a signature date right after the report body (二○一四年一月十日 / 2024年1月17日): the structure
    # stage ends the last section before it
    m = _SIGNATURE_AFTER.match(text, body_end, min(len(text), body_end + _SIGNATURE_WINDOW))
    if m and parse_date(m.group("date")):
        return parse_date(m.group("date")), "signature date"
    return None, ""


def extract_metadata(text: str, meta: Mapping[str, Any], body_end: int | None = None,
                     body_start: int | None = None) -> Metadata:
    """Agency, year and publication date of a report, with where each came from.

    ``body_start`` (the first section heading) bounds the page header where a date label may stand;
    ``body_end`` (the end of the last section) is where a signature date may stand.
    """
    body_end = len(text) if body_end is None else body_end
    header_end = _HEADER_DEFAULT if body_start is None else min(body_start, _HEADER_MAX)
    cands = titles(text, meta)
    sources: dict[str, str] = {}
    year, ysrc = year_of(text, next((t for t in cands if TITLE_YEAR.search(t)), ""))
    agency, asrc = find_agency(text, meta, cands)
    published, psrc = published_of(text, meta, body_end, header_end)
    for name, value, src in (("agency", agency, asrc), ("year", year, ysrc), ("published", published, psrc)):
        if value is not None:
            sources[name] = src
    findings = [
        Finding(f"structure.no_{name}", "info",
                f"the document does not state its {name} where we look (title, page header, body"
                f"{', signature' if name == 'published' else ''}); left empty", status="note", stage="structure")
        for name, value in (("agency", agency), ("year", year), ("published", published)) if value is None
    ]
    if year is not None and published is not None and int(published[:4]) <= year:
        findings.append(Finding("structure.date_before_year", "warning",
                                f"published {published}, before the year reported on ({year}) was over",
                                evidence=(Evidence(0, 0, published),), stage="structure"))
    return Metadata(agency, year, published, sources, tuple(findings))
