"""PDF text: characters → lines → columns → paragraphs, with page numbers and running heads removed.

The conventions that decide where a paragraph starts (heading and enumerator patterns, sentence-final
punctuation, page-number shapes) are data in ``corpora/layout/pdf.toml``, loaded by :func:`conventions`.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.ingest.normalize import normalize_chars
from auditor.resources import corpora_path

_WIDE_PUNCT = set("“”‘’—…·")
# Two lines whose middles are closer than this share a baseline (fraction of the font size).
_SAME_LINE = 0.45
# A gap wider than this (× font size) inside a line separates columns; justified text stays below 0.3.
_COLUMN_GAP = 1.0
# The outer share of the page height where page numbers and running heads live.
_MARGIN = 0.12


@dataclass(frozen=True, slots=True)
class Conventions:
    starts: tuple[re.Pattern[str], ...]
    page_marks: tuple[re.Pattern[str], ...]
    sentence_ends: str
    closers: str
    scripts: tuple[tuple[int, int], ...]
    meta_placeholders: frozenset[str]

    def in_scripts(self, ch: str) -> bool:
        cp = ord(ch[0])
        return any(lo <= cp <= hi for lo, hi in self.scripts)


@cache
def conventions() -> Conventions:
    """The conventions of ``corpora/layout/pdf.toml`` (its one loader)."""
    with corpora_path("layout", "pdf.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return Conventions(
        starts=tuple(re.compile(p) for p in data["paragraph_starts"]),
        page_marks=tuple(re.compile(p) for p in data["page_marks"]),
        sentence_ends=data["sentence_ends"],
        closers=data["closers"],
        scripts=tuple((int(lo), int(hi)) for lo, hi in data["report_scripts"]),
        meta_placeholders=frozenset(v.casefold() for v in data["meta_placeholders"]),
    )


UNMAPPED = "\ufffd"


def is_unmapped(text: str) -> bool:
    """A glyph the text layer gives no character for: pdfminer's ``(cid:N)``, U+FFFD, private use."""
    return text.startswith("(cid:") or text == UNMAPPED or "\ue000" <= text[:1] <= "\uf8ff"


def foreign_share(chars: Sequence[dict[str, Any]]) -> float:
    """Share of a page's characters outside the scripts of a Chinese report (raw glyph ids decode so)."""
    conv = conventions()
    seen = [c["text"] for c in chars if c["text"] and not c["text"].isspace()]
    if not seen:
        return 0.0
    return sum(1 for t in seen if not conv.in_scripts(t)) / len(seen)


