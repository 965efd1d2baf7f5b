"""``zlib.crc32`` of the UTF-8 encoding of many fixed-length character windows at once.

The commonness table is keyed by the CRC-32 of each sentence's character 8-grams; hashing them one Python
call per gram cost more than everything else the classifier does.  CRC-32 is linear over GF(2), so a
window's CRC splits into one term per character:

    crc32(u1…un) = Z(L) ⊕ S^{s_1}(r(u1)) ⊕ … ⊕ S^{s_n}(r(un))

where r(u) is the CRC register after feeding u's bytes to a zero register, S is feeding one zero byte,
s_k is the number of bytes after u_k in the window and Z(L) folds in zlib's initial and final
0xFFFFFFFF for a window of L bytes.  S^s(r(c)) is kept per character and shift in a table that grows as
new characters appear, so a report's windows take a few gathers and XORs per character position.
"""

from __future__ import annotations

import threading
import zlib

import numpy as np

_POLY = 0xEDB88320  # zlib's CRC-32, bit-reflected
_MAX_BYTES = 4  # UTF-8 bytes per character
# New characters are rare after the first reports; past this many the table starts again, so it stays small
# (a row is 29 shifts of 4 bytes for 8-character windows).
_MAX_CHARS = 20_000


def _byte_table() -> np.ndarray:
    t = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        t = np.where(t & 1, (t >> np.uint32(1)) ^ np.uint32(_POLY), t >> np.uint32(1)).astype(np.uint32)
    return t


_T = _byte_table()


def _zero_byte(r: np.ndarray) -> np.ndarray:
    """S: the registers after one more zero byte."""
    return _T[r & np.uint32(0xFF)] ^ (r >> np.uint32(8))


def _utf8_len(cp: np.ndarray) -> np.ndarray:
    return 1 + (cp >= 0x80).astype(np.intp) + (cp >= 0x800) + (cp >= 0x10000)


class WindowCrc:
    """CRC-32s of ``n``-character windows; one instance per window length, shared by the process."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.max_shift = (n - 1) * _MAX_BYTES
        self._lock = threading.Lock()
        # Z(L) for every window byte length L
        ones = np.array([0xFFFFFFFF], dtype=np.uint32)
        z = [ones]
        for _ in range(n * _MAX_BYTES):
            z.append(_zero_byte(z[-1]))
        self._z = np.concatenate(z) ^ np.uint32(0xFFFFFFFF)
        self._reset()

    def _reset(self) -> None:
        self._row = np.zeros(0x110000, dtype=np.int32)  # code point → 1 + its row in _shifted (0: none yet)
        self._shifted = np.zeros((0, self.max_shift + 1), dtype=np.uint32)

    def _rows(self, cps: np.ndarray) -> np.ndarray:
        """Each code point's row in the shift table, adding rows for code points not seen before."""
        row = self._row[cps]
        if row.all():
            return row - 1
        new = np.unique(cps[row == 0])
        if len(self._shifted) + len(new) > _MAX_CHARS:
            self._reset()
            new = np.unique(cps)
        # r(c) from zlib itself, one call per new character: crc32 = Z(len) ⊕ r
        raw = np.fromiter((zlib.crc32(chr(c).encode()) for c in new.tolist()), dtype=np.uint32, count=len(new))
        raw ^= self._z[_utf8_len(new)]
        block = np.empty((len(new), self.max_shift + 1), dtype=np.uint32)
        block[:, 0] = raw
        for s in range(1, self.max_shift + 1):
            block[:, s] = _zero_byte(block[:, s - 1])
        self._row[new] = np.arange(len(self._shifted), len(self._shifted) + len(new)) + 1
        self._shifted = np.concatenate([self._shifted, block])
        return self._row[cps] - 1

    def __call__(self, cps: np.ndarray) -> np.ndarray:
        """``zlib.crc32(s[i:i+n].encode())`` for every window start ``i`` of the string whose code points
        are ``cps`` (no surrogates: they have no UTF-8 encoding)."""
        m = len(cps) - self.n + 1
        if m <= 0:
            return np.zeros(0, dtype=np.uint32)
        width = self.max_shift + 1
        with self._lock:  # the rows and the table they index must come from the same state
            at = self._rows(cps) * width
            flat = self._shifted.reshape(-1)
        before = np.zeros(len(cps) + 1, dtype=np.intp)  # UTF-8 bytes before each character
        np.cumsum(_utf8_len(cps), out=before[1:])
        end = before[self.n :]
        crc = self._z[end - before[:m]]
        # the character at j in a window ending (in bytes) at ``end`` is shifted by end - before[j + 1]
        # bytes: its entry is at[j] + end - before[j + 1]
        own = at - before[1:]
        for k in range(self.n):
            crc ^= flat[own[k : k + m] + end]
        return crc
