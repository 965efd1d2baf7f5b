"""Tables in flattened text: find the regions by their anchors, then cut them into labelled rows.

Three shapes occur in scraped text: one cell per line ending ' |' (blank cells as a bare '|'), one row
per line with '|' between cells, and every separator lost ('规章000行政规范性文件8855698').  All three are
read the same way: the region is a sequence of label text and value tokens; a row is a label followed by
its tokens.  A run of ``k`` pipes between tokens holds ``k - 1`` blank cells.  An enumerator glued to
the previous row's digits (``00000002.其他法律…``) is given back to the label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.structure.tables.fused import Piece
from auditor.structure.tables.keys import t3_column_group, t4_words, template_keys
from auditor.structure.tables.labels import (
    compact,
    core,
    find_all,
    find_loose,
    fold,
    label_data,
    loose_pattern,
)
from auditor.structure.tables.observed import RowObs, TableObs
from auditor.structure.tables.values import is_null, units

_WORD = re.compile(r"[^\s|\u3000]+")
_SUB = re.compile(r"[-−]?\d+(?:\.\d+)?|[^\d\-−]+|[-−]")
_ENUM_AFTER = re.compile(r"^[.．、](?:\D|$)")
_MD_RULE_LINE = re.compile(r"^[ \t|]*:?-{3,}:?(?:[ \t|]+:?-{3,}:?)*[ \t|]*$", re.M)
_NULL_MARK = re.compile(r"^[—–―\-/／]+$")
_DIGIT = re.compile(r"\d")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_BLOCK_NO = {"一": "art20_1", "五": "art20_5", "六": "art20_6", "八": "art20_8", "九": "art20_9"}


@dataclass(slots=True)
class Chunk:
    label: str
    start: int
    end: int
    pieces: list[Piece] = field(default_factory=list)


def _layout(text: str, a: int, b: int) -> tuple[str, bool, bool]:
    """The region's separator style: ``(text, leading, piped)``.

    Markdown header rules ('|---|:---:|') separate nothing and are blanked out (same length, same
    offsets).  ``leading``: rows are written '| a | b |', so a pipe at a line's end or start bounds a row,
    whereas in the one-cell-per-line shape ('a |') a bare '|' line is a blank cell.  ``piped``: the
    separators were kept, so digits glued after label text belong to the label ('数据1', '附表2').
    """
    if "---" in text[a:b]:  # a rule needs three dashes: most regions have none, and copy nothing
        text = text[:a] + _MD_RULE_LINE.sub(lambda m: " " * len(m.group()), text[a:b]) + text[b:]
    lines = [ln.strip() for ln in text[a:b].split("\n") if "|" in ln and ln.strip().strip("|")]
    leading = sum(ln.startswith("|") for ln in lines) > len(lines) / 2
    return text, leading, len(lines) >= 3


def tokenize(text: str, a: int, b: int) -> list[Chunk]:
    """Label text and value pieces of ``text[a:b]``, grouped as (label, following pieces)."""
    chunks: list[Chunk] = []
    pending_enum: tuple[str, int] | None = None
    prev_end = a

    def add_label(s: str, start: int, end: int) -> None:
        nonlocal pending_enum
        if pending_enum is not None:
            s, start = pending_enum[0] + s, pending_enum[1]
            pending_enum = None
        if chunks and not chunks[-1].pieces:
            c = chunks[-1]  # a label continued: extend it in place
            c.label = c.label + " " + s
            c.end = end
        else:
            chunks.append(Chunk(s, start, end))

    def add_piece(p: Piece) -> None:
        if not chunks:
            chunks.append(Chunk("", p.start, p.start))
        chunks[-1].pieces.append(p)

    text, leading, piped = _layout(text, a, b)
    for w in _WORD.finditer(text, a, b):
        w_start, w_end = w.span()
        sep = text[prev_end:w_start]
        prev_end = w_end
        if "|" not in sep:
            blanks = 0  # the usual separator: white space alone
        elif leading:
            blanks = sum(max(0, seg.count("|") - 1) for seg in sep.split("\n"))
        else:
            blanks = max(0, sep.count("|") - 1)
        if chunks:
            for _ in range(blanks):
                add_piece(Piece("", w_start, w_start, False))
        word = w.group()
        if (word.isascii() and word.isdigit()) or ("," in word and _GROUPED.match(word)):
            # the common case in separated tables: one whole number (1,234 included)
            add_piece(Piece(word, w_start, w_end, True))
            continue
        if not _DIGIT.search(word):
            if is_null(word) or _NULL_MARK.match(word):
                add_piece(Piece(word, w_start, w_end, False))
            else:
                add_label(word, w_start, w_end)
            continue
        subs = list(_SUB.finditer(word))
        skip_unit = 0
        for j, m in enumerate(subs):
            s, start, end = m.group(), w_start + m.start(), w_start + m.end()
            if skip_unit:
                s, start = s[skip_unit:], start + skip_unit
                skip_unit = 0
                if not s:
                    continue
            is_num = any(map(str.isdigit, s))  # map, not a generator: this runs for every token
            if not is_num and _NULL_MARK.match(s):
                add_piece(Piece(s, start, end, False))  # '12—3': a dash between digits is a blank cell
                continue
            if not is_num or (piped and j > 0 and not _NULL_MARK.match(subs[j - 1].group())
                              and not any(map(str.isdigit, subs[j - 1].group()))):
                add_label(s, start, end)
                continue
            after = subs[j + 1].group() if j + 1 < len(subs) else ""
            if "." not in s and _ENUM_AFTER.match(after):
                # the last digit numbers the next row ('…0000000' + '2' + '.其他法律…')
                if len(s.lstrip("-−")) > 1:
                    add_piece(Piece(s[:-1], start, end - 1, True))
                pending_enum = (s[-1], end - 1)
                continue
            folded_after = fold(after)  # once, not once per unit tried
            unit = next((u for u in units() if folded_after.startswith(u)), None) if folded_after else None
            if unit:
                skip_unit = len(unit)
            add_piece(Piece(s.replace("−", "-"), start, end, True, unit))
    return chunks


def find_regions(text: str) -> dict[str, tuple[int, int]]:
    """Offsets of the t2, t3 and t4 regions, found by their anchors (not by section numbers)."""
    ft = fold(text)
    anchors = label_data()["anchors"]
    t3 = min((p for p in (find_loose(ft, a) for a in anchors["t3"]) if p >= 0), default=-1)
    t4 = -1
    for first, *others in anchors["t4"]:
        # the header names its columns right after 行政复议; a narrative sentence about a review does not
        p = find_loose(ft, first, max(t3, 0))
        while p >= 0:
            if all(find_loose(ft, o, p, p + 400) >= 0 for o in others):
                break
            p = find_loose(ft, first, p + 1)
        if p >= 0 and (t4 < 0 or p < t4):
            t4 = p
    t2 = -1
    limit = t3 if t3 >= 0 else (t4 if t4 >= 0 else len(ft))
    for a in anchors["t2"]:
        hits = [m.start() for m in loose_pattern(a).finditer(ft, 0, limit)]
        if hits:
            t2 = hits[-1]  # the table's, not an earlier citation of the same article
            break
    out: dict[str, tuple[int, int]] = {}
    starts = {k: v for k, v in (("t2", t2), ("t3", t3), ("t4", t4)) if v >= 0}
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    caps = label_data()["region_max_chars"]
    for i, (k, p) in enumerate(ordered):
        end = ordered[i + 1][1] if i + 1 < len(ordered) else len(text)
        # a table whose successor was not found must not swallow the rest of the report
        out[k] = (p, min(end, p + int(caps[k])))
    return out


def _header(text: str, a: int, chunks: list[Chunk]) -> str:
    """Compact label text from ``a`` to the first number (the header, plus maybe the first row label)."""
    first = next((p.start for c in chunks for p in c.pieces if p.number), len(text))
    return compact(text[a:first])[0]


def _order(hay: str, labels: dict[str, tuple[str, ...]], taken: list[tuple[int, int]] | None = None) -> dict[str, int]:
    """Position of each key's label in ``hay``; longer labels claim their span first (and ``taken``)."""
    taken = list(taken or [])
    pos: dict[str, int] = {}
    flat = sorted(((core(v), k) for k, vs in labels.items() for v in vs), key=lambda t: -len(t[0]))
    for lab, k in flat:
        if k in pos or not lab:
            continue
        hits = find_all(hay, lab, taken)
        if hits:
            pos[k] = hits[0]
            taken.append((hits[0], hits[0] + len(lab)))
    return pos


