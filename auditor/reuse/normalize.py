"""Matching form of a passage: what copying keeps, with what it changes masked.

Copiers replace the agency and place names and the numbers and dates, and nobody's punctuation or
character width is stable, so the matching form drops whitespace and punctuation, unifies width (NFKC),
and masks numbers/dates as ``#`` and the report's own agency and place names as ``@``.  Forms are made
per passage, and evidence is reported with the passage's offsets in the original text.  A leading enumerator (一是, （二）, 3.) is dropped: reordered items keep their text, not their
number.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from auditor.reuse.data import matching

NUM = "#"
NAME = "@"

_LEADING_ENUM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，,、]?|"
    r"[（(][一二三四五六七八九十0-9]{1,3}[）)]|[0-9]{1,2}[\.．、](?![0-9])|[一二三四五六七八九十]{1,3}、)"
)


@cache
def _numeral_re() -> re.Pattern[str]:
    units = re.escape(matching()["numbers"]["units"])
    # Digits (with decimals and percent) anywhere; Chinese numerals when a unit follows (二〇一三年,
    # 三个乡镇) or when they hold a 〇/零 (a written-out date).  Enumerators (一是) are not followed by a unit.
    return re.compile(
        r"[0-9]+(?:[.．][0-9]+)?%?|[〇零一二三四五六七八九十百千万两]+(?=[" + units + r"])|[〇零][〇零一二三四五六七八九]+"
    )


def _keep(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] not in "PZSC"


_DROP = re.compile(r"[\W_]+")  # punctuation, symbols, spaces (CJK ideographs, letters and digits stay)


@lru_cache(maxsize=1024)  # one entry per agency seen recently; an archive has too many to keep all
def _names_re(names: tuple[str, ...]) -> re.Pattern[str] | None:
    alts = sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alts))) if alts else None


def normalize(text: str, names: tuple[str, ...] = ()) -> str:
    """The matching form of ``text`` (a passage: its offsets stay those of the passage in the report)."""
    return normalize_with(text, names_pattern(names))


def names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """What :func:`normalize` masks for ``names``: made once per report for all its passages."""
    return _names_re(tuple(n.lower() for n in names))


def normalize_with(text: str, names: re.Pattern[str] | None) -> str:
    """:func:`normalize` with the names already made a pattern (:func:`names_pattern`)."""
    head = unicodedata.normalize("NFKC", text[:8])  # "⼀是" (a Kangxi radical) is an enumerator too
    m = _LEADING_ENUM.match(head + text[8:] if len(head) == len(text[:8]) else text)
    if m:
        text = text[m.end():]
    text = _DROP.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = _DROP.sub("", unicodedata.normalize("NFKC", text))
    text = text.lower()
    if names is not None:
        text = names.sub(NAME, text)
    return _numeral_re().sub(NUM, text)


@lru_cache(maxsize=4096)  # an agency reports every year: one key per name, not per report
def agency_key(name: str | None) -> str:
    """Identity of an agency across years: NFKC, no spaces or punctuation, aliases unified, and the
    endings that only say which office speaks for the same body stripped (``matching.toml``)."""
    if not name:
        return ""
    conf = matching()["agency"]
    key = "".join(c for c in unicodedata.normalize("NFKC", name) if _keep(c))
    for variant, canonical in conf["aliases"]:
        key = key.replace(variant, canonical)
    changed = True
    while changed:
        changed = False
        for suffix in sorted(conf["identity_suffixes"], key=len, reverse=True):
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key = key[: -len(suffix)]
                changed = True
    return key


@lru_cache(maxsize=4096)
def name_variants(agency: str | None) -> tuple[str, ...]:
    """The names to mask in an agency's text: the full name, its identity key, every place prefix and
    place name it contains, and place stems of two or more characters (淮安市洪泽区人民政府 → 淮安市洪泽区,
    淮安市, 洪泽区, 淮安, 洪泽, …)."""
    if not agency:
        return ()
    name = "".join(c for c in unicodedata.normalize("NFKC", agency) if _keep(c))
    out = {name, agency_key(name)}
    units = sorted(matching()["agency"]["place_units"], key=len, reverse=True)
    pos = 0
    last = 0
    while pos < len(name):
        unit = next((u for u in units if name.startswith(u, pos) and pos > last), None)
        if unit is None:
            pos += 1
            continue
        end = pos + len(unit)
        piece = name[last:end]
        out.add(name[:end])
        if len(piece) >= 2:
            out.add(piece)
        if len(piece) - len(unit) >= 2:
            out.add(piece[: -len(unit)])
        last = pos = end
    rest = name[last:]
    generic = set(matching()["agency"]["identity_suffixes"])
    if len(rest) >= 3 and rest != name and rest not in generic:
        out.add(rest)  # the department part ("行政审批局") names this agency too
    return tuple(sorted((v for v in out if len(v) >= 2), key=len, reverse=True))
