"""PDF ingestion on the real PDFs of tests/fixtures/reports and on renders of real reports.

The renders (tests/fixtures/renders/*.pdf) come from tests/fixtures/make_pdf_renders.py.
"""

from __future__ import annotations

import difflib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from auditor.errors import CorruptFileError, EncryptedFileError
from auditor.ingest import load, load_bytes
from auditor.ingest.pdf_lines import conventions
from auditor.ingest.pdf_meta import decode_info_string, pdf_date
from auditor.model import Document, Table
from auditor.resources import table_spec
from tests.conftest import EXPECTED, FIXTURES, REPORTS

RENDERS = FIXTURES / "renders"
REAL = ["hongze-2023", "hongze-2024", "huaian-city-2024"]
T3_COLS = list(table_spec()["templates"]["2021"]["t3"]["columns"])
T4 = table_spec()["templates"]["2021"]["t4"]

_DOCS: dict[Path, Document] = {}


def doc_of(path: Path) -> Document:
    if path not in _DOCS:  # each PDF is parsed once for the whole module: PDF parsing is the slow part
        _DOCS[path] = load(path)
    return _DOCS[path]


def gold(name: str) -> dict[str, Any]:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------------------------- grid helpers
def _value(text: str) -> int | float | None:
    t = squash(text)
    if not t:
        return None
    return float(t) if "." in t else int(t)


def _deepest_label(row: tuple, n_labels: int) -> str:
    labels = [squash(c.text) for c in row[:n_labels] if squash(c.text)]
    return labels[-1] if labels else ""


def t3_table(doc: Document) -> Table:
    found = [t for t in doc.tables if any(squash(c.text) == "（七）总计" for row in t.rows for c in row)]
    assert len(found) == 1, f"{len(found)} tables hold （七）总计"
    return found[0]


def t3_mismatches(table: Table, gold_t3: dict[str, Any], template: str) -> list[str]:
    """Gold cells the grid does not hold; rows found in order by a loose match of their official label.

    Loose because real tables misprint labels (hongze: 2.其他法律行政止公开); the canonical key mapping
    proper is auditor.structure.tables' job, this only proves the grid holds the right values.
    """
    spec_rows = table_spec()["templates"]["2021"]["t3"]["rows"]
    n_labels = table.n_cols - len(T3_COLS)
    problems, i = [], 0
    for key, values in gold_t3.items():
        label = "（六）其他处理" if key == "other" else squash(spec_rows[key].split("/")[-1])
        j = i
        while j < table.n_rows and difflib.SequenceMatcher(
                None, label, _deepest_label(table.rows[j], n_labels)).ratio() < 0.75:
            j += 1
        if j == table.n_rows:
            problems.append(f"{key}: no row labelled like {label}")
            continue
        got = [_value(c.text) for c in table.rows[j][n_labels:]]
        want = [values.get(c) for c in T3_COLS]
        if got != want:
            problems.append(f"{key}: {got} != {want}")
        i = j + 1
    return problems


def t4_values(doc: Document) -> list[int | float | None]:
    found = [t for t in doc.tables if t.rows and squash(t.rows[0][0].text) == "行政复议"]
    assert len(found) == 1
    return [_value(c.text) for c in found[0].rows[-1]]


def gold_t4(tables: dict[str, Any]) -> list[Any]:
    return [tables["t4"][g][c] for g in T4["groups"] for c in T4["columns"]]


def grid_problems(doc: Document) -> list[str]:
    problems = []
    for t in doc.tables:
        for r, row in enumerate(t.rows):
            if len(row) != t.n_cols:
                problems.append(f"table {t.index} row {r} has {len(row)} cells, not {t.n_cols}")
            for c in row:
                if c.text != t.rows[c.origin[0]][c.origin[1]].text:
                    problems.append(f"table {t.index} ({r},{c.col}) differs from its origin")
                if c.is_origin and doc.original[c.start:c.end] != c.text:
                    problems.append(f"table {t.index} ({r},{c.col}) offsets hold {doc.original[c.start:c.end]!r}")
    return problems


def narrative_lines(doc: Document) -> list[str]:
    """Text lines outside tables, without the title block before 一、."""
    lines = [ln for ln in doc.text.splitlines() if " | " not in ln and ln.strip()]
    first = next(i for i, ln in enumerate(lines) if ln.startswith("一、"))
    return lines[first:]


