"""Template detection: table labels decide, the year is weaker evidence, legacy sections count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.structure.template import detect_template, year_template
from tests.conftest import gold_cases, gold_ids
from tests.structure._support import skip_without_reader, structured, structured_text


@pytest.mark.parametrize(("path", "gold"), gold_cases(), ids=gold_ids())
def test_gold_template(path: Path, gold: dict) -> None:
    skip_without_reader(path)
    assert structured(path).template == gold["template"]


def test_table_labels_beat_the_year() -> None:
    """A 2019-template table in a report on 2022 is still read as the 2019 template."""
    report = structured(next(p for p, g in gold_cases() if g["template"] == "2019"))
    text = re.sub(r"20(19|20)年", "2022年", report.text)
    got = structured_text(text)
    assert got.year == 2022
    assert got.template == "2019"


def test_year_alone_decides_without_tables() -> None:
    """Narrative only (tables lost): the year reported on is the evidence left."""
    for path, gold in gold_cases():
        if path.suffix != ".txt":
            continue
        report = structured(path)
        narrative = "".join(report.text[s.body_start : s.end] for s in report.sections
                            if s.key in ("overview", "problems", "other"))
        title = f"{gold['agency']}{gold['year']}年政府信息公开工作年度报告\n"
        template, _ = detect_template(title + narrative, (), gold["year"])
        assert template == year_template(gold["year"]), path.name


def test_no_evidence_is_unknown() -> None:
    assert detect_template("无关文字", (), None)[0] == "unknown"
