"""The one data model every stage extends.

A stage takes a record and returns a new one (``dataclasses.replace``): records are frozen, hold only
plain values and tuples, and serialise to JSON with :func:`to_dict`, so a batch engine can ship them
between processes (or Spark executors) and a UI can show any finding in context.

Every span-like record holds ``start``/``end`` character offsets into ``Document.text`` (which is the
same string as ``Report.text``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Format = Literal["html", "pdf", "docx", "doc", "text"]
Template = Literal["2021", "2019", "legacy", "unknown"]
Severity = Literal["error", "warning", "info"]
Status = Literal["fail", "cannot_verify", "pass", "note"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a finding is proved: a span of the report text, optionally a table cell or another file."""

    start: int
    end: int
    text: str = ""
    cell: str | None = None  # canonical cell key, e.g. "t3.new_received.total"
    file: str | None = None  # set when the evidence is in another report (copy source, previous year)


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of a rule. ``code`` is the rule id (``t3.balance``, ``ingest.no_text_layer``…)."""

    code: str
    severity: Severity
    message: str
    evidence: tuple[Evidence, ...] = ()
    status: Status = "fail"
    stage: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a source table after rowspan/colspan expansion.

    Cells covered by a span repeat the text of the span's top-left cell and point to it with ``origin``.
    """

    row: int
    col: int
    text: str
    start: int
    end: int
    origin: tuple[int, int]
    page: int | None = None

    @property
    def is_origin(self) -> bool:
        return self.origin == (self.row, self.col)


