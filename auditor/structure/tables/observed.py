"""What a source (grid or flattened text) shows of a table before keys are assigned."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.structure.tables.fused import Piece


@dataclass(slots=True)
class RowObs:
    """One row as found: its label text (all label cells / label text joined) and its value tokens.

    ``aligned`` rows (from grids) hold exactly one piece per column of the table, in column order; text
    rows hold the tokens in reading order, possibly fewer (digits run together) or more (stray '|').
    """

    label: str
    start: int
    end: int
    pieces: list[Piece]
    aligned: bool = False


@dataclass(slots=True)
class TableObs:
    kind: str  # t2 | t3 | t4
    block: str | None  # t2 block key
    columns: list[str]  # column keys in value order (t4: "group/col")
    rows: list[RowObs]
    start: int
    end: int
    headers: dict[str, str] = field(default_factory=dict)  # column key → header text (units)
    template: str | None = None  # t2: the template the column labels belong to
