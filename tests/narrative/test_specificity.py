"""The specificity recogniser ↔ auditor/narrative/specificity.py."""

from __future__ import annotations

import itertools

import pytest

from auditor.narrative.specificity import recognise, score
from tests.narrative.cases import NOT_SPECIFIC, SPECIFIC_SPANS


@pytest.mark.parametrize(("text", "label", "fragment"), SPECIFIC_SPANS)
def test_finds_specific_span(text: str, label: str, fragment: str) -> None:
    spans = recognise(text)
    assert (label, fragment) in [(s.label, s.text) for s in spans]
    for s in spans:  # offsets point at the text they claim
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize("text", NOT_SPECIFIC)
def test_generic_wording_scores_zero(text: str) -> None:
    assert score(recognise(text)) == 0


def test_date_is_not_also_a_count() -> None:
    spans = recognise("统计期限自2020年1月1日起至2020年12月31日止")
    assert [s.label for s in spans] == ["DATE", "DATE"]


def test_spans_do_not_overlap() -> None:
    text = "2023年全区主动公开政府信息14571条，其中《洪泽区政务公开工作方案》1件，公开率100%，费用0元。"
    spans = recognise(text)
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
