"""The specificity recogniser: spans that make a sentence checkable (DOMAIN.md, "substantive").

Labels: COUNT (a number with a unit), PERCENT, MONEY, DATE (a day, a month or a period), YEAR (a bare
year, weak: every report names its year), DOC (a 《title》 other than the ones every agency cites, or a
document number 〔2021〕5号), INITIATIVE (a “quoted” named initiative), NAMED (a named platform, system,
unit or place).  Overlaps are resolved by label priority, then length, so "2020年1月1日" is one DATE and
not a DATE plus a COUNT "1日".  Pure regular expressions built once from the lexicons: no segmentation,
so it is cheap enough to run on every sentence the classifier sees.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from auditor.narrative.lexicons import (
    generic_names,
    generic_prefixes,
    generic_titles,
    lead_words,
    name_suffixes,
    units,
)

LABELS = ("COUNT", "PERCENT", "MONEY", "DATE", "YEAR", "DOC", "INITIATIVE", "NAMED")
# Labels that count towards a sentence's specificity score; YEAR alone proves nothing.
SPECIFIC_LABELS = frozenset(LABELS) - {"YEAR"}
_PRIORITY = {label: i for i, label in enumerate(("DOC", "MONEY", "PERCENT", "DATE", "COUNT", "INITIATIVE",
                                                   "NAMED", "YEAR"))}

_NUM = r"(?:\d+(?:[.,]\d+)*(?:\.\d+)?)"
_CN_NUM = r"[一二两三四五六七八九十百千万]+"


@dataclass(frozen=True, slots=True)
class SpecSpan:
    start: int
    end: int
    label: str
    text: str


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    unit_alt = "|".join(re.escape(u) for u in units())
    suffix_alt = "|".join(re.escape(s) for s in name_suffixes())
    return (
        ("PERCENT", re.compile(rf"{_NUM}\s*[%％]|百分之[一二三四五六七八九十百点零\d.]+")),
        ("MONEY", re.compile(rf"{_NUM}\s*(?:多|余)?(?:万|亿|千)?元")),
        ("DATE", re.compile(
            r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?(?:[至到\-—～~]+(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?)?"
            r"|\d{4}年(?:第?[一二三四1-4]季度|[上下]半年)|第[一二三四1-4]季度|[上下]半年"
            r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")),
        ("YEAR", re.compile(r"(?<!\d)(?:19|20)\d{2}年度?")),
        ("COUNT", re.compile(rf"(?<![\d〔\[])(?:{_NUM}(?:\s*(?:余|多))?\s*(?:万|亿)?\s*(?:{unit_alt}))"
                             rf"|(?<![第一二三四五六七八九十])(?:{_CN_NUM})(?:余|多)?(?:个乡镇|个部门|个单位|个村|个社区|家单位|场|期|次)")),
        ("DOC", re.compile(r"《[^《》\n]{2,60}》|[〔\[(（]\d{4}[〕\])）]\s*\d{1,4}\s*号")),
        ("INITIATIVE", re.compile(r"[“\"][^“”\"\n]{2,20}[”\"]")),
        ("NAMED", re.compile(rf"(?:[A-Za-z0-9\u4e00-\u9fff]{{2,8}}?)(?:{suffix_alt})")),
    )


def _generic_title(title: str) -> bool:
    inner = title.strip("《》")
    return any(g in inner for g in generic_titles())


def _trim_name(text: str) -> str:
    """Drop leading verbs / function words the regex swept in ("在政务大厅" → "政务大厅")."""
    changed = True
    while changed and text:
        changed = False
        for p in lead_words():
            if text.startswith(p) and len(text) > len(p):
                text = text[len(p):]
                changed = True
                break
    return text


def _named(text: str) -> bool:
    """A NAMED candidate is specific unless it is a generic name or starts with a generic prefix."""
    if any(text.endswith(g) for g in generic_names()):
        return False
    if any(text.startswith(p) for p in generic_prefixes()):
        return False
    suffix = next((x for x in name_suffixes() if text.endswith(x)), "")
    return len(text) - len(suffix) >= 2


# A pattern can only match if its text holds one of these characters: skipping the others keeps the
# recogniser cheap on the many sentences without numbers, titles or quotes.
_NEEDS = {
    "PERCENT": "0123456789百",
    "MONEY": "元",
    "DATE": "0123456789季半",
    "YEAR": "0123456789",
    "COUNT": "0123456789一二两三四五六七八九十百千万",
    "DOC": "《号",
    "INITIATIVE": "“\"",
}


def recognise(text: str) -> list[SpecSpan]:
    """Specificity spans of ``text``, non-overlapping, in text order."""
    return list(_recognise(text))


# The narrative stage recognises each sentence twice (the classifier's dense features, then the sentence's
# specificity score): remembering the recent sentences halves that work.  The spans are frozen, and each
# caller gets a fresh list.
@lru_cache(maxsize=4096)
def _recognise(text: str) -> tuple[SpecSpan, ...]:
    cands: list[SpecSpan] = []
    present = set(text)
    for label, pat in _patterns():
        needs = _NEEDS.get(label)
        if needs is not None and present.isdisjoint(needs):
            continue
        for m in pat.finditer(text):
            s, e = m.span()
            if e <= s:
                continue
            frag = m.group()
            if label == "DOC" and frag.startswith("《") and _generic_title(frag):
                continue
            if label == "NAMED":
                trimmed = _trim_name(frag)
                if not _named(trimmed):
                    continue
                s, frag = e - len(trimmed), trimmed
            cands.append(SpecSpan(s, e, label, frag))
    cands.sort(key=lambda c: (_PRIORITY[c.label], -(c.end - c.start), c.start))
    taken: list[SpecSpan] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return tuple(sorted(taken, key=lambda c: c.start))


def label_counts(text: str) -> Counter[str]:
    return Counter(s.label for s in recognise(text))


def score(spans: list[SpecSpan]) -> int:
    """The sentence's specificity: how many spans of a specific label it has."""
    return sum(1 for s in spans if s.label in SPECIFIC_LABELS)
