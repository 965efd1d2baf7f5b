"""A read-only hash table from non-negative integer keys to small non-negative values, looked up a whole
array at a time.

``np.searchsorted`` into a sorted key array is a binary search per query — a dozen unpredictable branches
and cache misses each — and was most of the narrative fast path's cost.  Here each key has one home slot
in a table 1.5 to 3 times the size of the key set: most keys own their slot, so most queries are settled
by one gather (the key is there, or the slot is empty and it is absent anywhere).  The keys that lost
their slot to another key are kept sorted aside, and only the queries that find a different key at home
are binary-searched there.

A slot is one integer, so a query touches one cache line, and the table stays small enough to stay in
cache between reports: a key's hash h (key × an odd constant, mod 2**key_bits) is a bijection, its top
bits are the slot and its other bits, stored with the value, tell the key.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_ODD = 0x9E3779B97F4A7C15  # 2**64/φ, odd: multiplying by it permutes the integers mod any power of two


@dataclass(frozen=True)
class KeyTable:
    entries: np.ndarray  # per slot: (h's low key_bits - bits bits) << vbits | value + 1; 0 where empty
    spill: np.ndarray  # sorted keys whose home slot another key holds
    spill_values: np.ndarray
    key_bits: int  # keys are below 2**key_bits (32 or 64)
    bits: int  # slots = 2**bits
    vbits: int  # bits for value + 1

    @classmethod
    def build(cls, keys: np.ndarray, values: np.ndarray, key_bits: int = 64) -> KeyTable:
        """The table of ``keys`` (distinct, non-negative, below 2**key_bits) → ``values`` (non-negative)."""
        keys = np.asarray(keys, dtype=np.int64)
        values = np.asarray(values, dtype=np.int64)
        if key_bits not in (32, 64):
            raise ValueError(f"key_bits must be 32 or 64. Got {key_bits} instead")
        if len(keys) and (min(int(keys.min()), int(values.min())) < 0
                          or (key_bits < 64 and int(keys.max()) >> key_bits)):
            raise ValueError(f"KeyTable keys must lie in [0, 2**{key_bits}), values be non-negative")
        if len(np.unique(keys)) != len(keys):
            raise ValueError("KeyTable keys must be distinct")
        vbits = (int(values.max()) + 1).bit_length() if len(values) else 1
        # load factor at most 2/3 (a third to two thirds of the keys own their slot; a smaller table stays
        # in cache between reports), and room in an entry for the hash's other bits beside the value
        bits = max(3, (3 * len(keys) // 2).bit_length(), key_bits + vbits - 64)
        dtype = np.uint32 if key_bits - bits + vbits <= 32 else np.uint64
        h = _hash(keys, key_bits)
        home = (h >> np.uint64(key_bits - bits)).astype(np.intp)
        _, first = np.unique(home, return_index=True)  # one key per occupied slot
        entries = np.zeros(1 << bits, dtype=dtype)
        low = h[first] & np.uint64((1 << (key_bits - bits)) - 1)
        entries[home[first]] = (low << np.uint64(vbits)) | (values[first] + 1).astype(np.uint64)
        spilt = np.ones(len(keys), dtype=bool)
        spilt[first] = False
        order = np.argsort(keys[spilt])
        return cls(entries, keys[spilt][order], values[spilt][order], key_bits, bits, vbits)

    def get(self, queries: np.ndarray, default: int = -1) -> np.ndarray:
        """The value of each query key, ``default`` for keys not in the table."""
        q = np.asarray(queries, dtype=np.int64)
        h = _hash(q, self.key_bits)
        entry = self.entries[(h >> np.uint64(self.key_bits - self.bits)).view(np.int64)].astype(np.uint64, copy=False)
        # XOR with the entry the key would have with value + 1 = 0: where the hash bits agree, what is left
        # is the stored value + 1 (0: an empty slot)
        diff = entry ^ ((h & np.uint64((1 << (self.key_bits - self.bits)) - 1)) << np.uint64(self.vbits))
        value = diff.view(np.int64) - 1
        mine = (diff < np.uint64(1 << self.vbits)) & (value >= 0)
        out = np.where(mine, value, default)
        clash = np.flatnonzero(~mine & (entry != 0))
        if len(clash) and len(self.spill):
            pos = np.searchsorted(self.spill, q[clash])
            pos[pos == len(self.spill)] = 0
            found = self.spill[pos] == q[clash]
            out[clash[found]] = self.spill_values[pos[found]]
        return out


def _hash(keys: np.ndarray, key_bits: int) -> np.ndarray:
    """key × _ODD mod 2**key_bits, as uint64 (numpy's uint64 product wraps mod 2**64; the keys are
    non-negative int64, so their bits read as uint64 are the same numbers)."""
    h = keys.view(np.uint64) * np.uint64(_ODD)
    if key_bits < 64:
        h &= np.uint64((1 << key_bits) - 1)
    return h