# ---------------------------------------------------------------------------------------- real PDFs
@pytest.mark.parametrize("name", REAL)
def test_sections_in_order_with_their_bodies(name: str) -> None:
    doc = doc_of(REPORTS / f"{name}.pdf")
    flat = squash(doc.text).replace("|", "")
    at = 0
    for section in gold(name)["sections"]:
        heading = squash(section["heading"])
        pos = flat.find(heading, at)
        assert pos >= 0, f"heading {heading} not found after offset {at}"
        body = pos + len(heading)
        assert flat[body:].startswith(section["body_starts"]), (heading, flat[body:body + 20])
        at = body


@pytest.mark.parametrize("name", REAL)
def test_page_numbers_dropped_and_pages_located(name: str) -> None:
    doc = doc_of(REPORTS / f"{name}.pdf")
    marks = [ln for ln in doc.text.splitlines()
             if any(p.match(squash(ln)) for p in conventions().page_marks)]
    assert marks == []
    assert len(doc.pages) == doc.meta["pages"]
    assert list(doc.pages) == sorted(doc.pages) and doc.pages[0] == 0
    t3 = t3_table(doc)
    assert doc.page_of(t3.start) == t3.pages[0]


@pytest.mark.parametrize("name", REAL)
def test_lines_broken_by_layout_are_joined(name: str) -> None:
    """Every narrative line ends a sentence or is a heading: no line stops where the page margin was."""
    conv = conventions()
    bad = [ln for ln in narrative_lines(doc_of(REPORTS / f"{name}.pdf"))
           if not (ln.rstrip(conv.closers)[-1] in conv.sentence_ends
                   or any(p.match(squash(ln)) for p in conv.starts))]
    assert bad == []


@pytest.mark.parametrize("name", REAL)
def test_t3_is_one_stitched_table_with_the_gold_values(name: str) -> None:
    doc = doc_of(REPORTS / f"{name}.pdf")
    g = gold(name)
    t3 = t3_table(doc)
    assert len(t3.pages) == 2  # the table runs over a page break in all three reports
    assert t3.n_cols == 3 + len(T3_COLS)
    labels = [_deepest_label(row, 3) for row in t3.rows]
    assert labels.index("一、本年新收政府信息公开申请数量") < labels.index("四、结转下年度继续办理")
    assert t3_mismatches(t3, g["tables"]["t3"], g["template"]) == []
    cells = {squash(c.text) for row in t3.rows for c in row}
    assert "（四）无法提供" in cells and "（四）无" not in cells  # huaian cuts this label at the page break
    # the table's text is not repeated as paragraphs
    assert squash(doc.text).count("一、本年新收政府信息公开申请数量") == 1


@pytest.mark.parametrize("name", REAL)
def test_t4_and_grids(name: str) -> None:
    doc = doc_of(REPORTS / f"{name}.pdf")
    assert t4_values(doc) == gold_t4(gold(name)["tables"])
    assert grid_problems(doc) == []
    # a page frame around narrative text is not a table: only t2, t3, t4
    assert len(doc.tables) == 3


@pytest.mark.parametrize("name", REAL)
def test_metadata_decoded(name: str) -> None:
    doc = doc_of(REPORTS / f"{name}.pdf")
    created = re.search(r"CreationDate (\d{4}-\d{2}-\d{2})", gold(name)["notes"])
    assert created and doc.meta["creation_date"] == created.group(1)
    assert "政府信息公开工作年度报告" in doc.meta["title"]
    assert all("ÿþ" not in str(v) for v in doc.meta.values())


def test_info_strings_and_dates() -> None:
    text = "洪泽区人民政府"
    assert decode_info_string(b"\xff\xfe" + text.encode("utf-16-le")) == text
    assert decode_info_string(b"\xfe\xff" + text.encode("utf-16-be")) == text
    assert pdf_date("D:20240226144123+06'41'") == "2024-02-26"
    assert pdf_date("garbage") is None


# ---------------------------------------------------------------------------------------- renders
def test_render_with_ruled_tables_and_a_table_cut_by_a_page_break() -> None:
    doc = doc_of(RENDERS / "huarong-xzspj-2020.pdf")
    g = gold("huarong-xzspj-2020")
    t3 = t3_table(doc)
    assert len(t3.pages) == 2
    assert t3_mismatches(t3, g["tables"]["t3"], g["template"]) == []
    cells = {squash(c.text) for row in t3.rows for c in row}
    assert "（四）无法提供" in cells and "（四）无" not in cells  # the label the break cut is whole again
    assert sum(squash(c.text) == "申请人情况" for row in t3.rows for c in row if c.is_origin) == 1
    assert t4_values(doc) == gold_t4(g["tables"])
    assert grid_problems(doc) == []
    # the running head is dropped from every page; the same words as the title stay once
    assert squash(doc.text).count("华容区行政审批局2020年政府信息公开工作年度报告") == 1
    assert not re.search(r"^-\s*\d+\s*-$", doc.text, re.M)


