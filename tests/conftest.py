"""Shared fixtures: the real reports in tests/fixtures with their golden expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPORTS = FIXTURES / "reports"
EXPECTED = FIXTURES / "expected"


def gold_cases() -> list[tuple[Path, dict]]:
    """(report file, gold annotation) for every gold report; adding a report + its JSON adds a test."""
    cases = []
    for g in sorted(EXPECTED.glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        src = REPORTS / Path(gold["file"]).name
        cases.append((src, gold))
    return cases


def gold_ids() -> list[str]:
    return [p.stem for p, _ in gold_cases()]


@pytest.fixture(scope="session")
def gold_by_name() -> dict[str, dict]:
    return {p.stem: g for p, g in gold_cases()}
