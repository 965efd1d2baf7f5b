"""Matching forms and agency identity, on sentences of the real reports."""

from __future__ import annotations

import pytest

from auditor.reuse.normalize import NAME, NUM, agency_key, name_variants, normalize
from tests.reuse.planted import real_reports


def test_names_numbers_and_punctuation_do_not_count() -> None:
    a = "一是2013年，淮安市洪泽区共发布信息1,234条（同比增长12.5%）。"
    b = "三是2021年,平潭综合实验区共发布信息88条(同比增长3%);"
    fa = normalize(a, name_variants("淮安市洪泽区人民政府"))
    fb = normalize(b, name_variants("平潭综合实验区管委会"))
    assert fa == fb
    assert NAME in fa and NUM in fa and "2013" not in fa


def test_full_width_and_kangxi_forms_are_unified() -> None:
    assert normalize("⼀是加强ＡＢＣ平台建设") == normalize("加强abc平台建设")


@pytest.mark.parametrize(("x", "y", "same"), [
    ("平潭综合实验区", "平潭综合实验区管委会", True),
    ("平潭综合实验区管理委员会", "平潭综合实验区管委会", True),
    ("淮安市洪泽区人民政府办公室", "淮安市洪泽区人民政府", True),
    ("平潭县人民政府", "平潭综合实验区", False),
    ("平潭综合实验区地方税务局", "平潭综合实验区", False),
])
def test_agency_identity(x: str, y: str, same: bool) -> None:
    assert (agency_key(x) == agency_key(y)) is same


def test_real_agencies_mask_in_their_own_text() -> None:
    for r in real_reports():
        if not r.agency:
            continue
        names = name_variants(r.agency)
        body = r.text[len(r.text) // 3:]
        hits = [n for n in names if n in body]
        if hits:  # the report names itself: the matching form hides it
            assert hits[0] not in normalize(body, names)
