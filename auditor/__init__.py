"""auditor: audits China's annual reports on government information disclosure."""

from auditor.errors import AuditError
from auditor.model import Cell, Document, Evidence, Finding, Item, Report, Section, Sentence, Table
from auditor.pipeline import parse

__version__ = "0.1.0"
__all__ = ["AuditError", "Cell", "Document", "Evidence", "Finding", "Item", "Report", "Section", "Sentence",
           "Table", "__version__", "parse"]
