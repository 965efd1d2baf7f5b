"""Verification: align two passages' matching forms and measure what they share.

difflib's matching blocks (longest common substrings, recursively) on the matching forms; runs shorter
than ``min_run`` characters are chance (two Chinese sentences on the same topic share many 1-2 character
pieces) and are not counted.  Masks (#, @) do not count as shared text: a copy is judged on its words;
nor do stock phrases every agency writes ('受理政府信息公开申请…在法定期限内予以答复'), which would otherwise
make two agencies' statistical sentences a copy.  The Dice similarity still counts them: it says how alike
the passages are, ``shared`` what a copy could be blamed for.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import NamedTuple


class Alignment(NamedTuple):
    shared: int  # characters in runs of >= min_run, masks and discounted spans excluded
    dice: float  # 2 * (shared with discounted spans) / (len a + len b), masks excluded from the lengths
    runs: tuple[tuple[int, int, int], ...]  # (start in a, start in b, length), matching-form offsets


def _content_len(form: str) -> int:
    return len(form) - form.count("#") - form.count("@")


def _covered(a: str, grams: set[str], k: int) -> int:
    """Characters of ``a`` inside some ``k``-gram that also occurs in the other passage (masks counted:
    this is only the quick filter's estimate)."""
    cov, last = 0, -1
    for i in [i for i in range(len(a) - k + 1) if a[i:i + k] in grams]:
        start = i if i > last else last
        cov += i + k - start
        last = i + k
    return cov


def quick_dice(a: str, b: str, k: int = 3) -> float:
    """An upper estimate of :func:`align`'s Dice, linear time: characters of each passage covered by
    ``k``-grams the other one holds (order ignored).  Candidates below the threshold skip alignment."""
    ga = {a[i:i + k] for i in range(len(a) - k + 1)}
    gb = {b[i:i + k] for i in range(len(b) - k + 1)}
    total = len(a) + len(b)
    return (_covered(a, gb, k) + _covered(b, ga, k)) / total if total else 0.0


def _overlap(i: int, size: int, spans: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(i + size, e) - max(i, s)) for s, e in spans)


def align(a: str, b: str, min_run: int = 3, discount: Sequence[tuple[int, int]] = ()) -> Alignment:
    """``discount``: spans of ``a`` (stock phrases, without masks) whose characters ``shared`` leaves out."""
    sm = SequenceMatcher(None, a, b, autojunk=False)
    runs = tuple((m.a, m.b, m.size) for m in sm.get_matching_blocks() if m.size >= min_run)
    alike = sum(size - a[i:i + size].count("#") - a[i:i + size].count("@") for i, _, size in runs)
    shared = alike - sum(_overlap(i, size, discount) for i, _, size in runs) if discount else alike
    total = _content_len(a) + _content_len(b)
    return Alignment(shared, (2 * alike / total) if total else 0.0, runs)
