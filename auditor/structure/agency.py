"""The reporting agency's name: from the title, the page's issuer, or the report's own sentences.

Sources, best first: the printed title ("淮安市人民政府" / "2024年政府信息公开工作年度报告"), the page's
发布机构, "现公布…" / "本报告由…编制", the subject of a "2023年，…" opening sentence, the contact line
("请与…联系").  A short form is completed from the body's fuller mention ("洪泽区人民政府" →
"淮安市洪泽区人民政府").  Relative references ("本局", "区行政审批局") are never returned as names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from auditor.structure.lexicon import agency_suffixes, metadata_labels
from auditor.structure.titles import CJK_NAME, TITLE_YEAR, ends_with_suffix

_ALIAS = re.compile(r"[（(]以下[简簡][称稱][^）)]{0,20}[）)]")
# Relative references that are not a name on their own ("区行政审批局", "本局", "我县", "全区").
_RELATIVE_START = tuple("本我该区县市镇乡全在按根各")
# "2023年，普宁市公安局以…": the subject of a report's opening sentence is usually the agency.
_YEAR_SUBJECT = re.compile(r"(?:19|20)\d{2}\s*年度?[，,]\s*([\u4e00-\u9fff]{4,25})")
_NAME_EXTENSIONS = ("办公室", "办公厅", "办事处", "辦公室")
_CONTACT = re.compile(r"[请請][与與]([\u4e00-\u9fff（）()]{4,40}?)[联聯][系繫]")
_BODY_AGENCY = re.compile(
    r"(?:(?:19|20)\d{2}\s*年度?|现将|现公布|現公布|特向社会公布|由|报告由)([\u4e00-\u9fff（）()]{3,30}?)"
    r"(?:(?:19|20)\d{2}\s*年度?)?(?:政府信息公[开開]|信息公[开開]|办公室编制|编制)"
)
# Administrative divisions written before a name: "淮安市", "江苏省淮安市" (matched at a window's end).
_DIVISIONS_BEFORE = re.compile(r"(?:[\u4e00-\u9fff]{1,7}?[省市州盟县区旗])+$")
_NOT_NAME = frozenset("由将在对与和及的了是为从向")
_SEARCH = 4000  # names are stated in the opening of a report


def _clean_name(name: str) -> str:
    name = _ALIAS.sub("", name).strip(" ：:　()（）")
    for lead in ("关于", "印发", "公布"):
        if name.startswith(lead):
            name = name[len(lead):]
    return name


def from_title(title: str) -> str | None:
    """The name before the year in '平潭综合实验区2022年度政府信息公开工作年度报告' (or right after it)."""
    m = TITLE_YEAR.search(title)
    if not m:
        return None
    names = CJK_NAME.findall(title[: m.start()])
    if names:
        name = _clean_name(names[-1])
        if len(name) >= 3 and not name.startswith(("本", "我")):
            return name
    # "2021年株洲市人力资源和社会保障局政府信息公开年度报告": the name follows the year
    between = _clean_name(m.group("between") or "")
    if len(between) >= 3 and ends_with_suffix(between) and not between.startswith(_RELATIVE_START):
        return between
    return None


def from_issuer(meta: Mapping[str, Any]) -> str | None:
    """The page's 发布机构 (or the reader's ``organ``) when it reads as an agency name."""
    for k in metadata_labels()["issuer"]:
        v = meta.get(k)
        if isinstance(v, str) and len(v.strip()) >= 3 and ends_with_suffix(v.strip()):
            return v.strip()
    return None


def from_body(text: str) -> str | None:
    """"现公布阳山县人民政府办公室2016年政府信息公开…", "本报告由…编制"."""
    for m in _BODY_AGENCY.finditer(text, 0, min(len(text), _SEARCH)):
        name = _clean_name(m.group(1))
        if len(name) >= 4 and ends_with_suffix(name) and not name.startswith(_RELATIVE_START):
            return name
    return None


def _shortest_name(run: str, extend: bool) -> str | None:
    """The shortest prefix of ``run`` ending in an agency suffix ("普宁市公安局以习…" → "普宁市公安局")."""
    suffixes = agency_suffixes()
    for e in range(4, len(run) + 1):
        if any(run[:e].endswith(x) for x in suffixes):
            ext = next((x for x in _NAME_EXTENSIONS if run[e:].startswith(x)), "") if extend else ""
            return run[: e + len(ext)]
    return None


def from_opening(text: str) -> str | None:
    """The subject of a "2023年，…" sentence near the top."""
    for m in _YEAR_SUBJECT.finditer(text, 0, min(len(text), _SEARCH)):
        if not m.group(1).startswith(_RELATIVE_START):
            name = _shortest_name(m.group(1), extend=True)
            if name:
                return name
    return None


def from_contact(text: str) -> str | None:
    """The unit of the contact line "如有疑问，请与国家税务总局政府信息公开办公室联系"."""
    for m in _CONTACT.finditer(text, 0, min(len(text), _SEARCH)):
        if not m.group(1).startswith(_RELATIVE_START):
            name = _shortest_name(m.group(1), extend=False)
            if name:
                return name
    return None


def qualify(agency: str, text: str) -> str:
    """The fuller form of a name the report itself uses: "洪泽区人民政府" → "淮安市洪泽区人民政府".

    Titles often drop the higher administrative divisions that the body's own sentences write out.
    """
    best = agency
    head = text[:_SEARCH]
    k = head.find(agency)
    while k >= 0:
        m = _DIVISIONS_BEFORE.search(head, max(0, k - 12), k)
        if m:
            prefix = m.group(0)
            # the window may start mid-sentence: keep what follows the last function word ("由淮安市")
            cut = max((i for i, ch in enumerate(prefix) if ch in _NOT_NAME), default=-1)
            prefix = prefix[cut + 1:]
            if 0 < len(prefix) <= 10 and not prefix.startswith(_RELATIVE_START) and len(prefix + agency) > len(best):
                best = prefix + agency
        k = head.find(agency, k + 1)
    return best


def find_agency(text: str, meta: Mapping[str, Any], titles: list[str]) -> tuple[str | None, str]:
    """The agency and where it came from ("title", "page 发布机构", "body", …); (None, "") if absent."""
    name = next((a for a in map(from_title, titles) if a), None)
    if name:
        return qualify(name, text), "title"
    name = from_issuer(meta)
    if name:
        return qualify(name, text), "page issuer"
    finders: tuple[tuple[str, Callable[[str], str | None]], ...] = (
        ("body", from_body), ("opening sentence", from_opening), ("contact line", from_contact))
    for source, finder in finders:
        name = finder(text)
        if name:
            return name, source
    return None, ""
