"""Sentence classifier benchmark: agency-grouped 5-fold CV against the plain baseline, and speed.

    python benchmarks/bench_classify.py [--no-cv] [--n 10000]

Prints macro-F1 on all labelled sentences and on the high-confidence ones alone, for our classifier and
for the baseline (character 1-3-gram tf-idf + logistic regression) in the same run and the same folds
(GroupKFold by agency: no agency in both train and test; the commonness table never sees the test
agencies).  Then the time to label N sentences with the shipped model on one core, and per report-sized
batch (57 sentences, the real reports' average) with the exact fast path against the scikit-learn path it
reproduces.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the target says
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import time
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report
from sklearn.pipeline import make_pipeline

from auditor.narrative.training import (
    cross_validate,
    default_reference_dirs,
    load_labelled,
    load_model,
    load_reference,
    macro_f1,
)


def baseline() -> object:
    return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3)), LogisticRegression(max_iter=2000))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-cv", action="store_true", help="only the speed test")
    ap.add_argument("--n", type=int, default=10000, help="sentences for the speed test")
    args = ap.parse_args()
    data = load_labelled()
    if not args.no_cv:
        reference = load_reference(default_reference_dirs(), data)
        print(f"{len(data.texts)} sentences, {len(set(data.agencies))} agencies, "
              f"{sum(data.high)} high-confidence; {len(reference)} reference documents")
        print(f"{'model':<12} {'macro-F1 all':>13} {'macro-F1 high':>14} {'accuracy':>9}")
        for name, pred in (("baseline", cross_validate(data, reference, baseline, fit_context=False)),
                           ("ours", cross_validate(data, reference))):
            acc = sum(p == y for p, y in zip(pred, data.labels, strict=True)) / len(pred)
            print(f"{name:<12} {macro_f1(data.labels, pred):>13.4f} "
                  f"{macro_f1(data.labels, pred, data.high):>14.4f} {acc:>9.4f}", flush=True)
        print("ours, per label (out of fold, all sentences):")
        print(classification_report(data.labels, pred, digits=3))
    model = load_model()
    texts = [data.texts[i % len(data.texts)] for i in range(args.n)]
    model.label(texts[:10])  # jieba and the vocabularies warm up once per process, not per call
    t0, c0 = time.perf_counter(), time.process_time()
    model.label(texts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"label {args.n} sentences: {wall:.2f} s wall, {cpu:.2f} s CPU ({args.n / wall:.0f} sentences/s)")
    batches = [texts[i : i + 57] for i in range(0, min(len(texts), 57 * 100), 57)]
    for name, run in (("fast path", model._fast_proba_and_specific), ("scikit-learn", _sklearn_proba(model))):
        c0 = time.process_time()
        for batch in batches:
            run(batch)
        print(f"  {name:<13} {1000 * (time.process_time() - c0) / len(batches):6.2f} ms CPU per 57-sentence batch")


def _sklearn_proba(model: Any) -> Any:
    def run(batch: list[str]) -> Any:
        blocks, dense = model._blocks(batch)
        return model.clf_.predict_proba(model._stack(blocks, dense))
    return run


if __name__ == "__main__":
    main()
