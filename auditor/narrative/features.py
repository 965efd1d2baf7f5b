"""Dense, agency-independent sentence features: specificity counts, template wording, shape.

These carry over to agencies the classifier never saw, which character n-grams alone do not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache

import numpy as np

from auditor.narrative.charclass import codepoints, isdecimal
from auditor.narrative.lexicons import nil_patterns
from auditor.narrative.specificity import LABELS, SpecSpan, spans, spans_many
from auditor.resources import template_phrases

_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_NONZERO = re.compile(r"(?<![\d.])(?:[1-9]\d*)(?![\d.])")
# A nil statement is template wording only while no non-zero count, amount or share stands beside it
# ('未收到申请' vs '收到1份复议申请').
_MEASURES = frozenset({"COUNT", "MONEY", "PERCENT"})

NAMES = (
    *(f"spec_{lab.lower()}" for lab in LABELS),
    "spec_total",
    "template_phrase",
    "nil_statement",
    "nonzero_number",
    "nonzero_measure",
    "pure_nil",
    "digits",
    "log_chars",
    "short",
)


@cache
def _template_re() -> re.Pattern[str]:
    phrases = sorted({_SPACE.sub("", p) for p in template_phrases()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases))


def squash(text: str) -> str:
    """``text`` without whitespace: ``_SPACE.sub("", text)``, by ``str.split``, which splits at the same
    characters (both ask Py_UNICODE_ISSPACE) and does not try a regex at every position."""
    return "".join(text.split())


def template_match(text: str) -> bool:
    """Whether the sentence contains known template / mandated wording (``template_phrases.txt``)."""
    return bool(_template_re().search(squash(text)))


def nil_statement(text: str) -> bool:
    """A nil statement of a mandated item ('未收到政府信息公开申请'), per ``narrative_nil_phrases.txt``."""
    t = squash(text)
    return any(p.search(t) for p in nil_patterns())


def dense(texts: Sequence[str]) -> np.ndarray:
    """One row of :data:`NAMES` per sentence."""
    batch = _Batch.of(texts)
    if batch is None:
        return _dense_rows(texts)
    n, n_labels = len(texts), len(LABELS)
    found = spans_many(texts)
    counts, nonzero, zero_measure = _span_counts(found)
    specific = counts[:, [j for j, lab in enumerate(LABELS) if lab != "YEAR"]].sum(axis=1)
    is_nil = np.zeros(n, dtype=bool)
    for p in nil_patterns():
        is_nil |= batch.matches(p)
    out = np.empty((n, len(NAMES)), dtype=np.float64)
    out[:, :n_labels] = _log1p(counts)
    out[:, n_labels] = _log1p(specific)
    out[:, n_labels + 1] = batch.matches(_template_re())
    out[:, n_labels + 2] = is_nil
    out[:, n_labels + 3] = batch.nonzero()
    out[:, n_labels + 4] = _log1p(nonzero)
    out[:, n_labels + 5] = (is_nil | zero_measure) & (nonzero == 0)
    out[:, n_labels + 6] = _log1p(batch.digits)
    out[:, n_labels + 7] = _log1p(batch.lengths) / 5.0
    out[:, n_labels + 8] = batch.lengths <= 12
    return out


def _dense_rows(texts: Sequence[str]) -> np.ndarray:
    """:func:`dense` sentence by sentence (the reference it reproduces, and its fallback)."""
    rows = []
    # per sentence, each test once on the once-squashed text (squashing is idempotent): the same values
    # as template_match / nil_statement, which squash again on every call
    template = _template_re()
    nils = nil_patterns()
    for text in texts:
        found = spans(text)
        counts = {lab: 0 for lab in LABELS}
        for s in found:
            counts[s.label] += 1
        specific = sum(v for k, v in counts.items() if k != "YEAR")
        t = squash(text)
        nonzero = sum(1 for s in found if s.label in _MEASURES and _NONZERO.search(s.text))
        is_nil = any(p.search(t) for p in nils)
        nil = is_nil or any(s.label in _MEASURES and not _NONZERO.search(s.text) for s in found)
        rows.append([
            *(math.log1p(counts[lab]) for lab in LABELS),
            math.log1p(specific),
            float(bool(template.search(t))),
            float(is_nil),
            float(bool(_NONZERO.search(t))),
            math.log1p(nonzero),
            float(nil and nonzero == 0),
            math.log1p(len(_DIGIT.findall(t))),
            math.log1p(len(t)) / 5.0,
            float(len(t) <= 12),
        ])
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(NAMES))


def _span_counts(found: list[tuple[SpecSpan, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per sentence: spans by label (columns in LABELS order), measure spans holding a non-zero number,
    and whether some measure span holds none."""
    n = len(found)
    flat = [s for f in found for s in f]
    owner = np.repeat(np.arange(n), np.fromiter(map(len, found), dtype=np.intp, count=n))
    label = np.fromiter((_LABEL_INDEX[s.label] for s in flat), dtype=np.intp, count=len(flat))
    counts = np.bincount(owner * len(LABELS) + label, minlength=n * len(LABELS)).reshape(n, len(LABELS))
    measure = np.fromiter((s.label in _MEASURES for s in flat), dtype=bool, count=len(flat))
    has_nonzero = np.fromiter((s.label in _MEASURES and bool(_NONZERO.search(s.text)) for s in flat),
                              dtype=bool, count=len(flat))
    nonzero = np.bincount(owner[has_nonzero], minlength=n)
    zero_measure = np.bincount(owner[measure & ~has_nonzero], minlength=n) > 0
    return counts, nonzero, zero_measure


