"""Deterministic mutations of the real fixture reports, shaped like the ways real documents break.

Every mutation is a plain function ``(data, rng) -> bytes`` over one source file's bytes; text mutations
decode the file, edit the string and encode it back in the file's own encoding.  A case is named
``source:mutation:seed`` so a failure can be replayed with :func:`build`.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# The sources: the real reports and the renders of them in the other formats.
SOURCES: tuple[str, ...] = (
    "reports/pingtan-2022.txt",
    "reports/pingtan-2020.txt",
    "reports/pingtan-2012.txt",
    "reports/pingtan-dishui-2013.txt",
    "reports/huarong-xzspj-2020.txt",
    "reports/shuyang-fgj-2023.html",
    "reports/hongze-2023.pdf",
    "reports/huaian-city-2024.pdf",
    "renders/pingtan-2022.gbk.html",
    "renders/pingtan-2022.docx",
    "renders/huarong-xzspj-2020.docx",
    "renders/huarong-xzspj-2020.pdf",
    "renders/huaian-unruled-t3.pdf",
    "renders/labels-before-numbers.txt",
)

Mutator = Callable[[bytes, random.Random], bytes]


def kind_of(source: str) -> str:
    return Path(source).suffix.lstrip(".")


@cache
def source_bytes(source: str) -> bytes:
    return (FIXTURES / source).read_bytes()


# --- text helpers -------------------------------------------------------------------------------------

def _decode(data: bytes) -> tuple[str, str]:
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace"), "utf-8"


def text_mutation(func: Callable[[str, random.Random], str]) -> Mutator:
    def run(data: bytes, rng: random.Random) -> bytes:
        text, enc = _decode(data)
        return func(text, rng).encode(enc, "replace")

    run.__name__ = func.__name__
    run.__doc__ = func.__doc__
    return run


_MARKUP = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]*>)", re.S | re.I)


def _in_text(text: str, func: Callable[[str], str]) -> str:
    """``func`` over the text between tags only (a page's markup stays intact; plain text is all text)."""
    return "".join(p if _MARKUP.fullmatch(p) else func(p) for p in _MARKUP.split(text))


_NUMERALS = "一二三四五六七八"
# A top-level heading: a numeral and 、 at a line start or after a space / tag end (flattened scrapes).
_HEADING = re.compile(r"(?:^|(?<=[\n\s>]))([一二三四五六七八])、", re.M)


def _section_bounds(text: str) -> list[int]:
    """Start offsets of 一、 二、 … 六、, each the first such heading after the previous one."""
    bounds: list[int] = []
    pos = 0
    for numeral in _NUMERALS[:6]:
        m = re.compile(rf"(?:^|(?<=[\n\s>])){numeral}、", re.M).search(text, pos)
        if m is None:
            continue
        bounds.append(m.start())
        pos = m.end()
    return bounds


def _sections(text: str) -> tuple[str, list[str], str]:
    """(prefix, section chunks, suffix); the last chunk runs to the end of the text."""
    b = _section_bounds(text)
    if not b:
        return text, [], ""
    chunks = [text[s:e] for s, e in zip(b, [*b[1:], len(text)], strict=True)]
    return text[: b[0]], chunks, ""


def _table_lines(text: str) -> list[int]:
    """Indexes of lines that look like table rows or cells (a '|' or mostly digits)."""
    lines = text.split("\n")
    return [i for i, ln in enumerate(lines) if "|" in ln or "<tr" in ln or re.fullmatch(r"\s*[\d.,\s]+\|?\s*", ln)]


# --- text mutations -----------------------------------------------------------------------------------

@text_mutation
def truncate(text: str, rng: random.Random) -> str:
    """Cut the text at a random point (a download that stopped)."""
    return text[: rng.randrange(1, max(2, len(text)))]


@text_mutation
def delete_section(text: str, rng: random.Random) -> str:
    pre, chunks, post = _sections(text)
    if chunks:
        del chunks[rng.randrange(len(chunks))]
    return pre + "".join(chunks) + post


@text_mutation
def duplicate_section(text: str, rng: random.Random) -> str:
    pre, chunks, post = _sections(text)
    if chunks:
        i = rng.randrange(len(chunks))
        chunks.insert(i + 1, chunks[i])
    return pre + "".join(chunks) + post


@text_mutation
def shuffle_sections(text: str, rng: random.Random) -> str:
    pre, chunks, post = _sections(text)
    rng.shuffle(chunks)
    return pre + "".join(chunks) + post


@text_mutation
def drop_heading_numbers(text: str, rng: random.Random) -> str:
    """Headings without their numbers: 一、总体情况 → 总体情况, （一）… → …"""
    text = _HEADING.sub("", text)
    return re.sub(r"[（(][一二三四五六七八九十][）)]", "", text)


_SPAM = (
    "【打印本页】【关闭窗口】", "扫一扫在手机打开当前页", "版权所有：某某县人民政府 网站标识码：3200000000",
    "ICP备案号：苏ICP备12345678号-1 苏公网安备 32000002000000号", "|||| | ||", "0 0 0 0 0 0 0",
    "三、收到和处理政府信息公开申请情况", "总计 100 200 300", "\x00\x07\ufeff\u200b", "一、", "（七）总计",
    "第二十条第（一）项", "ｘｙｚ１２３", "⼀⼆三", "<script>var x=1;</script>", "&nbsp;&nbsp;&#12288;",
)


@text_mutation
def insert_spam(text: str, rng: random.Random) -> str:
    """Navigation, footer and noise lines inserted at random line breaks (or anywhere when flattened)."""
    for _ in range(rng.randint(3, 12)):
        pos = rng.randrange(len(text) + 1)
        nl = text.rfind("\n", 0, pos)
        pos = nl + 1 if nl >= 0 and rng.random() < 0.7 else pos
        pos = _html_gap(text, pos) if text.lstrip().startswith("<") else pos
        text = text[:pos] + rng.choice(_SPAM) + "\n" + text[pos:]
    return text


_TRAD = str.maketrans("国会发开条处请应门专们对这为书举复诉与报总计数项类业关务", "國會發開條處請應門專們對這為書舉復訴與報總計數項類業關務")


@text_mutation
def traditional(text: str, rng: random.Random) -> str:
    """A few common characters in traditional form (a Hong Kong / Taiwan input method, old pages)."""
    return text.translate(_TRAD)


@text_mutation
def brackets_to_half(text: str, rng: random.Random) -> str:
    return text.translate(str.maketrans("（）：，；", "():,;"))


@text_mutation
def brackets_to_full(text: str, rng: random.Random) -> str:
    # Half-width brackets become full-width; HTML tags are left alone so the page still parses.
    parts = re.split(r"(<[^>]*>)", text)
    return "".join(p if p.startswith("<") else p.translate(str.maketrans("():", "（）：")) for p in parts)


@text_mutation
def flatten(text: str, rng: random.Random) -> str:
    """Every newline lost (scrapers that join lines)."""
    return text.replace("\r", "").replace("\n", rng.choice(["", " "]))


@text_mutation
def pipe_noise(text: str, rng: random.Random) -> str:
    def noisy(part: str) -> str:
        out = []
        for ch in part:
            out.append(ch)
            if rng.random() < 0.02:
                out.append(rng.choice(["|", " | ", "||", "|\n"]))
        return "".join(out)

    return _in_text(text, noisy)


@text_mutation
def remove_table_rows(text: str, rng: random.Random) -> str:
    if "<tr" in text:
        rows = list(re.finditer(r"<tr\b.*?</tr>", text, re.S | re.I))
        drop = {m.span() for m in rng.sample(rows, min(len(rows), rng.randint(1, 8)))}
        return "".join(_without(text, drop))
    lines = text.split("\n")
    idx = _table_lines(text)
    for i in sorted(rng.sample(idx, min(len(idx), rng.randint(1, 15))), reverse=True):
        del lines[i]
    if not idx:  # flattened: drop a run of characters inside the tables' stretch
        b = _section_bounds(text)
        if len(b) >= 4:
            s = rng.randrange(b[1], b[3])
            return text[:s] + text[s + rng.randint(5, 60):]
    return "\n".join(lines)


def _without(text: str, spans: set[tuple[int, int]]) -> Iterator[str]:
    pos = 0
    for s, e in sorted(spans):
        yield text[pos:s]
        pos = e
    yield text[pos:]


_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]>)", re.S | re.I)


