"""The weights file, its validation, agency levels, timeliness rules and cohort ranking."""

from __future__ import annotations

import dataclasses
import tomllib

import pytest

from auditor.errors import ConfigError
from auditor.resources import corpora_path
from auditor.score import COMPONENTS, rank_within, score_report, scoring_config
from auditor.score.weights import parse_config
from tests.score.audit_fixtures import gold, gold_report


def _raw() -> dict:
    with corpora_path("scoring", "weights.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_weights_sum_to_100_and_name_every_component():
    cfg = scoring_config()
    assert set(cfg.weights) == set(COMPONENTS)
    assert sum(cfg.weights.values()) == pytest.approx(100)


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d["weights"].update(accuracy=99), "sum to 100"),
    (lambda d: d["weights"].pop("originality"), "exactly"),
    (lambda d: d["weights"].update(bogus=0), "exactly"),
    (lambda d: d["components"]["map"].append(["x.*", "speed"]), "unknown component"),
])
def test_bad_weights_are_refused_by_name(mutate, words):
    d = _raw()
    mutate(d)
    with pytest.raises(ConfigError, match=words) as info:
        parse_config(d)
    assert info.value.code == "E901"


@pytest.mark.parametrize("name, level", [
    ("hongze-2023", "government"), ("huaian-city-2024", "government"), ("pingtan-2022", "government"),
    ("huarong-xzspj-2020", "department"), ("shuyang-fgj-2023", "department"),
    ("pingtan-dishui-2013", "department"),
])
def test_level_from_real_agency_names(name, level):
    assert scoring_config().level_of(gold(name)["agency"]) == level


def test_level_longest_suffix_wins():
    cfg = scoring_config()
    assert cfg.level_of("淮安市人民政府办公室") == "department"  # not the government itself
    assert cfg.level_of("洪泽区岔河镇人民政府") == "township"
    assert cfg.level_of("") == "unknown"


def test_unknown_date_is_left_out_not_passed_nor_failed():
    r = gold_report("pingtan-2022")
    dated = score_report(r, ran={"structure", "tables"})
    undated = score_report(dataclasses.replace(r, published=None), ran={"structure", "tables"})
    t = undated.components["timeliness"]
    assert t.status == "cannot_verify" and t.points is None and not t.deductions
    assert undated.coverage == pytest.approx(dated.coverage - scoring_config().weights["timeliness"] / 100)
    # the total is over the verified components only: no points gained nor lost for the unknown
    verified = [c for c in undated.components.values() if c.points is not None]
    assert undated.total == pytest.approx(100 * sum(c.points for c in verified) / sum(c.max for c in verified),
                                          abs=0.01)


@pytest.mark.parametrize("published, level_ok", [("2023-01-31", True), ("2023-03-31", True), ("2023-04-01", False)])
def test_government_deadline_is_31_march(published, level_ok):
    r = dataclasses.replace(gold_report("pingtan-2022"), published=published)  # 平潭综合实验区: a government
    t = score_report(r, ran={"structure"}).components["timeliness"]
    assert (t.points == t.max) is level_ok


def test_department_deadline_is_31_january():
    g = gold("shuyang-fgj-2023")
    r = dataclasses.replace(gold_report("pingtan-2022"), agency=g["agency"], year=2023, published="2024-02-15")
    t = score_report(r, ran={"structure"}).components["timeliness"]
    assert t.points < t.max
    assert t.deductions[0].code == "timeliness.late" and "15 day" in t.deductions[0].message


def test_date_before_the_year_ended_cannot_be_right():
    r = dataclasses.replace(gold_report("pingtan-2022"), published="2022-06-01")
    assert score_report(r, ran={"structure"}).components["timeliness"].status == "cannot_verify"


def test_rank_within_cohorts():
    rows = [{"file": f, "year": y, "template": "2021", "level": lv, "agency": a, "score": s}
            for f, y, lv, a, s in [("a", 2023, "government", "甲市人民政府", 80.0), ("b", 2023, "government", "乙市人民政府", 90.0),
                                   ("c", 2023, "department", "甲市财政局", 50.0), ("d", 2023, "government", "丙县人民政府", 90.0),
                                   ("e", 2023, "government", "丁县人民政府", None)]]
    out = {r["file"]: r for r in rank_within(rows)}
    assert out["b"]["rank"] == out["d"]["rank"] == 1 and out["a"]["rank"] == 3
    assert out["c"]["rank"] == 1 and out["c"]["of"] == 1  # alone in its cohort: not compared with governments
    assert out["a"]["percentile"] == pytest.approx(100 / 3, abs=0.1)
    assert out["e"]["rank"] is None
    by_region = {r["file"]: r["group"] for r in rank_within(rows, "region")}
    assert by_region["a"] == by_region["c"] == "甲市"
