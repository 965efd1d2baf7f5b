"""Copy-paste detection: passages copied across agencies, and an agency repeating its earlier years."""

from auditor.reuse.find import ReuseIndex, find_reuse
from auditor.reuse.records import ReportReuse, ReuseBlock, ReuseResult, Span
from auditor.reuse.settings import ReuseSettings

__all__ = ["ReportReuse", "ReuseBlock", "ReuseIndex", "ReuseResult", "ReuseSettings", "Span", "find_reuse"]
