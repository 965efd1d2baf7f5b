"""Exact, vectorised re-implementations of the scikit-learn steps the narrative stage runs per report.

On a report's few dozen sentences scikit-learn's per-call machinery (validation, namespace checks, sparse
format juggling) and a per-sentence Python n-gram loop cost far more than the arithmetic.  Here a batch of
sentences becomes one array of code points; its character n-grams become integer keys (21 bits per
character, so up to three characters fit an int64), looked up in a hash table built once per fitted
vocabulary (:mod:`auditor.narrative.keytable`) and counted with one sort.  The result is the CSR the
fitted vectorizer builds — same values, same column order within each row — weighed with the same
in-place numpy operations and normalised as scikit-learn's kernel does it, operation for operation.  The
logistic regression's scores are summed entry by entry in the CSR's order, as scipy's sparse @ dense
kernel sums them, so every float is bit-identical.  Anything outside the configurations reproduced here
returns ``None`` and the caller falls back to scikit-learn."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from auditor.narrative import arrayops, charclass
from auditor.narrative.keytable import KeyTable

# scikit-learn's own whitespace rule for char n-grams: only runs of two or more become one space (a lone
# newline stays a newline), so the n-grams match the fitted vocabulary.
_WHITE_SPACES = re.compile(r"\s\s+")
# A code point + 1 is below 2**21 (Unicode ends at U+10FFFF): the +1 keeps every character non-zero, so a
# key's magnitude tells its length and n-grams of different lengths never share a key.
_BITS = 21
MAX_N = 3  # 3 * 21 bits still fit a non-negative int64

Csr = tuple[np.ndarray, np.ndarray, np.ndarray]  # (data, indices, indptr)
_T = TypeVar("_T")


class CsrArrays(NamedTuple):
    """A CSR matrix's arrays under scipy's attribute names, without scipy's constructor checks."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    def to_scipy(self) -> sp.csr_matrix:
        return sp.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape)


@dataclass(frozen=True)
class Codes:
    """A batch of documents as one array of code points + 1, with each character's document and the
    number of characters from it to its document's end (an n-gram starting there fits when that is ≥ n)."""

    codes: np.ndarray
    row: np.ndarray
    room: np.ndarray


def encode(docs: Sequence[str]) -> Codes:
    """The documents as :class:`Codes` (UTF-32 indexes characters as Python does, astral planes too;
    lone surrogates pass through as their own code points)."""
    lens = np.fromiter(map(len, docs), dtype=np.intp, count=len(docs))
    codes = charclass.codepoints("".join(docs)).astype(np.int64, copy=False)  # a fresh array: += is safe
    codes += 1
    row = np.repeat(np.arange(len(docs)), lens)
    room = np.cumsum(lens)[row] - np.arange(len(codes))
    return Codes(codes, row, room)


def gram_keys(c: Codes, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """(keys, rows) of every n-gram, ``lo <= n <= hi``, that lies inside one document, n by n and in text
    order within each n.  An n-gram's key is its (n-1)-gram's key shifted left plus its last character."""
    size = len(c.codes)
    if size < lo:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.intp)
    # row n-lo holds the n-gram starting at each position (0 where it would run past the text: masked)
    keys = np.zeros((hi - lo + 1, size), dtype=np.int64)
    key = c.codes
    for n in range(1, min(hi, size) + 1):
        if n > 1:
            key = (key[: size - n + 1] << _BITS) | c.codes[n - 1 :]
        if n >= lo:
            keys[n - lo, : len(key)] = key
    inside = c.room >= np.arange(lo, hi + 1)[:, None]  # the n-gram ends inside its document
    return keys[inside], np.broadcast_to(c.row, keys.shape)[inside]


def term_key(term: str) -> int:
    """The key :func:`gram_keys` gives the n-gram ``term``."""
    key = 0
    for ch in term:
        key = (key << _BITS) | (ord(ch) + 1)
    return key


def memo(cache: weakref.WeakKeyDictionary[Any, tuple[tuple[Any, ...], Any]], owner: Any,
         sources: tuple[Any, ...], build: Callable[[], _T]) -> _T:
    """``build()``, remembered for ``owner`` while its fitted ``sources`` are the same objects (a refit
    replaces them, so nothing stale is used).  Weak keys: an entry goes with its estimator, so the cache
    never outgrows the live models; a forked worker inherits the parent's entries ready-made."""
    hit = cache.get(owner)
    if hit is not None and len(hit[0]) == len(sources) and all(a is b for a, b in zip(hit[0], sources, strict=True)):
        return hit[1]  # type: ignore[no-any-return]
    value = build()
    cache[owner] = (sources, value)
    return value


@dataclass(frozen=True)
class VocabIndex:
    """A fitted vocabulary as a :class:`KeyTable` from n-gram key to column."""

    table: KeyTable
    n_cols: int


