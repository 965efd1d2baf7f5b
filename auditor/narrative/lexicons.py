"""The narrative stage's domain data (``corpora/lexicons/``): one loader per file.

Units, generic titles and names, name suffixes, nil phrases and the jieba user dictionary are facts about
real reports, so they live in data files a reviewer can extend without touching code.
"""

from __future__ import annotations

import re
from functools import cache

from auditor.resources import read_lines


@cache
def gov_terms() -> tuple[tuple[str, int | None, str | None], ...]:
    """``gov_terms.txt``: (word, frequency, part of speech) for the jieba user dictionary."""
    out = []
    for line in read_lines("lexicons", "gov_terms.txt"):
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        out.append((word, freq, tag))
    return tuple(out)


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def units() -> tuple[str, ...]:
    """``narrative_units.txt``: measure words that make ``<number><unit>`` a count."""
    return _longest_first(read_lines("lexicons", "narrative_units.txt"))


@cache
def generic_titles() -> tuple[str, ...]:
    """``narrative_generic_titles.txt``: substrings of 《titles》 every agency cites."""
    return tuple(read_lines("lexicons", "narrative_generic_titles.txt"))


@cache
def generic_names() -> tuple[str, ...]:
    """``narrative_generic_names.txt``: platform / system names every agency has."""
    return _longest_first(read_lines("lexicons", "narrative_generic_names.txt"))


@cache
def generic_prefixes() -> tuple[str, ...]:
    """``narrative_generic_prefixes.txt``: words that make a following name generic (全区, 各乡镇…)."""
    return _longest_first(read_lines("lexicons", "narrative_generic_prefixes.txt"))


@cache
def name_suffixes() -> tuple[str, ...]:
    """``narrative_name_suffixes.txt``: suffixes of named platforms, systems, units and places."""
    return _longest_first(read_lines("lexicons", "narrative_name_suffixes.txt"))


@cache
def nil_patterns() -> tuple[re.Pattern[str], ...]:
    """``narrative_nil_phrases.txt``: nil statements of a mandated item, as compiled patterns."""
    return tuple(re.compile(p) for p in read_lines("lexicons", "narrative_nil_phrases.txt"))


@cache
def lead_words() -> tuple[str, ...]:
    """``narrative_lead_words.txt``: verbs / function words trimmed off the front of a candidate name."""
    return _longest_first(read_lines("lexicons", "narrative_lead_words.txt"))
