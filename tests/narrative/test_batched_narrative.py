"""The narrative stage's per-report batching gives what the per-section / per-sentence functions give."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from auditor.narrative.sentences import split_ranges, split_spans

# the characters the splitter and the recogniser look at, and some that they do not
_ALPHABET = list("。！？!?；;”’」』）)\n \t（(一二三四五六七八九十是第，,：:、.．0123456789年月日号元%件次个《》“”\"政府信息公开平台中心")


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(n))


@pytest.mark.parametrize("seed", range(40))
def test_split_ranges_is_split_spans_per_range(seed: int) -> None:
    rng = random.Random(seed)
    text = _random_text(rng, rng.randint(0, 300))
    ranges = []
    for _ in range(rng.randint(1, 6)):
        a = rng.randint(0, len(text))
        b = rng.randint(0, len(text))
        ranges.append((min(a, b), max(a, b)) if rng.random() < 0.9 else (max(a, b), min(a, b)))
    got = split_ranges(text, ranges)
    assert got == [list(split_spans(text, s, e)) for s, e in ranges]



def _sentence_pieces() -> list[str]:
    from auditor.narrative.lexicons import name_suffixes, units

    return [*units()[:40], *name_suffixes()[:40], "12", "2023年", "3月5日", "%", " ", "\n", "《", "》", "“", "”",
            "〔2021〕5号", "百分之", "上半年", "第一季度", "三个乡镇", "万元", "在", "全区", "政务", "公开"]


@pytest.mark.parametrize("seed", range(40))
def test_recognise_all_is_recognise_per_text(seed: int) -> None:
    from auditor.narrative import specificity

    rng = random.Random(seed)
    pieces = _sentence_pieces()
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 30))]
    assert specificity._recognise_all(texts) == [specificity._recognise_one(t) for t in texts]


def test_recognise_all_on_real_reports_and_edge_cases() -> None:
    from auditor.narrative import specificity
    from tests.narrative.realtext import EDGE_CASES, report_batches

    for batch in [*report_batches(), EDGE_CASES, [t + "12" for t in EDGE_CASES] + ["件次", "%"]]:
        assert specificity._recognise_all(batch) == [specificity._recognise_one(t) for t in batch]


def test_split_ranges_on_real_reports() -> None:
    from tests.narrative.realtext import fixture_texts

    for text in fixture_texts():
        cuts = sorted({0, len(text), *random.Random(len(text)).sample(range(len(text)), 12)})
        ranges = list(pairwise(cuts))
        assert split_ranges(text, ranges) == [list(split_spans(text, s, e)) for s, e in ranges]


@pytest.mark.parametrize("seed", range(20))
def test_matches_at_starts_is_finditer(seed: int) -> None:
    from auditor.narrative import specificity

    rng = random.Random(seed)
    pieces = [*_sentence_pieces(), "1", "23", "〔", "[", "第", "一", "二", "十", "两", "百", "万", "季度", "半年", "上", "下",
              "月", "年", "-", "/", ".", "日", "号", "个", "次", "余", "多", "至", "１２"]
    patterns = dict(specificity._patterns())
    for _ in range(50):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        for label in specificity._SEEKS:
            got = [m.span() for m in specificity._matches(label, patterns[label], text)]
            assert got == [m.span() for m in patterns[label].finditer(text)], (label, text)


@pytest.mark.parametrize("lowercase", [True, False])
def test_prepare_joined_is_prepare_per_document(lowercase: bool) -> None:
    """Lowercasing and squeezing the documents joined gives each document's own result: final sigmas
    next to case-ignorable characters, length-changing case maps, whitespace runs at the edges."""
    from auditor.narrative import fastpath

    rng = random.Random(3)
    chars = ["Σ", "Α", "\u0301", ".", "'", " ", "\n", "\t", "İ", "a", "ß", "\u00ad", "ǅ", "字", "\x00"]
    for _ in range(2000):
        docs = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(0, 5))]
        got = fastpath.prepare(docs, lowercase)
        want = fastpath.encode([fastpath._WHITE_SPACES.sub(" ", d.lower() if lowercase else d) for d in docs])
        assert got.codes.tolist() == want.codes.tolist(), docs
        assert got.row.tolist() == want.row.tolist(), docs
        assert got.room.tolist() == want.room.tolist(), docs


def test_squash_drops_what_the_whitespace_regex_drops() -> None:
    from auditor.narrative import features

    every = "".join(map(chr, range(0x110000)))
    assert features.squash(every) == features._SPACE.sub("", every)
    mixed = "a\u3000 b\n\n\tc\x1c\x1d\x1e\x1f\x85\xa0d "
    assert features.squash(mixed) == features._SPACE.sub("", mixed)

