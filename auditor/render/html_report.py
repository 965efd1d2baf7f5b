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

FONT_STACK = ('"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","Hiragino Sans GB",'
              '"WenQuanYi Zen Hei",sans-serif')

_CSS = """
body{font-family:__FONT__;margin:1.5em auto;padding:0 1em;color:#222;max-width:1100px;line-height:1.6}
h1{font-size:1.35em}h2{font-size:1.1em;border-bottom:1px solid #ccc;margin-top:1.5em}h3{font-size:1em}
nav{font-size:13px}nav a{margin-right:10px}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px}th{background:#eef2f6}
th.row{text-align:left;font-weight:normal;background:#f6f8fa}td{text-align:right}.score td{text-align:left}
.scroll{overflow-x:auto;max-width:100%}
.text{white-space:pre-wrap;font-size:14px;border:1px solid #ddd;padding:10px;background:#fcfcfc}
.s-substantive{background:#d9f2d9}.s-boilerplate{background:#fde2c8}.s-template{background:#e4e4ee;color:#555}
.ev{outline:2px solid #d62728;outline-offset:0}.cp{text-decoration:underline wavy #1f77b4}
.bad{background:#f8c4c4;font-weight:bold}.amb{background:#fff1a8}
a.back{font-size:10px;vertical-align:super;color:#d62728;text-decoration:none;padding:0 1px}
.legend{font-size:13px}.legend span{padding:1px 6px;margin-right:8px;display:inline-block}
.sticky{position:sticky;top:0;background:#fff;border-bottom:1px solid #eee;padding:4px 0;margin:0;z-index:1}
.muted{color:#777}.copy{display:flex;gap:12px}
.copy div{flex:1;border:1px solid #ddd;padding:6px;background:#fafafa;white-space:pre-wrap;min-width:0}
.copy b{display:block;font-size:12px}
.fail{color:#b00}.cv{color:#a60}ul.ev-list{margin:2px 0}ul.cells{padding-left:20px}
ul.cells li{display:inline-block;margin-right:10px;font-size:12px}
@media print{body{max-width:none;margin:0;font-size:11pt}nav,.sticky{position:static}a{color:inherit}
 .copy{display:block}.copy div{margin-bottom:4px}tr,li,.copy{break-inside:avoid}h2,h3{break-after:avoid}
 .s-substantive,.s-boilerplate,.s-template,.bad,.amb,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
""".replace("__FONT__", FONT_STACK)


# a mark in the text: (start, end, anchor id, the element it refers back to, css class)
Mark = tuple[int, int, str, str, str]
_MAX_EVIDENCE = 10  # evidence items shown before the rest fold into a <details>


def _segments(text: str, sentences: Sequence[Any], marks: Sequence[Mark]) -> str:
    """The text as HTML: sentence spans classed by label, evidence spans outlined, anchors at their starts.

    Each anchor is a small visible back-link (``[3]`` → finding 3, ``[c1]`` → copied passage 1), so a reader
    in the text can reach the finding its outlined span is evidence of.
    """
    n = len(text)
    cuts = {0, n}
    for s in sentences:
        cuts.update((max(0, min(n, s.start)), max(0, min(n, s.end))))
    for a, b, *_ in marks:
        cuts.update((max(0, min(n, a)), max(0, min(n, b))))
    bounds = sorted(cuts)
    sent = sorted((s.start, s.end, s.label) for s in sentences if s.label)
    starts = [s[0] for s in sent]
    anchors: dict[int, list[tuple[str, str]]] = {}
    for a, _, anchor, target, _ in marks:
        anchors.setdefault(max(0, min(n, a)), []).append((anchor, target))
    out = []
    for a, b in itertools.pairwise(bounds):
        for anchor, target in anchors.get(a, ()):
            label = f"c{int(target[5:]) + 1}" if target.startswith("copy-") else str(int(target[2:]) + 1)
            out.append(f'<a id="{anchor}" class="back" href="#{target}" title="back to {label}">[{label}]</a>')
        i = bisect.bisect_right(starts, a) - 1
        classes = []
        if i >= 0 and sent[i][0] <= a < sent[i][1]:
            classes.append(f"s-{sent[i][2]}")
        for cls in sorted({c for x, y, _, _, c in marks if x <= a < y}):
            classes.append(cls)
        chunk = escape(text[a:b])
        out.append(f'<span class="{" ".join(classes)}">{chunk}</span>' if classes else chunk)
    return "".join(out)


