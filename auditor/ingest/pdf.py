"""PDF reports → :class:`~auditor.model.Document`.

pdfminer (through pdfplumber) opens the file: it names encryption and damage and decodes the document
info.  The pages are read by PDFium (:mod:`pdf_pdfium`, some five times faster on real reports) into
characters and visible rules, or by pdfplumber for any page PDFium cannot decode; both feed the same
code.  Each page becomes text lines and ruled tables (:mod:`pdf_lines`, :mod:`pdf_tables`) and is
closed at once, so memory holds one page of parser objects at a time.  Across pages we then drop page
numbers and running heads, stitch tables cut by page breaks, turn runs of aligned numbers into tables
(:mod:`pdf_unruled`) and rebuild the paragraphs whose lines the layout split.

Choices: a PDF longer than ``max_pdf_pages`` is read up to that page with a warning finding (a report
with a long annex is still a report); a PDF with no text layer, or whose text layer has no Unicode,
gives a document and an error finding (``ingest.no_text_layer``, ``ingest.text_layer_unmapped``), not
an exception, so a batch lists it among the audited files with its reason.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from auditor.config import IngestSettings
from auditor.errors import CorruptFileError, EncryptedFileError
from auditor.ingest.layout import TextBuilder
from auditor.ingest.pdf_lines import (
    UNMAPPED,
    Line,
    chars_to_lines,
    drop_margins,
    is_unmapped,
    line_pitch,
    paragraphs,
    reading_order,
    running_heads,
)
from auditor.ingest.pdf_meta import read_info
from auditor.ingest.pdf_tables import RawTable, find_tables, source_rows, stitch, tables_from
from auditor.ingest.pdf_unruled import split_unruled
from auditor.model import Document, Finding

__all__ = ["READERS", "load_pdf"]

READERS = ("auto", "pdfium", "pdfplumber")

_STAGE = "ingest"
# Above this share of glyphs without a character, the text layer is unreadable as a whole.
_UNMAPPED_SHARE = 0.2


@dataclass(slots=True)
class PageContent:
    """What one page holds once its pdfminer objects are gone."""

    no: int
    height: float
    lines: list[Line]
    tables: list[RawTable]
    n_chars: int
    n_images: int
    n_unmapped: int = 0


def load_pdf(data: bytes, path: str, cfg: IngestSettings, reader: str = "auto") -> Document:
    """Read a PDF report: text in reading order, tables as grids, metadata, findings for what is missing.

    ``reader`` picks who interprets the pages: ``pdfium`` (fast), ``pdfplumber`` (pdfminer, pure
    Python) or ``auto`` (PDFium, and pdfplumber for any page PDFium cannot read).  pdfminer always
    opens the file: it names encryption and damage precisely and decodes the document info.
    """
    if reader not in READERS:
        raise ValueError(f"reader must be one of {READERS}. Got {reader!r} instead")
    pdf = _open(data, path)
    fast = None
    findings: list[Finding] = []
    try:
        fast = _open_pdfium(data) if reader in ("auto", "pdfium") else None
        if reader == "pdfium" and fast is None:
            raise CorruptFileError(path, "PDFium cannot open it")
        try:
            n_pages = len(pdf.pages)
            meta = read_info(pdf.doc.info)
        except Exception as exc:  # the page tree or the info dictionary is broken
            raise CorruptFileError(path, f"cannot read the page tree: {_reason(exc)}") from None
        if n_pages == 0:
            raise CorruptFileError(path, "the PDF has no pages")
        limit = min(n_pages, cfg.max_pdf_pages) if cfg.max_pdf_pages else n_pages  # 0: no limit
        if limit < n_pages:
            findings.append(Finding(
                code="ingest.pdf_page_limit", severity="warning", status="note", stage=_STAGE,
                message=f"the PDF has {n_pages} pages; only the first {limit} were read (max_pdf_pages)",
                data={"pages": n_pages, "read": limit}))
        pages: list[PageContent] = []
        unreadable: list[int] = []
        by_pdfminer: list[int] = []
        for i in range(limit):
            if fast is not None:
                try:
                    pages.append(_read_page_pdfium(fast, i))
                    continue
                except MemoryError:
                    raise
                except Exception:  # PDFium failed on this page: pdfminer may still read it
                    if reader == "pdfium":
                        unreadable.append(i + 1)
                        continue
            by_pdfminer.append(i + 1)
            page = pdf.pages[i]
            try:
                pages.append(_read_page(page, i + 1))
            except MemoryError:
                raise
            except Exception as exc:  # one damaged content stream must not cost the other pages
                if i == 0 and limit == 1:
                    raise CorruptFileError(path, f"page 1 cannot be read: {_reason(exc)}") from None
                unreadable.append(i + 1)
            finally:
                page.close()
    finally:
        pdf.close()
        if fast is not None:
            fast.close()
    if not pages:
        raise CorruptFileError(path, "no page can be read")
    if unreadable:
        findings.append(Finding(
            code="ingest.pdf_page_unreadable", severity="warning", status="cannot_verify", stage=_STAGE,
            message=f"page(s) {_pages(unreadable)} could not be read (damaged content)",
            data={"pages": unreadable}))
    findings.extend(_text_layer_findings(pages))
    meta.update({"pages": n_pages, "pages_read": len(pages), "pdf_reader": _reader_note(fast, by_pdfminer)})
    return _assemble(pages, path, meta, findings)


# ---------------------------------------------------------------------------------------- opening
def _open(data: bytes, path: str) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        name = type(inner).__name__
        if "Password" in name or "Encrypt" in name:
            raise EncryptedFileError(path, "it needs a password to open") from None
        raise CorruptFileError(path, f"not a readable PDF: {_reason(inner)}") from None


def _reader_note(fast: Any, by_pdfminer: list[int]) -> str:
    """Which reader interpreted the pages, for whoever wonders why a page reads differently."""
    if fast is None:
        return "pdfplumber"
    if not by_pdfminer:
        return "pdfium"
    return f"pdfium; pdfplumber for page(s) {_pages(by_pdfminer)}"


def _open_pdfium(data: bytes) -> Any:
    try:
        from auditor.ingest.pdf_pdfium import open_document

        return open_document(data)
    except Exception:  # not installed, or the file is beyond it: pdfminer reads every page instead
        return None


def _reason(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    text = str(inner) or type(inner).__name__
    return f"{type(inner).__name__}: {text}"[:200]


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")


# ---------------------------------------------------------------------------------------- one page
def _read_page(page: Any, no: int) -> PageContent:
    return _content(no, float(page.height), page.chars, find_tables(page, no), len(page.images))


def _read_page_pdfium(doc: Any, index: int) -> PageContent:
    from auditor.ingest.pdf_pdfium import read_page

    height, chars, edges, images = read_page(doc, index)
    no = index + 1
    return _content(no, height, chars, tables_from(edges, chars, no), images)


def _content(no: int, height: float, chars: list[dict[str, Any]], tables: list[RawTable], images: int) -> PageContent:
    """The page's tables, and its text lines made of the characters outside them."""
    unmapped = 0
    for ch in chars:
        if is_unmapped(ch["text"]):
            ch["text"] = UNMAPPED  # one mark per glyph, not pdfminer's "(cid:123)"
            unmapped += 1
    boxes = [(t.x0 - 1, t.top - 1, t.x1 + 1, t.bottom + 1) for t in tables]
    free = []
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes):
            free.append(ch)
    return PageContent(no=no, height=height, lines=chars_to_lines(free, no), tables=tables,
                       n_chars=sum(1 for c in chars if not c["text"].isspace()), n_images=images,
                       n_unmapped=unmapped)


