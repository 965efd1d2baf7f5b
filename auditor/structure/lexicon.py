"""The structure stage's domain data (``corpora/structure/``): one loader per file.

Heading variants, section roles, footer cues, problem / improvement cues and agency suffixes are facts
about real reports, so they live in data files that a reviewer can extend without touching code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from auditor.resources import corpora_path, read_lines


def _json(name: str) -> dict[str, Any]:
    with corpora_path("structure", name).open(encoding="utf-8") as fh:
        return json.load(fh)


@dataclass(frozen=True)
class SectionRoles:
    roles: tuple[tuple[str, tuple[str, ...]], ...]  # (key, keywords) in priority order
    template_keys: tuple[str, ...]  # the six keys of the 2019/2021 templates, in order
    terminals: tuple[str, ...]  # words a heading ends with (情况, 概述, 措施…)
    connectors: str  # characters after a terminal that continue the heading (及, 和…)
    continuations: tuple[str, ...]  # words after a terminal that continue it ("情况" + "统计表")
    not_heading: tuple[str, ...]  # starts of numbered table row labels that look like headings

    def key_of(self, heading: str) -> str:
        for key, words in self.roles:
            if any(w in heading for w in words):
                return key
        return "unknown"


@lru_cache(maxsize=4096)
def role_of(heading: str) -> str:
    """Section.key of a heading (cached: headings repeat across a batch — the template's six)."""
    return section_roles().key_of(heading)


@cache
def section_roles() -> SectionRoles:
    """``corpora/structure/section_roles.json``."""
    d = _json("section_roles.json")
    return SectionRoles(
        roles=tuple((k, tuple(ws)) for k, ws in d["roles"]),
        template_keys=tuple(d["template_keys"]),
        terminals=tuple(d["heading_terminals"]),
        connectors=d["heading_connectors"],
        continuations=tuple(d["heading_continuations"]),
        not_heading=tuple(d["not_heading"]),
    )


@cache
def footer_cues() -> tuple[str, ...]:
    """``corpora/structure/footer_cues.txt``: site footer / page furniture markers."""
    return tuple(read_lines("structure", "footer_cues.txt"))


@cache
def preamble_cues() -> tuple[str, ...]:
    """``corpora/structure/preamble_cues.txt``: how a report's opening paragraph announces the report."""
    return tuple(read_lines("structure", "preamble_cues.txt"))


@dataclass(frozen=True)
class PartCues:
    problem: tuple[str, ...]
    improvement: tuple[str, ...]
    improvement_patterns: tuple[re.Pattern[str], ...]


@cache
def part_cues() -> PartCues:
    """``corpora/structure/part_cues.json``: cues opening the problem and improvement parts of 五."""
    d = _json("part_cues.json")
    return PartCues(tuple(d["problem"]), tuple(d["improvement"]),
                    tuple(re.compile(p) for p in d["improvement_patterns"]))


@cache
def agency_suffixes() -> tuple[str, ...]:
    """``corpora/structure/agency_suffixes.txt``: endings of agency names."""
    return tuple(read_lines("structure", "agency_suffixes.txt"))


@cache
def template_evidence() -> dict[str, Any]:
    """``corpora/structure/template_evidence.json``: cues and weights for template detection."""
    return _json("template_evidence.json")


@cache
def metadata_labels() -> dict[str, tuple[str, ...]]:
    """``corpora/structure/metadata_labels.json``: labels of published date, issuer and title."""
    d = _json("metadata_labels.json")
    return {k: tuple(v) for k, v in d.items() if not k.startswith("_")}
