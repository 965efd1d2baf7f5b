"""Throughput of text and HTML parsing (ingestion + the parse stages), in reports per second per core.

    python benchmarks/bench_parse_text.py [FILES_OR_FOLDERS...] [--seconds 5] [--ingest-only] [--breakdown]

Without arguments it reads the bundled text/HTML reports (``corpora/samples``) and the HTML/DOCX
renders under ``tests/fixtures/renders``.  One process, one core: the figure is per core.  The first
pass (imports, data files, models) is excluded and what it loaded is kept from the garbage collector, as
``auditor parse`` does after its first file; then it loops over the files until ``--seconds`` have
passed and prints one line per format and a total.  ``--breakdown`` adds, per format, the CPU ms of
ingestion and of each parse stage (structure, tables), to show where a format's time goes.

The CPU time of a fixed pure-Python loop is printed too: on a shared machine (hyper-threads, many
processes) every figure slows down together, and the loop says by how much (an idle 3 GHz core runs it
in about 0.1 s).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "corpora" / "samples", ROOT / "tests" / "fixtures" / "renders"]
SUFFIXES = {".txt", ".html", ".htm", ".shtml", ".docx"}


def _files(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for a in args or [str(p) for p in DEFAULT]:
        p = Path(a)
        out += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES) if p.is_dir() else [p]
    return out


def reference_loop() -> float:
    """CPU seconds of a fixed pure-Python loop: the yardstick for this machine, right now."""
    t0 = time.process_time()
    total = 0
    for i in range(3_000_000):
        total += i
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--ingest-only", action="store_true", help="time ingestion alone, without the parse stages")
    ap.add_argument("--breakdown", action="store_true", help="also print CPU ms per report for each stage")
    opts = ap.parse_args(argv)

    from auditor.ingest import load
    from auditor.model import Report
    from auditor.pipeline import PARSE_STAGES, get_stage, keep_loaded

    stages = () if opts.ingest_only else PARSE_STAGES
    step: dict[str, float] = defaultdict(float)  # (format, stage) CPU seconds, for --breakdown

    def run(f: Path) -> Report:
        """pipeline.parse, stage by stage, so each stage's CPU time can be told apart."""
        t0 = time.process_time()
        doc = load(f)
        kind = f.suffix.lower().lstrip(".")
        step[kind, "ingest"] += time.process_time() - t0
        report = Report(file=str(f), format=doc.format, text=doc.text, document=doc, findings=doc.findings,
                        meta=dict(doc.meta))
        for name in stages:
            t0 = time.process_time()
            report = get_stage(name).func(report)
            step[kind, name] += time.process_time() - t0
        return report

    files = _files(opts.paths)
    if not files:
        print("no text/HTML/DOCX files found", file=sys.stderr)
        return 2
    for f in files:  # warm-up: imports, data files, compiled patterns
        run(f)
    keep_loaded()  # as `auditor parse` does after its first file
    step.clear()
    spent: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    chars: dict[str, int] = defaultdict(int)
    start = time.process_time()
    while time.process_time() - start < opts.seconds:
        for f in files:
            t0 = time.process_time()
            out = run(f)
            dt = time.process_time() - t0
            kind = f.suffix.lower().lstrip(".")
            spent[kind] += dt
            count[kind] += 1
            chars[kind] += len(out.text)
    what = "ingestion" if opts.ingest_only else "ingestion + parse"
    print(f"{what}, {len(files)} files, CPU time of one process (pid {os.getpid()}); "
          f"reference loop {reference_loop():.3f} s (idle 3 GHz core: ~0.1 s)")
    for kind in sorted(spent):
        n, s = count[kind], spent[kind]
        print(f"  {kind:5s} {n / s:8.1f} reports/s/core   {s / n * 1000:7.1f} ms/report   "
              f"{chars[kind] / n / 1000:6.1f} k chars/report")
        if opts.breakdown:
            print("        " + "   ".join(f"{name} {step[kind, name] / n * 1000:.1f} ms"
                                        for name in ("ingest", *stages)))
    total_n, total_s = sum(count.values()), sum(spent.values())
    print(f"  all   {total_n / total_s:8.1f} reports/s/core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
