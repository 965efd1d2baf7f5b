"""Fused digits: rows whose cell separators were lost ('713000074' for seven cells).

:func:`splits` enumerates every way to cut a row's digit runs into its cells (no leading zeros unless
the cell is "0"; white space and '|' inside a run ARE boundaries; a minus sign only starts a run; only
amount cells may hold a decimal point).  :func:`choose` then keeps the candidates that satisfy the most
table identities: each row's own identities first (t3 total = sum of the six applicant columns, t4 group
totals), then, over the combinations of the rows still open, the column identities (t3 balance and
（七） = sum of outcomes).  Whatever stays open is returned with all its candidates: the caller marks
those cells ambiguous instead of guessing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Hashable, Sequence
from functools import lru_cache
from typing import NamedTuple

_COUNT = re.compile(r"^-?(?:0|[1-9]\d*)$")
_AMOUNT = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")


# Pieces and parts are immutable records made by the thousand per report (one per cell and reading):
# NamedTuples, which are several times cheaper to build than frozen dataclasses.  They are only ever
# compared with their own kind.
class Piece(NamedTuple):
    """A separator-bounded token of a row: a digit run (``number``) or a null/empty cell."""

    text: str
    start: int
    end: int
    number: bool
    unit: str | None = None
    grid: tuple[int | None, int, int, int] | None = None  # (page, table, row, col) for grid cells


class Part(NamedTuple):
    """One cell's share of a piece."""

    raw: str
    start: int
    end: int
    value: int | float | None
    unit: str | None = None
    grid: tuple[int | None, int, int, int] | None = None
    status: str = "ok"  # ok | null | bad (text the cell cannot be read as a number)


Candidate = tuple[Part, ...]
RowId = tuple[tuple[int, ...], int]  # (indices summed, index of their total) within one row
CellRef = tuple[Hashable, int]  # (row key, cell index)
ColId = tuple[tuple[CellRef, ...], tuple[CellRef, ...]]  # sum(lhs) == sum(rhs)


@lru_cache(maxsize=65536)
def _value(s: str, amount: bool, signed: bool = True) -> int | float | None:
    if s.startswith("-") and not signed:
        return None
    if amount:
        if not _AMOUNT.match(s):
            return None
        return float(s) if "." in s else int(s)
    return int(s) if _COUNT.match(s) else None


@lru_cache(maxsize=16384)
def _cuts(s: str, k: int, col: int, amount_cols: frozenset[int], signed_cols: frozenset[int],
          limit: int = 20000) -> tuple[tuple[str, ...], ...]:
    """Ways to cut ``s`` into ``k`` valid cell texts, the first being cell ``col`` (cached: rows repeat).

    At most ``limit + 1`` are returned: more than ``limit`` means the list was cut short.  A long run
    (24 digits into 7 cells) has millions of cuts, and listing them all took minutes per row.
    """
    if k == 1:
        return ((s,),) if _value(s, col in amount_cols, col in signed_cols) is not None else ()
    out: list[tuple[str, ...]] = []
    for i in range(1, len(s) - k + 2):
        head = s[:i]
        if _value(head, col in amount_cols, col in signed_cols) is None:
            if head.startswith("-") and i == 1:
                continue  # the sign alone is no cell
            if head.startswith(("0", "-0")) and len(head.lstrip("-")) > 1:
                break  # a longer head keeps the leading zero: no later cut can be valid
            continue
        # a cut-short tail has more than ``limit`` entries, so this list goes over too and is cut short
        out.extend((head, *rest) for rest in _cuts(s[i:], k - 1, col + 1, amount_cols, signed_cols, limit))
        if len(out) > limit:
            return tuple(out[: limit + 1])
    return tuple(out)


@lru_cache(maxsize=4096)
def _cut_cells(s: str, k: int, col: int, amount_cols: frozenset[int], signed_cols: frozenset[int],
               limit: int) -> tuple[tuple[tuple[str, int, int, int | float | None], ...], ...]:
    """The first ``limit`` cuts of :func:`_cuts` as ``(text, offset, end offset, value)`` per cell.

    Cached like the cuts: the same digit run recurs across rows and reports, and the per-cell value
    and offset arithmetic was the bulk of building a row's Parts.
    """
    out: list[tuple[tuple[str, int, int, int | float | None], ...]] = []
    for texts in _cuts(s, k, col, amount_cols, signed_cols, limit)[:limit]:
        cells: list[tuple[str, int, int, int | float | None]] = []
        pos = 0
        for j, t in enumerate(texts):
            # counts are read signed here, as before: the sign rule was applied when cutting
            cells.append((t, pos, pos + len(t), _value(t, (col + j) in amount_cols)))
            pos += len(t)
        out.append(tuple(cells))
    return tuple(out)


