"""The sentence classifier: substantive / boilerplate / template, as a scikit-learn estimator.

Features (all computed from the sentence text alone, so ``auditor classify`` and the spaCy component
can use it without the report around it):
  * character 1-3-gram tf-idf (sublinear) — the wording;
  * optionally (``word_ngrams``), word n-gram tf-idf over jieba words with the government-terms
    dictionary — off by default: segmenting costs more than everything else and gained 0.001 macro-F1;
  * dense features (:mod:`auditor.narrative.features`): specificity counts by label, template wording,
    nil statements, digits, length;
  * corpus commonness (:mod:`auditor.narrative.commonness`): how many *other* agencies' documents share
    the sentence's 4-grams (character 8-grams by default, jieba word 4-grams on request).  The table is learned in ``fit`` from the training sentences grouped by
    agency plus optional reference documents, so cross-validation can keep the test fold's agencies out.
A multinomial logistic regression on the stacked features gives ``p_substantive`` and the label, with the
rubric's mixed-sentence rule on top (``specific_floor``).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from auditor.narrative import commonness, fastpath, features
from auditor.narrative.segment import words

LABELS = ("boilerplate", "substantive", "template")
# the commonness table as a hash table, per fitted model (see fastpath.memo)
_COMMONNESS_TABLES: weakref.WeakKeyDictionary[Any, tuple[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()


def _as_texts(X: Any) -> list[str]:
    if isinstance(X, str):
        raise ValueError("X must be a sequence of sentences (str). Got a single str instead")
    texts = list(X)
    bad = next((type(t).__name__ for t in texts if not isinstance(t, str)), None)
    if bad is not None:
        raise ValueError(f"X must hold sentences as str. Got {bad} instead")
    return texts


class NarrativeClassifier(ClassifierMixin, BaseEstimator):
    """Labels sentences substantive / boilerplate / template.

    Parameters
    ----------
    C : inverse regularisation strength of the logistic regression.
    char_ngram_range : n-gram range of the character tf-idf.
    word_ngrams : max word n-gram length (0 disables the word tf-idf).
    min_df : minimum document frequency for both vocabularies (keeps the model small and general).
    dense_weight : scale of the standardised dense (specificity, template, commonness) block against the
        tf-idf blocks; small values regularise it harder (0.1 was best in agency-grouped CV, see MODEL_CARD).
    class_weight : passed to the logistic regression.
    commonness_unit : "word" (jieba word 4-grams) or "char" (character 8-grams, much faster).
    specific_floor : the rubric's "a mixed sentence takes the label of its most specific clause": a sentence
        predicted boilerplate that holds a specificity span and has ``p_substantive`` at least this is
        labelled substantive (``None`` disables; 0.3 chosen on the agency-grouped out-of-fold predictions).
    """

    def __init__(self, C: float = 50.0, char_ngram_range: tuple[int, int] = (1, 3), word_ngrams: int = 0,
                 min_df: int = 2, dense_weight: float = 0.1, class_weight: str | None = "balanced",
                 commonness_unit: str = "char", specific_floor: float | None = 0.3) -> None:
        self.C = C
        self.char_ngram_range = char_ngram_range
        self.word_ngrams = word_ngrams
        self.min_df = min_df
        self.dense_weight = dense_weight
        self.class_weight = class_weight
        self.commonness_unit = commonness_unit
        self.specific_floor = specific_floor

    # -- features ------------------------------------------------------------------------------------
    def _blocks(self, texts: list[str], own: Sequence[str | None] | None = None,
                per_agency: dict[str, set[int]] | None = None) -> tuple[list[sp.csr_matrix], np.ndarray]:
        """The sparse tf-idf blocks and the unscaled dense block."""
        # jieba is the slowest step: segment only when a word feature needs it
        need_words = self.word_vec_ is not None or self.commonness_unit == "word"
        toks: list[list[str] | None] = [words(t) for t in texts] if need_words else [None] * len(texts)
        blocks = [self.char_vec_.transform(texts)]
        if self.word_vec_ is not None:
            blocks.append(self.word_vec_.transform([" ".join(ws or ()) for ws in toks]))
        hashes = [commonness.gram_hashes(t, ws, self.commonness_unit) for t, ws in zip(texts, toks, strict=True)]
        dense = np.hstack([
            features.dense(texts),
            commonness.sentence_features(self.commonness_keys_, self.commonness_counts_, hashes, own, per_agency),
        ])
        return blocks, dense

    def _stack(self, blocks: list[sp.csr_matrix], dense: np.ndarray) -> sp.csr_matrix:
        scaled = (dense - self.dense_mean_) / self.dense_scale_ * self.dense_weight
        return sp.hstack([*blocks, sp.csr_matrix(scaled)], format="csr")

    def fit(self, X: Iterable[str], y: Sequence[str], groups: Sequence[str] | None = None,
            reference: Iterable[tuple[str, str]] = (), sample_weight: Sequence[float] | None = None,
            ) -> NarrativeClassifier:
        """Fit on sentences ``X`` with labels ``y``.

        ``groups`` names each sentence's agency: the commonness table is built from the training sentences
        grouped by agency plus the ``reference`` (agency, text) documents, and each training sentence's own
        agency is left out of its counts.
        """
        texts = _as_texts(X)
        y_arr = np.asarray(y)
        if len(texts) != len(y_arr):
            raise ValueError(f"X and y must have the same length. Got {len(texts)} and {len(y_arr)} instead")
        if len(texts) == 0:
            raise ValueError("cannot fit on 0 sentences")
        own = list(groups) if groups is not None else [f"_s{i}" for i in range(len(texts))]
        keys, counts, per_agency = commonness.build([*reference, *zip(own, texts, strict=True)],
                                                    self.commonness_unit)
        self.commonness_keys_ = keys
        self.commonness_counts_ = counts
        self.char_vec_ = TfidfVectorizer(analyzer="char", ngram_range=tuple(self.char_ngram_range),
                                         min_df=self.min_df, sublinear_tf=True, dtype=np.float32).fit(texts)
        if self.word_ngrams > 0:
            self.word_vec_ = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", lowercase=False,
                                             ngram_range=(1, self.word_ngrams), min_df=self.min_df,
                                             sublinear_tf=True, dtype=np.float32)
            self.word_vec_.fit([" ".join(words(t)) for t in texts])
            self.word_vec_.stop_words_ = None  # the pruned-terms set is only for introspection, and large
        else:
            self.word_vec_ = None
        self.char_vec_.stop_words_ = None
        blocks, dense = self._blocks(texts, own, per_agency)
        self.dense_mean_ = dense.mean(axis=0)
        scale = dense.std(axis=0)
        self.dense_scale_ = np.where(scale > 1e-9, scale, 1.0)
        Xm = self._stack(blocks, dense)
        self.clf_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        # One BLAS thread: on a few-thousand-row problem extra threads only spin, and on a shared machine
        # they made fitting ten times slower (measured 14.6 s vs 1.5 s on 275 sentences).
        with threadpool_limits(limits=1):
            self.clf_.fit(Xm, y_arr, sample_weight=None if sample_weight is None else np.asarray(sample_weight))
        self.classes_ = self.clf_.classes_
        return self

    # -- prediction ----------------------------------------------------------------------------------
    def _proba_and_specific(self, X: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        check_is_fitted(self, "clf_")
        texts = _as_texts(X)
        if not texts:
            return np.zeros((0, len(self.classes_))), np.zeros(0, dtype=bool)
        # Our own inputs (fitted estimators, finite features): scikit-learn's per-call parameter and input
        # validation cost more than the arithmetic on a report's few dozen sentences, and change nothing.
        fast = self._fast_proba_and_specific(texts)
        if fast is not None:
            return fast
        with config_context(assume_finite=True, skip_parameter_validation=True):
            blocks, dense = self._blocks(texts)
            specific = dense[:, features.NAMES.index("spec_total")] > 0
            return self.clf_.predict_proba(self._stack(blocks, dense)), specific

    def _fast_proba_and_specific(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """The same probabilities as the scikit-learn path, bit for bit, at a fraction of its per-call
        overhead (:mod:`auditor.narrative.fastpath`); ``None`` for configurations it does not reproduce
        (word n-grams, another vectorizer or estimator), which then take the scikit-learn path."""
        if self.word_vec_ is not None or self.commonness_unit != "char":
            return None
        if not fastpath.char_vectorizer_supported(self.char_vec_):
            return None
        dense = np.hstack([features.dense(texts), self._char_commonness(texts)])
        scaled = (dense - self.dense_mean_) / self.dense_scale_ * self.dense_weight  # as in _stack
        tfidf = fastpath.char_tfidf(self.char_vec_, texts)
        proba = fastpath.stacked_proba(self.clf_, tfidf, len(self.char_vec_.vocabulary_), scaled)
        if proba is None:
            return None
        return proba, dense[:, features.NAMES.index("spec_total")] > 0

    def _char_commonness(self, texts: list[str]) -> np.ndarray:
        """commonness.sentence_features of the texts' char grams, hashed and looked up for the whole batch
        at once (sentence by sentence only where two grams of a sentence share a hash)."""
        keys, vals = self.commonness_keys_, self.commonness_counts_
        table = fastpath.memo(_COMMONNESS_TABLES, self, (keys, vals), lambda: commonness.table(keys, vals))
        got = commonness.char_gram_counts(table, texts)
        if got is not None:
            return commonness.features_of(*got)
        hashes = [commonness.gram_hashes(t, None, "char") for t in texts]
        return commonness.sentence_features(keys, vals, hashes)

    def warm_up(self) -> None:
        """Build now what labelling builds on its first sentences — the fast path's hash tables, the
        per-character tables for the characters the model knows, the compiled lexicons — so that a batch's
        workers inherit them from the parent instead of each building them on its first report."""
        check_is_fitted(self, "clf_")
        known = "".join(t for t in getattr(self.char_vec_, "vocabulary_", {}) if len(t) == 1)
        self.label([known, "2023年共收到政府信息公开申请12件，办结率100%。"])

    def _decide(self, proba: np.ndarray, specific: np.ndarray) -> np.ndarray:
        pred = self.classes_[np.argmax(proba, axis=1)] if len(proba) else np.array([], dtype=object)
        classes = list(self.classes_)
        if self.specific_floor is not None and {"substantive", "boilerplate"} <= set(classes) and len(proba):
            lift = specific & (pred == "boilerplate") & (proba[:, classes.index("substantive")] >= self.specific_floor)
            pred = np.where(lift, "substantive", pred).astype(object)
        return pred

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        return self._proba_and_specific(X)[0]

    def predict(self, X: Iterable[str]) -> np.ndarray:
        return self._decide(*self._proba_and_specific(X))

    def label(self, X: Iterable[str]) -> list[tuple[str, float]]:
        """(label, p_substantive) per sentence: what the stage, the spaCy component and the CLI use."""
        proba, specific = self._proba_and_specific(X)
        labels = self._decide(proba, specific)
        if "substantive" not in self.classes_:
            return [(str(lab), 0.0) for lab in labels]
        p = proba[:, list(self.classes_).index("substantive")].tolist()  # Python floats, as float(row[col])
        return [(str(lab), round(x, 4)) for lab, x in zip(labels.tolist(), p, strict=True)]
