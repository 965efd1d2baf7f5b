"""The results of copy detection as plain records (JSON schema: docs/reuse.schema.json).

In a block, ``a`` is the later report (the one that copied or repeats) and ``b`` the earlier, likely
source; ``source_known`` is false when neither year nor publication date orders them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["cross_agency", "self_repeat"]


@dataclass(frozen=True, slots=True)
class Span:
    file: str
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True, slots=True)
class ReuseBlock:
    kind: Kind
    a: Span
    b: Span
    overlap: float  # shared characters / matching characters of a's passages in the block
    shared: int = 0  # shared characters (matching form, masks and commonplace passages excluded)
    passages: int = 0  # copied passages of a in the block
    source_known: bool = True
    section: str | None = None  # section of a's first passage, when known


@dataclass(frozen=True, slots=True)
class ReportReuse:
    file: str
    agency: str | None
    year: int | None
    originality: float  # share of the report's own narrative text not found in earlier/other reports
    narrative_chars: int = 0  # matching characters of eligible passages (template and commonplace out)
    copied_chars: int = 0
    template_passages: int = 0
    commonplace_passages: int = 0
    sources: tuple[str, ...] = ()  # files it shares blocks with as the later report
    stickiness: dict[str, float] = field(default_factory=dict)  # section → share found in earlier years
    repeated_items: tuple[str, ...] = ()  # problems/improvements repeated from earlier years


@dataclass(frozen=True, slots=True)
class ReuseResult:
    blocks: tuple[ReuseBlock, ...]
    reports: tuple[ReportReuse, ...]
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"blocks": [_clean(asdict(b)) for b in self.blocks],
                "reports": [_clean(asdict(r)) for r in self.reports],
                "stats": dict(self.stats)}


def _clean(d: Any) -> Any:
    if isinstance(d, dict):
        return {k: _clean(v) for k, v in d.items()}
    if isinstance(d, list | tuple):
        return [_clean(v) for v in d]
    if isinstance(d, float):
        return round(d, 4)
    return d
