"""The archive at a glance: one offline HTML page with inline SVG charts.

Score distributions per cohort, mean component scores, the ranking, the most common findings, and copy
clusters (reports joined by copy-paste blocks).  All text from the reports is escaped.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter, defaultdict
from html import escape
from typing import Any

from auditor.render.svg import hbars, histogram
from auditor.score.weights import scoring_config
from auditor.store import queries
from auditor.store.db import COMPONENT_COLUMNS, Store

_CSS = """
body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1200px}
h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #ccc;margin-top:1.6em}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}
th{background:#eef2f6}.num{text-align:right}.grid{display:flex;flex-wrap:wrap;gap:14px}
.muted{color:#777}.card{display:inline-block;padding:8px 14px;margin-right:10px;background:#f4f6f8;border-radius:6px}
"""


def _clusters(pairs: list[dict[str, Any]]) -> list[list[str]]:
    """Connected groups of files joined by copy blocks (union-find), largest first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p["kind"] == "cross_agency":
            parent[find(p["file"])] = find(p["source"])
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))


def _fmt(v: Any) -> str:
    if v is None:
        return '<span class="muted">n/a</span>'
    if isinstance(v, float):
        return f"{v:.1f}"
    return escape(str(v))


def render_dashboard(store: Store, max_rows: int = 500) -> str:
    ranking = queries.ranking(store, "cohort")
    findings = queries.findings(store)
    pairs = queries.pairs(store)
    errors = queries.errors(store)
    cfg = scoring_config()
    scored = [r for r in ranking if r["score"] is not None]
    out = [f"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>Audit dashboard</title>"
           f"<style>{_CSS}</style></head><body><h1>Audit dashboard</h1>"]
    mean = statistics.fmean(r["score"] for r in scored) if scored else 0.0
    out.append(f'<p><span class="card">{len(ranking)} reports</span><span class="card">{len(scored)} scored, '
               f'mean {mean:.1f}</span><span class="card">{len(findings)} failing findings</span>'
               f'<span class="card">{len(pairs)} copy blocks</span><span class="card">{len(errors)} failed files'
               f'</span></p>')
    # score distributions per cohort
    by_cohort: dict[str, list[float]] = defaultdict(list)
    for r in scored:
        by_cohort[r["group"]].append(r["score"])
    out.append("<h2>Score distribution per cohort (year / template / level)</h2><div class=\"grid\">")
    for key in sorted(by_cohort):
        vals = by_cohort[key]
        out.append(histogram(vals, title=f"{key}  n={len(vals)} median={statistics.median(vals):.1f}"))
    out.append("</div>")
    # component means
    comp_means = []
    for c in COMPONENT_COLUMNS:
        vals = [r[c] for r in scored if r[c] is not None]
        comp_means.append(100 * statistics.fmean(vals) / cfg.weights[c] if vals and cfg.weights[c] else 0.0)
    out.append("<h2>Components: mean share of their points kept (verified reports only)</h2>")
    out.append(hbars(list(COMPONENT_COLUMNS), comp_means, maximum=100, fmt="{:.0f}%"))
    # most common findings
    counts = Counter(f["code"] for f in findings)
    top = counts.most_common(15)
    out.append("<h2>Most common findings</h2>")
    if top:
        out.append(hbars([c for c, _ in top], [n for _, n in top], color="#e15759"))
    else:
        out.append('<p class="muted">No failing finding.</p>')
    # copy clusters
    clusters = _clusters(pairs)
    agency = {r["file"]: r["agency"] for r in ranking}
    out.append(f"<h2>Copy clusters ({len(clusters)})</h2>")
    if clusters:
        out.append(hbars([f"cluster {i + 1}" for i in range(min(15, len(clusters)))],
                         [len(g) for g in clusters[:15]], color="#f28e2b"))
        out.append("<table><tr><th>cluster</th><th>reports</th><th>agencies and files</th></tr>")
        for i, g in enumerate(clusters[:50]):
            members = "<br>".join(f"{escape(agency.get(f) or '?')} — <span class=\"muted\">{escape(f)}</span>"
                                  for f in g[:20])
            out.append(f"<tr><td>{i + 1}</td><td class=\"num\">{len(g)}</td><td>{members}</td></tr>")
        out.append("</table>")
    else:
        out.append('<p class="muted">No copy between agencies found (or copy detection did not run).</p>')
    # ranking
    out.append(f"<h2>Ranking within cohorts{' (first ' + str(max_rows) + ')' if len(ranking) > max_rows else ''}</h2>")
    head = ["cohort", "rank", "agency", "year", "score", *COMPONENT_COLUMNS, "findings", "file"]
    out.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>")
    for r in ranking[:max_rows]:
        cells = [r["group"], f"{r['rank'] or '–'}/{r['of']}", r["agency"], r["year"], r["score"],
                 *(r[c] for c in COMPONENT_COLUMNS), r["findings"], r["file"]]
        out.append("<tr>" + "".join(f"<td{' class=num' if isinstance(v, int | float) else ''}>{_fmt(v)}</td>"
                                    for v in cells) + "</tr>")
    out.append("</table>")
    if errors:
        out.append("<h2>Files that could not be audited</h2><table><tr><th>file</th><th>error</th></tr>")
        out.extend(f"<tr><td>{escape(e['file'])}</td><td>{escape(e['error'] or '')}</td></tr>" for e in errors)
        out.append("</table>")
    out.append("</body></html>")
    return "".join(out)


def write_dashboard(store: Store, path: str | os.PathLike[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(render_dashboard(store))
