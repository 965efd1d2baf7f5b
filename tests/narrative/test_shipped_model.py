"""The model shipped in models/: it loads, stays small, and labels the rubric examples right."""

from __future__ import annotations

import pytest

from auditor.narrative.training import MODEL_FILE, shipped_model
from auditor.resources import models_dir
from tests.narrative.cases import RUBRIC_EXAMPLES


def test_model_file_is_small() -> None:
    assert (models_dir() / MODEL_FILE).stat().st_size < 5 * 1024 * 1024


@pytest.mark.parametrize(("text", "label"), RUBRIC_EXAMPLES)
def test_rubric_examples(text: str, label: str) -> None:
    [(got, p)] = shipped_model().label([text])
    assert got == label
    assert 0.0 <= p <= 1.0


def test_p_substantive_orders_the_examples() -> None:
    subs = [t for t, lab in RUBRIC_EXAMPLES if lab == "substantive"]
    boil = [t for t, lab in RUBRIC_EXAMPLES if lab == "boilerplate"]
    ps = dict(zip(subs + boil, (p for _, p in shipped_model().label(subs + boil)), strict=True))
    assert min(ps[t] for t in subs) > max(ps[t] for t in boil)
