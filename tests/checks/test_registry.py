"""The rule registry: snapshot, documentation, configuration, and the stage contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.checks import RULES, describe, resolve_config, run_checks
from auditor.errors import ConfigError
from auditor.pipeline import get_stage

from .conftest import cells_from_gold, gold

ROOT = Path(__file__).resolve().parents[2]


def test_registry_matches_snapshot() -> None:
    """A changed id, severity, requirement or default must be deliberate: update registrations.json."""
    snapshot = json.loads((Path(__file__).with_name("registrations.json")).read_text(encoding="utf-8"))
    assert describe() == snapshot


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_is_documented(rule_id: str) -> None:
    assert f"### {rule_id}\n" in (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("config", "needle"), [
    ({"no.such.rule": {}}, "unknown check 'no.such.rule'"),
    ({"cells.negative": {"colour": 1}}, "unknown setting 'colour'"),
    ({"cells.negative": {"enabled": "yes"}}, "must be bool"),
    ({"cells.negative": ["enabled"]}, "must be a dict"),
])
def test_bad_config_is_rejected_by_name(config: dict, needle: str) -> None:
    with pytest.raises(ConfigError, match="E901") as err:
        resolve_config(config)
    assert needle in str(err.value)


def test_disabled_rule_does_not_run() -> None:
    from auditor.model import Report

    g = gold("hongze-2023")
    report = Report(file="x", format="text", text="", template="2021", cells=cells_from_gold(g["tables"]))
    out = run_checks(report, config={"t4.group_total": {"enabled": False}})
    assert "t4.group_total" not in out.measures["checks"]
    assert not [f for f in out.findings if f.code == "t4.group_total"]


def test_stage_is_registered_with_its_contract() -> None:
    st = get_stage("checks")
    assert st.requires == ("previous",)
    assert set(st.assigns) == {"findings", "measures"}


def test_legacy_report_gets_no_table_findings() -> None:
    from auditor.model import Report

    out = run_checks(Report(file="x", format="text", text="一、概述 本年度共受理申请3件。", template="legacy"))
    assert out.findings == ()
