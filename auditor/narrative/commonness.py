"""Corpus commonness: in how many different agencies' reports does a sentence's wording occur?

After Lang & Stice-Lawrence (2015): boilerplate is text that many filers share.  We count, for every word
4-gram, the number of distinct *agencies* whose documents contain it (an agency's reports over many years
count once: repeating oneself is the originality check's business, not boilerplate).  A sentence's
commonness is the distribution of those counts over its 4-grams.

Grams are stored as CRC-32 hashes (deterministic across processes, unlike ``hash()``) in a sorted array
with a parallel array of agency counts: small, numpy-only, safe to persist.

Thresholds (fixed; the reference corpus holds ~40 agencies, most of them only a page long, so the 30%-of-
filers cut-off of the paper would leave almost nothing "common"):
    ``COMMON_AT = (1, 2, 3, 5)``: the features are the shares of a sentence's 4-grams found in at least
    1, 2, 3 and 5 *other* agencies' documents, plus the mean of log(1 + count).  3 agencies is what we
    call "common" in reports and in the model card.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from auditor.narrative import arrayops, charclass
from auditor.narrative.crc import WindowCrc
from auditor.narrative.keytable import KeyTable
from auditor.narrative.segment import words

N = 4
CHAR_N = 8  # characters per gram in "char" mode: about four words
_DIGITS = re.compile(r"\d+")
_NON_CONTENT = re.compile(r"[^\w#]|_")
COMMON_AT = (1, 2, 3, 5)
COMMON = 3  # agencies: the threshold named "common" in measures and the model card
N_FEATURES = len(COMMON_AT) + 2  # shares, mean log count, "has no 4-gram" flag


def _content(ws: Sequence[str]) -> list[str]:
    # punctuation and digits are not wording: "共公开信息12条" and "…34条" share their 4-grams
    return ["#" if w.isdigit() else w for w in ws if any(ch.isalnum() for ch in w)]


def _char_stream(text: str) -> str:
    # letters/CJK as themselves, each digit run as one "#", everything else dropped: the cheap stand-in
    # for words (two regex passes and string slices, no per-character Python)
    return _NON_CONTENT.sub("", _DIGITS.sub("#", text))


def gram_hashes(text: str, tokens: Sequence[str] | None = None, unit: str = "word") -> np.ndarray:
    """CRC-32 hashes of the distinct 4-grams of ``text``, ascending: of jieba words (``unit="word"``) or of
    ``CHAR_N`` characters (``unit="char"``; a Chinese word averages two characters, and this is ~10x
    cheaper than segmenting).  Sorted so that the features summed over them do not depend on the set's
    iteration order, which changes with each process's string hashing (and so did the last bit of the
    mean log count)."""
    if unit == "char":
        stream = _char_stream(text)
        grams = {stream[i : i + CHAR_N] for i in range(len(stream) - CHAR_N + 1)}
    else:
        ws = _content(words(text) if tokens is None else tokens)
        grams = {"\x1f".join(ws[i : i + N]) for i in range(len(ws) - N + 1)}
    # str.encode defaults to UTF-8; map keeps the per-gram loop in C
    return np.sort(np.fromiter(map(zlib.crc32, map(str.encode, grams)), dtype=np.uint32, count=len(grams)))


_CHAR_WINDOWS = WindowCrc(CHAR_N)
_HASH = ord("#")


def _streams(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_char_stream`` of each text as code points, joined, with each one's text and the number of
    characters from it to its text's end: the regex rules as character classes over the whole batch."""
    lens = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
    cps = charclass.codepoints("".join(texts))
    row = np.repeat(np.arange(len(texts)), lens)
    cls = charclass.classes(cps)
    digit = (cls & charclass.DECIMAL).astype(bool)
    # \d+ → "#": a run of digits (not running on into the next text) leaves its first, as "#"
    run_start = digit.copy()
    run_start[1:] &= ~digit[:-1] | (row[1:] != row[:-1])
    # [^\w#]|_ → "": letters and digits (str.isalnum is \w without "_") and "#" stay
    keep = ((cls & charclass.ALNUM).astype(bool) & ~digit) | (cps == _HASH) | run_start
    stream = np.where(digit, _HASH, cps)[keep]
    srow = row[keep]
    room = np.cumsum(np.bincount(srow, minlength=len(texts)))[srow] - np.arange(len(stream))
    return stream, srow, room


def _same_grams(stream: np.ndarray, starts: np.ndarray, cells: np.ndarray, repeated: np.ndarray) -> bool:
    """Whether the windows sharing each of the ``repeated`` (text, hash) cells all hold the same
    characters (each is compared with one member of its cell)."""
    if not len(repeated):
        return True
    pos = np.minimum(np.searchsorted(repeated, cells), len(repeated) - 1)
    member = np.flatnonzero(repeated[pos] == cells)
    group = pos[member]
    ref = np.empty(len(repeated), dtype=np.intp)
    ref[group] = member  # any member will do as the reference
    span = np.arange(CHAR_N)
    return bool((stream[starts[member][:, None] + span] == stream[starts[ref[group]][:, None] + span]).all())


