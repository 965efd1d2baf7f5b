"""The structure and tables stages' fast paths give exactly what the plain forms give.

Each fast path (a regex tried only where a match can start, a fold by replacement, a cached label
index…) is compared with the straightforward form it replaces, on random strings built from the
characters that matter and on the real fixture reports.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

import pytest

from auditor.ingest import load
from auditor.structure import items, sections
from auditor.structure.lexicon import section_roles
from auditor.structure.tables import labels
from auditor.structure.tables.assemble import _label_index
from auditor.structure.tables.keys import template_keys
from auditor.structure.tables.labels import core, min_similarity, similarity, suffix_similarity
from tests.conftest import REPORTS


def _texts() -> list[str]:
    return [load(p).text for p in sorted(REPORTS.glob("*.txt"))]


def _random(alphabet: list[str], n: int, size: tuple[int, int], seed: int) -> Iterable[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(*size)))


def _spans(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]


# --- sections --------------------------------------------------------------------------------------


def test_candidate_scan_is_finditer() -> None:
    alphabet = [*"一二五九十第（(〇、．.，, \t\u3000\n情况a1", "情况", "一、", "十一、", "第十", "总体情况"]
    for text in [*_random(alphabet, 20000, (0, 30), 1), *_texts()]:
        assert _spans(sections._numbered(text, sections._CANDIDATE)) == _spans(sections._CANDIDATE.finditer(text))


def _heading_end_reference(text: str, pos: int) -> tuple[int, bool]:
    """The character-by-character form of sections._heading_end."""
    roles = section_roles()
    limit = min(len(text), pos + sections._MAX_HEADING)
    i = pos
    while i < limit:
        ch = text[i]
        if ch.isspace():
            j = i
            while j < limit and text[j].isspace():
                j += 1
            if "\n" in text[i:j] and i - pos < 25 and not any(t in text[pos:i] for t in roles.terminals):
                nxt = sections._STOP.search(text, j, min(len(text), j + 16))
                words = text[j:nxt.start() if nxt else min(len(text), j + 16)].split() if j < limit else []
                ahead = words[0] if words else ""
                if ahead and any(t in ahead for t in roles.terminals):
                    i = j
                    continue
            break
        if sections._STOP.match(ch):
            break
        i += 1
    end = i
    segment = text[pos:end]
    best = -1
    search = 0
    while True:
        hits = [(k, t) for k, t in ((segment.find(t, search), t) for t in roles.terminals) if k >= 0]
        if not hits:
            break
        k, t = min(hits, key=lambda h: (h[0], -len(h[1])))
        stop = k + len(t)
        rest = segment[stop:]
        best = stop
        if rest and (rest[0] in roles.connectors or any(rest.startswith(x) for x in roles.continuations)):
            search = stop
            continue
        break
    return (pos + best, True) if best > 0 else (end, False)


def test_heading_end_matches_reference() -> None:
    alphabet = [*"一二、情况概述措施统计表及和与的工作政府信息公开 \n\t\u3000，。1（",
                "情况", "统计表", "情况统计表", "统计", "事项", "情况及", "\n信息情况", "主动公开政府\n"]
    for text in _random(alphabet, 20000, (0, 40), 2):
        for pos in range(min(len(text), 3)):
            assert sections._heading_end(text, pos) == _heading_end_reference(text, pos), (text, pos)


# --- items -----------------------------------------------------------------------------------------


@pytest.fixture(params=[0, 10**9], ids=["candidates", "regex"])
def scan_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    # every range through the candidate path, then every range through the plain regex (after the
    # check for the characters a match needs)
    monkeypatch.setattr(items, "_SHORT", request.param)


@pytest.mark.usefixtures("scan_path")
def test_item_scans_are_finditer() -> None:
    patterns = [items._SUB, *(p for _, p in items._ENUM_PATTERNS)]
    alphabet = [*"一二三十是（(）)1209 .．、，第是\n\u3000", "一是", "（一）", "(1)", "十二是", "1.", "12、"]
    for text in _random(alphabet, 5000, (0, 25), 3):
        for start in range(min(len(text), 3) + 1):
            for end in {len(text), max(start, len(text) - 1), max(start, len(text) - 2)}:
                for p in patterns:
                    assert _spans(items._finditer(p, text, start, end)) == _spans(p.finditer(text, start, end))
    for text in _texts():
        for start, end in ((0, len(text)), (len(text) // 3, len(text) // 2), (7, len(text) - 5)):
            for p in patterns:
                assert _spans(items._finditer(p, text, start, end)) == _spans(p.finditer(text, start, end))


# --- labels ----------------------------------------------------------------------------------------


def _fold_reference(text: str) -> str:
    return "".join(labels._char(c) for c in text)


def test_bulk_fold_matches_per_character_fold() -> None:
    traditional = [chr(k) for k in sorted(labels._simplified())[:200]]
    alphabet = [*"ABCabc，（）：；１２①㈠ \n\u3000中文總計申請苧", *traditional]
    texts = [*_random(alphabet, 500, (labels._BULK, 3 * labels._BULK), 4), *_texts()]
    for text in texts:
        assert labels.fold(text) == _fold_reference(text)


def test_characters_outside_the_class_fold_to_themselves() -> None:
    maybe = labels._may_change()
    for code in range(0x10000):
        c = chr(code)
        if not maybe.match(c):
            assert labels._char(c) == c, hex(code)


def test_label_index_matches_direct_similarities() -> None:
    rows = template_keys("2021").t3_rows
    items_ = tuple((k, tuple(vs)) for k, vs in rows.items())
    index = _label_index(items_)
    for text in ("本年新收政府信息公开申请数量", "（三）不予公开1.属于国家秘密", "其他", "总计", "三、本年度办理结果",
                 "1.本机关不掌握相关政府信息", "申请人无正当理由逾期不补正"):
        t = core(text)
        # keys with a label the row ends with exactly
        exact = {j for j, vs in enumerate(rows.values()) if any(core(v) and t.endswith(core(v)) for v in vs)}
        if exact:
            expected = tuple(1.0 if j in exact else 0.0 for j in range(len(rows)))
        else:
            expected = tuple(max(suffix_similarity(t, core(v)) for v in vs) for vs in rows.values())
        assert index.sims(t) == expected


def test_whole_labels_matches_the_plain_loop() -> None:
    cols = template_keys("2021").t3_cols
    for text in ("自然人", "商业企业", "其他", "法人或其他组织", "总计", "科研机构", "社会公益组织", "法律服务机构", "无关"):
        t = core(text)
        best_key, best = None, 0.0
        for key, variants in cols.items():
            for v in variants:
                s = similarity(t, core(v))
                if s > best:
                    best_key, best = key, s
        expected = (best_key, best) if best >= min_similarity() else (None, best)
        assert labels.best_whole(text, cols) == expected


# --- template --------------------------------------------------------------------------------------


def test_flattening_drops_what_the_regex_dropped() -> None:
    alphabet = [*"ab中文|| \t\n\r\x0b\x0c\u3000\u00a0\u2028\u2003\u200b"]
    for text in [*_random(alphabet, 3000, (0, 30), 5), *_texts()]:
        assert "".join(text.replace("|", " ").split()) == re.sub(r"[\s|]+", "", text)
