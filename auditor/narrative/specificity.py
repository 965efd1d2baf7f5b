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
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any

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
# every position of the text.  These find the only positions a match can start at, and the pattern is
# attempted there alone: its alternatives' first characters (a digit or numeral, 第, 上 or 下) where the
# alternative's look-behind and its next few characters allow a match (a digit starts a date only a digit
# or three before 月, 年, -, / or .) — most digits and numerals in a report start none.
_STARTS = {
    # (\d{4}年)?\d{1,2}月… | \d{4}年… | 第…季度 | [上下]半年 | \d{4}[-/.]…
    "DATE": re.compile(r"\d(?=\d?月|\d{3}[年\-/.])|第(?=[一二三四1-4]季度)|[上下](?=半年)"),
    # (?<![\d〔\[]){_NUM}… | (?<![第一二三四五六七八九十]){_CN_NUM}…, the look-behinds after the character
    # (a leading look-behind makes the engine try every position, not only those of the character set)
    "COUNT": re.compile(rf"[\d{_CN_DIGITS}](?:(?<=\d)(?<![\d〔\[]\d)"
                        rf"|(?<=[{_CN_DIGITS}])(?<![第一二三四五六七八九十][{_CN_DIGITS}]))"),
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


def _find(label: str, pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)``, by :func:`_matches` for the labels of :data:`_SEEKS`."""
    return _matches(label, pattern, text) if label in _SEEKS else pattern.finditer(text)


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
    return list(spans(text))


# The narrative stage recognises each sentence twice (the classifier's dense features, then the sentence's
# specificity score): remembering the recent sentences halves that work.  The spans are frozen, and each
# caller of recognise gets a fresh list.  Emptied when full, so it cannot grow without bound.
_REMEMBERED: dict[str, tuple[SpecSpan, ...]] = {}
_REMEMBER_MAX = 4096


def _remember(text: str, found: tuple[SpecSpan, ...]) -> tuple[SpecSpan, ...]:
    if len(_REMEMBERED) >= _REMEMBER_MAX:
        _REMEMBERED.clear()
    _REMEMBERED[text] = found
    return found


def spans(text: str) -> tuple[SpecSpan, ...]:
    """:func:`recognise`'s spans as the remembered tuple, without a copy: for callers that only read."""
    found = _REMEMBERED.get(text)
    return _remember(text, _recognise_one(text)) if found is None else found


def spans_many(texts: Sequence[str]) -> list[tuple[SpecSpan, ...]]:
    """:func:`spans` of each text; the texts not remembered are recognised together (:func:`_recognise_all`)."""
    out = [_REMEMBERED.get(t) for t in texts]
    todo = [i for i, found in enumerate(out) if found is None]
    if todo:
        for i, found in zip(todo, _recognise_all([texts[i] for i in todo]), strict=True):
            out[i] = _remember(texts[i], found)
    return out  # type: ignore[return-value]  # every None was replaced


def _candidate(label: str, start: int, end: int, frag: str) -> SpecSpan | None:
    """The span of a match of ``label``'s pattern, or ``None`` when it does not count."""
    if label == "DOC" and frag.startswith("《") and _generic_title(frag):
        return None
    if label == "NAMED":
        trimmed = _trim_name(frag)
        if not _named(trimmed):
            return None
        start, frag = end - len(trimmed), trimmed
    return SpecSpan(start, end, label, frag)


def _resolve(cands: list[SpecSpan]) -> tuple[SpecSpan, ...]:
    """The candidates kept where they overlap (by label priority, then length), in text order."""
    if len(cands) < 2:  # most sentences: nothing to choose between
        return tuple(cands)
    cands.sort(key=lambda c: (_PRIORITY[c.label], -(c.end - c.start), c.start))
    taken: list[SpecSpan] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return tuple(sorted(taken, key=lambda c: c.start))


def _skipped(present: set[str], needs: _Gate, must: _Gate) -> bool:
    return (needs is not None and present.isdisjoint(needs)) or (must is not None and present.isdisjoint(must))


def _recognise_one(text: str) -> tuple[SpecSpan, ...]:
    """The specificity spans of one text."""
    cands: list[SpecSpan] = []
    present = set(text)
    for label, pat, needs, must in _plan():
        if _skipped(present, needs, must):
            continue
        for m in _find(label, pat, text):
            s, e = m.span()
            if e > s and (c := _candidate(label, s, e, m.group())) is not None:
                cands.append(c)
    return _resolve(cands)


# Joins the texts _recognise_all searches together: no pattern's match holds it or starts with it, except
# across \s* between a number and its unit, a match the search then sees crossing two texts; no set of
# _plan holds it, and no look-around accepts it where it would not accept a text's start or end.
_JOIN = "\n"
_BMP = 0x10000
_ALWAYS = 1 << 31


@cache
def _gate_table() -> tuple[Any, Any] | None:
    """Per code point (the BMP's, and one entry for all others), a bit for each of :func:`_plan`'s
    character sets holding it; and per plan entry, a row of the two bits a text must have (for a missing
    set :data:`_ALWAYS`, which every text has).  ``None`` if a set holds a character beyond the BMP or the
    join."""
    import numpy as np

    sets = [g for _, _, needs, must in _plan() for g in (needs, must) if g is not None]
    chars = {c for g in sets for c in g}
    if len(sets) >= _ALWAYS.bit_length() or _JOIN in chars or any(ord(c) >= _BMP for c in chars):
        return None
    table = np.zeros(_BMP + 1, dtype=np.uint32)
    for bit, g in enumerate(sets):
        table[[ord(c) for c in g]] |= np.uint32(1 << bit)
    wants, k = [], 0
    for _, _, needs, must in _plan():
        want = []
        for g in (needs, must):
            want.append(_ALWAYS if g is None else 1 << k)
            k += g is not None
        wants.append((want[0], want[1]))
    return table, np.array(wants, dtype=np.uint32)


def _gated(texts: Sequence[str]) -> list[list[int]]:
    """Per :func:`_plan` entry, the texts that hold a character of each of its sets (``_recognise_one``'s
    ``isdisjoint`` tests), from one table lookup per character of the batch."""
    made = _gate_table()
    if made is None:
        present = [set(t) for t in texts]
        return [[i for i, seen in enumerate(present) if not _skipped(seen, needs, must)]
                for _, _, needs, must in _plan()]
    import numpy as np

    from auditor.narrative.charclass import codepoints

    table, wants = made
    starts = list(accumulate([len(t) + len(_JOIN) for t in texts[:-1]], initial=0))
    # the joins hold no set's character, so each text's segment may run on over the join after it; the
    # appended 0 is the segment of an empty last text
    bits = np.append(table[np.minimum(codepoints(_JOIN.join(texts)), _BMP)], np.uint32(0))
    have = np.bitwise_or.reduceat(bits, starts) | np.uint32(_ALWAYS) if texts else bits[:0]
    ok = ((have & wants[:, :1]) != 0) & ((have & wants[:, 1:]) != 0)  # plan entry × text
    entry, text = np.nonzero(ok)
    bounds = np.cumsum(np.bincount(entry, minlength=len(wants))).tolist()
    chosen = text.tolist()
    return [chosen[a:b] for a, b in zip([0, *bounds], bounds, strict=False)]


def _recognise_all(texts: Sequence[str]) -> list[tuple[SpecSpan, ...]]:
    """:func:`_recognise_one` of each text, searching each pattern once, over the texts its character gates
    (:func:`_plan`) let through, joined.

    A match inside one text is one the text's own search finds, and the joined search finds each text's
    matches: the patterns look behind only at characters a join is not (as the text's start is not one),
    and look ahead only within the match, so while no match reaches across a join, no text's matches
    depend on its neighbours'.  The texts a match reaches out of are recognised alone."""
    gated = _gated(texts)
    cands: list[list[SpecSpan]] = [[] for _ in texts]
    alone: set[int] = set()
    for (label, pat, _, _), chosen in zip(_plan(), gated, strict=True):
        if not chosen:
            continue
        sub = [texts[i] for i in chosen]
        starts = list(accumulate([len(t) + len(_JOIN) for t in sub[:-1]], initial=0))
        joined = _JOIN.join(sub)
        for m in _find(label, pat, joined):
            s, e = m.span()
            k = bisect_right(starts, s) - 1
            off = starts[k]
            if e <= s or e > off + len(sub[k]):  # reaches past its text's end, or starts on a join
                alone.update(chosen[k : max(k + 1, bisect_left(starts, e))])
                continue
            c = _candidate(label, s - off, e - off, m.group())
            if c is not None:
                cands[chosen[k]].append(c)
    return [_recognise_one(t) if i in alone else _resolve(c) for i, (t, c) in enumerate(zip(texts, cands, strict=True))]


def label_counts(text: str) -> Counter[str]:
    return Counter(s.label for s in recognise(text))


def score(found: Sequence[SpecSpan]) -> int:
    """The sentence's specificity: how many spans of a specific label it has."""
    return sum(1 for s in found if s.label in SPECIFIC_LABELS)
