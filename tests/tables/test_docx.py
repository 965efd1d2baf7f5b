"""DOCX variants of the gold reports: the grid layout of test_grid written as a real .docx (merged cells
with python-docx), read back by the repository's DOCX reader, then keyed by the tables stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.ingest.layout import SourceCell
from auditor.structure.tables import extract_tables
from tests.tables._support import flat, gold, report_of, same, table_golds
from tests.tables.test_grid import layout

docx = pytest.importorskip("docx")


def write_docx(name: str, path: Path) -> None:
    d = docx.Document()
    d.add_paragraph(f"{gold(name).get('agency') or ''}{gold(name).get('year') or ''}年政府信息公开工作年度报告")
    for kind, content in layout(name):
        if kind == "p":
            d.add_paragraph(str(content))
            continue
        rows: list[list[SourceCell]] = content  # type: ignore[assignment]
        placed: dict[tuple[int, int], SourceCell] = {}
        taken: set[tuple[int, int]] = set()
        n_cols = 0
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                placed[(r, c)] = cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
                n_cols = max(n_cols, c)
        table = d.add_table(rows=len(rows), cols=n_cols)
        for (r, c), cell in placed.items():
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            target.text = cell.text
    d.save(str(path))


# writing and reading a .docx takes seconds on the shared machine: one report per template by default
_FAST = {"pingtan-2020", "hongze-2024"}


@pytest.mark.issue(3)
@pytest.mark.parametrize("name", [pytest.param(n, marks=[] if n in _FAST else [pytest.mark.slow])
                                  for n in table_golds()])
def test_docx_cells(name: str, tmp_path: Path) -> None:
    from auditor.ingest import load

    path = tmp_path / f"{name}.docx"
    write_docx(name, path)
    doc = load(path)
    assert doc.format == "docx" and doc.tables, "the DOCX reader returned no grids"
    report = extract_tables(report_of(doc))
    want = flat(gold(name)["tables"])
    wrong = [(k, v, report.cells[k].value if k in report.cells else "MISSING") for k, v in want.items()
             if k not in report.cells or not same(report.cells[k].value, v)]
    assert wrong == []
    assert sorted(set(report.cells) - set(want)) == []
