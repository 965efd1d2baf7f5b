"""Cross-year: this report against the same agency's report on the previous year.

Requests carried forward at the end of last year are this year's carried-over requests (per applicant
column); and, on the 2021 template, last year's documents in force plus this year's issued minus
repealed are this year's in force.  The second can legitimately drift (a document expiring by its own
terms is neither repealed nor in force), so it is a warning like the first, not an arithmetic error.
"""

from __future__ import annotations

from collections.abc import Iterator

from .cells import T3_COLUMNS, fmt, read, template_of, unreadable_reason
from .registry import Context, Result, rule


def _mismatch(ctx: Context) -> Result | None:
    """A previous report of another agency or not of the year before cannot be compared."""
    this, prev = ctx.report, ctx.previous
    assert prev is not None
    if this.agency and prev.agency and this.agency != prev.agency:
        return Result("cannot_verify", f"previous report is of {prev.agency}, not {this.agency}")
    if this.year is not None and prev.year is not None and prev.year != this.year - 1:
        return Result("cannot_verify", f"previous report is on {prev.year}, not on {this.year - 1}")
    return None


@rule("cross_year.carry", family="cross_year", severity="warning", requires=("tables", "previous"))
def carry(ctx: Context) -> Iterator[Result]:
    """This year's 上年结转 differs from last year's 结转下年度继续办理 in an applicant column."""
    prev = ctx.previous
    assert prev is not None
    bad = _mismatch(ctx)
    if bad is not None:
        yield bad
        return
    for c in T3_COLUMNS:
        now = read(ctx.report.cells, f"t3.carried_over.{c}")
        before = read(prev.cells, f"t3.carried_forward.{c}")
        where = f"t3 column {c}"
        if not (now.readable and before.readable):
            why = "; ".join(x for x in (unreadable_reason([now]), unreadable_reason([before]) and
                                        f"previous report's {unreadable_reason([before])}") if x)
            yield Result("cannot_verify", f"{where}: cannot verify, {why}", (now.key,),
                         previous_cells=(before.key,))
        elif now.value != before.value:
            yield Result("fail", f"{where}: carried over {fmt(now.value or 0)} this year, but the previous report "
                                 f"carried forward {fmt(before.value or 0)}", (now.key,),
                         {"where": where, "carried_over": now.value, "previous_carried_forward": before.value},
                         previous_cells=(before.key,))
        else:
            yield Result("pass", where, (now.key,), previous_cells=(before.key,))


@rule("cross_year.in_force", family="cross_year", severity="warning", requires=("tables", "previous"))
def in_force(ctx: Context) -> Iterator[Result]:
    """2021 t2: last year's 现行有效 + this year's 制发 − 废止 differs from this year's 现行有效."""
    prev = ctx.previous
    assert prev is not None
    if template_of(ctx.report) != "2021" or template_of(prev) != "2021":
        return
    bad = _mismatch(ctx)
    if bad is not None:
        yield bad
        return
    for row in ("regulations", "normative_documents"):
        base = f"t2.art20_1.{row}"
        now = [read(ctx.report.cells, f"{base}.{c}") for c in ("issued", "repealed", "in_force")]
        before = read(prev.cells, f"{base}.in_force")
        if all(r.cell is None for r in now) or before.cell is None:
            continue
        where = f"t2 art20_1 {row}"
        keys = tuple(r.key for r in now)
        if not (all(r.readable for r in now) and before.readable):
            why = "; ".join(x for x in (unreadable_reason(now), unreadable_reason([before]) and
                                        f"previous report's {unreadable_reason([before])}") if x)
            yield Result("cannot_verify", f"{where}: cannot verify, {why}", keys, previous_cells=(before.key,))
            continue
        issued, repealed, current = (r.value or 0.0 for r in now)
        expected = (before.value or 0.0) + issued - repealed
        if expected != current:
            yield Result("fail", f"{where}: last year's in force {fmt(before.value or 0)} + issued {fmt(issued)} − "
                                 f"repealed {fmt(repealed)} = {fmt(expected)}, but in force is {fmt(current)}",
                         keys, {"where": where, "expected": expected, "in_force": current},
                         previous_cells=(before.key,))
        else:
            yield Result("pass", where, keys, previous_cells=(before.key,))
