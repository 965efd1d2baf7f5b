"""Per-character Unicode classes for arrays of code points, as the ``str`` methods answer them.

A table over all of Unicode (one byte per code point, 1.1 MB) filled in lazily: a character's class is
asked of Python once per process, the first time the character is seen, so whole arrays of code points
are classified with one gather instead of one method call per character.  The table's size is fixed, so
it cannot grow without bound; forked workers share the parent's filled pages.
"""

from __future__ import annotations

import numpy as np

_KNOWN = np.uint8(1)
ALNUM = np.uint8(2)  # str.isalnum: regex [^\W_], the narrative's "content character"
DECIMAL = np.uint8(4)  # str.isdecimal: regex \d

_table = np.zeros(0x110000, dtype=np.uint8)


def classes(cps: np.ndarray) -> np.ndarray:
    """Each code point's class bits (``ALNUM``, ``DECIMAL``)."""
    got = _table[cps]
    if got.all():  # every filled entry has the _KNOWN bit
        return got
    new = np.unique(cps[(got & _KNOWN) == 0])
    chars = [chr(c) for c in new.tolist()]
    flags = np.full(len(new), _KNOWN, dtype=np.uint8)
    flags[np.fromiter(map(str.isalnum, chars), dtype=bool, count=len(chars))] |= ALNUM
    flags[np.fromiter(map(str.isdecimal, chars), dtype=bool, count=len(chars))] |= DECIMAL
    _table[new] = flags  # racing threads write the same values
    return _table[cps]


def isalnum(cps: np.ndarray) -> np.ndarray:
    """``chr(c).isalnum()`` for each code point."""
    return (classes(cps) & ALNUM).astype(bool)


def isdecimal(cps: np.ndarray) -> np.ndarray:
    """``chr(c).isdecimal()`` for each code point (what the regex ``\\d`` matches)."""
    return (classes(cps) & DECIMAL).astype(bool)


def codepoints(text: str) -> np.ndarray:
    """The code points of ``text`` (lone surrogates included, as Python indexes them)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.intp)
