"""Plain-text ingestion: encodings (declared or not, with and without BOM) and scraper headers."""

from __future__ import annotations

import re

import pytest

from auditor.ingest import load, load_bytes
from auditor.ingest.text import decode
from tests.conftest import REPORTS, gold_cases

PINGTAN = REPORTS / "pingtan-2022.txt"
SEED = REPORTS / "huarong-xzspj-2020.txt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("path", [PINGTAN, SEED], ids=["pingtan-2022", "seed"])
def test_encodings_round_trip(path, encoding):
    original = path.read_text(encoding="utf-8")
    doc = load_bytes(original.encode(encoding), f"report.{encoding}.txt")
    assert doc.format == "text"
    assert doc.original == load_bytes(original.encode("utf-8"), "report.txt").original
    assert original.startswith(doc.original[:2000])


def test_gb18030_only_characters():
    # 𠮷 is outside GBK: a GB18030 file holding it must not fall back to a guess
    text = SEED.read_text(encoding="utf-8").replace("华容区", "𠮷华容区", 1)
    assert decode(text.encode("gb18030")) == text


def test_page_declaring_gb2312_but_utf8():
    text = SEED.read_text(encoding="utf-8")
    assert decode(text.encode("utf-8"), declared="gb2312") == text


def test_truncated_utf8_still_utf8():
    data = SEED.read_text(encoding="utf-8").encode("utf-8")
    cut = data[: len(data) // 2 + 1]  # inside a three-byte character, as scrapes are cut
    with pytest.raises(UnicodeDecodeError):
        cut.decode("utf-8")
    assert decode(cut).startswith(data[:3000].decode("utf-8", errors="ignore"))


@pytest.mark.parametrize("text", ["报", "报告", "一、总体情况", "六、其他需要报告的事项"])
@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_short_texts(text, encoding):
    assert decode(text.encode(encoding)) == text


def test_declared_charset_wins_over_gb18030():
    text = "政府資訊公開年報：一、總體情況"
    data = text.encode("big5")
    assert decode(data, declared="big5") == text


_HEADER_CASES = [(p, g) for p, g in gold_cases() if p.suffix == ".txt" and g.get("published")
                 and "发布时间" in p.read_text(encoding="utf-8")[:400]]


@pytest.mark.parametrize(("path", "gold"), _HEADER_CASES, ids=[p.stem for p, _ in _HEADER_CASES])
def test_scrape_header_published_candidate(path, gold):
    doc = load(path)
    cands = doc.meta["published_candidates"]
    assert cands and cands[0]["label"] == "发布时间" and cands[0]["where"] == "header"
    assert cands[0]["value"] == gold["published"]
    assert doc.meta["title"] == doc.meta["标题"]


def test_no_header_no_candidate():
    doc = load(SEED)  # the seed has no scraper header: nothing is guessed
    assert doc.meta["published_candidates"] == []
    assert "title" not in doc.meta


def test_seed_site_footer_cut():
    raw = SEED.read_text(encoding="utf-8")
    assert "Copyright" in raw and "ICP" in raw
    doc = load(SEED)
    assert "Copyright" not in doc.text and "ICP" not in doc.text and "![]()" not in doc.text
    last = raw[raw.rindex("六、其他需要报告的事项"):].splitlines()[1]
    assert doc.text.rstrip("\n").endswith(last)  # the report's own last line stays
    assert raw.startswith(doc.original)


def test_text_without_footer_is_untouched():
    data = PINGTAN.read_bytes()
    assert load(PINGTAN).original == data.decode("utf-8")


def test_a_few_traditional_characters_leave_a_simplified_report_as_written() -> None:
    raw = (REPORTS / "pingtan-2022.txt").read_text(encoding="utf-8")
    quoted = raw.replace("六、其他需要报告的事项", "六、其他需要报告的事项（引自《政府資訊公開條例》）", 1)
    doc = load_bytes(quoted.encode("utf-8"), "quoted.txt")
    assert "資訊公開條例" in doc.text and not doc.findings
    whole = load_bytes(quoted.translate(str.maketrans("报告开况务处理关规", "報告開況務處理關規")).encode("utf-8"), "trad.txt")
    assert [f.code for f in whole.findings] == ["ingest.traditional_script"] and "开况" not in whole.original
    assert "其他需要报告的事项" in whole.text and len(whole.text) == len(whole.original)


@pytest.mark.parametrize("name", ["018.txt", "036.txt"])
def test_pinyin_glosses_of_mirror_sites_are_removed(name: str) -> None:
    """Two real mirror pages gloss characters with pinyin (報(bào)告): the text reads without them."""
    doc = load(REPORTS.parent / "pages" / name)
    assert not re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", doc.text)
    assert "年度报告" in doc.text and len(doc.text) == len(doc.original)
    [note] = [f for f in doc.findings if f.code == "ingest.pinyin_glosses"]
    assert note.data["glosses"] >= 50


def test_bracketed_latin_in_an_ordinary_report_stays() -> None:
    text = "一、总体情况\n本机关开通政务微博(weibo)和微信公众号(wechat)，编号(a)至(c)。\n" * 3
    doc = load_bytes(text.encode("utf-8"), "plain.txt")
    assert "(weibo)" in doc.text and "(wechat)" in doc.text and "(a)" in doc.text
    assert not [f for f in doc.findings if f.code == "ingest.pinyin_glosses"]
