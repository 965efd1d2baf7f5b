"""The archive-wide pass of a batch audit, after every file is parsed: copy detection over all stored
reports, then the score of each report, with the cross-year checks of the reports that need them.

It runs whenever the store is *dirty* (a file was added or changed since the last complete pass); it is
idempotent, so a run killed inside it simply runs it again.  Scores (and cross-year checks) run on the
worker pool (workers get compressed report blobs and return blobs); copy detection is one streaming pass.

The cross-year checks (the checks stage again, given the same agency's report on the year before) run in
the scoring step of the report, not in a pass of their own: each report is then decoded, encoded and
written once, not once more for the checks.  They change only findings and measures, which copy detection
does not read, so doing them after it changes nothing.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

from auditor.model import Evidence, Report, finding_from_dict, report_from_dict, to_dict
from auditor.score import score_report
from auditor.store.db import (
    Store,
    encode_list,
    encode_members,
    pack_members,
    unpack,
    unpack_members,
    unpack_prefix,
)
from auditor.store.worker import make_pool, run_stage, select_stages

Progress = Callable[[str, int, int], None]  # (phase, done, total)
_CHUNK = 16
_REPORT_FIELDS = tuple(f.name for f in dataclasses.fields(Report))
# What the checks stage is given of the previous year's report: the stored report up to its cells (the
# cross-year rules read its cells, agency, year and template), not its sentences, findings, measures and
# meta, which are most of what decoding it would cost.
PREVIOUS_FIELDS = ("file", "format", "text", "agency", "year", "published", "template", "sections", "cells")


def _agency_key(name: str | None) -> str:
    try:
        from auditor.reuse.normalize import agency_key

        return agency_key(name)
    except ImportError:
        return "".join((name or "").split())


def _promised_in(d: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The improvements a stored report promised (for next year's responsiveness)."""
    return [{"start": i["start"], "end": i["end"], "text": i["text"], "file": d["file"]}
            for s in d.get("sections", []) for i in s.get("items", []) if i.get("kind") == "improvement"
            and len(i.get("text", "")) >= 10]


def _promised(store: Store, pid: int | None) -> list[dict[str, Any]]:
    """The improvements the report ``pid`` promised (for next year's responsiveness)."""
    if pid is None:
        return []
    return _promised_in(unpack_prefix(store.blob(pid), ("file", "sections")))


def _previous_pairs(store: Store) -> tuple[dict[int, int], dict[int, int]]:
    """(report → same agency's report on the year before: every such pair, and those where either is new
    since the last pass)."""
    by_key: dict[tuple[str, int], int] = {}
    rows = store.rows("SELECT id, agency, year, scored FROM reports WHERE status = 'ok' AND year IS NOT NULL "
                      "AND agency IS NOT NULL ORDER BY path")  # not id: ids follow completion order
    fresh = {r["id"] for r in rows if not r["scored"]}
    keys: dict[str, str] = {}  # agency → key: an agency has one report a year, its name one key
    for r in rows:
        name = r["agency"]
        r["key"] = keys[name] if name in keys else keys.setdefault(name, _agency_key(name))
        by_key.setdefault((r["key"], int(r["year"])), int(r["id"]))
    pairs: dict[int, int] = {}
    fresh_pairs: dict[int, int] = {}
    for r in rows:
        prev = by_key.get((r["key"], int(r["year"]) - 1))
        if prev is not None:
            pairs[int(r["id"])] = prev
            if r["id"] in fresh or prev in fresh:
                fresh_pairs[int(r["id"])] = prev
    return pairs, fresh_pairs


# What copy detection reads of a stored report (the text, sections, template and identity; ``meta`` only
# to identify a report without agency or year): the cells, sentences, findings and measures after them
# are most of a stored report, and are not even decoded.
_FOR_REUSE = ("file", "format", "text", "agency", "year", "published", "template", "sections")


