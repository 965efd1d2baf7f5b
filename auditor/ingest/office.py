"""Legacy Word (.doc), WPS (.wps) and RTF files: converted to .docx by LibreOffice when it is installed.

.doc and .wps are OLE compound files (and many ".doc" downloads are really RTF).  We look at the container's directory names before converting, so an
encrypted Office file or a spreadsheet is named for what it is instead of failing inside LibreOffice.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from auditor.config import IngestSettings
from auditor.errors import ConverterMissingError, CorruptFileError, EncryptedFileError, UnsupportedFormatError
from auditor.model import Document

__all__ = ["find_converter", "load_legacy_office"]


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


# OLE directory entries are UTF-16LE names
_ENCRYPTED = (_utf16("EncryptedPackage"), _utf16("EncryptionInfo"))
_WORD = (_utf16("WordDocument"),)
_SHEET = (_utf16("Workbook"), _utf16("Book"))
_SLIDES = (_utf16("PowerPoint Document"),)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def find_converter() -> str | None:
    """The LibreOffice executable, if any (``soffice`` or ``libreoffice`` on PATH)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def load_legacy_office(data: bytes, path: str, cfg: IngestSettings | None = None) -> Document:
    """Convert a .doc/.wps/.rtf to .docx with LibreOffice and read that; format ``doc``."""
    cfg = IngestSettings.resolve(cfg)
    is_ole = data.startswith(_OLE)
    if is_ole and any(m in data for m in _ENCRYPTED):
        raise EncryptedFileError(path, "password-protected Office document")
    if is_ole and not any(m in data for m in _WORD):
        if any(m in data for m in _SHEET):
            raise UnsupportedFormatError(path, "legacy spreadsheet (.xls/.et), not a report")
        if any(m in data for m in _SLIDES):
            raise UnsupportedFormatError(path, "legacy presentation (.ppt/.dps), not a report")
    soffice = find_converter()
    if soffice is None:
        raise ConverterMissingError(path, "a .doc/.wps file needs LibreOffice (soffice) to convert it to .docx; "
                                          "install LibreOffice, or save the file as .docx or PDF")
    docx_bytes = _convert(soffice, data, path, cfg.convert_timeout_s)
    from auditor.ingest.docx import load_docx

    doc = load_docx(docx_bytes, path, cfg)
    return dataclasses.replace(doc, format="doc", meta={**doc.meta, "converted_by": "libreoffice"})


def _convert(soffice: str, data: bytes, path: str, timeout: int) -> bytes:
    suffix = Path(path).suffix.lower() if Path(path).suffix.lower() in (".doc", ".wps") else ".doc"
    if data.startswith(b"{\\rtf"):
        suffix = ".rtf"
    with tempfile.TemporaryDirectory(prefix="auditor-convert-") as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        # a private profile: a running LibreOffice (or a parallel worker) would otherwise lock the default one
        cmd = [soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation=file://{tmp}/profile",
               "--convert-to", "docx", "--outdir", tmp, str(src)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # soffice forks soffice.bin: end the whole process group we started, not just the launcher
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise CorruptFileError(path, f"LibreOffice did not convert it within {timeout} s") from None
        out = Path(tmp) / "in.docx"
        if not out.is_file():
            tail = " ".join(err.decode("utf-8", "replace").split())[-200:]
            raise CorruptFileError(path, f"LibreOffice could not convert it ({tail or 'no output'})")
        return out.read_bytes()
