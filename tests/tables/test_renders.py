"""The other formats of the gold reports made by tests/fixtures/make_*_renders.py (DOCX, GBK HTML, a
PDF of the seed's tables, an unruled t3 in a PDF), read by the repository's readers: every gold cell of
the tables the render holds must come out right."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.structure.tables import extract_tables
from tests.tables._support import FIXTURES, flat, gold, report_of, same

RENDERS = FIXTURES / "renders"
# render → (gold report, the tables it holds)
CASES = {
    "huarong-xzspj-2020.docx": ("huarong-xzspj-2020", ("t2", "t3", "t4")),
    "huarong-xzspj-2020.pdf": ("huarong-xzspj-2020", ("t2", "t3", "t4")),
    "pingtan-2022.docx": ("pingtan-2022", ("t2", "t3", "t4")),
    "pingtan-2022.gbk.html": ("pingtan-2022", ("t2", "t3", "t4")),
    "huaian-unruled-t3.pdf": ("huaian-city-2024", ("t3",)),
}


@pytest.mark.issue(3)
@pytest.mark.parametrize("render", [pytest.param(r, marks=[pytest.mark.slow] if r.endswith(".pdf") else [])
                                    for r in CASES])
def test_render_cells(render: str) -> None:
    from auditor.ingest import load

    path = RENDERS / render
    if not path.exists():
        pytest.skip(f"{render} is not among the renders any more")
    name, kinds = CASES[render]
    report = extract_tables(report_of(load(Path(path))))
    want = {k: v for k, v in flat(gold(name)["tables"]).items() if k.split(".")[0] in kinds}
    wrong = [(k, v, report.cells[k].value if k in report.cells else "MISSING") for k, v in want.items()
             if k not in report.cells or not same(report.cells[k].value, v)]
    assert wrong == []