@text_mutation
def blank_cells(text: str, rng: random.Random) -> str:
    if "<td" in text.lower():
        return _CELL.sub(lambda m: m.group(1) + (rng.choice(["", "&nbsp;", " "]) if rng.random() < 0.15
                                                 else m.group(2)) + m.group(3), text)
    return re.sub(r"(?<![\d.])\d+(?![\d.])", lambda m: "" if rng.random() < 0.15 else m.group(0), text)


def _html_gap(text: str, pos: int) -> int:
    """In a page, the nearest position at or after ``pos`` that is outside a tag (after a '>')."""
    if "<" not in text:
        return pos
    gt = text.find(">", pos)
    return len(text) if gt < 0 else gt + 1


@text_mutation
def dash_digits(text: str, rng: random.Random) -> str:
    """Digits in the tables' stretch (sections 二 to 四) replaced by a dash."""
    b = _section_bounds(text)
    s, e = (b[1], b[4]) if len(b) >= 5 else (0, len(text))
    dash = rng.choice(["—", "-", "/", "——", "－"])
    dashed = _in_text(text[s:e], lambda p: re.sub(r"\d", lambda m: dash if rng.random() < 0.5 else m.group(0), p))
    return text[:s] + dashed + text[e:]


@text_mutation
def only_first_section(text: str, rng: random.Random) -> str:
    pre, chunks, _ = _sections(text)
    return pre + (chunks[0] if chunks else "")


