"""HTML pages: decode, find the report among the page furniture, keep tables as grids.

A government page holds the report inside navigation, breadcrumbs, metadata tables, share buttons,
scripts and footers.  We drop the furniture we can name (tags, class/id words, copyright lines), then
take the smallest DOM block holding (nearly) all of the report's section headings, widened to take in
the title and preamble beside it; pages without such headings fall back to the block with the densest
paragraph text, and pages with no report text at all (a 404, a home page, an attachment stub, a report
posted as images) raise :class:`~auditor.errors.NotAReportError` saying which.  Inside the article, block tags end
lines and inline tags do not (Word-exported headings are split over ``<font>``/``<span>`` runs), leaf
tables of short cells become :class:`~auditor.model.Table` grids, and layout tables flow as text.
"""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from auditor.errors import NotAReportError
from auditor.ingest.html_meta import element_text, page_meta
from auditor.ingest.layout import SourceCell, TextBuilder
from auditor.ingest.page_meta import cue_text, cues, heading_hits, is_furniture_line
from auditor.ingest.text import declared_charset, decode_utf8_aware
from auditor.model import Document, Finding

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
# a source line break between two CJK characters (or a CJK character and a digit: 共收到\n26件) is a
# wrap of the HTML source, not a space
_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v\xa0]*\n\s*(?=[{_CJK}0-9])|(?<=[0-9])[ \t\r\f\v\xa0]*\n\s*(?=[{_CJK}])")
_HAS_CJK = re.compile("[\u4e00-\u9fff]")
_MAX_CELL_CHARS = 200  # a data table's cells are labels and numbers; longer cells mean a layout table
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def load_html(data: bytes, path: str) -> Document:
    """Read an HTML page into a Document; raise NotAReportError when it holds no report."""
    text, exact = decode_utf8_aware(data, path, declared_charset(data))
    root = _parse(data if exact else text, path)
    meta = page_meta(root)
    _drop_furniture(root)
    body = root.find("body")
    leaves = _lowest_blocks(body if body is not None else root)
    # each paragraph's and cell's text, read once: the article search, the furniture tests and the
    # table cells all need it (the tree does not change from here on; the article search adds the
    # text of the block it chose)
    texts = {el: element_text(el) for el in leaves}
    article, other = _find_article(root, path, leaves, texts)
    builder = TextBuilder(path=path, format="html")
    if other is not None:
        inside = set(other.iter())
        heading = next((_flat(texts[el]) for el in leaves if el in inside and texts[el].strip()), "")
        builder.findings.append(Finding(
            "ingest.multiple_reports", "warning",
            f"the page holds another report outside the one audited (it starts {heading[:40]!r}); only the "
            "first is audited", stage="ingest", data={"other_start": heading[:200]}))
    _Walker(builder, frozenset(leaves), texts).block(article)
    return builder.document(meta)


# C0 control bytes but tab and line ends, each to a space.  In UTF-8 a byte below 0x80 is always that
# ASCII character (never part of a multi-byte one), so replacing bytes equals replacing characters.
_CONTROL_TO_SPACE = bytes(32 if b <= 0x08 or b in (0x0B, 0x0C) or 0x0E <= b <= 0x1F else b for b in range(256))


def _parse(page: str | bytes, path: str) -> etree._Element:
    """The tree of a page's text, or of its bytes when they are that text in UTF-8 already."""
    # plain etree elements: lxml.html's element-class lookup costs more than the parse itself
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    # C0 control characters (a stray NUL, the \x0b Word pastes for a line break) make libxml2 stop at the
    # NUL and lxml refuse the tree's strings later ("must be XML compatible"): they are spaces on a page.
    # (bytes.translate: one C pass, where a regex over the decoded text costs 0.5 ms on a 100 KB page)
    utf8 = page.encode("utf-8", "replace") if isinstance(page, str) else page
    data = utf8.translate(_CONTROL_TO_SPACE)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise NotAReportError(path, f"no HTML content ({exc})") from None
    if root is None:
        raise NotAReportError(path, "no HTML content")
    return root


