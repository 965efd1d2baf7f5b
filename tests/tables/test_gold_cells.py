"""Cell accuracy on every gold report, report by report and source format by source format.

Every cell the gold holds must come out with the gold value, or — only where the document gives no
way to decide (t2 digits run together, no arithmetic, no narrative statement) — as an ambiguous cell
whose candidates contain the gold value.  Nothing else is allowed: no wrong value, no missing key, no
extra key.
"""

from __future__ import annotations

import pytest

from tests.tables._support import extracted, flat, gold, same, source, table_golds


def _cases() -> list:
    out = []
    for name in table_golds():
        slow = source(name).suffix == ".pdf"  # pdfplumber takes seconds per file on a shared machine
        marks = [pytest.mark.slow] if slow else []
        out.append(pytest.param(name, True, marks=marks, id=f"{name}-grid" if source(name).suffix != ".txt"
                                else f"{name}-text"))
        if source(name).suffix != ".txt":
            # the same report read from its own text rendition ('a | b | c' rows): the text path
            out.append(pytest.param(name, False, marks=marks, id=f"{name}-rows-as-text"))
    return out


@pytest.mark.issue(3)
@pytest.mark.parametrize(("name", "grids"), _cases())
def test_every_gold_cell(name: str, grids: bool) -> None:
    report = extracted(name, grids)
    want = flat(gold(name)["tables"])
    got = report.cells
    assert sorted(set(got) - set(want)) == [], "keys the gold does not have"
    assert sorted(set(want) - set(got)) == [], "gold keys not extracted"
    wrong, ambiguous = [], []
    for key, value in want.items():
        cell = got[key]
        if cell.status == "ambiguous":
            ambiguous.append(key)
            assert value in cell.candidates, f"{key}: gold {value} not among candidates {cell.candidates}"
            assert cell.value is None, "an ambiguous cell must not carry a guessed value"
        elif not same(cell.value, value):
            wrong.append((key, value, cell.value, cell.raw))
    assert wrong == []
    # ambiguity is allowed only where no identity exists: t2 (t3 and t4 have their arithmetic)
    assert [k for k in ambiguous if not k.startswith("t2.")] == []
    codes = {f.code for f in report.findings if f.code.startswith("tables.")}
    if ambiguous:
        assert "tables.ambiguous_split" in codes, "an ambiguous cell must come with a finding"
    # the gold reports have every row and column: no extraction problem may be reported on them
    assert codes - {"tables.ambiguous_split", "tables.split_by_narrative"} == set()


@pytest.mark.parametrize("name", [n for n in table_golds() if source(n).suffix == ".txt"])
def test_cells_point_at_their_digits(name: str) -> None:
    """Evidence: each non-null cell's offsets cover its raw text in the report text."""
    report = extracted(name)
    for cell in report.cells.values():
        if cell.status == "ok":
            assert cell.start >= 0
            span = report.text[cell.start : cell.end]
            assert span == cell.raw.removesuffix(cell.unit or "") or span == cell.raw, cell.key