@dataclass(slots=True)
class Line:
    """One line of text in one column; ``left``/``right`` are the bounds of the column it sits in."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int = 0
    left: float = 0.0
    right: float = 0.0
    chars: tuple[dict[str, Any], ...] = ()


def is_wide(ch: str) -> bool:
    """CJK ideographs, kana, full-width forms and CJK punctuation: no spaces between these."""
    return ord(ch) >= 0x2E80 or ch in _WIDE_PUNCT


def _join(a: str, b: str) -> str:
    if a and b and not is_wide(a[-1]) and not is_wide(b[0]) and a[-1].isalnum() and b[0].isalnum():
        return a + " " + b
    return a + b


def chars_to_lines(chars: Iterable[dict[str, Any]], page: int = 0) -> list[Line]:
    """Group characters on a shared baseline into lines, left to right; lines top to bottom."""
    ordered = sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    groups: list[list[dict[str, Any]]] = []
    anchor = 0.0
    for ch in ordered:
        mid = (ch["top"] + ch["bottom"]) / 2
        size = max(ch.get("size") or 0.0, 1.0)
        if groups and abs(mid - anchor) <= _SAME_LINE * size:
            groups[-1].append(ch)
        else:
            groups.append([ch])
            anchor = mid
    return [line for g in groups if (line := _make_line(g, page)) is not None]


def _make_line(chars: list[dict[str, Any]], page: int) -> Line | None:
    chars.sort(key=lambda c: c["x0"])
    out: list[str] = []
    kept: list[dict[str, Any]] = []
    pending_space = False
    prev: dict[str, Any] | None = None
    for ch in chars:
        t = ch["text"]
        if t.isspace():
            pending_space = True
            continue
        if prev is not None:
            if t == prev["text"] and abs(ch["x0"] - prev["x0"]) < 1.0:
                continue  # fake bold: the same glyph printed twice, a hair apart
            gap = ch["x0"] - prev["x1"]
            size = max(ch.get("size") or 0.0, 1.0)
            if gap > _COLUMN_GAP * size:
                out.append(" ")  # a tab stop or a table column without rules: keep the cells apart
            elif (pending_space or gap > 0.25 * size) and not is_wide(prev["text"][-1]) and not is_wide(t[0]):
                out.append(" ")
        out.append(t)
        kept.append(ch)
        prev = ch
        pending_space = False
    if not kept:
        return None
    sizes = sorted(c.get("size") or 0.0 for c in kept)
    return Line(text="".join(out), x0=min(c["x0"] for c in kept), x1=max(c["x1"] for c in kept),
                top=min(c["top"] for c in kept), bottom=max(c["bottom"] for c in kept),
                size=max(sizes[len(sizes) // 2], 1.0), page=page, chars=tuple(kept))


def join_lines(lines: Sequence[Line]) -> str:
    """The text of lines that belong together (a table cell): no breaks, no spaces between CJK."""
    text = ""
    for line in lines:
        text = _join(text, line.text)
    return text


# ---------------------------------------------------------------------------------------- columns
def segments(line: Line) -> list[tuple[float, float, str]]:
    """Pieces of a line separated by gaps wider than a column gap: (x0, x1, text)."""
    segs: list[tuple[float, float, str]] = []
    for ch in line.chars:
        if segs and ch["x0"] - segs[-1][1] <= _COLUMN_GAP * line.size:
            x0, x1, text = segs[-1]
            segs[-1] = (x0, max(x1, ch["x1"]), text + ch["text"])
        else:
            segs.append((ch["x0"], ch["x1"], ch["text"]))
    return segs


_NUMERIC = re.compile(r"^[\d.,，．%％\-—/／]+$")


def _prose_side(pieces: list[tuple[float, float, str, float]]) -> bool:
    """Pieces on one side of a candidate gutter read as a column of prose, not as table cells.

    Prose fills its column: most lines reach the column's right edge, and few pieces are numbers.
    A table without rules (labels left, numbers right) fails both.
    """
    if not pieces:
        return False
    numeric = sum(1 for _, _, text, _ in pieces if _NUMERIC.match(normalize_chars(text)))
    edge = max(x1 for _, x1, _, _ in pieces)
    full = sum(1 for _, x1, _, size in pieces if x1 >= edge - 2 * size)
    return numeric <= 0.3 * len(pieces) and full >= 0.4 * len(pieces)


def find_gutter(lines: Sequence[Line]) -> float | None:
    """The x of the gap between two text columns, or None for a single-column page.

    A gutter is a vertical band in the middle of the text that (almost) no line crosses, with whole
    lines on each side of it; a single-column page has most lines running through its middle.
    """
    if len(lines) < 6:
        return None
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    width = right - left
    if width < 100:
        return None
    lo, hi = int(left + 0.25 * width), int(left + 0.75 * width)
    cover = [0] * (hi - lo + 1)
    segs = [segments(ln) for ln in lines]
    for ss in segs:
        for a, b, _ in ss:
            for x in range(max(lo, int(a)), min(hi, int(b)) + 1):
                cover[x - lo] += 1
    limit = max(1, len(lines) // 10)
    best: tuple[int, int] | None = None
    start = None
    for i, n in enumerate([*cover, limit + 1]):
        if n <= limit and start is None:
            start = i
        elif n > limit and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < 8:
        return None
    gutter = lo + (best[0] + best[1]) / 2
    # Lines of the two columns often share baselines, so count pieces of lines on each side.
    on_left = [(a, b, t, ln.size) for ln, ss in zip(lines, segs, strict=True) for a, b, t in ss if b < gutter]
    on_right = [(a, b, t, ln.size) for ln, ss in zip(lines, segs, strict=True) for a, b, t in ss if a > gutter]
    if len(on_left) < 3 or len(on_right) < 3 or len(on_right) < 0.2 * len(lines):
        return None
    if not (_prose_side(on_left) and _prose_side(on_right)):
        return None
    return gutter


def reading_order(lines: list[Line], page_left: float, page_right: float) -> list[Line]:
    """Lines in reading order with their column bounds set: two-column bands left column first."""
    gutter = find_gutter(lines)
    if gutter is None:
        for ln in lines:
            ln.left, ln.right = page_left, page_right
        return lines
    out: list[Line] = []
    band: list[Line] = []

    def flush() -> None:
        left_parts: list[Line] = []
        right_parts: list[Line] = []
        for ln in band:
            lc = [c for c in ln.chars if (c["x0"] + c["x1"]) / 2 < gutter]
            rc = [c for c in ln.chars if (c["x0"] + c["x1"]) / 2 >= gutter]
            if lc and (part := _make_line(list(lc), ln.page)):
                left_parts.append(part)
            if rc and (part := _make_line(list(rc), ln.page)):
                right_parts.append(part)
        if left_parts:
            lb, rb = min(p.x0 for p in left_parts), max(p.x1 for p in left_parts)
            for p in left_parts:
                p.left, p.right = lb, rb
        if right_parts:
            lb, rb = min(p.x0 for p in right_parts), max(p.x1 for p in right_parts)
            for p in right_parts:
                p.left, p.right = lb, rb
        out.extend(left_parts)
        out.extend(right_parts)
        band.clear()

    for ln in lines:
        crosses = any(a < gutter - 2 and b > gutter + 2 for a, b, _ in segments(ln))
        if crosses:
            flush()
            ln.left, ln.right = page_left, page_right
            out.append(ln)
        else:
            band.append(ln)
    flush()
    return out


# ---------------------------------------------------------------------------------------- margins
def _squash(text: str) -> str:
    """White space removed and compatibility characters folded (a heading may be written ⼀、)."""
    return normalize_chars("".join(text.split()))


def is_page_mark(text: str) -> bool:
    t = _squash(text)
    return any(p.match(t) for p in conventions().page_marks)


def in_margin(line: Line, page_height: float) -> bool:
    return line.bottom < _MARGIN * page_height or line.top > (1 - _MARGIN) * page_height


def running_heads(pages: Sequence[tuple[float, Sequence[Line]]]) -> set[str]:
    """Texts (digits blanked) of margin lines repeated on at least half the pages, and on two or more."""
    if len(pages) < 2:
        return set()
    seen: dict[str, set[int]] = {}
    for i, (height, lines) in enumerate(pages):
        for ln in lines:
            if in_margin(ln, height):
                seen.setdefault(_head_key(ln), set()).add(i)
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, v in seen.items() if len(v) >= need and k}


def _head_key(line: Line) -> str:
    """Text with numbers blanked, and the font size: a title that repeats the running head is no head."""
    text = re.sub(r"\d+", "#", _squash(line.text))
    return f"{text}@{round(line.size)}" if text else ""


def drop_margins(lines: list[Line], page_height: float, heads: set[str]) -> list[Line]:
    """Lines without page numbers and running heads (only looked for in the page margins)."""
    return [ln for ln in lines
            if not (in_margin(ln, page_height) and (is_page_mark(ln.text) or _head_key(ln) in heads))]


# ---------------------------------------------------------------------------------------- paragraphs
def is_heading_start(text: str) -> bool:
    t = _squash(text)
    return any(p.match(t) for p in conventions().starts)


def ends_sentence(text: str) -> bool:
    conv = conventions()
    t = normalize_chars(text.rstrip()).rstrip(conv.closers)
    return bool(t) and t[-1] in conv.sentence_ends


def starts_paragraph(line: Line, prev: Line | None, pitch: float) -> bool:
    """Does ``line`` begin a new paragraph after ``prev`` (the line before it in reading order)?"""
    if prev is None:
        return True
    size = line.size
    if is_heading_start(line.text):
        return True
    if line.x0 - line.left > 1.2 * size:  # indented first line (or a centred title)
        return True
    prev_short = prev.x1 < prev.right - 1.5 * prev.size
    if prev_short and (ends_sentence(prev.text) or is_heading_start(prev.text) or prev.x1 < prev.right - 4 * prev.size):
        return True
    # a blank line between (same page and column, much more than the usual baseline distance)
    return prev.page == line.page and prev.left == line.left and 0 < pitch < (line.top - prev.top) / 1.7


def line_pitch(lines: Sequence[Line]) -> float:
    """The usual distance between consecutive baselines in one column (median)."""
    steps = sorted(b.top - a.top for a, b in itertools.pairwise(lines)
                   if a.page == b.page and a.left == b.left and 0 < b.top - a.top < 4 * a.size)
    return steps[len(steps) // 2] if steps else 0.0


@dataclass(slots=True)
class Paragraph:
    """Text of consecutive lines; ``breaks`` are (offset in text, page) where a new page begins."""

    text: str
    page: int
    breaks: list[tuple[int, int]]


def paragraphs(lines: Sequence[Line], pitch: float, prev: Line | None = None) -> list[Paragraph]:
    out: list[Paragraph] = []
    for ln in lines:
        if out and not starts_paragraph(ln, prev, pitch):
            para = out[-1]
            joined = _join(para.text, ln.text)
            if prev is not None and ln.page != prev.page:
                para.breaks.append((len(joined) - len(ln.text), ln.page))
            para.text = joined
        else:
            out.append(Paragraph(text=ln.text, page=ln.page, breaks=[]))
        prev = ln
    return out
