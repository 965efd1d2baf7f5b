"""The second round of HTML ingest fast paths gives what the code it replaced gave.

References are the former implementations, kept only to pin the equivalence on synthetic edge cases
(ideographic spaces, line breaks at either end, mixed white space) and on the real pages.
"""

from __future__ import annotations

import codecs
import random
import re
from pathlib import Path

import pytest

from auditor.ingest import html, text
from auditor.model import GridCell, new_grid_cell, to_dict

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HTML_PAGES = sorted(p for p in FIXTURES.rglob("*.html"))


def _ref_unwrap(s: str) -> str:
    return " ".join((html._WRAP.sub("", s) if "\n" in s else s).split())


def test_unwrap_matches_the_regex_everywhere() -> None:
    rng = random.Random(7)
    alphabet = ["\n", " ", "\t", "\u3000", "\xa0", "\r", "年", "报", "告", "1", "2", "a", "（", "。", "\u2028"]
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert html._unwrap(s) == _ref_unwrap(s), repr(s)
    for s in ("\n  沭阳县\n  ", "共收到\n26件", "\u3000\n二、", "二\n\u3000", "12\n 件", "a\nb", "\n", ""):
        assert html._unwrap(s) == _ref_unwrap(s)


@pytest.mark.parametrize("data", [
    "年度报告 2023".encode(), "年度报告".encode("gb18030"), codecs.BOM_UTF8 + "年报".encode(),
    "报告".encode("utf-16-le") * 20, "报告\ufffd".encode(), "报告".encode()[:-1], b"plain ascii",
])
def test_decode_says_when_the_bytes_are_the_text_in_utf8(data: bytes) -> None:
    decoded, exact = text.decode_utf8_aware(data, "x", None)
    assert decoded == text.decode(data, "x", None)
    if exact:
        assert decoded.encode("utf-8") == data


@pytest.mark.parametrize("page", HTML_PAGES[:40], ids=lambda p: p.name)
def test_parse_of_the_page_bytes_is_the_parse_of_its_text(page: Path) -> None:
    from lxml import etree

    data = page.read_bytes()
    decoded, exact = text.decode_utf8_aware(data, str(page), text.declared_charset(data))
    try:
        want = etree.tostring(html._parse(decoded, str(page)), encoding=str)
    except Exception as exc:  # a page that is no HTML fails the same way from its bytes
        with pytest.raises(type(exc)):
            html._parse(data if exact else decoded, str(page))
        return
    assert etree.tostring(html._parse(data if exact else decoded, str(page)), encoding=str) == want


def test_new_grid_cell_is_a_grid_cell() -> None:
    for args in ((0, 0, "", 0, 0, (0, 0), None), (3, 2, "合计", 10, 12, (1, 2), 4)):
        fast, slow = new_grid_cell(*args), GridCell(*args)
        assert type(fast) is GridCell and fast == slow and hash(fast) == hash(slow)
        assert to_dict(fast) == to_dict(slow) and repr(fast) == repr(slow)
        with pytest.raises(AttributeError):
            fast.row = 1  # type: ignore[misc]  # still frozen


def test_hidden_styles_are_still_found() -> None:
    page = ("<html><body><div style='border:none'>年度报告正文</div>"
            "<div style='DISPLAY: none'>隐藏</div><p style='visibility:hidden'>也隐藏</p></body></html>")
    root = html._parse(page, "p.html")
    html._drop_furniture(root)
    body = root.find("body")
    assert body is not None
    assert re.sub(r"\s", "", html.element_text(body)) == "年度报告正文"
