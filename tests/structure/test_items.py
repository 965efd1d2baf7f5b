"""Items: sub-items, enumerations, and section 五 split into problems and improvements.

The labelled sentences (corpora/labelled/sentences.jsonl) say, for real reports, which sentences of
section 五 are problems and which improvements: every one must fall in the part we find, and every
enumerated labelled sentence (一是…) must be one of our items of that kind.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from auditor.resources import corpora_path
from auditor.structure.items import enum_items, problem_parts, sub_items
from tests.conftest import REPORTS
from tests.structure._support import norm, skip_without_reader, structured, structured_text

_ENUM_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}是|[（(][一二三四五六七八九十]{1,3}[）)]|[1-9][、.．])")


def _labelled() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    with corpora_path("labelled", "sentences.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            path = REPORTS / Path(row["file"]).name
            if row["part"] in ("problem", "improvement") and path.exists():
                out[path.name].append(row)
    return out


LABELLED = _labelled()


def _find(text: str, sentence: str, start: int) -> int:
    """Offset of a labelled sentence in the report text (PDF text may differ in white space)."""
    chars = [ch for ch in sentence if not ch.isspace()][:12]
    m = re.compile(r"\s*".join(map(re.escape, chars))).search(text, start)
    return m.start() if m else -1


@pytest.mark.parametrize("name", sorted(LABELLED), ids=str)
def test_labelled_sentences_fall_in_their_part(name: str) -> None:
    path = REPORTS / name
    skip_without_reader(path)
    report = structured(path)
    sec = report.section("problems")
    assert sec is not None
    prob, imp = problem_parts(report.text, sec.body_start, sec.end)
    for row in LABELLED[name]:
        k = _find(report.text, row["text"], sec.body_start)
        assert k >= 0, row["text"][:20]
        span = prob if row["part"] == "problem" else imp
        assert span is not None and span[0] <= k < span[1], (row["part"], row["text"][:30])


@pytest.mark.parametrize("name", sorted(LABELLED), ids=str)
def test_enumerated_labelled_sentences_are_items(name: str) -> None:
    path = REPORTS / name
    skip_without_reader(path)
    report = structured(path)
    for part in ("problem", "improvement"):
        items = report.items(part)
        assert items, f"no {part} items"
        starts = {norm(i.text)[:10] for i in items}
        for row in LABELLED[name]:
            if row["part"] == part and _ENUM_START.match(row["text"]):
                assert norm(row["text"])[:10] in starts, row["text"][:30]
        for i in items:  # offsets hold the item's text
            assert report.text[i.start : i.end] == i.text


def test_item_counts_follow_the_enumerators() -> None:
    """pingtan-2022: as many problem items as 一是/二是… before the improvements, as many after."""
    report = structured(REPORTS / "pingtan-2022.txt")
    sec = report.section("problems")
    assert sec is not None
    prob, imp = problem_parts(report.text, sec.body_start, sec.end)
    assert prob is not None and imp is not None
    shi = re.compile(r"[一二三四五六七八九十]是")
    assert len(report.items("problem")) == len(shi.findall(report.text, prob[0], prob[1]))
    assert len(report.items("improvement")) == len(shi.findall(report.text, imp[0], imp[1]))


def test_enumerators_inside_words_are_not_items() -> None:
    text = "我局统一是非标准，第一次会议召开。一是加强领导；二是完善制度。"
    items = enum_items(text, 0, len(text))
    assert [i.label for i in items] == ["一是", "二是"]


def test_sub_items_must_count_up() -> None:
    text = "（一）主动公开。内容（三）无关引用。（二）依申请公开。内容"
    items = sub_items(text, 0, len(text))
    assert [i.label for i in items] == ["（一）", "（二）"]


def test_overview_sub_items_on_real_report() -> None:
    """Section 一 of the Huai'an reports is organised as （一）…（五）: all are sub-items, in order."""
    path = REPORTS / "huaian-city-2024.pdf"
    skip_without_reader(path)
    report = structured(path)
    sec = report.section("overview")
    assert sec is not None
    subs = [i for i in sec.items if i.kind == "sub"]
    body = report.text[sec.body_start : sec.end]
    expected = len(re.findall(r"(?:^|\n)[（(][一二三四五六七八九十][）)]", body))
    assert expected >= 2 and len(subs) == expected


def test_improvement_words_inside_a_problem_item_do_not_switch_parts() -> None:
    """"二是工作计划性不强" names a problem; only a new framing sentence opens the improvements."""
    text = (REPORTS / "pingtan-2022.txt").read_text(encoding="utf-8")
    base = structured_text(text)
    second = base.items("problem")[1]
    assert second.label == "二是"
    edited = text.replace(second.text, "二是下一步工作计划性不强，" + second.text[2:], 1)
    got = structured_text(edited)
    assert len(got.items("problem")) == len(base.items("problem"))
    assert len(got.items("improvement")) == len(base.items("improvement"))


def test_section_without_improvements_is_noted() -> None:
    """Cut the improvements off pingtan-2022's section 五: the report now states none, and we say so."""
    text = (REPORTS / "pingtan-2022.txt").read_text(encoding="utf-8")
    base = structured_text(text)
    sec = base.section("problems")
    assert sec is not None
    _, imp = problem_parts(text, sec.body_start, sec.end)
    assert imp is not None
    got = structured_text(text[: imp[0]] + text[imp[1] :])
    codes = {f.code for f in got.findings}
    assert "structure.no_improvements" in codes and "structure.no_problems" not in codes
    assert not {"structure.no_improvements", "structure.no_problems"} & {f.code for f in base.findings}


def test_improvements_opened_by_we_will() -> None:
    """"我局将进一步…" after the problems opens the improvements (two paragraphs, no cue word)."""
    text = (REPORTS / "pingtan-2022.txt").read_text(encoding="utf-8")
    framing = "2023年，我区将采取以下措施加以改进。"
    assert framing in text
    got = structured_text(text.replace(framing, "我区将进一步加强以下工作。", 1))
    base = structured_text(text)
    assert [i.text for i in got.items("improvement")] == [i.text for i in base.items("improvement")]
