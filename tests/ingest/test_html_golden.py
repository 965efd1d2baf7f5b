"""The HTML reader's output pinned down, so speed work on it (and on layout.py) cannot change a byte.

The hashes cover each page's text and every GridCell (text, offsets, origin) of its tables.  When a
change to HTML ingestion is *meant* to change the output, check the new text and grids by eye, then
update the hash with the value the failing assertion prints.
"""

from __future__ import annotations

import hashlib
import random

import pytest
from lxml import etree

from auditor.ingest import load
from auditor.ingest.html import _parse
from auditor.ingest.html_meta import element_text as _text
from auditor.ingest.layout import SourceCell, TextBuilder, expand_spans
from auditor.model import Document
from tests.conftest import FIXTURES, REPORTS

GOLDEN = {
    REPORTS / "shuyang-fgj-2023.html": "ed5b63cf44314b595ad6",
    FIXTURES / "renders" / "pingtan-2022.gbk.html": "ef3aab13e4ddf0b62e4a",
}


def _digest(doc: Document) -> str:
    h = hashlib.sha256(doc.text.encode("utf-8"))
    for table in doc.tables:
        h.update(repr((table.index, table.start, table.end, table.rows)).encode("utf-8"))
    return h.hexdigest()[:20]


@pytest.mark.parametrize("path", list(GOLDEN), ids=lambda p: p.name)
def test_html_output_is_unchanged(path):
    assert _digest(load(path)) == GOLDEN[path]


def test_string_value_equals_itertext():
    """_text reads an element's XPath string value; it must equal the itertext join it replaced."""
    root = _parse((REPORTS / "shuyang-fgj-2023.html").read_text(encoding="utf-8"), "p.html")
    for el in root.iter():
        expected = "".join(el.itertext())
        assert _text(el) == expected, etree.tostring(el)[:200]  # (html_meta and the HTML reader share it)


def _reference_expand(rows):
    """expand_spans as first written (dict grid, setdefault per slot): the oracle for the faster one."""
    grid = {}
    n_cols = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            rs, cs = max(1, min(cell.rowspan, 500)), max(1, min(cell.colspan, 100))
            for dr in range(rs):
                for dc in range(cs):
                    grid.setdefault((r + dr, c + dc), (cell.text, (r, c), cell.page))
            c += cs
            n_cols = max(n_cols, c)
    n_rows = max(max((r for r, _ in grid), default=-1) + 1, len(rows))
    return [[grid.get((r, c), ("", (r, c), None)) for c in range(n_cols)] for r in range(n_rows)]


def _reference_table(rows):
    """add_table's offsets as first written (one _emit per piece), for the same oracle."""
    parts, pos, cells_out = [], 0, []
    origin_span = {}
    for r, row in enumerate(_reference_expand(rows)):
        for c, (text, origin, _page) in enumerate(row):
            if c:
                parts.append(" | ")
                pos += 3
            flat = " ".join(text.split())
            if origin == (r, c) or origin not in origin_span:
                parts.append(flat)
                origin_span.setdefault(origin, (pos, pos + len(flat)))
                span = (pos, pos + len(flat))
                pos += len(flat)
            else:
                span = origin_span[origin]
            cells_out.append((r, c, flat, span, origin))
        parts.append("\n")
        pos += 1
    return "".join(parts), cells_out


def test_expand_spans_and_add_table_match_the_reference():
    rnd = random.Random(20261130)
    for _ in range(400):
        rows = [[SourceCell(rnd.choice(["", "a", " x  y ", "12\n3", "总计"]), rowspan=rnd.choice([1, 1, 1, 2, 3, 0, -1]),
                            colspan=rnd.choice([1, 1, 1, 2, 4, 0]), page=rnd.choice([None, 2]))
                 for _ in range(rnd.randint(0, 5))] for _ in range(rnd.randint(0, 6))]
        assert expand_spans(rows) == _reference_expand(rows)
        builder = TextBuilder(path="t", format="pdf")
        table = builder.add_table(rows)
        text, cells = _reference_table(rows)
        assert "".join(builder.parts) == text and builder.length == len(text) == table.end
        assert [(g.row, g.col, g.text, (g.start, g.end), g.origin) for row in table.rows for g in row] == cells


def _reference_without_links(el):
    """_without_links as first written (an ancestor walk per node): the oracle for the stack version."""
    parts = []
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag != "a" and not any(a.tag == "a" for a in node.iterancestors()) and node.text:
            parts.append(node.text)
        if node.tail and node is not el and not any(a.tag == "a" for a in node.iterancestors()):
            parts.append(node.tail)
    return "".join("".join(parts).split())


def test_text_without_links_matches_the_reference():
    from auditor.ingest.html import _without_links

    items = "".join(f"<li>第{i}条<a href='/n{i}.html'>新闻<b>标题</b>{i}</a> 说明 {i}<!--c--><span>尾<a>链</a>注</span></li>"
                    for i in range(20))
    page = f"<html><body><div>前言<!--k-->正文<ul>{items}</ul><a>全文</a>结尾<p>信息<i>公开</i></p></div></body></html>"
    root = etree.fromstring(page, etree.HTMLParser())  # comments kept: the reader's parser drops them
    for el in root.iter():
        assert _without_links(el) == _reference_without_links(el), etree.tostring(el)[:120]
