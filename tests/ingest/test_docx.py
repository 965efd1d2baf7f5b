"""DOCX ingestion on Word renders of real reports; zip-bomb guard; legacy .doc/.wps conversion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.config import IngestSettings
from auditor.errors import ConverterMissingError, EncryptedFileError, ZipBombError
from auditor.ingest import load, load_bytes
from auditor.ingest.docx import check_zip
from auditor.ingest.office import find_converter
from tests.conftest import EXPECTED, FIXTURES
from tests.ingest.grid_gold import gold_t4, grid_is_consistent, t3_mismatches, t3_table, t4_values
from tests.ingest.zipfiles import make_zip as _zip

RENDERS = FIXTURES / "renders"
NAMES = ["huarong-xzspj-2020", "pingtan-2022"]


def _gold(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=NAMES)
def case(request):
    return load(RENDERS / f"{request.param}.docx"), _gold(request.param)


def test_format_and_core_properties(case):
    doc, gold = case
    assert doc.format == "docx"
    assert doc.meta["author"] == gold["agency"]
    assert doc.meta["title"].startswith(gold["agency"])
    assert doc.meta["created"][:4].isdigit()
    assert doc.meta["published_candidates"] == []  # file dates are not publication dates


def test_body_order_headings_and_tables(case):
    doc, gold = case
    starts = [doc.text.find(s["heading"]) for s in gold["sections"]]
    assert -1 not in starts and starts == sorted(starts)
    # t2, t3, t4 each sit between their own heading and the next one
    assert len(doc.tables) == 3
    bounds = [(starts[1], starts[2]), (starts[2], starts[3]), (starts[3], starts[4])]
    for table, (lo, hi) in zip(doc.tables, bounds, strict=True):
        assert lo < table.start < table.end <= hi


def test_t3_and_t4_grids_hold_gold(case):
    doc, gold = case
    assert t3_mismatches(t3_table(doc), gold["tables"]["t3"], gold["template"]) == []
    assert t4_values(doc) == gold_t4(gold)


def test_merged_cells_expanded(case):
    doc, _ = case
    assert grid_is_consistent(doc) == []
    t3 = t3_table(doc)
    assert t3.n_cols == 10
    org = [c for c in t3.rows[1] if c.text == "法人或其他组织"]  # gridSpan=5
    assert len(org) == 5 and len({c.origin for c in org}) == 1
    outcome = [row[0] for row in t3.rows if row[0].text == "三、本年度办理结果"]  # vMerge down the outcome rows
    assert len(outcome) >= 20 and len({c.origin for c in outcome}) == 1
    note = t3.rows[2][0]  # the 勾稽关系 note spans 3 rows × 3 columns
    assert note.text.startswith("（本列数据") and note.origin == (0, 0)


def test_zip_bomb_by_ratio():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (8 << 20)})
    assert len(bomb) < 100_000
    with pytest.raises(ZipBombError) as err:
        load_bytes(bomb, "bomb.docx")
    assert err.value.code == "E106" and "word/document.xml" in str(err.value)


def test_zip_bomb_by_total_size():
    data = (RENDERS / "pingtan-2022.docx").read_bytes()
    check_zip(data, "ok.docx", IngestSettings.resolve(None))  # the real render passes
    with pytest.raises(ZipBombError):
        check_zip(data, "small-limit.docx", IngestSettings.resolve({"max_docx_uncompressed": 10_000}))


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole(*stream_names: str) -> bytes:
    """Enough of a compound file for sniffing: the magic and directory entry names (UTF-16LE)."""
    return _OLE + b"\0" * 504 + b"".join(n.encode("utf-16-le") + b"\0" * 8 for n in stream_names) + b"\0" * 512


def test_legacy_word_without_converter(monkeypatch):
    monkeypatch.setattr("auditor.ingest.office.find_converter", lambda: None)
    with pytest.raises(ConverterMissingError) as err:
        load_bytes(_ole("Root Entry", "WordDocument", "1Table"), "old.doc")
    assert err.value.code == "E107" and "LibreOffice" in str(err.value) and "old.doc" in str(err.value)


def test_encrypted_office_file():
    with pytest.raises(EncryptedFileError):
        load_bytes(_ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), "locked.docx")


@pytest.mark.slow
@pytest.mark.skipif(find_converter() is None, reason="LibreOffice is not installed")
def test_legacy_word_converted(tmp_path):  # pragma: no cover - needs LibreOffice
    import subprocess

    src = RENDERS / "pingtan-2022.docx"
    subprocess.run([find_converter(), "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)],
                   check=True, timeout=180, capture_output=True)
    doc = load(tmp_path / "pingtan-2022.doc")
    gold = _gold("pingtan-2022")
    assert doc.format == "doc"
    assert t3_mismatches(t3_table(doc), gold["tables"]["t3"], gold["template"]) == []


def test_report_boxed_in_a_layout_table(tmp_path):
    """Some agencies put the whole report in a one-cell table: its text flows, its inner tables stay grids."""
    from tests.fixtures.make_office_renders import write_docx

    doc = load(write_docx("pingtan-2022", tmp_path / "boxed.docx", boxed=True))
    gold = _gold("pingtan-2022")
    starts = [doc.text.find(s["heading"] + "\n") for s in gold["sections"]]
    assert -1 not in starts and starts == sorted(starts)
    assert len(doc.tables) == 3
    assert t3_mismatches(t3_table(doc), gold["tables"]["t3"], gold["template"]) == []


def test_rtf_goes_to_the_converter(monkeypatch):
    monkeypatch.setattr("auditor.ingest.office.find_converter", lambda: None)
    with pytest.raises(ConverterMissingError):
        load_bytes(b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl} \\par 2023\\'c4\\'ea}", "report.doc")


def _fake_soffice(tmp_path: Path, body: str) -> str:
    """A stand-in for LibreOffice with soffice's command line, to test the conversion plumbing."""
    import stat
    import sys

    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\nimport pathlib, shutil, sys, time\nargs = sys.argv[1:]\n"
                      "outdir = pathlib.Path(args[args.index('--outdir') + 1])\nsrc = pathlib.Path(args[-1])\n"
                      + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_conversion_plumbing_with_a_stand_in(tmp_path, monkeypatch):
    render = RENDERS / "pingtan-2022.docx"
    soffice = _fake_soffice(tmp_path, f"assert '--headless' in args and args[args.index('--convert-to') + 1] == 'docx'\n"
                                      f"shutil.copy({str(render)!r}, outdir / (src.stem + '.docx'))\n")
    monkeypatch.setattr("auditor.ingest.office.find_converter", lambda: soffice)
    doc = load_bytes(_ole("Root Entry", "WordDocument"), "old.wps")
    gold = _gold("pingtan-2022")
    assert doc.format == "doc" and doc.meta["converted_by"] == "libreoffice"
    assert t3_mismatches(t3_table(doc), gold["tables"]["t3"], gold["template"]) == []


