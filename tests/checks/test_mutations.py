"""Mutation test over every gold table: change one cell (±1, ×10, blank, swap two) and the right check fires.

Cells no identity covers — every t2 cell: t2 has no stated arithmetic, only plausibility bounds — are
still mutated, and the checks must not crash on them; a blank t2 cell is caught by completeness and a
count pushed below zero by cells.negative, but t2 ±1 / ×10 / swaps are in general undetectable by
design (documented in docs/checks.md).  The default run takes every 5th cell with the mutation kinds in
rotation (deterministic); the full sweep (every cell × every kind) is marked slow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import cache

import pytest

from auditor.checks import run_checks
from auditor.checks.cells import is_total, key_path, t3_outcome_rows, template_of
from auditor.model import Cell, Report

from .conftest import cells_from_gold, gold, table_gold_names

KINDS = ("plus1", "minus1", "times10", "blank", "swap")
_BALANCE_ROWS = {"new_received", "carried_over", "total_processed", "carried_forward"}


@cache
def _base(name: str) -> Report:
    g = gold(name)
    return Report(file=g["file"], format="text", text="", year=g["year"], template=g["template"],
                  cells=cells_from_gold(g["tables"]))


@cache
def _baseline(name: str) -> frozenset[tuple[str, str, str]]:
    return frozenset((f.code, f.status, f.message) for f in run_checks(_base(name)).findings)


def _set(cell: Cell, value: float | None) -> Cell:
    return dataclasses.replace(cell, value=value, raw="" if value is None else str(value),
                               status="null" if value is None else "ok")


def _mutate(report: Report, key: str, kind: str) -> tuple[dict[str, Cell], tuple[str, ...]] | None:
    """The mutated cells and the keys changed, or None when the mutation changes nothing."""
    cells = dict(report.cells)
    cell = cells[key]
    v = cell.value
    if kind == "swap":
        table = [k for k in report.cells if key_path(k)[0] == key_path(key)[0]]
        i = table.index(key)
        other = next((k for k in table[i + 1:] + table[:i] if report.cells[k].value != v), None)
        if other is None:
            return None
        cells[key], cells[other] = _set(cell, cells[other].value), _set(cells[other], v)
        return cells, (key, other)
    if kind == "blank":
        new = None
    elif v is None:
        return None
    else:
        new = {"plus1": v + 1, "minus1": v - 1, "times10": v * 10}[kind]
    if new == v:
        return None
    cells[key] = _set(cell, new)
    return cells, (key,)


def _covering(report: Report, key: str) -> set[str]:
    """The rules whose identity includes ``key``."""
    p = key_path(key)
    if p[0] == "t4":
        return {"t4.group_total"}
    if p[0] != "t3":
        return set()
    rules = {"t3.total_column"}
    if p[1] in _BALANCE_ROWS:
        rules.add("t3.balance")
    if p[1] == "total_processed" or p[1] in t3_outcome_rows(report.cells, template_of(report)):
        rules.add("t3.total_processed")
    return rules


def _signature(report: Report, key: str) -> frozenset[tuple[str, str, str]]:
    """(identity, place, side) of every identity ``key`` takes part in.  Two cells with the same
    signature (e.g. 结果维持 and 其他结果 of one t4 group) can be swapped without any identity noticing."""
    p = key_path(key)
    if p[0] == "t4":
        return frozenset({("t4.group_total", p[1], "lhs" if p[2] == "total" else "rhs")})
    if p[0] != "t3":
        return frozenset()
    sig = {("t3.total_column", p[1], "lhs" if p[2] == "total" else "rhs")}
    if p[1] in _BALANCE_ROWS:
        sig.add(("t3.balance", p[2], "lhs" if p[1] in ("new_received", "carried_over") else "rhs"))
    if p[1] == "total_processed":
        sig.add(("t3.total_processed", p[2], "lhs"))
    elif p[1] in t3_outcome_rows(report.cells, template_of(report)):
        sig.add(("t3.total_processed", p[2], "rhs"))
    return frozenset(sig)


def _expected(report: Report, keys: tuple[str, ...], kind: str, mutated: dict[str, Cell]) -> set[str]:
    if kind == "swap" and len(keys) == 2 and _signature(report, keys[0]) == _signature(report, keys[1]):
        return set()  # invisible to the arithmetic by construction (documented in docs/checks.md)
    rules: set[str] = set()
    for k in keys:
        rules |= _covering(report, k)
        v = mutated[k].value
        if v is None:
            rules.add("completeness.blank_total" if is_total(key_path(k)) else "completeness.blank_cells")
        elif v < 0 and key_path(k)[-1] != "change":
            rules.add("cells.negative")
    return rules


def _cases(stride: int) -> Iterator[tuple[str, str, str]]:
    """(report, cell, kind) for mutations that change something; every ``stride``-th cell when sampling."""
    n = 0
    for name in table_gold_names():
        report = _base(name)
        for key in report.cells:
            if stride == 1:
                yield from ((name, key, k) for k in KINDS if _mutate(report, key, k) is not None)
            elif n % stride == 0:
                rotated = KINDS[(n // stride) % len(KINDS):] + KINDS[:(n // stride) % len(KINDS)]
                kind = next((k for k in rotated if _mutate(report, key, k) is not None), None)
                if kind is not None:
                    yield name, key, kind
            n += 1


def _run(name: str, key: str, kind: str) -> None:
    report = _base(name)
    changed = _mutate(report, key, kind)
    assert changed is not None
    cells, keys = changed
    before = _baseline(name)
    after = run_checks(dataclasses.replace(report, cells=cells))
    expected = _expected(report, keys, kind, cells)
    fired = {f.code for f in after.findings if (f.code, f.status, f.message) not in before
             and f.status in ("fail", "cannot_verify") and {e.cell for e in f.evidence} & set(keys)}
    if not expected:
        return  # t2: no identity covers it; the run above proves the checks do not crash on it
    assert fired & expected, f"{name}: {kind} {keys} fired {sorted(fired)}, expected one of {sorted(expected)}"


@pytest.mark.parametrize(("name", "key", "kind"), list(_cases(stride=5)))
def test_single_mutation_fires_the_right_check(name: str, key: str, kind: str) -> None:
    _run(name, key, kind)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "key", "kind"), list(_cases(stride=1)))
def test_every_mutation_full_sweep(name: str, key: str, kind: str) -> None:
    _run(name, key, kind)


def test_every_t3_t4_cell_is_covered_by_an_identity() -> None:
    """The claim behind the sweep: no t3/t4 cell is outside every identity (t2 cells all are)."""
    for name in table_gold_names():
        report = _base(name)
        for key in report.cells:
            covered = bool(_covering(report, key))
            assert covered == (key_path(key)[0] in ("t3", "t4")), key


def test_ambiguous_cell_is_never_passed() -> None:
    report = _base("pingtan-2022")
    key = "t3.new_received.natural_person"
    cells = dict(report.cells)
    cells[key] = dataclasses.replace(cells[key], value=None, status="ambiguous", candidates=(71, 17))
    out = run_checks(dataclasses.replace(report, cells=cells))
    using = [f for f in out.findings if any(e.cell == key for e in f.evidence)]
    assert {f.code for f in using} == {"t3.balance", "t3.total_column"}
    assert all(f.status == "cannot_verify" and "ambiguous" in f.message for f in using)
    assert out.measures["checks"]["t3.balance"]["pass"] == 6  # the other six columns still pass
    # an ambiguous cell is not a blank: no completeness finding
    assert not [f for f in out.findings if f.code.startswith("completeness.blank")]
