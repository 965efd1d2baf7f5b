"""Reuse settings: the ``[reuse]`` defaults of ``default_config.toml`` with one resolver."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from auditor.config import StageSettings, default
from auditor.errors import ConfigError


@dataclass(frozen=True)
class ReuseSettings(StageSettings):
    section: ClassVar[str] = "reuse"
    min_chars: int = default("reuse", "min_chars")
    min_residual: int = default("reuse", "min_residual")
    shingle: int = default("reuse", "shingle")
    num_perm: int = default("reuse", "num_perm")
    bands: int = default("reuse", "bands")
    max_agencies: int = default("reuse", "max_agencies")
    max_bucket: int = default("reuse", "max_bucket")
    heavy_share: float = default("reuse", "heavy_share")
    min_jaccard: float = default("reuse", "min_jaccard")
    min_run: int = default("reuse", "min_run")
    min_dice: float = default("reuse", "min_dice")
    min_shared: int = default("reuse", "min_shared")
    gap: int = default("reuse", "gap")
    reorder: int = default("reuse", "reorder")
    max_gap_chars: int = default("reuse", "max_gap_chars")
    min_block: int = default("reuse", "min_block")

    def validate(self) -> None:
        if self.bands == 0 or self.num_perm % self.bands:
            raise ConfigError(None, f"reuse num_perm must be a multiple of bands. Got {self.num_perm} and {self.bands} instead")
