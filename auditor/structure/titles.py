"""The report's title: printed in the opening (possibly over two lines) or in the page metadata."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from auditor.structure.lexicon import agency_suffixes, metadata_labels

# "2022年度政府信息公开工作年度报告", "2019年政府信息公开年报", "2020年报", traditional 公開/報告 too.
TITLE_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年\s*度?\s*(?P<between>[^\d\n。，,]{0,24}?)"
    r"(?:政府信息公[开開]|信息公[开開]|政务公[开開]|政務公開|年度[报報]告|年[报報]|(?<=年)[报報])"
)
# Mirrors of traditional-character pages annotate characters with pinyin: 公開(kāi), 報(bào).
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
CJK_NAME = re.compile(r"[\u4e00-\u9fff（）()]+")
_OPENING = 1500  # a printed title stands in the first lines
_MAX_TITLE = 80


def ends_with_suffix(name: str) -> bool:
    """Whether ``name`` ends like an agency name (局, 人民政府, 街道办事处… from the data file)."""
    return any(name.endswith(s) for s in agency_suffixes())


def titles(text: str, meta: Mapping[str, Any]) -> list[str]:
    """Candidate titles, best first: lines of the opening that name a report, then page metadata.

    The printed title wins over file metadata (a PDF's title property is often a short form).  A title
    broken over two lines ("淮安市人民政府" / "2024年政府信息公开工作年度报告") is joined.
    """
    out: list[str] = []
    prev = ""
    for m in re.finditer(r"[^\n|]+", text[:_OPENING]):
        line = m.group(0).strip()
        if "(" in line:  # PINYIN needs one: most lines have none
            line = PINYIN.sub("", line)
        if not line:
            continue
        t = TITLE_YEAR.search(line) if "年" in line else None  # TITLE_YEAR needs a 年
        if len(line) < _MAX_TITLE and t:
            if not CJK_NAME.search(line[: t.start()]) and 2 < len(prev) < 30 and ends_with_suffix(prev):
                line = prev + line
            out.append(line)
        prev = line
    for k in metadata_labels()["title"]:
        v = meta.get(k)
        for t in [v] if isinstance(v, str) else v if isinstance(v, list | tuple) else []:
            if isinstance(t, str) and t.strip():
                out.append(PINYIN.sub("", t.strip()))
    return out
