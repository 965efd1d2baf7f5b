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
def heading_phrases() -> tuple[str, ...]:
    """``corpora/reuse/heading_phrases.txt``: section headings of the template, cut out before matching."""
    return tuple(read_lines("reuse", "heading_phrases.txt"))
