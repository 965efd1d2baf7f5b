"""Robustness: the real reports, broken the ways real documents break, never crash the pipeline.

Each case (see ``mutate.py``) writes a mutated fixture to a temporary file and runs parse (structure,
tables, narrative) → checks → score → JSON.  The only exception allowed is a coded ``AuditError``; on
success every offset the report holds must be valid in its text.  The default run is a fixed sample that
covers every (format, mutation) pair; ``-m slow`` sweeps every source × mutation × several seeds, and the
CLI case runs ``auditor audit`` on a folder of mutated files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.errors import AuditError
from auditor.model import Report
from auditor.pipeline import parse, run_stages
from auditor.render.json_out import report_json
from auditor.score.total import score_report, with_score

from .mutate import FIXTURES, Case, all_cases, sample_cases

_SEPARATORS = re.compile(r"[\s|]+")


def _span_ok(start: int, end: int, n: int) -> bool:
    return 0 <= start <= end <= n


def _nowhere(start: int, end: int) -> bool:
    """-1..-1 is the model's "no location" (a cell the report lacks, evidence for an absent cell)."""
    return start == end == -1


def _relates(span: str, raw: str) -> bool:
    """A cell's text span is its raw text, or, for digit runs split by arithmetic, a part of it.

    White space and '|' are separators: an ambiguous cell's raw joins the runs it may come from with
    spaces, and its span may run over the pipes between them.
    """
    span, raw = _SEPARATORS.sub("", span), _SEPARATORS.sub("", raw)
    return span == raw or (bool(span) and span in raw) or (bool(raw) and raw in span)


def invariant_violations(report: Report) -> list[str]:
    """Every offset-validity rule the report breaks, as readable lines (empty when all hold)."""
    text = report.text
    n = len(text)
    bad: list[str] = []
    if report.document is not None and len(report.document.original) != n:
        bad.append(f"document.original has {len(report.document.original)} chars, text {n}")
    prev_end = 0
    for s in report.sections:
        if not (0 <= s.start <= s.body_start <= s.end <= n):
            bad.append(f"section {s.no} {s.key}: start {s.start} body {s.body_start} end {s.end} (len {n})")
        if s.start < prev_end:
            bad.append(f"section {s.no} {s.key} starts at {s.start}, before the previous end {prev_end}")
        prev_end = max(prev_end, s.end)
        for it in s.items:
            if not _span_ok(it.start, it.end, n):
                bad.append(f"item {it.label} of section {s.no}: {it.start}..{it.end} (len {n})")
    for key, c in report.cells.items():
        if key != c.key:
            bad.append(f"cell stored under {key} has key {c.key}")
        if not _nowhere(c.start, c.end):
            if not _span_ok(c.start, c.end, n):
                bad.append(f"cell {key}: {c.start}..{c.end} (len {n})")
            elif not _relates(text[c.start:c.end], c.raw) and not (
                    report.document is not None and _relates(report.document.original[c.start:c.end], c.raw)):
                bad.append(f"cell {key}: text {text[c.start:c.end]!r} vs raw {c.raw!r}")
    for se in report.sentences:
        if not _span_ok(se.start, se.end, n):
            bad.append(f"sentence {se.start}..{se.end} (len {n})")
    for f in report.findings:
        for ev in f.evidence:
            if ev.file is None and not _nowhere(ev.start, ev.end) and not _span_ok(ev.start, ev.end, n):
                bad.append(f"finding {f.code}: evidence {ev.start}..{ev.end} (len {n})")
    if report.document is not None:
        for t in report.document.tables:
            for row in t.rows:
                for g in row:
                    if not _span_ok(g.start, g.end, n):
                        bad.append(f"table {t.index} cell ({g.row},{g.col}): {g.start}..{g.end} (len {n})")
    return bad