@text_mutation
def wrap_layout(text: str, rng: random.Random) -> str:
    """HTML: the report inside a layout table and nested divs (old CMS templates); text: indented lines."""
    m = re.search(r"<body[^>]*>", text, re.I)
    if m is None:
        return "\n".join("\u3000\u3000" + ln for ln in text.split("\n"))
    end = text.lower().rfind("</body>")
    end = len(text) if end < 0 else end
    inner = text[m.end(): end]
    wrapped = ('<table width="100%"><tr><td class="nav">首页 &gt; 政务公开</td></tr><tr><td>'
               + "<div><div class='content'>" * 3 + inner + "</div></div>" * 3
               + "</td><td class='side'>相关链接<br>1 2 3</td></tr></table>")
    return text[: m.end()] + wrapped + text[end:]


@text_mutation
def two_reports(text: str, rng: random.Random) -> str:
    """Two reports on one page (a listing page that inlines both years)."""
    m = re.search(r"<body[^>]*>", text, re.I)
    if m is None:
        return text + "\n\n" + text
    end = text.lower().rfind("</body>")
    end = len(text) if end < 0 else end
    inner = text[m.end(): end]
    return text[: m.end()] + inner + "<hr/>" + inner + text[end:]


@text_mutation
def crlf_bom(text: str, rng: random.Random) -> str:
    return "\ufeff" + text.replace("\n", "\r\n")


@text_mutation
def control_chars(text: str, rng: random.Random) -> str:
    def noisy(part: str) -> str:
        out = []
        for ch in part:
            out.append(ch)
            if rng.random() < 0.01:
                out.append(rng.choice(["\x00", "\x0b", "\x0c", "\u2028", "\u3000", "\ufffd", "\u200b", "\x1b"]))
        return "".join(out)

    return _in_text(text, noisy)


@text_mutation
def swap_chunks(text: str, rng: random.Random) -> str:
    """Two random stretches swapped (a broken page join)."""
    if len(text) < 10:
        return text
    a, b, c = sorted(rng.sample(range(len(text)), 3))
    return text[:a] + text[b:c] + text[a:b] + text[c:]


# --- binary mutations ---------------------------------------------------------------------------------

