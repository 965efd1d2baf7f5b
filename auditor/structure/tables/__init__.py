"""Tables: source grids (or flattened text) → cells under the canonical keys of corpora/tables.json."""

from __future__ import annotations

from auditor.model import Report
from auditor.registry import stage


@stage("tables", requires=(), assigns=("cells", "findings"))
def extract_tables(report: Report) -> Report:
    """Find t2/t3/t4 and key every cell (work in progress: issue 3)."""
    return report
