"""Observed rows → cells under canonical keys: row alignment, candidates, the identity solver, Cell records.

Rows are matched to keys by label similarity with an order-preserving alignment (a dynamic programme
over observed rows × spec rows), so a typo, a missing or an extra row shifts nothing; unmatched spec rows
are ``tables.missing_row`` findings, unmatched observed rows with numbers ``tables.extra_row``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from auditor.config import defaults
from auditor.model import Cell, Evidence, Finding
from auditor.structure.tables.fused import Candidate, ColId, Part, Piece, RowId, choose, splits
from auditor.structure.tables.labels import core, label_data, min_similarity, remembered, suffix_similarity
from auditor.structure.tables.observed import RowObs
from auditor.structure.tables.values import parse_value

STAGE = "tables"


def _notes() -> tuple[str, ...]:
    return tuple(label_data()["note_prefixes"])


def _setting(name: str, default: int) -> int:
    return int(defaults().get("tables", {}).get(name, default))


@dataclass
class Built:
    """Cells and findings being collected for one report."""

    cells: dict[str, Cell] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def finding(self, code: str, message: str, start: int, end: int, text: str = "", severity: str = "warning",
                cell: str | None = None, **data: object) -> None:
        self.findings.append(Finding(code, severity, message, (Evidence(start, end, text, cell),),  # type: ignore[arg-type]
                                     status="note" if severity == "info" else "fail", stage=STAGE, data=data))


def align(rows: Sequence[RowObs], labels: dict[str, tuple[str, ...]]) -> list[str | None]:
    """For each observed row, the key it names (or None), keeping the spec's order."""
    keys = list(labels)
    index = _label_index(tuple((k, tuple(vs)) for k, vs in labels.items()))
    sims = [index.sims(core(r.label)) for r in rows]
    thr = min_similarity()
    n, m = len(rows), len(keys)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        prev, cur, row_sims = best[i - 1], best[i], sims[i - 1]
        for j in range(1, m + 1):
            s = row_sims[j - 1]
            # max(up, left, take) written out: this loop runs rows × keys times per table
            v = prev[j]
            left = cur[j - 1]
            if left > v:
                v = left
            if s >= thr:
                take = prev[j - 1] + s
                if take > v:
                    v = take
            cur[j] = v
    out: list[str | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        s = sims[i - 1][j - 1]
        if s >= thr and best[i][j] == best[i - 1][j - 1] + s:
            out[i - 1] = keys[j - 1]
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    # rows written out of the template's order: a strong label match still names the row
    free = [j for j in range(m) if keys[j] not in out]
    for i in range(n):
        if out[i] is None and free:
            j = max(free, key=lambda j: sims[i][j])
            if sims[i][j] >= max(thr, 0.9):
                out[i] = keys[j]
                free.remove(j)
    return out


class _LabelIndex:
    """One label set's normalised variants, and each row label's similarities to its keys.

    Row labels repeat across tables and reports (the template's own wording), so the similarities of
    a label are computed once per label set.
    """

    def __init__(self, items: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        self.variants = [[core(v) for v in vs] for _, vs in items]
        # each normalised variant's key indices, and the variant lengths
        self.ending: dict[str, set[int]] = {}
        for j, vs in enumerate(self.variants):
            for v in vs:
                if v:
                    self.ending.setdefault(v, set()).add(j)
        self.lengths = sorted({len(v) for v in self.ending})
        self._sims: dict[str, tuple[float, ...]] = {}

    def sims(self, text: str) -> tuple[float, ...]:
        """Similarity of the normalised row label ``text`` to each key, in key order."""
        return remembered(self._sims, text, self._compute)

    def _compute(self, text: str) -> tuple[float, ...]:
        exact = {j for n in self.lengths for j in self.ending.get(text[-n:], ())}
        if exact:
            # a label the row ends with exactly: fuzzy scores cannot compete
            return tuple(1.0 if j in exact else 0.0 for j in range(len(self.variants)))
        return tuple(max(suffix_similarity(text, v) for v in vs) for vs in self.variants)


@lru_cache(maxsize=64)
def _label_index(items: tuple[tuple[str, tuple[str, ...]], ...]) -> _LabelIndex:
    """The index of a label set (cached: the same label sets are aligned for every table of every report)."""
    return _LabelIndex(items)


def _trim(pieces: list[Piece], n: int) -> tuple[list[Piece], list[Piece]]:
    """Stray blank cells of the flattening (row separators) around the row: drop them, then cut to n.

    Returns the row's ``n`` pieces and the surplus.
    """
    ps = list(pieces)
    while len(ps) > n and ps[-1].text == "" and not ps[-1].number:
        ps.pop()
    while len(ps) > n and ps[0].text == "" and not ps[0].number:
        ps.pop(0)
    return ps[:n], ps[n:]


def _part(p: Piece, amount: bool, unit: str | None) -> Part:
    raw = p.text if p.unit is None else p.text + p.unit
    v = parse_value(raw, amount, unit)
    return Part(raw, p.start, p.end, v.value, v.unit, p.grid, v.status)


def candidates(row: RowObs, n: int, amount_cols: frozenset[int], units: Sequence[str | None],
               built: Built, where: str, signed_cols: frozenset[int] = frozenset()) -> tuple[list[Candidate], bool]:
    """The readings of a row: one when its tokens are separate, all digit splits when they ran together.

    Returns ``(candidates, fused)``.
    """
    pieces = row.pieces
    if row.aligned or len(pieces) >= n:
        chosen, rest = (pieces[:n], []) if row.aligned else _trim(pieces, n)
        extra = [p for p in rest if p.number]
        if extra:
            built.finding("tables.extra_cells", f"{where}: {len(extra)} value(s) beyond the table's {n} columns",
                          extra[0].start, extra[-1].end, " ".join(p.text for p in extra))
        return [tuple([_part(p, i in amount_cols, units[i]) for i, p in enumerate(chosen)])], False
    cands, complete = splits(pieces, n, amount_cols, _setting("max_split_candidates", 20000), signed_cols)
    if not complete:
        built.finding("tables.split_unsolved", f"{where}: too many ways to split the digits; cells left ambiguous",
                      pieces[0].start, pieces[-1].end, " ".join(p.text for p in pieces))
    return cands, True


def solve(cands: dict[str, list[Candidate]], row_ids: dict[str, Sequence[RowId]],
          col_ids: Sequence[ColId] = ()) -> dict[str, list[Candidate]]:
    return choose(cands, row_ids, col_ids, _setting("max_joint_combinations", 50000))  # type: ignore[arg-type]


def emit(built: Built, prefix: tuple[str, ...], columns: Sequence[str], cands: list[Candidate],
         row: RowObs, units: Sequence[str | None]) -> None:
    """Cells of one row from its surviving candidates; cells the candidates disagree on are ambiguous."""
    if not cands:
        built.finding("tables.missing_cells", f"{'.'.join(prefix)}: {len(row.pieces)} token(s) cannot fill "
                      f"{len(columns)} cells", row.start, row.pieces[-1].end if row.pieces else row.end, row.label)
        return
    paths = _cell_paths(prefix, tuple(columns))
    if len(cands) == 1:
        # the usual case (separate tokens, or a decided split): nothing to compare
        for (path, key), part, unit in zip(paths, cands[0], units, strict=True):
            built.cells[key] = _cell(built, path, key, part, unit)
        return
    amb: list[str] = []
    for i, (col, (path, key)) in enumerate(zip(columns, paths, strict=True)):
        parts = [c[i] for c in cands]
        first = parts[0]
        # the distinct values in order of first appearance (a dict: a fused row can have thousands
        # of candidates, and a list scan per candidate was quadratic)
        values = list(dict.fromkeys([p.value for p in parts]))
        if len(values) == 1:
            cell = _cell(built, path, key, first, units[i])
        else:
            start = min(p.start for p in parts)
            end = max(p.end for p in parts)
            runs = [p for p in row.pieces if p.end > start and p.start < end]
            raw = " ".join(p.text for p in runs)
            cands_v = tuple(sorted(v for v in values if v is not None))
            cell = Cell(path, None, raw, start, end, first.unit or units[i], None, None, None, None, "ambiguous",
                        cands_v)
            amb.append(col)
        built.cells[key] = cell
    if amb:
        built.finding("tables.ambiguous_split", f"{'.'.join(prefix)}: {len(cands)} splits of the fused digits fit "
                      f"equally well; cells {', '.join(amb)} left ambiguous", row.pieces[0].start,
                      row.pieces[-1].end, " ".join(p.text for p in row.pieces),
                      candidates=[[p.value for p in c] for c in cands[:20]])


def _cell(built: Built, path: tuple[str, ...], key: str, part: Part, unit: str | None) -> Cell:
    """The cell of a part every candidate agrees on (a bad value is also a finding)."""
    page, table, grow, gcol = part.grid if part.grid else (None, None, None, None)
    status = "ok" if part.value is not None else "null"
    cell = Cell(path, part.value, part.raw, part.start, part.end, part.unit or unit, page, table, grow, gcol,
                status)  # type: ignore[arg-type]
    if part.status == "bad":
        built.finding("tables.bad_value", f"{key}: {part.raw!r} is not a number", part.start, part.end, part.raw,
                      cell=key)
    return cell


@lru_cache(maxsize=4096)
def _cell_paths(prefix: tuple[str, ...], columns: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Each column's cell path and key (Cell.key) under ``prefix`` (cached: the same rows and columns
    recur in every report)."""
    out = []
    for col in columns:
        path = (*prefix, *col.split("/"))
        out.append((path, ".".join(path)))
    return tuple(out)


def match_rows(built: Built, obs_rows: Sequence[RowObs], labels: dict[str, tuple[str, ...]], where: str,
               optional: frozenset[str] = frozenset()) -> dict[str, RowObs]:
    """Rows by key, with missing/extra-row findings."""
    keys = align(obs_rows, labels)
    out: dict[str, RowObs] = {}
    for r, k in zip(obs_rows, keys, strict=True):
        if k is None:
            # a long unmatched 'label' is narrative after the table, and a note or page number is no row
            label = core(r.label)
            if any(p.number for p in r.pieces) and 0 < len(label) <= 60 and not label.startswith(_notes()):
                built.finding("tables.extra_row", f"{where}: row {r.label.strip()[:40]!r} matches no row of the "
                              "template", r.start, r.end, r.label)
            continue
        if k in out:
            continue
        out[k] = r
    for k in labels:
        if k not in out and k not in optional:
            anchor = obs_rows[0] if obs_rows else None
            built.finding("tables.missing_row", f"{where}: row {k} ({labels[k][0]}) not found", anchor.start if anchor
                          else 0, anchor.start if anchor else 0, labels[k][0], cell=f"{where}.{k}")
    return out


def is_2021_t3(rows: Sequence[RowObs]) -> bool:
    markers = label_data()["t3_2021_markers"]
    return any(m in core(r.label) for r in rows for m in markers)
