"""The SQLite store of an audited archive: one row per file, its findings, and the copy-paste blocks.

WAL mode, one writer (the batch engine's main process), commits per small batch; ``reports.path`` is
UNIQUE, so a batch killed at any moment and run again neither loses nor duplicates a report.  Reports are
kept as zlib-compressed JSON (:func:`auditor.model.to_dict` without the raw ``document``) next to the
columns a ranking needs, so SQL alone (a notebook, ``sqlite3``) can rank without the package.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import os
import re
import sqlite3
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from auditor.errors import StoreError
from auditor.model import Report, report_from_dict

SCHEMA_VERSION = 1
COMPONENT_COLUMNS = ("completeness", "accuracy", "timeliness", "substance", "responsiveness", "originality")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    parser_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error TEXT,
    format TEXT, agency TEXT, year INTEGER, template TEXT, level TEXT, region TEXT, published TEXT,
    score REAL, coverage REAL,
    {", ".join(f"{c} REAL" for c in COMPONENT_COLUMNS)},
    n_findings INTEGER NOT NULL DEFAULT 0,
    scored INTEGER NOT NULL DEFAULT 0,
    report BLOB,
    updated_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS reports_agency_year ON reports(agency, year);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    code TEXT NOT NULL, severity TEXT, status TEXT, stage TEXT,
    component TEXT, points REAL NOT NULL DEFAULT 0,
    message TEXT, evidence TEXT,
    UNIQUE (report_id, seq)
);
CREATE INDEX IF NOT EXISTS findings_code ON findings(code);
CREATE TABLE IF NOT EXISTS reuse_blocks (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    a_report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    a_start INTEGER, a_end INTEGER, a_text TEXT,
    b_report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    b_start INTEGER, b_end INTEGER, b_text TEXT,
    overlap REAL, source_known INTEGER NOT NULL DEFAULT 1,
    UNIQUE (a_report, a_start, b_report, b_start)
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);
-- reports whose checks results do not depend on the parsed document, which is not stored: the archive
-- pass then reruns only the cross-year rules on them (a report missing here has every rule rerun)
CREATE TABLE IF NOT EXISTS checks_document_free (
    report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE
);
"""


# One encoder for every blob and evidence column (``json.dumps`` with arguments builds a new one per call);
# the same settings as ``json.dumps(x, ensure_ascii=False, default=str)``.
_encode = json.JSONEncoder(ensure_ascii=False, default=str, check_circular=False).encode  # to_dict made a tree
_scan = json.scanner.make_scanner(json.JSONDecoder())  # the C scanner json.loads uses
_WS = re.compile(r"[ \t\n\r]*")
_evidence = json.JSONEncoder(ensure_ascii=False).encode  # = json.dumps(x, ensure_ascii=False)


def pack(report: Report | Mapping[str, Any]) -> bytes:
    from auditor.model import to_dict

    d = dict(report) if isinstance(report, Mapping) else to_dict(report)
    d.pop("document", None)  # the raw layer is re-read from the file when needed
    # level 1: a report is packed twice per audit (parse, score), and level 6 took twice the time for a
    # store about a fifth smaller
    return zlib.compress(_encode(d).encode("utf-8"), 1)


