"""The narrative fast path (auditor.narrative.fastpath) is an exact re-implementation: the same floats,
bit for bit, as the scikit-learn calls it replaces, on real sentences and on awkward strings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from auditor.narrative import fastpath
from auditor.narrative.classifier import NarrativeClassifier
from auditor.narrative.sentences import split_sentences
from auditor.narrative.training import shipped_model
from tests.narrative.cases import RUBRIC_EXAMPLES

_ODD = ["", " ", "a", "AB  cd\n\nEF\tg", "共公开信息12条。\n", "  前后空白  ", "《条例》“互联网+”", "ＡＢＣ１２３",
        "一是加强领导；二是完善制度。", "x" * 400, "\u3000\u3000全角空格"]


def _sentences() -> list[str]:
    texts = [t for t, _ in RUBRIC_EXAMPLES] + _ODD
    for path in sorted((Path(__file__).parents[1] / "fixtures" / "reports").glob("*.txt"))[:6]:
        doc = path.read_text(encoding="utf-8")
        texts += [t for _, _, t in split_sentences(doc)][:150]
    return texts


def _sklearn_proba(model: NarrativeClassifier, texts: list[str]) -> np.ndarray:
    blocks, dense = model._blocks(texts)
    return np.asarray(model.clf_.predict_proba(model._stack(blocks, dense)))


def test_classifier_fast_path_is_bit_identical() -> None:
    model = shipped_model()
    texts = _sentences()
    fast = model._fast_proba_and_specific(texts)
    assert fast is not None, "the shipped model should take the fast path"
    np.testing.assert_array_equal(fast[0], _sklearn_proba(model, texts))
    # one sentence at a time too (the spaCy component's batches can be that small)
    for t in texts[:40]:
        one = model._fast_proba_and_specific([t])
        assert one is not None
        np.testing.assert_array_equal(one[0], _sklearn_proba(model, [t]))


def test_char_tfidf_matches_the_vectorizer() -> None:
    vec = shipped_model().char_vec_
    texts = _sentences()
    data, indices, ptr = fastpath.char_tfidf(vec, texts)
    X = vec.transform(texts)
    np.testing.assert_array_equal(data, X.data)
    np.testing.assert_array_equal(indices, X.indices)
    np.testing.assert_array_equal(ptr, X.indptr)


@pytest.mark.parametrize("n", [1, 2, 5, 30])
def test_bigram_tfidf_matches_the_vectorizer(n: int) -> None:
    texts = _sentences()[:n]
    if not any(len(t.strip()) > 1 for t in texts):
        texts = ["公开信息", "依申请公开"]
    got = fastpath.fit_transform_char_bigrams(texts)
    want = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True).fit(texts).transform(texts)
    assert got is not None
    np.testing.assert_array_equal(got.toarray(), want.toarray())
    np.testing.assert_array_equal((got[: n // 2] @ got[n // 2 :].T).toarray(),
                                  (want[: n // 2] @ want[n // 2 :].T).toarray())


def test_bigram_tfidf_declines_without_bigrams() -> None:
    assert fastpath.fit_transform_char_bigrams(["a", "b"]) is None


def test_unsupported_configurations_fall_back() -> None:
    assert not fastpath.char_vectorizer_supported(TfidfVectorizer(analyzer="word"))
    assert not fastpath.char_vectorizer_supported(TfidfVectorizer(analyzer="char"))  # not fitted