def test_render_table_without_rules_becomes_a_table() -> None:
    doc = doc_of(RENDERS / "huaian-unruled-t3.pdf")
    t3 = t3_table(doc)
    assert t3.n_cols == 1 + len(T3_COLS)
    assert [squash(c.text) for c in t3.rows[0][1:]] == ["自然人", "商业企业", "科研机构", "社会公益组织",
                                                       "法律服务机构", "其他", "总计"]  # a header wrapped in lines
    assert t3_mismatches(t3, gold("huaian-city-2024")["tables"]["t3"], "2021") == []
    assert grid_problems(doc) == []
    labels = [squash(row[0].text) for row in t3.rows]  # a label wrapped in its cell stays one label
    assert "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in labels


def test_render_two_columns_read_column_by_column() -> None:
    doc = doc_of(RENDERS / "huarong-two-column.pdf")
    flat = squash(doc.text)
    source = (REPORTS / "huarong-xzspj-2020.txt").read_text(encoding="utf-8").splitlines()
    start = source.index("一、总体情况")
    paragraphs = [squash(ln) for ln in source[start:start + 9]]
    positions = [flat.find(p) for p in paragraphs]
    assert -1 not in positions, [p[:10] for p, at in zip(paragraphs, positions, strict=True) if at < 0]
    assert positions == sorted(positions)


def test_render_without_text_layer_is_a_finding() -> None:
    doc = doc_of(RENDERS / "scanned-no-text.pdf")
    assert doc.text == ""
    [finding] = doc.findings
    assert (finding.code, finding.severity, finding.status) == ("ingest.no_text_layer", "error", "fail")


def test_render_with_kangxi_radicals_and_fullwidth_digits() -> None:
    doc = doc_of(RENDERS / "kangxi-radicals.pdf")
    assert "⼀" in doc.original and "２０２０" in doc.original
    assert len(doc.text) == len(doc.original)
    lines = doc.text.splitlines()
    assert "一、总体情况" in lines and "二、主动公开政府信息情况" in lines
    assert any(ln.startswith("(一)机构设置基本情况") for ln in lines)  # a heading written (⼀) still starts a line
    assert "2020年度" in doc.text and "法人和其他社会组织" in doc.text


def test_render_without_unicode_map_is_a_finding() -> None:
    doc = doc_of(RENDERS / "no-unicode-map.pdf")
    [finding] = doc.findings
    assert (finding.code, finding.severity, finding.data["pages"]) == ("ingest.text_layer_unmapped", "error", [1])
    assert "(cid:" not in doc.text and set(squash(doc.text)) == {"\ufffd"}
    # PDFium returns glyph ids as if they were characters; the page goes to pdfminer, which knows better
    assert doc.meta["pdf_reader"] == "pdfium; pdfplumber for page(s) 1"


def test_cjk_radicals_supplement_folded() -> None:
    assert "部门" in doc_of(RENDERS / "kangxi-radicals.pdf").text


def test_renders_stay_small() -> None:
    for pdf in RENDERS.glob("*.pdf"):
        assert pdf.stat().st_size < 200_000, pdf.name


def _canvas_pdf(draw: Any, pages: int = 1) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page in range(pages):
        c.setFont("STSong-Light", 10)
        draw(c, page)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_table_without_rules_keeps_label_and_numbers_apart() -> None:
    rows = table_spec()["templates"]["2021"]["t3"]["rows"]
    labels = [rows["new_received"], rows["carried_over"]]

    def draw(c: Any, _: int) -> None:
        for i, label in enumerate(labels):
            c.drawString(60, 700 - 16 * i, label)
            for k in range(7):
                c.drawRightString(330 + 30 * k, 700 - 16 * i, str(k + i))

    lines = load_bytes(_canvas_pdf(draw), "unruled.pdf").text.splitlines()
    assert [ln.split(" ")[0] for ln in lines] == labels
    assert [ln.split(" ")[1:] for ln in lines] == [[str(k + i) for k in range(7)] for i in range(2)]