def _rows(chunks: list[Chunk]) -> list[RowObs]:
    return [RowObs(c.label, c.start, c.end, c.pieces) for c in chunks if c.pieces]


def t2_tables(text: str, a: int, b: int, hint: str | None) -> list[TableObs]:
    cs, idx = compact(text[a:b])
    pattern = re.compile(label_data()["t2_block_anchor"])
    marks = [(m.start(), _BLOCK_NO.get(m.group(1))) for m in pattern.finditer(cs)]
    marks = [(p, k) for p, k in marks if k]
    template = _t2_template(cs, hint)
    keys = template_keys(template)
    out = []
    for i, (p, bkey) in enumerate(marks):
        if bkey not in keys.t2:
            continue
        start = a + idx[p]
        end = a + idx[marks[i + 1][0]] if i + 1 < len(marks) else b
        chunks = tokenize(text, start, end)
        block = keys.t2[bkey]
        head = _header(text, start, chunks)
        pos = _order(head, block.cols)
        cols = sorted(pos, key=pos.get) if len(pos) == len(block.cols) else list(block.cols)
        headers = {k: v[0] for k, v in block.cols.items()}
        hu = re.search(r"\((?:单位)?[^()]*(万元|元)\)", head)
        if hu:
            headers = {k: v + hu.group(0) for k, v in headers.items()}
        out.append(TableObs("t2", bkey, cols, _rows(chunks), start, end, headers, template))
    return out


