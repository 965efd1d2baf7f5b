"""Items inside a section: sub-items （一）（二）…, enumerated items 一是 / 第一 / 1., and for section 五
(problems) the problem items and the improvement items.

Only enumerators at a clause boundary count ("一是" after 。；： or a line start), and a run of one
kind must count up from its first value (一是 二是 三是), so "统一是" or "第一次" are not items.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from auditor.model import Item, Section
from auditor.narrative.sentences import split_spans
from auditor.structure.lexicon import part_cues

_NUMS = "一二三四五六七八九十"
# An enumerator counts after a clause boundary or at the text's start (checked per match, which is
# much faster than a look-behind alternation tried at every position).
_BOUND = frozenset("，,：:。；;！？!?|）)”\n\r\t \u3000")
_SUB = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]")
_ENUM_BODIES: tuple[tuple[str, str], ...] = (
    ("shi", r"([一二三四五六七八九十]{1,3})是"),
    ("di", r"第([一二三四五六七八九十]{1,3})(?=[，,、：:是])"),
    ("arabic", r"([1-9][0-9]?)\s*[\.．、](?![0-9])"),
    ("paren_arabic", r"[（(]([1-9][0-9]?)[）)]"),
)
_ENUM_PATTERNS = tuple((name, re.compile(body)) for name, body in _ENUM_BODIES)
_BY_NAME = dict(_ENUM_PATTERNS)


def _positions(text: str, chars: str, start: int, end: int) -> list[int]:
    """Offsets of any of ``chars`` in ``text[start:end]``, in order (str.find is far faster than a
    regex character class)."""
    out: list[int] = []
    for ch in chars:
        k = text.find(ch, start, end)
        while k >= 0:
            out.append(k)
            k = text.find(ch, k + 1, end)
    out.sort()
    return out


def _bracket_starts(text: str, start: int, end: int) -> list[int]:
    return _positions(text, "（(", start, end)


def _shi_starts(text: str, start: int, end: int) -> list[int]:
    """The start of the one to three numerals before each 是 (the leftmost: where finditer's match
    begins, since no earlier match can end inside a run of numerals)."""
    out = []
    for q in _positions(text, "是", start, end):
        p = q
        while p > start and q - p < 3 and text[p - 1] in _NUMS:
            p -= 1
        if p < q:
            out.append(p)
    return out


# Where a match of these patterns can start: every match of _SUB and paren_arabic opens with a bracket,
# and every 一是 match is numerals then 是.
_STARTS = {
    _SUB: _bracket_starts,
    _BY_NAME["shi"]: _shi_starts,
    _BY_NAME["paren_arabic"]: _bracket_starts,
}


_SHORT = 200  # in a shorter range the regex alone is faster than finding the candidates first
# Characters every match of a pattern holds one of: a range holding none of them has no match (most
# short ranges — a sub-item, a part — have no 一是 or 1.), and str.find says so far faster than a scan.
_NEEDS = {
    _SUB: "（(",
    _BY_NAME["shi"]: "是",
    _BY_NAME["di"]: "第",
    _BY_NAME["arabic"]: ".．、",
    _BY_NAME["paren_arabic"]: "（(",
}


def _finditer(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    """``list(pattern.finditer(text, start, end))`` for the item patterns (those of :data:`_NEEDS`).

    A range without any of the characters the pattern needs has no match.  In a long range, for the
    patterns of :data:`_STARTS`, the regex is only tried where a match can start: the engine would
    otherwise test every character against the pattern's first character class.  Trying the candidate
    offsets in order, each from where the previous match ended, is what finditer does.
    """
    starts = _STARTS.get(pattern)
    if starts is None or end - start < _SHORT:
        for ch in _NEEDS[pattern]:
            if text.find(ch, start, end) >= 0:
                return list(pattern.finditer(text, start, end))
        return []
    out = []
    pos = start
    for p in starts(text, start, end):
        if p >= pos:
            m = pattern.match(text, p, end)
            if m is not None:
                out.append(m)
                pos = m.end()
    return out


def _bounded(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    """Matches at a clause boundary, plus one at ``start`` itself: a part's first character may be
    an enumerator with no punctuation before it ("（二）改进措施一是…")."""
    return [m for m in _finditer(pattern, text, start, end)
            if m.start() == start or m.start() == 0 or text[m.start() - 1] in _BOUND]


@lru_cache(maxsize=1024)
def _value(num: str) -> int:
    if num.isdigit():
        return int(num)
    if num == "十":
        return 10
    if num.startswith("十"):
        return 10 + _NUMS.index(num[1]) + 1
    if "十" in num:
        a, _, b = num.partition("十")
        return (_NUMS.index(a) + 1) * 10 + (_NUMS.index(b) + 1 if b else 0)
    return _NUMS.index(num) + 1 if len(num) == 1 else -1


def _runs(matches: Iterable[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Split matches into runs counting 1, 2, 3…; a stray "3." or "二是" alone is no enumeration."""
    runs: list[list[re.Match[str]]] = []
    cur: list[re.Match[str]] = []
    last = 0  # the value of cur[-1]
    for m in matches:
        v = _value(m.group(1))
        if cur and v == last + 1:
            cur.append(m)
            last = v
        elif v == 1:
            if len(cur) >= 2:
                runs.append(cur)
            cur = [m]
            last = v
        # otherwise: a number out of sequence, ignore it
    if len(cur) >= 2:
        runs.append(cur)
    return runs


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _items_from_marks(text: str, marks: list[re.Match[str]], end: int, kind: str) -> list[Item]:
    out = []
    for k, m in enumerate(marks):
        e = marks[k + 1].start() if k + 1 < len(marks) else end
        s, e = _trim(text, m.start(), e)
        if e > s:
            out.append(Item(kind=kind, label=m.group(0), text=text[s:e], start=s, end=e))
    return out


