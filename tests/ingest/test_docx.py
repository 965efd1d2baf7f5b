"""DOCX ingestion on Word renders of real reports; zip-bomb guard; legacy .doc/.wps conversion."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from auditor.config import IngestSettings
from auditor.errors import ConverterMissingError, EncryptedFileError, ZipBombError
from auditor.ingest import load, load_bytes
from auditor.ingest.docx import check_zip
from auditor.ingest.office import find_converter
from tests.conftest import EXPECTED, FIXTURES
from tests.ingest.grid_gold import gold_t4, grid_is_consistent, t3_mismatches, t3_table, t4_values

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
    for table, (lo, hi) in zip(doc.tables, zip(starts[1:4], starts[2:5], strict=True), strict=True):
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


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


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
