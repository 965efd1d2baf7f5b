"""Real reports for the table tests: documents loaded once, gold cells flattened by key."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path
from typing import Any

from auditor.ingest import load
from auditor.model import Document, Report
from auditor.structure.tables import extract_tables

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def gold(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def table_golds() -> list[str]:
    """Gold reports that have tables (legacy reports have none)."""
    return sorted(p.stem for p in (FIXTURES / "expected").glob("*.json") if gold(p.stem).get("tables"))


def source(name: str) -> Path:
    return FIXTURES / "reports" / Path(gold(name)["file"]).name


def flat(tables: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in tables.items():
        key = f"{prefix}.{k}" if prefix else k
        out.update(flat(v, key) if isinstance(v, dict) else {key: v})
    return out


@cache
def document(name: str) -> Document:
    return load(source(name))


def report_of(doc: Document) -> Report:
    return Report(file=doc.path, format=doc.format, text=doc.text, document=doc)


def extracted(name: str, grids: bool = True) -> Report:
    """The tables stage on a real report; ``grids=False`` hides the reader's grids (text path)."""
    doc = document(name)
    if not grids:
        doc = dataclasses.replace(doc, tables=(), format="text")
    return extract_tables(report_of(doc))


def same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6