def unpack(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


class Unpacked(NamedTuple):
    """A stored report, and the JSON text of each of its members' values as stored.

    ``raw`` lets :func:`pack_members` copy the members an archive-wide pass leaves alone (the text, the
    cells, the sentences…) instead of encoding them again; ``nested`` holds the same for the members of
    the objects asked for (``measures``), ``elements`` for the elements of the arrays asked for
    (``findings``).  All empty when the blob is not a plain JSON object.
    """

    data: dict[str, Any]
    raw: dict[str, str]
    nested: dict[str, dict[str, str]]
    elements: dict[str, list[str]]


def unpack_members(blob: bytes, nested: Collection[str] = ("measures",),
                   elements: Collection[str] = ("findings",)) -> Unpacked:
    """:func:`unpack`, keeping the stored JSON text of each member's value (see :class:`Unpacked`)."""
    text = zlib.decompress(blob).decode("utf-8")
    try:
        i = _skip(text, 0)
        if text[i:i + 1] == "{":
            data, raw, sub, elems, end = _members(text, i, nested, elements)
            if _skip(text, end) == len(text):
                return Unpacked(data, raw, sub, elems)
    except (ValueError, StopIteration, IndexError):
        pass
    return Unpacked(json.loads(text), {}, {}, {})  # anything unusual: decoded (or refused) as json.loads does


def _skip(s: str, i: int) -> int:
    """The index of the first non-blank character at or after ``i`` (JSON white space)."""
    return _WS.match(s, i).end()  # type: ignore[union-attr]  # the pattern matches the empty string


def unpack_prefix(blob: bytes, fields: Sequence[str]) -> dict[str, Any]:
    """The members ``fields`` of a stored report, decoding it only as far as the last of them (a report is
    stored in :class:`~auditor.model.Report` field order: the text and tables first, findings and measures
    last)."""
    text = zlib.decompress(blob).decode("utf-8")
    try:
        i = _skip(text, 0)
        if text[i:i + 1] == "{":
            data = _members(text, i, until=frozenset(fields))[0]
            return {k: data[k] for k in fields if k in data}
    except (ValueError, StopIteration, IndexError):
        pass
    data = json.loads(text)
    return {k: data[k] for k in fields if k in data} if isinstance(data, dict) else {}


def _members(s: str, i: int, nested: Collection[str] = (), elements: Collection[str] = (),
             until: frozenset[str] = frozenset(),
             ) -> tuple[dict[str, Any], dict[str, str], dict[str, dict[str, str]], dict[str, list[str]], int]:
    """The JSON object at ``s[i] == '{'`` member by member, as ``json.loads`` decodes it, with the text
    of each value; returns (object, texts, texts of the members of the ``nested`` objects, texts of the
    elements of the ``elements`` arrays, end).  With ``until``, it keeps no texts and stops (end -1) as
    soon as it has decoded those members."""
    found: set[str] = set()
    obj: dict[str, Any] = {}
    raw: dict[str, str] = {}
    sub: dict[str, dict[str, str]] = {}
    elems: dict[str, list[str]] = {}
    i = _skip(s, i + 1)
    if s[i:i + 1] == "}":
        return obj, raw, sub, elems, i + 1
    while True:
        if s[i:i + 1] != '"':
            raise ValueError("expected a member name")
        key, i = json.decoder.scanstring(s, i + 1)
        i = _skip(s, i)
        if s[i:i + 1] != ":":
            raise ValueError("expected ':'")
        i = _skip(s, i + 1)
        sub.pop(key, None)  # a repeated name: the last one wins, as in json.loads
        elems.pop(key, None)
        if key in nested and s[i:i + 1] == "{":
            value, sub[key], _, _, end = _members(s, i)
        elif key in elements and s[i:i + 1] == "[":
            value, elems[key], end = _elements(s, i)
        else:
            value, end = _scan(s, i)
        obj[key] = value
        if until:  # a prefix read: only the values, and only as far as they go
            if key in until:
                found.add(key)
                if len(found) == len(until):
                    return obj, raw, sub, elems, -1
        else:
            raw[key] = s[i:end]
        i = _skip(s, end)
        if s[i:i + 1] == "}":
            return obj, raw, sub, elems, i + 1
        if s[i:i + 1] != ",":
            raise ValueError("expected ',' or '}'")
        i = _skip(s, i + 1)


def _elements(s: str, i: int) -> tuple[list[Any], list[str], int]:
    """The JSON array at ``s[i] == '['`` element by element: (array, texts of the elements, end)."""
    values: list[Any] = []
    texts: list[str] = []
    i = _skip(s, i + 1)
    if s[i:i + 1] == "]":
        return values, texts, i + 1
    while True:
        value, end = _scan(s, i)
        values.append(value)
        texts.append(s[i:end])
        i = _skip(s, end)
        if s[i:i + 1] == "]":
            return values, texts, i + 1
        if s[i:i + 1] != ",":
            raise ValueError("expected ',' or ']'")
        i = _skip(s, i + 1)


def encode_list(items: Sequence[Any], raw: Sequence[str | None]) -> str:
    """The JSON text of the list ``items`` as :func:`pack` writes it, taking the text of each item whose
    ``raw`` is not None from there (the caller vouches it is the text of that very value)."""
    return "[" + ", ".join(_encode(v) if t is None else t for v, t in zip(items, raw, strict=True)) + "]"


def encode_members(d: Mapping[str, Any], raw: Mapping[str, str]) -> str:
    """The JSON text of the object ``d`` as :func:`pack` writes it, taking the text of the members in
    ``raw`` from there: the caller vouches that those values are the ones that text decodes to."""
    return "{" + ", ".join(f"{_encode(k)}: {raw[k] if k in raw else _encode(v)}" for k, v in d.items()) + "}"


def pack_members(d: Mapping[str, Any], raw: Mapping[str, str]) -> bytes:
    """:func:`pack` of a stored report's dict whose members in ``raw`` are unchanged (see :class:`Unpacked`)."""
    if "document" in d:
        d = {k: v for k, v in d.items() if k != "document"}
    return zlib.compress(encode_members(d, raw).encode("utf-8"), 1)


class Store:
    """A thin wrapper over one SQLite file (``Store(path)``; use as a context manager)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        try:
            parent = os.path.dirname(os.path.abspath(self.path))
            os.makedirs(parent, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=60)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a committed row survives kill -9
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.executescript(_SCHEMA)
            self.conn.execute("INSERT OR IGNORE INTO state VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            self.conn.commit()
        except sqlite3.Error as exc:
            raise StoreError(self.path, f"{type(exc).__name__}: {exc}") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- state -----------------------------------------------------------------------------------------
    def get_state(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_state(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO state VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                          (key, value))

    # -- reports ---------------------------------------------------------------------------------------
    def known(self) -> dict[str, tuple[str, str]]:
        """path → (sha256, parser_version) of every stored file."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT path, sha256, parser_version FROM reports")}

    def put_result(self, result: Mapping[str, Any]) -> int:
        """Insert or replace one file's result (a worker's dict); its old findings go with it.

        ``result["report"]`` holds at least the columns and the findings; ``result["blob"]``, when there,
        is the whole report already packed (by the worker, to spare the single writer the work).
        """
        rep = result.get("report")
        cols = {"path": result["path"], "sha256": result["sha256"], "parser_version": result["parser_version"],
                "status": "error" if result.get("error") else "ok", "error": result.get("error"),
                "format": None, "agency": None, "year": None, "template": None, "published": None,
                "level": result.get("level"), "region": result.get("region"),
                "report": result.get("blob") or (pack(rep) if rep else None), "scored": 0, "score": None, "coverage": None,
                "n_findings": len(rep.get("findings", [])) if rep else 0}
        if rep:
            cols.update({k: rep.get(k) for k in ("format", "agency", "year", "template", "published")})
        cols.update(dict.fromkeys(COMPONENT_COLUMNS))
        names = ", ".join(cols)
        marks = ", ".join(f":{k}" for k in cols)
        updates = ", ".join(f"{k} = excluded.{k}" for k in cols if k != "path")
        cur = self.conn.execute(
            f"INSERT INTO reports ({names}) VALUES ({marks}) ON CONFLICT(path) DO UPDATE SET {updates}, "
            "updated_at = datetime('now') RETURNING id", cols)
        rid = int(cur.fetchone()[0])
        self.conn.execute("DELETE FROM findings WHERE report_id = ?", (rid,))
        if rep:
            self._put_findings(rid, rep.get("findings", []))
        if result.get("checks_document_free"):
            self.conn.execute("INSERT OR IGNORE INTO checks_document_free VALUES (?)", (rid,))
        else:
            self.conn.execute("DELETE FROM checks_document_free WHERE report_id = ?", (rid,))
        return rid

    def document_free_checks(self) -> set[int]:
        """The reports whose checks results do not depend on their (unstored) document."""
        return {int(r[0]) for r in self.conn.execute("SELECT report_id FROM checks_document_free")}

    def _put_findings(self, rid: int, findings: Iterable[Mapping[str, Any]],
                      deductions: Iterable[Mapping[str, Any]] = ()) -> None:
        """The findings of a report, each with the component and points it cost (from the deductions)."""
        owed: dict[tuple[str, str], list[tuple[str, float]]] = {}
        for d in deductions:
            if d.get("stage") == "score":
                continue  # priced through the scorer's own finding
            owed.setdefault((d["code"], d["message"]), []).append((d["component"], float(d["points"])))
        rows = []
        for seq, f in enumerate(findings):
            data = f.get("data") or {}
            if f.get("stage") == "score":
                component, points = data.get("component"), float(data.get("points", 0.0))
            else:  # another stage's finding that a component priced
                queue = owed.get((f["code"], f.get("message", "")))
                component, points = queue.pop(0) if queue else (None, 0.0)
            rows.append((rid, seq, f["code"], f.get("severity"), f.get("status"), f.get("stage"), component, points,
                         f.get("message"), _evidence(f.get("evidence", []))))
        self.conn.executemany("INSERT INTO findings (report_id, seq, code, severity, status, stage, component, "
                              "points, message, evidence) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)

    def put_scored(self, rid: int, blob: bytes, score: Mapping[str, Any], findings: list[Mapping[str, Any]],
                   final: bool = True) -> None:
        """Store a report after (part of) the archive-wide pass; ``final`` marks it scored."""
        comps = score.get("components", {})
        values = [(comps.get(c) or {}).get("points") for c in COMPONENT_COLUMNS]
        self.conn.execute(
            f"UPDATE reports SET score = ?, coverage = ?, level = COALESCE(?, level), n_findings = ?, scored = ?, "
            f"report = ?, {', '.join(f'{c} = ?' for c in COMPONENT_COLUMNS)}, updated_at = datetime('now') "
            "WHERE id = ?",
            (score.get("total"), score.get("coverage"), score.get("level"), len(findings), int(final), blob,
             *values, rid))
        self.conn.execute("DELETE FROM findings WHERE report_id = ?", (rid,))
        self._put_findings(rid, findings, score.get("deductions", []))

    def blob(self, rid: int) -> bytes:
        row = self.conn.execute("SELECT report FROM reports WHERE id = ?", (rid,)).fetchone()
        if row is None or row[0] is None:
            raise StoreError(self.path, f"no stored report with id {rid}")
        return bytes(row[0])

    def iter_reports(self, ok_only: bool = True) -> Iterator[tuple[int, dict[str, Any]]]:
        for rid, blob in self.iter_blobs(ok_only):
            yield rid, unpack(blob)

    def iter_blobs(self, ok_only: bool = True) -> Iterator[tuple[int, bytes]]:
        """(id, packed report) of every stored report, in path order: archive-wide results (copy detection)
        then depend on the set of files, not on the order in which workers happened to finish them."""
        where = "WHERE status = 'ok'" if ok_only else ""
        for row in self.conn.execute(f"SELECT id, report FROM reports {where} ORDER BY path"):
            if row["report"] is not None:
                yield int(row["id"]), row["report"]

    def report(self, rid: int) -> Report:
        row = self.conn.execute("SELECT report, status, error, path FROM reports WHERE id = ?", (rid,)).fetchone()
        if row is None:
            raise StoreError(self.path, f"no report with id {rid}")
        if row["report"] is None:
            raise StoreError(self.path, f"report {rid} ({row['path']}) failed: {row['error']}")
        return report_from_dict(unpack(row["report"]))

    def id_of(self, path: str) -> int | None:
        row = self.conn.execute("SELECT id FROM reports WHERE path = ?", (path,)).fetchone()
        return None if row is None else int(row[0])

    def replace_blocks(self, blocks: Iterable[tuple[Any, ...]]) -> None:
        self.conn.execute("DELETE FROM reuse_blocks")
        self.conn.executemany("INSERT OR IGNORE INTO reuse_blocks (kind, a_report, a_start, a_end, a_text, "
                              "b_report, b_start, b_end, b_text, overlap, source_known) "
                              "VALUES (?,?,?,?,?,?,?,?,?,?,?)", blocks)

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, tuple(params))]
