"""End-to-end throughput of the batch audit on a synthetic archive (default 10,000 reports).

    python benchmarks/bench_audit.py [--n 10000] [--workers 0] [--profile-n 300] [--dir DIR] [--stages a,b]

Generates the archive with :mod:`auditor.reuse.synth` (real-report phrase bank, planted copies; kept out of
git) unless it is there already, then:

1. a per-stage CPU breakdown: ``--profile-n`` reports audited in this process alone (``workers=1``), with
   ``time.process_time`` around ingest and each per-file stage, and around each phase of the archive pass
   (copy detection, then scoring, which includes the cross-year checks);
2. the end-to-end run: :func:`auditor.store.audit_paths` (what ``auditor audit`` calls) on all ``--n``
   reports into a fresh store on ``--workers`` processes, then again on the unchanged archive.

Prints reports/s per core from CPU time (main + workers: independent of how busy the shared machine is)
and from wall-clock time with N workers, and peak memory of the main process and of the largest worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _fresh(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def stage_breakdown(arc: Path, n: int, db: Path, stages: tuple[str, ...]) -> tuple[dict[str, float], int]:
    """CPU seconds per stage for the first ``n`` reports of ``arc``, audited in this process."""
    import auditor.pipeline as pipeline
    import auditor.store.worker as worker
    from auditor.store import audit_paths

    files = sorted(str(p) for p in arc.rglob("*.txt"))[:n]
    cpu: dict[str, float] = defaultdict(float)
    orig_parse, orig_run_stage = pipeline.parse, worker.run_stage

    def timed(key: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                cpu[key] += time.process_time() - t
        return wrapper

    def run_stage(report: Any, name: str, **context: object) -> Any:
        return timed(f"stage {name}", orig_run_stage)(report, name, **context)

    phase = {"name": "plan (hash files)", "t": time.process_time()}

    def on_event(name: str, done: int, total: int) -> None:
        if name != phase["name"]:  # the archive pass's phases follow one another: time each one
            now = time.process_time()
            cpu[f"phase {phase['name']}"] += now - phase["t"]
            phase.update(name=name, t=now)

    pipeline.parse = timed("ingest", orig_parse)  # audit_file imports it at call time
    worker.run_stage = run_stage
    try:
        _warm_up(stages)  # model loading is once per process: not a per-report cost
        _fresh(db)
        phase["t"] = time.process_time()
        summary = audit_paths(files, db, workers=1, on_event=on_event, stages=stages)
        cpu[f"phase {phase['name']}"] += time.process_time() - phase["t"]
    finally:
        pipeline.parse, worker.run_stage = orig_parse, orig_run_stage
    return dict(cpu), summary.parsed + summary.failed


def _warm_up(stages: tuple[str, ...]) -> None:
    try:
        from auditor.store.worker import warm_up
    except ImportError:  # a version before the batch warmed its workers up: load the same by hand
        from auditor.checks.count_claims import _tk
        from auditor.narrative.training import shipped_model
        from auditor.pipeline import get_stage

        for name in stages:
            if name != "reuse":
                get_stage(name)
        _tk()
        shipped_model()
        return
    warm_up(stages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="reports in the archive (default 10000)")
    ap.add_argument("--workers", type=int, default=0, help="0: all cores")
    ap.add_argument("--profile-n", type=int, default=300, help="reports for the per-stage breakdown (0: skip)")
    ap.add_argument("--dir", default=None, help="archive folder (default /tmp/auditor-bench-N)")
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: every installed one)")
    ap.add_argument("--profile-only", action="store_true", help="only the per-stage breakdown")
    args = ap.parse_args()

    from auditor.reuse.synth import write_archive
    from auditor.store import audit_paths
    from auditor.store.worker import parser_version, select_stages

    root = Path(args.dir or f"/tmp/auditor-bench-{args.n}")
    arc = root / "archive"
    if not (arc / "MANIFEST.jsonl").exists():
        t = time.perf_counter()
        write_archive(args.n, arc)
        print(f"generated {args.n} synthetic reports in {time.perf_counter() - t:.1f} s → {arc}")
    workers = args.workers or os.cpu_count() or 1
    stages = select_stages(args.stages.split(",") if args.stages else None)
    print(f"stages: {', '.join(stages)}; version {parser_version(stages)}; workers {workers}")

    if args.profile_n:
        k = min(args.profile_n, args.n)
        cpu, done = stage_breakdown(arc, k, root / "profile.db", stages)
        total = sum(v for key, v in cpu.items() if key.startswith("phase"))  # the stages are inside "parsing"
        print(f"per-stage CPU, {done} reports in one process (ms per report):")
        per_file = sum(v for key, v in cpu.items() if key.startswith(("ingest", "stage")))
        for key, v in cpu.items():
            if key.startswith(("ingest", "stage")):
                print(f"  {key:<28} {1000 * v / done:7.2f}")
        print(f"  {'batch overhead (pack, store)':<28} {1000 * (cpu.get('phase parsing', 0.0) - per_file) / done:7.2f}")
        for key, v in cpu.items():
            if key.startswith("phase") and key != "phase parsing":
                print(f"  {key:<28} {1000 * v / done:7.2f}")
        print(f"  {'total':<28} {1000 * total / done:7.2f}  → {done / total:.1f} reports/s per core")
    if args.profile_only:
        return

    db = root / "audit.db"
    _fresh(db)
    marks: dict[str, float] = {}
    child0 = _children_cpu()
    c0, t0 = time.process_time(), time.perf_counter()

    def on_event(phase: str, done: int, total: int) -> None:
        now = time.perf_counter() - t0
        marks.setdefault(f"{phase} start", now)
        if done >= total:
            marks[f"{phase} end"] = now

    summary = audit_paths([str(arc)], db, workers=workers, on_event=on_event, stages=stages)
    wall = time.perf_counter() - t0
    main_cpu = time.process_time() - c0
    work_cpu = _children_cpu() - child0  # the pool has shut down: its workers are reaped and counted
    n = summary.parsed + summary.failed
    cpu = main_cpu + work_cpu
    print(f"audited {n} reports ({summary.failed} failed) with {workers} workers")
    print(f"  CPU time: {cpu:.1f} s (main {main_cpu:.1f} s, workers {work_cpu:.1f} s) → "
          f"{n / cpu:.1f} reports/s per core")
    print(f"  wall clock: {wall:.1f} s → {n / wall:.1f} reports/s, {n / wall / workers:.1f} reports/s per core")
    parse_s = marks.get("parsing end", wall) - marks.get("parsing start", 0.0)
    print(f"  parse + per-file stages: {parse_s:.1f} s wall; archive pass (copy detection, scores with "
          f"cross-year checks): {wall - marks.get('parsing end', 0):.1f} s wall {summary.archive}")
    t = time.perf_counter()
    again = audit_paths([str(arc)], db, workers=workers, stages=stages)
    print(f"rerun on the unchanged archive: {time.perf_counter() - t:.1f} s, audited {again.parsed}, "
          f"skipped {again.skipped}")
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory (RSS): main process {main_mb:.0f} MiB, largest worker {child_mb:.0f} MiB, "
          f"main + {workers} workers ≤ {main_mb + workers * child_mb:.0f} MiB (workers share the main's pages "
          f"copy-on-write); store {db.stat().st_size / 2**20:.0f} MiB")
    if os.environ.get("BENCH_CLEAN"):
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
