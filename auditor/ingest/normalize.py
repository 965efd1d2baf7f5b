"""Length-preserving character normalisation.

PDF producers emit Kangxi radicals (⼀ U+2F00) and CJK compatibility ideographs instead of the unified
ideographs, and many reports write digits full-width.  We map each such character to its NFKC form when
that form is a single character, so offsets into the normalised text are offsets into the original.
Punctuation keeps its width: （一） and (一) are both real heading styles and the structure stage reads both.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from auditor.resources import read_lines

# Blocks whose characters we fold: Kangxi Radicals, CJK Radicals Supplement, CJK Compatibility
# Ideographs (+ Supplement), full-width ASCII letters and digits.
_RANGES = (
    (0x2F00, 0x2FDF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
    (0xFF10, 0xFF19),
    (0xFF21, 0xFF3A),
    (0xFF41, 0xFF5A),
)
_SPACES = {"\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": " ", "\ufeff": " "}


@cache
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) == 1 and folded != ch:
                table[cp] = folded
    # NFKC leaves the CJK Radicals Supplement alone; the ones PDF producers use for whole characters
    # (⻔ for 门, ⻓ for 长 …) are listed in a data file.
    table.update(_radicals_supplement())
    for k, v in _SPACES.items():
        table[ord(k)] = v
    return table


def _radicals_supplement() -> dict[int, str]:
    out: dict[int, str] = {}
    for line in read_lines("normalize", "radicals_supplement.tsv"):
        code, char = line.split("\t")[:2]
        out[int(code.removeprefix("U+"), 16)] = char
    return out


def keys_pattern(table: dict[int, str]) -> re.Pattern[str]:
    """Runs of characters that may be keys of ``table``: the only parts of a text ``translate`` changes.

    ``str.translate`` with a dict pays a failed lookup (a KeyError raised and cleared in C) for every
    character that is not a key, ~0.15 us each; translating only these runs gives the same string at a
    fifth of the cost, as most characters of a report are no key.  BMP keys form one class (a bitmap in
    ``re``); astral characters all match through one range, a superset — one astral literal in a class
    sends ``re`` to a linear scan per character.
    """
    bmp = "".join(re.escape(chr(k)) for k in sorted(table) if k < 0x10000)
    return re.compile(f"[{bmp}\U00010000-\U0010ffff]+")


def translate_runs(text: str, table: dict[int, str], keys: re.Pattern[str]) -> str:
    """``text.translate(table)``, translating only the runs ``keys`` (from :func:`keys_pattern`) finds."""
    return keys.sub(lambda m: m.group().translate(table), text)


@cache
def _table_keys() -> re.Pattern[str]:
    return keys_pattern(_table())


def normalize_chars(text: str) -> str:
    """Fold compatibility characters one-for-one; ``len(result) == len(text)`` always."""
    out = translate_runs(text, _table(), _table_keys())
    assert len(out) == len(text)
    return out


@cache
def traditional_table() -> dict[int, str]:
    """Traditional character → simplified character, one for one (``str.translate`` table)."""
    return {ord(t): s for t, s, *_ in (line.split("\t") for line in read_lines("normalize", "traditional_simplified.tsv"))}


@cache
def _traditional_only() -> re.Pattern[str]:
    """Characters that occur in traditional text only (not those simplified text writes too, 麽, 苧…)."""
    # BMP characters only: one astral character in a class sends re to a per-character slow path (100x),
    # and the extension-plane characters are too rare to tell a traditional text anyway
    chars = [t for t, _, *note in (line.split("\t") for line in read_lines("normalize", "traditional_simplified.tsv"))
             if "shared" not in note and ord(t) < 0x10000]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


_HAN = re.compile("[\u4e00-\u9fff]")


def count_traditional(text: str) -> int:
    """Traditional-only characters in ``text`` (one C scan; most reports have none)."""
    return len(_traditional_only().findall(text))


def count_han(text: str) -> int:
    return len(_HAN.findall(text))


@cache
def traditional_keys() -> re.Pattern[str]:
    """Runs of possibly traditional characters (:func:`keys_pattern` of :func:`traditional_table`)."""
    return keys_pattern(traditional_table())


def to_simplified(text: str) -> str:
    """``text`` with every traditional character read as its simplified form; same length."""
    return translate_runs(text, traditional_table(), traditional_keys())
