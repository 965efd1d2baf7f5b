"""The three identities the t3 table states about itself (spec: corpora/tables.json "checks")."""

from __future__ import annotations

from collections.abc import Iterator

from .cells import T3_APPLICANTS, T3_COLUMNS, has_table, identity, t3_outcome_rows, t3_rows, template_of
from .registry import Context, Result, rule


@rule("t3.balance", family="table3_arithmetic", severity="error")
def balance(ctx: Context) -> Iterator[Result]:
    """Per column: 新收 + 上年结转 = （七）总计 + 结转下年度 (第一项加第二项之和，等于第三项加第四项之和)."""
    if not has_table(ctx.report, "t3"):
        return
    cells = ctx.report.cells
    for c in T3_COLUMNS:
        yield identity(cells, f"t3 column {c}",
                       (f"t3.new_received.{c}", f"t3.carried_over.{c}"),
                       (f"t3.total_processed.{c}", f"t3.carried_forward.{c}"))


@rule("t3.total_processed", family="table3_arithmetic", severity="error")
def total_processed(ctx: Context) -> Iterator[Result]:
    """Per column: （七）总计 = the sum of every outcome row (予以公开 … 其他处理)."""
    if not has_table(ctx.report, "t3"):
        return
    cells = ctx.report.cells
    outcomes = t3_outcome_rows(cells, template_of(ctx.report))
    for c in T3_COLUMNS:
        yield identity(cells, f"t3 column {c}", (f"t3.total_processed.{c}",),
                       tuple(f"t3.{r}.{c}" for r in outcomes))


@rule("t3.total_column", family="table3_arithmetic", severity="error")
def total_column(ctx: Context) -> Iterator[Result]:
    """Per row: 总计 = the sum of the six applicant columns."""
    if not has_table(ctx.report, "t3"):
        return
    cells = ctx.report.cells
    present = {c.path[1] for c in cells.values() if c.path[0] == "t3"}
    rows = [r for r in t3_rows(template_of(ctx.report)) if r in present]
    rows += sorted(present - set(rows))  # a row of the other template still has a total to check
    for r in rows:
        yield identity(cells, f"t3 row {r}", (f"t3.{r}.total",), tuple(f"t3.{r}.{c}" for c in T3_APPLICANTS))
