"""Cell semantics: counts are integers, amounts floats with their unit, blanks and dashes null (never 0)."""

from __future__ import annotations

import pytest

from auditor.structure.tables.labels import label_data
from auditor.structure.tables.values import parse_value
from tests.tables._support import extracted


@pytest.mark.parametrize("raw", label_data()["null_tokens"] + ["  ", "\u3000", "／"])
def test_null_tokens_are_null_not_zero(raw: str) -> None:
    v = parse_value(raw)
    assert (v.value, v.status) == (None, "null")


@pytest.mark.parametrize(("raw", "amount", "want", "unit"), [
    ("0", False, 0, None), ("12", False, 12, None), ("1,234", False, 1234, None), ("-18", False, -18, None),
    ("３", False, 3, None), ("9116.36", True, 9116.36, None), ("73802895.90元", True, 73802895.9, "元"),
    ("1.5万元", True, 1.5, "万元"), ("5件", False, 5, None),
])
def test_numbers(raw: str, amount: bool, want: float, unit: str | None) -> None:
    v = parse_value(raw, amount=amount)
    assert v.status == "ok" and v.value == want and v.unit == unit
    assert isinstance(v.value, float if amount and "." in raw else int)


def test_text_is_not_a_number() -> None:
    assert parse_value("见附件").status == "bad"


def test_blank_row_of_the_seed_stays_null() -> None:
    """Huarong 2020: 四、结转下年度继续办理 has seven bare '|' cells → seven null cells, raw kept."""
    report = extracted("huarong-xzspj-2020")
    row = {k: c for k, c in report.cells.items() if k.startswith("t3.carried_forward.")}
    assert len(row) == 7
    assert all(c.value is None and c.status == "null" and c.raw == "" for c in row.values())
    # and a real zero next to it is a zero, not a null
    assert report.cells["t3.total_processed.total"].value == 0
    assert report.cells["t3.total_processed.total"].status == "ok"


def test_amount_takes_the_header_unit() -> None:
    """Pingtan 2022 t2 本年收费金额（单位：万元）: 9116.36 written without unit → 9116.36 万元."""
    cell = extracted("pingtan-2022").cells["t2.art20_8.fees.amount"]
    assert (cell.value, cell.unit, cell.raw) == (9116.36, "万元", "9116.36")


def test_amount_with_its_own_unit() -> None:
    cell = extracted("huarong-xzspj-2020").cells["t2.art20_9.procurement.amount"]
    assert cell.value == 116408.28 and isinstance(cell.value, float) and cell.unit is None
