"""HTML ingestion on the real saved page, a GBK render of a real report, and real content in other shells."""

from __future__ import annotations

import json
import re

import pytest

from auditor.errors import NotAReportError
from auditor.ingest import load, load_bytes
from auditor.ingest.html import load_html
from auditor.ingest.text import declared_charset
from tests.conftest import EXPECTED, FIXTURES, REPORTS, gold_cases
from tests.ingest.grid_gold import gold_t4, grid_is_consistent, t3_mismatches, t3_table, t4_values

SHUYANG = REPORTS / "shuyang-fgj-2023.html"
GBK_RENDER = FIXTURES / "renders" / "pingtan-2022.gbk.html"


def _gold(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def _flat(s: str) -> str:
    return "".join(s.split())


def _headings_in_order(text: str, gold: dict) -> list[str]:
    """Gold headings missing from ``text`` or found out of order (white space ignored)."""
    flat, pos, missing = _flat(text), 0, []
    for s in gold["sections"]:
        i = flat.find(_flat(s["heading"]), pos)
        if i < 0:
            missing.append(s["heading"])
        else:
            pos = i
    return missing


@pytest.fixture(scope="module")
def shuyang():
    return load(SHUYANG)


@pytest.fixture(scope="module")
def content_markup() -> str:
    """The report's own markup from the real page (inside <ucapcontent>), for other page shells."""
    page = SHUYANG.read_text(encoding="utf-8")
    m = re.search(r"<ucapcontent>(.*)</ucapcontent>", page, re.S)
    assert m
    return m.group(1)


def test_shuyang_headings_in_order(shuyang):
    assert _headings_in_order(shuyang.text, _gold("shuyang-fgj-2023")) == []
    # a heading split over two <font> runs stays one line
    assert "三、收到和处理政府信息公开申请情况\n" in shuyang.text
    assert "五、存在的主要问题及整改措施\n" in shuyang.text


@pytest.mark.parametrize("furniture", ["繁體版", "走进沭阳", "智能问答", "索引号", "采集时间", "2025年12月30日",
                                       "websiteId", "font-family"])
def test_shuyang_drops_page_furniture(shuyang, furniture):
    assert furniture not in shuyang.text


def test_shuyang_body_starts(shuyang):
    gold = _gold("shuyang-fgj-2023")
    flat = _flat(shuyang.text).replace("|", "")  # gold reads table cells in row-major order, no separators
    for s in gold["sections"]:
        assert _flat(s["heading"]) + s["body_starts"] in flat, s["heading"]


def test_shuyang_t3_grid_holds_gold(shuyang):
    gold = _gold("shuyang-fgj-2023")
    table = t3_table(shuyang)
    assert t3_mismatches(table, gold["tables"]["t3"], gold["template"]) == []
    assert t4_values(shuyang) == gold_t4(gold)


def test_shuyang_grids_are_faithful(shuyang):
    assert grid_is_consistent(shuyang) == []
    assert len(shuyang.tables) == 3  # t2, t3, t4; the page's metadata table is not part of the report
    t3 = t3_table(shuyang)
    header = [c.text for c in t3.rows[1]]
    assert header.count("法人或其他组织") == 5  # colspan=5 expanded, one GridCell per slot
    assert len({c.origin for c in t3.rows[1] if c.text == "法人或其他组织"}) == 1


def test_shuyang_meta(shuyang):
    meta = shuyang.meta
    assert {"label": "公开日期", "value": "2024-01-17"}.items() <= meta["published_candidates"][0].items()
    values = {c["value"] for c in meta["published_candidates"]}
    assert "2025-12-30" not in values and "2024-05-28" not in values  # capture date, page generation time
    assert meta["title"] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert meta["organ"] == "沭阳县发展和改革局"


def test_gbk_render_without_declaration():
    data = GBK_RENDER.read_bytes()
    assert declared_charset(data) is None
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = load(GBK_RENDER)
    gold = _gold("pingtan-2022")
    assert _headings_in_order(doc.text, gold) == []
    assert t3_mismatches(t3_table(doc), gold["tables"]["t3"], gold["template"]) == []
    assert t4_values(doc) == gold_t4(gold)
    for furniture in ("当前位置", "分享到", "版权所有", "互动交流", "浏览次数", "document.write"):
        assert furniture not in doc.text
    assert [c["value"] for c in doc.meta["published_candidates"]] == [gold["published"]]


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>年度报告</title></head><body>{body}</body></html>"


def test_wrapper_layout_table_is_not_a_data_table(content_markup):
    page = _page("<table width='100%'><tr><td><a href='/'>首页</a> <a href='/x'>政务公开</a> <a href='/y'>互动交流</a>"
                 f"</td></tr><tr><td>{content_markup}</td></tr>"
                 "<tr><td>版权所有：沭阳县人民政府 苏ICP备05006263号</td></tr></table>")
    doc = load_html(page.encode("utf-8"), "wrapped.html")
    assert len(doc.tables) == 3
    assert _headings_in_order(doc.text, _gold("shuyang-fgj-2023")) == []
    assert "版权所有" not in doc.text and "互动交流" not in doc.text


def test_page_declaring_gb2312_but_utf8(content_markup):
    page = _page(content_markup, head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    doc = load_bytes(page.encode("utf-8"), "mislabelled.html")
    assert "一、总体情况" in doc.text


def test_charset_declared_after_4kb():
    """A real traditional-character report opening, in Big5, declared only after a long <head>."""
    lines = (FIXTURES / "pages" / "018.txt").read_text(encoding="utf-8").splitlines()
    head = "<style>" + ".x{color:red}\n" * 600 + "</style><meta charset='big5'>"
    assert declared_charset(_page("", head).encode("utf-8")) == "big5"
    page = _page("".join(f"<p>{line}</p>" for line in lines), head)
    doc = load_bytes(page.encode("big5", errors="ignore"), "big5.html")
    assert "一、總體情況" in doc.original and "涇縣教育體育局" in doc.original  # decoded as written
    assert "一、总体情况" in doc.text and "泾县教育体育局" in doc.text  # read in simplified form


def test_report_split_over_two_tables():
    text = GBK_RENDER.read_bytes().decode("gbk")
    i = text.index("<tr><td colspan=\"3\" valign=\"center\"><p class=\"MsoNormal\" align=\"center\"><span>四、结转")
    split = text[:i] + "</tbody></table><p>（续表）</p><table><tbody>" + text[i:]
    doc = load_html(split.encode("gbk"), "split.html")
    gold = _gold("pingtan-2022")
    assert len(doc.tables) == 4
    part2 = doc.tables[2]
    assert part2.rows[0][0].text == "四、结转下年度继续办理"
    want = [gold["tables"]["t3"]["carried_forward"][k] for k in
            ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")]
    assert [int(c.text) for c in part2.rows[0][3:]] == want


def test_inline_and_block_tags_and_cell_lines():
    body = ("<div><p><span>一、</span><b>总体</b><font>情况</font></p><p>本机关2023年主动公开政府信息249条。</p>"
            "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
            "<table><tr><td><p>总</p><p>计</p></td><td>&nbsp;</td><td><p><span>2</span><span>6</span></p></td></tr>"
            "<tr><td>自然人</td><td><o:p>&nbsp;</o:p></td><td>0</td></tr></table>"
            "<p>五、存在的主要问题及改进情况</p><ol><li>公开意识不强</li><li>平台<b>更新</b>不及时</li></ol>"
            "<p>六、其他需要报告<br>的事项</p></div>")
    doc = load_html(_page(body).encode("utf-8"), "inline.html")
    assert "一、总体情况\n" in doc.text
    assert [[c.text for c in row] for row in doc.tables[0].rows] == [["总计", "", "26"], ["自然人", "", "0"]]
    assert "六、其他需要报告\n的事项" in doc.text  # <br> breaks the line, as the page shows it
    assert "\n1. 公开意识不强\n2. 平台更新不及时\n" in doc.text  # <ol> numbers are drawn by the browser


@pytest.mark.parametrize("page", [
    "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1><p>页面不存在或已删除</p>"
    "<a href='/'>返回首页</a></body></html>",
    "<html><head><title>某某县人民政府</title></head><body><ul class='menu'><li><a href='/'>首页</a></li>"
    "<li><a href='/gk'>政府信息公开</a></li><li><a href='/nb'>政府信息公开年报</a></li></ul>"
    "<div class='news'><ul>" + "".join(f"<li><a href='/n{i}'>某某县召开第{i}次常务会议</a></li>" for i in range(30))
    + "</ul></div><div><a href='/nb/1'>某某县2023年政府信息公开工作年度报告</a></div>"
    "<div class='footer'>版权所有 某某县人民政府</div></body></html>",
    "<html><body></body></html>",
], ids=["404", "home-page", "empty-body"])
def test_not_a_report(page):
    with pytest.raises(NotAReportError) as err:
        load_bytes(page.encode("utf-8"), "page.html")
    assert err.value.code == "E108" and "page.html" in str(err.value)


def test_report_set_with_br_in_one_block():
    """The seed report (real scraped text) set as lines with <br> in one <div>, among page furniture."""
    import html as html_lib

    lines = (REPORTS / "huarong-xzspj-2020.txt").read_text(encoding="utf-8").splitlines()
    body = ("<div class='top'><a href='/'>首页</a> <a href='/a'>机构概况</a> <a href='/b'>政务公开</a></div>"
            "<div><span>当前位置：首页 &gt; 政务公开</span></div>"
            "<div><div class='con'>" + "<br>".join(html_lib.escape(x) for x in lines) + "</div>"
            "<div>相关链接：<a href='/1'>华容区人民政府</a><a href='/2'>鄂州市人民政府</a><a href='/3'>湖北省人民政府</a></div>"
            "</div><div class='bottom'>网站标识码4207030001 鄂ICP备17005844号</div>")
    doc = load_html(_page(body).encode("utf-8"), "br.html")
    assert _headings_in_order(doc.text, _gold("huarong-xzspj-2020")) == []
    for furniture in ("机构概况", "当前位置", "相关链接", "网站标识码", "Copyright"):
        assert furniture not in doc.text
    assert "一、总体情况\n" in doc.text  # <br> ends lines


def test_attachment_stub_page_is_named():
    page = _page("<h1>某某局2023年政府信息公开工作年度报告</h1><p>详见附件。</p>"
                 "<p>附件：<a href='/u/2024/nb2023.pdf'>某某局2023年政府信息公开工作年度报告.pdf</a></p>")
    with pytest.raises(NotAReportError) as err:
        load_html(page.encode("utf-8"), "stub.html")
    assert "attachment" in str(err.value) and "nb2023" not in str(err.value) and ".pdf" in str(err.value)


def test_data_table_with_a_note_row_and_caption():
    """A t4 grid (real values) with a caption and a long note row spanning all columns stays a table."""
    gold = _gold("pingtan-2022")
    values = "".join(f"<td>{v}</td>" for v in gold_t4(gold))
    note = "注：" + "本表数据来源于各单位报送的政府信息公开行政复议、行政诉讼案件统计，" * 8
    body = ("<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p><table><caption>表3 行政复议、行政诉讼情况</caption>"
            "<tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
            f"<tr>{values}</tr><tr><td colspan='15'>{note}</td></tr></table>"
            "<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p>")
    doc = load_html(_page(body).encode("utf-8"), "note.html")
    assert len(doc.tables) == 1
    assert "表3 行政复议、行政诉讼情况\n行政复议" in doc.text
    assert [int(c.text) for c in doc.tables[0].rows[1]] == gold_t4(gold)


@pytest.mark.parametrize(("snippet", "expected"), [
    ("<div class='info'>发布时间：2024-01-17 10:20 浏览次数：35</div>", [("发布时间", "2024-01-17")]),
    ("<div>采集时间：2025-12-30 来源：沭阳县发改局</div>", []),  # a capture date is not a publication date
    ("<div>时间：2024年1月8日</div><div>发布日期：2024-01-09</div>", [("发布日期", "2024-01-09"), ("时间", "2024-01-08")]),
    ("<meta name='PubDate' content='2024-01-17 09:00'><div>2025年12月30日 星期二</div>", [("PubDate", "2024-01-17")]),
])
def test_published_candidates(content_markup, snippet, expected):
    doc = load_html(_page(snippet + content_markup).encode("utf-8"), "dates.html")
    assert [(c["label"], c["value"]) for c in doc.meta["published_candidates"]] == expected


def test_source_line_breaks_between_cjk_are_not_spaces():
    body = ("<p>一、总体情况</p><p><span>二、</span>\n  <span>主动公开政府信息情况</span></p>"
            "<p>三、收到和处理政府信息公开申请情况</p><p>本年共收到\n  26件申请，English\nwords keep a space。</p>")
    text = load_html(_page(body).encode("utf-8"), "wrap.html").text
    assert "\n二、主动公开政府信息情况\n" in text
    assert "本年共收到26件申请，English words keep a space。" in text


_TEXT_GOLD = [(p, g) for p, g in gold_cases() if p.suffix == ".txt"]


@pytest.mark.parametrize(("path", "gold"), _TEXT_GOLD, ids=[p.stem for p, _ in _TEXT_GOLD])
def test_every_text_report_found_in_a_page(path, gold):
    """Each real text report (legacy ones included) set as <p> lines in a portal page is found as the article."""
    import html as html_lib

    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    body = ("<div class='nav'><a href='/'>首页</a><a href='/gk'>政府信息公开</a><a href='/nb'>政府信息公开年报</a></div>"
            "<div class='side'><ul><li><a href='/1'>关于开展2024年度防汛应急演练的通知</a></li>"
            "<li><a href='/2'>第三届海岛智慧旅游节开幕</a></li><li><a href='/3'>依申请公开</a></li></ul></div>"
            "<div class='main'>" + "".join(f"<p>{html_lib.escape(x)}</p>" for x in lines) + "</div>"
            "<div>主办单位：某某人民政府 版权所有 网站标识码3501280001</div>")
    doc = load_html(_page(body).encode("utf-8"), path.name)
    assert _headings_in_order(doc.text, gold) == []
    for furniture in ("防汛应急演练", "智慧旅游节", "网站标识码"):
        assert furniture not in doc.text


def test_preamble_outside_the_headings_block_is_kept():
    """The opening paragraph sits beside the block of sections: the article widens to take it, not the sidebar."""
    import html as html_lib

    text = (REPORTS / "huarong-xzspj-2020.txt").read_text(encoding="utf-8")
    preamble, rest = text.split("\n", 1)
    sections = "".join(f"<p>{html_lib.escape(x)}</p>" for x in rest.splitlines() if x.strip())
    body = (f"<div class='wrap'><div class='content'><p>{html_lib.escape(preamble)}</p><div class='body'>{sections}"
            "</div></div><div class='side'><a href='/1'>区政府常务会议</a><a href='/2'>防汛应急演练</a>"
            "<a href='/3'>人事任免</a></div></div>")
    doc = load_html(_page(body).encode("utf-8"), "preamble.html")
    assert doc.text.startswith(preamble)
    assert "防汛应急演练" not in doc.text


def test_report_published_as_images_is_named():
    page = _page("<h1>某某局2023年政府信息公开工作年度报告</h1><div class='content'>"
                 + "".join(f"<p><img src='/u/nb2023-{i}.jpg'></p>" for i in range(1, 5)) + "</div>")
    with pytest.raises(NotAReportError) as err:
        load_html(page.encode("utf-8"), "images.html")
    assert "4 image(s)" in str(err.value) and "OCR" in str(err.value)


def test_metadata_table_inside_the_content_is_not_a_report_table(content_markup):
    """The real page's 名称/索引号/发布机构/公开日期 table, moved inside the report's own container."""
    page = SHUYANG.read_text(encoding="utf-8")
    meta_table = re.search(r'<table class="table_content">.*?</table>', page, re.S).group(0)
    doc = load_html(_page(f"<div class='content'>{meta_table}{content_markup}</div>").encode("utf-8"), "m.html")
    assert len(doc.tables) == 3 and "索引号" not in doc.text
    assert doc.meta["published_candidates"][0]["value"] == "2024-01-17"


def _report_div(text: str) -> str:
    return "<div class='content'>" + "".join(f"<p>{_escape(line)}</p>" for line in text.split("\n")) + "</div>"


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _page_of(*blocks: str) -> bytes:
    return ("<html><head><meta charset='utf-8'><title>年报</title></head><body><div id='nav'>首页 | 政务公开</div>"
            + "".join(blocks) + "<div class='footer'>版权所有</div></body></html>").encode("utf-8")


def test_second_report_beside_the_first_is_named() -> None:
    first = (REPORTS / "pingtan-2022.txt").read_text(encoding="utf-8")
    second = (REPORTS / "huarong-xzspj-2020.txt").read_text(encoding="utf-8")
    doc = load_bytes(_page_of(_report_div(first), _report_div(second)), "two.html")
    [note] = [f for f in doc.findings if f.code == "ingest.multiple_reports"]
    assert "为加强政府信息管理" in note.message  # the other report's opening words
    assert "平潭综合实验区" in doc.text and "华容区" not in doc.text


def test_a_visible_second_copy_is_not_another_report() -> None:
    first = (REPORTS / "pingtan-2022.txt").read_text(encoding="utf-8")
    doc = load_bytes(_page_of(_report_div(first), _report_div(first)), "twice.html")
    assert not [f for f in doc.findings if f.code == "ingest.multiple_reports"]
    assert not [f for f in load(SHUYANG).findings if f.code == "ingest.multiple_reports"]
