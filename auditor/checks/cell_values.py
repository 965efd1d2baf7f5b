"""Values a count cell cannot hold: negative numbers and fractions.

Which columns are signed (本年增/减) or amounts (金额) comes from the rule's config, so a new template
column is a config change, not a code change.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.model import Cell

from .registry import Context, Result, rule

_DEFAULTS = {"signed_columns": ["change"], "amount_columns": ["amount"]}


def _counts(ctx: Context) -> Iterator[Cell]:
    skip = set(ctx.config["amount_columns"])
    for c in ctx.report.cells.values():
        if c.path[0] in ("t2", "t3", "t4") and c.path[-1] not in skip and c.value is not None \
                and c.status != "ambiguous":
            yield c


@rule("cells.negative", family="cell_values", severity="error", defaults=_DEFAULTS)
def negative(ctx: Context) -> Iterator[Result]:
    """A count cell holds a negative number (only 本年增/减 may be negative)."""
    signed = set(ctx.config["signed_columns"])
    for c in _counts(ctx):
        if c.path[-1] in signed:
            continue
        if c.value is not None and c.value < 0:
            yield Result("fail", f"{c.key} is {c.value} (raw {c.raw!r}): a count cannot be negative", (c.key,),
                         {"value": c.value})
        else:
            yield Result("pass", c.key)
    amounts = set(ctx.config["amount_columns"])
    for c in ctx.report.cells.values():
        if c.path[-1] in amounts and c.value is not None and c.value < 0:
            yield Result("fail", f"{c.key} is {c.value} (raw {c.raw!r}): an amount cannot be negative", (c.key,),
                         {"value": c.value})


@rule("cells.non_integer", family="cell_values", severity="error", defaults=_DEFAULTS)
def non_integer(ctx: Context) -> Iterator[Result]:
    """A count cell holds a fraction (amount columns excepted)."""
    for c in _counts(ctx):
        if c.value is not None and not float(c.value).is_integer():
            yield Result("fail", f"{c.key} is {c.value} (raw {c.raw!r}): a count must be a whole number", (c.key,),
                         {"value": c.value})
        else:
            yield Result("pass", c.key)