def _text_layer_findings(pages: list[PageContent]) -> list[Finding]:
    if all(p.n_chars == 0 for p in pages):
        return [Finding(
            code="ingest.no_text_layer", severity="error", status="fail", stage=_STAGE,
            message=f"no text layer: the {len(pages)} page(s) hold only images (a scan); it needs OCR",
            data={"pages": len(pages), "images": sum(p.n_images for p in pages)})]
    n_chars = sum(p.n_chars for p in pages)
    unmapped = sum(p.n_unmapped for p in pages)
    if unmapped > _UNMAPPED_SHARE * n_chars:
        return [Finding(
            code="ingest.text_layer_unmapped", severity="error", status="fail", stage=_STAGE,
            message=f"{unmapped} of {n_chars} characters have no Unicode in the text layer (fonts without a "
                    "ToUnicode map); the text cannot be read without OCR",
            data={"unmapped": unmapped, "chars": n_chars,
                  "pages": [p.no for p in pages if p.n_unmapped > _UNMAPPED_SHARE * max(p.n_chars, 1)]})]
    blank = [p.no for p in pages if p.n_chars == 0 and p.n_images]
    if blank:
        return [Finding(
            code="ingest.pages_without_text", severity="warning", status="cannot_verify", stage=_STAGE,
            message=f"page(s) {_pages(blank)} are images without a text layer; their content is not read",
            data={"pages": blank})]
    return []


