"""The archive-wide pass of a batch audit, after every file is parsed: cross-year checks, copy detection
over all stored reports, then the score of each report.

It runs whenever the store is *dirty* (a file was added or changed since the last complete pass); it is
idempotent, so a run killed inside it simply runs it again.  Cross-year checks and scores run on the
worker pool (workers get compressed report blobs and return blobs); copy detection is one streaming pass.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from typing import Any

from auditor.model import Evidence, Report, report_from_dict, to_dict
from auditor.score import score_report
from auditor.store.db import Store, pack, unpack
from auditor.store.worker import make_pool, run_stage, select_stages

Progress = Callable[[str, int, int], None]  # (phase, done, total)
_CHUNK = 16


def _agency_key(name: str | None) -> str:
    try:
        from auditor.reuse.normalize import agency_key

        return agency_key(name)
    except ImportError:
        return "".join((name or "").split())


def _promised(store: Store, pid: int | None) -> list[dict[str, Any]]:
    """The improvements the report ``pid`` promised (for next year's responsiveness)."""
    if pid is None:
        return []
    d = unpack(store.blob(pid))
    return [{"start": i["start"], "end": i["end"], "text": i["text"], "file": d["file"]}
            for s in d.get("sections", []) for i in s.get("items", []) if i.get("kind") == "improvement"
            and len(i.get("text", "")) >= 10]


def _previous_pairs(store: Store, fresh_only: bool = True) -> list[tuple[int, int]]:
    """(report, same agency's report on the year before); with ``fresh_only``, where either is new since the
    last pass."""
    by_key: dict[tuple[str, int], int] = {}
    rows = store.rows("SELECT id, agency, year, scored FROM reports WHERE status = 'ok' AND year IS NOT NULL "
                      "AND agency IS NOT NULL ORDER BY id")
    fresh = {r["id"] for r in rows if not r["scored"]}
    for r in rows:
        by_key.setdefault((_agency_key(r["agency"]), int(r["year"])), int(r["id"]))
    pairs = []
    for r in rows:
        prev = by_key.get((_agency_key(r["agency"]), int(r["year"]) - 1))
        if prev is not None and (not fresh_only or r["id"] in fresh or prev in fresh):
            pairs.append((int(r["id"]), prev))
    return pairs


# What copy detection never reads (it reads the text, sections, template, identity and meta): rebuilding
# the cells and sentences of every report in the archive was most of its cost in the single main process.
_NOT_FOR_REUSE = frozenset({"cells", "sentences", "findings", "measures"})


def _reports(store: Store) -> Iterator[Report]:
    for _, d in store.iter_reports():
        yield report_from_dict({k: v for k, v in d.items() if k not in _NOT_FOR_REUSE})


def _reuse(store: Store) -> tuple[dict[str, dict[str, Any]], list[tuple[Any, ...]]]:
    """Per-file ``measures["reuse"]`` and the block rows for the store, from one archive-wide search."""
    from auditor.reuse import find_reuse

    result = find_reuse(_reports(store))
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

def recheck_chunk(items: list[tuple[int, bytes, bytes]]) -> list[tuple[int, bytes, dict, list]]:
    """Re-run the checks stage with the previous year's report as context."""
    out = []
    for rid, blob, prev_blob in items:
        report = report_from_dict(unpack(blob))
        previous = report_from_dict(unpack(prev_blob))
        stripped = dataclasses.replace(report, findings=tuple(f for f in report.findings if f.stage != "checks"))
        report, ok = run_stage(stripped, "checks", previous=previous)
        if ok:
            d = to_dict(report)
            out.append((rid, pack(d), {}, d["findings"]))
    return out


def score_chunk(items: list[tuple[int, bytes, dict[str, Any] | None, list[dict[str, Any]]]],
                ) -> list[tuple[int, bytes, dict, list]]:
    """Score stored reports; ``None`` for reuse means copy detection did not run; the last element holds
    the improvements the previous year's report promised."""
    out = []
    for rid, blob, reuse, promised in items:
        d = unpack(blob)
        report = report_from_dict(d)
        ran = list(report.meta.get("stages", []))
        if reuse is not None:
            ran.append("reuse")
            report = dataclasses.replace(report, measures={**report.measures, "reuse": reuse})
        score = score_report(report, ran, promised=[Evidence(p["start"], p["end"], p["text"], file=p["file"])
                                                    for p in promised])
        sd = score.to_dict()
        # update the stored dict in place of a full to_dict of the report: cells and sentences are unchanged
        d["measures"] = {k: v for k, v in (d.get("measures") or {}).items() if k not in ("score", "reuse")}
        if reuse is not None:
            d["measures"]["reuse"] = reuse
        d["measures"]["score"] = sd
        d["findings"] = [f for f in d.get("findings", []) if f.get("stage") != "score"] + [
            to_dict(f) for f in score.findings]
        out.append((rid, pack(d), sd, d["findings"]))
    return out


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
    """Cross-year checks, copy detection, scores; returns counts of what it did.

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
        def write(results: list[tuple[int, bytes, dict, list]], final: bool) -> None:
            for rid, blob, score, findings in results:
                store.put_scored(rid, blob, score, findings, final=final)
            store.conn.commit()

        pairs = []
        if "checks" in stages:
            from auditor.pipeline import get_stage

            if "previous" in get_stage("checks").requires:
                pairs = _previous_pairs(store)

        def recheck_sink(results: list[Any]) -> None:
            write(results, final=False)
            counts["cross_year"] += len(results)
            if progress:
                progress("cross-year checks", counts["cross_year"], len(pairs))

        _run(pool, recheck_chunk, _chunked(pairs, lambda p: (p[0], store.blob(p[0]), store.blob(p[1]))),
             recheck_sink, workers * 3)
        reuse: dict[str, dict[str, Any]] | None = None
        if "reuse" in stages:
            if progress:
                progress("copy detection", 0, 1)
            reuse, rows = _reuse(store)
            store.replace_blocks(rows)
            store.conn.commit()
            counts["reuse_blocks"] = len(rows)
            if progress:
                progress("copy detection", 1, 1)
        previous = dict(_previous_pairs(store, fresh_only=False))
        ids = [(int(r["id"]), r["path"]) for r in store.rows("SELECT id, path FROM reports WHERE status = 'ok' "
                                                              "AND report IS NOT NULL ORDER BY id")]

        def score_sink(results: list[Any]) -> None:
            write(results, final=True)
            counts["scored"] += len(results)
            if progress:
                progress("scoring", counts["scored"], len(ids))

        _run(pool, score_chunk, _chunked(ids, lambda x: (
            x[0], store.blob(x[0]), None if reuse is None else reuse.get(x[1]) or _no_copy(),
            _promised(store, previous.get(x[0])))), score_sink, workers * 3)
    finally:
        if own and pool is not None:
            pool.shutdown()
    store.set_state("dirty", "0")
    store.conn.commit()
    return counts


