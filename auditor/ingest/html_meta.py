"""Metadata of an HTML page: title, publication-date candidates and publishing organ.

Read from the whole page (before its furniture is dropped): ``<title>``, ``<h1>`` and ``<meta>`` tags,
small metadata tables (名称 | … | 发布机构 | … | 公开日期 | …) and ``label：value`` lines in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import islice
from typing import Any

from lxml import etree

from auditor.ingest.page_meta import MetaCollector, cues, is_date_label, is_organ_label

__all__ = ["element_text", "page_meta"]

_SPACE = re.compile(r"\s+")
_REPORT_WORDS = ("年度报告", "年报", "工作报告")


# an element's string value in one libxml2 call (xmlNodeBufGetContent, what XPath string() returns too):
# the same text as "".join(el.itertext()) (comments and PIs are removed at parse time, so only text nodes
# remain), without a Python string per text node.  tostring(method="text") skips the XPath evaluation
# context an XPath call sets up each time: a third cheaper on the short paragraphs and cells it mostly reads.


def element_text(el: etree._Element) -> str:
    """The text of ``el`` and its descendants (the HTML reader's too)."""
    if len(el) == 0:  # no child element: the text is all there is (most metadata cells)
        return el.text or ""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)  # type: ignore[no-any-return]


def _flat(s: str) -> str:
    return _SPACE.sub(" ", s).strip()


def page_meta(root: etree._Element) -> dict[str, Any]:
    """Title, publication-date candidates and publishing organ, from tags, metadata tables and text."""
    c = cues()
    collector = MetaCollector()
    # one walk of the tree for the four tags (each walk of a fresh tree costs a few hundred µs in cache
    # misses); read in the order of four separate walks: <h1>s, <meta>s, <title>s, then the tables
    found: dict[str, list[etree._Element]] = {"h1": [], "meta": [], "title": [], "table": []}
    for el in root.iter("h1", "meta", "title", "table"):
        found[el.tag].append(el)
    titles: list[str] = []
    for h in found["h1"]:
        titles.append(_flat(element_text(h)))
    for m in found["meta"]:
        name = m.get("name") or m.get("property") or m.get("http-equiv") or ""
        content = m.get("content") or ""
        if name in c.title_meta:
            titles.append(_flat(content))
        collector.pair(name, content, "meta")
    for t in found["title"]:
        titles.append(_flat(element_text(t)))
    # metadata tables: 名称 | … | 发布机构 | 沭阳县发展和改革局 | 公开日期 | 2024-01-17
    for td in _label_cells(found["table"]):
        label = _flat(element_text(td))
        if len(label) <= 12 and (is_date_label(label) or is_organ_label(label)):
            value = td.getnext()
            while value is not None and value.tag not in ("td", "th"):
                value = value.getnext()
            if value is not None:
                collector.pair(label, _flat(element_text(value)), "table")
    # "发布时间：2024-01-17" lines; scripts and styles would only add noise
    collector.scan_text("\n".join(_VISIBLE_TEXT(root)), "page")  # one node per line: no label glued to text
    titles = [t for t in titles if t]
    meta: dict[str, Any] = {"titles": titles}
    reportish = [t for t in titles if any(w in t for w in _REPORT_WORDS)]
    meta["title"] = (reportish or titles or [None])[0]
    return collector.into(meta)


# script and style text sits directly under its element: a parent test is enough (ancestor:: is slow).
# Written as a set difference, not a predicate: libxml2 evaluates a predicate per text node (~1.5 us
# each, 2 ms on a Word export) while set:difference keeps //text() in document order and drops the few
# script/style nodes in one C pass.
_VISIBLE_TEXT = etree.XPath("set:difference(//text(), //script/text() | //style/text() | //noscript/text())",
                            namespaces={"set": "http://exslt.org/sets"}, smart_strings=False)


@cache
def _label_keys() -> re.Pattern[str]:
    """The last two characters of each CJK date or organ label (日期, 时间, 机构, 来源…): a cheap pre-filter."""
    c = cues()
    return re.compile("|".join(sorted({lab[-2:] for lab in (*c.date_labels, *c.organ_labels) if not lab.isascii()})))


def _count(items: Iterator[object], limit: int) -> int:
    """How many items, counted up to ``limit`` (a report's table can have hundreds of rows)."""
    return sum(1 for _ in islice(items, limit))


def _label_cells(tables: list[etree._Element]) -> list[etree._Element]:
    """Short cells of small leaf tables (metadata tables) holding a label word; the report's grids skipped."""
    keys = _label_keys()
    out = []
    for table in tables:
        # iterdescendants(tag) filters in C; find/findall(".//tag") walk the table in Python
        if next(table.iterdescendants("table"), None) is not None or _count(table.iterdescendants("tr"), 21) > 20:
            continue
        for td in table.iter("td", "th"):
            text = element_text(td)
            if len(text) < 40 and keys.search(text):
                out.append(td)
    return out
