"""Narrative vs tables: each count the narrative states equals the table cell(s) it describes."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.model import Report

from .cells import fmt, read, unreadable_reason
from .count_claims import CountClaim, extract_claims
from .count_lexicon import descriptors
from .registry import Context, Result, rule


@rule("narrative_vs_table", family="narrative_vs_table", severity="warning", requires=("tables", "text"))
def narrative_vs_table(ctx: Context) -> Iterator[Result]:
    """A count stated in the narrative ('受理政府信息公开申请21件') differs from the cell it describes."""
    report = ctx.report
    for claim in extract_claims(report):
        readings = [read(report.cells, k) for k in claim.cells]
        said = report.text[claim.start:claim.end]
        data = {"descriptor": claim.descriptor, "stated": claim.value, "cells": list(claim.cells),
                "nil": claim.nil, "text": said}
        if not all(r.readable for r in readings):
            yield Result("cannot_verify", f"narrative '{said}': cannot verify, {unreadable_reason(readings)}",
                         claim.cells, data, ((claim.start, claim.end),))
            continue
        table = sum(r.value or 0.0 for r in readings)
        data["table"] = table
        cells = " + ".join(claim.cells)
        if abs(table - claim.value) < 1e-9:
            yield Result("pass", f"narrative '{said}' = {cells} {fmt(table)}", claim.cells, data,
                         ((claim.start, claim.end),))
            continue
        hint = _hint(report, claim, table)
        stated = "states none" if claim.nil else f"states {fmt(claim.value)}"
        yield Result("fail", f"narrative '{said}' {stated}, but {cells} = {fmt(table)}{hint}", claim.cells,
                     data, ((claim.start, claim.end),))


def _hint(report: Report, claim: CountClaim, table: float) -> str:
    """Which other stated-count cells (alone, or added to the claim's own) the count equals: a scope slip."""
    matches = []
    for d in descriptors():
        if d.scope is not None or d.cells == claim.cells or d.cells[0][:2] != claim.cells[0][:2]:
            continue  # only the same table's heads: a sum across tables is a coincidence
        rs = [read(report.cells, k) for k in d.cells]
        if not rs or not all(r.readable for r in rs):
            continue
        v = sum(r.value or 0.0 for r in rs)
        if v > 0 and v == claim.value:
            matches.append(" + ".join(d.cells))
        elif v > 0 and table + v == claim.value:
            matches.append(f"{' + '.join(claim.cells)} + {' + '.join(d.cells)}")
    return f" (the stated count equals {' or '.join(matches[:3])})" if matches else ""
