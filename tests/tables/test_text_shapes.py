"""Text renderings of the gold reports in the shapes scraped pages and converters produce: Markdown
tables (t4 as one small table per group, header rules '|---|'), and rows of space-separated numbers
(pdftotext -layout).  Read back through the text reader, the tables stage must give every gold cell."""

from __future__ import annotations

import pytest

from auditor.ingest import load_bytes
from auditor.resources import table_spec
from auditor.structure.tables import extract_tables
from tests.tables._support import flat, gold, report_of, same, table_golds


def _v(v: object) -> str:
    return "—" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))


def render(name: str, shape: str) -> str:
    g = gold(name)
    tpl = table_spec()["templates"][g["template"]]
    spec3 = table_spec()["templates"]["2021"]["t3"]
    spec4 = table_spec()["templates"]["2021"]["t4"]

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |" if shape == "markdown" else "    ".join(cells)

    def table(header: list[str], rows: list[list[str]]) -> list[str]:
        out = [row(header)]
        if shape == "markdown":
            out.append("|" + "|".join("---" for _ in header) + "|")
        return out + [row(r) for r in rows]

    lines = [f"{g.get('agency') or ''}{g['year']}年政府信息公开工作年度报告", "一、总体情况", "……",
             "二、主动公开政府信息情况"]
    for bkey, block in tpl["t2"]["blocks"].items():
        data = g["tables"]["t2"].get(bkey)
        if not data:
            continue
        cols = [c for c in block["columns"] if any(c in r for r in data.values())]
        lines.append(block["label"])
        lines += table(["信息内容"] + [block["columns"][c].split(" (")[0] for c in cols],
                       [[block["rows"][r].split(" (")[0]] + [_v(data[r][c]) for c in cols] for r in data])
    lines += ["三、收到和处理政府信息公开申请情况", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    t3 = g["tables"]["t3"]
    cols = list(spec3["columns"])
    rows = []
    for rkey, vals in t3.items():
        label = spec3["rows"].get(rkey, "（六）其他处理").split("/")[-1]
        rows.append([label] + [_v(vals[c]) for c in cols])
    lines += table(["申请人情况"] + [spec3["columns"][c].split("/")[-1] for c in cols], rows)
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    for gkey, glabel in spec4["groups"].items():
        lines.append(glabel.replace("/", "（") + ("）" if "/" in glabel else ""))
        lines += table(list(spec4["columns"].values()), [[_v(g["tables"]["t4"][gkey][c]) for c in spec4["columns"]]])
    lines += ["五、存在的主要问题及改进情况", "一是……"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("shape", ["markdown", "spaced"])
@pytest.mark.parametrize("name", table_golds())
def test_text_shape(name: str, shape: str) -> None:
    doc = load_bytes(render(name, shape).encode("utf-8"), f"{name}.txt")
    assert doc.format == "text" and not doc.tables
    report = extract_tables(report_of(doc))
    want = flat(gold(name)["tables"])
    wrong = [(k, v, report.cells[k].value if k in report.cells else "MISSING") for k, v in want.items()
             if k not in report.cells or not same(report.cells[k].value, v)]
    assert wrong == []
    assert [f.code for f in report.findings if f.code.startswith("tables.")
            and f.code not in ("tables.split_by_narrative",)] == []
