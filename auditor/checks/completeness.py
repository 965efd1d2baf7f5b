"""Completeness: tables present, every row and column of the template there, every cell filled.

A blank cell is read as 0 by the arithmetic (see ``cells.py``) but is still a completeness finding here,
because the template wants a number in every cell.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.model import Report

from .cells import has_table, is_total, key_path, template_of
from .registry import Context, Result, rule
from .template_keys import known_keys, required_keys

_TABLES = ("t2", "t3", "t4")
_T3_2019_OTHER = "other"
_T3_2021_OTHER = ("other.no_correction", "other.unpaid_fee", "other.other")


@rule("completeness.missing_table", family="completeness", severity="warning", requires=("text",))
def missing_table(ctx: Context) -> Iterator[Result]:
    """A 2019/2021-template report lacks one of the tables t2, t3, t4 entirely."""
    template = template_of(ctx.report)
    if template not in ("2019", "2021"):
        return
    for t in _TABLES:
        if has_table(ctx.report, t):
            yield Result("pass", f"{t} present")
        else:
            yield Result("fail", f"table {t} is missing (no cell of it was found)", data={"table": t})


def _t3_variant(report: Report, template: str) -> set[str]:
    """Keys excused because t3 carries the other template's （六） row(s) instead (reported as a note)."""
    rows = {c.path[1] for c in report.cells.values() if c.path[0] == "t3"}
    if template == "2021" and _T3_2019_OTHER in rows and not rows & set(_T3_2021_OTHER):
        return {f"t3.{r}." for r in _T3_2021_OTHER}
    if template == "2019" and _T3_2019_OTHER not in rows and rows & set(_T3_2021_OTHER):
        return {f"t3.{_T3_2019_OTHER}."}
    return set()


@rule("completeness.missing_rows", family="completeness", severity="warning")
def missing_rows(ctx: Context) -> Iterator[Result]:
    """A present table lacks rows or columns its template requires (or has rows the template does not)."""
    report = ctx.report
    template = template_of(report)
    required = required_keys(template)
    if not required:
        return
    excused = _t3_variant(report, template)
    if excused:
        what = ("the single 2019-template row （六）其他处理 where the 2021 template has three sub-rows"
                if template == "2021" else "the three 2021-template sub-rows of （六） where the 2019 template has one")
        yield Result("note", f"t3 has {what}; the arithmetic uses the rows the table has",
                     data={"template": template})
    for t in _TABLES:
        if not has_table(report, t):
            continue  # completeness.missing_table says it
        missing = [k for k in required[t] if k not in report.cells
                   and not any(k.startswith(p) for p in excused)]
        if missing:
            yield Result("fail", f"{t} lacks {len(missing)} required cell(s): {_group(missing)}", tuple(missing),
                         {"table": t, "missing": missing})
        else:
            yield Result("pass", f"{t} has every required row and column")
    known = known_keys(template)
    extra = sorted(k for k in report.cells
                   if key_path(k)[0] in _TABLES and k not in known and not _is_variant_row(k, excused))
    if extra:
        yield Result("fail", f"cells the {template} template does not have: {_group(extra)}", tuple(extra),
                     {"extra": extra})


def _is_variant_row(key: str, excused: set[str]) -> bool:
    # the other template's （六） rows, already reported as a note
    return bool(excused) and key_path(key)[0] == "t3" and key_path(key)[1].startswith(_T3_2019_OTHER)


def _group(keys: list[str]) -> str:
    """Compact listing: whole rows as 'row.*', else the keys."""
    by_row: dict[str, list[str]] = {}
    for k in keys:
        p = key_path(k)
        by_row.setdefault(".".join(p[:-1]), []).append(p[-1])
    return ", ".join(f"{row}.{cols[0]}" if len(cols) == 1 else f"{row}.{{{','.join(cols)}}}"
                     for row, cols in by_row.items())


@rule("completeness.blank_cells", family="completeness", severity="warning")
def blank_cells(ctx: Context) -> Iterator[Result]:
    """Ordinary cells left blank (or '—', '/', '无') where the template wants a number, per table."""
    yield from _blanks(ctx.report, totals=False)


@rule("completeness.blank_total", family="completeness", severity="warning")
def blank_total(ctx: Context) -> Iterator[Result]:
    """A total cell (t3 总计 column or （七）总计 row, t4 总计) left blank: missing, not 0."""
    yield from _blanks(ctx.report, totals=True)


def _blanks(report: Report, *, totals: bool) -> Iterator[Result]:
    kind = "blank total cell(s)" if totals else "blank cell(s)"
    for t in _TABLES:
        cells = [c for c in report.cells.values() if c.path[0] == t and is_total(c.path) == totals]
        if not cells:
            continue
        blank = [c.key for c in cells if c.value is None and c.status != "ambiguous"]
        if blank:
            why = " (missing: the checks that need them cannot verify)" if totals else \
                " (read as 0 in the arithmetic where the row total confirms it)"
            yield Result("fail", f"{t}: {len(blank)} {kind}: {_group(blank)}{why}", tuple(blank),
                         {"table": t, "blank": blank})
        else:
            yield Result("pass", f"{t}: no {kind}")
