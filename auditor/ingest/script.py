"""Reports written in traditional characters (mirror sites, old pages): read them in simplified form.

The conversion is one character for one, so every offset into ``Document.text`` stays valid in
``Document.original`` (which keeps the characters as written).  Section roles, template phrases, lexicons,
agency names and the copy detector all work on simplified text; without it a mirrored report would be
an unknown agency with no recognisable narrative.  Applied only when the document is written in
traditional characters: one-for-one conversion would corrupt simplified text that uses a shared
character in its other sense.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from auditor.ingest.normalize import count_han, count_traditional, to_simplified
from auditor.model import Document, Finding

_MIN_TRADITIONAL = 10
# a simplified report quoting a traditional title has a handful; a traditional one, one Chinese character in four
_MIN_SHARE = 0.03

__all__ = ["read_as_simplified"]


def read_as_simplified(doc: Document) -> Document:
    """``doc`` with text, table cells and page metadata in simplified characters when it is traditional."""
    trad = count_traditional(doc.text)
    if trad < _MIN_TRADITIONAL:
        return doc
    han = count_han(doc.text)
    if trad < _MIN_SHARE * han:
        return doc
    tables = tuple(dataclasses.replace(t, rows=tuple(tuple(dataclasses.replace(c, text=to_simplified(c.text))
                                                                for c in row) for row in t.rows))
                   for t in doc.tables)
    note = Finding("ingest.traditional_script", "info",
                   f"written in traditional characters ({trad} of {han} Chinese characters are traditional-only); "
                   "read in simplified form, quotes show the simplified text", status="note", stage="ingest",
                   data={"traditional": trad, "chinese": han})
    return dataclasses.replace(doc, text=to_simplified(doc.text), tables=tables, meta=_simplified_meta(doc.meta),
                               findings=(*doc.findings, note))


def _simplified_meta(value: Any) -> Any:
    if isinstance(value, str):
        return to_simplified(value)
    if isinstance(value, dict):
        return {k: _simplified_meta(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_simplified_meta(v) for v in value)
    return value
