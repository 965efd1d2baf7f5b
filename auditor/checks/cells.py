"""Reading table cells for arithmetic, under the null rules of ``corpora/tables.json`` (checks.nulls).

* a present number reads as itself;
* a blank ordinary cell reads as 0 (real tables leave zeros blank) — but only when its row's 总计 is
  present, because that total is what lets the table confirm the blanks were zeros; a blank ordinary cell
  in a row whose total is blank too (a whole row left empty) is *unconfirmed* and cannot be read;
* a blank TOTAL cell (the t3 总计 column, the t3 （七）总计 row, a t4 总计) is missing, never 0;
* an ambiguous cell (fused digits no identity decides) and a cell the table does not have cannot be read.

Any unreadable cell makes the identity using it "cannot verify"; the blanks read as 0 are listed in the
result, so a finding always says which blanks it read so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from auditor.model import Cell, Report
from auditor.resources import table_spec

from .registry import Result

State = Literal["ok", "blank_zero", "blank_total", "unconfirmed", "ambiguous", "absent"]
T3_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
T3_APPLICANTS = T3_COLUMNS[:-1]
T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")
T4_PARTS = ("upheld", "corrected", "other", "pending")

_WHY = {
    "blank_total": "is a blank total (missing, not 0)",
    "unconfirmed": "is blank and so is its row's 总计, so nothing confirms it is 0",
    "ambiguous": "is ambiguous (its digits split more than one way)",
    "absent": "is not in the table",
}


def is_total(path: Sequence[str]) -> bool:
    """The totals the spec names: t3 column 总计, t3 row （七）总计, t4 总计."""
    if path[0] == "t3":
        return path[-1] == "total" or path[1] == "total_processed"
    return path[0] == "t4" and path[-1] == "total"


def row_total_key(path: Sequence[str]) -> str | None:
    if path[0] in ("t3", "t4") and len(path) == 3:
        return f"{path[0]}.{path[1]}.total"
    return None


@dataclass(frozen=True, slots=True)
class Reading:
    key: str
    value: float | None
    state: State
    cell: Cell | None

    @property
    def readable(self) -> bool:
        return self.state in ("ok", "blank_zero")


def key_path(key: str) -> tuple[str, ...]:
    """Split a canonical key into its path, respecting dotted t3 row keys (``denied.state_secret``)."""
    parts = key.split(".")
    if parts[0] == "t3" and len(parts) == 4:
        return (parts[0], f"{parts[1]}.{parts[2]}", parts[3])
    return tuple(parts)


def read(cells: Mapping[str, Cell], key: str) -> Reading:
    cell = cells.get(key)
    if cell is None:
        return Reading(key, None, "absent", None)
    if cell.status == "ambiguous":
        return Reading(key, None, "ambiguous", cell)
    if cell.value is not None:
        return Reading(key, float(cell.value), "ok", cell)
    path = cell.path
    if is_total(path):
        return Reading(key, None, "blank_total", cell)
    total_key = row_total_key(path)
    if total_key is not None:
        total = cells.get(total_key)
        if total is not None and total.value is not None and total.status != "ambiguous":
            return Reading(key, 0.0, "blank_zero", cell)
    return Reading(key, None, "unconfirmed", cell)


def fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def unreadable_reason(readings: Iterable[Reading]) -> str:
    return "; ".join(f"{r.key} {_WHY[r.state]}" for r in readings if not r.readable)


def blanks_note(readings: Iterable[Reading]) -> str:
    blanks = [r.key for r in readings if r.state == "blank_zero"]
    return f" (blank cells read as 0: {', '.join(blanks)})" if blanks else ""


def identity(cells: Mapping[str, Cell], where: str, lhs: Sequence[str], rhs: Sequence[str]) -> Result:
    """Check ``sum(lhs) == sum(rhs)``: pass, fail, or cannot_verify naming the unreadable cells."""
    left = [read(cells, k) for k in lhs]
    right = [read(cells, k) for k in rhs]
    everything = left + right
    keys = tuple(r.key for r in everything if r.cell is not None)
    blanks = [r.key for r in everything if r.state == "blank_zero"]
    if not all(r.readable for r in everything):
        bad = [r.key for r in everything if not r.readable]
        return Result("cannot_verify", f"{where}: cannot verify, {unreadable_reason(everything)}", keys,
                      {"where": where, "unreadable": bad, "blanks_read_as_zero": blanks})
    lsum = sum(r.value or 0.0 for r in left)
    rsum = sum(r.value or 0.0 for r in right)
    data = {"where": where, "lhs": lsum, "rhs": rsum, "blanks_read_as_zero": blanks}
    if abs(lsum - rsum) < 1e-9:
        return Result("pass", f"{where}: {fmt(lsum)} = {fmt(rsum)}", keys, data)
    return Result("fail", f"{where}: {_terms(left, lsum)}, but {_terms(right, rsum)}{blanks_note(everything)}",
                  keys, data)


def _terms(readings: Sequence[Reading], total: float) -> str:
    """'a 3 + b 4 = 7'; zero terms of a long sum are folded into '(n others 0)' to keep one line short."""
    if len(readings) == 1:
        return f"{_short(readings[0].key)} {fmt(total)}"
    shown = [r for r in readings if r.value] if len(readings) > 4 else list(readings)
    text = " + ".join(f"{_short(r.key)} {fmt(r.value or 0.0)}" for r in shown) or "0"
    hidden = len(readings) - len(shown)
    return f"{text}{f' (+ {hidden} others, all 0)' if hidden else ''} = {fmt(total)}"


def _short(key: str) -> str:
    return key.split(".", 1)[1] if "." in key else key


def template_of(report: Report) -> str:
    """The report's template; when the structure stage left it unknown, tell it from the t2 columns."""
    if report.template in ("2019", "2021", "legacy"):
        return report.template
    cols = {c.path[-1] for c in report.cells.values() if c.path[0] == "t2"}
    if cols & {"issued", "repealed", "in_force"}:
        return "2021"
    if cols & {"made", "published", "total_published", "prev_items"}:
        return "2019"
    return "unknown"


def t3_rows(template: str) -> tuple[str, ...]:
    """The t3 row keys the template requires, in table order (from the spec, never hard-coded)."""
    rows = tuple(table_spec()["templates"]["2021"]["t3"]["rows"])
    if template == "2019":
        i = rows.index("other.no_correction")
        rows = (*rows[:i], "other", *rows[i + 3:])
    return rows


def t3_outcome_rows(cells: Mapping[str, Cell], template: str) -> tuple[str, ...]:
    """The outcome rows (予以公开 … 其他处理) whose sum is （七）总计.

    Uses the rows the table actually has: a 2021-template table printed with the single 2019 （六） row
    (the Hongze PDFs) sums that row instead of the three 2021 sub-rows.
    """
    rows = list(t3_rows(template))
    outcomes = rows[rows.index("granted"): rows.index("total_processed")]
    present = {c.path[1] for c in cells.values() if c.path[0] == "t3"}
    if template == "2021" and "other" in present and not present & {"other.no_correction", "other.unpaid_fee",
                                                                    "other.other"}:
        i = outcomes.index("other.no_correction")
        outcomes = [*outcomes[:i], "other"]
    elif template == "2019" and "other" not in present and present & {"other.no_correction"}:
        i = outcomes.index("other")
        outcomes = [*outcomes[:i], "other.no_correction", "other.unpaid_fee", "other.other"]
    return tuple(outcomes)


def has_table(report: Report, name: str) -> bool:
    return any(c.path[0] == name for c in report.cells.values())
