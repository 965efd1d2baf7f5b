"""Fees: the section 六 statement of information-processing fees (信息处理费, 2021 template) and t3 （六）2.

Since the 2021 template, section 六 must say what 信息处理费 was charged (an amount, or that none was).
t3 row （六）2 counts requests dropped because the applicant did not pay a fee notice: a positive count
means fee notices were issued, which a statement 'no fees arose' leaves out.  (t2's 行政事业性收费 is a
different fee — administrative charges — and is not compared with the statement.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from auditor.model import Report

from .cells import fmt, read, template_of
from .count_claims import narrative_spans, tokenize
from .count_lexicon import cues
from .registry import Context, Result, rule

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class FeeStatement:
    kind: Literal["amount", "nil", "mention"]
    amount: float | None
    unit: str | None
    start: int
    end: int
    text: str


def fee_statement(report: Report) -> FeeStatement | None:
    """The first sentence of section 六 (or, without sections, of the narrative) that speaks of fees."""
    c = cues()
    six = report.section("other")
    if six is not None:
        spans, terms = [(six.body_start, six.end)], tuple(c["fee_terms"])
    else:
        spans, terms = narrative_spans(report), tuple(c["fee_terms_strict"])
    best: FeeStatement | None = None
    for a, b in spans:
        for m in re.finditer(r"[^。；！？\n]+", report.text[a:b]):
            sent = m.group(0)
            flat = re.sub(r"\s+", "", sent)
            if not any(t in flat for t in terms):
                continue
            strict = any(t in flat for t in c["fee_terms_strict"])
            if not strict and not any(x in flat for x in c["fee_context"]):
                continue
            st = _classify(flat, a + m.start(), a + m.end(), sent.strip())
            if st.kind != "mention":
                return st
            best = best or st
    return best


def _classify(flat: str, start: int, end: int, text: str) -> FeeStatement:
    words = tokenize(flat)
    units = set(cues()["fee_amount_units"])
    for i in range(len(words) - 1):
        if _NUMBER.match(words[i]) and words[i + 1] in units:
            return FeeStatement("amount", float(words[i]), words[i + 1], start, end, text)
    if any(n in flat for n in cues()["fee_nil_cues"]):
        return FeeStatement("nil", 0.0, None, start, end, text)
    return FeeStatement("mention", None, None, start, end, text)


def _required(report: Report) -> bool:
    return template_of(report) == "2021" or (report.year is not None and report.year >= 2021
                                              and template_of(report) != "legacy")


@rule("fees.statement", family="fees", severity="warning", requires=("text",))
def statement(ctx: Context) -> Iterator[Result]:
    """2021 template: section 六 does not state the 信息处理费 charged (an amount or 'none')."""
    report = ctx.report
    if not _required(report):
        return
    st = fee_statement(report)
    where = "section 六" if report.section("other") else \
        "the narrative (no section 六 found)" if report.sections else "the narrative (sections unknown)"
    if st is None:
        yield Result("fail", f"{where} does not state the information-processing fees (信息处理费) charged")
    elif st.kind == "mention":
        yield Result("fail", f"{where} mentions fees but states neither an amount nor that none was charged: "
                             f"'{st.text}'", spans=((st.start, st.end),))
    else:
        what = f"{fmt(st.amount or 0.0)} {st.unit}" if st.kind == "amount" else "none"
        yield Result("pass", f"fee statement ({what}): '{st.text}'", spans=((st.start, st.end),),
                     data={"kind": st.kind, "amount": st.amount, "unit": st.unit})


@rule("fees.unpaid_fee_vs_statement", family="fees", severity="warning", requires=("tables", "text"))
def unpaid_fee_vs_statement(ctx: Context) -> Iterator[Result]:
    """t3 （六）2 counts requests dropped for unpaid fees, but section 六 says no fee arose at all."""
    report = ctx.report
    r = read(report.cells, "t3.other.unpaid_fee.total")
    if r.cell is None or not _required(report):
        return
    st = fee_statement(report)
    if st is None:
        return  # fees.statement reports the missing statement
    if not r.readable:
        yield Result("cannot_verify", "t3 （六）2 unpaid-fee count cannot be read", (r.key,),
                     spans=((st.start, st.end),))
    elif (r.value or 0) > 0 and st.kind == "nil":
        yield Result("fail", f"t3 （六）2 has {fmt(r.value or 0)} request(s) dropped for unpaid fees, so fee notices "
                             f"were issued, but the fee statement says none: '{st.text}'", (r.key,),
                     {"unpaid_fee": r.value}, ((st.start, st.end),))
    else:
        yield Result("pass", "t3 （六）2 and the fee statement agree", (r.key,), spans=((st.start, st.end),))
