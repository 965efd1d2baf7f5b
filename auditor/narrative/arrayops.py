"""Sort-based set operations on integer arrays, for the narrative fast path.

``np.unique`` without index outputs takes a hash-table route in numpy 2.x that on a report's few thousand
keys costs ten times a plain ``np.sort``; these do the same jobs with one sort and a few passes.
"""

from __future__ import annotations

import numpy as np

_MIX = np.uint64(0x9E3779B97F4A7C15)


def _starts(s: np.ndarray) -> np.ndarray:
    """Where each run of equal values of the sorted ``s`` starts."""
    start = np.empty(len(s), dtype=bool)
    start[:1] = True
    np.not_equal(s[1:], s[:-1], out=start[1:])
    return start


def unique_counts(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``a``, ascending, and how often each occurs."""
    s = np.sort(a)
    at = np.flatnonzero(_starts(s))
    counts = np.empty_like(at)
    np.subtract(at[1:], at[:-1], out=counts[:-1])
    counts[-1:] = len(s) - at[-1:]
    return s[at], counts


def row_ids(ptr: np.ndarray) -> np.ndarray:
    """Each entry's row in a CSR matrix with row pointers ``ptr``."""
    return np.repeat(np.arange(len(ptr) - 1), ptr[1:] - ptr[:-1])


def unique(a: np.ndarray) -> np.ndarray:
    """The distinct values of ``a``, ascending."""
    s = np.sort(a)
    return s[_starts(s)]


def repeats(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, again): each position ``again`` whose key occurred at an earlier position, ascending, and
    the first position ``first`` holding that key.

    Keys are unsigned 64-bit hashes.  Their low bits make room for the position, so that one plain sort
    orders equal keys by position; first they are multiplied by an odd constant (a bijection), which
    carries differences in the low bits up into the kept ones.  Keys that agree in the kept bits count
    as equal: the caller checks that what they stand for is equal."""
    n = len(keys)
    bits = max(1, (n - 1).bit_length())
    mixed = keys * _MIX
    s = np.sort((mixed >> np.uint64(bits) << np.uint64(bits)) | np.arange(n, dtype=np.uint64))
    pos = (s & np.uint64((1 << bits) - 1)).astype(np.intp)
    start = _starts(s >> np.uint64(bits))
    group = np.cumsum(start) - 1
    dup = ~start
    first, again = pos[start][group[dup]], pos[dup]
    order = np.argsort(again)
    return first[order], again[order]
