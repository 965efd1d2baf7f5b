"""Agency, year and publication date: gold reports exactly, page snippets of 30+ agencies by rate."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from auditor.ingest import load
from auditor.structure.dates import parse_date
from auditor.structure.metadata import extract_metadata
from tests.conftest import FIXTURES, gold_cases, gold_ids
from tests.structure._support import skip_without_reader, structured, structured_text

PAGES = FIXTURES / "pages"


@pytest.mark.parametrize(("path", "gold"), gold_cases(), ids=gold_ids())
def test_gold_metadata(path: Path, gold: dict) -> None:
    skip_without_reader(path)
    report = structured(path)
    assert (report.agency, report.year, report.published) == (gold["agency"], gold["year"], gold["published"])


@pytest.mark.parametrize(("path", "gold"), gold_cases(), ids=gold_ids())
def test_absent_values_are_named_in_findings(path: Path, gold: dict) -> None:
    skip_without_reader(path)
    report = structured(path)
    codes = {f.code for f in report.findings}
    for name in ("agency", "year", "published"):
        assert (getattr(report, name) is None) == (f"structure.no_{name}" in codes)


def test_pdf_metadata_date_is_not_published() -> None:
    """PDFs carry creation dates in their metadata; the report prints none, so published stays null."""
    path = next(p for p, g in gold_cases() if p.suffix == ".pdf" and g["published"] is None)
    skip_without_reader(path)
    report = structured(path)
    assert report.published is None
    assert any(isinstance(v, str) and v[:2] in {"19", "20"} for v in report.meta.values())


def _manifest() -> list[dict[str, str]]:
    with (PAGES / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_page_snippets_year_and_agency_rate() -> None:
    """First ~750 chars of other agencies' reports (mirrors, spam, traditional characters).

    Year: the manifest's year (or none where it says 未见).  Agency: exact, or the name as the snippet
    writes it (a suffix of the full name, "桂花坪街道" for 长沙市天心区桂花坪街道办事处) counts as partial.
    """
    rows = _manifest()
    year_ok = exact = partial = wrong = 0
    for row in rows:
        doc = load(PAGES / row["file"])
        md = extract_metadata(doc.text, doc.meta)
        want_year = int(row["year"]) if row["year"].isdigit() else None
        year_ok += md.year == want_year
        want = row["agency"].split("(")[0]
        got = md.agency or ""  # mirrors print traditional characters: ingestion reads them as simplified
        if got == want:
            exact += 1
        elif got and (got in want or want in got):
            partial += 1
        elif got:
            wrong += 1
    n = len(rows)
    assert year_ok / n >= 0.9, year_ok
    assert (exact + partial) / n >= 0.65, (exact, partial)
    # a name we give must be the agency's: never silently a wrong one
    assert wrong <= 1, wrong


def test_traditional_mirrors_name_the_agency_in_simplified_characters() -> None:
    rows = [r for r in _manifest() if "繁体" in r["agency"]]
    assert len(rows) == 3
    for row in rows:
        doc = load(PAGES / row["file"])
        assert "ingest.traditional_script" in [f.code for f in doc.findings]
        assert extract_metadata(doc.text, doc.meta).agency == row["agency"].split("(")[0]
    # a simplified page is never converted
    assert not [r for r in _manifest() if "繁体" not in r["agency"]
                and any(f.code == "ingest.traditional_script" for f in load(PAGES / r["file"]).findings)]


def test_signature_date_is_published_when_the_page_header_is_gone() -> None:
    """A scrape without its page header: the date signed under the report is its date."""
    path = next(p for p, g in gold_cases() if p.stem == "pingtanxian-2011")
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith(("发布时间", "标题")))
    report = structured_text(text)
    last = report.sections[-1]
    signed = re.search(r"[〇○零一二三四五六七八九]{4}年\S{1,3}月\S{1,3}日", text[last.end :])
    assert signed is not None
    assert report.published == parse_date(signed.group(0))
    assert report.meta["structure"]["sources"]["published"] == "signature date"


def test_date_inside_a_sentence_is_not_a_signature() -> None:
    path = next(p for p, g in gold_cases() if p.stem == "pingtan-2022")
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("发布时间"))
    report = structured_text(text + "2023年2月1日，我区召开会议部署工作。")
    assert report.published is None
