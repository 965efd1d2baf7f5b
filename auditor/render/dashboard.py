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

from auditor.render.svg import hbars, histogram, strip_plot
from auditor.score.weights import scoring_config
from auditor.store import queries
from auditor.store.db import COMPONENT_COLUMNS, Store

_FONT_STACK = ('"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","Hiragino Sans GB",'
               '"WenQuanYi Zen Hei",sans-serif')
_CSS = """
body{font-family:__FONT__;margin:1.5em auto;padding:0 1em;color:#222;max-width:1200px}
h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #ccc;margin-top:1.6em}
nav{font-size:13px}nav a{margin-right:10px}p.note{font-size:13px;color:#555;margin:4px 0 8px}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}
th{background:#eef2f6;position:sticky;top:0}.num{text-align:right}.grid{display:flex;flex-wrap:wrap;gap:14px}
.scroll{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}
.muted{color:#777}.card{display:inline-block;padding:8px 14px;margin:0 10px 6px 0;background:#f4f6f8;border-radius:6px}
td.s{font-weight:bold;text-align:right}.s0{background:#f8c4c4}.s1{background:#fde2c8}.s2{background:#fff1a8}
.s3{background:#d9f2d9}.s4{background:#b7e4b7}
td.nw{white-space:nowrap}.legend span{padding:1px 6px;margin-right:6px;display:inline-block}
@media print{body{max-width:none;margin:0}th{position:static}tr{break-inside:avoid}h2{break-after:avoid}
 .s0,.s1,.s2,.s3,.s4,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
""".replace("__FONT__", _FONT_STACK)
_BANDS = ((50, "s0"), (60, "s1"), (70, "s2"), (85, "s3"), (101, "s4"))
_SCORE_LEGEND = ('<p class="legend note">score colour: <span class="s0">&lt; 50</span><span class="s1">50–59</span>'
                 '<span class="s2">60–69</span><span class="s3">70–84</span><span class="s4">85–100</span> · '
                 '<span class="muted">n/a</span> = cannot verify (left out of the score; see coverage)</p>')