def char_gram_counts(table: KeyTable, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """What ``lookup`` gives for the ``gram_hashes(t, unit="char")`` of all ``texts`` concatenated, and
    each text's number of grams — for a whole batch of sentences in a few array operations.  ``None`` in
    the rare case (about one sentence in ten million) that two different grams of one sentence share a
    hash, where the sets of grams and of hashes differ; the caller then hashes sentence by sentence."""
    stream, row, room = _streams(texts)
    starts = np.flatnonzero(room[: max(0, len(stream) - CHAR_N + 1)] >= CHAR_N)  # windows inside a text
    cells = (row[starts] << 32) | _CHAR_WINDOWS(stream)[starts]
    # one entry per text and distinct hash, texts in order and hashes ascending within each, as
    # gram_hashes sorts them
    uniq, seen = arrayops.unique_counts(cells)
    if not _same_grams(stream, starts, cells, uniq[seen > 1]):
        return None
    lens = np.bincount(uniq >> 32, minlength=len(texts))
    return table.get(uniq & 0xFFFFFFFF, default=0), lens


def build(docs: Iterable[tuple[str, str]], unit: str = "word",
          ) -> tuple[np.ndarray, np.ndarray, dict[str, set[int]]]:
    """From (agency, text) pairs: sorted gram hashes, agency counts, and each agency's gram set."""
    per_agency: dict[str, set[int]] = defaultdict(set)
    for agency, text in docs:
        per_agency[agency].update(int(h) for h in gram_hashes(text, unit=unit))
    counts: dict[int, int] = defaultdict(int)
    for grams in per_agency.values():
        for h in grams:
            counts[h] += 1
    keys = np.array(sorted(counts), dtype=np.uint32)
    vals = np.array([min(counts[int(k)], 65535) for k in keys], dtype=np.uint16)
    return keys, vals, dict(per_agency)


def table(keys: np.ndarray, vals: np.ndarray) -> KeyTable:
    """The commonness table as a :class:`KeyTable` (what :func:`char_gram_counts` looks grams up in)."""
    return KeyTable.build(keys.astype(np.int64), vals.astype(np.int64), key_bits=32)


def lookup(keys: np.ndarray, vals: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """Agency counts of ``hashes`` (0 where unseen)."""
    if len(keys) == 0 or len(hashes) == 0:
        return np.zeros(len(hashes), dtype=np.int64)
    idx = np.searchsorted(keys, hashes)
    idx[idx >= len(keys)] = 0
    found = keys[idx] == hashes
    return np.where(found, vals[idx], 0).astype(np.int64)


def features(counts: np.ndarray) -> list[float]:
    """The commonness features of one sentence from its 4-grams' agency counts."""
    if len(counts) == 0:
        return [0.0] * (len(COMMON_AT) + 1) + [1.0]
    out = [float(np.mean(counts >= t)) for t in COMMON_AT]
    out.append(float(np.mean(np.log1p(counts))))
    out.append(0.0)
    return out


def sentence_features(
    keys: np.ndarray,
    vals: np.ndarray,
    hashes: Sequence[np.ndarray],
    own: Sequence[str | None] | None = None,
    per_agency: Mapping[str, set[int]] | None = None,
) -> np.ndarray:
    """Commonness features for many sentences; with ``own``/``per_agency``, a sentence's own agency is
    left out of its counts (so training sees what an unseen agency will see).  One vectorised lookup for
    all sentences: this runs on every sentence the classifier sees."""
    n = len(hashes)
    lens = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=n)
    flat = np.concatenate(list(hashes)) if n else np.zeros(0, dtype=np.uint32)
    counts = lookup(keys, vals, flat)
    if own is not None and per_agency is not None:
        owner = np.repeat(np.arange(n), lens)
        for i in np.nonzero(lens)[0]:
            mine = per_agency.get(own[i]) if own[i] is not None else None
            if mine:
                sl = owner == i
                counts[sl] -= np.fromiter((int(h) in mine for h in flat[sl]), dtype=np.int64, count=int(lens[i]))
    return features_of(counts, lens)


def features_of(counts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """One row of features per sentence from its grams' agency counts (``counts``: all sentences' grams
    in order, ``lens`` of them per sentence)."""
    n = len(lens)
    out = np.zeros((n, N_FEATURES), dtype=np.float64)
    empty = lens == 0
    out[empty, -1] = 1.0
    if len(counts):
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        nz = ~empty
        denom = lens[nz].astype(np.float64)
        # the shares' sums count grams: integers, so summed as integers, all thresholds in one pass, they
        # are the same floats
        at_least = counts[:, None] >= np.array(COMMON_AT, dtype=counts.dtype)
        out[nz, : len(COMMON_AT)] = np.add.reduceat(at_least.view(np.int8), starts[nz], axis=0,
                                                   dtype=np.int64) / denom[:, None]
        out[nz, len(COMMON_AT)] = np.add.reduceat(np.log1p(counts.astype(np.float64)), starts[nz]) / denom
    return out