def _reports(store: Store, wanted: Collection[int] = (),
             promised: dict[int, list[dict[str, Any]]] | None = None) -> Iterator[Report]:
    """Every stored report for copy detection; on the way, into ``promised``, the improvements of those
    ``wanted`` (read here rather than decoded again for the next year's score)."""
    from auditor.reuse.identity import reads_meta

    for rid, blob in store.iter_blobs():
        d = unpack_prefix(blob, _FOR_REUSE)
        if reads_meta(d.get("agency"), d.get("year")):
            d["meta"] = unpack(blob).get("meta", {})
        if promised is not None and rid in wanted:
            promised[rid] = _promised_in(d)
        yield report_from_dict(d)


def _reuse(store: Store, wanted: Collection[int] = (), promised: dict[int, list[dict[str, Any]]] | None = None,
           ) -> tuple[dict[str, dict[str, Any]], list[tuple[Any, ...]]]:
    """Per-file ``measures["reuse"]`` and the block rows for the store, from one archive-wide search (and
    the improvements of the reports ``wanted``, see :func:`_reports`)."""
    from auditor.reuse import find_reuse

    result = find_reuse(_reports(store, wanted, promised))
    data = result.to_json() if hasattr(result, "to_json") else dict(result)
    ids = {r["path"]: int(r["id"]) for r in store.rows("SELECT id, path FROM reports")}
    per: dict[str, dict[str, Any]] = defaultdict(lambda: {"blocks": []})
    rows = []
    for b in data.get("blocks", []):
        a, src = b["a"], b["b"]
        per[a["file"]]["blocks"].append(b)
        if not b.get("source_known", True):  # neither is known to be the source: both answer for it
            per[src["file"]]["blocks"].append({**b, "a": src, "b": a})
        if a["file"] in ids and src["file"] in ids:
            rows.append((b["kind"], ids[a["file"]], a["start"], a["end"], a.get("text", ""), ids[src["file"]],
                         src["start"], src["end"], src.get("text", ""), b.get("overlap"),
                         int(bool(b.get("source_known", True)))))
    for r in data.get("reports", []):
        entry = per[r["file"]]
        entry["originality"] = r.get("originality")
        weights: dict[str, float] = defaultdict(float)
        for b in entry["blocks"]:
            weights[b["kind"]] += float(b.get("shared") or (b["a"]["end"] - b["a"]["start"]))
        total = sum(weights.values())
        if r.get("originality") is not None:  # split the copied share between the kinds by shared characters
            copied = 1.0 - float(r["originality"])
            for kind in ("cross_agency", "self_repeat"):
                entry[kind] = round(copied * weights[kind] / total, 4) if total else 0.0
    return dict(per), rows


def _no_copy() -> dict[str, Any]:
    """What the search says about a report it saw and found nothing copied in."""
    return {"blocks": [], "cross_agency": 0.0, "self_repeat": 0.0, "originality": 1.0}


# -- work done in the pool (module-level functions: picklable) --------------------------------------------

ScoreItem = tuple[int, bytes, "dict[str, Any] | None", "list[dict[str, Any]]", "bytes | None", bool]
Scored = tuple[int, bytes, dict, list, bool]


