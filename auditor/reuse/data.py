"""The one loader for reuse's data files (``corpora/reuse/``)."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from auditor.resources import corpora_path, read_lines


@cache
def matching() -> dict[str, Any]:
    """``corpora/reuse/matching.toml``: agency identity, place units, section keys, numeral units."""
    with corpora_path("reuse", "matching.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def stock_phrases() -> tuple[str, ...]:
    """``corpora/reuse/stock_phrases.txt``: wording common to agencies of every kind."""
    return tuple(read_lines("reuse", "stock_phrases.txt"))


@cache
def mandated_phrases() -> tuple[str, ...]:
    """``corpora/reuse/mandated_phrases.txt``: headings and citations the template mandates, cut out before matching."""
    return tuple(read_lines("reuse", "mandated_phrases.txt"))


@cache
def stop_shingles() -> tuple[str, ...]:
    """``corpora/reuse/stop_shingles.txt``: shingles every report has, left out of MinHash signatures."""
    return tuple(g.replace("＃", "#") for g in read_lines("reuse", "stop_shingles.txt"))
