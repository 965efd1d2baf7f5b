"""Reading a stored report member by member (and only as far as needed) decodes what json.loads decodes,
and writing it back with the stored texts of the unchanged members writes what json.dumps writes."""

from __future__ import annotations

import json
import zlib

import pytest

from auditor.store.db import (
    encode_list,
    encode_members,
    pack,
    pack_members,
    unpack,
    unpack_members,
    unpack_prefix,
)

REPORT = {"file": "a.txt", "format": "text", "text": "一、概述\n\"引号\" \\ 1,234 \u2028 😀", "agency": None,
          "year": 2023, "sections": [{"no": 1, "items": []}], "cells": {"t3.x.total": {"value": 1.5}},
          "findings": [{"code": "a", "data": {"x": [1, 2.0, None, True]}}, {"code": "b", "evidence": []}],
          "measures": {"checks": {"r": {"pass": 1}}, "narrative": {"share": 0.25}, "empty": {}}, "meta": {}}


def _blob(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def test_members_decode_as_json_loads_and_write_back_byte_for_byte() -> None:
    blob = pack(REPORT)
    u = unpack_members(blob)
    assert u.data == unpack(blob) == json.loads(json.dumps(REPORT))
    assert pack_members(u.data, u.raw) == blob  # every member copied: the very same text
    assert pack_members(u.data, {}) == blob  # every member encoded again: the same too
    assert encode_members(u.data["measures"], u.nested["measures"]) == u.raw["measures"]
    assert encode_list(u.data["findings"], u.elements["findings"]) == u.raw["findings"]
    assert encode_list(u.data["findings"], [None, u.elements["findings"][1]]) == u.raw["findings"]
    changed = {**u.data, "findings": [*u.data["findings"], {"code": "c"}]}
    raw = {k: t for k, t in u.raw.items() if k != "findings"}
    assert json.loads(zlib.decompress(pack_members(changed, raw))) == changed


@pytest.mark.parametrize("text", ['{}', ' {"a" : 1 ,"a": {"x": 2}} ', '{"measures": 5, "findings": {"x": 1}}',
                                  '{"measures": {"a": [1, 2]}, "findings": [ ]}', '[1, 2]', '"x"',
                                  '{"findings": [1, {"a": []}, "]"], "b": "}"}'])
def test_unusual_json_is_read_as_json_loads_reads_it(text: str) -> None:
    u = unpack_members(_blob(text))
    assert u.data == json.loads(text)
    if u.raw:  # member texts kept: writing back from them gives the same value
        assert json.loads(encode_members(u.data, u.raw)) == json.loads(text)
        for key, texts in u.elements.items():
            assert json.loads(encode_list(u.data[key], texts)) == u.data[key]


def test_invalid_json_is_refused_as_json_loads_refuses_it() -> None:
    for text in ('{"a": 1} x', '{"a" 1}', '{"a": [1, }'):
        with pytest.raises(json.JSONDecodeError):
            unpack_members(_blob(text))


def test_prefix_is_the_members_asked_for() -> None:
    blob = pack(REPORT)
    assert unpack_prefix(blob, ("file", "text", "sections")) == {k: REPORT[k] for k in ("file", "text", "sections")}
    assert unpack_prefix(blob, ("year", "missing")) == {"year": 2023}
    assert unpack_prefix(_blob('["a"]'), ("a",)) == {}  # not an object: nothing to take
