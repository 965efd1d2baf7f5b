"""Sections on every gold report: numbering, heading as written, where the body starts, template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.structure.lexicon import footer_cues, section_roles
from tests.conftest import gold_cases, gold_ids
from tests.structure._support import norm, skip_without_reader, structured, structured_text

CASES = gold_cases()


@pytest.mark.parametrize(("path", "gold"), CASES, ids=gold_ids())
def test_every_gold_section_found(path: Path, gold: dict) -> None:
    skip_without_reader(path)
    report = structured(path)
    assert [s.no for s in report.sections] == [g["no"] for g in gold["sections"]]
    for s, g in zip(report.sections, gold["sections"], strict=True):
        assert norm(s.heading) == norm(g["heading"]), (s.no, s.heading)
        body = norm(report.text[s.body_start : s.body_start + 80])
        assert body.startswith(norm(g["body_starts"])[:8]), (s.no, report.text[s.body_start : s.body_start + 20])
        assert s.start < s.body_start <= s.end
        assert s.key == section_roles().key_of(g["heading"])


@pytest.mark.parametrize(("path", "gold"), CASES, ids=gold_ids())
def test_sections_do_not_overlap_and_hold_no_footer(path: Path, gold: dict) -> None:
    skip_without_reader(path)
    report = structured(path)
    for a, b in zip(report.sections, report.sections[1:], strict=False):
        assert a.end <= b.start
    last = report.text[report.sections[-1].body_start : report.sections[-1].end]
    assert not [c for c in footer_cues() if c in last]
    # a signature date stands after the body, never inside the last section's end
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日\s*$|[〇○零]\S{2}年\S{1,3}月\S{1,3}日\s*$", last)


def _text(name: str) -> str:
    path = next(p for p, _ in CASES if p.stem == name)
    return structured(path).text


@pytest.mark.parametrize("name", ["pingtan-2022", "huarong-xzspj-2020", "pingtan-2014"])
def test_heading_variants_segment_alike(name: str) -> None:
    """Numbering written 一． or 一 (space), and headings fused onto the body, still segment the same."""
    text = _text(name)
    base = structured_text(text)
    for variant in ("．", " "):
        edited = text
        for s in base.sections:
            numeral = text[s.start : s.start + 1]
            edited = edited.replace(f"{numeral}、{text[s.start + 2 : s.start + 6]}",
                                    f"{numeral}{variant}{text[s.start + 2 : s.start + 6]}", 1)
        got = structured_text(edited)
        assert [s.no for s in got.sections] == [s.no for s in base.sections], variant
        assert [s.key for s in got.sections] == [s.key for s in base.sections], variant
    fused = text
    for s in base.sections:  # glue each heading to its body: "一、总体情况2022年，…"
        fused = fused.replace(text[s.start : s.body_start], text[s.start : s.body_start].rstrip(), 1)
    got = structured_text(fused)
    assert [norm(s.heading) for s in got.sections] == [norm(s.heading) for s in base.sections]


def test_heading_broken_over_lines() -> None:
    text = _text("huarong-xzspj-2020")
    base = structured_text(text)
    target = base.section("problems")
    assert target is not None
    heading = text[target.start : target.body_start].rstrip()
    cut = len(heading) // 2 + 1
    edited = text.replace(heading, heading[:cut] + "\n" + heading[cut:], 1)
    got = structured_text(edited).section("problems")
    assert got is not None and norm(got.heading) == norm(heading)


def test_missing_heading_is_reported_and_rest_segmented() -> None:
    text = _text("pingtan-2022")
    base = structured_text(text)
    requests = base.section("requests")
    assert requests is not None
    edited = text[: requests.start] + text[requests.body_start :]
    got = structured_text(edited)
    assert [s.no for s in got.sections] == [1, 2, 4, 5, 6]
    missing = [f for f in got.findings if f.code == "structure.missing_section"]
    assert missing and list(missing[0].data["missing_numbers"]) == [3]


def test_out_of_order_sections_are_reported() -> None:
    """Swap the headings of sections 二 and 五: numbers still count up, roles do not."""
    text = _text("pingtan-2022")
    base = structured_text(text)
    two, five = base.section("proactive"), base.section("problems")
    assert two is not None and five is not None
    h2, h5 = text[two.start : two.body_start], text[five.start : five.body_start]
    edited = (text[: two.start] + "二、" + h5[2:] + text[two.body_start : five.start] + "五、" + h2[2:]
              + text[five.body_start :])
    got = structured_text(edited)
    assert [s.no for s in got.sections] == [1, 2, 3, 4, 5, 6]
    assert any(f.code == "structure.order" for f in got.findings)


def test_no_headings_at_all_gives_a_finding() -> None:
    text = _text("pingtan-2022")
    flat = re.sub(r"[一二三四五六七八九十]、", "", text)
    got = structured_text(flat)
    assert got.sections == ()
    assert any(f.code == "structure.missing_section" for f in got.findings)


def test_table_row_labels_are_not_sections() -> None:
    """t3's "一、本年新收…" … "四、结转下年度继续办理" rows sit inside section 三, not as sections."""
    for path, _ in CASES:
        if path.suffix != ".txt":
            continue
        report = structured(path)
        for s in report.sections:
            assert "本年新收" not in s.heading and "结转" not in s.heading


