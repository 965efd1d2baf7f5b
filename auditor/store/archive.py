"""The archive-wide pass of a batch audit, after every file is parsed: cross-year checks, copy detection
over all stored reports, then the score of each report.

It runs whenever the store is *dirty* (a file was added or changed since the last complete pass), in
chunked transactions; it is idempotent, so a run killed inside it simply runs it again.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from auditor.model import Report, report_from_dict, to_dict
from auditor.score import score_report, scoring_config, with_score
from auditor.store.db import Store
from auditor.store.worker import available_stages, reuse_available, run_stage

Progress = Callable[[str, int, int], None]  # (phase, done, total)


def _agency_key(name: str | None) -> str:
    try:
        from auditor.reuse.normalize import agency_key

        return agency_key(name)
    except ImportError:
        return "".join((name or "").split())


def _previous_index(store: Store) -> dict[int, int]:
    """report id → id of the same agency's report on the year before, when the archive holds one."""
    by_key: dict[tuple[str, int], int] = {}
    rows = store.rows("SELECT id, agency, year FROM reports WHERE status = 'ok' AND year IS NOT NULL "
                      "AND agency IS NOT NULL ORDER BY id")
    for r in rows:
        by_key.setdefault((_agency_key(r["agency"]), int(r["year"])), int(r["id"]))
    return {r["id"]: by_key[(k, int(r["year"]) - 1)] for r in rows
            if (k := _agency_key(r["agency"]), int(r["year"]) - 1) in by_key}


def _reports(store: Store) -> Iterator[Report]:
    for rid, d in store.iter_reports():
        r = report_from_dict(d)
        yield dataclasses.replace(r, meta={**r.meta, "store_id": rid})


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
        copied = 1.0 - float(r["originality"]) if r.get("originality") is not None else None
        weights = defaultdict(float)
        for b in entry["blocks"]:
            weights[b["kind"]] += float(b.get("shared") or (b["a"]["end"] - b["a"]["start"]))
        total = sum(weights.values())
        if copied is not None:  # split the copied share between the kinds by their shared characters
            for kind in ("cross_agency", "self_repeat"):
                entry[kind] = round(copied * weights[kind] / total, 4) if total else 0.0
    return dict(per), rows


def archive_pass(store: Store, progress: Progress | None = None) -> dict[str, int]:
    """Cross-year checks, copy detection, scores; returns counts of what it did."""
    cfg = scoring_config()
    stages = available_stages()
    prev = _previous_index(store) if "checks" in stages else {}
    counts = {"cross_year": 0, "scored": 0, "reuse_blocks": 0}
    if prev:
        from auditor.pipeline import get_stage

        if "previous" in get_stage("checks").requires:
            for n, (rid, pid) in enumerate(sorted(prev.items())):
                report, previous = store.report(rid), store.report(pid)
                stripped = dataclasses.replace(report, findings=tuple(f for f in report.findings if f.stage != "checks"))
                report, ok = run_stage(stripped, "checks", previous=previous)
                if ok:
                    store.put_scored(rid, to_dict(report))
                    counts["cross_year"] += 1
                if n % 100 == 99:
                    store.conn.commit()
            store.conn.commit()
    reuse: dict[str, dict[str, Any]] | None = None
    if reuse_available():
        if progress:
            progress("copy detection", 0, 1)
        reuse, rows = _reuse(store)
        store.replace_blocks(rows)
        store.conn.commit()
        counts["reuse_blocks"] = len(rows)
        if progress:
            progress("copy detection", 1, 1)
    total = store.rows("SELECT count(*) AS n FROM reports WHERE status = 'ok'")[0]["n"]
    for n, (rid, _) in enumerate(list(_ids(store))):
        report = store.report(rid)
        ran = list(report.meta.get("stages", []))
        if reuse is not None:
            ran.append("reuse")
            report = dataclasses.replace(report, measures={**report.measures,
                                                           "reuse": _reuse_for(reuse, report.file)})
        score = score_report(report, ran, cfg)
        store.put_scored(rid, to_dict(with_score(report, score)))
        counts["scored"] += 1
        if n % 200 == 199:
            store.conn.commit()
        if progress:
            progress("scoring", n + 1, total)
    store.set_state("dirty", "0")
    store.conn.commit()
    return counts


def _ids(store: Store) -> Iterator[tuple[int, None]]:
    for r in store.rows("SELECT id FROM reports WHERE status = 'ok' ORDER BY id"):
        yield int(r["id"]), None


def _reuse_for(reuse: Mapping[str, dict[str, Any]], file: str) -> dict[str, Any]:
    entry = reuse.get(file)
    if entry is None:  # the search saw the report and found nothing copied
        return {"blocks": [], "cross_agency": 0.0, "self_repeat": 0.0, "originality": 1.0}
    return entry
