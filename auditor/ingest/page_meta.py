"""Page and file metadata shared by the readers: report cues, page furniture, dated labels.

The cue lists live in ``corpora/ingest/page_cues.json`` (one loader, :func:`cues`).  Readers collect
*candidates* for the publication date with the label they stood under and where they were found; the
structure stage decides which one is the report's ``published`` date.

A candidate is ``{"label", "value" (ISO date), "raw", "where"}``; ``where`` is ``meta`` (a <meta> tag),
``table`` (a page's metadata table: 发布机构 | … | 公开日期 | …), ``page`` (``发布时间：…`` in the page
text), ``header`` (a scraper's header line) or ``text`` (the opening of a Word document).  File
creation and modification dates are *not* candidates: they say when a file was made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.ingest.glosses import PINYIN
from auditor.ingest.normalize import to_simplified
from auditor.resources import corpora_path

_DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?"
)

# an organ's name in running text: CJK and brackets only, so "来源：某某局 浏览次数" stops at the space
_ORGAN = re.compile(r"[\u4e00-\u9fff（）()]{2,40}")


@dataclass(frozen=True)
class PageCues:
    heading: tuple[re.Pattern[str], ...]
    report_words: tuple[str, ...]
    min_report_chars: int
    furniture_attr: re.Pattern[str]
    furniture_attr_words: tuple[str, ...]
    furniture_text: tuple[str, ...]
    drop_tags: frozenset[str]
    date_labels: tuple[str, ...]
    organ_labels: tuple[str, ...]
    title_meta: tuple[str, ...]
    label_re: re.Pattern[str]
    label_colon: re.Pattern[str]
    metadata_table_labels: frozenset[str]


@cache
def cues() -> PageCues:
    """The cue lists of ``corpora/ingest/page_cues.json``, compiled."""
    with corpora_path("ingest", "page_cues.json").open(encoding="utf-8") as fh:
        raw: dict[str, Any] = json.load(fh)
    labels = sorted(set(raw["date_labels"]) | set(raw["organ_labels"]), key=len, reverse=True)
    # "label：value" inside running text (longest label first so 信息来源 wins over 来源)
    # a label must not continue a longer word: "采集时间：" is not "时间："
    alternatives = "|".join(map(re.escape, labels))
    label_re = re.compile(r"(?<![\u4e00-\u9fff])(" + alternatives + r")\s*[:：]\s*([^\s:：|]{1,60})")
    # where label_re can match at all: without the lookbehind in front, re scans for the labels' first
    # characters in C instead of trying the lookbehind at every position of the page text
    label_colon = re.compile("(?:" + alternatives + r")\s*[:：]")
    return PageCues(
        heading=tuple(re.compile(p) for p in raw["heading_cues"]),
        report_words=tuple(raw["report_words"]),
        min_report_chars=int(raw["min_report_chars"]),
        # a whole word of the class/id: "nav", "nav-top", "footer2", not "canvas" or "unavailable"
        furniture_attr=re.compile(r"(?:^|[-_\s])(?:" + "|".join(map(re.escape, raw["furniture_attr_words"]))
                                  + r")(?:$|[-_\s\d])", re.I),
        furniture_attr_words=tuple(raw["furniture_attr_words"]),
        furniture_text=tuple(raw["furniture_text"]),
        drop_tags=frozenset(raw["drop_tags"]),
        date_labels=tuple(raw["date_labels"]),
        organ_labels=tuple(raw["organ_labels"]),
        title_meta=tuple(raw["title_meta"]),
        label_re=label_re,
        label_colon=label_colon,
        metadata_table_labels=frozenset(raw["metadata_table_labels"]),
    )


def iso_date(value: str) -> str | None:
    """``2024-01-17``, ``2024年1月17日``, ``2024/1/17 10:00`` → ``2024-01-17``; None when no valid date."""
    m = _DATE.search(value)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def cue_text(text: str) -> str:
    """``text`` as the cues read it: no white space, no pinyin glosses, traditional cue characters simplified."""
    flat = "".join(text.split())
    if "(" in flat or "（" in flat:
        flat = PINYIN.sub("", flat)
    # cues are recognised in traditional text below the conversion threshold too
    return to_simplified(flat)


def heading_hits(text: str) -> int:
    """How many distinct report-heading cues occur in ``text``."""
    flat = cue_text(text)
    return sum(1 for p in cues().heading if p.search(flat))


def _norm_label(label: str) -> str:
    return "".join(label.split()).rstrip(":：")


@cache
def _label_sets() -> tuple[frozenset[str], frozenset[str]]:
    c = cues()
    return frozenset(d.lower() for d in c.date_labels), frozenset(o.lower() for o in c.organ_labels)


def is_date_label(label: str) -> bool:
    return len(label) <= 40 and _norm_label(label).lower() in _label_sets()[0]


def is_organ_label(label: str) -> bool:
    return len(label) <= 40 and _norm_label(label).lower() in _label_sets()[1]


def is_furniture_line(text: str) -> bool:
    """A site footer / copyright line: two or more furniture words in a short line with no heading."""
    if len(text) > 300:
        return False
    words = sum(1 for w in cues().furniture_text if w in text)
    return words >= 2 and heading_hits(text) == 0


def _label_matches(text: str) -> Iterator[re.Match[str]]:
    """``cues().label_re.finditer(text)``, trying label_re only where a label and its colon stand.

    Every match of label_re starts where label_colon matches, so searching label_colon from the
    current position finds each match's start (or passes over positions where label_re cannot match).
    """
    c = cues()
    pos = 0
    while (candidate := c.label_colon.search(text, pos)) is not None:
        m = c.label_re.match(text, candidate.start())  # the lookbehind still sees the text before it
        if m is None:
            pos = candidate.start() + 1
            continue
        yield m
        pos = m.end()


class MetaCollector:
    """Accumulates publication-date candidates and the publishing organ, without duplicates."""

    def __init__(self) -> None:
        self.published: list[dict[str, str]] = []
        self.organ: str | None = None
        self._seen: set[tuple[str, str]] = set()

    def pair(self, label: str, value: str, where: str) -> None:
        """A label/value pair (a metadata table row, a meta tag, a scraper header)."""
        value = " ".join(value.split())
        if not value:
            return
        if is_date_label(label):
            iso = iso_date(value)
            key = (_norm_label(label), iso or value)
            if iso and key not in self._seen:
                self._seen.add(key)
                self.published.append({"label": _norm_label(label), "value": iso, "raw": value, "where": where})
        elif is_organ_label(label) and self.organ is None and not value.startswith(("http", "www.")):
            self.organ = value

    def scan_text(self, text: str, where: str) -> None:
        """``发布时间：2024-01-17`` written inside running text."""
        for m in _label_matches(text):
            label, value = m.group(1), m.group(2)
            if is_date_label(label):
                # only a date right after the label (a space may split date and time, so match on the text)
                d = _DATE.match(text, m.start(2))
                if d:
                    self.pair(label, d.group(0), where)
            else:
                organ = _ORGAN.match(value)
                if organ:
                    self.pair(label, organ.group(0), where)

    def into(self, meta: dict[str, Any]) -> dict[str, Any]:
        """Write ``published_candidates`` (best label first, then document order) and ``organ``."""
        order = {lab.lower(): i for i, lab in enumerate(cues().date_labels)}
        meta["published_candidates"] = sorted(self.published, key=lambda c: order.get(c["label"].lower(), len(order)))
        if self.organ and "organ" not in meta:
            meta["organ"] = self.organ
        return meta