def truncate_bytes(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def _docx_xml(func: Callable[[str, random.Random], str]) -> Mutator:
    """Apply ``func`` to word/document.xml and rezip (the other parts unchanged)."""

    def run(data: bytes, rng: random.Random) -> bytes:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                body = src.read(info.filename)
                if info.filename == "word/document.xml":
                    body = func(body.decode("utf-8"), rng).encode("utf-8")
                dst.writestr(info, body)
        return out.getvalue()

    run.__name__ = "docx_" + func.__name__
    return run


def _docx_remove_rows(xml: str, rng: random.Random) -> str:
    rows = list(re.finditer(r"<w:tr\b.*?</w:tr>", xml, re.S))
    drop = {m.span() for m in rng.sample(rows, min(len(rows), rng.randint(1, 8)))}
    return "".join(_without(xml, drop))


def _docx_blank_cells(xml: str, rng: random.Random) -> str:
    return re.sub(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)",
                  lambda m: m.group(1) + ("" if rng.random() < 0.15 else m.group(2)) + m.group(3), xml)


def _docx_dash_digits(xml: str, rng: random.Random) -> str:
    return re.sub(r"(<w:t(?: [^>]*)?>)(\d+)(</w:t>)",
                  lambda m: m.group(1) + ("—" if rng.random() < 0.5 else m.group(2)) + m.group(3), xml)


def _docx_drop_paragraphs(xml: str, rng: random.Random) -> str:
    paras = list(re.finditer(r"<w:p\b[^/]*?>.*?</w:p>", xml, re.S))
    drop = {m.span() for m in rng.sample(paras, min(len(paras), len(paras) // 3))}
    return "".join(_without(xml, drop))


docx_remove_rows = _docx_xml(_docx_remove_rows)
docx_blank_cells = _docx_xml(_docx_blank_cells)
docx_dash_digits = _docx_xml(_docx_dash_digits)
docx_drop_paragraphs = _docx_xml(_docx_drop_paragraphs)


TEXT_MUTATIONS: tuple[Mutator, ...] = (
    truncate, delete_section, duplicate_section, shuffle_sections, drop_heading_numbers, insert_spam,
    traditional, brackets_to_half, brackets_to_full, flatten, pipe_noise, remove_table_rows, blank_cells,
    dash_digits, only_first_section, wrap_layout, two_reports, crlf_bom, control_chars, swap_chunks,
)
MUTATIONS: dict[str, tuple[Mutator, ...]] = {
    "txt": TEXT_MUTATIONS,
    "html": TEXT_MUTATIONS,
    "pdf": (truncate_bytes, flip_bytes),
    "docx": (truncate_bytes, flip_bytes, docx_remove_rows, docx_blank_cells, docx_dash_digits,
             docx_drop_paragraphs),
}
_BY_NAME = {m.__name__: m for ms in MUTATIONS.values() for m in ms}


@dataclass(frozen=True)
class Case:
    source: str
    mutation: str
    seed: int

    @property
    def id(self) -> str:
        return f"{Path(self.source).name}:{self.mutation}:{self.seed}"

    @property
    def suffix(self) -> str:
        return Path(self.source).suffix

    def build(self) -> bytes:
        rng = random.Random(f"{self.source}|{self.mutation}|{self.seed}")
        return _BY_NAME[self.mutation](source_bytes(self.source), rng)


def all_cases(seeds: int) -> list[Case]:
    """Every source × every mutation that fits its format × ``seeds`` seeds."""
    return [Case(src, m.__name__, seed) for src in SOURCES for m in MUTATIONS[kind_of(src)]
            for seed in range(seeds)]


def sample_cases(n: int, seed: int = 2024) -> list[Case]:
    """A fixed sample of ``n`` cases that covers every (source kind, mutation) pair at least once."""
    cases = all_cases(3)
    rng = random.Random(seed)
    first: dict[tuple[str, str], Case] = {}
    for c in rng.sample(cases, len(cases)):
        first.setdefault((kind_of(c.source), c.mutation), c)
    chosen = list(first.values())
    rest = [c for c in cases if c not in set(chosen)]
    chosen += rng.sample(rest, max(0, n - len(chosen)))
    return sorted(chosen, key=lambda c: c.id)
