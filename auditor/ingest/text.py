"""Plain text and scraped page text: decoding and line clean-up.

Flattened tables stay in the text as they came (one cell per line with '|', one row per line, or digits
run together); the tables stage recovers them.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from auditor.errors import DecodeError
from auditor.ingest.normalize import normalize_chars
from auditor.model import Document

# Chinese encodings first: charset-normalizer alone sometimes prefers a Cyrillic or Big5 reading of
# short GBK text.  GB18030 is a superset of GBK and GB2312.
_TRY = ("utf-8", "gb18030")
_DECL = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def decode(data: bytes, path: str = "", declared: str | None = None) -> str:
    """Bytes to str: BOM, then a declared charset that decodes cleanly, then UTF-8, GB18030, then a guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    candidates: list[str] = []
    if declared:
        candidates.append(_canonical(declared))
    candidates.extend(_TRY)
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        # mostly-Chinese bytes with a few broken sequences: GB18030 with replacement is the useful reading
        text = data.decode("gb18030", errors="replace")
        if text.count("\ufffd") > len(text) * 0.02:
            raise DecodeError(path, "no text encoding fits (not UTF-8, GBK or GB18030)")
        return text
    return data.decode(best.encoding, errors="replace")


def declared_charset(data: bytes) -> str | None:
    m = _DECL.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def _canonical(enc: str) -> str:
    enc = enc.lower().replace("_", "-")
    # Pages declaring gb2312 or gbk routinely contain GB18030-only characters.
    return "gb18030" if enc in {"gb2312", "gbk", "gb-2312", "x-gbk", "cp936"} else enc


_SCRAPE_HEADER = re.compile(r"^(标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|来源)\s*[:：]\s*(.*)$")


def load_text(data: bytes, path: str) -> Document:
    raw = decode(data, path)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    # Scraper headers ("标题: …", "发布时间: …") before a "正文" rule are page metadata, not report text.
    for line in raw.split("\n", 40)[:40]:
        m = _SCRAPE_HEADER.match(line.strip())
        if m and m.group(2).strip():
            meta.setdefault(m.group(1), m.group(2).strip())
    return Document(path=path, format="text", text=normalize_chars(raw), original=raw, meta=meta)
