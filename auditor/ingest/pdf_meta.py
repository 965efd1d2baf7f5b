"""PDF document information (title, author, dates) decoded the way the producer wrote it.

WPS writes its info strings as UTF-16 little-endian with a ``FF FE`` byte-order mark, which the PDF
standard does not allow and pdfminer therefore decodes byte by byte (``ÿþ*mýl…``).  We read the raw
bytes and honour both byte orders.
"""

from __future__ import annotations

import re
from typing import Any

from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from auditor.ingest.pdf_lines import conventions

_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")
_FIELDS = {"Title": "title", "Author": "author", "Subject": "subject", "Keywords": "keywords",
           "Creator": "creator", "Producer": "producer"}
_DATES = {"CreationDate": "creation_date", "ModDate": "mod_date"}


def decode_info_string(value: Any) -> str | None:
    """A PDF text string (bytes as stored) → str; None for anything that is not a string."""
    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, str):
        return value.strip("\x00 ") or None
    if not isinstance(value, bytes | bytearray):
        return None
    raw = bytes(value)
    if raw.startswith(b"\xfe\xff"):
        text = raw[2:].decode("utf-16-be", errors="replace")
    elif raw.startswith(b"\xff\xfe"):
        text = raw[2:].decode("utf-16-le", errors="replace")
    elif raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = decode_text(raw)
    return text.strip("\x00 ") or None


def pdf_date(value: str | None) -> str | None:
    """``D:20240226144123+06'41'`` → ``2024-02-26``; None when the string is not a PDF date."""
    if not value:
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    year, month, day = m.group(1), m.group(2) or "01", m.group(3) or "01"
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{month}-{day}"


def read_info(info_dicts: list[dict[str, Any]]) -> dict[str, Any]:
    """The document info of a pdfminer ``PDFDocument.info`` list, keys in our own names."""
    from pdfminer.pdftypes import resolve1

    meta: dict[str, Any] = {}
    for info in info_dicts:
        for key, value in info.items():
            value = resolve1(value)
            if key in _FIELDS:
                text = decode_info_string(value)
                if text and text.casefold() not in conventions().meta_placeholders:
                    meta[_FIELDS[key]] = text
            elif key in _DATES:
                text = decode_info_string(value)
                date = pdf_date(text)
                if date:
                    meta[_DATES[key]] = date
    return meta
