"""Stages register here by name, declaring what they need and what they add to a Report.

A batch engine (multiprocessing today, Spark later) maps the registered stages over documents; each stage
is a pure function of its inputs, so it can run in any process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditor.model import Report

StageFunc = Callable[..., Report]


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    doc: str

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "requires": list(self.requires), "assigns": list(self.assigns), "doc": self.doc}


STAGES: dict[str, Stage] = {}


def stage(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Callable[[StageFunc], StageFunc]:
    def register(func: StageFunc) -> StageFunc:
        if name in STAGES and STAGES[name].func is not func:
            raise ValueError(f"stage {name!r} is registered twice")
        doc = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else ""
        STAGES[name] = Stage(name, func, requires, assigns, doc)
        return func

    return register