def _evidence_links(findex: int, f: Finding, marks: list[Mark], report: Report) -> str:
    text_len = len(report.text)
    spans: list[str] = []
    cells: list[str] = []
    for k, ev in enumerate(f.evidence):
        label = escape((ev.text or "")[:60])
        if ev.file:
            spans.append(f'<li class="muted">in {escape(ev.file)} @{ev.start}-{ev.end}: {label}</li>')
        elif ev.cell:
            cell = report.cells.get(ev.cell)
            value = label or escape("" if cell is None else str(cell.raw or cell.value or ""))
            cells.append(f'<li><a href="#cell-{escape(ev.cell)}">{escape(ev.cell)}</a>'
                         f"{' = ' + value if value else ''}</li>")
        elif 0 <= ev.start < text_len and ev.end > ev.start:
            anchor = f"ev-{findex}-{k}"
            marks.append((ev.start, ev.end, anchor, f"f-{findex}", "ev"))
            spans.append(f'<li><a href="#{anchor}">in the text</a> {label or escape(report.text[ev.start:ev.end][:60])}'
                         "</li>")
        else:
            spans.append(f'<li class="muted">{label or "(no location)"}</li>')
    parts = []
    for items, cls in ((spans, "ev-list"), (cells, "ev-list cells")):
        if not items:
            continue
        head, rest = items[:_MAX_EVIDENCE], items[_MAX_EVIDENCE:]
        parts.append(f'<ul class="{cls}">{"".join(head)}</ul>')
        if rest:
            parts.append(f'<details><summary>{len(rest)} more</summary><ul class="{cls}">{"".join(rest)}</ul></details>')
    return "".join(parts)