def _t2_template(cs: str, hint: str | None) -> str:
    """2019 or 2021, by which template's t2 column labels the region holds."""
    score = {}
    for t in ("2019", "2021"):
        labels = {f"{b.key}.{k}": v for b in template_keys(t).t2.values() for k, v in b.cols.items()}
        score[t] = sum(1 for vs in labels.values() if any(core(v) in cs for v in vs[:1]))
        score[t] += 3 * ("第二十条第(九)项" in cs and t == "2019")
    if score["2019"] == score["2021"]:
        return hint if hint in ("2019", "2021") else "2021"
    return max(score, key=score.get)


def t3_table(text: str, a: int, b: int) -> TableObs:
    chunks = tokenize(text, a, b)
    keys = template_keys("2021")
    head = _header(text, a, chunks)
    return TableObs("t3", None, t3_column_order(head, keys.t3_cols), _rows(chunks), a, b)


def t3_column_order(head: str, cols: dict[str, tuple[str, ...]]) -> list[str]:
    """Value order of the t3 columns from a two-level header read row by row.

    The header reads 自然人 | 法人或其他组织 | 总计 then the organisation sub-columns: the values run
    自然人, the sub-columns, 总计 — each top-level label in place, the group replaced by its leaves.
    """
    group_label, leaves = t3_column_group()
    group = find_all(head, core(group_label)) if group_label else []
    # the group label holds '其他': it claims its span before the leaf '其他' is looked for
    pos = _order(head, cols, [(g, g + len(core(group_label))) for g in group[:1]])
    if len(pos) < len(cols):
        return list(cols)
    if not group:
        return sorted(pos, key=pos.get)
    top = {"natural_person": pos["natural_person"], "total": pos["total"], "_group": group[0]}
    order: list[str] = []
    for k in sorted(top, key=top.get):
        order += sorted(leaves, key=lambda x: pos[x]) if k == "_group" else [k]
    return order


def t4_table(text: str, a: int, b: int) -> TableObs | None:
    """t4: its header, then its 15 values — as one row, or as one small table per group, each with the
    group's name and the five column labels before its values."""
    chunks = tokenize(text, a, b)
    first = next((i for i, c in enumerate(chunks) if any(p.number for p in c.pieces)), None)
    if first is None:
        return None
    pieces: list[Piece] = []
    labels = [c.label for c in chunks[: first + 1]]
    for c in chunks[first:]:
        if c is not chunks[first] and not _t4_words_only(c.label):
            break  # a label that is not t4's own wording ends the table
        if c is not chunks[first]:
            labels.append(c.label)
        pieces += c.pieces
    row = RowObs(chunks[first].label, chunks[first].start, chunks[first].end, pieces)
    end = pieces[-1].end if pieces else b
    head = compact(" ".join(labels))[0]
    return TableObs("t4", None, t4_column_order(head), [row], a, end)


def _t4_words_only(label: str) -> bool:
    """Whether a label holds nothing but t4's group and column names (a group's own small table)."""
    rest = core(label)
    if not rest:
        return True
    for word in sorted(t4_words(), key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(re.sub(r"[()#\[\]]", "", rest)) <= 2


def t4_column_order(head: str) -> list[str]:
    """'group/col' in value order: the k-th run of the five column labels belongs to the k-th group."""
    keys = template_keys("2021")
    default = [f"{g}/{c}" for g in keys.t4_groups for c in keys.t4_cols]
    gpos = _order(head, keys.t4_groups)
    if len(gpos) < len(keys.t4_groups):
        return default
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for c, vs in sorted(keys.t4_cols.items(), key=lambda kv: -len(core(kv[1][0]))):
        lab = core(vs[0])
        for m in re.finditer(re.escape(lab), head):
            if all(m.end() <= x or m.start() >= y for x, y in taken):
                hits.append((m.start(), c))
                taken.append((m.start(), m.end()))
    hits.sort()
    n = len(keys.t4_cols)
    if len(hits) != n * len(gpos):
        return default
    groups = sorted(gpos, key=gpos.get)
    return [f"{groups[i // n]}/{c}" for i, (_, c) in enumerate(hits)]
