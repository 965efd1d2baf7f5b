"""Plain text and scraped page text: decoding and line clean-up.

Flattened tables stay in the text as they came (one cell per line with '|', one row per line, or digits
run together); the tables stage recovers them.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from charset_normalizer import from_bytes

from auditor.errors import DecodeError
from auditor.ingest.glosses import strip_glosses
from auditor.ingest.normalize import normalize_chars
from auditor.ingest.page_meta import MetaCollector, is_furniture_line
from auditor.model import Document, Finding

# Chinese encodings first: charset-normalizer alone sometimes prefers a Cyrillic or Big5 reading of
# short GBK text.  GB18030 is a superset of GBK and GB2312.
_GB = "gb18030"
# <meta charset=…>, <meta http-equiv content="…; charset=…">, <?xml encoding="…"?>
# Matched on the lower-cased bytes (bytes.lower changes A-Z only, so offsets stay put), one word per
# pattern: a literal prefix lets re skip ahead to it, where re.I or an alternation makes it try every
# position (0.7 ms on a page declaring nothing).
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([a-z0-9_\-]+)""")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']?\s*([a-z0-9_\-]+)""")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, path: str = "", declared: str | None = None) -> str:
    """Bytes to str.

    Order: a BOM; BOM-less UTF-16; UTF-8 when it fits (a page declaring gb2312 is often really UTF-8,
    and GBK text almost never decodes as UTF-8, while a scrape cut inside a character leaves one or
    two bad bytes); the declared charset; GB18030; a statistical guess.
    """
    return decode_utf8_aware(data, path, declared)[0]


def decode_utf8_aware(data: bytes, path: str = "", declared: str | None = None) -> tuple[str, bool]:
    """``decode(data, path, declared)`` and whether ``data`` is exactly that text in UTF-8.

    When it is, a reader that needs UTF-8 bytes (the HTML parser) can take ``data`` as it is instead
    of encoding the text again (a quarter of a millisecond on a 100 KB page).
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), False
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), False
    as_utf8 = data.decode("utf-8", errors="replace")
    if "\ufffd" not in as_utf8:  # (a U+FFFD written in the page counts as bad: only the check is lost)
        return as_utf8, True
    bad = as_utf8.count("\ufffd")
    # accept UTF-8 when it fits, when only the end is broken (a scrape cut inside a character), or when
    # a long text has a rare stray byte; GBK read as UTF-8 breaks at nearly every Chinese character
    if (len(as_utf8) > 8 and "\ufffd" not in as_utf8[:-3]) or (len(data) > 4000 and bad <= len(data) // 2000):
        return as_utf8, False
    candidates = [_canonical(declared)] if declared else []
    candidates.append(_GB)
    for enc in candidates:
        try:
            return data.decode(enc), False
        except (UnicodeDecodeError, LookupError):
            continue
    # GB18030 with a few broken sequences (a truncated scrape) is still the useful reading
    as_gb = data.decode(_GB, errors="replace")
    if as_gb.count("\ufffd") <= max(2, len(as_gb) // 500):
        return as_gb, False
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError(path, "no text encoding fits (not UTF-8, UTF-16, GBK or GB18030)")
    return data.decode(best.encoding, errors="replace"), False


def declared_charset(data: bytes, limit: int = 65536) -> str | None:
    """The charset a page declares.  Looks beyond 4 KiB: long <head>s put the meta tag late."""
    head = data[:limit]
    m = _first_declaration(head.lower())
    return head[m.start(1):m.end(1)].decode("ascii", "ignore") if m else None  # the name as written


def _first_declaration(lower: bytes) -> re.Match[bytes] | None:
    """The first ``charset=…`` or ``encoding=…`` in ``lower`` (as one alternation would find it)."""
    m = _CHARSET.search(lower)
    if lower.find(b"encoding", 0, m.start() if m else len(lower)) < 0:
        return m  # (bytes.find runs at memchr speed) no encoding= can start before the charset=
    e = _ENCODING.search(lower)
    return e if e is not None and (m is None or e.start() < m.start()) else m


def _canonical(enc: str) -> str:
    enc = enc.lower().replace("_", "-")
    # Pages declaring gb2312 or gbk routinely contain GB18030-only characters.
    return _GB if enc in {"gb2312", "gbk", "gb-2312", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"} else enc


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: the ASCII parts (digits, line ends) leave a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    n = len(sample) // 2
    # CJK code points rarely have a zero byte (一 U+4E00 does), ASCII always has one on its high side
    z_even, z_odd = even.count(0), odd.count(0)
    if z_odd > max(4, n * 0.02) and z_even < z_odd * 0.2:
        return "utf-16-le"
    if z_even > max(4, n * 0.02) and z_odd < z_even * 0.2:
        return "utf-16-be"
    return None


_SCRAPE_HEADER = re.compile(r"^(标题|发布时间|发布日期|成文日期|公开日期|文号|发布机构|栏目|原文链接|本地目录|来源)\s*[:：]\s*(.*)$")


_JUNK_LINE = re.compile(r"^[\s|!\[\]()]*$")  # what a scraper leaves of images and empty cells: "![]() |"


def _drop_footer(raw: str) -> str:
    """Cut the site footer a scrape ends with (copyright, ICP number, site id), and the junk around it."""
    lines = raw.split("\n")
    end = len(lines)
    dropped = False
    while end and (_JUNK_LINE.match(lines[end - 1]) or is_furniture_line(lines[end - 1])):
        dropped = dropped or (bool(lines[end - 1].strip()) and not _JUNK_LINE.match(lines[end - 1]))
        end -= 1
    return "\n".join(lines[:end]) + "\n" if dropped else raw


def load_text(data: bytes, path: str) -> Document:
    raw = decode(data, path)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    raw, glosses = strip_glosses(raw)
    meta: dict[str, Any] = {}
    collector = MetaCollector()
    # Scraper headers ("标题: …", "发布时间: …") before a "正文" rule are page metadata, not report text.
    for line in raw.split("\n", 40)[:40]:
        m = _SCRAPE_HEADER.match(line.strip())
        if m and m.group(2).strip():
            label, value = m.group(1), m.group(2).strip()
            meta.setdefault(label, value)
            collector.pair(label, value, "header")
    raw = _drop_footer(raw)
    if "标题" in meta:
        meta["title"] = meta["标题"]
    collector.into(meta)
    findings = (Finding("ingest.pinyin_glosses", "info", f"{glosses} pinyin glosses (報(bào)告) removed from the text",
                        status="note", stage="ingest", data={"glosses": glosses}),) if glosses else ()
    return Document(path=path, format="text", text=normalize_chars(raw), original=raw, meta=meta, findings=findings)
