"""The narrative stage's settings: ``[narrative]`` of ``default_config.toml``, with one resolver."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from auditor.config import defaults
from auditor.errors import ConfigError


def _d(key: str) -> Any:
    return defaults()["narrative"][key]


@dataclass(frozen=True)
class NarrativeSettings:
    sections: tuple[str, ...] = field(default_factory=lambda: tuple(_d("sections")))
    answer_similarity: float = field(default_factory=lambda: float(_d("answer_similarity")))
    redundancy_chars: int = field(default_factory=lambda: int(_d("redundancy_chars")))

    @classmethod
    def resolve(cls, value: NarrativeSettings | Mapping[str, Any] | None = None) -> NarrativeSettings:
        """``None`` → defaults; a dict → defaults with those keys replaced; an instance → itself."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            raise ConfigError(None, f"narrative settings must be a dict or NarrativeSettings. "
                                    f"Got {type(value).__name__} instead")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ConfigError(None, f"unknown narrative setting(s) {unknown}; known: {sorted(known)}")
        v = dict(value)
        if "sections" in v:
            v["sections"] = tuple(v["sections"])
        for k in ("answer_similarity", "redundancy_chars"):
            if k in v and (not isinstance(v[k], int | float) or v[k] < 0):
                raise ConfigError(None, f"narrative setting {k!r} must be a non-negative number. Got {v[k]!r} instead")
        return replace(cls(), **v)