@pytest.mark.parametrize("name", ["pingtan-2022", "huarong-xzspj-2020"])
def test_list_of_parts_in_preamble_is_not_the_sections(name: str) -> None:
    """"本报告包括：一、总体情况；二、…" before the report: the real headings still win."""
    text = _text(name)
    base = structured_text(text)
    listing = "本报告包括：" + "；".join(text[s.start : s.body_start].strip() for s in base.sections) + "。\n"
    first = base.sections[0].start
    got = structured_text(text[:first] + listing + text[first:])
    shift = len(listing)
    assert [(s.no, s.start) for s in got.sections] == [(s.no, s.start + shift) for s in base.sections]


@pytest.mark.parametrize(("path", "gold"), CASES, ids=gold_ids())
def test_no_false_structure_alarms_on_gold(path: Path, gold: dict) -> None:
    skip_without_reader(path)
    codes = {f.code for f in structured(path).findings}
    assert not codes & {"structure.missing_section", "structure.order", "structure.no_problems",
                         "structure.no_improvements", "structure.unnumbered_heading", "structure.date_before_year"}


def _renders() -> list[tuple[Path, dict]]:
    """Our own PDF/DOCX/GBK-HTML renders of gold reports (tests/fixtures/renders/<gold>.<fmt>)."""
    gold = {p.stem: g for p, g in CASES}
    folder = Path(__file__).parents[1] / "fixtures" / "renders"
    return [(p, gold[p.name.split(".")[0]]) for p in sorted(folder.glob("*")) if p.name.split(".")[0] in gold]


@pytest.mark.parametrize(("path", "gold"), _renders(), ids=lambda x: x.name if isinstance(x, Path) else "")
def test_renders_segment_like_their_source(path: Path, gold: dict) -> None:
    skip_without_reader(path)
    report = structured(path)
    assert [norm(s.heading) for s in report.sections] == [norm(g["heading"]) for g in gold["sections"]]
    for s, g in zip(report.sections, gold["sections"], strict=True):
        assert norm(report.text[s.body_start : s.body_start + 80]).startswith(norm(g["body_starts"])[:8])
    assert (report.template, report.agency, report.year) == (gold["template"], gold["agency"], gold["year"])


def test_bracket_numbered_sections_fall_back() -> None:
    """A report numbering its parts （一）…（六） instead of 一、…六、 is still segmented, with a note."""
    text = _text("huarong-xzspj-2020")
    base = structured_text(text)
    edited = text
    for s in reversed(base.sections):
        numeral = text[s.start]
        edited = edited[: s.start] + f"（{numeral}）" + edited[s.start + 2 :]
    # the table rows 一、本年新收… are numbered with 、 too: rename them so no 一、 chain is left
    edited = re.sub(r"(?<![（])([一二三四])、", r"\1 ", edited)
    got = structured_text(edited)
    assert [s.key for s in got.sections] == [s.key for s in base.sections]
    assert any(f.code == "structure.numbering" for f in got.findings)


def test_unnumbered_other_part_after_five() -> None:
    """"Five parts that really are six": 其他需要报告的事项 written without 六、."""
    text = _text("huarong-xzspj-2020")
    base = structured_text(text)
    six = base.section("other")
    assert six is not None
    edited = text[: six.start] + text[six.start + 2 :]
    got = structured_text(edited)
    assert [s.key for s in got.sections] == [s.key for s in base.sections]
    assert got.sections[-1].no == 6
    assert norm(got.text[got.sections[-1].body_start :][:8]) == norm(text[six.body_start :][:8])
    assert any(f.code == "structure.unnumbered_heading" for f in got.findings)


def test_dated_sentence_in_last_section_is_kept() -> None:
    """A date opening a sentence of section 六 (flattened text) is not a signature: keep what follows."""
    text = _text("pingtan-2022")
    base = structured_text(text)
    last = base.sections[-1]
    added = " 2023年3月1日 区政府召开政务公开工作会议，部署全年重点任务。"
    edited = text[: last.end] + added + text[last.end :]
    got = structured_text(edited).sections[-1]
    assert got.end == last.end + len(added)


@pytest.mark.parametrize("text", ["", "一、", "一、二、三、四、五、六、", "\n\n|||\n", "五、存在的主要问题及改进情况",
                                  "十九、其他需要报告的事项" * 3, "（一）" * 50])
def test_odd_texts_do_not_crash(text: str) -> None:
    report = structured_text(text)
    assert all(0 <= s.start < s.body_start <= s.end <= len(text) for s in report.sections)


@pytest.mark.issue(2)
def test_table_labels_listed_before_their_numbers_do_not_crash() -> None:
    # a PDF table read column-wise: every row label first, then the numbers
    from auditor.pipeline import parse

    report = parse(Path(__file__).parents[1] / "fixtures" / "renders" / "labels-before-numbers.txt")
    assert [s.no for s in report.sections][:1] == [1]
