"""A standalone HTML audit of one report.

The report's text with each sentence highlighted by its label, every finding's evidence marked in place
with an anchor the finding links to, the tables with failing cells marked, and copied passages beside
their sources.  Reports are untrusted input: every piece of their text goes through ``html.escape``.
"""

from __future__ import annotations

import bisect
import itertools
import os
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from auditor.model import Finding, Report
from auditor.render.report_tables import tables_html
from auditor.score.weights import COMPONENTS

_CSS = """
body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1100px;line-height:1.6}
h1{font-size:1.35em}h2{font-size:1.1em;border-bottom:1px solid #ccc;margin-top:1.5em}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px}th{background:#eef2f6}
.text{white-space:pre-wrap;font-size:14px;border:1px solid #ddd;padding:10px;background:#fcfcfc}
.s-substantive{background:#d9f2d9}.s-boilerplate{background:#fde2c8}.s-template{background:#e4e4ee;color:#555}
.ev{outline:2px solid #d62728;outline-offset:0}.bad{background:#f8c4c4;font-weight:bold}.amb{background:#fff1a8}
.legend span{padding:1px 6px;margin-right:8px}.muted{color:#777}.copy{display:flex;gap:12px}
.copy div{flex:1;border:1px solid #ddd;padding:6px;background:#fafafa;white-space:pre-wrap}
.fail{color:#b00}.cv{color:#a60}
"""


def _segments(text: str, sentences: Sequence[Any], marks: Sequence[tuple[int, int, str]]) -> str:
    """The text as HTML: sentence spans classed by label, evidence spans outlined, anchors at their starts."""
    n = len(text)
    cuts = {0, n}
    for s in sentences:
        cuts.update((max(0, min(n, s.start)), max(0, min(n, s.end))))
    for a, b, _ in marks:
        cuts.update((max(0, min(n, a)), max(0, min(n, b))))
    bounds = sorted(cuts)
    sent = sorted((s.start, s.end, s.label) for s in sentences if s.label)
    starts = [s[0] for s in sent]
    anchors: dict[int, list[str]] = {}
    for a, _, anchor in marks:
        anchors.setdefault(max(0, min(n, a)), []).append(anchor)
    out = []
    for a, b in itertools.pairwise(bounds):
        for anchor in anchors.get(a, ()):
            out.append(f'<a id="{anchor}"></a>')
        i = bisect.bisect_right(starts, a) - 1
        classes = []
        if i >= 0 and sent[i][0] <= a < sent[i][1]:
            classes.append(f"s-{sent[i][2]}")
        if any(x <= a < y for x, y, _ in marks):
            classes.append("ev")
        chunk = escape(text[a:b])
        out.append(f'<span class="{" ".join(classes)}">{chunk}</span>' if classes else chunk)
    return "".join(out)


def _evidence_links(findex: int, f: Finding, marks: list[tuple[int, int, str]], text_len: int) -> str:
    links = []
    for k, ev in enumerate(f.evidence):
        label = escape((ev.text or "")[:60]) or f"{ev.start}-{ev.end}"
        if ev.file:
            links.append(f'<li class="muted">in {escape(ev.file)} @{ev.start}-{ev.end}: {label}</li>')
        elif ev.cell:
            links.append(f'<li><a href="#cell-{escape(ev.cell)}">cell {escape(ev.cell)}</a> {label}</li>')
        elif 0 <= ev.start < text_len and ev.end > ev.start:
            anchor = f"ev-{findex}-{k}"
            marks.append((ev.start, ev.end, anchor))
            links.append(f'<li><a href="#{anchor}">@{ev.start}-{ev.end}</a> {label}</li>')
        else:
            links.append(f"<li class=\"muted\">{label}</li>")
    return f"<ul>{''.join(links)}</ul>" if links else ""


