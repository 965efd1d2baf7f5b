"""Per-report narrative measures, from labelled sentences and section 五's items.

* ``sections``: per narrative section, sentences by label and the share of substantive ones among the
  non-template sentences (template wording is neither good nor bad, so it is left out of the share);
* ``specificity_density``: specific spans per 100 characters of non-template narrative;
* ``problems`` / ``improvements``: how many items, how many specific (an item is specific when one of its
  sentences is substantive: a mixed sentence takes the label of its most specific clause, and so does an
  item), and the generic ones named;
* ``responsiveness``: for each improvement the problem it answers (char bigram tf-idf cosine over the
  items' texts, enumerators removed) and the problems no improvement answers;
* ``redundancy``: passages of ``redundancy_chars`` content characters that occur twice in the narrative.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn import config_context
from sklearn.feature_extraction.text import TfidfVectorizer

from auditor.model import Item, Sentence
from auditor.narrative import arrayops, charclass, fastpath

_ENUM_HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}是|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、])\s*")
# Window hash of the redundancy measure: an odd multiplier (so invertible mod 2**64) and its inverse.
_HASH_BASE = 0x9E3779B97F4A7C15
_HASH_INVERSE = pow(_HASH_BASE, -1, 2**64)


def section_shares(sentences: Sequence[Sentence], keys: dict[int, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    # counted in C over (section, label) pairs; sections keep the order they first appear in
    by_sec: dict[str, Counter[str]] = {}
    for (key, label), n in Counter((keys.get(s.section or -1, "unknown"), s.label or "none")
                                   for s in sentences).items():
        by_sec.setdefault(key, Counter())[label] += n
    for key, c in by_sec.items():
        judged = c["substantive"] + c["boilerplate"]
        out[key] = {"sentences": sum(c.values()), "substantive": c["substantive"],
                    "boilerplate": c["boilerplate"], "template": c["template"],
                    "share_substantive": round(c["substantive"] / judged, 4) if judged else None}
    return out


@dataclass(frozen=True)
class Content:
    """The non-template sentences' content characters (regex ``[^\\W_]``, which is exactly ``str.isalnum``),
    joined, as code points, and each one's offset in the report: what density and redundancy measure."""

    text: str
    codes: np.ndarray
    offsets: np.ndarray


def content(sentences: Sequence[Sentence]) -> Content:
    judged = [s for s in sentences if s.label != "template"]
    texts = [s.text for s in judged]
    cps = charclass.codepoints("".join(texts))
    lens = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
    starts = np.array([s.start for s in judged], dtype=np.intp)
    # a character's offset: its sentence's start plus its place in the sentence
    offsets = np.arange(len(cps)) + np.repeat(starts - (np.cumsum(lens) - lens), lens)
    keep = charclass.isalnum(cps)
    codes = cps[keep]
    # content characters are never surrogates, so the code points decode back to the text
    return Content(codes.astype(np.uint32).tobytes().decode("utf-32-le"), codes, offsets[keep])


def specificity_density(sentences: Sequence[Sentence], chars: Content | None = None) -> float | None:
    judged = [s for s in sentences if s.label != "template"]
    n = len((chars or content(sentences)).text)
    return round(100.0 * sum(s.specificity for s in judged) / n, 4) if n else None


def item_verdicts(items: Sequence[Item], sentences: Sequence[Sentence]) -> list[dict[str, Any]]:
    """One record per item: specific or not, from the sentences inside it."""
    out = []
    starts = [s.start for s in sentences]
    ordered = starts == sorted(starts)  # as the stage makes them
    for it in items:
        # in start order only the sentences starting inside the item can lie inside it (a sentence ends
        # after it starts): bisect to them
        near = sentences[bisect_left(starts, it.start) : bisect_right(starts, it.end)] if ordered else sentences
        inside = [s for s in near if s.start >= it.start and s.end <= it.end and s.label != "template"]
        p = max((s.p_substantive or 0.0 for s in inside), default=0.0)
        specific = any(s.label == "substantive" for s in inside)
        out.append({"label": it.label, "start": it.start, "end": it.end, "text": it.text,
                    "specific": specific, "p_substantive": round(p, 4),
                    "specificity": sum(s.specificity for s in inside)})
    return out


def _core(text: str) -> str:
    return _ENUM_HEAD.sub("", text)


