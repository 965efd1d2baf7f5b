"""Cell text → value: integer counts, decimal amounts with their unit, and nulls that are never 0.

A blank cell or one holding —, -, /, 无, ／ (``corpora/tables/labels.json`` ``null_tokens``) is null:
value ``None``, status ``"null"``, raw text kept.  Real tables leave zeros blank; the checks read such
blanks as 0 and say so, but the extraction must not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from auditor.structure.tables.labels import fold, label_data

_COUNT_SUFFIX = re.compile(r"(件|项|个|条|次|人次|宗)$")
_NUMBER = re.compile(r"^[+\-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+\-−]?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Value:
    value: int | float | None
    status: str  # ok | null | bad
    unit: str | None = None


@cache
def _nulls() -> frozenset[str]:
    return frozenset(fold(t).strip() for t in label_data()["null_tokens"])


@cache
def units() -> tuple[str, ...]:
    # longest first: 万元 before 元
    return tuple(sorted(label_data()["units"], key=len, reverse=True))


@lru_cache(maxsize=8192)
def is_null(raw: str) -> bool:
    return " ".join(fold(raw).split()) in _nulls() or not raw.strip()


@lru_cache(maxsize=8192)
def parse_value(raw: str, amount: bool = False, header_unit: str | None = None) -> Value:
    """Read one cell.  ``amount`` cells are floats with a unit (written in the cell or in the header)."""
    text = "".join(fold(raw).split())
    if is_null(raw):
        return Value(None, "null")
    unit = None
    for u in units():
        if text.endswith(u):
            unit, text = u, text[: -len(u)]
            break
    text = _COUNT_SUFFIX.sub("", text) if not amount else text
    if not _NUMBER.match(text):
        return Value(None, "bad", unit)
    text = text.replace(",", "").replace("−", "-").lstrip("+")
    if amount:
        return Value(float(text), "ok", unit or header_unit)
    if "." in text:
        f = float(text)
        # a count written 3.0 is 3; 2.5 is not a count — keep it and let the checks flag it
        return Value(int(f) if f.is_integer() else f, "ok")
    return Value(int(text), "ok")


def header_unit(header: str) -> str | None:
    """The unit a column header declares (``本年收费金额（单位：万元）`` → 万元)."""
    h = fold(header)
    for u in units():
        if u in h:
            return u
    return None