def _score_table(score: Mapping[str, Any]) -> str:
    rows = ["<table><tr><th>component</th><th>points</th><th>max</th><th>status</th><th>why</th></tr>"]
    for name in COMPONENTS:
        c = (score.get("components") or {}).get(name) or {}
        pts = "n/a" if c.get("points") is None else f"{c['points']:.1f}"
        lost = "; ".join(f"−{d['points']:.1f} {d['code']}" for d in c.get("deductions", []))
        rows.append(f"<tr><td>{name}</td><td>{pts}</td><td>{c.get('max', 0):g}</td>"
                    f"<td>{escape(c.get('status', ''))}</td><td>{escape(c.get('reason') or lost)}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _copies(copies: Sequence[Mapping[str, Any]]) -> str:
    if not copies:
        return '<p class="muted">No copied passage found (or copy detection has not run on an archive).</p>'
    out = []
    for i, b in enumerate(copies):
        a, src = b["a"], b["b"]
        out.append(f'<h3 id="copy-{i}">{escape(b.get("kind", ""))} — overlap {float(b.get("overlap") or 0):.0%}'
                   f' — source {escape(str(src.get("file")))}</h3><div class="copy">'
                   f'<div><a href="#cp-{i}">this report @{a["start"]}-{a["end"]}</a>\n{escape(a.get("text", ""))}</div>'
                   f'<div>{escape(str(src.get("file")))} @{src["start"]}-{src["end"]}\n{escape(src.get("text", ""))}'
                   "</div></div>")
    return "".join(out)


def render_report_html(report: Report, copies: Sequence[Mapping[str, Any]] = ()) -> str:
    score = report.measures.get("score") or {}
    marks: list[tuple[int, int, str]] = []
    for i, b in enumerate(copies):
        marks.append((b["a"]["start"], b["a"]["end"], f"cp-{i}"))
    findings_html = []
    bad_cells: set[str] = set()
    owed: dict[tuple[str, str], list[float]] = {}  # points other stages' findings cost, in order
    for d in score.get("deductions", []):
        if d.get("stage") != "score":
            owed.setdefault((d["code"], d["message"]), []).append(float(d["points"]))
    for i, f in enumerate(report.findings):
        if f.status == "fail":
            bad_cells.update(ev.cell for ev in f.evidence if ev.cell)
        queue = owed.get((f.code, f.message))
        pts = (f.data or {}).get("points") if f.stage == "score" else (queue.pop(0) if queue else None)
        cls = "fail" if f.status == "fail" else "cv" if f.status == "cannot_verify" else "muted"
        findings_html.append(
            f'<li id="f-{i}"><b class="{cls}">{escape(f.code)}</b> [{escape(f.status)}, {escape(f.severity)}]'
            f"{f' <b>−{pts:.1f} points</b>' if pts else ''}: {escape(f.message)}"
            f"{_evidence_links(i, f, marks, len(report.text))}</li>")
    total = score.get("total")
    head = (f"<h1>{escape(report.agency or '?')} — {report.year or '?'} annual report audit</h1>"
            f"<p>file <code>{escape(report.file)}</code> · format {escape(report.format)} · template "
            f"{escape(report.template)} · level {escape(str(score.get('level', '?')))} · published "
            f"{escape(report.published or 'unknown')}</p>"
            f"<p><b>score {'n/a' if total is None else f'{total:.1f}'} / 100</b> (verified components cover "
            f"{100 * float(score.get('coverage') or 0):.0f}% of the points)</p>")
    legend = ('<p class="legend"><span class="s-substantive">substantive</span><span class="s-boilerplate">'
              'boilerplate</span><span class="s-template">template</span><span class="ev">evidence of a finding'
              '</span></p>')
    body = _segments(report.text, report.sentences, marks)
    return (f"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{escape(report.agency or 'report')}"
            f" audit</title><style>{_CSS}</style></head><body>{head}<h2>Score</h2>{_score_table(score)}"
            f"<h2>Findings ({len(report.findings)})</h2><ol>{''.join(findings_html)}</ol>"
            f"<h2>Tables</h2>{tables_html(report, bad_cells)}<h2>Copied passages</h2>{_copies(copies)}"
            f"<h2>Text</h2>{legend}<div class=\"text\">{body}</div></body></html>")


def write_report_html(report: Report, copies: Sequence[Mapping[str, Any]], path: str | os.PathLike[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(render_report_html(report, copies))


def copies_of(report: Report) -> list[Mapping[str, Any]]:
    reuse = report.measures.get("reuse") or {}
    return list(reuse.get("blocks", [])) if isinstance(reuse, Mapping) else []


def report_from_store(db: str, report_id: int) -> tuple[Report, list[Mapping[str, Any]]]:
    from auditor.store import open_store

    with open_store(db) as store:
        report = store.report(report_id)
    return report, copies_of(report)


def audit_single_file(path: str) -> tuple[Report, list[Mapping[str, Any]]]:
    """Audit one file without a store: every per-file stage, then the score (originality cannot verify)."""
    from auditor.pipeline import parse
    from auditor.score import score_report, with_score
    from auditor.store.worker import audit_report, available_stages

    report = audit_report(parse(path, stages=()), available_stages())
    return with_score(report, score_report(report)), []


__all__ = ["audit_single_file", "render_report_html", "report_from_store", "write_report_html"]