def _score_table(score: Mapping[str, Any], finding_of: Mapping[tuple[str, str], str]) -> str:
    rows = ['<table class="score"><tr><th>component</th><th>points</th><th>max</th><th>status</th>'
            "<th>points lost, and why</th></tr>"]
    for name in COMPONENTS:
        c = (score.get("components") or {}).get(name) or {}
        pts = "n/a" if c.get("points") is None else f"{c['points']:.1f}"
        lost = []
        for d in c.get("deductions", []):
            target = finding_of.get((d["code"], d.get("message", "")))
            code = escape(d["code"])
            lost.append(f"−{d['points']:.1f} " + (f'<a href="#{target}">{code}</a>' if target else code))
        why = escape(c["reason"]) if c.get("reason") else "; ".join(lost)
        rows.append(f"<tr><td>{name}</td><td>{pts}</td><td>{c.get('max', 0):g}</td>"
                    f"<td>{escape(c.get('status', ''))}</td><td>{why}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _copies(copies: Sequence[Mapping[str, Any]]) -> str:
    if not copies:
        return '<p class="muted">No copied passage found (or copy detection has not run on an archive).</p>'
    out = []
    for i, b in enumerate(copies):
        a, src = b["a"], b["b"]
        kind = {"cross_agency": "copied from another agency", "self_repeat": "repeated from an earlier year"}.get(
            str(b.get("kind", "")), str(b.get("kind", "")))
        out.append(f'<h3 id="copy-{i}">[c{i + 1}] {escape(kind)} — overlap {float(b.get("overlap") or 0):.0%}</h3>'
                   f'<div class="copy"><div><b><a href="#cp-{i}">this report</a> @{a["start"]}-{a["end"]}</b>'
                   f'{escape(a.get("text", ""))}</div><div><b>source: {escape(str(src.get("file")))}'
                   f' @{src["start"]}-{src["end"]}</b>{escape(src.get("text", ""))}</div></div>')
    return "".join(out)


LEGEND = ('<p class="legend sticky"><b>sentences:</b> <span class="s-substantive">substantive</span>'
          '<span class="s-boilerplate">boilerplate</span><span class="s-template">template wording</span>'
          '<span>unlabelled</span> <b>marks:</b> <span class="ev">evidence of a finding</span>'
          '<span class="cp">copied passage</span><span><a class="back">[3]</a> back to finding 3 '
          '/ copied passage c1</span></p>')


def render_report_html(report: Report, copies: Sequence[Mapping[str, Any]] = ()) -> str:
    score = report.measures.get("score") or {}
    marks: list[Mark] = []
    for i, b in enumerate(copies):
        marks.append((b["a"]["start"], b["a"]["end"], f"cp-{i}", f"copy-{i}", "cp"))
    findings_html = []
    bad_cells: dict[str, list[tuple[str, str]]] = {}
    finding_of: dict[tuple[str, str], str] = {}
    owed: dict[tuple[str, str], list[float]] = {}  # points other stages' findings cost, in order
    for d in score.get("deductions", []):
        if d.get("stage") != "score":
            owed.setdefault((d["code"], d["message"]), []).append(float(d["points"]))
    for i, f in enumerate(report.findings):
        finding_of.setdefault((f.code, f.message), f"f-{i}")
        if f.status == "fail":
            for ev in f.evidence:
                if ev.cell:
                    bad_cells.setdefault(ev.cell, []).append((f"f-{i}", f.code))
        queue = owed.get((f.code, f.message))
        pts = (f.data or {}).get("points") if f.stage == "score" else (queue.pop(0) if queue else None)
        cls = "fail" if f.status == "fail" else "cv" if f.status == "cannot_verify" else "muted"
        findings_html.append(
            f'<li id="f-{i}"><b class="{cls}">{escape(f.code)}</b> [{escape(f.status)}, {escape(f.severity)}]'
            f"{f' <b>−{pts:.1f} points</b>' if pts else ''}: {escape(f.message)}"
            f"{_evidence_links(i, f, marks, report)}</li>")
    total = score.get("total")
    head = (f"<h1>{escape(report.agency or '?')} — {report.year or '?'} annual report audit</h1>"
            f"<p>file <code>{escape(report.file)}</code> · format {escape(report.format)} · template "
            f"{escape(report.template)} · level {escape(str(score.get('level', '?')))} · published "
            f"{escape(report.published or 'unknown')}</p>"
            f"<p><b>score {'n/a' if total is None else f'{total:.1f}'} / 100</b> (verified components cover "
            f"{100 * float(score.get('coverage') or 0):.0f}% of the points)</p>"
            '<nav><a href="#score">Score</a><a href="#findings">Findings</a><a href="#tables">Tables</a>'
            '<a href="#copies">Copied passages</a><a href="#text">Text</a></nav>')
    n_fail = sum(1 for f in report.findings if f.status == "fail")
    body = _segments(report.text, report.sentences, marks)
    return (f"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(report.agency or 'report')} audit</title><style>{_CSS}</style></head><body>{head}"
            f"<a id=\"score\"></a><h2>Score</h2>{_score_table(score, finding_of)}"
            f"<a id=\"findings\"></a><h2>Findings ({len(report.findings)}, {n_fail} failing)</h2>"
            '<p class="legend"><b class="fail">failing</b> <b class="cv">cannot verify</b> '
            '<b class="muted">note</b> · “in the text” jumps to the outlined evidence, a cell name to the table</p>'
            f"<ol>{''.join(findings_html)}</ol>"
            f"<a id=\"tables\"></a><h2>Tables</h2>{tables_html(report, bad_cells)}"
            f"<a id=\"copies\"></a><h2>Copied passages ({len(copies)})</h2>{_copies(copies)}"
            f"<a id=\"text\"></a><h2>Text</h2>{LEGEND}<div class=\"text\">{body}</div></body></html>")


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
