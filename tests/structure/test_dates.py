"""Dates as reports write them, to ISO."""

from __future__ import annotations

import pytest

from auditor.structure.dates import parse_date


@pytest.mark.parametrize(("raw", "iso"), [
    ("2023-02-20 15:07", "2023-02-20"),
    ("2024年1月17日", "2024-01-17"),
    ("二○一四年一月十日", "2014-01-10"),
    ("二〇一三年十二月二十六日", "2013-12-26"),
    ("2024年13月40日", None),
    ("发布机构：平潭县人民政府", None),
])
def test_parse_date(raw: str, iso: str | None) -> None:
    assert parse_date(raw) == iso
