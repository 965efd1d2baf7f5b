"""Table labels: normalisation, similarity, and the label-variant data file (``corpora/tables/labels.json``).

Real tables write the official labels with full/half-width brackets, spaces and line breaks inside
(``总\\n计``, ``法 律 服 务 机 构``), other enumerators (``1.`` / ``（1）`` / ``1、``) and the odd dropped
character (``2.其他法律行政止公开``), so labels are compared after normalisation with a similarity
threshold rather than by equality, and never by position alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import Any, TypeVar

from auditor.config import defaults
from auditor.resources import corpora_path

_DROP = re.compile(r"[\s|\u3000:：,，、.．;；\"'“”‘’·•]")
# Enumerators at the start of a label: 一、 （三） (3) 3. 3、 — they number rows, they do not name them.
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十\d]+\)|\d+[.．、]?)+")


@cache
def label_data() -> dict[str, Any]:
    """The label variants, null tokens, units and anchors of ``corpora/tables/labels.json``."""
    import json

    with corpora_path("tables", "labels.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def min_similarity() -> float:
    return float(defaults().get("tables", {}).get("min_label_similarity", 0.7))


@cache
def _char(c: str) -> str:
    folded = unicodedata.normalize("NFKC", c)
    folded = folded.lower() if len(folded) == 1 else c
    # a table in traditional characters (總計, 申請) must match the simplified labels: the text keeps
    # its characters, only the comparison folds them (the same pairs that recognise such a page)
    return _simplified().get(ord(folded), folded)


def _simplified() -> dict[int, str]:
    from auditor.ingest.normalize import traditional_table

    return traditional_table()


_FOLD: dict[int, str] = {}
# the characters already in _FOLD: one set difference per call instead of a dict probe per character
_FOLDED: set[str] = set()


# From this length on, fold replaces the few characters that change rather than mapping every one.
_BULK = 200


@cache
def _may_change() -> re.Pattern[str]:
    """The characters :func:`_char` may change: all but ASCII other than A-Z and the CJK unified
    ideographs that are no traditional form (NFKC keeps those, and they have no case).

    One positive class, not a negated class or an alternation: the regex engine tests it with one
    table lookup per character.
    """
    kept = "".join(sorted(chr(k) for k in _simplified() if k < 0x80 or 0x4E00 <= k <= 0x9FFF))
    return re.compile("[A-Z\x80-\u4dff\ua000-\U0010ffff" + re.escape(kept) + "]")


def _fold_by_replacing(text: str) -> str | None:
    """:func:`fold` of a long text (a whole report): the characters that change are few (full-width
    punctuation, the odd traditional form), so each is replaced throughout, which is much faster than
    mapping every character.  None when a replacement would itself be replaced (a chain in the
    traditional → simplified pairs): then replacing one after the other could fold twice."""
    changes: dict[str, str] = {}
    for c in set(_may_change().findall(text)):
        f = _char(c)
        if f != c:
            changes[c] = f
    if any(ch in changes for f in changes.values() for ch in f):
        return None
    for c, f in changes.items():
        text = text.replace(c, f)
    return text


def fold(text: str) -> str:
    """One-for-one character folding (NFKC where it gives one character): same length as ``text``."""
    if len(text) >= _BULK:
        folded = _fold_by_replacing(text)
        if folded is not None:
            return folded
    new = set(text) - _FOLDED
    if new:
        for c in new:
            _FOLD[ord(c)] = _char(c)
        _FOLDED.update(new)
    return text.translate(_FOLD)


_KEEP = re.compile(r"[^\s|\u3000]+")


def compact(text: str) -> tuple[str, list[int]]:
    """``text`` folded with white space and '|' removed, plus the offset in ``text`` of each kept char."""
    kept, index = _compact(text)
    return kept, list(index)  # a fresh list: the cached tuple is shared between callers


@lru_cache(maxsize=256)
def _compact(text: str) -> tuple[str, tuple[int, ...]]:
    # cached: a grid's joined text is compacted twice per run (has_tables, then grid_tables)
    folded = fold(text)
    parts: list[str] = []
    index: list[int] = []
    for m in _KEEP.finditer(folded):
        parts.append(m.group())
        index.extend(range(m.start(), m.end()))
    return "".join(parts), tuple(index)


@lru_cache(maxsize=1024)
def loose_pattern(needle: str) -> re.Pattern[str]:
    return re.compile(r"[\s|\u3000]*".join(re.escape(c) for c in fold(needle)))


def find_loose(folded: str, needle: str, start: int = 0, end: int | None = None) -> int:
    """Offset of ``needle`` in already-folded text, allowing white space and '|' between its characters
    (``总\n计``); -1 when absent.  Offsets are those of the text (folding is one-for-one)."""
    m = loose_pattern(needle).search(folded, start, len(folded) if end is None else end)
    return m.start() if m else -1


@lru_cache(maxsize=65536)
def core(label: str) -> str:
    """A normalised label without its leading enumerator(s): ``（三）不予公开`` → ``不予公开``."""
    text = fold(label)
    text = re.sub(r"[\s|\u3000]", "", text)
    text = _ENUM.sub("", text)
    return _DROP.sub("", text)


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """SequenceMatcher ratio of two normalised labels (0 when even their character sets differ too much)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    sa, sb = set(a), set(b)
    # cheap bound first: most label pairs share few characters, and the ratio cannot beat this by much
    if 2 * len(sa & sb) / (len(sa) + len(sb)) < min_similarity() - 0.15:
        return 0.0
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < min_similarity() or sm.quick_ratio() < min_similarity():
        return 0.0
    return sm.ratio()


