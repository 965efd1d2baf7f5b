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


# One generated converter per dataclass type: a report holds thousands of records, and looking their fields
# up (``dataclasses.fields``) and calling ``to_dict`` on every plain value was most of the cost of storing
# one.  The generated code does what the generic branches below do, field by field.
_TO_DICT: dict[type, Any] = {}
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _record_converter(kind: type) -> Any:
    names = [f.name for f in dataclasses.fields(kind)]
    lines = [f"    v{i} = r.{name}" for i, name in enumerate(names)]
    items = ", ".join(f"{name!r}: v{i} if type(v{i}) in plain else to_dict(v{i})" for i, name in enumerate(names))
    src = "def convert(r):\n" + "\n".join(lines) + f"\n    return {{{items}}}\n"
    scope: dict[str, Any] = {"plain": _PLAIN, "to_dict": to_dict}
    exec(compile(src, f"<to_dict {kind.__name__}>", "exec"), scope)  # names are identifiers: safe
    return scope["convert"]


def to_dict(record: Any) -> Any:
    """JSON-ready plain data for any record of this module (tuples become lists)."""
    kind = type(record)
    if kind in _PLAIN:
        return record
    if kind is dict:  # measures and finding data: plain dicts, no dataclass can be one
        return {k if type(k) is str else str(k): v if type(v) in _PLAIN else to_dict(v) for k, v in record.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else to_dict(v) for v in record]
    convert = _TO_DICT.get(kind)
    if convert is None and dataclasses.is_dataclass(record) and not isinstance(record, type):
        convert = _TO_DICT[kind] = _record_converter(kind)
    if convert is not None:
        return convert(record)
    if isinstance(record, Mapping):
        return {str(k): v if type(v) in _PLAIN else to_dict(v) for k, v in record.items()}
    if isinstance(record, list | tuple):
        return [v if type(v) in _PLAIN else to_dict(v) for v in record]
    return record


# (field name, nested spec or None) per dataclass, for the general path of reading a record; the common
# path (every field present, as ``to_dict`` writes them) is a generated function per class, since reading a
# stored report builds tens of thousands of records.
_PLANS: dict[type, tuple[tuple[str, tuple[str, type] | None], ...]] = {}
_FROM: dict[type, Any] = {}


def _plain_tuple(v: list[Any]) -> tuple[Any, ...]:
    """A list stored for a tuple field (one level of nested lists for tuples of pairs)."""
    return tuple(tuple(x) if isinstance(x, list) else x for x in v)


def _from(cls: type, data: Mapping[str, Any]) -> Any:
    make = _FROM.get(cls)
    if make is None:
        make = _FROM[cls] = _record_reader(cls)
    return make(data)


def _from_general(cls: type, data: Mapping[str, Any]) -> Any:
    """Any subset of the fields (the missing ones take their defaults)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple((f.name, _NESTED.get((cls.__name__, f.name))) for f in dataclasses.fields(cls))
    kwargs: dict[str, Any] = {}
    for name, spec in plan:
        if name not in data:
            continue
        v = data[name]
        if spec is None:  # the common case, inline: a plain value, or a list of them stored for a tuple
            kwargs[name] = _plain_tuple(v) if isinstance(v, list) else v
        else:
            kwargs[name] = _convert(cls, name, v)
    return cls(**kwargs)


def _record_reader(cls: type) -> Any:
    """``data -> cls(...)`` with each field converted as :func:`_convert` does, positional (a missing field
    takes its default, as a missing keyword would); anything but a plain dict goes the general way."""
    fields = dataclasses.fields(cls)
    if not all(f.init for f in fields):
        return lambda data: _from_general(cls, data)
    scope: dict[str, Any] = {"cls": cls, "general": _from_general, "plain": _plain_tuple, "from_": _from,
                             "missing": dataclasses.MISSING}
    fetch, args = [], []
    for i, f in enumerate(fields):
        spec = _NESTED.get((cls.__name__, f.name))
        if spec is None:
            conv = f"plain(v{i}) if isinstance(v{i}, list) else v{i}"
        else:
            shape, target = spec
            scope[f"T{i}"] = target
            conv = "None if v{i} is None else " + {
                "one": "from_(T{i}, v{i})",
                "many": "tuple([from_(T{i}, x) for x in v{i}])",
                "grid": "tuple([tuple([from_(T{i}, x) for x in row]) for row in v{i}])",
                "map": "{{k: from_(T{i}, x) for k, x in v{i}.items()}}"}[shape]
            conv = conv.format(i=i)
        fetch.append(f"    v{i} = data.get({f.name!r}, missing)")
        if f.default is not dataclasses.MISSING:
            scope[f"D{i}"] = f.default
            args.append(f"D{i} if v{i} is missing else ({conv})")
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"F{i}"] = f.default_factory
            args.append(f"F{i}() if v{i} is missing else ({conv})")
        else:
            fetch.append(f"    if v{i} is missing:\n        return general(cls, data)  # the error it gives")
            args.append(f"({conv})")
    if _slot_setters(cls, fields, scope):
        # the frozen ``__init__`` sets each field through ``object.__setattr__``; setting the slots
        # directly does the same (no ``__post_init__``, nothing else in it) in half the time
        build = "    o = new(cls)\n" + "".join(f"    S{i}(o, {a})\n" for i, a in enumerate(args)) + "    return o\n"
    else:
        build = "    return cls(" + ", ".join(args) + ")\n"
    src = ("def read(data):\n    if type(data) is not dict:\n        return general(cls, data)\n"
           + "\n".join(fetch) + "\n" + build)
    exec(compile(src, f"<from_dict {cls.__name__}>", "exec"), scope)  # names are identifiers: safe
    return scope["read"]


def _slot_setters(cls: type, fields: tuple[dataclasses.Field[Any], ...], scope: dict[str, Any]) -> bool:
    """Put the slot setters of ``cls``'s fields in ``scope`` (``S0``…) when its ``__init__`` only sets them."""
    if hasattr(cls, "__post_init__") or set(getattr(cls, "__slots__", ())) != {f.name for f in fields}:
        return False
    setters = [getattr(cls, f.name) for f in fields]
    if not all(type(d).__name__ == "member_descriptor" for d in setters):
        return False
    scope["new"] = object.__new__
    scope.update({f"S{i}": d.__set__ for i, d in enumerate(setters)})
    return True


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


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    """Inverse of :func:`to_dict` for a :class:`Finding` (as stored in a report's ``findings``)."""
    return _from(Finding, data)


def _positional_builder(cls: type) -> Any:
    """``cls(*args)`` for every field given positionally, setting the slots directly when that is the same.

    A frozen ``__init__`` sets each field through ``object.__setattr__``; a reader building hundreds of
    records (a table's grid cells) halves its cost this way.  Nothing is checked: callers pass every field.
    """
    fields = dataclasses.fields(cls)
    scope: dict[str, Any] = {"cls": cls}
    if not all(f.init for f in fields) or not _slot_setters(cls, fields, scope):
        return cls
    params = ", ".join(f"v{i}" for i in range(len(fields)))
    src = (f"def build({params}):\n    o = new(cls)\n"
           + "".join(f"    S{i}(o, v{i})\n" for i in range(len(fields))) + "    return o\n")
    exec(compile(src, f"<build {cls.__name__}>", "exec"), scope)  # names are identifiers: safe
    return scope["build"]


# GridCell(row, col, text, start, end, origin, page) for table readers: the same record, built faster
new_grid_cell: Any = _positional_builder(GridCell)
