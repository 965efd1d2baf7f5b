"""Exact, low-overhead re-implementations of the scikit-learn steps the narrative stage runs per report.

On a report's few dozen sentences scikit-learn's per-call machinery (validation, namespace checks, sparse
format juggling) costs more than the arithmetic.  These functions build the same CSR arrays the fitted
estimators would build — same values, same column order within each row — and then hand them to the very
kernels scikit-learn itself uses (``np.log`` on the float32 data, ``inplace_csr_row_normalize_l2``, the
scipy CSR @ dense product, ``softmax``), so every float is computed by the same operations in the same
order and the output is bit-identical.  Anything outside the configurations reproduced here returns
``None`` and the caller falls back to scikit-learn.
"""

from __future__ import annotations

import re
from collections import Counter
from operator import add
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.extmath import softmax
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

# scikit-learn's own whitespace rule for char n-grams: only runs of two or more become one space (a lone
# newline stays a newline), so the n-grams match the fitted vocabulary.
_WHITE_SPACES = re.compile(r"\s\s+")


def char_vectorizer_supported(vec: Any) -> bool:
    """Whether :func:`char_tfidf` reproduces ``vec.transform`` exactly (the shipped configuration)."""
    if type(vec) is not TfidfVectorizer or not hasattr(vec, "vocabulary_"):
        return False
    p = vec.get_params()
    lo, hi = p["ngram_range"]
    return (p["analyzer"] == "char" and p["input"] == "content" and p["preprocessor"] is None
            and p["strip_accents"] is None and p["tokenizer"] is None and not p["binary"]
            and p["norm"] in ("l2", None) and p["dtype"] in (np.float32, np.float64)
            and 1 <= lo <= hi and hasattr(vec, "idf_") == bool(p["use_idf"]))


def _gram_counts(text: str, lo: int, hi: int, lowercase: bool) -> Counter[str]:
    """Counts of the sentence's char n-grams, as ``TfidfVectorizer``'s char analyzer produces them."""
    doc = _WHITE_SPACES.sub(" ", text.lower() if lowercase else text)
    # n-grams built and counted in C: each n-gram is an (n-1)-gram plus the next character (map over two
    # sequences stops at the shorter, so there are len - n + 1 of them, as in _char_ngrams)
    cnt: Counter[str] = Counter()
    grams: Any = doc
    for n in range(1, hi + 1):
        if n > 1:
            grams = list(map(add, grams, doc[n - 1 :]))
        if n >= lo:
            cnt.update(grams)
    return cnt


def _count_csr(counts: list[Any], vocab: dict[str, int],
               dtype: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(data, indices, indptr) of a count matrix, one row per mapping gram → count (every gram in
    ``vocab``), columns ascending within each row: the CSR layout after _count_vocab's sort_indices."""
    cols: list[int] = []
    vals: list[int] = []
    lens: list[int] = []
    for cnt in counts:
        cols.extend(map(vocab.__getitem__, cnt.keys()))
        vals.extend(cnt.values())
        lens.append(len(cnt))
    rows = np.repeat(np.arange(len(counts)), lens)
    col_arr = np.asarray(cols, dtype=np.int32)
    order = np.lexsort((col_arr, rows))
    indices = col_arr[order]
    ptr = np.zeros(len(counts) + 1, dtype=np.int32)
    np.cumsum(lens, out=ptr[1:])
    data = np.asarray(vals, dtype=np.intc)[order].astype(dtype)
    return data, indices, ptr


def char_tfidf(vec: TfidfVectorizer, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(data, indices, indptr) of ``vec.transform(texts)``, computed as TfidfTransformer does."""
    lo, hi = vec.ngram_range
    vocab = vec.vocabulary_
    counts = []
    for t in texts:
        cnt = _gram_counts(t, lo, hi, vec.lowercase)
        counts.append({g: cnt[g] for g in cnt.keys() & vocab.keys()})
    data, indices, ptr = _count_csr(counts, vocab, vec.dtype)
    # the same in-place operations, on the same whole-matrix data array, as TfidfTransformer.transform
    if vec.sublinear_tf:
        np.log(data, data)
        data += 1.0
    if vec.use_idf:
        data *= vec.idf_[indices]
    if vec.norm == "l2":
        inplace_csr_row_normalize_l2(sp.csr_array((data, indices, ptr), shape=(len(texts), len(vocab))))
    return data, indices, ptr


def stacked_proba(clf: Any, tfidf: tuple[np.ndarray, np.ndarray, np.ndarray], n_tfidf: int,
                  scaled: np.ndarray) -> np.ndarray | None:
    """``clf.predict_proba(sp.hstack([tfidf, csr(scaled)], format="csr"))`` for a multinomial logistic
    regression, or ``None`` when ``clf`` is not one."""
    coef = getattr(clf, "coef_", None)
    if coef is None or coef.ndim != 2 or len(clf.classes_) <= 2 or coef.shape[1] != n_tfidf + scaled.shape[1]:
        return None
    data, indices, ptr = tfidf
    n = len(ptr) - 1
    # hstack's rows: the tf-idf entries (upcast to float64), then the dense block's non-zero entries in
    # column order (csr_matrix of a dense array drops its zeros)
    nz_rows, nz_cols = np.nonzero(scaled)
    dense_ptr = np.searchsorted(nz_rows, np.arange(n + 1))
    out_ptr = ptr.astype(np.int64) + dense_ptr
    total = int(out_ptr[-1])
    out_data = np.empty(total, dtype=np.float64)
    out_idx = np.empty(total, dtype=np.int32)
    dense_vals = scaled[nz_rows, nz_cols]
    for i in range(n):
        a, b = int(ptr[i]), int(ptr[i + 1])
        da, db = int(dense_ptr[i]), int(dense_ptr[i + 1])
        o = int(out_ptr[i])
        out_data[o : o + b - a] = data[a:b]
        out_idx[o : o + b - a] = indices[a:b]
        out_data[o + b - a : o + b - a + db - da] = dense_vals[da:db]
        out_idx[o + b - a : o + b - a + db - da] = nz_cols[da:db] + n_tfidf
    X = sp.csr_matrix((out_data, out_idx, out_ptr.astype(np.int32)), shape=(n, coef.shape[1]))
    scores = X @ coef.T + clf.intercept_  # what safe_sparse_dot does for a sparse left operand
    return np.asarray(softmax(scores, copy=False))


def fit_transform_char_bigrams(texts: list[str]) -> sp.csr_matrix | None:
    """``TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True).fit(texts).transform(texts)``
    (the responsiveness measure's matrix), or ``None`` where scikit-learn would raise (no bigram at all),
    so the caller's scikit-learn path keeps its behaviour there."""
    counts = [_gram_counts(t, 2, 2, True) for t in texts]
    # fit: the vocabulary is every bigram (min_df=1, max_df=1.0 prune nothing), columns in sorted order
    terms = sorted(set().union(*counts))
    if not terms:
        return None
    vocab = {g: j for j, g in enumerate(terms)}
    data, indices, ptr = _count_csr(counts, vocab, np.float64)
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
    X = sp.csr_matrix((data, indices, ptr), shape=(len(texts), len(terms)))
    inplace_csr_row_normalize_l2(X)
    return X
