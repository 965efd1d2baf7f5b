"""Ingestion: any report file → :class:`auditor.model.Document`.

The format is sniffed from the bytes; each reader lives in its own module.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from auditor.config import IngestSettings
from auditor.errors import AuditError, CorruptFileError, EmptyFileError, FileTooLargeError, MissingFileError
from auditor.ingest.detect import sniff, zip_kind
from auditor.ingest.script import read_as_simplified
from auditor.model import Document

__all__ = ["load", "load_bytes"]


def load(path: str | os.PathLike[str], settings: IngestSettings | Mapping[str, Any] | None = None) -> Document:
    """Read one report file.  Raises a coded :class:`~auditor.errors.AuditError` naming the file."""
    cfg = IngestSettings.resolve(settings)
    p = os.fspath(path)
    if not os.path.exists(p):
        raise MissingFileError(p, "it does not exist (check the path)")
    if os.path.isdir(p):
        raise MissingFileError(p, "it is a folder, not a file")
    try:
        size = os.path.getsize(p)
    except OSError as exc:
        raise CorruptFileError(p, exc.strerror or str(exc)) from None
    if size == 0:
        raise EmptyFileError(p, "")
    if size > cfg.max_bytes:
        raise FileTooLargeError(p, f"{size / 2**20:.0f} MiB, the limit is {cfg.max_bytes / 2**20:.0f} MiB")
    try:
        with open(p, "rb") as fh:
            data = fh.read(cfg.max_bytes + 1)  # never more than the limit, even if the file grew
    except OSError as exc:
        raise CorruptFileError(p, exc.strerror or str(exc)) from None
    return load_bytes(data, p, cfg)


def load_bytes(data: bytes, path: str = "<bytes>", settings: IngestSettings | Mapping[str, Any] | None = None) -> Document:
    """Read one report from its bytes (the format sniffed from them); traditional characters read as simplified."""
    return read_as_simplified(_read(data, path, settings))


def _read(data: bytes, path: str, settings: IngestSettings | Mapping[str, Any] | None) -> Document:
    cfg = IngestSettings.resolve(settings)
    if not data.strip():
        raise EmptyFileError(path, " (only white space)" if data else "")
    kind = sniff(data[:65536], path)
    if kind == "zip":
        kind = zip_kind(data, path)
    try:
        if kind == "pdf":
            from auditor.ingest.pdf import load_pdf

            return load_pdf(data, path, cfg)
        if kind == "docx":
            from auditor.ingest.docx import load_docx

            return load_docx(data, path, cfg)
        if kind == "doc":
            from auditor.ingest.office import load_legacy_office

            return load_legacy_office(data, path, cfg)
        if kind == "html":
            from auditor.ingest.html import load_html

            return load_html(data, path)
        from auditor.ingest.text import load_text

        return load_text(data, path)
    except AuditError:
        raise
    except MemoryError:
        raise FileTooLargeError(path, "ran out of memory while reading") from None
    except Exception as exc:  # a reader library failed on damaged input: name it, never a traceback
        raise CorruptFileError(path, f"{kind} reader failed: {type(exc).__name__}: {exc}") from None