_INDEXES: weakref.WeakKeyDictionary[Any, tuple[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()


def _build_index(vocab: dict[str, int]) -> VocabIndex | None:
    if any(not 1 <= len(t) <= MAX_N for t in vocab):
        return None  # longer terms do not fit a key
    keys = np.fromiter(map(term_key, vocab), dtype=np.int64, count=len(vocab))
    cols = np.fromiter(vocab.values(), dtype=np.int64, count=len(vocab))
    return VocabIndex(KeyTable.build(keys, cols), len(vocab))


def vocab_index(vec: TfidfVectorizer) -> VocabIndex | None:
    """The vectorizer's :class:`VocabIndex`, built once per fitted vocabulary."""
    vocab = vec.vocabulary_
    return memo(_INDEXES, vec, (vocab,), lambda: _build_index(vocab))


def char_vectorizer_supported(vec: Any) -> bool:
    """Whether :func:`char_tfidf` reproduces ``vec.transform`` exactly (the shipped configuration).

    Reads the parameters as attributes: ``get_params`` introspects the constructor on every call, which
    cost more than the whole check on a report's sentences."""
    if type(vec) is not TfidfVectorizer or not hasattr(vec, "vocabulary_"):
        return False
    lo, hi = vec.ngram_range
    return (vec.analyzer == "char" and vec.input == "content" and vec.preprocessor is None
            and vec.strip_accents is None and vec.tokenizer is None and not vec.binary
            and vec.norm in ("l2", None) and vec.dtype in (np.float32, np.float64)
            and 1 <= lo <= hi <= MAX_N and hasattr(vec, "idf_") == bool(vec.use_idf)
            and vocab_index(vec) is not None)


# Joins the documents prepare lowercases and squeezes at once: not whitespace, so no run of it crosses a
# join, and neither cased nor case-ignorable, so ``str.lower``'s one context rule (a final capital sigma)
# sees a join as it sees a document's end or start.
_JOIN = "\x00"


def prepare(docs: Sequence[str], lowercase: bool) -> Codes:
    """The documents as TfidfVectorizer's char analyzer sees them: lowercased, then whitespace runs
    squeezed, per document (``str.lower`` is context-sensitive and runs must not join), by one call each
    on the documents joined where no document holds the join."""
    joined = _JOIN.join(docs)
    if joined.count(_JOIN) != max(0, len(docs) - 1):
        lowered = map(str.lower, docs) if lowercase else docs
        return encode([_WHITE_SPACES.sub(" ", d) for d in lowered])
    return encode(_WHITE_SPACES.sub(" ", joined.lower() if lowercase else joined).split(_JOIN) if docs else [])


def _count_csr(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int, dtype: Any) -> Csr:
    """The count matrix of (row, column) occurrences, columns ascending within each row: the CSR layout
    after CountVectorizer's sort_indices."""
    shift = max(1, (n_cols - 1).bit_length())
    cells = (rows << shift) | cols
    if n_rows << shift < 2**31:
        cells = cells.astype(np.int32)  # half the bytes to sort: twice as fast
    cell, counts = arrayops.unique_counts(cells)  # sorted by row, then column
    indices = (cell & ((1 << shift) - 1)).astype(np.int32)
    ptr = np.searchsorted(cell >> shift, np.arange(n_rows + 1)).astype(np.int32)
    return counts.astype(dtype), indices, ptr


def _char_counts(vec: TfidfVectorizer, index: VocabIndex, texts: Sequence[str]) -> Csr:
    keys, rows = gram_keys(prepare(texts, vec.lowercase), *vec.ngram_range)
    cols = index.table.get(keys)
    known = cols >= 0  # n-grams outside the vocabulary are not counted
    return _count_csr(rows[known], cols[known], len(texts), index.n_cols, vec.dtype)


def char_tfidf(vec: TfidfVectorizer, texts: Sequence[str]) -> Csr:
    """(data, indices, indptr) of ``vec.transform(texts)``, computed as TfidfTransformer does.  Only for
    vectorizers :func:`char_vectorizer_supported` accepts."""
    index = vocab_index(vec)
    if index is None:
        raise ValueError("char_tfidf needs a vectorizer char_vectorizer_supported accepts")
    data, indices, ptr = _char_counts(vec, index, texts)
    # the same in-place operations, on the same whole-matrix data array, as TfidfTransformer.transform
    if vec.sublinear_tf:
        np.log(data, data)
        data += 1.0
    if vec.use_idf:
        data *= vec.idf_[indices]
    if vec.norm == "l2":
        normalise_rows(data, ptr)
    return data, indices, ptr


def normalise_rows(data: np.ndarray, ptr: np.ndarray) -> None:
    """scikit-learn's ``inplace_csr_row_normalize_l2``, operation for operation: a row's squares (in the
    data's precision) summed one at a time in double from 0 (np.bincount's weighted loop), the square
    root, each entry divided by it in double and stored back in the data's precision; a row summing to 0
    is left alone (dividing by 1 instead changes nothing)."""
    rows = arrayops.row_ids(ptr)
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(ptr) - 1))
    norms[norms == 0.0] = 1.0
    data[:] = data.astype(np.float64) / norms[rows]


