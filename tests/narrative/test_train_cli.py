"""`auditor train` ↔ auditor/cli/train.py, and the stage's coded error when no model is shipped."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.errors import ModelError
from auditor.narrative import training
from auditor.pipeline import parse
from tests.conftest import REPORTS
from tests.narrative.cases import RUBRIC_EXAMPLES


def test_stage_without_model_says_run_train(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(training, "models_dir", lambda: tmp_path)
    training.shipped_model.cache_clear()
    try:
        with pytest.raises(ModelError, match="auditor train"):
            parse(REPORTS / "huarong-xzspj-2020.txt", stages=("structure", "narrative"))
    finally:
        training.shipped_model.cache_clear()


@pytest.mark.slow
def test_train_rebuilds_the_shipped_model(tmp_path) -> None:
    res = CliRunner().invoke(app, ["train", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    rebuilt = training.load_model(tmp_path / training.MODEL_FILE)
    texts = [t for t, _ in RUBRIC_EXAMPLES]
    # deterministic: the same corpora give the same model as the one shipped
    np.testing.assert_allclose(rebuilt.predict_proba(texts), training.shipped_model().predict_proba(texts),
                               atol=1e-6)


def test_shipped_model_was_trained_on_the_reference_documents_as_read_now() -> None:
    """The slow test above rebuilds the model; this fast one catches the usual cause of a mismatch: a change
    to ingestion that reads the reference documents differently (then run `auditor train`)."""
    import json

    meta = json.loads((training.models_dir() / "narrative_classifier.meta.json").read_text(encoding="utf-8"))
    reference = training.load_reference(training.default_reference_dirs(), training.load_labelled())
    assert training.reference_digest(reference) == meta["reference_sha256"], "run `auditor train`"