def test_conversion_timeout_and_failure(tmp_path, monkeypatch):
    import time

    from auditor.errors import CorruptFileError

    monkeypatch.setattr("auditor.ingest.office.find_converter", lambda: _fake_soffice(tmp_path, "time.sleep(60)\n"))
    t0 = time.perf_counter()
    with pytest.raises(CorruptFileError) as err:
        load_bytes(_ole("Root Entry", "WordDocument"), "slow.doc", {"convert_timeout_s": 1})
    assert time.perf_counter() - t0 < 10 and "within 1 s" in str(err.value)
    monkeypatch.setattr("auditor.ingest.office.find_converter",
                        lambda: _fake_soffice(tmp_path, "sys.stderr.write('Error: source file could not be loaded')\n"))
    with pytest.raises(CorruptFileError) as err:
        load_bytes(_ole("Root Entry", "WordDocument"), "broken.doc")
    assert "could not be loaded" in str(err.value)


def test_word_list_numbers_are_written_into_the_text(tmp_path):
    """Headings numbered by a Word list (一、 drawn from numbering.xml, not typed) keep their numbers."""
    import docx as python_docx

    from tests.fixtures.make_office_renders import write_docx

    path = write_docx("pingtan-2022", tmp_path / "numbered.docx", numbered=True)
    gold = _gold("pingtan-2022")
    typed = [p.text for p in python_docx.Document(str(path)).paragraphs if p.style.name == "Heading 2"]
    assert typed[0] == "总体情况"  # the number is not in the runs
    doc = load(path)
    starts = [doc.text.find("\n" + s["heading"] + "\n") for s in gold["sections"]]
    assert -1 not in starts and starts == sorted(starts)


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCountingThousand", "十二"),
    (20, "chineseCounting", "二十"), (3, "decimal", "3"), (2, "decimalEnclosedCircle", "②"),
    (3, "ideographTraditional", "丙"), (4, "lowerRoman", "iv"), (2, "upperLetter", "B"),
])
def test_number_formats(n, fmt, expected):
    from auditor.ingest.docx_numbering import format_number

    assert format_number(n, fmt) == expected


def test_list_levels_and_restarts():
    """'%1、' at level 0 and '（%2）' at level 1: sub-items restart under each new heading."""
    from lxml import etree

    from auditor.ingest.docx_numbering import Numbering

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    numbering = etree.fromstring(
        f'<w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    num = Numbering(numbering, None)

    def para(ilvl: int) -> etree._Element:
        return etree.fromstring(f'<w:p xmlns:w="{w}"><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/>'
                                '<w:numId w:val="5"/></w:numPr></w:pPr></w:p>')

    labels = [num.label(para(i)) for i in (0, 1, 1, 2, 0, 1)]
    assert labels == ["一、", "（一）", "（二）", "", "二、", "（一）"]
    assert num.label(etree.fromstring(f'<w:p xmlns:w="{w}"/>')) == ""


def test_scan_pasted_into_word_is_a_finding(tmp_path):
    """A report that is only a picture in Word: a document with an error finding, not a crash or a guess."""
    import docx as python_docx
    from PIL import Image

    png = tmp_path / "page.png"
    Image.new("RGB", (40, 60), "white").save(png)
    d = python_docx.Document()
    d.add_picture(str(png))
    d.save(str(tmp_path / "scan.docx"))
    doc = load(tmp_path / "scan.docx")
    assert [f.code for f in doc.findings] == ["ingest.no_text_layer"]
    assert doc.findings[0].severity == "error"
