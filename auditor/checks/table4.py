"""t4 (行政复议 / 行政诉讼): each group's 总计 is the sum of its four results."""

from __future__ import annotations

from collections.abc import Iterator

from .cells import T4_GROUPS, T4_PARTS, has_table, identity
from .registry import Context, Result, rule


@rule("t4.group_total", family="table4", severity="error")
def group_total(ctx: Context) -> Iterator[Result]:
    """Per group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    if not has_table(ctx.report, "t4"):
        return
    for g in T4_GROUPS:
        yield identity(ctx.report.cells, f"t4 group {g}", (f"t4.{g}.total",),
                       tuple(f"t4.{g}.{p}" for p in T4_PARTS))