def _known_text(el: etree._Element, texts: dict[etree._Element, str]) -> str:
    """``element_text(el)``, from ``texts`` (texts already read) for a leaf, a cell around one leaf (<td><p>), the report block."""
    text = texts.get(el)
    if text is not None:
        return text
    if len(el) == 1:
        child = el[0]
        text = texts.get(child)
        if text is not None:  # the string value is the text before, the child's, and the child's tail
            return (el.text or "") + text + (child.tail or "")
    return element_text(el)


def _has(el: etree._Element, tag: str) -> bool:
    """Whether ``el`` has a descendant ``tag``: iterdescendants filters in C, find(".//tag") walks in Python."""
    return next(el.iterdescendants(tag), None) is not None


def _flat(s: str) -> str:
    # str.split() and the regex \s split on the same characters (str.isspace), so this equals
    # re.sub(r"\s+", " ", s).strip() at a third of the cost on the short strings of cells and lines
    return " ".join(s.split())


def _unwrap(s: str) -> str:
    """Source line breaks inside CJK text dropped, white space runs made one space (cells and lines)."""
    # every _WRAP match is a run of white space holding a \n; a run at either end of the text is dropped by
    # split() anyway, so only a \n inside the stripped text needs the regex (most cells are '\n  text\n  ')
    if "\n" in s and "\n" in s.strip():
        s = _WRAP.sub("", s)
    return " ".join(s.split())


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


# hidden blocks (display:none): the style values come out of libxml2 as one list of strings and are tested
# in Python ('none' or 'hidden' first, as a plain substring test, then the regex).  An XPath predicate
# costs ~1.5 us per node, milliseconds on a Word export (a style on every span), and Word's border:none
# is everywhere; only when something is hidden are the styled elements fetched: //@style/.. lists them in
# the order of //@style (one style attribute per element, both in document order).  Likewise class/id
# owners are reached from the attribute nodes: the same elements in the same document order as
# //*[@class or @id], without a predicate per element.
_STYLES = etree.XPath("//@style", smart_strings=False)
_STYLED = etree.XPath("//@style/..")
_MARKED_XPATH = etree.XPath("(//@class | //@id)/..")


def _drop_furniture(root: etree._Element) -> None:
    c = cues()
    doomed = list(root.iter(*c.drop_tags))  # iter(tags) filters in C: the fastest pass lxml offers
    for el in _MARKED_XPATH(root):
        attrs = f"{el.get('class', '')} {el.get('id', '')}"
        # never drop a block that holds the report itself (a content div with an unlucky class name)
        if c.furniture_attr.search(attrs) and heading_hits(element_text(el)) < 2:
            doomed.append(el)
    styles = _STYLES(root)
    # most pages hide nothing: one substring test over all the values (the separator is in neither word)
    # spares a Python test per style attribute (a Word export styles every span)
    joined = "\0".join(styles)
    hidden = [i for i, style in enumerate(styles) if ("none" in style or "hidden" in style)
              and _HIDDEN.search(style)] if "none" in joined or "hidden" in joined else []
    if hidden:
        styled = _STYLED(root)
        doomed += [styled[i] for i in hidden]
    for el in doomed:
        _drop(el)


def _lowest_blocks(root: etree._Element) -> list[etree._Element]:
    """Block elements with no block inside (paragraphs, cells, list items): one pass, amortised O(n)."""
    blocks = list(root.iter(*_BLOCK))  # the tag filter runs in C: inline spans never become proxies
    has_block: set[etree._Element] = set()
    for el in blocks:
        anc = el.getparent()
        while anc is not None and anc not in has_block:  # stop at the first ancestor already marked
            has_block.add(anc)
            anc = anc.getparent()
    return [el for el in blocks if el not in has_block and el.tag != "table"]


