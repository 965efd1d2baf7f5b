"""HTML pages: decode, find the report among the page furniture, keep tables as grids.

A government page holds the report inside navigation, breadcrumbs, metadata tables, share buttons,
scripts and footers.  We drop the furniture we can name (tags, class/id words, copyright lines), then
take the smallest DOM block holding (nearly) all of the report's section headings; pages without such
headings fall back to the block with the densest paragraph text.  Inside the article, block tags end
lines and inline tags do not (Word-exported headings are split over ``<font>``/``<span>`` runs), leaf
tables of short cells become :class:`~auditor.model.Table` grids, and layout tables flow as text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from lxml import etree

from auditor.errors import NotAReportError
from auditor.ingest.layout import SourceCell, TextBuilder
from auditor.ingest.page_meta import (
    MetaCollector,
    cue_text,
    cues,
    heading_hits,
    is_date_label,
    is_furniture_line,
    is_organ_label,
)
from auditor.ingest.text import declared_charset, decode
from auditor.model import Document

__all__ = ["load_html"]

# tags that start and end a line; everything else (span, font, o:p, a, b…) is inline.  ucapcontent is
# the content wrapper of a widespread government CMS.
_BLOCK = frozenset(
    ("address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div",
     "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html",
     "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
     "thead", "tr", "ul", "ucapcontent")
)
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# a source line break between two CJK characters is a wrap of the HTML source, not a space
_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v\xa0]*\n\s*(?=[{_CJK}])")
_SPACE = re.compile(r"\s+")
_MAX_CELL_CHARS = 200  # a data table's cells are labels and numbers; longer cells mean a layout table
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def load_html(data: bytes, path: str) -> Document:
    """Read an HTML page into a Document; raise NotAReportError when it holds no report."""
    text = decode(data, path, declared_charset(data))
    root = _parse(text, path)
    meta = _page_meta(root)
    _drop_furniture(root)
    article = _find_article(root, path)
    builder = TextBuilder(path=path, format="html")
    _Walker(builder).block(article)
    return builder.document(meta)


def _parse(text: str, path: str) -> etree._Element:
    # plain etree elements: lxml.html's element-class lookup costs more than the parse itself
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise NotAReportError(path, f"no HTML content ({exc})") from None
    if root is None:
        raise NotAReportError(path, "no HTML content")
    return root


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


# --- metadata -------------------------------------------------------------------------------------


def _page_meta(root: etree._Element) -> dict[str, Any]:
    """Title, publication-date candidates and publishing organ, from tags, metadata tables and text."""
    c = cues()
    collector = MetaCollector()
    titles: list[str] = []
    for h in root.iter("h1"):
        titles.append(_flat(_text(h)))
    for m in root.iter("meta"):
        name = m.get("name") or m.get("property") or m.get("http-equiv") or ""
        content = m.get("content") or ""
        if name in c.title_meta:
            titles.append(_flat(content))
        collector.pair(name, content, "meta")
    for t in root.iter("title"):
        titles.append(_flat(_text(t)))
    # metadata tables: 名称 | … | 发布机构 | 沭阳县发展和改革局 | 公开日期 | 2024-01-17
    for td in _label_cells(root):
        label = _flat(_text(td))
        if len(label) <= 12 and (is_date_label(label) or is_organ_label(label)):
            value = td.getnext()
            while value is not None and value.tag not in ("td", "th"):
                value = value.getnext()
            if value is not None:
                collector.pair(label, _flat(_text(value)), "table")
    # "发布时间：2024-01-17" lines; scripts and styles would only add noise
    collector.scan_text("".join(_VISIBLE_TEXT(root)), "page")
    titles = [t for t in titles if t]
    meta: dict[str, Any] = {"titles": titles}
    reportish = [t for t in titles if any(w in t for w in ("年度报告", "年报", "工作报告"))]
    meta["title"] = (reportish or titles or [None])[0]
    return collector.into(meta)


_VISIBLE_TEXT = etree.XPath("//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")


@cache
def _label_xpath() -> etree.XPath:
    """Table cells containing a metadata label, found by libxml2 rather than by a Python loop."""
    c = cues()
    # the last two characters of each label (日期, 时间, 机构, 来源…): few tests, a superset of the labels
    keys = sorted({lab[-2:] for lab in (*c.date_labels, *c.organ_labels) if not lab.isascii()})
    test = " or ".join(f"contains(., '{k}')" for k in keys)
    return etree.XPath(f"//td[string-length(.) < 40][{test}] | //th[string-length(.) < 40][{test}]")


def _label_cells(root: etree._Element) -> list[etree._Element]:
    return list(_label_xpath()(root))


def _flat(s: str) -> str:
    return _SPACE.sub(" ", s).strip()


# --- furniture and article ------------------------------------------------------------------------


def _drop(el: etree._Element) -> None:
    """Remove ``el`` but keep its tail text (the text after it belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


@cache
def _furniture_xpaths() -> tuple[etree.XPath, etree.XPath]:
    tags = " | ".join(f"//{t}" for t in sorted(cues().drop_tags))
    marked = "//*[@class or @id] | //*[contains(@style, 'none') or contains(@style, 'hidden')]"
    return etree.XPath(tags), etree.XPath(marked)


def _drop_furniture(root: etree._Element) -> None:
    c = cues()
    by_tag, marked = _furniture_xpaths()
    doomed = list(by_tag(root))
    for el in marked(root):
        attrs = f"{el.get('class', '')} {el.get('id', '')}"
        furniture = (attrs.strip() and c.furniture_attr.search(attrs)) or _HIDDEN.search(el.get("style", ""))
        # never drop a block that holds the report itself (a content div with an unlucky class name)
        if furniture and heading_hits(_text(el)) < 2:
            doomed.append(el)
    for el in doomed:
        _drop(el)


def _lowest_blocks(root: etree._Element) -> list[etree._Element]:
    """Block elements with no block inside (paragraphs, cells, list items): one pass, amortised O(n)."""
    blocks = [el for el in root.iter() if isinstance(el.tag, str) and el.tag in _BLOCK]
    has_block: set[etree._Element] = set()
    for el in blocks:
        for anc in el.iterancestors():
            if anc in has_block:
                break
            has_block.add(anc)
    return [el for el in blocks if el not in has_block and el.tag != "table"]


def _find_article(root: etree._Element, path: str) -> etree._Element:
    c = cues()
    body = root.find("body")
    if body is None:
        body = root
    # which heading cues each lowest block holds
    hits: list[tuple[etree._Element, set[int]]] = []
    for el in _lowest_blocks(body):
        flat = cue_text(_text(el))
        if len(flat) <= 2:
            continue
        found = {i for i, p in enumerate(c.heading) if p.search(flat)}
        # a heading is a short line; a long block counts only when it holds several headings itself
        # (a report set with <br> in one <div>), not when its prose merely mentions the words
        if found and (len(flat) < 200 or len(found) >= 2):
            hits.append((el, found))
    total = set().union(*(f for _, f in hits)) if hits else set()
    article: etree._Element | None = None
    if len(total) >= 2:
        need = max(2, -(-len(total) * 3 // 4))  # the block must hold ~3/4 of the distinct headings
        cover: dict[etree._Element, set[int]] = {}
        depth: dict[etree._Element, int] = {}
        for el, found in hits:
            for anc in el.iterancestors():
                cover.setdefault(anc, set()).update(found)
            cover.setdefault(el, set()).update(found)
        for el in cover:
            depth[el] = sum(1 for _ in el.iterancestors())
        good = [el for el, f in cover.items() if len(f) >= need]
        article = max(good, key=lambda e: (depth[e], len(cover[e])))
    else:
        article = _densest(body)
    if len(total) < 2:
        flat = cue_text(_without_links(article))  # a home page links to reports without being one
        words = sum(1 for w in c.report_words if w in flat)
        if len(flat) < c.min_report_chars or "信息公开" not in flat or words < 2:
            files = _attachments(body)
            if files:
                raise NotAReportError(path, f"the page holds no report text; it links attachment(s) {', '.join(files[:3])}")
            raise NotAReportError(path, f"no report headings and no report wording in {len(flat)} characters of page text")
    return article


_ATTACHMENT = re.compile(r"\.(?:pdf|docx?|wps|ofd)(?:$|[?#])", re.I)


def _attachments(body: etree._Element) -> list[str]:
    """Linked report files (the page is a stub whose report is an attachment)."""
    out = []
    for a in body.iter("a"):
        href = a.get("href") or ""
        if _ATTACHMENT.search(href):
            out.append(_flat(_text(a)) or href.rsplit("/", 1)[-1])
    return out


def _without_links(el: etree._Element) -> str:
    """The element's text without the text of its links, white space removed."""
    parts = []
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag != "a" and not any(a.tag == "a" for a in node.iterancestors()) and node.text:
            parts.append(node.text)
        if node.tail and node is not el and not any(a.tag == "a" for a in node.iterancestors()):
            parts.append(node.tail)
    return "".join("".join(parts).split())


def _densest(body: etree._Element) -> etree._Element:
    """Readability-style fallback: the parent of the most paragraph text, links discounted."""
    score: dict[etree._Element, float] = {}
    for el in _lowest_blocks(body):
        text = _flat(_text(el))
        links = sum(len(_flat(_text(a))) for a in el.iter("a"))
        n = len(text) - 2 * links
        if n < 20:
            continue
        parent = el.getparent()
        if parent is not None:
            score[parent] = score.get(parent, 0.0) + n
            grand = parent.getparent()
            if grand is not None:
                score[grand] = score.get(grand, 0.0) + n / 2
    if not score:
        return body
    return max(score, key=lambda e: score[e])


# --- walking the article --------------------------------------------------------------------------


def _span(value: str | None) -> int:
    if value is None:
        return 1
    if value.isdigit():
        return max(1, int(value))
    m = re.match(r"\s*(\d+)", value)
    return max(1, int(m.group(1))) if m else 1


def _is_furniture_block(el: etree._Element) -> bool:
    """A short copyright / share / print line, or a block of mostly links (related-article lists)."""
    # read at most ~150 characters: most blocks are long containers and need no full text here
    parts, n = [], 0
    for t in el.itertext():
        parts.append(t)
        n += len(t.strip())
        if n >= 150:
            break
    if n == 0:
        return False
    if n < 150:
        text = _flat("".join(parts))
        if any(w in text for w in cues().furniture_text) and heading_hits(text) == 0:
            return True
    anchors = el.findall(".//a")
    if len(anchors) >= 3:
        text = _flat(_text(el))
        link_chars = sum(len(_flat(_text(a))) for a in anchors)
        return link_chars > 0.6 * len(text) and heading_hits(text) == 0
    return False


# a cell with at most one block inside (Word's <td><p>…</p></td>) reads as one line of its string value
_CELL_BLOCKS = etree.XPath("count(.//p | .//div | .//br | .//li | .//table | .//h1 | .//h2 | .//h3 | .//h4)")


def _inline_text(el: etree._Element) -> str:
    return _SPACE.sub(" ", _WRAP.sub("", _text(el))).strip()


def _join_lines(lines: list[str]) -> str:
    """Lines of one cell: '总' + '计' → '总计' (a label wrapped by the author), '12' + '件' → '12 件'."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and not (re.match(f"[{_CJK}]", out[-1]) and re.match(f"[{_CJK}]", line[0])):
            out += " "
        out += line
    return out


class _Walker:
    """Turns the article's DOM into paragraphs and tables on a TextBuilder."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.line: list[str] = []
        self.pre = 0
        self.sink: list[str] | None = None  # lines of the table cell being read, if any

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.line)).strip() if not self.pre else "".join(self.line).strip("\n")
        self.line = []
        if not text.strip():
            return
        if self.sink is not None:
            self.sink.append(text.strip())
        else:
            for part in text.split("\n") if self.pre else (text,):
                if not is_furniture_line(part):  # a footer line inside the article's own block
                    self.builder.add_paragraph(part.rstrip())

    def inline_text(self, s: str | None) -> None:
        if not s:
            return
        if not self.pre:
            s = _WRAP.sub("", s)
        self.line.append(s)

    def block(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.flush()
            return
        is_block = tag in _BLOCK
        if is_block and self.sink is None and tag not in ("td", "th", "tr", "tbody", "thead", "tfoot") \
                and el.getparent() is not None and _is_furniture_block(el):
            return
        if tag == "table" and self.sink is None:
            rows = self.data_table(el)
            if rows is not None:
                self.flush()
                self.builder.add_table(rows)
                return
        if is_block:
            self.flush()
        if tag == "pre":
            self.pre += 1
        self.inline_text(el.text)
        for child in el:
            self.block(child)
            self.inline_text(child.tail)
        if tag == "pre":
            self.pre -= 1
        if is_block:
            self.flush()

    def data_table(self, table: etree._Element) -> list[list[SourceCell]] | None:
        """The rows of a leaf table of short cells; None for a layout table (nested tables, long cells)."""
        if table.find(".//table") is not None:
            return None
        rows: list[list[SourceCell]] = []
        n_cells = 0
        for tr in table.iter("tr"):
            row = []
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                text = _inline_text(td) if _CELL_BLOCKS(td) <= 1 else self.cell_text(td)
                if len(text) > _MAX_CELL_CHARS and len("".join(text.split())) > _MAX_CELL_CHARS:
                    return None
                row.append(SourceCell(text, rowspan=_span(td.get("rowspan")), colspan=_span(td.get("colspan"))))
            if row:
                rows.append(row)
                n_cells += len(row)
        return rows if n_cells >= 2 else None

    def cell_text(self, td: etree._Element) -> str:
        saved_line, saved_sink = self.line, self.sink
        self.line, self.sink = [], []
        self.inline_text(td.text)
        for child in td:
            self.block(child)
            self.inline_text(child.tail)
        self.flush()
        lines = self.sink
        self.line, self.sink = saved_line, saved_sink
        return _join_lines(lines)
