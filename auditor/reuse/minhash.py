"""MinHash signatures of character shingles and their LSH band keys, vectorised with numpy.

Measured against datasketch (``benchmarks/bench_reuse.py --compare-datasketch``): datasketch hashes every
shingle with SHA-1 in Python and builds one object per passage; here all shingles of a batch of passages
are hashed at once from their code points and permuted in one (shingles x permutations) array, which is
what makes 100k reports feasible.  Hashes are deterministic across processes (no ``hash()``), so band
keys built by different workers can be merged.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_PRIME_MULS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                        0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53], dtype=np.uint64)


class MinHasher:
    """``num_perm`` permutations grouped into ``bands`` bands of ``num_perm // bands`` rows."""

    def __init__(self, num_perm: int = 64, bands: int = 32, shingle: int = 3, seed: int = 1,
                 stop: Sequence[str] = ()) -> None:
        if num_perm % bands:
            raise ValueError(f"num_perm must be a multiple of bands. Got {num_perm} and {bands} instead")
        if not 1 <= shingle <= len(_PRIME_MULS):
            raise ValueError(f"shingle must be 1..{len(_PRIME_MULS)}. Got {shingle} instead")
        self.num_perm, self.bands, self.shingle = num_perm, bands, shingle
        rng = np.random.default_rng(seed)
        self._a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self._band_mul = rng.integers(1, 2**63, size=num_perm // bands, dtype=np.uint64) | np.uint64(1)
        stop_k = [g for g in stop if len(g) == shingle]
        self._stop = np.unique(np.concatenate([self._window_hashes(self._codes(g)) for g in stop_k])) \
            if stop_k else np.zeros(0, dtype=np.uint64)

    @staticmethod
    def _codes(text: str) -> np.ndarray:
        return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)

    def _window_hashes(self, cps: np.ndarray) -> np.ndarray:
        k = self.shingle
        n = len(cps) - k + 1
        with np.errstate(over="ignore"):
            h = np.zeros(n, dtype=np.uint64)
            for i in range(k):
                h = (h ^ cps[i:i + n]) * _PRIME_MULS[i]
            h ^= h >> np.uint64(29)
        return h

    def shingles(self, form: str) -> np.ndarray:
        """64-bit hashes of the distinct ``shingle``-character substrings of ``form``."""
        cps = np.frombuffer(form.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        if len(cps) < self.shingle:
            cps = np.concatenate([cps, np.zeros(self.shingle - len(cps), dtype=np.uint64)])
        return np.unique(self._window_hashes(cps))

    def signatures(self, forms: Sequence[str]) -> np.ndarray:
        """(len(forms), num_perm) uint32 MinHash signatures of the forms' shingles.

        All forms are hashed in one pass over their concatenation; windows that straddle two forms are
        dropped (a form shorter than a shingle keeps one padded window).
        """
        if not forms:
            return np.zeros((0, self.num_perm), dtype=np.uint32)
        k = self.shingle
        padded = [f if len(f) >= k else f + "\0" * (k - len(f)) for f in forms]
        cps = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        lengths = np.fromiter((len(f) for f in padded), dtype=np.int64, count=len(padded))
        ends = np.cumsum(lengths)
        h = self._window_hashes(cps)
        owner = np.repeat(np.arange(len(padded)), lengths)[: len(h)]
        keep = np.arange(len(h)) + k <= ends[owner]
        if len(self._stop):
            # stop shingles out, unless a passage has nothing else (it keeps all its windows then)
            useful = keep & ~np.isin(h, self._stop)
            has = np.bincount(owner[useful], minlength=len(padded)) > 0
            keep = useful | (keep & ~has[owner])
        h, owner = h[keep], owner[keep]
        first = np.searchsorted(owner, np.arange(len(padded)))
        # in place, one (windows x permutations) array instead of three temporaries: this product is most
        # of the cost of copy detection's index, and allocating it thrice was most of that
        permuted = np.multiply(h[:, None], self._a[None, :])
        permuted += self._b[None, :]
        permuted >>= np.uint64(32)
        return np.minimum.reduceat(permuted, first, axis=0).astype(np.uint32)

    def band_keys(self, sigs: np.ndarray) -> np.ndarray:
        """(n, bands) uint32 keys: one hash of each band's rows (equal key = same bucket)."""
        n = sigs.shape[0]
        rows = self.num_perm // self.bands
        s = sigs.astype(np.uint64).reshape(n, self.bands, rows)
        with np.errstate(over="ignore"):
            key = (s * self._band_mul[None, None, :]).sum(axis=2, dtype=np.uint64)
            key ^= key >> np.uint64(31)
            key *= np.uint64(0x94D049BB133111EB)
        return (key >> np.uint64(32)).astype(np.uint32)
