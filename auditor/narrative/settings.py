"""The narrative stage's settings: ``[narrative]`` of ``default_config.toml``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from auditor.config import StageSettings, default


@dataclass(frozen=True)
class NarrativeSettings(StageSettings):
    section: ClassVar[str] = "narrative"
    sections: tuple[str, ...] = default("narrative", "sections")
    answer_similarity: float = default("narrative", "answer_similarity")
    redundancy_chars: int = default("narrative", "redundancy_chars")
