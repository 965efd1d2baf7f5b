"""The phrase bank of the synthetic archive, derived from real reports (``corpora/reuse/synth_bank.json``).

Clauses (split at ，；：) of real narrative sentences — the labelled sentences of
``corpora/labelled/sentences.jsonl`` and the passages of the real reports in tests/fixtures — grouped by
part (overview / problem / improvement / other), with the agency's own names replaced by ``{A}`` and the
departments and place names of the real agencies, so generated reports read like real ones but every
sentence is a new combination.  Template wording is left out (generated reports add it themselves).
Rebuild with :func:`build_bank` when the real corpus grows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from auditor.resources import corpora_path
from auditor.reuse.commonplace import is_template
from auditor.reuse.data import matching
from auditor.reuse.normalize import name_variants, normalize

_CLAUSE_SPLIT = re.compile(r"[，,；;：:。！？]")
_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}是|[（(][一二三四五六七八九十0-9]{1,3}[）)]|[0-9]{1,2}[\.．、]|[一二三四五六七八九十]{1,3}、)")
BANK_PATH = ("reuse", "synth_bank.json")


def _clauses(sentence: str, names: tuple[str, ...]) -> list[str]:
    for n in names:
        sentence = sentence.replace(n, "{A}")
    out = []
    for c in _CLAUSE_SPLIT.split(_ENUM.sub("", sentence)):
        c = c.strip().strip("“”\"'")
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in c)
        if 6 <= len(c) <= 40 and cjk >= 6 and "|" not in c and "{" not in c.replace("{A}", "") and "附件" not in c:
            out.append(c)
    return out


def _split_agency(agency: str) -> tuple[list[str], str | None]:
    units = sorted(matching()["agency"]["place_units"], key=len, reverse=True)
    m = re.match(r"^(.+?(?:" + "|".join(map(re.escape, units)) + r"))(.+)$", agency)
    if not m:
        return [], None
    place, dept = m.group(1), m.group(2)
    # "长沙市天心区桂花坪街道办事处": more place after the first unit, so no department of its own
    own = 2 <= len(dept) <= 12 and not any(u in dept for u in units if u not in ("区",)) and "区" not in dept[:-1]
    return [place], dept if own else None


def build_bank(sentences_jsonl: Path, reports: Iterable[Any]) -> dict[str, Any]:
    """The bank from labelled sentences and parsed real reports (``auditor.model.Report``)."""
    from auditor.reuse.identity import identify
    from auditor.reuse.passages import extract_passages

    parts: dict[str, set[str]] = {"overview": set(), "problem": set(), "improvement": set(), "other": set()}
    places: set[str] = set()
    depts: set[str] = set()
    for line in sentences_jsonl.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["label"] == "template" or is_template(normalize(row["text"])):
            continue
        agency = row.get("agency") or ""
        pl, dept = _split_agency(agency)
        places.update(p for p in pl if "某" not in p)
        if dept and "某" not in agency:
            depts.add(dept)
        part = row["part"] if row["part"] in ("problem", "improvement") else (
            "overview" if row.get("section") in (1, 2) else "other")
        parts[part].update(_clauses(row["text"], name_variants(agency)))
    for report in reports:
        ident = identify(report)
        names = name_variants(ident.agency)
        for p in extract_passages(report, names):
            if p.template:
                continue
            part = "problem" if p.section == "problems" else "overview"
            parts[part].update(_clauses(report.text[p.start:p.end], names))
    return {"source": "corpora/labelled/sentences.jsonl + tests/fixtures/reports/*.txt",
            "clauses": {k: sorted(v) for k, v in parts.items()},
            "places": sorted(places), "departments": sorted(depts)}


def build_stop_shingles(forms: Iterable[str], k: int = 3, share: float = 0.01) -> list[str]:
    """``k``-grams in at least ``share`` of the matching forms (政府信, 信息公, 公开工 …): every report
    has them, so they say nothing about copying and only make unrelated passages collide in LSH."""
    forms = list(forms)
    df: dict[str, int] = {}
    for f in forms:
        for g in {f[i:i + k] for i in range(len(f) - k + 1)}:
            df[g] = df.get(g, 0) + 1
    return sorted(g for g, c in df.items() if c >= share * len(forms))


@cache
def load_bank() -> dict[str, Any]:
    with corpora_path(*BANK_PATH).open(encoding="utf-8") as fh:
        return json.load(fh)