@cache
def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whether any of ``words`` occurs: one regex scan instead of a Python loop of twenty ``in`` tests."""
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")  # no words: never


@cache
def _any_heading(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One alternation of the heading cues: most blocks hold none, and one search says so for all ten."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def _find_article(root: etree._Element, path: str, leaves: list[etree._Element],
                  texts: dict[etree._Element, str]) -> tuple[etree._Element, etree._Element | None]:
    """The report's block and, when the page holds a second report beside it, that report's block."""
    c = cues()
    body = root.find("body")
    if body is None:
        body = root
    # which heading cues each lowest block holds
    hits: list[tuple[etree._Element, set[int]]] = []
    any_heading = _any_heading(tuple(c.heading))
    for el in leaves:
        raw = texts[el]
        if len(raw) <= 2 or not _HAS_CJK.search(raw):  # number cells, empty blocks: no heading there
            continue
        flat = cue_text(raw)
        if not any_heading.search(flat):
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
        best = max(good, key=lambda e: (depth[e], len(cover[e])))  # the first of equals: the page's own report
        best_text = element_text(best)  # (a whole report: read once for both)
        texts[best] = best_text  # the walker's furniture test reads the same block again
        other = _other_report(best, good, best_text)
        article = _widen(best, body, len(best_text))
    else:
        article, other = _densest(body, leaves, texts), None
    if len(total) < 2:
        flat = cue_text(_without_links(article))  # a home page links to reports without being one
        words = sum(1 for w in c.report_words if w in flat)
        if len(flat) < c.min_report_chars or "信息公开" not in flat or words < 2:
            files = _attachments(body)
            images = len(article.findall(".//img"))
            if images and len(flat) < c.min_report_chars and any(w in cue_text(element_text(root)) for w in c.report_words):
                raise NotAReportError(path, f"the page shows the report as {images} image(s) and holds no report "
                                            "text; it needs OCR")
            if files:
                raise NotAReportError(path, f"the page holds no report text; it links attachment(s) {', '.join(files[:3])}")
            raise NotAReportError(path, f"no report headings and no report wording in {len(flat)} characters of page text")
    return article, other


def _other_report(best: etree._Element, good: list[etree._Element], best_text: str) -> etree._Element | None:
    """A block beside ``best`` (neither inside nor around it) holding a report's headings too.

    A second copy of the same text (a print or mobile version left visible) is not another report.
    """
    around = set(best.iterancestors())
    own = "".join(best_text.split())
    for el in good:
        if el is best or el in around or best in set(el.iterancestors()):
            continue
        text = "".join(element_text(el).split())
        if own[:300] not in text and text[:300] not in own:
            return el
    return None


def _widen(article: etree._Element, body: etree._Element, size: int) -> etree._Element:
    """Climb to the parent while what it adds is a little prose (the title, a preamble, a signature).

    The headings' common block can start at 一、总体情况 and leave the report's opening paragraph
    (根据《条例》…, the statistics period) in a sibling; a sibling holding a table or a list of links
    is page furniture (metadata table, related articles) and stops the climb.  ``size`` is the length of
    the article's text.
    """
    while article is not body:
        parent = article.getparent()
        if parent is None:
            break
        extra = 0
        for sib in parent:
            if sib is article or not isinstance(sib.tag, str):
                continue
            text = element_text(sib)
            links = sum(len(element_text(a)) for a in sib.iter("a"))
            if sib.tag == "table" or _has(sib, "table") or links > 0.5 * len(text.strip() or "x"):
                return article
            extra += len(text.strip())
        extra += len((parent.text or "").strip())
        if extra > min(0.3 * size, 1500):
            break
        article = parent
    return article


_ATTACHMENT = re.compile(r"\.(?:pdf|docx?|wps|ofd)(?:$|[?#])", re.I)


def _attachments(body: etree._Element) -> list[str]:
    """Linked report files (the page is a stub whose report is an attachment)."""
    out = []
    for a in body.iter("a"):
        href = a.get("href") or ""
        if _ATTACHMENT.search(href):
            out.append(_flat(element_text(a)) or href.rsplit("/", 1)[-1])
    return out


def _without_links(el: etree._Element) -> str:
    """The element's text without the text of its links, white space removed."""
    if not isinstance(el.tag, str) or el.tag == "a" or next(el.iterancestors("a"), None) is not None:
        return ""  # a comment has no text here; inside a link, all of it is link text
    # document order with an explicit stack (no recursion limit on deep pages); a link's subtree is
    # never entered, so each element is visited once — not an ancestor walk per node, and not a libxml2
    # set difference, which compares every text node with every link text (slow on link-heavy pages)
    parts: list[str] = []
    stack: list[etree._Element | str] = [el]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if item.text:
            parts.append(item.text)
        for child in reversed(item):  # pushed last-first: popped in document order, each tail after its subtree
            if not isinstance(child.tag, str):
                continue  # a comment or PI: neither its text nor its tail was ever read
            if child.tail:
                stack.append(child.tail)
            if child.tag != "a":
                stack.append(child)
    return "".join("".join(parts).split())


