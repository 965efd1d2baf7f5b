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
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import compress
from typing import Any

import numpy as np
from sklearn import config_context
from sklearn.feature_extraction.text import TfidfVectorizer

from auditor.model import Item, Sentence
from auditor.narrative import fastpath

_ENUM_HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}是|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、])\s*")
_CONTENT = re.compile(r"[^\W_]", re.UNICODE)


def section_shares(sentences: Sequence[Sentence], keys: dict[int, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    by_sec: dict[str, Counter[str]] = defaultdict(Counter)
    for s in sentences:
        by_sec[keys.get(s.section or -1, "unknown")][s.label or "none"] += 1
    for key, c in by_sec.items():
        judged = c["substantive"] + c["boilerplate"]
        out[key] = {"sentences": sum(c.values()), "substantive": c["substantive"],
                    "boilerplate": c["boilerplate"], "template": c["template"],
                    "share_substantive": round(c["substantive"] / judged, 4) if judged else None}
    return out


def specificity_density(sentences: Sequence[Sentence]) -> float | None:
    judged = [s for s in sentences if s.label != "template"]
    chars = sum(len(_CONTENT.findall(s.text)) for s in judged)
    return round(100.0 * sum(s.specificity for s in judged) / chars, 4) if chars else None


def item_verdicts(items: Sequence[Item], sentences: Sequence[Sentence]) -> list[dict[str, Any]]:
    """One record per item: specific or not, from the sentences inside it."""
    out = []
    for it in items:
        inside = [s for s in sentences if s.start >= it.start and s.end <= it.end and s.label != "template"]
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
    # On a few short items scikit-learn's per-call overhead is most of the cost: validation is skipped (our
    # own strings) and there is one transform, whose rows are the same as two transforms' (each row is
    # weighed and normalised alone).  Not fit_transform: its rows hold their columns in another order,
    # which changes the similarities' last bits.
    # The same matrix, bit for bit, without scikit-learn's per-call overhead (auditor.narrative.fastpath);
    # scikit-learn only where the fast path declines (no bigram at all: it raises there, and so do we).
    X = fastpath.fit_transform_char_bigrams(texts)
    if X is None:
        with config_context(assume_finite=True, skip_parameter_validation=True):
            vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True).fit(texts)
            X = vec.transform(texts)
    P = X[: len(problems)]
    Q = X[len(problems):]
    sim = (Q @ P.T).toarray()
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


def redundancy(sentences: Sequence[Sentence], n: int) -> dict[str, Any]:
    """Share of non-template narrative content characters inside a passage of ``n`` characters that
    occurs at least twice (non-overlapping) in the report, and the repeated passages."""
    chars: list[str] = []
    offsets: list[int] = []
    for s in sentences:
        if s.label == "template":
            continue
        # str.isalnum is exactly _CONTENT's [^\W_] (checked over all of Unicode), without a match object
        # per character; map and itertools.compress keep the per-character loop in C
        keep = list(map(str.isalnum, s.text))
        chars.extend(compress(s.text, keep))
        offsets.extend(compress(range(s.start, s.start + len(s.text)), keep))
    text = "".join(chars)
    covered = np.zeros(len(text), dtype=bool)
    passages: list[dict[str, int]] = []
    count = max(0, len(text) - n + 1)
    grams = [text[i : i + n] for i in range(count)]
    # the first position of each passage, built in C (later keys overwrite: insert from the end); only
    # the positions where a passage occurs again need the walk below, and they are few
    seen = dict(zip(reversed(grams), range(count - 1, -1, -1), strict=True))
    again = [i for i, g in enumerate(grams) if seen[g] != i] if len(seen) < count else []
    for i in again:
        first = seen[grams[i]]
        if i - first >= n:
            if not covered[i]:
                passages.append({"first": offsets[first], "again": offsets[i]})
            covered[first : first + n] = True
            covered[i : i + n] = True
    return {"n": n, "share_repeated": round(float(covered.mean()), 4) if len(text) else 0.0,
            "passages": passages[:50]}