# ---------------------------------------------------------------------------------------- document
def _assemble(pages: list[PageContent], path: str, meta: dict[str, Any], findings: list[Finding]) -> Document:
    heads = running_heads([(p.height, p.lines) for p in pages])
    all_lines = [ln for p in pages for ln in p.lines]
    left, right = _text_bounds(all_lines)
    items: list[Line | RawTable] = []
    for p in pages:
        for block in _page_blocks(p, heads, left, right):
            prev = items[-1] if items else None
            if isinstance(block, RawTable) and isinstance(prev, RawTable):
                joined = stitch(prev, block)
                if joined is not None:
                    items[-1] = joined
                    continue
            items.append(block)
    pitch = line_pitch([i for i in items if isinstance(i, Line)])
    builder = TextBuilder(path=path, format="pdf")
    starts: dict[int, int] = {}

    def mark(page: int, offset: int) -> None:
        for q in range(1, page + 1):
            starts.setdefault(q, offset)

    run: list[Line] = []

    def flush() -> None:
        for para in paragraphs(run, pitch):
            text = para.text.strip()
            mark(para.page, builder.length)
            start, _ = builder.add_paragraph(text)
            for off, page in para.breaks:
                mark(page, start + off)
        run.clear()

    for item in items:
        if isinstance(item, Line):
            run.append(item)
            continue
        flush()
        mark(item.first_page, builder.length)
        table = builder.add_table(source_rows(item), pages=item.pages)
        for page in item.pages[1:]:
            offsets = [c.start for row in table.rows for c in row if c.page == page and c.is_origin]
            mark(page, min(offsets) if offsets else table.start)
    flush()
    offsets, last = [], builder.length
    for q in range(len(pages), 0, -1):  # pages with no content begin where the next one does
        last = min(starts.get(q, last), last)
        offsets.append(last)
    builder.pages = offsets[::-1]
    builder.findings.extend(findings)
    return builder.document(meta)


def _text_bounds(lines: list[Line]) -> tuple[float, float]:
    """Left and right margins of the body text: robust to centred titles and hanging punctuation."""
    if not lines:
        return 0.0, 0.0
    xs0 = sorted(ln.x0 for ln in lines)
    xs1 = sorted(ln.x1 for ln in lines)
    return xs0[len(xs0) // 20], xs1[min(len(xs1) - 1, len(xs1) * 9 // 10)]


def _page_blocks(p: PageContent, heads: set[str], left: float, right: float) -> list[Line | RawTable]:
    """The page's lines (without margins) and tables, ruled or not, in reading order."""
    lines = drop_margins(p.lines, p.height, heads)
    blocks: list[Line | RawTable] = []
    rest = lines
    for t in p.tables:
        above = [ln for ln in rest if ln.top < t.top]
        rest = [ln for ln in rest if ln.top >= t.top]
        blocks.extend(split_unruled(reading_order(above, left, right), p.no))
        blocks.append(t)
    blocks.extend(split_unruled(reading_order(rest, left, right), p.no))
    return blocks