def responsiveness(problems: Sequence[Item], improvements: Sequence[Item], threshold: float) -> dict[str, Any]:
    """Match each improvement to the problem it most resembles; problems nothing resembles are unanswered."""
    if not problems or not improvements:
        return {"answers": [], "unanswered": [i for i in range(len(problems))], "threshold": threshold}
    texts = [_core(i.text) for i in (*problems, *improvements)]
    # The same matrix, bit for bit, without scikit-learn's per-call overhead (auditor.narrative.fastpath);
    # scikit-learn only where the fast path declines (no bigram at all: it raises there, and so do we).
    # One matrix for problems and improvements: each row is weighed and normalised alone, and the columns
    # keep the vocabulary's order (fit_transform's would change the similarities' last bits).
    X = fastpath.fit_transform_char_bigrams(texts)
    if X is None:
        with config_context(assume_finite=True, skip_parameter_validation=True):
            vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True).fit(texts)
            X = vec.transform(texts)
    sim = fastpath.cross_products(X, len(problems))
    answers = []
    for j, row in enumerate(sim):
        best = int(np.argmax(row))
        ok = bool(row[best] >= threshold)
        answers.append({"improvement": j, "problem": best if ok else None, "similarity": round(float(row[best]), 4)})
    answered = {a["problem"] for a in answers if a["problem"] is not None}
    # a problem also counts as answered when some improvement resembles it, even if that improvement
    # resembles another problem more (one improvement may answer two problems)
    answered |= {int(i) for i in np.nonzero((sim >= threshold).any(axis=0))[0]}
    return {"answers": answers, "unanswered": [i for i in range(len(problems)) if i not in answered],
            "threshold": threshold}


def _window_hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """A hash of each ``n``-character window: the polynomial Σ c_k·B^k over the window, mod 2**64
    (numpy's wrapping uint64), taken from prefix sums and brought to a common power by B's inverse, so
    equal windows always share it."""
    count = len(codes) - n + 1
    pows = np.full(len(codes), np.uint64(_HASH_BASE), dtype=np.uint64)
    pows[0] = 1
    np.cumprod(pows, out=pows)
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes.astype(np.uint64) * pows, out=prefix[1:])
    inv = np.full(count, np.uint64(_HASH_INVERSE), dtype=np.uint64)
    inv[0] = 1
    np.cumprod(inv, out=inv)
    return (prefix[n:] - prefix[:count]) * inv


def _repeats(text: str, codes: np.ndarray, n: int) -> list[tuple[int, int]] | None:
    """(first, again) for every window of ``text`` whose ``n`` characters occurred before, ascending by
    ``again``; ``None`` if two different windows share a hash (then the caller compares strings)."""
    if len(text) < n:
        return []
    first, again = arrayops.repeats(_window_hashes(codes, n))
    out = list(zip(first.tolist(), again.tolist(), strict=True))
    if any(text[a : a + n] != text[i : i + n] for a, i in out):
        return None
    return out


def _repeats_by_string(text: str, n: int) -> list[tuple[int, int]]:
    count = max(0, len(text) - n + 1)
    grams = [text[i : i + n] for i in range(count)]
    # the first position of each passage, built in C (later keys overwrite: insert from the end)
    seen = dict(zip(reversed(grams), range(count - 1, -1, -1), strict=True))
    return [(seen[g], i) for i, g in enumerate(grams) if seen[g] != i] if len(seen) < count else []


def redundancy(sentences: Sequence[Sentence], n: int, chars: Content | None = None) -> dict[str, Any]:
    """Share of non-template narrative content characters inside a passage of ``n`` characters that
    occurs at least twice (non-overlapping) in the report, and the repeated passages."""
    c = chars or content(sentences)
    text, offsets = c.text, c.offsets
    covered = np.zeros(len(text), dtype=bool)
    passages: list[dict[str, int]] = []
    # only the positions where a passage occurs again need the walk below, and they are few
    again = _repeats(text, c.codes, n)
    for first, i in again if again is not None else _repeats_by_string(text, n):
        if i - first >= n:
            if not covered[i]:
                passages.append({"first": int(offsets[first]), "again": int(offsets[i])})
            covered[first : first + n] = True
            covered[i : i + n] = True
    return {"n": n, "share_repeated": round(float(covered.mean()), 4) if len(text) else 0.0,
            "passages": passages[:50]}