def splits(pieces: Sequence[Piece], n: int, amount_cols: frozenset[int] = frozenset(),
           cap: int = 20000, signed_cols: frozenset[int] = frozenset()) -> tuple[list[Candidate], bool]:
    """Every split of ``pieces`` into ``n`` cells; ``(candidates, complete)`` (False when ``cap`` was hit).

    Only ``signed_cols`` may be negative (本年增/减); only ``amount_cols`` may hold a decimal point.
    """
    out: list[Candidate] = []
    cut_short = False
    # The cuts of piece i starting at cell col, as Parts: the search reaches the same (i, col) from many
    # prefixes, and building the Parts anew each time was most of its cost.  Parts are frozen: shared.
    cut_parts: dict[tuple[int, int], list[tuple[int, list[Part] | None]]] = {}
    # The most cells the pieces after piece i can fill (a digit run at most one per character, any other
    # piece exactly one): a cut of piece i into fewer cells than n - col - rest_max[i] can never reach n
    # cells, so its Parts are not built: it yields no candidate, and one ``None`` entry stands for all its
    # cuts; ``probe`` still walks what lies past it, since that walk can hit the cap (see rec).
    rest_max = [0] * len(pieces)
    for i in range(len(pieces) - 2, -1, -1):
        q = pieces[i + 1]
        rest_max[i] = rest_max[i + 1] + (len(q.text) if q.number and "," not in q.text else 1)

    def options(i: int, col: int) -> list[tuple[int, list[Part] | None]]:
        nonlocal cut_short
        found = cut_parts.get((i, col))
        if found is not None:
            return found
        p = pieces[i]
        left_after = len(pieces) - i - 1
        found: list[tuple[int, list[Part] | None]] = []
        for k in range(1, n - col - left_after + 1):
            cuts = _cuts(p.text, k, col, amount_cols, signed_cols, cap)
            if len(cuts) > cap:
                cut_short = True  # the cells below are the first ``cap`` cuts only
            if col + k + rest_max[i] < n:
                # a dead end: the rest of the row cannot fill the remaining cells
                if cuts:
                    found.append((k, None))
                continue
            base, unit, grid = p.start, p.unit, p.grid
            for cells in _cut_cells(p.text, k, col, amount_cols, signed_cols, cap):
                parts = [Part(t, base + a, base + b, v, None, grid) for t, a, b, v in cells]
                if unit is not None:
                    # only the last cell of a run carries the run's unit
                    t, a, b, v = cells[-1]
                    parts[-1] = Part(t, base + a, base + b, v, unit, grid)
                found.append((k, parts))
        cut_parts[(i, col)] = found
        return found

    probed: set[tuple[int, int]] = set()

    def probe(i: int, col: int) -> bool:
        """What ``rec`` did below a dead end: no candidate, but the cuts of the later pieces were
        counted (``cut_short``) and the cap was checked.  Nothing is appended in there, so each state
        needs one visit, and the answer is whether the cap is still free."""
        if len(out) >= cap:
            return False
        if (i, col) in probed or i == len(pieces):
            return True
        probed.add((i, col))
        p = pieces[i]
        if not p.number or "," in p.text:
            if col < n:
                probe(i + 1, col + 1)
            return True
        for k, _ in options(i, col):
            probe(i + 1, col + k)
        return True

    def rec(i: int, col: int, acc: list[Part]) -> bool:
        if len(out) >= cap:
            return False
        if i == len(pieces):
            if col == n:
                out.append(tuple(acc))
            return True
        p = pieces[i]
        if not p.number or "," in p.text:
            # a blank, or a number written with thousands separators: exactly one cell
            value = _value(p.text.replace(",", ""), col in amount_cols, col in signed_cols) if p.number else None
            part = Part(p.text, p.start, p.end, value, p.unit, p.grid)
            return rec(i + 1, col + 1, [*acc, part]) if col < n else True
        # stops at the cap
        return all(probe(i + 1, col + k) if parts is None else rec(i + 1, col + k, acc + parts)
                   for k, parts in options(i, col))

    complete = rec(0, 0, [])
    return out, complete and not cut_short


