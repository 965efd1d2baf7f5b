"""The canonical keys of t2/t3/t4 per template, read from the one spec (``auditor.resources.table_spec``).

Labels in the spec are paths (``（三）不予公开/1.属于国家秘密``); we match on the last part (the leaf) and
keep the group for context.  Aliases from ``corpora/tables/labels.json`` are added to each key's variants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from auditor.resources import table_spec
from auditor.structure.tables.labels import aliases, core

_NOTE = re.compile(r"\s*\((?:optional row|an amount with its unit)\)\s*$")


def _leaf(label: str) -> str:
    return _NOTE.sub("", label.split("/")[-1]).strip()


@dataclass(frozen=True)
class Block:
    """A t2 block (``art20_1`` …) of one template: its anchor label, rows and columns in spec order."""

    key: str
    label: str
    rows: dict[str, tuple[str, ...]]
    cols: dict[str, tuple[str, ...]]
    optional_rows: frozenset[str]


@dataclass(frozen=True)
class Keys:
    template: str
    t2: dict[str, Block]
    t3_rows: dict[str, tuple[str, ...]]
    t3_cols: dict[str, tuple[str, ...]]
    t4_groups: dict[str, tuple[str, ...]]
    t4_cols: dict[str, tuple[str, ...]]


def _variants(area: str, key: str, label: str) -> tuple[str, ...]:
    out = [_leaf(label)]
    out += [a for a in aliases(area, key) if a not in out]
    return tuple(out)


@cache
def template_keys(template: str) -> Keys:
    """Keys of ``template`` ("2019" or "2021"); the 2019 t3/t4 are those of 2021 except （六）."""
    spec = table_spec()["templates"]
    t = spec[template]
    blocks = {}
    for bkey, b in t["t2"]["blocks"].items():
        rows = {k: _variants("t2.rows", k, v) for k, v in b["rows"].items()}
        cols = {k: _variants("t2.cols", k, v) for k, v in b["columns"].items()}
        optional = frozenset(k for k, v in b["rows"].items() if "optional" in v)
        blocks[bkey] = Block(bkey, b["label"], rows, cols, optional)
    t3 = spec["2021"]["t3"]
    t3_rows = {k: _variants("t3.rows", k, v) for k, v in t3["rows"].items()}
    if template == "2019":
        # spec: same rows as 2021 except （六）其他处理 is one row 'other'
        merged: dict[str, tuple[str, ...]] = {}
        for k, v in t3_rows.items():
            if k.startswith("other."):
                if "other" not in merged:
                    merged["other"] = _variants("t3.rows", "other", "（六）其他处理")
                continue
            merged[k] = v
        t3_rows = merged
    t3_cols = {k: _variants("t3.cols", k, v) for k, v in t3["columns"].items()}
    t4 = spec["2021"]["t4"]
    t4_groups = {k: _variants("t4.groups", k, v) for k, v in t4["groups"].items()}
    t4_cols = {k: _variants("t4.cols", k, v) for k, v in t4["columns"].items()}
    return Keys(template, blocks, t3_rows, t3_cols, t4_groups, t4_cols)


@cache
def t3_column_group() -> tuple[str, tuple[str, ...]]:
    """The grouping label of the t3 organisation columns (法人或其他组织) and the keys under it."""
    cols = table_spec()["templates"]["2021"]["t3"]["columns"]
    grouped = [(k, v.split("/")[0]) for k, v in cols.items() if "/" in v]
    return (grouped[0][1] if grouped else ""), tuple(k for k, _ in grouped)


@cache
def t4_words() -> tuple[str, ...]:
    """Every word of t4's group and column labels (行政复议, 行政诉讼, 未经复议直接起诉, 结果维持 …), normalised."""
    t4 = table_spec()["templates"]["2021"]["t4"]
    words = {core(part) for label in (*t4["groups"].values(), *t4["columns"].values()) for part in label.split("/")}
    return tuple(w for w in words if w)


AMOUNT_COLS = {("art20_8", "amount"), ("art20_9", "amount")}
SIGNED_COLS = {"change"}  # 本年增/减 may be negative; every other count is non-negative (spec value_rules)
T4_PARTS = ("upheld", "corrected", "other", "pending")


def outcome_rows(rows: list[str]) -> list[str]:
    """The outcome rows of t3 (（一）…（六）) among ``rows``: those summed by （七）总计."""
    skip = {"new_received", "carried_over", "total_processed", "carried_forward"}
    return [r for r in rows if r not in skip]
