"""Where the shipped data lives, and the one loader for each data file.

In a checkout (or an editable install) the data is in the repository's ``corpora/`` and ``models/``;
a wheel carries the same folders as ``auditor/_corpora`` and ``auditor/_models``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PKG = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    packaged = _PKG / f"_{name}"
    if packaged.is_dir():
        return packaged
    return _PKG.parent / name


def corpora_dir() -> Path:
    return _locate("corpora")


def models_dir() -> Path:
    return _locate("models")


def corpora_path(*parts: str) -> Path:
    return corpora_dir().joinpath(*parts)


@cache
def table_spec() -> dict[str, Any]:
    """The canonical table spec (``corpora/tables.json``, a copy of the project's shared spec)."""
    with corpora_path("tables.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def read_lines(*parts: str) -> list[str]:
    """A word list: one entry per line, ``#`` comments and blank lines skipped."""
    out = []
    with corpora_path(*parts).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return out


@cache
def template_phrases() -> tuple[str, ...]:
    """Known template / mandated wording (``corpora/templates/template_phrases.txt``)."""
    return tuple(read_lines("templates", "template_phrases.txt"))
