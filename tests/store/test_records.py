"""Records to plain data and back (what the store keeps): the generated converters of auditor.model give
what the general definitions give."""

from __future__ import annotations

import dataclasses
import json
from types import MappingProxyType
from typing import Any

import pytest

import auditor.model as m
from auditor.model import Cell, Evidence, Finding, Item, Report, Section, Sentence, report_from_dict, to_dict


def _reference_to_dict(record: Any) -> Any:
    """to_dict as first written: every field and element through the one recursive function."""
    if type(record) in (str, int, float, bool, type(None)):
        return record
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: _reference_to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, dict | MappingProxyType):
        return {str(k): _reference_to_dict(v) for k, v in record.items()}
    if isinstance(record, list | tuple):
        return [_reference_to_dict(v) for v in record]
    return record


REPORT = Report(
    file="a.txt", format="text", text="一、概述 本年度收到申请3件。", agency="某县人民政府", year=2023,
    sections=(Section(1, "一、概述", 0, 5, 20, "overview", (Item("enum", "一是", "一是…", 5, 9),)),),
    cells={"t3.total_processed.total": Cell(("t3", "total_processed", "total"), 3, "3", 10, 11,
                                            candidates=(3, 30))},
    sentences=(Sentence(5, 15, "本年度收到申请3件", 1, None, "substantive", 0.75, 2),),
    findings=(Finding("x.y", "warning", "msg", (Evidence(1, 2, "a", cell="t3.x"),), data={
        "where": ("t3", 1), 2: None, "nested": {"k": [(1, 2)]}, "proxy": MappingProxyType({"a": 1})}),),
    measures={"checks": {"r": {"pass": 1}}, "counter": {None: 1, 1.5: 2}}, meta={"stages": ["checks"]})


def test_to_dict_is_the_recursive_definition() -> None:
    assert to_dict(REPORT) == _reference_to_dict(REPORT)
    assert json.dumps(to_dict(REPORT), ensure_ascii=False) == json.dumps(_reference_to_dict(REPORT),
                                                                         ensure_ascii=False)
    assert to_dict([REPORT.sentences[0], (1, 2)]) == _reference_to_dict([REPORT.sentences[0], (1, 2)])


def test_reading_back_builds_equal_records_as_the_constructor() -> None:
    d = json.loads(json.dumps(to_dict(REPORT), ensure_ascii=False))
    fast = report_from_dict(d)
    assert fast == m._from_general(Report, d)  # the general path: keyword arguments to the constructor
    assert fast.sentences[0] == Sentence(**d["sentences"][0])
    assert hash(fast.sentences[0]) == hash(Sentence(**d["sentences"][0]))
    assert to_dict(fast) == d
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.sentences[0].start = 1  # type: ignore[misc]


def test_missing_fields_take_their_defaults_and_other_mappings_go_the_general_way() -> None:
    d = {"file": "a.txt", "format": "text", "text": "t", "cells": {"k": {"path": ["t3", "a", "b"], "value": None,
                                                                        "raw": ""}}}
    r = report_from_dict(d)
    assert r == Report("a.txt", "text", "t", cells={"k": Cell(("t3", "a", "b"), None, "")})
    assert r.sentences == () and r.measures == {} and r.template == "unknown"
    assert report_from_dict(MappingProxyType(d)) == r
    with pytest.raises(TypeError):
        report_from_dict({"format": "text"})  # as the constructor: file and text are required
