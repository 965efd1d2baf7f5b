"""End-to-end throughput of the batch audit on a synthetic archive (default 10,000 reports).

    python benchmarks/bench_audit.py [--n 10000] [--workers 0] [--dir /tmp/auditor-bench] [--stages a,b]

Generates the archive with :mod:`auditor.reuse.synth` (real-report phrase bank, planted copies; kept out of
git) unless it is there already, runs :func:`auditor.store.audit_paths` (what ``auditor audit`` calls) into a
fresh store, then again on the unchanged archive, and prints reports/s overall and per core, the time of
each phase, and peak memory of the main process and of the largest worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=0, help="0: all cores")
    ap.add_argument("--dir", default=None, help="archive folder (default /tmp/auditor-bench-N)")
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: every installed one)")
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
    db = root / "audit.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    workers = args.workers or os.cpu_count() or 1
    stages = select_stages(args.stages.split(",") if args.stages else None)
    print(f"stages: {', '.join(stages)}; version {parser_version(stages)}; workers {workers}")

    marks: dict[str, float] = {}
    t0 = time.perf_counter()

    def on_event(phase: str, done: int, total: int) -> None:
        now = time.perf_counter() - t0
        marks.setdefault(f"{phase} start", now)
        if done >= total:
            marks[f"{phase} end"] = now

    summary = audit_paths([str(arc)], db, workers=workers, on_event=on_event, stages=stages)
    total = time.perf_counter() - t0
    n = summary.parsed + summary.failed
    parse_s = marks.get("parsing end", total) - marks.get("parsing start", 0.0)
    print(f"audited {n} reports ({summary.failed} failed) in {total:.1f} s: {n / total:.1f} reports/s, "
          f"{n / total / workers:.1f} reports/s per core")
    print(f"  parse + per-file stages: {parse_s:.1f} s ({n / max(parse_s, 1e-9) / workers:.1f} reports/s per core)")
    print(f"  archive pass (cross-year checks, copy detection, scores): {total - marks.get('parsing end', 0):.1f} s "
          f"{summary.archive}")
    t = time.perf_counter()
    again = audit_paths([str(arc)], db, workers=workers, stages=stages)
    print(f"rerun on the unchanged archive: {time.perf_counter() - t:.1f} s, audited {again.parsed}, "
          f"skipped {again.skipped}")
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: main process {main_mb:.0f} MiB, largest worker {child_mb:.0f} MiB; "
          f"store {db.stat().st_size / 2**20:.0f} MiB")
    if os.environ.get("BENCH_CLEAN"):
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
