"""The fused-digit solver on real rows whose separators were lost (Pingtan 2020 and 2022 pages)."""

from __future__ import annotations

import dataclasses

import pytest

from auditor.model import Document, Report
from auditor.structure.tables import extract_tables, observe
from auditor.structure.tables.assemble import align
from auditor.structure.tables.extract import _t3_identities
from auditor.structure.tables.fused import Piece, choose, row_score, splits
from auditor.structure.tables.keys import template_keys
from tests.tables._support import document, extracted, flat, gold, report_of

FUSED = ["pingtan-2020", "pingtan-2022"]
APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")


def _t3_rows(name: str) -> tuple[list[str], dict]:
    t3 = next(o for o in observe(report_of(document(name))) if o.kind == "t3")
    labels = template_keys("2021" if gold(name)["template"] == "2021" else "2019").t3_rows
    keys = align(t3.rows, labels)
    return t3.columns, {k: r for k, r in zip(keys, t3.rows, strict=True) if k}


@pytest.mark.parametrize("name", FUSED)
def test_each_fused_row_has_one_split_satisfying_its_total(name: str) -> None:
    """Gold notes: every row has exactly one split satisfying its own row total, and it is the gold one."""
    cols, rows = _t3_rows(name)
    want = gold(name)["tables"]["t3"]
    rid = ((tuple(cols.index(a) for a in APPLICANTS), cols.index("total")),)
    fused_rows = 0
    for key, row in rows.items():
        numbers = [p for p in row.pieces if p.number]
        if len(numbers) >= len(cols):
            continue
        fused_rows += 1
        cands, complete = splits(row.pieces, len(cols))
        assert complete
        ok = [c for c in cands if row_score(c, rid) == 1]
        assert len(ok) == 1, (key, [p.raw for p in row.pieces])
        assert [p.value for p in ok[0]] == [want[key][c] for c in cols], key
    assert fused_rows >= 10  # the rows really ran together in these pages


@pytest.mark.parametrize("name", FUSED)
def test_t4_digit_runs(name: str) -> None:
    report = extracted(name)
    want = flat(gold(name)["tables"]["t4"], "t4")
    assert {k: report.cells[k].value for k in want} == want


def test_column_identities_decide_a_row_its_total_cannot() -> None:
    """Pingtan 2022 '713000074' with its total blanked: three splits fit the row; the table's balance
    (一 + 二 = （七） + 四 per column) and （七） = sum of outcomes leave only 71 | 3."""
    cols, rows = _t3_rows("pingtan-2022")
    row = rows["new_received"]
    run = row.pieces[0]
    assert run.text == "713000074"
    blanked = [Piece(run.text[:-2], run.start, run.end - 2, True), Piece("—", run.end - 2, run.end, False)]
    alone, _ = splits(blanked, len(cols))
    assert len(alone) > 1
    natural = {c[cols.index("natural_person")].value for c in alone}
    assert {71, 7} <= natural  # the row by itself cannot decide

    cands = {k: splits(r.pieces, len(cols))[0] for k, r in rows.items()}
    cands["new_received"] = alone
    order = [k for k in template_keys("2021").t3_rows if k in cands]
    row_ids, col_ids = _t3_identities(order, cols)
    row_ids = {k: v for k, v in row_ids.items() if k != "new_received"}
    solved = choose(cands, row_ids, col_ids)
    assert len(solved["new_received"]) == 1
    want = gold("pingtan-2022")["tables"]["t3"]["new_received"]
    got = dict(zip(cols, (p.value for p in solved["new_received"][0]), strict=True))
    assert {c: got[c] for c in APPLICANTS} == {c: want[c] for c in APPLICANTS}
    assert got["total"] is None  # the blank stays null, never 0
    # too many combinations to try them all: rows pinned by decided rows are settled first, same answer
    narrowed = choose({k: list(v) for k, v in cands.items()}, row_ids, col_ids, max_combinations=1)
    assert narrowed["new_received"] == solved["new_received"]


def test_no_identity_means_ambiguous_with_candidates() -> None:
    """Pingtan 2020 '规范性文件7777166' (t2, no arithmetic, no narrative count): candidates, no guess."""
    report = extracted("pingtan-2020")
    want = gold("pingtan-2020")["tables"]["t2"]["art20_1"]["normative_documents"]
    for col, value in want.items():
        cell = report.cells[f"t2.art20_1.normative_documents.{col}"]
        assert cell.status == "ambiguous" and cell.value is None
        assert value in cell.candidates and len(cell.candidates) > 1
        assert cell.raw == "7777166"
    finding = next(f for f in report.findings if f.code == "tables.ambiguous_split"
                   and "normative_documents" in f.message)
    assert [77, 77, 166] in finding.data["candidates"]


def test_narrative_decides_a_t2_split() -> None:
    """Pingtan 2022 '8855698': the narrative states 698 in force and 88 issued → 88 | 55 | 698."""
    report = extracted("pingtan-2022")
    want = gold("pingtan-2022")["tables"]["t2"]["art20_1"]["normative_documents"]
    assert {c: report.cells[f"t2.art20_1.normative_documents.{c}"].value for c in want} == want
    assert any(f.code == "tables.split_by_narrative" for f in report.findings)


def test_without_the_narrative_the_same_row_is_ambiguous() -> None:
    doc = document("pingtan-2022")
    t2_at = doc.text.index("第二十条")
    # blank the narrative's statements (same length keeps every offset) and run again
    text = doc.text[:t2_at].replace("698", "xxx").replace("88件", "xx件") + doc.text[t2_at:]
    report = extracted_text(dataclasses.replace(doc, text=text, original=text))
    cell = report.cells["t2.art20_1.normative_documents.in_force"]
    assert cell.status == "ambiguous" and 698 in cell.candidates


def extracted_text(doc: Document) -> Report:
    return extract_tables(report_of(doc))


def test_leading_zeros_signs_and_spaces() -> None:
    """No leading zeros; a space in a run is a boundary; only 本年增/减 may be negative."""
    pieces = [Piece("200", 0, 3, True), Piece("000121", 4, 10, True)]  # Pingtan 2020 一、本年新收
    cands, _ = splits(pieces, 7)
    assert all(not p.raw.startswith("0") or p.raw == "0" for c in cands for p in c)
    assert all(c[2].start >= 4 for c in cands if c[1].end == 3)  # no cell spans the space
    signed, _ = splits([Piece("2648", 0, 4, True), Piece("-18538", 4, 10, True)], 3, signed_cols=frozenset({1}))
    assert {c[0].value for c in signed} == {2648}
    assert all(c[1].value < 0 for c in signed)
    unsigned, _ = splits([Piece("2648", 0, 4, True), Piece("-18538", 4, 10, True)], 3)
    assert unsigned == []


def test_a_lone_small_number_in_the_narrative_decides_nothing() -> None:
    """'规范性文件7件' near the label fits 7|7|77166 twice over; one stated value is no evidence for a split."""
    doc = document("pingtan-2020")
    at = doc.text.index("一、总体情况")
    text = doc.text[:at] + "本年度制定规范性文件7件。" + doc.text[at:]
    report = extracted_text(dataclasses.replace(doc, text=text, original=text))
    assert report.cells["t2.art20_1.normative_documents.made"].status == "ambiguous"
