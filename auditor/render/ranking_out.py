"""Write a ranking to .xlsx, .csv or .json, chosen by the output's suffix."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from auditor.errors import ConfigError
from auditor.store import queries
from auditor.store.db import COMPONENT_COLUMNS, Store

FORMATS = (".xlsx", ".csv", ".json")


def _cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is quoted (agency names come from the reports)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_ranking(store: Store, out: str | os.PathLike[str], by: str = "cohort") -> int:
    """Rank the store's reports within ``by`` groups and write them to ``out``; returns the row count."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(str(path), f"the ranking must be written to one of {list(FORMATS)}. Got {suffix!r} instead")
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = queries.ranking(store, by)
    if suffix == ".json":
        path.write_text(json.dumps(queries.ranking_json(rows), ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix == ".csv":
        cols = ["group", "rank", "of", "percentile", "agency", "year", "template", "level", "score", "coverage",
                *COMPONENT_COLUMNS, "findings", "published", "id", "file"]
        with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens Chinese CSV right
            w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            w.writerows({k: _cell(v) for k, v in r.items()} for r in rows)
    else:
        from auditor.render.xlsx import write_xlsx

        write_xlsx(path, rows, queries.findings(store), queries.pairs(store), queries.errors(store))
    return len(rows)
