"""Test helper: build ZIP containers (DOCX bombs, renamed archives) in memory."""

from __future__ import annotations

import io
import zipfile


def make_zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()
