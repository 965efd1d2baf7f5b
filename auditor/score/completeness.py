"""Completeness: the template's sections and tables are there, their cells filled, the mandated statements made."""

from __future__ import annotations

import re
from collections.abc import Collection

from auditor.model import Evidence, Finding, Report
from auditor.resources import table_spec
from auditor.score.records import ComponentScore, cannot_verify, scored
from auditor.score.weights import ScoringConfig

NAME = "completeness"
_TABLE_SECTION = {"t2": "proactive", "t3": "requests", "t4": "review"}
# A statistics period written out as dates ("2020年1月1日至2020年12月31日") counts as the statement too.
_PERIOD_DATES = re.compile(r"1\s*月\s*1\s*日.{0,12}?12\s*月\s*31\s*日")


def finding(code: str, message: str, evidence: tuple[Evidence, ...] = (), severity: str = "warning",
            status: str = "fail", **data: object) -> Finding:
    return Finding(code=code, severity=severity, message=message, evidence=evidence,  # type: ignore[arg-type]
                   status=status, stage="score", data=dict(data))  # type: ignore[arg-type]


def _spec_keys(template: str) -> tuple[set[str], set[str]]:
    """(required t3/t4 cell keys, the total cells among them) of a 2019/2021 template."""
    spec = table_spec()["templates"]["2021"]
    cols = list(spec["t3"]["columns"])
    rows = list(spec["t3"]["rows"])
    if template == "2019":
        rows = [r for r in rows if not r.startswith("other.")] + ["other"]
    keys = {f"t3.{r}.{c}" for r in rows for c in cols}
    totals = {f"t3.{r}.total" for r in rows} | {f"t3.total_processed.{c}" for c in cols}
    for g in spec["t4"]["groups"]:
        for c in spec["t4"]["columns"]:
            keys.add(f"t4.{g}.{c}")
        totals.add(f"t4.{g}.total")
    return keys, totals


def _absence(report: Report, key: str) -> tuple[Evidence, ...]:
    """Evidence for something missing: the place it should be (the neighbouring sections), or nothing."""
    sec = report.section(key)
    if sec is not None:
        return (Evidence(sec.start, sec.end, report.text[sec.start:min(sec.end, sec.start + 60)]),)
    if report.sections:
        heads = "；".join(s.heading for s in report.sections)
        return (Evidence(report.sections[0].start, report.sections[-1].end, heads[:200]),)
    return ()


def _missing_cells(report: Report, template: str) -> tuple[list[str], int]:
    keys, totals = _spec_keys(template)
    cells = report.cells
    if template == "2021" and any(k.startswith("t3.other.") and k.count(".") == 2 and
                                  k.split(".")[2] in ("total",) for k in cells):
        # the Hongze quirk: a 2021 report whose t3 keeps the single 2019 （六） row
        keys = {k for k in keys if not k.startswith("t3.other.")} | {
            f"t3.other.{c}" for c in table_spec()["templates"]["2021"]["t3"]["columns"]}
    missing = []
    for k in sorted(keys):
        table = k.split(".", 1)[0]
        if not any(c.startswith(table + ".") for c in cells):
            continue  # the whole table is missing: counted once as a missing table
        cell = cells.get(k)
        if cell is None or (k in totals and cell.value is None and cell.status != "ambiguous"):
            missing.append(k)
    return missing, len(keys)


def completeness(report: Report, cfg: ScoringConfig, ran: Collection[str],
                 external: list[Finding]) -> ComponentScore:
    weight = cfg.weights[NAME]
    if "structure" not in ran:
        return cannot_verify(NAME, weight, "the structure stage is not available")
    losses: list[tuple[float, Finding]] = []
    template = report.template
    legacy = template == "legacy"
    required = cfg.p(NAME, "required_sections_legacy" if legacy else "required_sections")
    present = {s.key for s in report.sections}
    for key in required:
        if key not in present:
            losses.append((cfg.p(NAME, "per_missing_section"), finding(
                "completeness.section_missing", f"section '{key}' of the template is missing",
                _absence(report, key), "error", section=key)))
    n_missing_cells = 0
    if "tables" in ran and not legacy:
        for table, sec_key in _TABLE_SECTION.items():
            if not any(k.startswith(table + ".") for k in report.cells):
                losses.append((cfg.p(NAME, "per_missing_table"), finding(
                    "completeness.table_missing", f"table {table} ({sec_key}) has no cell",
                    _absence(report, sec_key), "error", table=table)))
        missing, expected = _missing_cells(report, template) if "checks" not in ran else ([], 0)
        n_missing_cells = len(missing)
        if missing:  # only when the checks stage, which reports blank cells itself, did not run
            share = cfg.p(NAME, "cells_missing_max") * min(1.0, len(missing) / max(1, expected) * 4)
            ev = tuple(Evidence(c.start, c.end, c.raw, cell=k) for k in missing[:20]
                       if (c := report.cells.get(k)) is not None and c.start >= 0)
            losses.append((share, finding(
                "completeness.cells_missing",
                f"{len(missing)} required cell(s) missing or blank totals: {', '.join(missing[:6])}"
                + ("…" if len(missing) > 6 else ""), ev or _absence(report, "requests"), cells=missing)))
    text = report.text
    if not any(c in text for c in cfg.p(NAME, "period_cues")) and not _PERIOD_DATES.search(text):
        losses.append((cfg.p(NAME, "missing_period"), finding(
            "completeness.period_missing", "no statement of the statistics period (统计期限)",
            _absence(report, "overview"))))
    if "checks" not in ran and (template == "2021" or (report.year or 0) >= 2021):  # else checks' fees.statement
        other = report.section("other")
        body = report.section_text(other) if other is not None else ""
        if other is not None and not any(c in body for c in cfg.p(NAME, "fee_cues")):
            losses.append((cfg.p(NAME, "missing_fee_statement"), finding(
                "completeness.fee_statement_missing",
                "section 六 does not state the information-processing fees (信息处理费) charged",
                _absence(report, "other"))))
    for f in external:
        if f.status == "fail":
            losses.append((cfg.p(NAME, "per_external_error" if f.severity == "error" else "per_external_warning"), f))
    return scored(NAME, weight, losses, missing_cells=n_missing_cells, sections=sorted(present))