def _round_trip(value: Any) -> Any:
    """``value`` as it reads back from the store (what a pack and unpack would make of it)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _recheck(report: Report, prev_blob: bytes, document_free: bool) -> Report | None:
    """The checks stage again, with the previous year's report; None when it fails (the report keeps its
    findings then).  ``document_free``: the report's checks results do not depend on its document, so that
    only the cross-year rules need to run (:func:`auditor.checks.recheck_with_previous`)."""
    previous = report_from_dict(unpack_prefix(prev_blob, PREVIOUS_FIELDS))
    if document_free and _holds_checks(report):
        from auditor.checks import recheck_with_previous

        try:
            return recheck_with_previous(report, previous)
        except Exception:  # as the whole stage failing would: the report keeps what it has
            return None
    stripped = dataclasses.replace(report, findings=tuple(f for f in report.findings if f.stage != "checks"))
    new, ok = run_stage(stripped, "checks", previous=previous)
    return new if ok else None


def _holds_checks(report: Report) -> bool:
    """The report holds the results of the registered checks stage (it ran, and succeeded, on it)."""
    from auditor.checks import check_report
    from auditor.pipeline import get_stage

    return (get_stage("checks").func is check_report and "checks" in (report.meta.get("stages") or ())
            and "checks" in report.measures)


@dataclasses.dataclass
class _Stored:
    """A stored report being updated, with the stored JSON text of what is still as stored: of its members
    (``raw``), of its measures (``measures``) and of each of its findings (``findings``, None for a new
    one), so that packing it again copies those texts instead of encoding them again."""

    data: dict[str, Any]
    raw: dict[str, str]
    measures: dict[str, str]
    findings: list[str | None]

    @classmethod
    def of(cls, blob: bytes) -> _Stored:
        u = unpack_members(blob)
        found = u.data.get("findings")
        texts: list[str | None] = list(u.elements.get("findings", ()))
        if not isinstance(found, list) or len(texts) != len(found):
            texts = [None] * len(found) if isinstance(found, list) else []
        return cls(u.data, u.raw, u.nested.get("measures", {}), texts)  # fresh from unpack_members: no copies

    def pack(self) -> bytes:
        d, raw = self.data, self.raw
        raw["findings"] = encode_list(d["findings"], self.findings)
        raw["measures"] = encode_members(d["measures"], self.measures)  # it takes only the keys in d
        return pack_members(d, raw)


def score_chunk(items: list[ScoreItem]) -> list[Scored]:
    """Score stored reports: (id, blob, reuse, promised, previous blob, document-free) → (id, blob, score,
    findings, rechecked).  ``None`` for reuse means copy detection did not run; ``promised`` holds the
    improvements the previous year's report promised; a previous blob, when given, is that report for the
    cross-year checks, which then run first (see :func:`_recheck` for document-free)."""
    out = []
    for rid, blob, reuse, promised, prev_blob, document_free in items:
        stored = _Stored.of(blob)
        d = stored.data
        report = report_from_dict(d)
        new = None if prev_blob is None else _recheck(report, prev_blob, document_free)
        if new is not None:
            report = _take_recheck(report, new, stored)
        ran = list(report.meta.get("stages", []))
        if reuse is not None:
            ran.append("reuse")
            report = dataclasses.replace(report, measures={**report.measures, "reuse": reuse})
        score = score_report(report, ran, promised=[Evidence(p["start"], p["end"], p["text"], file=p["file"])
                                                    for p in promised])
        sd = score.to_dict()
        # update the stored dict in place of a full to_dict of the report: cells and sentences are unchanged
        measures = d.get("measures") or {}
        d["measures"] = {k: v for k, v in measures.items() if k not in ("score", "reuse")}
        if reuse is not None:
            d["measures"]["reuse"] = reuse
        d["measures"]["score"] = sd
        for k in ("score", "reuse"):
            stored.measures.pop(k, None)
        kept = [(f, t) for f, t in zip(d.get("findings", []), stored.findings, strict=True)
                if f.get("stage") != "score"]
        d["findings"] = [f for f, _ in kept] + [to_dict(f) for f in score.findings]
        stored.findings = [t for _, t in kept] + [None] * len(score.findings)
        out.append((rid, stored.pack(), sd, d["findings"], new is not None))
    return out


def _take_recheck(report: Report, new: Report, stored: _Stored) -> Report:
    """Put what the cross-year checks changed into the stored report as a store round trip would (and
    forget the stored texts of what changed); returns the report as the scorer would read it back.

    Records the checks kept (the same objects) keep their stored form; only the new ones make the trip.
    """
    d = stored.data
    changed = [name for name in _REPORT_FIELDS if getattr(new, name) is not getattr(report, name)]
    if set(changed) - {"findings", "measures"}:  # not what the checks stage assigns: the general way
        fresh = _round_trip({k: v for k, v in to_dict(new).items() if k != "document"})
        d.clear()
        d.update(fresh)
        stored.raw.clear()
        stored.measures.clear()
        stored.findings = [None] * len(d.get("findings") or [])
        return report_from_dict(d)
    findings, measures = report.findings, report.measures
    if "findings" in changed:
        was = {id(f): (fd, t) for f, fd, t in zip(report.findings, d.get("findings") or [], stored.findings,
                                                  strict=True)}
        dicts, texts = [], []
        for f in new.findings:
            fd, t = was[id(f)] if id(f) in was else (_round_trip(to_dict(f)), None)
            dicts.append(fd)
            texts.append(t)
        findings = tuple(f if id(f) in was else finding_from_dict(fd)
                         for f, fd in zip(new.findings, dicts, strict=True))
        d["findings"] = dicts
        stored.findings = texts
    if "measures" in changed:
        old = report.measures
        measures = {k: v if k in old and v is old[k] else _round_trip(to_dict(v)) for k, v in new.measures.items()}
        for k in list(stored.measures):
            if k not in new.measures or k not in old or new.measures[k] is not old[k]:
                del stored.measures[k]
        d["measures"] = measures
    return dataclasses.replace(report, findings=findings, measures=measures)


def _run(pool: Executor | None, func: Callable[[list[Any]], list[Any]], chunks: Iterable[list[Any]],
         sink: Callable[[list[Any]], None], inflight: int) -> None:
    if pool is None:
        for c in chunks:
            sink(func(c))
        return
    pending = []
    for c in chunks:
        pending.append(pool.submit(func, c))
        if len(pending) >= inflight:
            sink(pending.pop(0).result())
    for fut in pending:
        sink(fut.result())


def _chunked(ids: list[Any], make: Callable[[Any], Any]) -> Iterator[list[Any]]:
    for i in range(0, len(ids), _CHUNK):
        yield [make(x) for x in ids[i:i + _CHUNK]]


def archive_pass(store: Store, progress: Progress | None = None, pool: Executor | None = None,
                 workers: int = 1, stages: Sequence[str] | None = None) -> dict[str, int]:
    """Copy detection, then scores (with the cross-year checks); returns counts of what it did.

    ``pool`` is the batch's worker pool (its workers have their models loaded already); without one, a
    pool of ``workers`` is made when the archive is big enough for it to pay off.
    """
    counts = {"cross_year": 0, "scored": 0, "reuse_blocks": 0}
    stages = select_stages(stages)
    n_ok = store.rows("SELECT count(*) AS n FROM reports WHERE status = 'ok'")[0]["n"]
    own = pool is None and workers > 1 and n_ok > _CHUNK * workers * 2
    if own:
        pool = make_pool(workers, stages)
    workers = max(workers, getattr(pool, "_max_workers", 1))
    try:
        previous, fresh_pairs = _previous_pairs(store)
        recheck: dict[int, int] = {}  # report → previous year's, where either is new since the last pass
        if "checks" in stages:
            from auditor.pipeline import get_stage

            if "previous" in get_stage("checks").requires:
                recheck = fresh_pairs
        document_free = store.document_free_checks() if recheck else set()
        promised: dict[int, list[dict[str, Any]]] = {}  # what the previous years promised, when at hand
        reuse: dict[str, dict[str, Any]] | None = None
        if "reuse" in stages:
            if progress:
                progress("copy detection", 0, 1)
            reuse, rows = _reuse(store, set(previous.values()), promised)
            store.replace_blocks(rows)
            store.conn.commit()
            counts["reuse_blocks"] = len(rows)
            if progress:
                progress("copy detection", 1, 1)
        ids = [(int(r["id"]), r["path"]) for r in store.rows("SELECT id, path FROM reports WHERE status = 'ok' "
                                                              "AND report IS NOT NULL ORDER BY id")]

        def item(x: tuple[int, str]) -> ScoreItem:
            rid, path = x
            pid = previous.get(rid)
            return (rid, store.blob(rid), None if reuse is None else reuse.get(path) or _no_copy(),
                    promised[pid] if pid in promised else _promised(store, pid),
                    store.blob(recheck[rid]) if rid in recheck else None, rid in document_free)

        def score_sink(results: list[Scored]) -> None:
            for rid, blob, score, findings, rechecked in results:
                store.put_scored(rid, blob, score, findings)
                counts["cross_year"] += rechecked
            store.conn.commit()
            counts["scored"] += len(results)
            if progress:
                progress("scoring", counts["scored"], len(ids))

        if progress:
            progress("scoring", 0, len(ids))
        _run(pool, score_chunk, _chunked(ids, item), score_sink, workers * 3)
    finally:
        if own and pool is not None:
            pool.shutdown()
    store.set_state("dirty", "0")
    store.conn.commit()
    return counts
