"""What a score is made of: components with their deductions, each deduction tied to a finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from auditor.model import Evidence, Finding, to_dict

ComponentStatus = Literal["scored", "cannot_verify"]


@dataclass(frozen=True, slots=True)
class Deduction:
    """Points lost, the finding that says why, and where it is proved."""

    component: str
    points: float
    code: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    stage: str = "score"  # the stage whose finding this is ("score" when the scorer raised it)


@dataclass(frozen=True, slots=True)
class ComponentScore:
    name: str
    max: float
    points: float | None  # None when the component cannot be verified
    status: ComponentStatus = "scored"
    reason: str = ""  # why it cannot be verified, or a one-line summary
    deductions: tuple[Deduction, ...] = ()
    measures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Score:
    total: float | None  # 0-100 over the verified components; None when none could be verified
    coverage: float  # share of the 100 points that could be verified
    level: str  # government | department | township | unknown
    components: dict[str, ComponentScore]
    findings: tuple[Finding, ...] = ()  # the findings the scorer itself raised (stage "score")

    @property
    def deductions(self) -> tuple[Deduction, ...]:
        return tuple(d for c in self.components.values() for d in c.deductions)

    def component_points(self) -> dict[str, float | None]:
        return {k: (None if c.points is None else round(c.points, 2)) for k, c in self.components.items()}

    def to_dict(self) -> dict[str, Any]:
        components = {k: to_dict(c) for k, c in self.components.items()}
        # the flat list repeats the components' deductions: copies of the dicts just made, not a second
        # conversion of every deduction and its evidence (which the copies share)
        return {"total": self.total, "coverage": self.coverage, "level": self.level, "components": components,
                "deductions": [dict(d) for c in components.values() for d in c["deductions"]]}


def cannot_verify(name: str, maximum: float, reason: str, **measures: Any) -> ComponentScore:
    return ComponentScore(name, maximum, None, "cannot_verify", reason, (), dict(measures))


def scored(name: str, maximum: float, losses: list[tuple[float, Finding]], reason: str = "",
           **measures: Any) -> ComponentScore:
    """Deduct each (share of the maximum, finding), never below zero; the last deductions are trimmed."""
    left = maximum
    deductions = []
    for share, f in losses:
        pts = round(min(left, max(0.0, share) * maximum), 2)
        if pts <= 0:
            continue
        left -= pts
        deductions.append(Deduction(name, pts, f.code, f.message, f.evidence, f.stage))
    return ComponentScore(name, maximum, round(max(0.0, left), 2), "scored", reason, tuple(deductions),
                          dict(measures))