@lru_cache(maxsize=65536)
def suffix_similarity(text: str, label: str) -> float:
    """How well ``text`` ends with ``label`` (both normalised by :func:`core`).

    Row labels come after group labels in the same cell run (``三、本年度办理结果（三）不予公开1.属于国家秘密``),
    so the label is compared with the end of the text, allowing a few characters more or fewer.
    """
    if not text or not label:
        return 0.0
    if text.endswith(label):
        return 1.0
    n = len(label)
    best = 0.0
    for width in range(max(1, n - 3), n + 4):
        best = max(best, similarity(text[-width:], label))
    return best


def best_whole(text: str, labels: dict[str, Iterable[str]]) -> tuple[str | None, float]:
    """The key whose label (or alias) best matches all of ``text`` (column headers: '其他' must not
    match '法人或其他组织')."""
    return whole_labels(label_items(labels)).best(text)


T = TypeVar("T")
_MAX_CACHED = 4096  # distinct texts a label set's index remembers (header and row labels repeat across reports)


def remembered(memo: dict[str, T], text: str, compute: Callable[[str], T]) -> T:
    """``compute(text)``, remembered in ``memo`` (emptied when it holds :data:`_MAX_CACHED` texts)."""
    found = memo.get(text)
    if found is None:
        if len(memo) >= _MAX_CACHED:
            memo.clear()
        found = memo[text] = compute(text)
    return found


class WholeLabels:
    """:func:`best_whole` over one label set, remembering each text's answer: header texts repeat
    across tables and reports."""

    def __init__(self, items: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        self._labels = [(key, [core(v) for v in variants]) for key, variants in items]
        self._best: dict[str, tuple[str | None, float]] = {}

    def best(self, text: str) -> tuple[str | None, float]:
        return remembered(self._best, core(text), self._compute)

    def _compute(self, t: str) -> tuple[str | None, float]:
        best_key, best = None, 0.0
        for key, variants in self._labels:
            for v in variants:
                s = similarity(t, v)
                if s > best:
                    best_key, best = key, s
        return (best_key, best) if best >= min_similarity() else (None, best)


@lru_cache(maxsize=64)
def whole_labels(items: tuple[tuple[str, tuple[str, ...]], ...]) -> WholeLabels:
    """The :class:`WholeLabels` of a label set given as ``(key, variants)`` pairs (cached per set)."""
    return WholeLabels(items)


def label_items(labels: dict[str, Iterable[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A label dict as hashable ``(key, variants)`` pairs."""
    return tuple((k, tuple(vs)) for k, vs in labels.items())


def compact_text(text: str) -> str:
    """The text of :func:`compact` alone (no offsets list to copy)."""
    return _compact(text)[0]


def find_all(hay: str, label: str, taken: list[tuple[int, int]] | None = None) -> list[int]:
    """Start positions of ``label`` in ``hay`` (both compact), exact first, else the best fuzzy window."""
    taken = taken or []

    def free(i: int, n: int) -> bool:
        return all(i + n <= a or i >= b for a, b in taken)

    hits = [m.start() for m in re.finditer(re.escape(label), hay) if free(m.start(), len(label))]
    if hits or len(label) < 4:
        return hits
    # a dropped or changed character: slide a window of the label's length ±1
    n = len(label)
    best, where = 0.0, -1
    for width in (n - 1, n, n + 1):
        # the window starts that overlap a taken span (a - width < i < b), once per width rather than
        # a scan of ``taken`` per window
        blocked: set[int] = set()
        for a, b in taken:
            blocked.update(range(a - width + 1, b))
        for i in range(0, max(0, len(hay) - width) + 1):
            if i in blocked:
                continue
            s = similarity(hay[i : i + width], label)
            if s > best:
                best, where = s, i
    return [where] if best >= max(min_similarity(), 0.8) else []


def aliases(area: str, key: str) -> list[str]:
    """Extra wordings of a key from the data file (``area`` is e.g. ``t3.rows``)."""
    return list(label_data()["aliases"].get(f"{area}.{key}", []))
