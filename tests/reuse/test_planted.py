"""Planted copies in an archive of the real fixture reports: span recall and precision, no template."""

from __future__ import annotations

import pytest

from auditor.reuse import find_reuse
from auditor.reuse.evaluate import span_scores
from tests.reuse.planted import MODES, build


@pytest.fixture(scope="module", params=[0, 1])
def run(request):
    archive = build(seed=request.param)
    return archive, find_reuse(archive.reports)


@pytest.mark.issue(5)
def test_span_recall_and_precision(run) -> None:
    archive, result = run
    scores = span_scores(result, archive.planted, archive.targets)
    assert scores["planted_chars"] > 3000  # the archive really holds copies to find
    assert scores["recall"] >= 0.95, scores
    assert scores["precision"] >= 0.95, scores


@pytest.mark.parametrize("mode", MODES)
def test_every_kind_of_plant_is_found(run, mode: str) -> None:
    archive, result = run
    planted = [p for p in archive.planted if p.mode == mode]
    scores = span_scores(result, planted, {p.target for p in planted})
    assert planted and scores["recall"] >= 0.9, (mode, scores)


def test_no_template_sentence_is_reported(run) -> None:
    from tests.reuse.planted import template_sentences

    archive, result = run
    texts = {r.file: r.text for r in archive.reports}
    spans = {f: template_sentences(t) for f, t in texts.items()}
    assert sum(len(archive.template_spans[t]) for t in archive.targets) > len(archive.targets)
    for block in result.blocks:
        for side in (block.a, block.b):
            for s, e in spans[side.file]:
                assert not (s < side.end and side.start < e), (side.file, texts[side.file][s:e])


def test_target_copies_point_back_to_their_sources(run) -> None:
    archive, result = run
    planted: dict[str, list[tuple[int, int]]] = {}
    for p in archive.planted:
        planted.setdefault(p.target, []).append((p.t_start, p.t_end))
    for block in result.blocks:
        if block.a.file not in archive.targets:
            continue
        assert block.kind == "cross_agency"
        if block.b.file in archive.targets:  # two targets share text only where both copied one source
            assert any(s < block.b.end and block.b.start < e for s, e in planted[block.b.file])
            assert not block.source_known  # same year, same day: which copied first is unknown
        else:
            assert block.source_known  # 2025 reports are later than every real source
