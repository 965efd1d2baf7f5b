"""Timeliness: the publication date against the statutory deadline of the agency's level.

Regulations (2019) art. 49: departments by 31 January; art. 50: county-level-and-above governments by
31 March, both of the year after the report year.  No date, no year, or a date that cannot be right (before
the report year ended) is *cannot verify*: the component is left out of the score, neither pass nor fail.
"""

from __future__ import annotations

import datetime as dt
import re

from auditor.model import Evidence, Report
from auditor.score.completeness import finding
from auditor.score.records import ComponentScore, cannot_verify, scored
from auditor.score.weights import ScoringConfig

NAME = "timeliness"


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def deadline(year: int, level: str, cfg: ScoringConfig) -> dt.date | None:
    md = cfg.deadlines.get(level)
    return None if md is None else dt.date(year + 1, md[0], md[1])


def _date_evidence(report: Report, day: dt.date) -> tuple[Evidence, ...]:
    """Where the date stands in the text, if it does (several spellings)."""
    forms = (day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"{day.year}年{day.month:02d}月{day.day:02d}日",
             f"{day.year}-{day.month}-{day.day}", f"{day.year}/{day.month}/{day.day}", f"{day.year}.{day.month}.{day.day}")
    for form in forms:
        pos = report.text.find(form)
        if pos >= 0:
            return (Evidence(pos, pos + len(form), form),)
    return (Evidence(0, 0, f"published {day.isoformat()} (file metadata)"),)


def _share_lost(days_late: int, cfg: ScoringConfig) -> float:
    for days, share in cfg.late_steps:
        if days_late <= days:
            return share
    return 1.0


def timeliness(report: Report, cfg: ScoringConfig, level: str) -> ComponentScore:
    weight = cfg.weights[NAME]
    day = parse_date(report.published)
    if day is None:
        return cannot_verify(NAME, weight, "no publication date found")
    if report.year is None:
        return cannot_verify(NAME, weight, "the report year is unknown", published=day.isoformat())
    if day < dt.date(report.year + 1, 1, 1):
        return cannot_verify(NAME, weight, f"publication date {day} is before the end of the report year "
                             f"{report.year}: the date or the year is wrong", published=day.isoformat())
    due = deadline(report.year, level, cfg)
    if due is None:
        # unknown level: judge only what every deadline agrees on
        dues = sorted(d for lv in cfg.deadlines if (d := deadline(report.year, lv, cfg)) is not None)
        if day <= dues[0]:
            return scored(NAME, weight, [], published=day.isoformat(), deadline=dues[0].isoformat())
        if day <= dues[-1]:
            return cannot_verify(NAME, weight, f"agency level unknown and {day} lies between the deadlines "
                                 f"{dues[0]} and {dues[-1]}", published=day.isoformat())
        due = dues[-1]
    late = (day - due).days
    if late <= 0:
        return scored(NAME, weight, [], published=day.isoformat(), deadline=due.isoformat(), days_late=0)
    f = finding("timeliness.late", f"published {day} — {late} day(s) after the {level} deadline {due}",
                _date_evidence(report, day), "warning", days_late=late, deadline=due.isoformat())
    return scored(NAME, weight, [(_share_lost(late, cfg), f)], published=day.isoformat(),
                  deadline=due.isoformat(), days_late=late)
