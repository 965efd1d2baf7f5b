"""Throughput of PDF ingestion, in pages per second per core.

    python benchmarks/bench_parse_pdf.py [FILES_OR_FOLDERS...] [--seconds 5]

Without arguments it reads the real PDFs (``tests/fixtures/reports``) and the renders of real reports
(``tests/fixtures/renders``).  One process, one core, CPU time (``time.process_time``), so the figure
is per core even on a busy machine.  The first pass (imports, fonts, CMaps) is excluded; then it loops
over the files until ``--seconds`` have passed and prints one line per file and a total.  The split
shows how much of the time is pdfminer's content-stream parsing, which nothing after it can win back.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "tests" / "fixtures" / "reports", ROOT / "tests" / "fixtures" / "renders"]


def _files(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for a in args or [str(p) for p in DEFAULT]:
        p = Path(a)
        out += sorted(p.glob("*.pdf")) if p.is_dir() else [p]
    return out


def _parse_only(data: bytes) -> None:
    """pdfminer's share: interpret every page's content stream, nothing else."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            _ = page.objects
            page.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--seconds", type=float, default=5.0)
    opts = ap.parse_args(argv)

    from auditor.ingest import load_bytes

    files = _files(opts.paths)
    if not files:
        print("no PDF files found", file=sys.stderr)
        return 2
    blobs = {f: f.read_bytes() for f in files}
    pages = {f: max(len(load_bytes(blobs[f], str(f)).pages), 1) for f in files}  # warm-up
    spent: dict[Path, float] = defaultdict(float)
    parsed: dict[Path, float] = defaultdict(float)
    runs: dict[Path, int] = defaultdict(int)
    start = time.process_time()
    while time.process_time() - start < opts.seconds:
        for f in files:
            t0 = time.process_time()
            load_bytes(blobs[f], str(f))
            t1 = time.process_time()
            _parse_only(blobs[f])
            spent[f] += t1 - t0
            parsed[f] += time.process_time() - t1
            runs[f] += 1
    total_pages = total_time = total_parse = 0.0
    for f in files:
        n = pages[f] * runs[f]
        total_pages += n
        total_time += spent[f]
        total_parse += parsed[f]
        print(f"{f.name:32s} {pages[f]:3d} pages  {n / spent[f]:6.1f} pages/s  "
              f"(pdfminer alone {n / parsed[f]:6.1f} pages/s)")
    print(f"{'total':32s} {total_pages / max(runs.values()):5.0f} pages  {total_pages / total_time:6.1f} pages/s  "
          f"(pdfminer alone {total_pages / total_parse:6.1f} pages/s; ours {100 * (1 - total_parse / total_time):.0f}%"
          " of the time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
