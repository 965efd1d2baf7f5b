"""Report metadata: the agency, the year reported on and the publication date.

Every value is taken from something the document states (its title, its page header, its body or a
signature date) and is ``None`` otherwise; :func:`extract_metadata` says in findings what it could not
find.  PDF file metadata dates are deliberately not used for ``published`` (they are when the file was
made, not when the report was published); they stay in ``report.meta``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.model import Evidence, Finding
from auditor.structure.lexicon import agency_suffixes, metadata_labels

_CN_NUM = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR_RANGE = range(2007, 2100)

# "2022年度政府信息公开工作年度报告", "2019年政府信息公开年报", traditional 公開/報告 too.
_TITLE_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年\s*度?\s*(?P<between>[^\d\n。，,]{0,24}?)"
    r"(?:政府信息公[开開]|信息公[开開]|政务公[开開]|政務公開|年度[报報]告|年[报報]|(?<=年)[报報])"
)
# Mirrors of traditional-character pages annotate characters with pinyin: 公開(kāi), 報(bào).
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
# Last resort for the year: a body paragraph opening "2024年，…" near the top.
_OPENING_YEAR = re.compile(r"(?:^|[\n。])\s*(?:一、\s*总体情况\s*)?((?:19|20)\d{2})\s*年度?[，,]")
_HEADER_DATE = r"\s*[:：]\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
_ALIAS = re.compile(r"[（(]以下[简簡][称稱][^）)]{0,20}[）)]")
_PERIOD_YEAR = re.compile(r"(?:统计|統計)[^。\n]{0,20}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_CN_DATE = re.compile(r"([〇○零一二三四五六七八九Ｏ]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_DIGIT_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff（）()]+")
_SIGNATURE_WINDOW = 120
_SIGNATURE_AFTER = re.compile(
    r"[\s|。]*(?:[\u4e00-\u9fff（）()]{2,30}[\s|]+)?"
    r"(?P<date>(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九Ｏ]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日)(?=[\s|]|$)"
)
# Relative references that are not a name on their own ("区行政审批局", "本局", "我县").
_RELATIVE_START = tuple("本我该区县市镇乡全在按根各")
# "2023年，普宁市公安局以…": the subject of a report's opening sentence is usually the agency.
_YEAR_SUBJECT = re.compile(r"(?:19|20)\d{2}\s*年度?[，,]\s*([\u4e00-\u9fff]{4,25})")
_NAME_EXTENSIONS = ("办公室", "办公厅", "办事处", "辦公室")
_BODY_AGENCY = re.compile(
    r"(?:(?:19|20)\d{2}\s*年度?|现将|现公布|現公布|特向社会公布|由|报告由)([\u4e00-\u9fff（）()]{3,30}?)(?:(?:19|20)\d{2}\s*年度?)?"
    r"(?:政府信息公[开開]|信息公[开開]工作|办公室编制|编制)"
)


@dataclass(frozen=True, slots=True)
class Metadata:
    agency: str | None
    year: int | None
    published: str | None
    sources: Mapping[str, str]  # field → where it came from (title, meta key, body, signature)
    findings: tuple[Finding, ...]


def _cn_digits(s: str) -> int:
    return int("".join(str(_CN_NUM[c]) for c in s))


def _cn_small(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_NUM[s[1]]
    if s.endswith("十"):
        return _CN_NUM[s[0]] * 10
    if "十" in s:
        a, b = s.split("十")
        return _CN_NUM[a] * 10 + _CN_NUM[b]
    return _CN_NUM[s]


def _iso(y: int, m: int, d: int) -> str | None:
    if y not in _YEAR_RANGE or not 1 <= m <= 12 or not 1 <= d <= 31:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date(value: str) -> str | None:
    """An ISO date from '2023-02-20 15:07', '2024年1月17日', '二○一四年一月十日'; None otherwise."""
    m = _ISO.search(value)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _CN_DATE.search(value)
    if m:
        return _iso(_cn_digits(m.group(1)), _cn_small(m.group(2)), _cn_small(m.group(3)))
    return None


def _titles(text: str, meta: Mapping[str, Any]) -> list[str]:
    """Candidate titles, best first: lines of the opening that name a report, then page metadata.

    The printed title wins over file metadata (a PDF's title property is often a short form).  A title
    broken over two lines ("淮安市人民政府" / "2024年政府信息公开工作年度报告") is joined.
    """
    out: list[str] = []
    prev = ""
    for m in re.finditer(r"[^\n|]+", text[:1500]):
        line = _PINYIN.sub("", m.group(0).strip())
        if not line:
            continue
        t = _TITLE_YEAR.search(line)
        if len(line) < 80 and t:
            if not _CJK_NAME.search(line[: t.start()]) and 2 < len(prev) < 30 and _ends_with_suffix(prev):
                line = prev + line
            out.append(line)
        prev = line
    for k in metadata_labels()["title"]:
        v = meta.get(k)
        for t in [v] if isinstance(v, str) else v if isinstance(v, list | tuple) else []:
            if isinstance(t, str) and t.strip():
                out.append(_PINYIN.sub("", t.strip()))
    return out


def year_of(text: str, title: str) -> tuple[int | None, str]:
    """The year reported on: title, then the opening, the statistics period, a "2024年，…" opening."""
    for src, s in (("title", title), ("opening", _PINYIN.sub("", text[:3000]))):
        m = _TITLE_YEAR.search(s)
        if m and int(m.group(1)) in _YEAR_RANGE:
            return int(m.group(1)), src
    m = _PERIOD_YEAR.search(text)
    if m:
        return int(m.group(1)), "statistics period"
    m = _OPENING_YEAR.search(text, 0, 3000)
    if m and int(m.group(1)) in _YEAR_RANGE:
        return int(m.group(1)), "body"
    return None, ""


def _clean_name(name: str) -> str:
    name = _ALIAS.sub("", name).strip(" ：:　()（）")
    for lead in ("关于", "印发", "公布"):
        if name.startswith(lead):
            name = name[len(lead):]
    return name


def _ends_with_suffix(name: str) -> bool:
    return any(name.endswith(s) for s in agency_suffixes())


def agency_from_title(title: str) -> str | None:
    """The name before the year in '平潭综合实验区2022年度政府信息公开工作年度报告'."""
    m = _TITLE_YEAR.search(title)
    if not m:
        return None
    before = title[: m.start()]
    names = _CJK_NAME.findall(before)
    if names:
        name = _clean_name(names[-1])
        if len(name) >= 3 and not name.startswith(_RELATIVE_START[:2]):
            return name
    # "2021年株洲市人力资源和社会保障局政府信息公开年度报告": the name follows the year
    between = _clean_name(m.group("between") or "")
    if len(between) >= 3 and _ends_with_suffix(between) and not between.startswith(_RELATIVE_START):
        return between
    return None


def agency_from_body(text: str) -> str | None:
    for m in _BODY_AGENCY.finditer(text[:4000]):
        name = _clean_name(m.group(1))
        if len(name) >= 4 and _ends_with_suffix(name) and not name.startswith(_RELATIVE_START):
            return name
    return None


@cache
def _header_date_pattern() -> re.Pattern[str]:
    labels = sorted(metadata_labels()["published"], key=len, reverse=True)
    return re.compile("(" + "|".join(map(re.escape, labels)) + ")" + _HEADER_DATE)


# Administrative divisions written before a name: "淮安市", "江苏省淮安市" (matched at the end of a window).
_DIVISIONS_BEFORE = re.compile(r"(?:[\u4e00-\u9fff]{1,7}?[省市州盟县区旗])+$")
_NOT_NAME = frozenset("由将在对与和及的了是为从向")


def qualify(agency: str, text: str) -> str:
    """The fuller form of a name the report itself uses: "洪泽区人民政府" → "淮安市洪泽区人民政府".

    Titles often drop the higher administrative divisions that the body's own sentences write out.
    """
    best = agency
    head = text[:4000]
    k = head.find(agency)
    while k >= 0:
        window = head[max(0, k - 12):k]
        m = _DIVISIONS_BEFORE.search(window)
        if m:
            prefix = m.group(0)
            # the window may start mid-sentence: keep what follows the last function word ("由淮安市")
            cut = max((i for i, ch in enumerate(prefix) if ch in _NOT_NAME), default=-1)
            prefix = prefix[cut + 1:]
            if 0 < len(prefix) <= 10 and not prefix.startswith(_RELATIVE_START) and len(prefix + agency) > len(best):
                best = prefix + agency
        k = head.find(agency, k + 1)
    return best


def agency_from_opening(text: str) -> str | None:
    """The shortest name ending in an agency suffix that opens a "2023年，…" sentence."""
    suffixes = agency_suffixes()
    for m in _YEAR_SUBJECT.finditer(text, 0, min(len(text), 4000)):
        run = m.group(1)
        if run.startswith(_RELATIVE_START):
            continue
        for e in range(4, len(run) + 1):
            if any(run[:e].endswith(x) for x in suffixes):
                rest = run[e:]
                ext = next((x for x in _NAME_EXTENSIONS if rest.startswith(x)), "")
                return run[: e + len(ext)]
    return None


def published_of(text: str, meta: Mapping[str, Any], body_end: int,
                 header_end: int = 600) -> tuple[str | None, str]:
    labels = metadata_labels()["published"]
    cands = meta.get("published_candidates")
    if isinstance(cands, list | tuple):
        # the readers list every dated label they saw; a publication label beats a drafting date
        rank = {lab: i for i, lab in enumerate(labels)}
        dated = [(rank.get(str(c.get("label", "")), len(labels)), k, c) for k, c in enumerate(cands)
                 if isinstance(c, Mapping) and parse_date(str(c.get("value", "")))]
        if dated:
            c = min(dated, key=lambda t: t[:2])[2]
            return parse_date(str(c["value"])), f"page {c.get('label') or c.get('where') or 'candidate'}"
    for k in labels:
        v = meta.get(k)
        if isinstance(v, str):
            iso = parse_date(v)
            if iso:
                return iso, f"page {k}"
    # a page header kept in the text ("时间:2020-01-23", "发布时间 : 2021-01-25") before the report
    m = _header_date_pattern().search(text, 0, min(len(text), header_end))
    if m:
        iso = parse_date(m.group(2))
        if iso:
            return iso, f"page header {m.group(1)}"
    # a signature date right after the report body (二○一四年一月十日 / 2024年1月17日), possibly after
    # the signing agency's name: the structure stage ends the last section before it
    m = _SIGNATURE_AFTER.match(text, body_end, min(len(text), body_end + _SIGNATURE_WINDOW))
    if m:
        iso = parse_date(m.group("date"))
        if iso:
            return iso, "signature date"
    return None, ""


def extract_metadata(text: str, meta: Mapping[str, Any], body_end: int | None = None,
                     body_start: int | None = None) -> Metadata:
    """Agency, year and publication date of a report, with where each came from.

    ``body_start`` (the first section heading) bounds the page header where a date label may stand;
    ``body_end`` (the end of the last section) is where a signature date may stand.
    """
    body_end = len(text) if body_end is None else body_end
    header_end = 600 if body_start is None else min(body_start, 1500)
    titles = _titles(text, meta)
    sources: dict[str, str] = {}
    year, ysrc = year_of(text, next((t for t in titles if _TITLE_YEAR.search(t)), ""))
    if year is not None:
        sources["year"] = ysrc
    agency = next((a for a in map(agency_from_title, titles) if a), None)
    if agency:
        sources["agency"] = "title"
    else:
        for k in metadata_labels()["issuer"]:
            v = meta.get(k)
            if isinstance(v, str) and v.strip() and _ends_with_suffix(v.strip()) and len(v.strip()) >= 3:
                agency, sources["agency"] = v.strip(), f"page {k}"
                break
    if agency:
        agency = qualify(agency, text)
    if not agency:
        agency = agency_from_body(text)
        if agency:
            sources["agency"] = "body"
    if not agency:
        agency = agency_from_opening(text)
        if agency:
            sources["agency"] = "opening sentence"
    published, psrc = published_of(text, meta, body_end, header_end)
    if published:
        sources["published"] = psrc
    findings = []
    for name, value in (("agency", agency), ("year", year), ("published", published)):
        if value is None:
            findings.append(Finding(f"structure.no_{name}", "info",
                                    f"the document does not state its {name} where we look (title, page header, "
                                    f"body{', signature' if name == 'published' else ''}); left empty",
                                    status="note", stage="structure"))
    if year is not None and published is not None and int(published[:4]) < year:
        findings.append(Finding("structure.date_before_year", "warning",
                                f"published {published} before the end of the year reported on ({year})",
                                evidence=(Evidence(0, 0, published),), stage="structure"))
    return Metadata(agency, year, published, sources, tuple(findings))
