"""Tables are found by their own anchors, not by section numbers or narrative that mentions them."""

from __future__ import annotations

import dataclasses
import time

import pytest

from auditor.structure.tables import extract_tables
from auditor.structure.tables.text_source import find_regions
from tests.tables._support import document, flat, gold, report_of, same, source, table_golds

TEXT_GOLDS = [n for n in table_golds() if source(n).suffix == ".txt"]


@pytest.mark.parametrize("name", TEXT_GOLDS)
def test_regions_in_order(name: str) -> None:
    regions = find_regions(document(name).text)
    assert set(regions) == {"t2", "t3", "t4"}
    assert regions["t2"][0] < regions["t3"][0] < regions["t4"][0]
    assert "第二十条" in document(name).text[regions["t2"][0] : regions["t2"][0] + 30]


def test_narrative_about_reviews_is_not_the_t4_table() -> None:
    """A sentence naming 行政复议 and 结果维持 before the tables must not be read as t4."""
    doc = document("pingtan-2022")
    at = doc.text.index("一、总体情况")
    text = doc.text[:at] + "本年度发生行政复议2起，结果维持1起，结果纠正1起。" + doc.text[at:]
    report = extract_tables(report_of(dataclasses.replace(doc, text=text, original=text)))
    want = flat(gold("pingtan-2022")["tables"])
    assert all(same(report.cells[k].value, v) for k, v in want.items())


@pytest.mark.parametrize("name", ["pingtan-2014", "pingtan-2011"])
def test_legacy_reports_have_no_tables_and_do_not_crash(name: str) -> None:
    report = extract_tables(report_of(document(name)))
    assert report.cells == {}
    assert [f for f in report.findings if f.code.startswith("tables.")] == []


@pytest.mark.parametrize("name", [*TEXT_GOLDS, "shuyang-fgj-2023"])
def test_a_few_ms_per_report(name: str) -> None:
    """CPU time of the whole stage (warm), with a wide margin for a shared 2-core machine."""
    report = report_of(document(name))
    extract_tables(report)
    t = time.process_time()
    for _ in range(5):
        extract_tables(report)
    assert (time.process_time() - t) / 5 < 0.05
