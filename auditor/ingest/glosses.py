"""Pinyin glosses that mirror sites insert after characters: 報(bào)告, 主動(dòng)公開.

They are not the report's words: left in, they split headings, agency names and template phrases, and
the narrative reads 'dòng' as part of a sentence.  A document counts as glossed when it holds several
glosses with a tone mark (a bracketed Latin word after a Chinese character is otherwise rare); then every
bracketed pinyin syllable right after a Chinese character is removed.
"""

from __future__ import annotations

import re

# one bracketed pinyin syllable, wherever it stands (page cues strip it from flattened header text too)
PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])" + PINYIN.pattern)
_TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_MIN_TONED = 5

__all__ = ["PINYIN", "strip_glosses"]


def strip_glosses(text: str) -> tuple[str, int]:
    """``text`` without its pinyin glosses, and how many were removed (0: not a glossed document)."""
    if "(" not in text and "（" not in text:
        return text, 0
    found = _GLOSS.findall(text)
    if sum(1 for g in found if _TONED.search(g)) < _MIN_TONED:
        return text, 0
    return _GLOSS.sub("", text), len(found)