@dataclass(frozen=True, slots=True)
class Table:
    """A table as the source laid it out (before canonical keys are assigned)."""

    index: int
    rows: tuple[tuple[GridCell, ...], ...]
    start: int
    end: int
    pages: tuple[int, ...] = ()
    source: str = ""  # html | pdf | docx | text

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True, slots=True)
class Document:
    """What ingestion produces: the report's text in reading order, its tables, and file metadata.

    ``text`` is ``original`` with a length-preserving character normalisation (Kangxi radicals and CJK
    compatibility ideographs to unified ideographs, full-width digits and letters to ASCII), so every
    offset is valid in both.  Tables are rendered into ``text`` one row per line, cells separated by
    `` | ``, and each ``GridCell`` holds its offsets there.
    """

    path: str
    format: Format
    text: str
    original: str
    tables: tuple[Table, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    pages: tuple[int, ...] = ()  # start offset of each page in ``text`` (PDF)
    findings: tuple[Finding, ...] = ()

    def page_of(self, offset: int) -> int | None:
        if not self.pages:
            return None
        page = None
        for i, start in enumerate(self.pages):
            if start <= offset:
                page = i + 1
            else:
                break
        return page


@dataclass(frozen=True, slots=True)
class Item:
    """A sub-item （一）, an enumerated item 一是 / 1., or a problem / improvement of section 五."""

    kind: str  # "sub" | "enum" | "problem" | "improvement"
    label: str  # the enumerator as written: "（一）", "一是", "1."
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Section:
    no: int  # the number as written (一 → 1); legacy reports may have 7
    heading: str
    start: int  # offset of the heading
    body_start: int
    end: int
    key: str  # canonical role: overview | proactive | requests | review | problems | other | fees | ...
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell under its canonical key.

    ``path`` is the key's parts as the spec names them: ``("t3", "denied.state_secret", "total")``,
    ``("t2", "art20_1", "regulations", "issued")``, ``("t4", "review", "upheld")``; ``key`` joins them with
    dots (row keys may contain a dot themselves, so split ``path``, never ``key``).
    """

    path: tuple[str, ...]
    value: int | float | None
    raw: str
    start: int = -1
    end: int = -1
    unit: str | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    status: Literal["ok", "null", "ambiguous"] = "ok"
    candidates: tuple[int | float, ...] = ()

    @property
    def key(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    section: int | None = None
    part: str | None = None  # problem | improvement | None
    label: str | None = None  # substantive | boilerplate | template
    p_substantive: float | None = None
    specificity: int = 0


@dataclass(frozen=True, slots=True)
class Report:
    """A parsed report: the document plus everything the stages found in it."""

    file: str
    format: Format
    text: str
    agency: str | None = None
    year: int | None = None
    published: str | None = None  # ISO date
    template: Template = "unknown"
    sections: tuple[Section, ...] = ()
    cells: Mapping[str, Cell] = field(default_factory=dict)  # by Cell.key
    sentences: tuple[Sentence, ...] = ()
    findings: tuple[Finding, ...] = ()
    measures: Mapping[str, Any] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)
    document: Document | None = None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def section_text(self, section: Section) -> str:
        return self.text[section.body_start : section.end]

    def items(self, kind: str) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items if i.kind == kind)

    def with_findings(self, *findings: Finding) -> Report:
        return dataclasses.replace(self, findings=self.findings + tuple(findings))


# Field names per dataclass type: ``dataclasses.fields`` is slow enough to dominate storing a report (a
# report holds thousands of records), and a class's fields never change.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_dict(record: Any) -> Any:
    """JSON-ready plain data for any record of this module (tuples become lists)."""
    kind = type(record)
    if kind in _PLAIN:
        return record
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(record) and not isinstance(record, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(record))
    if names is not None:
        return {name: to_dict(getattr(record, name)) for name in names}
    if isinstance(record, Mapping):
        return {str(k): to_dict(v) for k, v in record.items()}
    if isinstance(record, list | tuple):
        return [to_dict(v) for v in record]
    return record


# (field name, nested spec or None) per dataclass: reading a stored report builds tens of thousands of
# records, and looking the fields and their specs up each time was most of the cost.
_PLANS: dict[type, tuple[tuple[str, tuple[str, type] | None], ...]] = {}


def _from(cls: type, data: Mapping[str, Any]) -> Any:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple((f.name, _NESTED.get((cls.__name__, f.name))) for f in dataclasses.fields(cls))
    kwargs: dict[str, Any] = {}
    for name, spec in plan:
        if name not in data:
            continue
        v = data[name]
        if spec is None:  # the common case, inline: a plain value, or a list of them stored for a tuple
            kwargs[name] = tuple(tuple(x) if isinstance(x, list) else x for x in v) if isinstance(v, list) else v
        else:
            kwargs[name] = _convert(cls, name, v)
    return cls(**kwargs)


_NESTED: dict[tuple[str, str], tuple[str, type]] = {}


def _convert(cls: type, name: str, v: Any) -> Any:
    spec = _NESTED.get((cls.__name__, name))
    if spec is None:
        if isinstance(v, list):
            return tuple(tuple(x) if isinstance(x, list) else x for x in v)
        return v
    shape, target = spec
    if v is None:
        return None
    if shape == "one":
        return _from(target, v)
    if shape == "many":
        return tuple(_from(target, x) for x in v)
    if shape == "grid":
        return tuple(tuple(_from(target, x) for x in row) for row in v)
    if shape == "map":
        return {k: _from(target, x) for k, x in v.items()}
    raise AssertionError(shape)


_NESTED.update(
    {
        ("Finding", "evidence"): ("many", Evidence),
        ("Table", "rows"): ("grid", GridCell),
        ("Document", "tables"): ("many", Table),
        ("Document", "findings"): ("many", Finding),
        ("Section", "items"): ("many", Item),
        ("Report", "sections"): ("many", Section),
        ("Report", "cells"): ("map", Cell),
        ("Report", "sentences"): ("many", Sentence),
        ("Report", "findings"): ("many", Finding),
        ("Report", "document"): ("one", Document),
    }
)


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """Inverse of :func:`to_dict` for a :class:`Report` (used by the store and by worker processes)."""
    return _from(Report, data)
