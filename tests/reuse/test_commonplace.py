"""Template wording and stock phrases: never evidence of copying."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.reuse.commonplace import is_template, residual_length, strip_mandated
from auditor.reuse.normalize import normalize

SENTENCES = Path(__file__).parents[2] / "corpora" / "labelled" / "sentences.jsonl"


@pytest.mark.parametrize(("text", "template"), [
    ("2024年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。", True),
    ("全年收取信息处理费120元。", False),
    ("2013年全区共收到政府信息公开申请0件。", True),
    ("共收到申请10件。", False),
    ("本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。", True),
    ("在政务大厅设置政务公开专区，配备触摸查询一体机。", False),
])
def test_template_cases(text: str, template: bool) -> None:
    assert is_template(normalize(text), text) is template


def test_most_labelled_template_sentences_are_recognised() -> None:
    rows = [json.loads(x) for x in SENTENCES.read_text(encoding="utf-8").splitlines()]
    templ = [r["text"] for r in rows if r["label"] == "template" and r.get("confidence") != "low"]
    hit = sum(is_template(normalize(t), t) for t in templ)
    assert hit / len(templ) >= 0.85, hit / len(templ)  # the rest: traditional characters, odd framing
    subst = [r["text"] for r in rows if r["label"] == "substantive"]
    wrong = sum(is_template(normalize(t), t) for t in subst)
    assert wrong / len(subst) <= 0.02


def test_mandated_headings_and_citation_are_cut() -> None:
    form = normalize("五、存在的主要问题及改进情况 根据《中华人民共和国政府信息公开条例》要求，我局建成依申请公开系统。")
    cut = strip_mandated(form)
    assert "条例" not in cut and "存在的主要问题" not in cut and "依申请公开系统" in cut


def test_residual_ignores_stock_phrases_and_masks() -> None:
    assert residual_length(normalize("进一步加强政府信息公开工作。")) < 4
    assert residual_length(normalize("2020年建成12个村级政务公开栏。")) >= 8
