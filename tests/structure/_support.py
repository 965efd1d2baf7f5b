"""Shared helpers for the structure tests: parse each real report once (ingest + structure stage)."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from auditor.ingest import load
from auditor.model import Report
from auditor.structure import build_structure

_READERS = {".pdf": "auditor.ingest.pdf", ".html": "auditor.ingest.html", ".htm": "auditor.ingest.html",
            ".docx": "auditor.ingest.docx"}
_NORM = re.compile(r"[\s\u3000|·•,，、.．:：;；()（）\[\]【】“”\"'‘’#]")


def norm(s: str) -> str:
    """The comparison the project's scorer uses: NFKC, no spaces or punctuation."""
    return _NORM.sub("", unicodedata.normalize("NFKC", s or ""))


def skip_without_reader(path: Path) -> None:
    """Skip a PDF/HTML case only while its reader module is not there yet (written in parallel)."""
    mod = _READERS.get(path.suffix.lower())
    if mod and importlib.util.find_spec(mod) is None:
        pytest.skip(f"{mod} not written yet")


@cache
def structured(path: Path) -> Report:
    doc = load(path)
    return build_structure(Report(file=str(path), format=doc.format, text=doc.text, document=doc,
                                  findings=doc.findings, meta=dict(doc.meta)))


def structured_text(text: str, meta: dict | None = None) -> Report:
    """Run the stage on a text (a real report edited by a test)."""
    return build_structure(Report(file="<edited>", format="text", text=text, meta=dict(meta or {})))