_LABEL_INDEX = {lab: j for j, lab in enumerate(LABELS)}
# math.log1p of 0, 1, 2 …: the features take it of counts and lengths only, and numpy's own log1p may
# differ from math's in the last bit
_log1p_table = np.array([math.log1p(i) for i in range(1024)])
_LOG1P_TABLE_MAX = 1 << 20


def _log1p(values: np.ndarray) -> np.ndarray:
    """``math.log1p`` of each non-negative integer."""
    global _log1p_table
    table = _log1p_table
    top = int(values.max(initial=0))
    if top >= len(table):
        if top >= _LOG1P_TABLE_MAX:  # an absurdly long sentence: no table that large
            flat = np.fromiter(map(math.log1p, values.ravel().tolist()), dtype=np.float64, count=values.size)
            return flat.reshape(values.shape)
        table = np.fromiter(map(math.log1p, range(1 << top.bit_length())), dtype=np.float64)
        _log1p_table = table  # replaced whole: a racing reader keeps the old, still correct, table
    return table[values]


# Joins a batch's squashed sentences: not whitespace (squashing keeps it), not a digit or "." (so
# _NONZERO's look-arounds see it as they see a sentence's ends), in no template phrase.
_SEP = "\x00"
_DOT, _ONE, _NINE = ord("."), ord("1"), ord("9")
# Regular-expression syntax that looks past the matched text (anchors, look-arounds): a pattern holding
# any of it is searched sentence by sentence.  Textual and so conservative ("[^…]" counts too).
_CONTEXT = ("^", "$", "\\A", "\\Z", "\\b", "\\B", "(?=", "(?!", "(?<=", "(?<!")


class _Batch:
    """A batch of sentences squashed and joined by :data:`_SEP`, to search each pattern once per batch
    instead of once per sentence."""

    def __init__(self, n: int, squashed: str) -> None:
        self.n = n
        self.joined = squashed
        self.cps = codepoints(squashed)
        sep = self.cps == 0
        self.seps = np.flatnonzero(sep)
        ends = np.append(self.seps, len(self.cps))
        self.lengths = ends - np.append(0, self.seps + 1)
        self.owner = np.cumsum(sep)  # each character's text
        self.decimal = isdecimal(self.cps)  # _DIGIT and _NONZERO's \d: str.isdecimal
        self.digits = np.bincount(self.owner[self.decimal], minlength=self.n)

    @classmethod
    def of(cls, texts: Sequence[str]) -> _Batch | None:
        """The batch, or ``None`` when the separator occurs in a text."""
        if not texts:
            return None
        joined = _SEP.join(texts)
        if joined.count(_SEP) != len(texts) - 1:
            return None
        return cls(len(texts), squash(joined))

    def nonzero(self) -> np.ndarray:
        """Whether ``_NONZERO`` finds a number in each squashed sentence: a [1-9] not after a digit or
        ".", whose run of digits is not followed by "." (the regex's look-ahead fails at every point of
        such a run, so the whole run is the only candidate).  The separator is neither, as a sentence's
        ends are neither."""
        stop = self.decimal | (self.cps == _DOT)
        start = (self.cps >= _ONE) & (self.cps <= _NINE)
        start[1:] &= ~stop[:-1]
        at = np.flatnonzero(start)
        breaks = np.append(np.flatnonzero(~self.decimal), len(self.cps))  # where digit runs end
        after = breaks[breaks.searchsorted(at)]
        ok = np.ones(len(at), dtype=bool)
        inside = after < len(self.cps)
        ok[inside] = self.cps[after[inside]] != _DOT
        hit = np.zeros(self.n, dtype=bool)
        hit[self.owner[at[ok]]] = True
        return hit

    def matches(self, pattern: re.Pattern[str]) -> np.ndarray:
        """Whether ``pattern.search`` finds something in each squashed sentence.

        One search over the joined batch answers that for every sentence when the pattern cannot see past
        its match (no anchors or look-arounds), no match is empty and none crosses a separator: a match
        inside a sentence is one there, and a sentence's own first match would have been found as the
        search passed it.  Otherwise sentence by sentence."""
        if not any(c in pattern.pattern for c in _CONTEXT):
            hit = np.zeros(self.n, dtype=bool)
            spans = [m.span() for m in pattern.finditer(self.joined)]
            if not spans:
                return hit
            ends = np.array(spans, dtype=np.intp)
            texts = self.seps.searchsorted(ends)  # the text each match starts in, and ends before
            if (ends[:, 1] > ends[:, 0]).all() and (texts[:, 0] == texts[:, 1]).all():
                hit[texts[:, 0]] = True
                return hit
        return np.fromiter((bool(pattern.search(t)) for t in self.joined.split(_SEP)), dtype=bool, count=self.n)