def _densest(body: etree._Element, leaves: list[etree._Element], texts: dict[etree._Element, str]) -> etree._Element:
    """Readability-style fallback: the parent of the most paragraph text, links discounted."""
    score: dict[etree._Element, float] = {}
    for el in leaves:
        text = _flat(texts[el])
        links = sum(len(_flat(element_text(a))) for a in el.iter("a"))
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


def _is_furniture_block(el: etree._Element, texts: dict[etree._Element, str]) -> bool:
    """A short copyright / share / print line, or a block of mostly links (related-article lists)."""
    raw = _known_text(el, texts)  # one libxml2 call at most: cheaper than stopping early in a Python loop
    if len(raw) > 4000:  # long containers are never furniture (and the link count would cost a walk)
        return False
    text = _flat(raw)
    if not text:
        return False
    n = len(text)
    if n < 150 and _any_word(cues().furniture_text).search(text) and heading_hits(text) == 0:
        return True
    anchors = list(el.iterdescendants("a"))
    if len(anchors) >= 3:
        link_chars = sum(len(_flat(element_text(a))) for a in anchors)
        return link_chars > 0.6 * len(text) and heading_hits(text) == 0
    return False


_LINE_TAGS = _BLOCK | {"br"}


def _is_metadata_table(rows: list[list[SourceCell]]) -> bool:
    """A page's document-information table: several of its cells are metadata labels (索引号, 文号…)."""
    if len(rows) > 12:  # a report's statistics table: its labels are never read
        return False
    labels = cues().metadata_table_labels
    found = {"".join(c.text.split()).rstrip(":：") for row in rows for c in row} & labels
    return len(found) >= 3


def _cell_blocks(table: etree._Element) -> dict[etree._Element, int]:
    """Blocks inside each element of a table, counted to 2 (absent: none).

    With at most one block (Word's <td><p>…</p></td>) a cell is one line.  One pass for the whole table:
    each block bumps its ancestors up to the first one already at 2 (whose ancestors are all at 2 too),
    so every element is bumped at most twice; a per-cell iterdescendants(*tags) pays lxml's tag-matcher
    set-up (35 tags) on each of hundreds of cells.
    """
    counts: dict[etree._Element, int] = {}
    for d in table.iterdescendants(*_LINE_TAGS):
        anc = d.getparent()
        while anc is not None and anc is not table:
            n = counts.get(anc, 0)
            if n >= 2:
                break
            counts[anc] = n + 1
            anc = anc.getparent()
    return counts


def _inline_text(el: etree._Element) -> str:
    return _unwrap(element_text(el))


