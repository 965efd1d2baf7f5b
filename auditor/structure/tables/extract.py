"""t2, t3 and t4 from observed tables: keys, candidate readings, the identities that decide them.

t3 and t4 have arithmetic (row totals, column balance, （七） = sum of outcomes, group totals) and are
solved jointly; t2 has none, so a fused t2 row is decided only by other evidence: the narrative stating
the same counts next to the row's label ('现行有效行政规范性文件698件…本年度制发的规范性文件88件').
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.structure.tables.assemble import Built, candidates, emit, is_2021_t3, match_rows, solve
from auditor.structure.tables.fused import Candidate, ColId, RowId
from auditor.structure.tables.keys import AMOUNT_COLS, SIGNED_COLS, T4_PARTS, outcome_rows, template_keys
from auditor.structure.tables.labels import core
from auditor.structure.tables.observed import RowObs, TableObs
from auditor.structure.tables.values import header_unit

_NUM = re.compile(r"\d+(?:\.\d+)?")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")


def narrative_numbers(text: str, tables: Sequence[tuple[int, int]], labels: Sequence[str]) -> set[float]:
    """Numbers the narrative states right after one of ``labels`` (same sentence), outside the tables."""
    found: set[float] = set()
    for lab in labels:
        if len(lab) < 2:
            continue
        for m in re.finditer(re.escape(lab), text):
            if any(a <= m.start() < b for a, b in tables):
                continue
            tail = text[m.end() : m.end() + 40]
            stop = _SENTENCE_END.search(tail)
            tail = tail[: stop.start()] if stop else tail
            found.update(float(x) for x in _NUM.findall(tail))
    return found


def _by_narrative(cands: list[Candidate], evidence: set[float]) -> list[Candidate]:
    """The one split whose counts the narrative states, if exactly one stands out.

    A split is supported by the distinct non-zero values it shares with the narrative; it must share
    all but one of its cells (at least one), so that a lone small number stated nearby ('7件') cannot
    pick a split by coincidence.
    """
    if not cands:
        return cands
    scores = [len({float(p.value) for p in c if p.value not in (None, 0) and float(p.value) in evidence})
              for c in cands]
    top = max(scores)
    need = max(1, len(cands[0]) - 1)
    if top < need or scores.count(top) > 1:
        return cands
    return [cands[scores.index(top)]]


def extract_t2(built: Built, obs: TableObs, text: str, spans: Sequence[tuple[int, int]]) -> None:
    keys = template_keys(obs.template or "2021")
    block = keys.t2[obs.block or ""]
    where = f"t2.{block.key}"
    cols = [c for c in obs.columns if c in block.cols]
    for c in block.cols:
        if c not in cols:
            built.finding("tables.unmatched_column", f"{where}: column {c} ({block.cols[c][0]}) not found",
                          obs.start, obs.start, block.cols[c][0], cell=f"{where}.*.{c}")
    if not cols:
        return
    amount = frozenset(i for i, c in enumerate(cols) if (block.key, c) in AMOUNT_COLS)
    signed = frozenset(i for i, c in enumerate(cols) if c in SIGNED_COLS)
    units = [header_unit(obs.headers.get(c, "")) for c in cols]
    rows = match_rows(built, obs.rows, block.rows, where, block.optional_rows)
    for rkey, row in rows.items():
        cands, _ = candidates(row, len(cols), amount, units, built, f"{where}.{rkey}", signed)
        if len(cands) > 1:
            before = len(cands)
            labels = [core(v) for v in block.rows[rkey]]
            cands = _by_narrative(cands, narrative_numbers(text, spans, labels))
            if len(cands) == 1 and before > 1:
                built.finding("tables.split_by_narrative", f"{where}.{rkey}: fused digits split as "
                              f"{[p.raw for p in cands[0]]}, the only split whose counts the narrative states",
                              row.pieces[0].start, row.pieces[-1].end, " ".join(p.text for p in row.pieces),
                              severity="info")
        emit(built, ("t2", block.key, rkey), cols, cands, row, units)


def _t3_identities(rows: list[str], cols: list[str]) -> tuple[dict[str, Sequence[RowId]], list[ColId]]:
    ci = {c: i for i, c in enumerate(cols)}
    row_ids: dict[str, Sequence[RowId]] = {}
    if "total" in ci and all(a in ci for a in _APPLICANTS):
        rid: RowId = (tuple(ci[a] for a in _APPLICANTS), ci["total"])
        row_ids = {r: (rid,) for r in rows}
    col_ids: list[ColId] = []
    outcomes = outcome_rows(rows)
    for c in cols:
        i = ci[c]
        if all(r in rows for r in ("new_received", "carried_over", "total_processed", "carried_forward")):
            col_ids.append(((("new_received", i), ("carried_over", i)),
                            (("total_processed", i), ("carried_forward", i))))
        if "total_processed" in rows and outcomes:
            col_ids.append(((("total_processed", i),), tuple((r, i) for r in outcomes)))
    return row_ids, col_ids


def extract_t3(built: Built, parts: Sequence[TableObs]) -> None:
    keys = template_keys("2021")
    if not parts:
        return
    cols = [c for c in parts[0].columns if c in keys.t3_cols]
    for c in keys.t3_cols:
        if c not in cols:
            built.finding("tables.unmatched_column", f"t3: column {c} ({keys.t3_cols[c][0]}) not found",
                          parts[0].start, parts[0].start, keys.t3_cols[c][0], cell=f"t3.*.{c}")
    obs_rows: list[RowObs] = [r for p in parts for r in p.rows]
    labels = keys.t3_rows if is_2021_t3(obs_rows) else template_keys("2019").t3_rows
    rows = match_rows(built, obs_rows, labels, "t3")
    units: list[str | None] = [None] * len(cols)
    cands: dict[str, list[Candidate]] = {}
    for rkey, row in rows.items():
        cands[rkey], _ = candidates(row, len(cols), frozenset(), units, built, f"t3.{rkey}")
    order = [r for r in labels if r in cands]
    row_ids, col_ids = _t3_identities(order, cols)
    chosen = solve(cands, row_ids, col_ids)
    for rkey in order:
        emit(built, ("t3", rkey), cols, chosen[rkey], rows[rkey], units)


def extract_t4(built: Built, obs: TableObs) -> None:
    keys = template_keys("2021")
    expected = [f"{g}/{c}" for g in keys.t4_groups for c in keys.t4_cols]
    cols = [c for c in obs.columns if c in expected]
    for c in expected:
        if c not in cols:
            built.finding("tables.unmatched_column", f"t4: column {c} not found", obs.start, obs.start, c,
                          cell="t4." + c.replace("/", "."))
    if not obs.rows or not cols:
        return
    row = obs.rows[0]
    ci = {c: i for i, c in enumerate(cols)}
    ids: list[RowId] = []
    for g in keys.t4_groups:
        if all(f"{g}/{p}" in ci for p in (*T4_PARTS, "total")):
            ids.append((tuple(ci[f"{g}/{p}"] for p in T4_PARTS), ci[f"{g}/total"]))
    units: list[str | None] = [None] * len(cols)
    cands, _ = candidates(row, len(cols), frozenset(), units, built, "t4")
    chosen = solve({"t4": cands}, {"t4": ids})
    emit(built, ("t4",), cols, chosen["t4"], row, units)
