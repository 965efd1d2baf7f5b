"""The one loader of the count-descriptor lexicon (corpora/lexicons/count_descriptors.tsv + .cues.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from auditor.errors import ConfigError
from auditor.resources import corpora_path

Position = Literal["before", "after", "both"]
_FILE = ("lexicons", "count_descriptors.tsv")
_CUES = ("lexicons", "count_descriptors.cues.json")


@dataclass(frozen=True, slots=True)
class Descriptor:
    id: str
    cells: tuple[str, ...]  # the stated count is compared with the sum of these cells
    terms: tuple[tuple[str, ...], ...]  # groups of alternatives; every group must match
    exclude: tuple[str, ...]
    position: Position
    scope: str | None  # head id for a sub-descriptor
    context: tuple[str, ...]
    nil: bool


def _alts(field: str) -> tuple[str, ...]:
    return () if field.strip() in ("", "-") else tuple(a for a in field.strip().split("|") if a)


@cache
def descriptors() -> tuple[Descriptor, ...]:
    out: list[Descriptor] = []
    path = corpora_path(*_FILE)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) != 8:
                raise ConfigError(str(path), f"line {n} has {len(f)} tab-separated fields, expected 8")
            ident, cells, terms, exclude, position, scope, context, nil = f
            if position not in ("before", "after", "both"):
                raise ConfigError(str(path), f"line {n}: position must be before/after/both. Got {position!r} instead")
            out.append(Descriptor(
                id=ident, cells=tuple(cells.split("+")),
                terms=tuple(_alts(g) for g in terms.split(" ") if g),
                exclude=_alts(exclude), position=position,  # type: ignore[arg-type]
                scope=None if scope == "-" else scope, context=_alts(context), nil=nil == "yes"))
    ids = {d.id for d in out}
    for d in out:
        if d.scope is not None and d.scope not in ids:
            raise ConfigError(str(path), f"descriptor {d.id!r} is scoped to unknown head {d.scope!r}")
    return tuple(out)


@cache
def cues() -> dict[str, Any]:
    with corpora_path(*_CUES).open(encoding="utf-8") as fh:
        return json.load(fh)
