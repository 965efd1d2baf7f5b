"""An archive of the REAL reports in tests/fixtures plus new reports with copies planted from them.

Targets are new agencies' reports (year 2025, later than every source) whose narrative is filler —
labelled sentences of agencies that are not among the fixture reports, each used once — and planted
copies of runs of real passages: whole runs copied as they are, single items, names and numbers replaced,
sentences reordered, 10-30% of the characters edited.  The sources' template sentences are copied next to
the plants, since copiers copy them too, and must never be reported.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from auditor.model import Report
from auditor.narrative.sentences import split_spans
from auditor.reuse.commonplace import is_template
from auditor.reuse.identity import identify
from auditor.reuse.io import parse_for_reuse
from auditor.reuse.normalize import name_variants, normalize
from auditor.reuse.passages import Passage, extract_passages
from auditor.reuse.synth import Planted, TextWriter, mutate

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "fixtures" / "reports"
SENTENCES = ROOT / "corpora" / "labelled" / "sentences.jsonl"
_STEMS = "青禾云岭石湾松溪桃源白沙清河丰泽安平永宁"
_DEPTS = ("人民政府", "水务局", "教育局", "自然资源局", "卫生健康局", "市场监督管理局")
MODES = ("section", "item", "renamed_edited", "reordered_edited")


@dataclass
class Archive:
    reports: list[Report]
    targets: set[str]
    planted: list[Planted] = field(default_factory=list)
    template_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def real_reports() -> list[Report]:
    return [parse_for_reuse(p) for p in sorted(REPORTS.glob("*.txt"))]


def _fillers(rng: random.Random) -> list[list[str]]:
    """Sentences of each agency not among the fixtures, one list per agency: a target's filler comes
    from one agency only, so two targets never share text that nobody planted."""
    rows = [json.loads(line) for line in SENTENCES.read_text(encoding="utf-8").splitlines()]
    by: dict[str, list[str]] = {}
    for r in rows:
        if r["file"].startswith("pages/") and r["label"] != "template":
            by.setdefault(r["file"], []).append(r["text"])
    groups = [v for _, v in sorted(by.items()) if len(v) >= 4]
    rng.shuffle(groups)
    return groups


def template_sentences(text: str) -> list[tuple[int, int]]:
    """Every sentence of the whole text holding template wording (corpora/templates); runs of flattened
    table text with no sentence end are not sentences."""
    return [(s, e) for s, e in split_spans(text) if e - s <= 300 and is_template(normalize(text[s:e]))]


def _copyable(report: Report) -> tuple[list[Passage], list[tuple[int, int]]]:
    ps = extract_passages(report, name_variants(identify(report).agency))
    return [p for p in ps if not p.template and len(p.form) >= 20], template_sentences(report.text)


def build(seed: int = 0, n_targets: int = 24) -> Archive:
    rng = random.Random(seed)
    sources = real_reports()
    fillers = _fillers(rng)
    arch = Archive(list(sources), set())
    pool = "".join(sorted({c for g in fillers for f in g for c in f if "\u4e00" <= c <= "\u9fff"}))
    for t in range(n_targets):
        src = sources[t % len(sources)]
        filler = fillers[t % len(fillers)]
        ident = identify(src)
        ok, templ = _copyable(src)
        mode = MODES[t % len(MODES)]
        agency = f"{_STEMS[2 * (t % 8)]}{_STEMS[2 * (t % 8) + 1]}县{_DEPTS[t % len(_DEPTS)]}"
        file = f"planted/target-{t:02d}.txt"
        # a single item must be longer than the shortest block reported (settings min_block)
        run = [rng.choice([p for p in ok if len(p.form) >= 30])] if mode == "item" else ok[(s := rng.randrange(len(ok) - 6)):s + rng.randint(3, 6)]
        order = list(range(len(run)))
        if mode == "reordered_edited":
            rng.shuffle(order)
        rate = rng.uniform(0.1, 0.3) if mode.endswith("edited") else 0.0
        w = TextWriter()
        put = w.add
        put(f"{agency}2025年政府信息公开工作年度报告\n一、总体情况\n")
        spans: list[tuple[int, int, Passage]] = []
        templates: list[tuple[int, int]] = []
        half = len(filler) // 2
        for line in filler[:half]:
            put(line + "\n")
        for ts, te in templ[:3]:  # the source's template sentences, copied along
            templates.append(put(src.text[ts:te]))
        put("\n")
        for k in order:
            p = run[k]
            text = src.text[p.start:p.end]
            if mode != "section":
                for name in name_variants(ident.agency):
                    text = text.replace(name, agency)
                text = "".join(str(rng.randint(1, 9)) if c.isdigit() else c for c in text)
            text = mutate(text, rate, rng, pool) if rate else text
            s, e = put(text)
            spans.append((s, e, p))
            put("\n")
        put("五、存在的主要问题及改进情况\n")
        for line in filler[half:]:
            put(line + "\n")
        templates.append(put("本年度未收取信息处理费。"))
        text = w.text()
        arch.reports.append(Report(file=file, format="text", text=text, agency=agency, year=2025,
                                   published="2026-01-20"))
        arch.targets.add(file)
        arch.template_spans[file] = templates
        for s, e, p in spans:
            arch.planted.append(Planted("cross_agency", mode, file, s, e, src.file, p.start, p.end, round(rate, 3)))
    return arch