def _num(part: Part) -> float:
    return part.value if isinstance(part.value, int | float) else 0


def row_score(cand: Candidate, ids: Sequence[RowId]) -> int:
    return sum(1 for idx, tot in ids if sum(_num(cand[i]) for i in idx) == _num(cand[tot]))


def choose(cands: dict[Hashable, list[Candidate]], row_ids: dict[Hashable, Sequence[RowId]],
           col_ids: Sequence[ColId] = (), max_combinations: int = 50000) -> dict[Hashable, list[Candidate]]:
    """Keep, per row, the candidates of the assignments that satisfy the most identities.

    Rows are pruned by their own identities first (a row whose own total decides it is decided, even
    when a column identity then fails: that failure is the source's, and the checks report it); the
    rows still open are then tried jointly against the column identities.
    """
    kept: dict[Hashable, list[Candidate]] = {}
    for r, cs in cands.items():
        ids = row_ids.get(r, ())
        if len(cs) > 1 and ids:
            scores = [row_score(c, ids) for c in cs]
            top = max(scores)
            cs = [c for c, s in zip(cs, scores, strict=True) if s == top]
        kept[r] = cs
    open_rows = [r for r, cs in kept.items() if len(cs) > 1]
    if not open_rows or not col_ids:
        return kept
    if _product(kept, open_rows) > max_combinations:
        open_rows = _narrow(kept, col_ids, max_combinations)
        if not open_rows or _product(kept, open_rows) > max_combinations:
            return kept
    fixed = {r: cs[0] for r, cs in kept.items() if len(cs) == 1}
    relevant = [cid for cid in col_ids if any(ref[0] in open_rows for side in cid for ref in side)]
    best, best_sets = -1, []
    for combo in itertools.product(*(kept[r] for r in open_rows)):
        chosen = dict(fixed)
        chosen.update(zip(open_rows, combo, strict=True))
        score = 0
        for lhs, rhs in relevant:
            try:
                if sum(_num(chosen[r][c]) for r, c in lhs) == sum(_num(chosen[r][c]) for r, c in rhs):
                    score += 1
            except (KeyError, IndexError):
                continue
        if score > best:
            best, best_sets = score, [combo]
        elif score == best:
            best_sets.append(combo)
    for j, r in enumerate(open_rows):
        seen: list[Candidate] = []
        for combo in best_sets:
            if combo[j] not in seen:
                seen.append(combo[j])
        kept[r] = seen
    return kept


def _product(kept: dict[Hashable, list[Candidate]], rows: Sequence[Hashable]) -> int:
    total = 1
    for r in rows:
        total *= len(kept[r])
    return total


def _sat(chosen: dict[Hashable, Candidate], cid: ColId) -> bool:
    lhs, rhs = cid
    return sum(_num(chosen[r][c]) for r, c in lhs) == sum(_num(chosen[r][c]) for r, c in rhs)


def _narrow(kept: dict[Hashable, list[Candidate]], col_ids: Sequence[ColId], limit: int) -> list[Hashable]:
    """Too many combinations to try: settle first the open rows that identities pin against decided rows.

    For an open row, the identities whose other cells all lie in decided rows depend on that row alone;
    its candidates satisfying most of them are kept.  Repeat while rows get decided.  (A heuristic for
    the rare very open table; below ``limit`` combinations the exhaustive search runs instead.)
    """
    changed = True
    while changed:
        changed = False
        open_rows = [r for r, cs in kept.items() if len(cs) > 1]
        if _product(kept, open_rows) <= limit:
            return open_rows
        fixed = {r: cs[0] for r, cs in kept.items() if len(cs) == 1}
        for r in open_rows:
            local = [cid for cid in col_ids
                     if any(ref[0] == r for side in cid for ref in side)
                     and all(ref[0] == r or ref[0] in fixed for side in cid for ref in side)]
            if not local:
                continue
            scores = [sum(_sat({**fixed, r: c}, cid) for cid in local) for c in kept[r]]
            top = max(scores)
            narrowed = [c for c, sc in zip(kept[r], scores, strict=True) if sc == top]
            if len(narrowed) < len(kept[r]):
                kept[r] = narrowed
                changed = True
                if len(narrowed) == 1:
                    fixed[r] = narrowed[0]
    return [r for r, cs in kept.items() if len(cs) > 1]
