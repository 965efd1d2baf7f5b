"""Reports built from the real fixtures and their gold annotations, for scoring components whose stages
may not have landed: the text is ingested for real, sections are located by their gold headings, cells
come from the gold tables, sentence labels from the labelled corpus (matched by file and text)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from auditor.ingest import load
from auditor.model import Cell, Item, Report, Section, Sentence
from auditor.narrative.sentences import split_sentences
from auditor.resources import corpora_path

TESTS = Path(__file__).resolve().parents[1]
REPORTS = TESTS / "fixtures" / "reports"
EXPECTED = TESTS / "fixtures" / "expected"
# Text reports load with the ingest that exists from the start; templated ones have all six sections.
TEMPLATED_TEXT = ("huarong-xzspj-2020", "pingtan-2020", "pingtan-2022")
_KEYS = ("overview", "proactive", "requests", "review", "problems", "other")


def gold(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def _loose(s: str) -> str:
    return r"\s*".join(re.escape(c) for c in re.sub(r"\s+", "", s))


@cache
def _labels() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    with corpora_path("labelled", "sentences.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.setdefault(Path(d["file"]).stem, []).append(d)
    return out


def _cells(tables: dict) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}

    def walk(prefix: tuple[str, ...], node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk((*prefix, k), v)
        else:
            c = Cell(path=prefix, value=node, raw="" if node is None else str(node),
                     status="null" if node is None else "ok")  # type: ignore[arg-type]
            cells[c.key] = c

    walk((), tables)
    return cells


def _items(text: str, sec: Section) -> tuple[Item, ...]:
    """Problem / improvement items of section 五: sentences, switching part at an improvement cue."""
    cues = json.loads(corpora_path("structure", "part_cues.json").read_text(encoding="utf-8"))
    part = "problem"
    items = []
    for s, e, t in split_sentences(text, sec.body_start, sec.end):
        if any(c in t for c in cues["improvement"]):
            part = "improvement"
            if len(t) < 16:
                continue  # a sub-heading such as （二）改进措施
        elif len(t) < 16 and any(c in t for c in cues["problem"]):
            continue
        items.append(Item(part, "", t, s, e))
    return tuple(items)


def gold_report(name: str, text: str | None = None) -> Report:
    """The report ``name`` as the stages should see it (``text`` replaces the file's text, for mutations)."""
    g = gold(name)
    path = REPORTS / Path(g["file"]).name
    if text is None:
        text = load(path).text
    starts = []
    pos = 0
    for s in g["sections"]:
        m = re.compile(_loose(s["heading"])).search(text, pos)
        if m is None:
            continue
        starts.append((s, m.start(), m.end()))
        pos = m.end()
    sections = []
    for i, (s, a, b) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        key = _KEYS[s["no"] - 1] if g["template"] != "legacy" and s["no"] <= 6 else ("problems" if "问题" in s[
            "heading"] else "overview" if s["no"] == 1 else "other")
        sec = Section(s["no"], s["heading"], a, b, end, key)
        if key == "problems":
            sec = Section(s["no"], s["heading"], a, b, end, key, _items(text, sec))
        sections.append(sec)
    sentences = []
    seen: set[int] = set()
    # the report's own annotated sentences first, then any annotated sentence of the corpus found in its
    # text (a mutation may paste in a real sentence of another report: it keeps its annotated label)
    own = _labels().get(path.stem, [])
    others = [d for k, ds in sorted(_labels().items()) if k != path.stem for d in ds]
    for d in own + others:
        at = text.find(d["text"])
        if at >= 0 and at not in seen:
            seen.add(at)
            sentences.append(Sentence(at, at + len(d["text"]), d["text"], d.get("section"),
                                      d.get("part") if d.get("part") in ("problem", "improvement") else None,
                                      d["label"]))
    sentences.sort(key=lambda s: s.start)
    return Report(file=str(path), format="text", text=text, agency=g["agency"], year=g["year"],
                  published=g["published"], template=g["template"], sections=tuple(sections),
                  cells=_cells(g.get("tables") or {}), sentences=tuple(sentences))


def text_of(name: str) -> str:
    """The raw file text of a text fixture (for mutations written back to a file)."""
    return (REPORTS / f"{name}.txt").read_text(encoding="utf-8")


# Every stage but the narrative one, whose model takes long to load: for tests of the batch mechanics.
FAST_STAGES = ("structure", "tables", "checks", "reuse")


def audit_archive(folder: Path, files: dict[str, str], db: Path | None = None,
                  stages: tuple[str, ...] | None = None) -> dict[str, dict]:
    """Write ``files`` (name → text) under ``folder``, batch-audit them, return name → stored score dict."""
    from auditor.store import Store, audit_paths

    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = db or folder.parent / f"{folder.name}.db"
    summary = audit_paths([str(folder)], db, workers=1, stages=stages)
    assert summary.failed == 0, summary.errors
    out = {}
    with Store(db) as store:
        for rid, d in store.iter_reports():
            out[Path(d["file"]).name] = {"score": d["measures"]["score"], "findings": d["findings"], "id": rid}
    return out
