"""The cells each template requires, derived from the spec (corpora/tables.json), never listed in code."""

from __future__ import annotations

from functools import cache

from auditor.resources import table_spec

from .cells import t3_rows

# Rows the spec marks optional ("(optional row)" in its label): absent is not a finding.
_OPTIONAL_MARK = "optional"


@cache
def required_keys(template: str) -> dict[str, tuple[str, ...]]:
    """Table name → the canonical keys of every cell the template requires, in table order."""
    if template not in ("2019", "2021"):
        return {}
    spec = table_spec()["templates"]
    t2 = spec[template]["t2"]["blocks"]
    t2_keys = tuple(
        f"t2.{b}.{r}.{c}"
        for b, block in t2.items()
        for r, label in block["rows"].items() if _OPTIONAL_MARK not in label
        for c in block["columns"]
    )
    t3_cols = tuple(spec["2021"]["t3"]["columns"])
    t3_keys = tuple(f"t3.{r}.{c}" for r in t3_rows(template) for c in t3_cols)
    t4 = spec["2021"]["t4"]
    t4_keys = tuple(f"t4.{g}.{c}" for g in t4["groups"] for c in t4["columns"])
    return {"t2": t2_keys, "t3": t3_keys, "t4": t4_keys}


@cache
def known_keys(template: str) -> frozenset[str]:
    """Required keys plus the optional ones (an optional row present is not an extra row)."""
    if template not in ("2019", "2021"):
        return frozenset()
    spec = table_spec()["templates"][template]["t2"]["blocks"]
    optional = {f"t2.{b}.{r}.{c}" for b, block in spec.items() for r, label in block["rows"].items()
                if _OPTIONAL_MARK in label for c in block["columns"]}
    return frozenset(k for keys in required_keys(template).values() for k in keys) | optional
