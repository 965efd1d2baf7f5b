"""Every check registers here: its id, the severity of its failures, what it needs, its default config.

A rule is a plain function ``rule(ctx) -> Iterable[Result]``; the ``checks`` stage (``auditor.checks``)
turns failures and cannot-verify results into :class:`~auditor.model.Finding` records and counts the rest,
so a rule never decides how results are stored or shown.  ``describe()`` is the JSON snapshot that
``tests/checks/registrations.json`` pins (spaCy's factory-registration test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from auditor.model import Report, Severity

ResultStatus = Literal["fail", "cannot_verify", "pass", "note"]

# What a rule may require; the runner skips a rule (silently) when a requirement is absent.
REQUIREMENTS = ("tables", "text", "sections", "previous")


@dataclass(frozen=True, slots=True)
class Result:
    """One outcome of one rule at one place (a column, a group, a sentence)."""

    status: ResultStatus
    message: str
    cells: tuple[str, ...] = ()  # canonical keys of the cells involved, for evidence
    data: Mapping[str, Any] = field(default_factory=dict)
    spans: tuple[tuple[int, int], ...] = ()  # text spans (narrative) involved, for evidence
    severity: Severity | None = None  # overrides the rule's severity for this result only
    previous_cells: tuple[str, ...] = ()  # cells of the previous year's report involved (cross-year)


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule sees: the report, the previous year's report if given, and its resolved config."""

    report: Report
    previous: Report | None
    config: Mapping[str, Any]


RuleFunc = Callable[[Context], Iterable[Result]]


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: Severity  # severity of a failure; cannot-verify is always "info"
    requires: tuple[str, ...]
    defaults: Mapping[str, Any]
    doc: str
    func: RuleFunc

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, "family": self.family, "severity": self.severity,
                "requires": list(self.requires), "defaults": dict(self.defaults), "doc": self.doc}


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, family: str, severity: Severity, requires: tuple[str, ...] = ("tables",),
         defaults: Mapping[str, Any] | None = None) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``rule_id`` (its first docstring line documents it)."""
    unknown = set(requires) - set(REQUIREMENTS)
    if unknown:
        raise ValueError(f"rule {rule_id!r} requires unknown inputs {sorted(unknown)}; known: {REQUIREMENTS}")

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES and RULES[rule_id].func is not func:
            raise ValueError(f"rule {rule_id!r} is registered twice")
        doc = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else ""
        RULES[rule_id] = Rule(rule_id, family, severity, tuple(requires), dict(defaults or {}), doc, func)
        return func

    return register


def describe() -> list[dict[str, Any]]:
    """The registry as plain data, sorted by id (the snapshot the tests compare)."""
    return [RULES[k].describe() for k in sorted(RULES)]


def ids() -> Iterable[str]:
    return sorted(RULES)
