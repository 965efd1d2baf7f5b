"""Copy-detection benchmark on synthetic archives: time and peak memory at 10k, 20k, 40k (… 100k) reports.

What it measures: ``auditor.reuse.find_reuse`` over reports from ``auditor.reuse.synth.generate`` — the
texts are built in memory and handed over as ``Report`` records (agency, year, publication date set, no
sections: the passage stage's no-structure path), so the full parse (ingest + structure, measured by the
batch-audit benchmark) is skipped.  Generation time is measured apart and subtracted.  Each size runs in
its own process, so the peak RSS (``ru_maxrss``) is that size's alone.  Span recall / precision against
the planted copies are printed too.

    python benchmarks/bench_reuse.py                      # 10k, 20k, 40k
    python benchmarks/bench_reuse.py 100000               # one size
    python benchmarks/bench_reuse.py --compare-datasketch # MinHash: numpy vs datasketch
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time


def run_one(n: int, seed: int) -> dict:
    from auditor.model import Report
    from auditor.reuse import ReuseIndex
    from auditor.reuse.evaluate import span_scores
    from auditor.reuse.synth import generate

    planted = []
    gen_s = gen_cpu = 0.0
    t0 = time.perf_counter()
    index = ReuseIndex(keep_text=False)
    stream = generate(n, seed)
    for _ in range(n):
        g, gc = time.perf_counter(), time.process_time()
        rep, pl = next(stream)
        gen_s += time.perf_counter() - g
        gen_cpu += time.process_time() - gc
        planted.extend(pl)
        index.add(Report(file=rep.file, format="text", text=rep.text, agency=rep.agency, year=rep.year,
                         published=rep.published))
    t1 = time.perf_counter()
    result = index.result()
    t2 = time.perf_counter()
    ru = resource.getrusage(resource.RUSAGE_SELF)
    scores = span_scores(result, planted)
    return {"reports": n, "index_s": round(t1 - t0 - gen_s, 1), "find_s": round(t2 - t1, 1),
            "total_s": round(t2 - t0 - gen_s, 1), "generate_s": round(gen_s, 1),
            "cpu_s": round(ru.ru_utime + ru.ru_stime - gen_cpu, 1),  # the machine is shared: CPU time too
            "peak_mb": ru.ru_maxrss // 1024,
            "blocks": len(result.blocks), **result.stats,
            "recall": round(scores["recall"], 4), "precision": round(scores["precision"], 4)}


def compare_datasketch(n_passages: int = 20000) -> None:
    import numpy as np
    from datasketch import MinHash

    from auditor.model import Report
    from auditor.reuse.minhash import MinHasher
    from auditor.reuse.normalize import name_variants
    from auditor.reuse.passages import extract_passages
    from auditor.reuse.synth import generate

    forms: list[str] = []
    for rep, _ in generate(2000, 1):
        r = Report(file=rep.file, format="text", text=rep.text, agency=rep.agency)
        forms.extend(p.form for p in extract_passages(r, name_variants(rep.agency)))
        if len(forms) >= n_passages:
            break
    forms = forms[:n_passages]
    hasher = MinHasher(64, 32, 3)
    t = time.perf_counter()
    for i in range(0, len(forms), 20):  # one report's worth of passages per call, as the index does
        hasher.signatures(forms[i:i + 20])
    ours = time.perf_counter() - t
    t = time.perf_counter()
    for f in forms:
        m = MinHash(num_perm=64)
        m.update_batch([f[i:i + 3].encode("utf-8") for i in range(max(1, len(f) - 2))])
        np.asarray(m.hashvalues)
    theirs = time.perf_counter() - t
    print(f"MinHash of {len(forms)} passages (64 permutations, 3-char shingles): numpy {ours:.2f} s, "
          f"datasketch {theirs:.2f} s ({theirs / ours:.1f}x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[10000, 20000, 40000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size, JSON out
    ap.add_argument("--compare-datasketch", action="store_true")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed)))
        return
    if args.compare_datasketch:
        compare_datasketch()
        return
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
                             capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(json.dumps(row), flush=True)
    for prev, cur in itertools.pairwise(rows):
        print(f"{prev['reports']} -> {cur['reports']}: time x{cur['total_s'] / max(prev['total_s'], 1e-9):.2f}, "
              f"cpu x{cur['cpu_s'] / max(prev['cpu_s'], 1e-9):.2f}, "
              f"memory x{cur['peak_mb'] / max(prev['peak_mb'], 1):.2f} (size x{cur['reports'] / prev['reports']:.1f})")


if __name__ == "__main__":
    main()
