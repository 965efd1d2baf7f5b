"""Grid → keys on grids built from the gold tables with the official labels, written the ways real
reports write them (half-width brackets, spaces inside labels, a dropped character, merged header cells,
t2 as one grid per block, t3 continued in a second grid without its header), plus a missing and an
extra row.  Covers the DOCX-style path, where no reader output exists in the fixtures."""

from __future__ import annotations

import pytest

from auditor.ingest.layout import SourceCell, TextBuilder
from auditor.model import Document
from auditor.resources import table_spec
from auditor.structure.tables import extract_tables
from tests.tables._support import flat, gold, report_of, same, table_golds

S = SourceCell
VARIANTS = [("（", "("), ("）", ")"), ("总计", "总 计"), ("其他法律行政法规禁止公开", "其他法律行政止公开")]


def _vary(label: str, i: int) -> str:
    """Every other label gets a real-world variant: brackets, a space, the Hongze dropped character."""
    if i % 2:
        for a, b in VARIANTS:
            label = label.replace(a, b)
    return label


def _cell(v: object) -> str:
    return "—" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))


def _leaf(label: str) -> str:
    return label.split(" (")[0]


Block = tuple[str, object]  # ("p", text) or ("t", rows of SourceCell)


def build(name: str, **kw: object) -> Document:
    tb = TextBuilder(path=f"{name}-grid", format="docx")
    for kind, content in layout(name, **kw):  # type: ignore[arg-type]
        if kind == "p":
            tb.add_paragraph(content)  # type: ignore[arg-type]
        else:
            tb.add_table(content)  # type: ignore[arg-type]
    return tb.document()


