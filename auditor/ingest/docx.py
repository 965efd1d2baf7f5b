"""Word .docx: paragraphs and tables in body order, merged cells expanded, core properties as metadata.

The archive is checked before anything is decompressed (a DOCX is a ZIP, and a ZIP can be a bomb).
We read the body XML ourselves rather than through ``Document.paragraphs`` / ``Document.tables``,
which lose the order of paragraphs relative to tables, and python-docx's cell model repeats merged
cells without saying which one is the origin.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from auditor.config import IngestSettings
from auditor.errors import CorruptFileError, ZipBombError
from auditor.ingest.docx_numbering import Numbering
from auditor.ingest.layout import SourceCell, TextBuilder
from auditor.ingest.page_meta import MetaCollector, heading_hits
from auditor.model import Document, Finding

__all__ = ["check_zip", "load_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RATIO_FLOOR = 1 << 20  # entries smaller than 1 MiB expanded cannot hurt, whatever their ratio
_MAX_ENTRIES = 10_000
_REPORT_WORDS = ("年度报告", "年报", "工作报告")
_MIN_TEXT = 50  # fewer non-space characters than this is no report
_MAX_CELL_CHARS = 200  # a data table's cells are labels and numbers; longer cells mean a layout table


def check_zip(data: bytes, path: str, cfg: IngestSettings) -> None:
    """Refuse archives whose declared sizes expand too far (zipfile enforces the declared sizes on read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(path, f"broken ZIP container ({exc})") from None
    if len(infos) > _MAX_ENTRIES:
        raise ZipBombError(path, f"{len(infos)} entries, the limit is {_MAX_ENTRIES}")
    total = sum(i.file_size for i in infos)
    if total > cfg.max_docx_uncompressed:
        raise ZipBombError(path, f"expands to {total / 2**20:.0f} MiB, the limit is "
                                 f"{cfg.max_docx_uncompressed / 2**20:.0f} MiB")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > cfg.max_docx_ratio:
            raise ZipBombError(path, f"entry {info.filename} expands {ratio:.0f} times, the limit is "
                                     f"{cfg.max_docx_ratio}")


def load_docx(data: bytes, path: str, cfg: IngestSettings | None = None) -> Document:
    """Read a .docx into a Document (format ``docx``)."""
    cfg = IngestSettings.resolve(cfg)
    check_zip(data, path, cfg)
    import docx  # python-docx; imported here so text/HTML runs never pay for it

    document = docx.Document(io.BytesIO(data))
    builder = TextBuilder(path=path, format="docx")
    numbering = Numbering.of(document)
    first_lines: list[str] = []
    for kind, el in _body_blocks(document.element.body):
        if kind == "p":
            text = _paragraph_text(el)
            if text.strip():
                text = numbering.label(el) + text
            builder.add_paragraph(text)
            if text.strip() and len(first_lines) < 5:
                first_lines.append(" ".join(text.split()))
        else:
            _add_table(builder, el, numbering)
    meta = _core_meta(document)
    reportish = [t for t in first_lines if any(w in t for w in _REPORT_WORDS) and len(t) < 80]
    meta["title"] = (reportish or [meta.get("core_title")])[0]
    collector = MetaCollector()
    text = "".join(builder.parts)
    collector.scan_text(text[:3000], "text")
    body = document.element.body
    images = len(body.findall(f".//{_W}drawing")) + len(body.findall(f".//{_W}pict"))
    if len("".join(text.split())) < _MIN_TEXT and images:
        builder.findings.append(Finding(
            code="ingest.no_text_layer", severity="error", status="fail", stage="ingest",
            message=f"no text: the Word document holds {images} image(s) and no report text (a scan pasted "
                    "into Word); it needs OCR",
            data={"images": images}))
    return builder.document(collector.into(meta))


def _add_table(builder: TextBuilder, tbl: Any, numbering: Numbering) -> None:
    """A data table becomes a grid; a layout table (the whole report boxed in a table) flows as text."""
    rows = _table_rows(tbl)
    if _is_layout(tbl, rows):
        for tr in tbl.iterchildren(f"{_W}tr"):
            for tc in _row_cells(tr):
                for kind, el in _body_blocks(tc):
                    if kind == "p":
                        text = _paragraph_text(el)
                        builder.add_paragraph(numbering.label(el) + text if text.strip() else text)
                    else:
                        _add_table(builder, el, numbering)
        return
    builder.add_table(rows)


def _is_layout(tbl: Any, rows: list[list[SourceCell]]) -> bool:
    if tbl.find(f".//{_W}tc//{_W}tbl") is not None:
        return True
    cells = [c for row in rows for c in row]
    if len(cells) < 2:
        return True
    long = [c for c in cells if len("".join(c.text.split())) > _MAX_CELL_CHARS]
    if not long:
        return False
    if any(len(c.text) > 5 * _MAX_CELL_CHARS or heading_hits(c.text) >= 2 for c in long):
        return True
    # a note row (注：…) under many short cells is still a data table
    return len(cells) < 9 or len(long) > max(1, len(cells) // 20)


def _body_blocks(parent: Any) -> Iterator[tuple[str, Any]]:
    """Paragraphs and tables of the body in order; content controls (w:sdt) and w:customXml opened."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield "p", child
        elif tag == f"{_W}tbl":
            yield "tbl", child
        elif tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}sdtContent"):
            inner = child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child
            if inner is not None:
                yield from _body_blocks(inner)


def _paragraph_text(p: Any) -> str:
    """Runs' text with tabs and breaks; alternate-content fallbacks skipped (they duplicate text boxes)."""
    out: list[str] = []
    stack = [p]
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == _MC_FALLBACK:
            continue
        if tag == f"{_W}t":
            out.append(el.text or "")
        elif tag == f"{_W}tab":
            out.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
        stack.extend(reversed(list(el)))
    return "".join(out)


def _cell_text(tc: Any) -> str:
    lines: list[str] = []
    for el in tc.iter(f"{_W}p"):
        text = " ".join(_paragraph_text(el).split())
        if text:
            lines.append(text)
    return _join_cjk(lines)


def _join_cjk(lines: list[str]) -> str:
    """A label the author wrapped inside its cell ('总' / '计') is one label: no space between CJK lines."""
    out = ""
    for line in lines:
        if out and not (_is_cjk(out[-1]) and _is_cjk(line[0])):
            out += " "
        out += line
    return out


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\uf900" <= ch <= "\ufaff"


def _int_attr(el: Any, child: str) -> int:
    node = el.find(child) if el is not None else None
    if node is None:
        return 0
    try:
        return int(node.get(f"{_W}val", "0"))
    except ValueError:
        return 0


def _row_cells(tr: Any) -> Iterator[Any]:
    for child in tr.iterchildren():
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            inner = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if inner is not None:
                yield from _row_cells(inner)


def _table_rows(tbl: Any) -> list[list[SourceCell]]:
    """w:gridSpan → colspan, w:vMerge restart/continue → rowspan on the restart cell."""
    # (grid column, colspan, text, vmerge state) per row
    rows: list[list[tuple[int, int, str, str | None]]] = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        tr_pr = tr.find(f"{_W}trPr")
        col = _int_attr(tr_pr, f"{_W}gridBefore")
        entries = []
        for tc in _row_cells(tr):
            tc_pr = tc.find(f"{_W}tcPr")
            span = max(1, _int_attr(tc_pr, f"{_W}gridSpan"))
            vmerge = None
            vm = tc_pr.find(f"{_W}vMerge") if tc_pr is not None else None
            if vm is not None:
                vmerge = "restart" if vm.get(f"{_W}val") == "restart" else "continue"
            entries.append((col, span, _cell_text(tc), vmerge))
            col += span
        rows.append(entries)
    out: list[list[SourceCell]] = []
    for r, entries in enumerate(rows):
        row: list[SourceCell] = []
        expected = 0
        for col, span, text, vmerge in entries:
            if col > expected:  # w:gridBefore: empty grid columns before the first cell
                row.extend(SourceCell("") for _ in range(col - expected))
            expected = col + span
            if vmerge == "continue" and _continues(rows, r, col):
                continue  # covered by the restart cell above
            rowspan = 1
            if vmerge == "restart":
                while r + rowspan < len(rows) and _merged_below(rows[r + rowspan], col):
                    rowspan += 1
            row.append(SourceCell(text, rowspan=rowspan, colspan=span))
        out.append(row)
    return out


def _merged_below(entries: list[tuple[int, int, str, str | None]], col: int) -> bool:
    return any(c == col and vm == "continue" for c, _, _, vm in entries)


def _continues(rows: list[list[tuple[int, int, str, str | None]]], r: int, col: int) -> bool:
    """A 'continue' cell is covered only when a restart (or continue) sits at the same column above."""
    return r > 0 and any(c == col and vm is not None for c, _, _, vm in rows[r - 1])


def _core_meta(document: Any) -> dict[str, Any]:
    props = document.core_properties
    meta: dict[str, Any] = {}
    for key, attr in (("core_title", "title"), ("author", "author"), ("created", "created"),
                      ("modified", "modified"), ("last_modified_by", "last_modified_by")):
        value = getattr(props, attr, None)
        if value is None or value == "":
            continue
        meta[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return meta