def _row_sums(rows: np.ndarray, terms: np.ndarray, n_rows: int) -> np.ndarray:
    """Per row and class, the sum of ``terms`` (classes × entries) added one entry at a time in array
    order, starting from 0 — the order of scipy's csr_matvecs, so the same float (np.bincount's weighted
    loop is that sequential sum; ``np.add.reduceat`` would sum pairwise)."""
    out = np.empty((n_rows, terms.shape[0]), dtype=np.float64)
    for k, t in enumerate(terms):
        out[:, k] = np.bincount(rows, weights=t, minlength=n_rows)
    return out


def _softmax(scores: np.ndarray) -> np.ndarray:
    """sklearn.utils.extmath.softmax for a numpy array, operation for operation, without its array-API
    dispatch."""
    scores -= np.max(scores, axis=1).reshape((-1, 1))
    np.exp(scores, out=scores)
    scores /= np.sum(scores, axis=1).reshape((-1, 1))
    return scores


def stacked_proba(clf: Any, tfidf: Csr, n_tfidf: int, scaled: np.ndarray) -> np.ndarray | None:
    """``clf.predict_proba(sp.hstack([tfidf, csr(scaled)], format="csr"))`` for a multinomial logistic
    regression, or ``None`` when ``clf`` is not one."""
    coef = getattr(clf, "coef_", None)
    # softmax over the classes is predict_proba only for a multinomial model (one-vs-rest normalises
    # each class's logistic instead, where scikit-learn versions still offer it)
    if (type(clf) is not LogisticRegression or coef is None or coef.ndim != 2 or len(clf.classes_) <= 2
            or getattr(clf, "multi_class", "auto") not in ("auto", "multinomial", "deprecated")
            or getattr(clf, "solver", None) == "liblinear"
            or coef.shape[1] != n_tfidf + scaled.shape[1]):
        return None
    data, indices, ptr = tfidf
    n = len(ptr) - 1
    # a row of the stacked matrix holds its tf-idf entries (upcast to float64), then the dense block's
    # non-zero entries in column order (csr_matrix of a dense array drops its zeros); rows are summed
    # independently, so listing all tf-idf entries before all dense ones keeps each row's order
    nz_rows, nz_cols = np.nonzero(scaled)
    rows = np.concatenate([arrayops.row_ids(ptr), nz_rows])
    terms = np.take(coef, np.concatenate([indices, n_tfidf + nz_cols]), axis=1)
    terms *= np.concatenate([data.astype(np.float64), scaled[nz_rows, nz_cols]])
    scores = _row_sums(rows, terms, n)
    scores += clf.intercept_  # decision_function: X @ coef.T + intercept_
    return _softmax(scores)


def fit_transform_char_bigrams(texts: Sequence[str]) -> CsrArrays | None:
    """``TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True).fit(texts).transform(texts)``
    (the responsiveness measure's matrix), or ``None`` where scikit-learn would raise (no bigram at all),
    so the caller's scikit-learn path keeps its behaviour there."""
    keys, rows = gram_keys(prepare(texts, True), 2, 2)
    # fit: the vocabulary is every bigram (min_df=1, max_df=1.0 prune nothing), columns in the terms'
    # sorted order — which for equal-length strings is the order of their keys
    terms = arrayops.unique(keys)
    if not len(terms):
        return None
    data, indices, ptr = _count_csr(rows, np.searchsorted(terms, keys), len(texts), len(terms), np.float64)
    # TfidfTransformer.fit's idf, operation for operation (smooth_idf: one extra document holding every term)
    df = np.bincount(indices, minlength=len(terms)).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=len(texts) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    # ...and TfidfTransformer.transform's weighting and l2 normalisation
    np.log(data, data)
    data += 1.0
    data *= idf[indices]
    normalise_rows(data, ptr)
    return CsrArrays(data, indices, ptr, (len(texts), len(terms)))


def cross_products(X: Any, split: int) -> np.ndarray:
    """``(X[split:] @ X[:split].T).toarray()`` for a CSR ``X`` with sorted indices and non-negative
    entries, as scipy computes it: each product summed one term at a time in the column order of the
    left row, from 0 (the terms where the right row has no entry add +0.0, which changes no sum of
    non-negative terms).  Without scipy's slicing and sparse product, whose overhead was most of it."""
    data, indices, ptr = X.data, X.indices, X.indptr
    right = np.zeros((split, X.shape[1]), dtype=np.float64)
    a = int(ptr[split])
    right[arrayops.row_ids(ptr[: split + 1]), indices[:a]] = data[:a]
    n_left = X.shape[0] - split
    rows = arrayops.row_ids(ptr[split:])
    terms = data[a:, None] * right[:, indices[a:]].T  # left[i, j] * right[k, j], entry by entry
    cell = rows[:, None] * split + np.arange(split)
    return np.bincount(cell.ravel(), weights=terms.ravel(), minlength=n_left * split).reshape(n_left, split)
