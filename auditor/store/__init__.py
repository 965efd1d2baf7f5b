"""The embedded store of an audited archive (SQLite) and the batch engine that fills it."""

from auditor.store.batch import AuditSummary, audit_paths, open_store
from auditor.store.db import Store

__all__ = ["AuditSummary", "Store", "audit_paths", "open_store"]
