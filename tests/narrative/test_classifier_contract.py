"""The scikit-learn contract of NarrativeClassifier ↔ auditor/narrative/classifier.py."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from auditor.errors import ModelError
from auditor.narrative.classifier import NarrativeClassifier
from auditor.narrative.training import load_labelled, load_model

NAME = "NarrativeClassifier"


@pytest.fixture(scope="module")
def small() -> tuple[list[str], list[str], list[str]]:
    """Every 4th labelled sentence: all three labels, many agencies, fits in about a second."""
    data = load_labelled()
    idx = range(0, len(data.texts), 4)
    return ([data.texts[i] for i in idx], [data.labels[i] for i in idx], [data.agencies[i] for i in idx])


@pytest.fixture(scope="module")
def fitted(small) -> NarrativeClassifier:
    X, y, g = small
    return NarrativeClassifier().fit(X, y, groups=g)


@pytest.mark.parametrize("check", [check_no_attributes_set_in_init, check_get_params_invariance, check_set_params])
def test_sklearn_checks(check) -> None:
    check(NAME, NarrativeClassifier())


def test_default_constructible() -> None:
    check_parameters_default_constructible(NAME, NarrativeClassifier())


def test_unfitted_raises() -> None:
    with pytest.raises(NotFittedError):
        NarrativeClassifier().predict(["一是政府信息主动公开的意识还需进一步加强；"])


def test_fit_returns_self_and_learns_underscored_attributes(small) -> None:
    X, y, g = small
    est = NarrativeClassifier(C=1.0)
    assert est.fit(X, y, groups=g) is est
    learned = [k for k in vars(est) if k.endswith("_") and not k.startswith("_")]
    assert {"classes_", "clf_", "char_vec_", "commonness_keys_"} <= set(learned)
    assert set(est.classes_) == set(y)
    assert est.get_params()["C"] == 1.0  # fit must not touch parameters


def test_deterministic_and_clone(small, fitted) -> None:
    X, y, g = small
    again = clone(fitted).fit(X, y, groups=g)
    np.testing.assert_allclose(fitted.predict_proba(X[:50]), again.predict_proba(X[:50]))


def test_learns_the_training_data(small, fitted) -> None:
    X, y, _ = small
    assert np.mean(fitted.predict(X) == np.asarray(y)) > 0.9


def test_rejects_a_bare_string(fitted) -> None:
    with pytest.raises(ValueError, match="sequence of sentences"):
        fitted.predict("一句话")


def test_skops_round_trip(tmp_path, fitted, small) -> None:
    import skops.io as sio

    path = tmp_path / "m.skops"
    sio.dump(fitted, path)
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict_proba(small[0][:20]), fitted.predict_proba(small[0][:20]))


def test_missing_model_is_a_coded_error(tmp_path) -> None:
    with pytest.raises(ModelError, match="auditor train") as err:
        load_model(tmp_path / "nothing.skops")
    assert str(err.value).startswith("E401")
