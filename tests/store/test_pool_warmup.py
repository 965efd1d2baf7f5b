"""The batch pool starts with the models loaded, and loading can never stop a batch."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import pytest

import auditor.store.worker as worker
from auditor.narrative import training


def test_warm_up_survives_a_part_that_cannot_load(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[str] = []

    def broken(stages: Sequence[str]) -> None:
        raise RuntimeError("model file missing")

    def fine(stages: Sequence[str]) -> None:
        loaded.append("fine")

    monkeypatch.setattr(worker, "_LOADERS", (broken, fine))
    worker.warm_up(("checks",))  # must not raise: the stage fails on each file instead, as a finding
    assert loaded == ["fine"]


def _model_without_loading() -> bool:
    return training.shipped_model() is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork-only: workers inherit the parent's models")
def test_pool_workers_inherit_the_loaded_model(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = worker.make_pool(1, ("structure", "narrative"))
    try:
        # loading again would now fail: a worker that answers has the parent's model, not its own load
        def no_load(*args: object, **kwargs: object) -> None:
            raise AssertionError("a worker loaded the model again")

        monkeypatch.setattr(training, "load_model", no_load)
        assert pool.submit(_model_without_loading).result(timeout=120)
    finally:
        pool.shutdown()
