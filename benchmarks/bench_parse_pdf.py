"""Throughput of PDF ingestion, in pages per second per core.

    python benchmarks/bench_parse_pdf.py [FILES_OR_FOLDERS...] [--seconds 5]

Without arguments it reads the real PDFs (``tests/fixtures/reports``) and the renders of real reports
(``tests/fixtures/renders``).  One process, one core, CPU time (``time.process_time``), so the figure
is per core even on a busy machine.  The first pass (imports, fonts, CMaps) is excluded; then it loops
over the files until ``--seconds`` have passed and prints one line per file and a total, for the
default reader (PDFium, pdfminer for pages PDFium cannot decode) and for pdfplumber alone.
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--seconds", type=float, default=5.0)
    opts = ap.parse_args(argv)

    from auditor.config import IngestSettings
    from auditor.ingest.pdf import load_pdf

    files = _files(opts.paths)
    if not files:
        print("no PDF files found", file=sys.stderr)
        return 2
    cfg = IngestSettings()
    blobs = {f: f.read_bytes() for f in files}
    pages = {f: max(len(load_pdf(blobs[f], str(f), cfg).pages), 1) for f in files}  # warm-up
    readers = ("auto", "pdfplumber")
    spent: dict[tuple[Path, str], float] = defaultdict(float)
    runs: dict[Path, int] = defaultdict(int)
    start = time.process_time()
    while time.process_time() - start < opts.seconds:
        for f in files:
            for reader in readers:
                t0 = time.process_time()
                load_pdf(blobs[f], str(f), cfg, reader=reader)
                spent[f, reader] += time.process_time() - t0
            runs[f] += 1
    print(f"{'file':32s} pages  {'default':>13s}  {'pdfplumber':>13s}")
    totals = dict.fromkeys(readers, 0.0)
    total_pages = 0
    for f in files:
        n = pages[f] * runs[f]
        total_pages += n
        rates = []
        for reader in readers:
            totals[reader] += spent[f, reader]
            rates.append(f"{n / spent[f, reader]:7.1f} pages/s")
        print(f"{f.name:32s} {pages[f]:5d}  " + "  ".join(rates))
    print(f"{'total':32s} {sum(pages.values()):5d}  "
          + "  ".join(f"{total_pages / totals[r]:7.1f} pages/s" for r in readers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
