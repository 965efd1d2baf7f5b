"""Reports for copy detection from files: the full parse when its stages are installed, else ingestion.

The structure stage assigns sections, agency and year; where it is not installed (or not registered) the
passages fall back to the whole text minus tables (:mod:`auditor.reuse.passages`).
"""

from __future__ import annotations

import os

from auditor.model import Report
from auditor.pipeline import parse


def parse_for_reuse(path: str | os.PathLike[str]) -> Report:
    try:
        return parse(path)
    except (KeyError, ImportError):  # a parse stage that is not registered yet
        return parse(path, stages=())
