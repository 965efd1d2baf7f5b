"""Reports for the check tests: GOLD table cells + the REAL report text (+ sections located from gold).

The checks are tested apart from table extraction: cells come from tests/fixtures/expected/<name>.json,
the text from auditor.ingest.load on the real file.  Where the repository's reader for a format is not
available yet (another engineer's work), the text is read with pdfplumber / lxml directly, so these
tests never depend on that work being finished.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from auditor.errors import AuditError
from auditor.ingest import load
from auditor.model import Cell, Report, Section

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
_KEYS = {1: "overview", 2: "proactive", 3: "requests", 4: "review", 5: "problems", 6: "other"}


def gold(name: str) -> dict:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def table_gold_names() -> list[str]:
    return sorted(p.stem for p in (FIXTURES / "expected").glob("*.json") if gold(p.stem).get("tables"))


def cells_from_gold(tables: dict) -> dict[str, Cell]:
    """Gold nested tables → Cells under their canonical paths (null → a blank cell)."""
    out: dict[str, Cell] = {}

    def walk(node: dict, path: tuple[str, ...]) -> None:
        for k, v in node.items():
            if isinstance(v, dict):
                walk(v, (*path, k))
            else:
                p = (*path, k)
                raw = "" if v is None else str(v)
                cell = Cell(path=p, value=v, raw=raw, status="null" if v is None else "ok")
                out[cell.key] = cell

    walk(tables, ())
    return out


@cache
def report_text(name: str) -> str:
    path = FIXTURES / "reports" / Path(gold(name)["file"]).name
    try:
        return load(path).text
    except AuditError:
        pass
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)
    from lxml import html

    tree = html.fromstring(path.read_bytes())
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    return tree.text_content()


def _sections(text: str, g: dict) -> tuple[Section, ...]:
    """Locate each gold heading in the text (white space ignored) → Section records."""
    compact, offs = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            compact.append(ch)
            offs.append(i)
    flat = "".join(compact)
    found = []
    pos = 0
    for s in g.get("sections", []):
        head = re.sub(r"\s+", "", s["heading"])
        i = flat.find(head, pos)
        if i < 0:
            continue
        body = flat.find(re.sub(r"\s+", "", s["body_starts"])[:6], i + len(head))
        found.append((s["no"], s["heading"], offs[i], offs[body] if body >= 0 else offs[i + len(head) - 1] + 1))
        pos = i + len(head)
    out = []
    for n, (no, heading, start, body) in enumerate(found):
        end = found[n + 1][2] if n + 1 < len(found) else len(text)
        key = _KEYS.get(no, "other") if g["template"] in ("2019", "2021") else "legacy"
        out.append(Section(no=no, heading=heading, start=start, body_start=body, end=end, key=key))
    return tuple(out)


def gold_report(name: str, *, sections: bool = True) -> Report:
    g = gold(name)
    text = report_text(name)
    return Report(file=g["file"], format="text", text=text, agency=g.get("agency"), year=g.get("year"),
                  template=g["template"], cells=cells_from_gold(g.get("tables") or {}),
                  sections=_sections(text, g) if sections else ())
