"""Who published a report and when: the agency identity and the dates that order copier and source.

Taken from the parsed Report (agency, year, published).  A report parsed without the structure stage
has none of them; then the structure stage's metadata extractor is asked directly, and failing that the
scraped page header (``matching.toml`` meta keys).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from auditor.model import Report
from auditor.reuse.data import matching
from auditor.reuse.normalize import agency_key

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")


class Identity(NamedTuple):
    agency: str | None
    key: str  # normalised agency identity (normalize.agency_key); "" when unknown
    year: int | None
    published: str | None


def reads_meta(agency: str | None, year: int | None) -> bool:
    """Whether :func:`identify` reads the report's ``meta`` (only to find a missing agency or year): a
    caller that must decode a stored report to build it may leave ``meta`` out otherwise."""
    return agency is None or year is None


def identify(report: Report) -> Identity:
    agency, year, published = report.agency, report.year, report.published
    if reads_meta(agency, year):
        try:  # the structure stage's extractor, when it is installed
            from auditor.structure.metadata import extract_metadata

            md = extract_metadata(report.text, report.meta)
            agency = agency or md.agency
            year = year or md.year
            published = published or md.published
        except Exception:
            pass
    if agency is None:
        agency = next((str(report.meta[k]) for k in matching()["agency"]["meta_keys"] if report.meta.get(k)), None)
    if year is None:
        m = _YEAR_IN_TITLE.search(str(report.meta.get("title", "")))
        year = int(m.group(1)) if m else None
    key = agency_key(agency) or f"file:{report.file}"  # unknown agency: only itself
    return Identity(agency, key, year, published)
