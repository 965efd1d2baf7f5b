"""Outputs: JSON, tables for the terminal, HTML audits, XLSX rankings, dashboards."""

from auditor.render.json_out import report_json

__all__ = ["report_json"]
