"""Structure: sections, their items, section 五's problems and improvements, template and metadata.

Registers the ``structure`` stage.  :func:`problem_parts` gives the (start, end) of section 五's
problems and improvements parts, for stages that label sentences by part.  The ``tables`` stage lives in :mod:`auditor.structure.tables`
and registers itself; this module does not import it (importing the subpackage imports this one).
"""

from __future__ import annotations

import dataclasses

from auditor.model import Evidence, Finding, Report, Section
from auditor.registry import stage
from auditor.structure.items import problem_parts, section_items
from auditor.structure.metadata import extract_metadata
from auditor.structure.sections import missing_template_sections, segment
from auditor.structure.template import detect_template

__all__ = ["build_structure", "problem_parts"]


@stage("structure", assigns=("sections", "agency", "year", "published", "template", "findings"))
def build_structure(report: Report) -> Report:
    """Segment the report into sections and items; read its template, agency, year and date."""
    text = report.text
    sections, findings = segment(text)
    tables = tuple((t.start, t.end) for t in report.document.tables) if report.document is not None else ()
    # the constructor, not dataclasses.replace: replace introspects the fields on every call
    sections = tuple(Section(no=s.no, heading=s.heading, start=s.start, body_start=s.body_start, end=s.end,
                             key=s.key, items=section_items(text, s, tables)) for s in sections)
    doc_meta = report.document.meta if report.document is not None else report.meta
    body_end = sections[-1].end if sections else len(text)
    other = next((f for f in findings if f.code == "structure.multiple_reports"), None)
    # with several reports in one text, metadata and template come from the audited one's text alone
    own = text[: other.data["audited_end"]] if other is not None else text
    md = extract_metadata(own, doc_meta, body_end, sections[0].start if sections else None)
    template, scores = detect_template(own, sections, md.year)
    if template in ("2019", "2021") and sections:
        findings += _missing_roles(sections, template)
    findings += _missing_parts(sections)
    meta = dict(report.meta)
    meta["structure"] = {"sources": dict(md.sources), "template_scores": scores}
    if other is not None:  # the tables stage reads only the audited report's tables
        meta["structure"]["audited_end"] = other.data["audited_end"]
    return dataclasses.replace(
        report,
        sections=sections,
        agency=md.agency,
        year=md.year,
        published=md.published,
        template=template,
        findings=report.findings + findings + md.findings,
        meta=meta,
    )


def _missing_roles(sections: tuple[Section, ...], template: str) -> tuple[Finding, ...]:
    """The 2019/2021 templates mandate six sections: name the roles no heading carries."""
    missing = missing_template_sections(sections)
    if not missing:
        return ()
    return (Finding("structure.missing_section", "warning",
                    f"the {template} template's section(s) {missing} have no heading in this report",
                    evidence=tuple(Evidence(s.start, s.body_start, s.heading) for s in sections),
                    stage="structure", data={"missing_keys": missing}),)


def _missing_parts(sections: tuple[Section, ...]) -> tuple[Finding, ...]:
    """Section 五 should state problems and improvements: say which of them we could not find."""
    five = next((s for s in sections if s.key == "problems"), None)
    if five is None:
        return ()
    out = []
    for kind, what in (("problem", "problems"), ("improvement", "improvements")):
        if not any(i.kind == kind for i in five.items):
            out.append(Finding(f"structure.no_{what}", "info",
                               f"section {five.no} ({five.heading}) states no {what} that we could find",
                               evidence=(Evidence(five.start, five.end, five.heading),),
                               status="note", stage="structure"))
    return tuple(out)
