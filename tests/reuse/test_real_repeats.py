"""The real self-repeats of the fixtures: Pingtan's legacy reports repeat their own text year after year,
and Pingtan county's reports repeat the experimental zone's.  Expectations come from the raw texts: every
sentence of a later report found verbatim (whitespace aside) in an earlier one must lie in a reported
block, with the right kind."""

from __future__ import annotations

import re

import pytest

from auditor.narrative.sentences import split_spans
from auditor.reuse import find_reuse
from auditor.reuse.commonplace import is_template
from auditor.reuse.normalize import normalize
from tests.reuse.planted import REPORTS, parse_for_reuse, real_reports

_WS = re.compile(r"\s+")


@pytest.fixture(scope="module")
def real():
    reports = real_reports()
    return {r.file.rsplit("/", 1)[-1]: r for r in reports}, find_reuse(reports)


def _verbatim(later, earlier, min_chars: int = 40) -> list[tuple[int, int]]:
    """Sentences of ``later``'s narrative passages found word for word in ``earlier``."""
    from auditor.reuse.identity import identify
    from auditor.reuse.normalize import name_variants
    from auditor.reuse.passages import extract_passages

    hay = _WS.sub("", earlier.text)
    out = []
    for p in extract_passages(later, name_variants(identify(later).agency)):
        for s, e in split_spans(later.text, p.start, p.end):
            sent = _WS.sub("", later.text[s:e])
            if len(sent) >= min_chars and sent in hay and not is_template(normalize(sent)):
                out.append((s, e))
    return out


def _covered(result, file: str, span: tuple[int, int], other: str, kind: str) -> bool:
    return any(b.kind == kind and b.a.file == file and b.b.file == other
               and b.a.start <= span[0] and span[1] <= b.a.end for b in result.blocks)


@pytest.mark.issue(5)
@pytest.mark.parametrize(("later", "earlier", "kind"), [
    ("pingtan-2013.txt", "pingtan-2012.txt", "self_repeat"),
    ("pingtan-2016.txt", "pingtan-2015.txt", "self_repeat"),
    ("pingtan-2015.txt", "pingtan-2014.txt", "self_repeat"),
    ("pingtanxian-2013.txt", "pingtanxian-2012.txt", "self_repeat"),
    ("pingtanxian-2012.txt", "pingtan-2011.txt", "cross_agency"),
])
def test_verbatim_repeats_are_reported(real, later: str, earlier: str, kind: str) -> None:
    reports, result = real
    a, b = reports[later], reports[earlier]
    expected = _verbatim(a, b)
    assert expected, "the fixture pair holds repeated sentences"
    missed = [a.text[s:e] for s, e in expected if not _covered(result, a.file, (s, e), b.file, kind)]
    assert len(missed) <= 0.05 * len(expected), missed


def test_stickiness_names_repeated_problems(real) -> None:
    _reports, result = real
    by_file = {r.file.rsplit("/", 1)[-1]: r for r in result.reports}
    r2013 = by_file["pingtan-2013.txt"]
    # the problems of 2013 stand word for word in 2012 (checked on the raw text above)
    assert r2013.stickiness.get("problems", 0) >= 0.5
    assert r2013.repeated_items
    assert r2013.originality < by_file["pingtan-2022.txt"].originality
    for r in result.reports:
        assert 0.0 <= r.originality <= 1.0


def test_agency_identity_joins_name_variants(real) -> None:
    _reports, result = real
    # 平潭综合实验区 (2013) and 平潭综合实验区管委会 (2014) are one agency: their shared text is a self-repeat
    pair = [b for b in result.blocks if b.a.file.endswith("pingtan-2014.txt") and b.b.file.endswith("pingtan-2013.txt")]
    assert pair and all(b.kind == "self_repeat" for b in pair)


def test_shared_stock_wording_is_not_a_copy() -> None:
    """Three agencies state their requests in the same formula ('受理政府信息公开申请N件，…在法定期限内予以
    答复'): the stock phrases are all they share, so no block names one the other's source."""
    names = ("hongze-2024.pdf", "huaian-city-2024.pdf", "pingtan-2020.txt")
    result = find_reuse([parse_for_reuse(REPORTS / n) for n in names])
    assert not [b for b in result.blocks if b.kind == "cross_agency"]