def audit_one(path: str | os.PathLike[str]) -> Report | None:
    """The library path the batch engine takes; None when the input was refused with a coded error."""
    try:
        report = parse(path)
        report = run_stages(report, ["checks"])
        report = with_score(report, score_report(report))
    except AuditError as exc:
        assert str(exc).startswith("E") and "\n" not in str(exc), str(exc)
        assert not str(exc).startswith("E000"), str(exc)
        return None
    json.dumps(report_json(report), ensure_ascii=False)
    return report


def run_case(case: Case, folder: Path) -> None:
    path = folder / f"{case.id.replace(':', '_')}{case.suffix}"
    path.write_bytes(case.build())
    report = audit_one(path)
    if report is not None:
        bad = invariant_violations(report)
        assert not bad, f"{case.id}: " + "; ".join(bad[:5])


SAMPLE = sample_cases(150)


@pytest.mark.parametrize("case", SAMPLE, ids=[c.id for c in SAMPLE])
def test_mutation_sample(case: Case, tmp_path: Path) -> None:
    run_case(case, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("case", all_cases(6), ids=lambda c: c.id)
def test_mutation_sweep(case: Case, tmp_path: Path) -> None:
    run_case(case, tmp_path)


def _page(body: str) -> str:
    return f"<html><head><meta charset='utf-8'><title>2023年政府信息公开工作年度报告</title></head><body>{body}</body></html>"


def _extreme(name: str) -> str:
    """Inputs far from any fixture: degenerate sizes, shapes and nesting."""
    txt = (FIXTURES / "reports" / "pingtan-2022.txt").read_text(encoding="utf-8")
    html = (FIXTURES / "reports" / "shuyang-fgj-2023.html").read_text(encoding="utf-8")
    body = html[html.index("<body>") + 6: html.rindex("</body>")]
    return {
        "many_rows": txt.replace("（七）总计", "（六）其他处理 1.其他 0000000" * 300 + "（七）总计", 1),
        "many_headings": txt + "".join(f"\n{n}、标题\n（一）x\n" for n in "一二三四五六七八九十" * 50),
        "only_tables": txt[txt.index("三、收到"): txt.index("五、存在")],
        "numbers_only": " ".join(str(i) for i in range(20000)),
        "title_only": "2023年政府信息公开工作年度报告",
        "one_huge_line": "一、总体情况 " + "公开" * 100000,
        "empty_page": _page(""),
        "deep_divs": _page("<div>" * 400 + body + "</div>" * 400),
        "nested_tables": _page("<table><tr><td>" * 8 + body + "</td></tr></table>" * 8),
        "long_digit_run": txt.replace("713000074", "71300007471300007471300007413", 1),
    }[name]


EXTREMES = ("many_rows", "many_headings", "only_tables", "numbers_only", "title_only", "one_huge_line",
            "empty_page", "deep_divs", "nested_tables", "long_digit_run")


@pytest.mark.parametrize("name", EXTREMES)
def test_extreme_inputs(name: str, tmp_path: Path) -> None:
    content = _extreme(name)
    path = tmp_path / (name + (".html" if content.startswith("<html") else ".txt"))
    path.write_text(content, encoding="utf-8")
    report = audit_one(path)
    if report is not None:
        bad = invariant_violations(report)
        assert not bad, f"{name}: " + "; ".join(bad[:5])


@pytest.mark.slow
def test_cli_audit_mixed_folder(tmp_path: Path) -> None:
    """``auditor audit`` over mutated files mixed with the originals: no E000 line, and the run completes."""
    folder = tmp_path / "in"
    folder.mkdir()
    for case in sample_cases(60, seed=7):
        (folder / f"{case.id.replace(':', '_')}{case.suffix}").write_bytes(case.build())
    proc = subprocess.run([sys.executable, "-c", "from auditor.cli import main; main()", "audit", str(folder), "--db", str(tmp_path / "a.db"),
                           "-q"], capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert "E000" not in out, out[-3000:]
    assert "Traceback" not in out, out[-3000:]
