"""The narrative fast path's tables ↔ keytable.py, crc.py, charclass.py, arrayops.py: each gives what the
plain Python (dict, zlib, str methods, regex, np.unique) gives."""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable

import numpy as np
import pytest

from auditor.narrative import arrayops, charclass, crc
from auditor.narrative.keytable import KeyTable


@pytest.mark.parametrize("key_bits", [32, 64])
@pytest.mark.parametrize("n", [0, 1, 7, 5000])
def test_keytable_gives_what_a_dict_gives(key_bits: int, n: int) -> None:
    rng = np.random.default_rng(n)
    top = 2**32 if key_bits == 32 else 2**63
    keys = np.unique(rng.integers(0, top, n, dtype=np.int64))
    keys[: min(3, len(keys))] = np.arange(min(3, len(keys)))  # small keys: their hashes differ in low bits
    keys = np.unique(keys)
    values = rng.integers(0, 70000, len(keys))
    table = KeyTable.build(keys, values, key_bits=key_bits)
    queries = np.concatenate([keys, rng.integers(0, top, 3000, dtype=np.int64), keys[:50] + 1])
    want = dict(zip(keys.tolist(), values.tolist(), strict=True))
    assert table.get(queries, default=-7).tolist() == [want.get(k, -7) for k in queries.tolist()]


def test_keytable_rejects_bad_keys() -> None:
    with pytest.raises(ValueError, match="distinct"):
        KeyTable.build(np.array([1, 1]), np.array([0, 1]))
    with pytest.raises(ValueError, match="2\\*\\*32"):
        KeyTable.build(np.array([2**32]), np.array([0]), key_bits=32)
    with pytest.raises(ValueError, match="non-negative"):
        KeyTable.build(np.array([-1]), np.array([0]))


_ALPHABET = "ab#Z中文政府信息公开１２３é𠀀\x7f\x80\u07ff\u0800\uffff\U0010fffd"


def test_window_crc_is_zlib_crc32() -> None:
    rng = random.Random(1)
    windows = crc.WindowCrc(8)
    for _ in range(300):
        s = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))
        got = windows(charclass.codepoints(s))
        assert got.tolist() == [zlib.crc32(s[i : i + 8].encode()) for i in range(len(s) - 7)], s


def test_window_crc_starts_its_table_again_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crc, "_MAX_CHARS", 5)
    windows = crc.WindowCrc(3)
    for s in ("abcdef", "ghijkl", "abcxyz"):
        assert windows(charclass.codepoints(s)).tolist() == [zlib.crc32(s[i : i + 3].encode()) for i in range(4)]
        assert len(windows._shifted) <= 6


def _every_code_point() -> np.ndarray:
    # all of the BMP and a spread of the astral planes (all of them: a few seconds)
    return np.concatenate([np.arange(0x10000), np.arange(0x10000, 0x110000, 97)])


@pytest.mark.parametrize(("test", "method", "regex"), [
    (charclass.isalnum, str.isalnum, r"[^\W_]"),
    (charclass.isdecimal, str.isdecimal, r"\d"),
])
def test_character_classes_are_the_str_methods_and_the_regex_classes(
        test: Callable[[np.ndarray], np.ndarray], method: Callable[[str], bool], regex: str) -> None:
    cps = _every_code_point()
    chars = [chr(c) for c in cps.tolist()]
    got = test(cps)
    assert got.tolist() == [method(c) for c in chars]
    pattern = re.compile(regex)
    assert got.tolist() == [bool(pattern.match(c)) for c in chars]


@pytest.mark.parametrize("n", [0, 1, 2, 1000])
def test_sorted_set_operations_match_numpy(n: int) -> None:
    a = np.random.default_rng(n).integers(0, 50, n)
    values, counts = np.unique(a, return_counts=True)
    got_values, got_counts = arrayops.unique_counts(a)
    np.testing.assert_array_equal(got_values, values)
    np.testing.assert_array_equal(got_counts, counts)
    np.testing.assert_array_equal(arrayops.unique(a), values)


@pytest.mark.parametrize("n", [1, 2, 500])
def test_repeats_pairs_each_position_with_the_first_equal_one(n: int) -> None:
    keys = np.random.default_rng(n).integers(0, 20, n).astype(np.uint64) * np.uint64(2**40 + 3)
    first, again = arrayops.repeats(keys)
    seen: dict[int, int] = {}
    want = []
    for i, k in enumerate(keys.tolist()):
        if k in seen:
            want.append((seen[k], i))
        else:
            seen[k] = i
    assert list(zip(first.tolist(), again.tolist(), strict=True)) == want
