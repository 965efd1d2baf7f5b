"""The narrative fast path (auditor.narrative.fastpath) is an exact re-implementation: the same floats,
bit for bit, as the scikit-learn calls it replaces, on real sentences and on awkward strings."""

from __future__ import annotations

import gc

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from auditor.narrative import commonness, fastpath
from auditor.narrative.classifier import NarrativeClassifier
from auditor.narrative.training import shipped_model
from tests.narrative.realtext import EDGE_CASES, fixture_sentences, report_batches


def _sentences() -> list[str]:
    return [*fixture_sentences(), *EDGE_CASES]


def _sklearn_proba(model: NarrativeClassifier, texts: list[str]) -> np.ndarray:
    blocks, dense = model._blocks(texts)
    return np.asarray(model.clf_.predict_proba(model._stack(blocks, dense)))


def test_classifier_fast_path_is_bit_identical() -> None:
    model = shipped_model()
    texts = _sentences()
    fast = model._fast_proba_and_specific(texts)
    assert fast is not None, "the shipped model should take the fast path"
    np.testing.assert_array_equal(fast[0], _sklearn_proba(model, texts))
    # one sentence at a time too (the spaCy component's batches can be that small), the edge cases each
    for t in [*texts[:40], *EDGE_CASES]:
        one = model._fast_proba_and_specific([t])
        assert one is not None
        np.testing.assert_array_equal(one[0], _sklearn_proba(model, [t]))


def test_classifier_fast_path_per_report_batches() -> None:
    model = shipped_model()
    for batch in report_batches():
        fast = model._fast_proba_and_specific(batch)
        assert fast is not None
        np.testing.assert_array_equal(fast[0], _sklearn_proba(model, batch))
        specific = model._blocks(batch)[1][:, 8] > 0  # spec_total
        np.testing.assert_array_equal(fast[1], specific)


def test_char_tfidf_matches_the_vectorizer() -> None:
    vec = shipped_model().char_vec_
    texts = _sentences()
    data, indices, ptr = fastpath.char_tfidf(vec, texts)
    X = vec.transform(texts)
    np.testing.assert_array_equal(data, X.data)
    np.testing.assert_array_equal(indices, X.indices)
    np.testing.assert_array_equal(ptr, X.indptr)


@pytest.mark.parametrize("params", [
    {},
    {"ngram_range": (1, 1)},
    {"ngram_range": (2, 3)},
    {"lowercase": False},
    {"sublinear_tf": True, "dtype": np.float32},
    {"norm": None, "use_idf": False},
    {"min_df": 2, "sublinear_tf": True, "dtype": np.float32, "ngram_range": (1, 3)},
])
def test_char_tfidf_matches_other_configurations(params: dict[str, object]) -> None:
    texts = _sentences()
    vec = TfidfVectorizer(analyzer="char", **params).fit(texts[:400])  # type: ignore[arg-type]
    assert fastpath.char_vectorizer_supported(vec)
    data, indices, ptr = fastpath.char_tfidf(vec, texts)
    X = vec.transform(texts)
    np.testing.assert_array_equal(data, X.data)
    np.testing.assert_array_equal(indices, X.indices)
    np.testing.assert_array_equal(ptr, X.indptr)


def test_refitting_a_vectorizer_rebuilds_its_index() -> None:
    texts = list(fixture_sentences())
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2)).fit(texts[:50])
    first = fastpath.vocab_index(vec)
    vec.fit(texts[50:120])
    assert fastpath.vocab_index(vec) is not first
    data, indices, _ = fastpath.char_tfidf(vec, texts)
    X = vec.transform(texts)
    np.testing.assert_array_equal(data, X.data)
    np.testing.assert_array_equal(indices, X.indices)


def test_vocab_index_cache_lets_go_of_dead_vectorizers() -> None:
    vec = TfidfVectorizer(analyzer="char").fit(["公开信息", "依申请公开"])
    fastpath.vocab_index(vec)
    assert vec in fastpath._INDEXES
    n = len(fastpath._INDEXES)
    del vec
    gc.collect()
    assert len(fastpath._INDEXES) == n - 1


