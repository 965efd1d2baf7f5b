"""Real sentences from the fixture reports and awkward strings, for the fast path's equivalence tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from auditor.narrative.sentences import split_sentences
from tests.narrative.cases import RUBRIC_EXAMPLES

REPORTS = Path(__file__).parents[1] / "fixtures" / "reports"

# Strings a vectorised path can get wrong: empty and one-character texts, characters outside the BMP
# (one code point, four UTF-8 bytes), full-width and other non-ASCII digits, characters no vocabulary
# holds, a lone surrogate, case mappings that change length or depend on context, the separators the
# batch code uses, whitespace runs, and numbers at sentence edges.
EDGE_CASES = [
    "", " ", "a", "字", "𠀀", "𠀀𠀀中文𠀀", "１２３４５６", "共１２件", "☃☃☃", "ꙮꙮ，ꙮ", "a\ud800b", "ΟΔΟΣ ΣΑΣ Σ",
    "İstanbul İ", "a\x00b", "x" * 400, "\u3000\u3000全角空格", "AB  cd\n\nEF\tg", "  前后空白  ", "未收到政府信息公开申请",
    "2023年共收到申请12件，办结率100%。", "１２.５％", "٣٤ 元", "第三季度", "“互联网+政务服务”", "《中华人民共和国政府信息公开条例》",
    "0.5", "12.", ".5", "1.2.3", "共公开信息12条。\n", "一是加强领导；二是完善制度。", "＃＃_#_12_34",
]


@cache
def fixture_texts() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt")))


@cache
def fixture_sentences(per_report: int = 150) -> tuple[str, ...]:
    """The rubric examples, then up to ``per_report`` sentences of each real text report."""
    out = [t for t, _ in RUBRIC_EXAMPLES]
    for doc in fixture_texts():
        out += [t for _, _, t in split_sentences(doc)][:per_report]
    return tuple(out)


def report_batches() -> list[list[str]]:
    """Each real text report's sentences as one batch, as the stage passes them."""
    return [[t for _, _, t in split_sentences(doc)] for doc in fixture_texts()]