def _ordinal(li: etree._Element) -> int:
    ol = li.getparent()
    start = _span(ol.get("start")) if ol is not None and ol.get("start") else 1
    return start + sum(1 for sib in li.itersiblings(preceding=True) if sib.tag == "li")


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

    def __init__(self, builder: TextBuilder, leaves: frozenset[etree._Element] = frozenset(),
                 texts: dict[etree._Element, str] | None = None) -> None:
        self.builder = builder
        self.leaves = leaves  # blocks with no block inside: their text is one line, read in C
        self.texts = texts if texts is not None else {}  # text of the leaves, already read
        self.line: list[str] = []
        self.pre = 0
        self.sink: list[str] | None = None  # lines of the table cell being read, if any

    def flush(self) -> None:
        joined = "".join(self.line)
        # a source line break between CJK characters (even across tags: </span>\n<span>) is no space
        text = _unwrap(joined) if not self.pre else joined.strip("\n")
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
        self.line.append(s)

    def block(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.flush()
            return
        is_block = tag in _BLOCK
        if is_block and self.sink is None and tag not in ("td", "th", "tr", "tbody", "thead", "tfoot") \
                and el.getparent() is not None and _is_furniture_block(el, self.texts):
            return
        if tag == "table" and self.sink is None:
            rows = self.data_table(el)
            if rows is not None and _is_metadata_table(rows):
                return  # 索引号 | … | 发布机构 | …: page metadata (already read into meta), not report content
            if rows is not None:
                self.flush()
                caption = el.find("caption")
                if caption is not None:  # 表1 … : the caption is text before the grid
                    self.builder.add_paragraph(_inline_text(caption))
                self.builder.add_table(rows)
                return
        if is_block:
            self.flush()
        if el in self.leaves and tag not in ("pre", "li") and not _has(el, "br"):
            self.line.append(_known_text(el, self.texts))  # a Word paragraph of nested <span>/<font> runs: no recursion
            self.flush()
            return
        if tag == "pre":
            self.pre += 1
        if tag == "li" and el.getparent() is not None and el.getparent().tag == "ol":
            self.line.append(f"{_ordinal(el)}. ")  # the browser draws the number: the text must carry it
        self.inline_text(el.text)
        for child in el:
            self.block(child)
            self.inline_text(child.tail)
        if tag == "pre":
            self.pre -= 1
        if is_block:
            self.flush()

    def data_table(self, table: etree._Element) -> list[list[SourceCell]] | None:
        """The rows of a leaf table of short cells; None for a layout table.

        A layout table nests tables or holds prose; a data table may still have a long note cell
        (注：…) among many short ones, but never a cell holding report headings.
        """
        if _has(table, "table"):
            return None
        blocks = _cell_blocks(table)
        rows: list[list[SourceCell]] = []
        n_cells = n_long = 0
        for tr in table.iter("tr"):
            row = []
            for td in tr.iterchildren("td", "th"):  # the tag test in C
                if len(td) == 0:  # text only: the common case, no XPath needed
                    text = _unwrap(td.text or "")
                else:
                    text = _unwrap(_known_text(td, self.texts)) if blocks.get(td, 0) <= 1 else self.cell_text(td)
                if len(text) > _MAX_CELL_CHARS and len("".join(text.split())) > _MAX_CELL_CHARS:
                    if len(text) > 5 * _MAX_CELL_CHARS or heading_hits(text) >= 2:
                        return None
                    n_long += 1
                rowspan, colspan = td.get("rowspan"), td.get("colspan")
                # positional, and _span only for a span written: keyword arguments and calls per cell add up
                row.append(SourceCell(text, 1 if rowspan is None else _span(rowspan),
                                      1 if colspan is None else _span(colspan)))
            if row:
                rows.append(row)
                n_cells += len(row)
        if n_cells < 2 or (n_long and (n_cells < 9 or n_long > max(1, n_cells // 20))):
            return None
        return rows

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