def test_image_only_page_among_text_pages_is_a_warning() -> None:
    from reportlab.lib.utils import ImageReader

    def draw(c: Any, page: int) -> None:
        if page == 1:
            c.drawImage(ImageReader(_tiny_png()), 60, 60, width=300, height=400)
        else:
            c.drawString(60, 700, "一、总体情况")

    doc = load_bytes(_canvas_pdf(draw, pages=3), "mixed.pdf")
    [finding] = doc.findings
    assert finding.code == "ingest.pages_without_text" and finding.data["pages"] == [2]


def _tiny_png() -> io.BytesIO:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (40, 40), 128).save(buf, format="PNG")
    buf.seek(0)
    return buf


# ---------------------------------------------------------------------------------------- readers
ALL_PDFS = sorted(REPORTS.glob("*.pdf")) + sorted(RENDERS.glob("*.pdf"))


@pytest.mark.parametrize("path", ALL_PDFS, ids=lambda p: p.stem)
def test_pdfium_and_pdfplumber_read_alike(path: Path) -> None:
    """The fast path (PDFium, with pdfminer for pages it cannot decode) gives pdfplumber's document."""
    from auditor.config import IngestSettings
    from auditor.ingest.pdf import load_pdf

    data = path.read_bytes()
    fast = load_pdf(data, path.name, IngestSettings(), reader="auto")
    slow = load_pdf(data, path.name, IngestSettings(), reader="pdfplumber")
    assert slow.meta["pdf_reader"] == "pdfplumber" and fast.meta["pdf_reader"].startswith("pdfium")
    assert fast.text == slow.text
    assert fast.pages == slow.pages
    assert [t.rows for t in fast.tables] == [t.rows for t in slow.tables]
    assert [f.code for f in fast.findings] == [f.code for f in slow.findings]


def test_pages_pdfium_cannot_decode_go_to_pdfminer() -> None:
    # reportlab writes STSong-Light without embedding it; PDFium decodes only the first line of each
    # multi-line table cell, so those pages must be read by pdfminer
    # (with a system CJK font installed, e.g. fonts-noto-cjk, PDFium reads those pages whole; the test
    # test_pdfium_and_pdfplumber_read_alike checks the result equals pdfminer's reading either way)
    doc = doc_of(RENDERS / "huarong-xzspj-2020.pdf")
    assert doc.meta["pdf_reader"] in {"pdfium", "pdfium; pdfplumber for page(s) 3, 4"}


# ---------------------------------------------------------------------------------------- bad input
def _encrypted(user: str) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption(user, ownerPassword="owner"))
    c.drawString(100, 700, "2023 report")
    c.save()
    return buf.getvalue()


def test_encrypted_pdf() -> None:
    with pytest.raises(EncryptedFileError, match=r"E104 locked\.pdf"):
        load_bytes(_encrypted("secret"), "locked.pdf")
    assert "2023 report" in load_bytes(_encrypted(""), "open.pdf").text  # empty user password opens


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_truncated_pdf(cut: float) -> None:
    data = (REPORTS / "hongze-2023.pdf").read_bytes()
    with pytest.raises(CorruptFileError, match=r"E103 cut\.pdf"):
        load_bytes(data[: int(len(data) * cut)], "cut.pdf")


def test_page_limit_reads_the_first_pages_with_a_warning() -> None:
    doc = load(REPORTS / "hongze-2023.pdf", {"max_pdf_pages": 2})
    assert doc.meta["pages"] == 5 and doc.meta["pages_read"] == 2 and len(doc.pages) == 2
    assert [f.code for f in doc.findings] == ["ingest.pdf_page_limit"]
    assert "一、总体情况" in doc.text and "五、存在的主要问题" not in doc.text


@pytest.mark.parametrize("angle", [90, 180])
def test_pages_with_a_rotate_entry_read_the_same(angle: int) -> None:
    """Viewers turn a /Rotate page before display; the text and the tables must come out unchanged."""
    import pypdfium2 as pdfium

    src = REPORTS / "hongze-2023.pdf"
    pdf = pdfium.PdfDocument(src)
    for i in range(len(pdf)):
        pdf[i].set_rotation(angle)
    buf = io.BytesIO()
    pdf.save(buf)
    turned, plain = load_bytes(buf.getvalue(), "turned.pdf"), load(src)
    assert turned.text == plain.text
    assert [[c.text for row in t.rows for c in row] for t in turned.tables] == \
        [[c.text for row in t.rows for c in row] for t in plain.tables]
