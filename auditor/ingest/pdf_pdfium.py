"""A page's characters and visible rules read through PDFium (pypdfium2, which pdfplumber itself ships).

pdfminer interprets content streams in pure Python at 6-9 pages per second on real reports; PDFium
does it in C++ some ten times faster.  This module returns the same plain records the pdfplumber path
produces (character dicts with ``text x0 x1 top bottom size`` in top-left coordinates, edge dicts in
pdfplumber's format), so everything after it is shared and both paths are tested on the same PDFs.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as R

from auditor.ingest.pdf_lines import foreign_share

# Above this share of characters outside a report's scripts, PDFium returned glyph ids, not text.
_FOREIGN = 0.3
_WHITE = 242  # 0-255 channel value from which a colour reads as white on paper
# A rule is straight to within this many points; longer slants are drawings, not rules.
_STRAIGHT = 0.8


def open_document(data: bytes) -> Any:
    return pdfium.PdfDocument(data)


class UnreadableText(Exception):
    """PDFium holds text objects on the page whose characters it cannot decode: use pdfminer."""


def read_page(doc: Any, index: int) -> tuple[float, list[dict[str, Any]], list[dict[str, Any]], int]:
    """(page height, characters, visible edges, number of images) of page ``index`` (0-based).

    Raises :class:`UnreadableText` when some text object yields no characters through PDFium (seen
    with non-embedded CID fonts written by reportlab: every line after the first of a text block), so
    that the caller reads the page with pdfminer instead of losing words.
    """
    page = doc[index]
    try:
        height = float(page.get_height())
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage.raw, height)
            edges, images, mute = _graphics(page, height, textpage.raw)
        finally:
            textpage.close()
        if mute:
            raise UnreadableText(f"{mute} text object(s) without decodable text")
        if len(chars) >= 10 and foreign_share(chars) > _FOREIGN:
            raise UnreadableText("most characters are raw glyph ids (no Unicode map)")
    finally:
        page.close()
    return height, chars, edges, images


def _chars(raw: Any, height: float) -> list[dict[str, Any]]:
    n = R.FPDFText_CountChars(raw)
    loose = R.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    out: list[dict[str, Any]] = []
    tight: list[tuple[float, float]] = []
    pending_high = 0
    for i in range(n):
        code = R.FPDFText_GetUnicode(raw, i)
        if 0xD800 <= code < 0xDC00:  # first half of a character beyond the BMP
            pending_high = code
            continue
        if 0xDC00 <= code < 0xE000 and pending_high:
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
        pending_high = 0
        if code in (0, 0xFFFE, 0xFFFF) or R.FPDFText_IsGenerated(raw, i) == 1:
            continue  # spaces and breaks PDFium invents; we rebuild spacing from positions
        text = chr(code)
        if text in "\r\n" or not R.FPDFText_GetLooseCharBox(raw, i, loose):
            continue
        # The loose box is the font's em box, whose height is what pdfplumber calls the size;
        # FPDFText_GetFontSize is not in points for producers that scale text by matrix (WPS).
        out.append({"text": text, "x0": loose.left, "x1": loose.right, "top": height - loose.top,
                    "bottom": height - loose.bottom, "size": float(loose.top - loose.bottom)})
        if R.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
            tight.append(((left.value + right.value) / 2, height - (top.value + bottom.value) / 2))
        else:
            tight.append(((loose.left + loose.right) / 2, height - (loose.top + loose.bottom) / 2))
    _repair_boxes(out, tight)
    return out


def _repair_boxes(chars: list[dict[str, Any]], centres: list[tuple[float, float]]) -> None:
    """Loose boxes many times the usual size (PDFium on stacked vertical labels) → a usual box at the glyph."""
    if not chars:
        return
    sizes = sorted(c["size"] for c in chars)
    usual = sizes[len(sizes) // 2]
    for ch, (cx, cy) in zip(chars, centres, strict=True):
        if max(ch["size"], ch["x1"] - ch["x0"]) > 3 * usual:
            half = usual / 2
            ch.update(x0=cx - half, x1=cx + half, top=cy - half, bottom=cy + half, size=usual)


# ---------------------------------------------------------------------------------------- graphics
def _matrix(obj: Any) -> tuple[float, float, float, float, float, float]:
    m = R.FS_MATRIX()
    if not R.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, float, float, float, float, float]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # the conventional names of a PDF matrix
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _is_white(getter: Any, obj: Any) -> bool | None:
    """True for white or transparent, False for a visible colour, None when there is no colour."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return None
    return a.value == 0 or min(r.value, g.value, b.value) >= _WHITE


def _visible(obj: Any) -> bool:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not R.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return False
    if stroke.value and _is_white(R.FPDFPageObj_GetStrokeColor, obj) is False:
        return True
    return bool(fill_mode.value) and _is_white(R.FPDFPageObj_GetFillColor, obj) is False


def _graphics(page: Any, height: float, textpage: Any) -> tuple[list[dict[str, Any]], int, int]:
    """Visible edges, the number of images and the number of text objects PDFium cannot decode."""
    edges: list[dict[str, Any]] = []
    images = mute = 0
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple[Any, tuple[float, ...]]] = []
    for i in range(R.FPDFPage_CountObjects(page.raw)):
        stack.append((R.FPDFPage_GetObject(page.raw, i), identity))
    while stack:
        obj, outer = stack.pop()
        kind = R.FPDFPageObj_GetType(obj)
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif kind == R.FPDF_PAGEOBJ_FORM:
            m = _compose(_matrix(obj), outer)
            for j in range(R.FPDFFormObj_CountObjects(obj)):
                stack.append((R.FPDFFormObj_GetObject(obj, j), m))
        elif kind == R.FPDF_PAGEOBJ_PATH and _visible(obj):
            edges.extend(_path_edges(obj, _compose(_matrix(obj), outer), height))
        elif kind == R.FPDF_PAGEOBJ_TEXT and R.FPDFTextObj_GetText(obj, textpage, None, 0) <= 2:
            mute += 1  # the length counts the terminating NUL: 2 bytes means no text
    return edges, images, mute


def _path_edges(obj: Any, m: tuple[float, ...], height: float) -> list[dict[str, Any]]:
    """The straight horizontal and vertical pieces of a path, as pdfplumber edges."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[dict[str, Any]] = []
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for i in range(R.FPDFPath_CountSegments(obj)):
        seg = R.FPDFPath_GetPathSegment(obj, i)
        if not R.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = R.FPDFPathSegment_GetType(seg)
        if kind == R.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if kind == R.FPDF_SEGMENT_LINETO and prev is not None:
            _add_edge(out, prev, point, height)
        prev = point
        if R.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_edge(out, point, start, height)
            prev = start
    return out


def _add_edge(out: list[dict[str, Any]], p: tuple[float, float], q: tuple[float, float], height: float) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= _STRAIGHT and abs(x0 - x1) > _STRAIGHT:
        top = height - (y0 + y1) / 2
        lo, hi = sorted((x0, x1))
        out.append({"object_type": "line", "orientation": "h", "x0": lo, "x1": hi, "top": top, "bottom": top,
                    "width": hi - lo, "height": 0.0})
    elif abs(x0 - x1) <= _STRAIGHT and abs(y0 - y1) > _STRAIGHT:
        x = (x0 + x1) / 2
        lo, hi = sorted((height - y0, height - y1))
        out.append({"object_type": "line", "orientation": "v", "x0": x, "x1": x, "top": lo, "bottom": hi,
                    "width": 0.0, "height": hi - lo})
