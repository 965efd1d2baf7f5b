"""The pipeline as plain functions: ``parse`` a file into a Report, stage by stage.

The CLI, notebooks and the batch engine all call these.
"""

from __future__ import annotations

import gc
import importlib
import os
from collections.abc import Iterable

from auditor.ingest import load
from auditor.model import Report
from auditor.registry import STAGES, Stage

# Modules that register the stages, in pipeline order.
_STAGE_MODULES = {
    "structure": "auditor.structure",
    "tables": "auditor.structure.tables",
    "checks": "auditor.checks",
    "narrative": "auditor.narrative",
}
PARSE_STAGES = ("structure", "tables", "narrative")


def get_stage(name: str) -> Stage:
    if name not in STAGES:
        importlib.import_module(_STAGE_MODULES[name])
    return STAGES[name]


def run_stages(report: Report, names: Iterable[str], **context: object) -> Report:
    for name in names:
        st = get_stage(name)
        report = st.func(report, **{k: v for k, v in context.items() if k in st.requires})
    return report


def parse(path: str | os.PathLike[str], stages: Iterable[str] = PARSE_STAGES) -> Report:
    """Ingest one file and run the given stages (default: structure and tables)."""
    doc = load(path)
    report = Report(file=os.fspath(path), format=doc.format, text=doc.text, document=doc,
                    findings=doc.findings, meta=dict(doc.meta))
    return run_stages(report, stages)


def keep_loaded() -> None:
    """Take what is alive now (the models, lexicons and patterns the first report loaded) out of the garbage
    collector's sight, for a process that goes on to parse many files.

    They live as long as the process, yet every full collection walks them again: about 10 ms each on a
    loaded process, which lands on whichever report triggers it (10% of text parsing).
    """
    gc.collect()
    gc.freeze()
