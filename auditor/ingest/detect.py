"""Which format a file is, from its bytes (never from its extension)."""

from __future__ import annotations

import io
import zipfile

from auditor.errors import CorruptFileError, EmptyFileError, UnsupportedFormatError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc / .wps / .xls (Compound File Binary)
_HTML_MARKERS = (b"<html", b"<!doctype html", b"<head", b"<body", b"<div", b"<table", b"<meta", b"<p>", b"<p ")


def sniff(head: bytes, path: str = "") -> str:
    """Return ``pdf | docx | doc | html | text`` for the first bytes of a file.

    ``head`` should be the first 64 KiB or more (ZIP detection needs the central directory, so the
    caller passes the whole file for ZIPs; see :func:`auditor.ingest.load`).
    """
    if not head:
        raise EmptyFileError(path, "")
    stripped = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if stripped.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE):
        return "doc"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"{\\rtf"):
        return "doc"  # a ".doc" saved as RTF: LibreOffice converts it like a legacy Word file
    for magic, what in ((b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
                        (b"\x1f\x8b", "gzip archive"), (b"Rar!", "RAR archive"), (b"7z\xbc\xaf", "7z archive")):
        if head.startswith(magic):
            raise UnsupportedFormatError(path, what)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _bomless_utf16(head):
        # UTF-16 text: look for markup in the decoded sample, not in the raw bytes
        from auditor.ingest.text import decode

        stripped = decode(head[:8192]).lstrip("\ufeff\r\n\t ").encode("utf-8", "replace")
        lower = stripped[:4096].lower()
        is_html = any(m in lower for m in _HTML_MARKERS) or (lower.startswith(b"<") and b">" in lower[:200])
        return "html" if is_html else "text"
    lower = stripped[:4096].lower()
    if any(m in lower for m in _HTML_MARKERS) or (lower.startswith(b"<") and b">" in lower[:200]):
        return "html"
    if _looks_binary(head):
        raise UnsupportedFormatError(path, "binary data, not text, HTML, PDF or Word")
    return "text"


def zip_kind(data: bytes, path: str = "") -> str:
    """A ZIP is a report only when it is a Word document; anything else is named as what it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(path, f"broken ZIP container ({exc})") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        raise UnsupportedFormatError(path, "OpenDocument file (save it as .docx or PDF)")
    if any(n.startswith("xl/") for n in names):
        raise UnsupportedFormatError(path, "spreadsheet (.xlsx), not a report")
    raise UnsupportedFormatError(path, f"ZIP archive with {len(names)} entries, not a Word document")


def _bomless_utf16(head: bytes) -> str | None:
    from auditor.ingest.text import _bomless_utf16 as guess

    return guess(head)


# the control bytes (< 9 and 14..31, not tab and line ends): what bytes.translate deletes to count them
_CONTROL_BYTES = bytes(b for b in range(256) if b < 9 or 13 < b < 32)


def _looks_binary(head: bytes) -> bool:
    sample = head[:8192]
    if b"\x00" in sample and sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NULs
    # NUL counts as a control byte: a scraped page with a stray NUL or escape is still text, whereas real
    # binary data is dense with control bytes.
    # deleted in C, counted by the length lost: no Python step per byte
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control > len(sample) * 0.05
