"""Regression tests for the faults the mutation sweep found (``test_mutations.py``), one per fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.ingest import load_bytes
from auditor.model import GridCell
from auditor.pipeline import parse
from tests.conftest import REPORTS

from .mutate import Case
from .test_mutations import run_case


@pytest.mark.issue(3)
def test_row_label_span_is_the_hull_when_a_rowspan_cell_lies_earlier() -> None:
    # row 27 of a broken page: its own label in column 0, and in column 1 a cell covered by a rowspan
    # that started at row 15, carrying that origin's (earlier) offsets
    from auditor.structure.tables.grid_source import _label_row

    row = (GridCell(27, 0, "四、结转下年度继续办理", 4275, 4286, (27, 0)),
           GridCell(27, 1, "三、本年度办理结果", 3533, 3542, (15, 1)),
           GridCell(27, 2, "0", 4295, 4296, (27, 2)))
    _, start, end = _label_row(row, {2})
    assert (start, end) == (3533, 4286)


@pytest.mark.issue(3)
def test_broken_page_with_a_long_rowspan_gives_valid_evidence(tmp_path: Path) -> None:
    # the mutated page that gave a tables.extra_row finding with evidence 4275..3542 (start > end)
    run_case(Case("renders/pingtan-2022.gbk.html", "swap_chunks", 2), tmp_path)


@pytest.mark.issue(2)
def test_text_with_a_stray_nul_is_read_not_refused_as_binary() -> None:
    text = (REPORTS / "pingtan-2022.txt").read_text(encoding="utf-8")
    data = (text[:500] + "\x00" + text[500:1000] + "\x1b" + text[1000:]).encode("utf-8")
    doc = load_bytes(data, "stray-nul.txt")
    assert doc.format == "text" and "总体情况" in doc.text


@pytest.mark.issue(2)
@pytest.mark.parametrize("junk", ["\x00", "\x0b", "\x0c\x1b"])
def test_html_with_control_characters_is_read(junk: str) -> None:
    # libxml2 stopped at a NUL (the page looked empty: E108) and lxml refused strings holding \x0b (E103)
    page = (REPORTS / "shuyang-fgj-2023.html").read_text(encoding="utf-8")
    at = page.index("一、总体情况")
    page = page[:200] + junk + page[200:at] + "总体" + junk + page[at:]
    doc = load_bytes(page.encode("utf-8"), "junk.html")
    assert "总体情况" in doc.text and len(doc.tables) >= 3


@pytest.mark.issue(3)
@pytest.mark.parametrize("source", ["reports/pingtan-2022.txt", "reports/shuyang-fgj-2023.html"])
def test_tables_in_traditional_characters_are_read(source: str, tmp_path: Path) -> None:
    # 總計 / 申請 / 處理 in the labels left every table unmatched (0 cells) though the numbers were there
    path = tmp_path / ("trad" + Path(source).suffix)
    path.write_bytes(Case(source, "traditional", 0).build())
    report = parse(path, stages=("structure", "tables"))
    # read in simplified form (offsets unchanged); the original keeps the characters as written
    assert "總" in report.document.original and "總" not in report.text
    assert len(report.text) == len(report.document.original)
    gold = parse(Path(__file__).parents[1] / "fixtures" / source, stages=("structure", "tables"))
    assert {k: c.value for k, c in report.cells.items()} == {k: c.value for k, c in gold.cells.items()}


@pytest.mark.issue(6)
def test_cli_lines_quoting_brackets_are_not_read_as_markup(capsys: pytest.CaptureFixture[str]) -> None:
    # a PDF reader error quoting '/ProcSet [/'PDF', /'Text']' raised rich.errors.MarkupError and killed
    # the whole `auditor audit` run
    import dataclasses

    from auditor.cli._util import fail_line
    from auditor.cli.parse import _print_summary
    from auditor.model import Finding

    message = "E103 a.pdf: damaged or truncated file: /ProcSet [/'PDF', /'Text', /'ImageB']"
    fail_line(message)
    assert "[/'PDF', /'Text', /'ImageB']" in capsys.readouterr().err
    report = parse(REPORTS / "pingtan-2022.txt", stages=("structure",))
    report = dataclasses.replace(report, findings=(Finding("x.y", "warning", "raw '[/b]' [bold]"),))
    _print_summary(report)
    assert "raw '[/b]' [bold]" in capsys.readouterr().out


@pytest.mark.issue(3)
def test_a_long_fused_digit_run_is_cut_short_not_enumerated() -> None:
    # 36 digits into 7 cells has millions of cuts: listing them all took ~50 s per row (minutes a report)
    import time

    from auditor.structure.tables.fused import Piece, splits

    run = "7" + "130000747" * 4
    t0 = time.perf_counter()
    cands, complete = splits([Piece(run, 0, len(run), True)], 7, cap=500)
    assert not complete and len(cands) == 500
    assert time.perf_counter() - t0 < 5
    assert all("".join(p.raw for p in c) == run for c in cands)