@pytest.mark.parametrize("vec", [
    TfidfVectorizer(analyzer="word"),
    TfidfVectorizer(analyzer="char"),  # not fitted
    TfidfVectorizer(analyzer="char_wb").fit(["公开信息", "依申请公开"]),
    TfidfVectorizer(analyzer="char", ngram_range=(1, 4)).fit(["公开信息", "依申请公开"]),  # keys hold 3 chars
    TfidfVectorizer(analyzer="char", binary=True).fit(["公开信息", "依申请公开"]),
    TfidfVectorizer(analyzer="char", preprocessor=str.upper).fit(["公开信息", "依申请公开"]),
    TfidfVectorizer(analyzer="char", norm="l1").fit(["公开信息", "依申请公开"]),
])
def test_unsupported_configurations_fall_back(vec: TfidfVectorizer) -> None:
    assert not fastpath.char_vectorizer_supported(vec)


def test_stacked_proba_declines_other_estimators() -> None:
    model = shipped_model()
    tfidf = fastpath.char_tfidf(model.char_vec_, ["公开信息"])
    scaled = np.zeros((1, model.clf_.coef_.shape[1] - len(model.char_vec_.vocabulary_)))
    binary = LogisticRegression().fit(np.eye(2), [0, 1])
    assert fastpath.stacked_proba(binary, tfidf, len(model.char_vec_.vocabulary_), scaled) is None
    assert fastpath.stacked_proba(model.clf_, tfidf, len(model.char_vec_.vocabulary_) + 1, scaled) is None


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_normalise_rows_matches_scikit_learn(dtype: type) -> None:
    rng = np.random.default_rng(0)
    X = sp.random(40, 30, density=0.2, format="csr", random_state=1, dtype=dtype)
    X.data = (rng.random(len(X.data)) * 5).astype(dtype)
    X.data[:3] = 0.0  # a row may sum to 0 in part
    want = X.copy()
    inplace_csr_row_normalize_l2(want)
    got = X.data.copy()
    fastpath.normalise_rows(got, X.indptr)
    np.testing.assert_array_equal(got, want.data)


@pytest.mark.parametrize("n", [1, 2, 5, 30])
def test_bigram_tfidf_matches_the_vectorizer(n: int) -> None:
    texts = _sentences()[:n]
    if not any(len(t.strip()) > 1 for t in texts):
        texts = ["公开信息", "依申请公开"]
    arrays = fastpath.fit_transform_char_bigrams(texts)
    want = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True).fit(texts).transform(texts)
    assert arrays is not None
    got = arrays.to_scipy()
    np.testing.assert_array_equal(got.toarray(), want.toarray())
    np.testing.assert_array_equal((got[: n // 2] @ got[n // 2 :].T).toarray(),
                                  (want[: n // 2] @ want[n // 2 :].T).toarray())


def test_bigram_tfidf_declines_without_bigrams() -> None:
    assert fastpath.fit_transform_char_bigrams(["a", "b"]) is None


@pytest.mark.parametrize("split", [1, 3, 7])
def test_cross_products_match_scipy(split: int) -> None:
    texts = list(fixture_sentences()[100:112])
    arrays = fastpath.fit_transform_char_bigrams(texts)
    assert arrays is not None
    X = arrays.to_scipy()
    want = (X[split:] @ X[:split].T).toarray()
    np.testing.assert_array_equal(fastpath.cross_products(arrays, split), want)
    np.testing.assert_array_equal(fastpath.cross_products(X, split), want)  # scikit-learn's matrix too


def test_commonness_of_a_batch_matches_sentence_by_sentence() -> None:
    model = shipped_model()
    keys, vals = model.commonness_keys_, model.commonness_counts_
    table = commonness.table(keys, vals)
    texts = [*_sentences(), "政府信息公开工作政府信息公开工作政府信息公开工作"]  # grams repeated in a sentence
    got = commonness.char_gram_counts(table, texts)
    assert got is not None
    want = commonness.sentence_features(keys, vals, [commonness.gram_hashes(t, None, "char") for t in texts])
    np.testing.assert_array_equal(commonness.features_of(*got), want)


def test_commonness_falls_back_when_two_grams_share_a_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    model = shipped_model()
    texts = list(fixture_sentences()[:30])
    want = model._char_commonness(texts)

    def one_hash(cps: np.ndarray) -> np.ndarray:  # every window collides with every other
        return np.zeros(max(0, len(cps) - commonness.CHAR_N + 1), dtype=np.uint32)

    monkeypatch.setattr(commonness, "_CHAR_WINDOWS", one_hash)
    assert commonness.char_gram_counts(commonness.table(model.commonness_keys_, model.commonness_counts_),
                                       texts) is None
    np.testing.assert_array_equal(model._char_commonness(texts), want)  # the classifier's fallback