def _band(score: float) -> str:
    return next(cls for limit, cls in _BANDS if score < limit)


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
    out = [f"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
           f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Audit dashboard</title>"
           f"<style>{_CSS}</style></head><body><h1>Audit dashboard — 政府信息公开工作年度报告</h1>"]
    mean = statistics.fmean(r["score"] for r in scored) if scored else 0.0
    out.append(f'<p><span class="card">{len(ranking)} reports</span><span class="card">{len(scored)} scored, '
               f'mean {mean:.1f} / 100</span><span class="card">{len(findings)} failing findings</span>'
               f'<span class="card">{len(pairs)} copy blocks</span><span class="card">{len(errors)} failed files'
               f'</span></p>')
    out.append('<nav><a href="#dist">Score distribution</a><a href="#components">Components</a>'
               '<a href="#findings">Most common findings</a><a href="#copies">Copy clusters</a>'
               '<a href="#ranking">Ranking</a>' + ('<a href="#failed">Failed files</a>' if errors else "") + "</nav>")
    # score distributions per cohort: one shared axis, one row per cohort
    by_cohort: dict[str, list[float]] = defaultdict(list)
    for r in scored:
        by_cohort[r["group"]].append(r["score"])
    out.append('<h2 id="dist">Score distribution per cohort (year / template / level)</h2>'
               '<p class="note">Each dot is one report; the black tick is the cohort median. Reports are ranked only '
               'against their own cohort, since templates and levels differ.</p>')
    if by_cohort:
        out.append('<div class="scroll">' + strip_plot([(k, by_cohort[k]) for k in sorted(by_cohort)]) + "</div>")
        out.append(histogram([r["score"] for r in scored], title=f"All scored reports (n={len(scored)})"))
    else:
        out.append('<p class="muted">No scored report.</p>')
    # component means
    comp_means = []
    for c in COMPONENT_COLUMNS:
        vals = [r[c] for r in scored if r[c] is not None]
        comp_means.append(100 * statistics.fmean(vals) / cfg.weights[c] if vals and cfg.weights[c] else 0.0)
    out.append('<h2 id="components">Components: mean share of their points kept (verified reports only)</h2>')
    out.append(hbars([f"{c} (max {cfg.weights[c]:g})" for c in COMPONENT_COLUMNS], comp_means, maximum=100,
                     fmt="{:.0f}%", width=720, caption="mean % of the component's points kept"))
    # most common findings
    counts = Counter(f["code"] for f in findings)
    per_report: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        per_report[f["code"]].add(f["file"])
    top = counts.most_common(15)
    out.append('<h2 id="findings">Most common failing findings</h2>')
    if top:
        out.append(hbars([c for c, _ in top], [n for _, n in top], color="#e15759",
                         width=720, caption="failing findings over the archive"))
        out.append('<div class="scroll"><table><tr><th>code</th><th>findings</th><th>reports</th>'
                   "<th>points lost (total)</th></tr>")
        for code, n in top:
            lost = sum(float(f.get("points") or 0) for f in findings if f["code"] == code)
            out.append(f"<tr><td>{escape(code)}</td><td class=\"num\">{n}</td>"
                       f"<td class=\"num\">{len(per_report[code])}</td><td class=\"num\">{lost:.1f}</td></tr>")
        out.append("</table></div>")
    else:
        out.append('<p class="muted">No failing finding.</p>')
    # copy clusters
    clusters = _clusters(pairs)
    agency = {r["file"]: r["agency"] for r in ranking}
    year = {r["file"]: r["year"] for r in ranking}
    out.append(f'<h2 id="copies">Copy clusters ({len(clusters)})</h2><p class="note">Reports of different '
               "agencies joined by copied passages (directly or through one another). The copy-paste pairs sheet "
               "of ranking.xlsx and each report's page show the passages beside their sources.</p>")
    if clusters:
        out.append("<table><tr><th>cluster</th><th>reports</th><th>agency, year and file</th></tr>")
        for i, g in enumerate(clusters[:50]):
            members = "<br>".join(f"{escape(agency.get(f) or '?')} {escape(str(year.get(f) or ''))} — "
                                  f"<span class=\"muted\">{escape(f)}</span>" for f in g[:20])
            more = f"<br><span class=\"muted\">… and {len(g) - 20} more</span>" if len(g) > 20 else ""
            out.append(f"<tr><td>{i + 1}</td><td class=\"num\">{len(g)}</td><td>{members}{more}</td></tr>")
        out.append("</table>")
    else:
        out.append('<p class="muted">No copy between agencies found (or copy detection did not run).</p>')
    # ranking
    more = f" (first {max_rows} of {len(ranking)})" if len(ranking) > max_rows else ""
    out.append(f'<h2 id="ranking">Ranking within cohorts{more}</h2>'
               '<p class="note">Rank 1 is best within the cohort; components are points kept out of their maximum; '
               "coverage is the share of the 100 points that could be verified. The audit of one report: "
               "<code>auditor report --db audit.db --id ID --out report.html</code>.</p>" + _SCORE_LEGEND)
    head = ["cohort", "rank", "agency", "year", "score", "coverage",
            *(f"{c}<br><span class=\"muted\">/ {cfg.weights[c]:g}</span>" for c in COMPONENT_COLUMNS),
            "findings", "id", "file"]
    out.append('<div class="scroll"><table><tr>' + "".join(f"<th>{h}</th>" for h in head) + "</tr>")
    for r in ranking[:max_rows]:
        score = r["score"]
        score_td = ('<td><span class="muted">n/a</span></td>' if score is None
                    else f'<td class="s {_band(score)}">{score:.1f}</td>')
        cov = r.get("coverage")
        cells = [r["group"], f"{r['rank'] or '–'}/{r['of']}", r["agency"], r["year"]]
        tail = [*(r[c] for c in COMPONENT_COLUMNS), r["findings"], r.get("id")]
        name = os.path.basename(r["file"] or "")
        out.append("<tr>" + "".join(_td(v, nowrap=True) for v in cells) + score_td
                   + ('<td class="num">' + (f"{100 * cov:.0f}%" if cov is not None else "–") + "</td>")
                   + "".join(_td(v) for v in tail)
                   + f'<td class="nw" title="{escape(r["file"] or "")}">{escape(name)}</td></tr>')
    out.append("</table></div>")
    if errors:
        out.append('<h2 id="failed">Files that could not be audited</h2><table><tr><th>file</th><th>error</th></tr>')
        out.extend(f"<tr><td>{escape(e['file'])}</td><td>{escape(e['error'] or '')}</td></tr>" for e in errors)
        out.append("</table>")
    out.append("</body></html>")
    return "".join(out)


def _td(v: Any, nowrap: bool = False) -> str:
    cls = "num" if isinstance(v, int | float) else "nw" if nowrap else ""
    return f"<td{f' class={cls}' if cls else ''}>{_fmt(v)}</td>"


def write_dashboard(store: Store, path: str | os.PathLike[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(render_dashboard(store))