def layout(name: str, drop: str | None = None, extra_after: str | None = None,
           total_first: bool = False, narrow_continuation: bool = False, move_last: str | None = None) -> list[Block]:
    """The report's tables as paragraphs and grids (with spans), in reading order."""
    g = gold(name)
    tpl = table_spec()["templates"][g["template"]]
    t3spec = table_spec()["templates"]["2021"]["t3"]
    out: list[Block] = [("p", "二、主动公开政府信息情况")]
    for bkey, block in tpl["t2"]["blocks"].items():
        data = g["tables"]["t2"].get(bkey)
        if data is None:
            continue
        cols = [c for c in block["columns"] if any(c in r for r in data.values())]
        rows = [[S(block["label"], colspan=len(cols) + 1)],
                [S("信息内容")] + [S(_leaf(block["columns"][c])) for c in cols]]
        for i, (rkey, rlabel) in enumerate(block["rows"].items()):
            if rkey in data:
                rows.append([S(_vary(_leaf(rlabel), i))] + [S(_cell(data[rkey][c])) for c in cols])
        out.append(("t", rows))
    out.append(("p", "三、收到和处理政府信息公开申请情况"))
    colkeys = list(t3spec["columns"])
    head = [[S("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=2),
             S("申请人情况", colspan=7)],
            [S("自然人", rowspan=2), S("法人或其他组织", colspan=5), S(_vary("总计", 1), rowspan=2)],
            [S(t3spec["columns"][c].split("/")[1]) for c in colkeys[1:6]]]
    if total_first:  # some tables put 总计 first: the header says so, the position must not matter
        colkeys = colkeys[-1:] + colkeys[:-1]
        head[1] = [S(_vary("总计", 1), rowspan=2), S("自然人", rowspan=2), S("法人或其他组织", colspan=5)]
    body = []
    t3 = g["tables"]["t3"]
    labels = dict(t3spec["rows"])
    if "other" in t3:
        labels = {k: v for k, v in labels.items() if not k.startswith("other.")}
        labels = dict(list(labels.items())[:-2]) | {"other": "（六）其他处理"} | dict(list(labels.items())[-2:])
    for i, (rkey, rlabel) in enumerate(labels.items()):
        if rkey == drop:
            continue
        parts = rlabel.split("/")
        lab = [S(_vary(parts[0], i), colspan=2)] if len(parts) == 1 else [S(parts[0]), S(_vary(parts[1], i))]
        body.append(lab + [S(_cell(t3[rkey][c])) for c in colkeys])
        if rkey == extra_after:
            body.append([S("（八）其他情形", colspan=2)] + [S("5") for _ in colkeys])
    if move_last:  # a row written out of the template's order
        at = list(k for k in labels if k != drop).index(move_last)
        body.append(body.pop(at))
    cut = len(body) // 2
    out.append(("t", head + body[:cut]))
    out.append(("p", "（续表）"))
    rest = body[cut:]
    if narrow_continuation:  # the continuation lost the group-label column (its rowspan began on page 1)
        rest = [[S(r[0].text), *r[1:]] if r[0].colspan == 2 else r[1:] for r in rest]
    out.append(("t", rest))  # continued on the next page without the header
    out.append(("p", "四、政府信息公开行政复议、行政诉讼情况"))
    t4 = g["tables"]["t4"]
    t4c = list(table_spec()["templates"]["2021"]["t4"]["columns"].items())
    out.append(("t", [
        [S("行政复议", colspan=5), S("行政诉讼", colspan=10)],
        [S(lab, rowspan=2) for _, lab in t4c] + [S("未经复议直接起诉", colspan=5), S("复议后起诉", colspan=5)],
        [S(lab) for _, lab in t4c] * 2,
        [S(_cell(t4[gk][c])) for gk in ("review", "litigation_direct", "litigation_after_review") for c, _ in t4c],
    ]))
    return out


def _check(doc: Document, name: str, skip: str | None = None) -> list:
    report = extract_tables(report_of(doc))
    want = {k: v for k, v in flat(gold(name)["tables"]).items() if not (skip and k.startswith(skip + "."))}
    wrong = [(k, v, report.cells[k].value if k in report.cells else "MISSING") for k, v in want.items()
             if k not in report.cells or not same(report.cells[k].value, v)]
    assert wrong == []
    assert sorted(set(report.cells) - set(want)) == []
    return list(report.findings)


@pytest.mark.parametrize("name", table_golds())
def test_grid_to_keys(name: str) -> None:
    findings = _check(build(name), name)
    assert [f.code for f in findings if f.code.startswith("tables.") and f.severity != "info"] == []


def test_columns_follow_the_header_not_the_position() -> None:
    _check(build("pingtan-2022", total_first=True), "pingtan-2022")


def test_continuation_with_fewer_label_columns() -> None:
    _check(build("pingtan-2022", narrow_continuation=True), "pingtan-2022")


def test_row_out_of_order_is_still_named_by_its_label() -> None:
    findings = _check(build("pingtan-2022", move_last="unable.not_held"), "pingtan-2022")
    assert [f.code for f in findings if f.code in ("tables.missing_row", "tables.extra_row")] == []


def test_missing_row_is_a_finding() -> None:
    findings = _check(build("hongze-2024", drop="denied.three_safeties"), "hongze-2024", "t3.denied.three_safeties")
    assert [f.data.get("row", f.evidence[0].cell) for f in findings if f.code == "tables.missing_row"] == [
        "t3.denied.three_safeties"]


def test_extra_row_is_a_finding_and_shifts_nothing() -> None:
    findings = _check(build("shuyang-fgj-2023", extra_after="denied.third_party"), "shuyang-fgj-2023")
    extra = [f for f in findings if f.code == "tables.extra_row"]
    assert len(extra) == 1 and "其他情形" in extra[0].evidence[0].text


def test_null_cells_keep_their_raw_text() -> None:
    report = extract_tables(report_of(build("shuyang-fgj-2023")))
    cell = report.cells["t3.new_received.commercial"]
    assert (cell.value, cell.status, cell.raw) == (None, "null", "—")
    assert cell.table is not None and cell.row is not None and cell.col is not None