def sub_items(text: str, start: int, end: int) -> list[Item]:
    marks = _bounded(_SUB, text, start, end)
    runs = _runs(marks)
    return _items_from_marks(text, runs[0], end, "sub") if runs else []


def enum_runs(text: str, start: int, end: int) -> list[list[re.Match[str]]]:
    """Every counting run of enumerators of one style in ``text[start:end]``, in text order."""
    runs: list[list[re.Match[str]]] = []
    for _, pat in _ENUM_PATTERNS:
        runs.extend(_runs(_bounded(pat, text, start, end)))
    runs.sort(key=lambda r: r[0].start())
    # runs of different styles must not overlap (一是 inside a "1." item is nested, keep the outer)
    kept: list[list[re.Match[str]]] = []
    for r in runs:
        if kept and r[0].start() < kept[-1][-1].end():
            continue
        kept.append(r)
    return kept


def enum_items(text: str, start: int, end: int, kind: str = "enum") -> list[Item]:
    """Enumerated items; the last item of a run ends at the sentence end (not at the next paragraph)."""
    out: list[Item] = []
    runs = enum_runs(text, start, end)
    for k, run in enumerate(runs):
        run_end = runs[k + 1][0].start() if k + 1 < len(runs) else end
        items = _items_from_marks(text, run, run_end, kind)
        if items:
            last = items[-1]
            cut = _last_item_end(text, last.start, last.end)
            items[-1] = Item(kind, last.label, text[last.start:cut], last.start, cut)
        out.extend(items)
    return out


_PARA_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[（(]?[一二三四五六七八九十]{1,3}[）)、是])|。\s+(?=\S)")


def _last_item_end(text: str, s: int, e: int) -> int:
    """The last enumerated item stops at a paragraph break or at a sentence followed by new framing."""
    m = _PARA_BREAK.search(text, s, e)
    if m:
        cut = m.start() + (1 if text[m.start()] == "。" else 0)
        return _trim(text, s, cut)[1]
    return e


_FRAMING_END = ("：", ":")
_LIST_CONTINUES = re.compile(r"(?:[二三四五六七八九十]是|第[二三四五六七八九十][，,、]|[2-9][、.．](?![0-9]))")
_CUE_HEAD = 14  # an improvement cue opens the improvements only near a sentence's start…


def _sentences_as_items(text: str, start: int, end: int, kind: str) -> list[Item]:
    """Each sentence is an item, except framing lines ending with a colon ("主要是：")."""
    return [Item(kind, "", text[s:e], s, e) for s, e in split_spans(text, start, end)
            if not text[s:e].rstrip().endswith(_FRAMING_END)]


def _opens_improvements(sentence: str) -> bool:
    cues = part_cues()
    if any(p.search(sentence) for p in cues.improvement_patterns):
        return True
    # …or anywhere in a short framing sentence ("2016年，我们将采取以下措施加以改进：")
    head = sentence if sentence.rstrip().endswith(_FRAMING_END) or len(sentence) < 40 else sentence[:_CUE_HEAD]
    return any(c in head for c in cues.improvement)


def _has_problem_cue(sentence: str) -> bool:
    return any(c in sentence for c in part_cues().problem)


def _part_header_end(text: str, start: int, end: int, cues: tuple[str, ...]) -> int:
    """Skip a part's own sub-heading ("（一）存在的主要问题：", "(二)改进措施") to reach its content."""
    m = _SUB.match(text, start, end)
    pos = m.end() if m else start
    window = text[pos:min(end, pos + 16)]
    best = -1
    for c in cues:
        k = window.find(c)
        if 0 <= k <= 4:
            best = max(best, k + len(c))
    if best < 0:
        return start if not m else pos
    pos += best
    while pos < end and (text[pos].isspace() or text[pos] in "：:。.，,、"):
        pos += 1
    return pos


