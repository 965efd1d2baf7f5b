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
from collections.abc import Sequence
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
_CN_DIGITS = "一二两三四五六七八九十百千万"
_CN_NUM = rf"[{_CN_DIGITS}]+"
# what a Chinese numeral counts in a COUNT span ("三个乡镇", "两期")
_CN_COUNTED = ("个乡镇", "个部门", "个单位", "个村", "个社区", "家单位", "场", "期", "次")


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
                             rf"|(?<![第一二三四五六七八九十])(?:{_CN_NUM})(?:余|多)?(?:{'|'.join(_CN_COUNTED)})")),
        ("DOC", re.compile(r"《[^《》\n]{2,60}》|[〔\[(（]\d{4}[〕\])）]\s*\d{1,4}\s*号")),
        ("INITIATIVE", re.compile(r"[“\"][^“”\"\n]{2,20}[”\"]")),
        ("NAMED", re.compile(rf"(?:[A-Za-z0-9\u4e00-\u9fff]{{2,8}}?)(?:{suffix_alt})")),
    )


@cache
def _suffix_starts() -> re.Pattern[str]:
    # each suffix as its first character and a look-ahead for the rest: a match takes one character, so
    # overlapping suffixes are all found, and the engine can skip to the suffixes' first characters
    return re.compile("|".join(re.escape(s[0]) + (f"(?={re.escape(s[1:])})" if len(s) > 1 else "")
                               for s in name_suffixes()))


# Patterns that open with a look-behind or an optional group make the regex engine attempt a match at
# every position of the text.  These find the only positions a match can start at (its first character:
# a digit or numeral, 第, 上 or 下), and the pattern is attempted there alone.
_STARTS = {
    "DATE": re.compile(r"[\d第上下]"),  # \d…月 | \d{4}年… | 第…季度 | [上下]半年 | \d{4}-…
    "COUNT": re.compile(rf"[\d{_CN_DIGITS}]"),  # {_NUM}… | {_CN_NUM}…
}


def _starts(label: str, text: str) -> list[int]:
    """Every position a match of the label's pattern can start at, ascending."""
    if label == "NAMED":  # 2 to 8 characters before a suffix
        ends = [m.start() for m in _suffix_starts().finditer(text)]
        return sorted({p for q in ends for p in range(max(0, q - 8), q - 1)})
    return [m.start() for m in _STARTS[label].finditer(text)]


_SEEKS = frozenset({*_STARTS, "NAMED"})  # the labels whose match starts _starts knows


def _matches(label: str, pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a label of :data:`_SEEKS`: the leftmost match from each point
    on, attempted only at the positions a match can start at (``match`` at a position sees the text
    before it, as the look-behinds need).  None of the patterns matches the empty string."""
    out = []
    last = 0
    for p in _starts(label, text):
        if p >= last and (m := pattern.match(text, p)):
            last = max(m.end(), p + 1)
            out.append(m)
    return out


_Gate = frozenset[str] | None


@cache
def _plan() -> tuple[tuple[str, re.Pattern[str], _Gate, _Gate], ...]:
    """(label, pattern, the character sets of _NEEDS and of _musts the sentence must meet) in pattern
    order (``None``: no condition)."""
    musts = _musts()
    return tuple((label, pat, frozenset(_NEEDS[label]) if label in _NEEDS else None, musts.get(label))
                 for label, pat in _patterns())


@cache
def _musts() -> dict[str, frozenset[str]]:
    """Characters one of which every match of a label's pattern holds (each alternative's own literal,
    or the last character of the unit / suffix a match ends with): a sentence without any of them is not
    searched.  Unlike :data:`_NEEDS`, these are exact consequences of the patterns, so skipping changes
    no result."""
    return {
        "PERCENT": frozenset("%％之"),  # …[%％] | 百分之…
        "DATE": frozenset("月季半-/."),  # …月… | …季度 | …半年 | YYYY-MM-DD
        "YEAR": frozenset("年"),
        "COUNT": frozenset(w[-1] for w in (*units(), *_CN_COUNTED)),
        "NAMED": frozenset(s[-1] for s in name_suffixes()),
    }


def _generic_title(title: str) -> bool:
    inner = title.strip("《》")
    return any(g in inner for g in generic_titles())


@cache
def _lead_re() -> re.Pattern[str]:
    # the lead words in their order (longest first), each only with a character left after it
    return re.compile("(?s)(?:" + "|".join(re.escape(w) for w in lead_words()) + ")(?=.)")


def _trim_name(text: str) -> str:
    """Drop leading verbs / function words the regex swept in ("在政务大厅" → "政务大厅"): the first lead
    word, in lexicon order, that the text starts with and is longer than, again and again."""
    lead = _lead_re()
    while m := lead.match(text):
        text = text[m.end():]
    return text


@cache
def _name_lists() -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, frozenset[str]], ...]]:
    by_len: dict[int, set[str]] = {}
    for x in name_suffixes():
        by_len.setdefault(len(x), set()).add(x)
    return (generic_names(), generic_prefixes(),
            tuple((n, frozenset(xs)) for n, xs in sorted(by_len.items(), reverse=True)))


def _named(text: str) -> bool:
    """A NAMED candidate is specific unless it is a generic name or starts with a generic prefix."""
    names, prefixes, suffixes = _name_lists()
    if text.endswith(names) or text.startswith(prefixes):
        return False
    # the suffix lexicon runs longest first, so its first suffix the text ends with is its longest one
    suffix = next((n for n, xs in suffixes if text[-n:] in xs), 0)
    return len(text) - suffix >= 2


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


def spans(text: str) -> tuple[SpecSpan, ...]:
    """:func:`recognise`'s spans as the remembered tuple, without a copy: for callers that only read."""
    return _recognise(text)


# The narrative stage recognises each sentence twice (the classifier's dense features, then the sentence's
# specificity score): remembering the recent sentences halves that work.  The spans are frozen, and each
# caller gets a fresh list.
@lru_cache(maxsize=4096)
def _recognise(text: str) -> tuple[SpecSpan, ...]:
    cands: list[SpecSpan] = []
    present = set(text)
    for label, pat, needs, must in _plan():
        if (needs is not None and present.isdisjoint(needs)) or (must is not None and present.isdisjoint(must)):
            continue
        for m in _matches(label, pat, text) if label in _SEEKS else pat.finditer(text):
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


def score(found: Sequence[SpecSpan]) -> int:
    """The sentence's specificity: how many spans of a specific label it has."""
    return sum(1 for s in found if s.label in SPECIFIC_LABELS)
