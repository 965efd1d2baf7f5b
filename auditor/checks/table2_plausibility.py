"""t2 (主动公开) has no stated arithmetic; these are the relations no true table can break.

2019 template: 本年新公开数量 ≤ 对外公开总数量 (this year's new publications are part of the total);
上一年项目数量 + 本年增/减 ≥ 0 (this year's item count); 处理决定数量 > 0 with no item all year.
2021 template: 现行有效件数 ≥ 本年制发件数 − 本年废止件数 (a document made this year and not repealed
is in force at year end; repealed ones may be older, so only this direction is certain).
Blank t2 cells have no row total to confirm them, so a relation over one is 'cannot verify'.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.model import Cell

from .cells import Reading, fmt, read, template_of, unreadable_reason
from .registry import Context, Result, rule


def _rows(cells: dict[str, Cell] | object, block: str, cols: tuple[str, ...]) -> list[str]:
    """Row keys of a t2 block that have all the given columns."""
    rows: dict[str, set[str]] = {}
    for c in cells.values():  # type: ignore[attr-defined]
        if c.path[0] == "t2" and c.path[1] == block:
            rows.setdefault(c.path[2], set()).add(c.path[3])
    return [r for r, have in rows.items() if set(cols) <= have]


def _reads(ctx: Context, keys: list[str]) -> list[Reading]:
    return [read(ctx.report.cells, k) for k in keys]


def _cannot(where: str, rs: list[Reading]) -> Result:
    return Result("cannot_verify", f"{where}: cannot verify, {unreadable_reason(rs)}",
                  tuple(r.key for r in rs if r.cell))


@rule("t2.published_le_total", family="table2_plausibility", severity="warning")
def published_le_total(ctx: Context) -> Iterator[Result]:
    """2019 t2: 本年新公开数量 exceeds 对外公开总数量 in a row of 第二十条第（一）项."""
    if template_of(ctx.report) != "2019":
        return
    for r in _rows(ctx.report.cells, "art20_1", ("published", "total_published")):
        rs = _reads(ctx, [f"t2.art20_1.{r}.published", f"t2.art20_1.{r}.total_published"])
        where = f"t2 art20_1 {r}"
        if not all(x.readable for x in rs):
            yield _cannot(where, rs)
            continue
        pub, tot = rs[0].value or 0.0, rs[1].value or 0.0
        keys = (rs[0].key, rs[1].key)
        if pub > tot:
            yield Result("fail", f"{where}: published this year {fmt(pub)} > total published {fmt(tot)}", keys,
                         {"published": pub, "total_published": tot})
        else:
            yield Result("pass", where, keys)


@rule("t2.items_balance", family="table2_plausibility", severity="warning")
def items_balance(ctx: Context) -> Iterator[Result]:
    """2019 t2: 上一年项目数量 + 本年增/减 is negative, or decisions were made with no item all year."""
    if template_of(ctx.report) != "2019":
        return
    for block in ("art20_5", "art20_6", "art20_8"):
        for r in _rows(ctx.report.cells, block, ("prev_items", "change")):
            base = f"t2.{block}.{r}"
            has_dec = f"{base}.decisions" in ctx.report.cells
            keys = [f"{base}.prev_items", f"{base}.change"] + ([f"{base}.decisions"] if has_dec else [])
            rs = _reads(ctx, keys)
            where = f"t2 {block} {r}"
            if not all(x.readable for x in rs):
                yield _cannot(where, rs)
                continue
            prev, change = rs[0].value or 0.0, rs[1].value or 0.0
            now = prev + change
            dec = (rs[2].value or 0.0) if has_dec else 0.0
            if now < 0:
                yield Result("fail", f"{where}: last year's items {fmt(prev)} + change {fmt(change)} = {fmt(now)} "
                                     "items this year, which cannot be negative", tuple(keys),
                             {"items": now})
            elif dec > 0 and prev == 0 and change <= 0:
                yield Result("fail", f"{where}: {fmt(dec)} decisions but no item last year and none added "
                                     f"this year (items {fmt(prev)}, change {fmt(change)})", tuple(keys),
                             {"items": now, "decisions": dec})
            else:
                yield Result("pass", where, tuple(keys))


@rule("t2.in_force_floor", family="table2_plausibility", severity="warning")
def in_force_floor(ctx: Context) -> Iterator[Result]:
    """2021 t2: 现行有效件数 < 本年制发件数 − 本年废止件数 in a row of 第二十条第（一）项."""
    if template_of(ctx.report) != "2021":
        return
    for r in _rows(ctx.report.cells, "art20_1", ("issued", "repealed", "in_force")):
        keys = [f"t2.art20_1.{r}.{c}" for c in ("issued", "repealed", "in_force")]
        rs = _reads(ctx, keys)
        where = f"t2 art20_1 {r}"
        if not all(x.readable for x in rs):
            yield _cannot(where, rs)
            continue
        issued, repealed, in_force = (x.value or 0.0 for x in rs)
        if in_force < issued - repealed:
            yield Result("fail", f"{where}: in force {fmt(in_force)} < issued {fmt(issued)} − repealed "
                                 f"{fmt(repealed)}: documents made this year and not repealed must be in force",
                         tuple(keys), {"issued": issued, "repealed": repealed, "in_force": in_force})
        else:
            yield Result("pass", where, tuple(keys))