def problem_parts(text: str, start: int, end: int, subs: list[Item] | None = None
                  ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The (start, end) of the problems part and of the improvements part of a section 五 body.

    With sub-headings （一）存在问题 / （二）改进措施 they bound the parts; otherwise the improvements
    open at the first sentence announcing them (下一步…, 将采取以下措施…, 2023年，我区将…) and
    everything before it — framing included — is the problems part.
    """
    cues = part_cues()
    if subs is None:  # ``subs``: the caller's sub_items(text, start, end), when it has them
        subs = sub_items(text, start, end)
    if len(subs) >= 2:
        heads = [text[s.start:min(s.end, s.start + 16)] for s in subs]  # each sub-item's opening
        prob = next((s for s, h in zip(subs, heads, strict=True) if any(c in h for c in cues.problem)), None)
        imp = next((s for s, h in zip(subs, heads, strict=True) if any(c in h for c in cues.improvement)), None)
        if prob and imp and prob.start < imp.start:
            return (prob.start, imp.start), (imp.start, end)
    spans = list(split_spans(text, start, end))
    for k, (s, e) in enumerate(spans):
        # a later item of a running list (二是…, 3.…) continues that list, whatever words it holds
        if _LIST_CONTINUES.match(text, s, e):
            continue
        if _opens_improvements(text[s:e]):
            if k == 0 and not _has_problem_cue(text[s:e]):
                return None, (s, end)
            if k == 0:
                continue  # "针对…问题" in the opening line is still the problems' framing
            return (start, s), (s, end)
    if any(_has_problem_cue(text[s:e]) for s, e in spans):
        return (start, end), None
    return None, None


_FIRST_OF_LIST = re.compile(r"(?<![0-9])(?:1\s*[、.．]|一是|[（(]1[）)])(?![0-9])")
_HEADING_ONLY = 40  # a sub-item whose text before its own list is this short is just a heading


def _nested_list(text: str, sub: Item) -> list[Item]:
    """The enumerated items under a sub-item that is only a heading ("（三）进一步规范…行为 1、…2、…").

    Then the measures are the 1、2、… items, not the heading; a sub-item with its own sentences
    before a list is one item.
    """
    body_start = sub.start + len(sub.label)
    nested = enum_items(text, body_start, sub.end)
    if not nested:
        # the heading may run straight into its list with no punctuation: "…行为1、加强…"
        m = _FIRST_OF_LIST.search(text, body_start, min(sub.end, body_start + _HEADING_ONLY))
        if m:
            nested = enum_items(text, m.start(), sub.end)
    if not nested:
        return []
    lead = text[body_start:nested[0].start]
    if len(lead) > _HEADING_ONLY or any(ch in lead for ch in "。；;！？"):
        return []
    return nested


def _part_items(text: str, start: int, end: int, kind: str) -> list[Item]:
    cues = part_cues().problem if kind == "problem" else part_cues().improvement
    start = _part_header_end(text, start, end, cues)
    subs = sub_items(text, start, end)
    if len(subs) >= 2:
        out: list[Item] = []
        for it in subs:
            nested = _nested_list(text, it)
            out.extend(Item(kind, n.label, n.text, n.start, n.end) for n in nested or [it])
        return out
    items = enum_items(text, start, end, kind)
    if items:
        return items
    # no enumerators: each sentence is an item
    return _sentences_as_items(text, start, end, kind)


def problems_and_improvements(text: str, start: int, end: int, subs: list[Item] | None = None) -> list[Item]:
    prob, imp = problem_parts(text, start, end, subs)
    out: list[Item] = []
    for part, kind in ((prob, "problem"), (imp, "improvement")):
        if part is not None:
            out.extend(_part_items(text, part[0], part[1], kind))
    return out


_CELL_BAR = " | "


def _in_table(item: Item, tables: tuple[tuple[int, int], ...]) -> bool:
    """Row labels of t3 ("（一）予以公开", "1.属于国家秘密") are table cells, not narrative items."""
    start = item.start
    for ts, te in tables:
        if ts <= start < te:
            return True
    return _CELL_BAR in item.text[:40] or item.text.rstrip().endswith("|")


def section_items(text: str, section: Section, tables: tuple[tuple[int, int], ...] = ()) -> tuple[Item, ...]:
    """Sub-items and enumerated items of a section (outside its tables); for 五 also its problems and
    improvements."""
    s, e = section.body_start, section.end
    subs = sub_items(text, s, e)
    out = subs + enum_items(text, s, e)
    if section.key == "problems":
        out += problems_and_improvements(text, s, e, subs)
    out = [i for i in out if not _in_table(i, tables)]
    out.sort(key=lambda i: (i.start, i.kind))
    return tuple(out)
