"""Reuse settings: the ``[reuse]`` defaults of ``default_config.toml`` with one resolver."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from auditor.config import defaults
from auditor.errors import ConfigError


def _d(key: str) -> Any:
    return field(default_factory=lambda: defaults()["reuse"][key])


@dataclass(frozen=True)
class ReuseSettings:
    min_chars: int = _d("min_chars")
    min_residual: int = _d("min_residual")
    shingle: int = _d("shingle")
    num_perm: int = _d("num_perm")
    bands: int = _d("bands")
    max_agencies: int = _d("max_agencies")
    max_bucket: int = _d("max_bucket")
    heavy_share: float = _d("heavy_share")
    min_jaccard: float = _d("min_jaccard")
    min_run: int = _d("min_run")
    min_dice: float = _d("min_dice")
    min_shared: int = _d("min_shared")
    gap: int = _d("gap")
    reorder: int = _d("reorder")
    max_gap_chars: int = _d("max_gap_chars")
    min_block: int = _d("min_block")

    @classmethod
    def resolve(cls, value: ReuseSettings | Mapping[str, Any] | None = None) -> ReuseSettings:
        """``None`` → defaults; a dict → defaults with those keys replaced; an instance → itself."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            raise ConfigError(None, f"reuse settings must be a dict or ReuseSettings. Got {type(value).__name__} instead")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ConfigError(None, f"unknown reuse setting(s) {unknown}; known: {sorted(known)}")
        for k, v in value.items():
            if not isinstance(v, int | float) or isinstance(v, bool) or v < 0:
                raise ConfigError(None, f"reuse setting {k!r} must be a non-negative number. Got {v!r} instead")
        out = replace(cls(), **dict(value))
        if out.num_perm % out.bands or out.bands == 0:
            raise ConfigError(None, f"reuse num_perm must be a multiple of bands. Got {out.num_perm} and {out.bands} instead")
        return out
