"""The one loader of ``corpora/scoring/weights.toml`` (weights, thresholds, deadlines, level cues)."""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from auditor.errors import ConfigError
from auditor.resources import corpora_path

COMPONENTS = ("completeness", "accuracy", "timeliness", "substance", "responsiveness", "originality")


@dataclass(frozen=True)
class ScoringConfig:
    weights: Mapping[str, float]
    params: Mapping[str, Mapping[str, Any]]  # one table per component
    deadlines: Mapping[str, tuple[int, int]]  # level → (month, day) of the year after the report year
    late_steps: tuple[tuple[int, float], ...]
    level_suffixes: tuple[tuple[str, str], ...]  # (suffix, level), longest first
    code_map: tuple[tuple[str, str], ...]  # (fnmatch pattern, component)
    stage_default: Mapping[str, str]
    region_suffixes: tuple[str, ...] = ()
    region_min_chars: int = 2
    # (code, stage) → component: every report asks about the same few codes, and fnmatch over the whole
    # map for each finding of each report was a good share of scoring
    _components: dict[tuple[str, str], str | None] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)

    def p(self, component: str, key: str) -> Any:
        return self.params[component][key]

    def component_of(self, code: str, stage: str) -> str | None:
        """Which component a finding of another stage counts for (None: it costs no points)."""
        try:
            return self._components[(code, stage)]
        except KeyError:
            comp = self._components[(code, stage)] = self._component_of(code, stage)
            return comp

    def _component_of(self, code: str, stage: str) -> str | None:
        for pattern, comp in self.code_map:
            if fnmatch.fnmatchcase(code, pattern):
                return None if comp == "none" else comp
        return self.stage_default.get(stage)

    def level_of(self, agency: str | None) -> str:
        """government | department | township | unknown, from the agency name's longest known suffix."""
        name = (agency or "").strip()
        if not name:
            return "unknown"
        for suffix, level in self.level_suffixes:
            if name.endswith(suffix):
                return level
        return "unknown"

    def region_of(self, agency: str | None) -> str:
        """The leading place name of an agency (``淮安市洪泽区人民政府`` → ``淮安市``)."""
        name = (agency or "").strip()
        for i in range(self.region_min_chars, len(name) + 1):
            if name[:i].endswith(self.region_suffixes):
                return name[:i]
        return name or "unknown"


def _check(cond: bool, reason: str) -> None:
    if not cond:
        raise ConfigError(str(corpora_path("scoring", "weights.toml")), reason)


def parse_config(data: Mapping[str, Any]) -> ScoringConfig:
    weights = dict(data["weights"])
    _check(set(weights) == set(COMPONENTS), f"weights must name exactly {list(COMPONENTS)}. Got {sorted(weights)} instead")
    _check(all(isinstance(v, int | float) and v >= 0 for v in weights.values()), "weights must be non-negative numbers")
    _check(abs(sum(weights.values()) - 100) < 1e-9, f"weights must sum to 100. Got {sum(weights.values())} instead")
    tl = data["timeliness"]
    deadlines = {k: (int(v[0]), int(v[1])) for k, v in tl["deadline"].items()}
    steps = tuple(sorted((int(d), float(s)) for d, s in tl["late"]["steps"]))
    _check(all(0 <= s <= 1 for _, s in steps), "timeliness.late.steps shares must lie in [0, 1]")
    suffixes = sorted(((s, level) for level, words in data["levels"].items() for s in words),
                      key=lambda t: -len(t[0]))
    comps = data["components"]
    code_map = tuple((str(p), str(c)) for p, c in comps["map"])
    _check(all(c in (*COMPONENTS, "none") for _, c in code_map), "components.map names an unknown component")
    params = {c: dict(data.get(c, {})) for c in COMPONENTS}
    return ScoringConfig(weights=weights, params=params, deadlines=deadlines, late_steps=steps,
                         level_suffixes=tuple(suffixes), code_map=code_map,
                         stage_default=dict(comps.get("default_by_stage", {})),
                         region_suffixes=tuple(data["regions"]["suffixes"]),
                         region_min_chars=int(data["regions"]["min_chars"]))


@cache
def scoring_config() -> ScoringConfig:
    """``corpora/scoring/weights.toml``, parsed and validated."""
    with corpora_path("scoring", "weights.toml").open("rb") as fh:
        return parse_config(tomllib.load(fh))
