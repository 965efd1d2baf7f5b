"""The archive pass gives a report its previous year's report after the checks ran on it alone: rerunning
only the rules that read the previous report must give what rerunning every rule gives, and only where
the report's results do not depend on its parsed document (which the store does not keep)."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterable

import pytest

from auditor.checks import document_free, recheck_with_previous, run_checks
from auditor.checks.count_claims import _compact
from auditor.model import Finding, Report, report_from_dict, to_dict
from auditor.pipeline import parse, run_stages
from auditor.store.archive import PREVIOUS_FIELDS
from tests.conftest import REPORTS

from .conftest import gold_report, table_gold_names


def _previous(report: Report, shift: float, agency: str | None = None) -> Report:
    """The same agency's report on the year before, its carried-forward and in-force cells moved by
    ``shift`` (0: consistent with ``report``)."""
    cells = dict(report.cells)
    for key, c in report.cells.items():
        if key.startswith("t3.carried_over."):
            twin = key.replace("carried_over", "carried_forward")
            if twin in cells:
                cells[twin] = dataclasses.replace(cells[twin], value=(c.value or 0) + shift)
        if key.endswith(".in_force") and c.value is not None:
            cells[key] = dataclasses.replace(c, value=c.value + shift)
    return dataclasses.replace(report, file="previous.txt", year=(report.year or 2021) - 1, cells=cells,
                               agency=agency or report.agency)


def _same(a: Report, b: Report) -> None:
    assert a.findings == b.findings
    assert a.measures == b.measures
    assert list(a.measures["checks"]) == list(b.measures["checks"])  # the same rules, in the same order


@pytest.mark.parametrize("name", table_gold_names())
def test_rerunning_the_cross_year_rules_gives_what_rerunning_every_rule_gives(name: str) -> None:
    first = run_checks(gold_report(name))
    for previous in (_previous(first, 0), _previous(first, 3), _previous(first, 0, agency="另一个机关")):
        once = recheck_with_previous(first, previous)
        _same(once, run_checks(first, previous=previous))
        again = recheck_with_previous(once, _previous(first, 1))  # a report rechecked before
        _same(again, run_checks(once, previous=_previous(first, 1)))
    off = {"cross_year.carry": {"enabled": False}}
    _same(recheck_with_previous(run_checks(first, config=off), _previous(first, 3), config=off),
          run_checks(first, previous=_previous(first, 3), config=off))


def _parsed(name: str) -> Report:
    return run_stages(parse(str(REPORTS / name), stages=()), ["structure", "tables"])


def _codes(findings: Iterable[Finding]) -> list[tuple[str, str, str]]:
    return [(f.code, f.status, f.message) for f in findings]


@pytest.mark.parametrize("name", ["pingtan-2020.txt", "pingtan-2022.txt", "huarong-xzspj-2020.txt",
                                  "shuyang-fgj-2023.html", "hongze-2023.pdf"])
def test_document_free_means_the_same_results_without_the_document(name: str) -> None:
    report = _parsed(name)
    with_doc = run_checks(report)
    without = run_checks(dataclasses.replace(report, document=None))
    if document_free(report):
        assert _codes(with_doc.findings) == _codes(without.findings)
        assert with_doc.measures == without.measures
    else:  # the PDF and HTML tables cut lines out of the narrative the rules read
        assert name.endswith((".pdf", ".html"))


def test_the_previous_report_as_the_archive_pass_gives_it_is_enough() -> None:
    """The pass decodes the previous year's report only up to its cells."""
    this = run_checks(_parsed("hongze-2024.pdf"))
    prev = _parsed("hongze-2023.pdf")
    stored = to_dict(dataclasses.replace(prev, document=None))
    reduced = report_from_dict({k: stored[k] for k in PREVIOUS_FIELDS})
    assert reduced.sentences == () and reduced.findings == ()
    _same(run_checks(this, previous=reduced), run_checks(this, previous=prev))


def _compact_reference(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, list[int]]:
    """The narrative without white space, char by char (as first written)."""
    thousands = re.compile(r"\d[,，]\d{3}(?!\d)")
    chars, offs = [], []
    for a, b in spans:
        for i in range(a, b):
            ch = text[i]
            if ch.isspace() or (ch in ",，" and thousands.match(text, i - 1)):
                continue
            chars.append(ch)
            offs.append(i)
        chars.append("\n")
        offs.append(b)
    return "".join(chars), offs


def test_compact_skips_what_the_reference_skips() -> None:
    texts = [(REPORTS / n).read_text(encoding="utf-8") for n in ("pingtan-2020.txt", "huarong-xzspj-2020.txt")]
    texts += [",123 1,234 5，678  9,12 ,123\u3000a\u00a0b\n\n1,2345 12,345,678", ",", "1,123"]
    rng = random.Random(7)
    for text in texts:
        for _ in range(100):
            cuts = sorted(rng.randint(0, len(text)) for _ in range(2 * rng.randint(0, 4)))
            spans = list(zip(cuts[::2], cuts[1::2], strict=True))
            assert _compact(text, spans) == _compact_reference(text, spans)
