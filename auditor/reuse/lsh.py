"""LSH banding over all passages at once: candidate pairs, and commonplace passages learned from the archive.

Per band, passages are sorted by their band key (numpy, O(n log n)), so equal keys form runs (buckets).
A bucket holding passages of ``max_agencies`` or more DISTINCT agencies is wording many agencies share
(a stock phrase, a template line we did not list) — or a bucket so full (``max_bucket``) that pairing
inside it would be quadratic.  Such buckets yield no candidates.  A passage that falls into such heavy
buckets in at least ``heavy_share`` of its bands is *commonplace*: its near-duplicates come from many
different agencies, so sharing it is not copying (the document-frequency-over-agencies rule; see
docs/reuse.md).  Candidates are the pairs within the remaining buckets, never all pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Candidates:
    pairs: np.ndarray  # (m, 2) int64 passage ids, first < second, different reports
    commonplace: np.ndarray  # (n,) bool


def candidate_pairs(keys: np.ndarray, agency: np.ndarray, report: np.ndarray, *, max_agencies: int,
                    max_bucket: int, heavy_share: float) -> Candidates:
    n, bands = keys.shape
    heavy_count = np.zeros(n, dtype=np.int32)
    found: list[np.ndarray] = []
    for j in range(bands):
        col = keys[:, j]
        order = np.lexsort((agency, col))
        ks, ag = col[order], agency[order]
        new_run = np.empty(n, dtype=bool)
        new_run[0] = True
        new_run[1:] = ks[1:] != ks[:-1]
        new_agency = new_run.copy()
        new_agency[1:] |= ag[1:] != ag[:-1]
        run_id = np.cumsum(new_run) - 1
        size = np.bincount(run_id)
        distinct = np.bincount(run_id, weights=new_agency).astype(np.int64)
        heavy = (distinct >= max_agencies) | (size > max_bucket)
        heavy_count[order] += heavy[run_id]
        usable = ~heavy[run_id] & (size[run_id] > 1)
        for d in range(1, max_bucket):
            same = (run_id[:-d] == run_id[d:]) & usable[:-d]
            if not same.any():
                break
            i = np.nonzero(same)[0]
            p, q = order[i], order[i + d]
            keep = report[p] != report[q]
            p, q = p[keep], q[keep]
            lo, hi = np.minimum(p, q).astype(np.int64), np.maximum(p, q).astype(np.int64)
            found.append(lo * n + hi)
    commonplace = heavy_count >= max(1, int(np.ceil(heavy_share * bands)))
    if found:
        codes = np.unique(np.concatenate(found))
        pairs = np.stack([codes // n, codes % n], axis=1)
        pairs = pairs[~(commonplace[pairs[:, 0]] | commonplace[pairs[:, 1]])]
    else:
        pairs = np.zeros((0, 2), dtype=np.int64)
    return Candidates(pairs, commonplace)
