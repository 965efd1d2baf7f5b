"""Word's automatic numbering, written back into the text.

Many reports number their headings with Word lists ("一、" "（一）" "1."), so the numbers are not in the
runs' text but drawn from ``word/numbering.xml``.  Sections and items are found by those numbers, so we
render them: each numbered paragraph gets its label (``lvlText`` with ``%1``… replaced by the counters
in the level's ``numFmt``).  Bullets are not enumerators and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Numbering"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int
    suffix: str  # tab | space | nothing
    style: str | None


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (enough for list counters)."""
    if n <= 0:
        return _DIGITS[0]
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + chinese_number(rest) if rest < 10 else chinese_number(rest))
    return _DIGITS[n // 100 % 10] + "百" + tail


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                       (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideographDigital", "taiwanese", "japaneseCounting")):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return str(n)


def _int(el: Any, default: int = 0) -> int:
    try:
        return int(el.get(_VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


class Numbering:
    """Numbering definitions of one document, and the running counters of its lists."""

    def __init__(self, numbering_el: Any | None, styles_el: Any | None) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}  # abstractNumId → ilvl → level
        self.nums: dict[str, str] = {}  # numId → abstractNumId
        self.starts: dict[tuple[str, int], int] = {}  # (numId, ilvl) → startOverride
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int | None]] = {}
        if numbering_el is not None:
            self._read_numbering(numbering_el)
        if styles_el is not None:
            self._read_styles(styles_el)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        """From a python-docx Document (a document without numbering.xml gets an empty one)."""
        try:
            numbering_el = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering_el = None
        try:
            styles_el = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles_el = None
        return cls(numbering_el, styles_el)

    def _read_numbering(self, root: Any) -> None:
        for absn in root.iterchildren(f"{_W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in absn.iterchildren(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                suff = lvl.find(f"{_W}suff")
                style = lvl.find(f"{_W}pStyle")
                levels[ilvl] = _Level(
                    fmt=fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
                    text=text.get(_VAL, "") if text is not None else "",
                    start=_int(lvl.find(f"{_W}start"), 1),
                    suffix=suff.get(_VAL, "tab") if suff is not None else "tab",
                    style=style.get(_VAL) if style is not None else None,
                )
            self.levels[absn.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iterchildren(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            absn = num.find(f"{_W}abstractNumId")
            if absn is not None:
                self.nums[num_id] = absn.get(_VAL, "")
            for override in num.iterchildren(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    self.starts[(num_id, int(override.get(f"{_W}ilvl", "0")))] = _int(start, 1)

    def _read_styles(self, root: Any) -> None:
        based: dict[str, str] = {}
        own: dict[str, tuple[str, int | None]] = {}
        for style in root.iterchildren(f"{_W}style"):
            sid = style.get(f"{_W}styleId", "")
            base = style.find(f"{_W}basedOn")
            if base is not None:
                based[sid] = base.get(_VAL, "")
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                num_id = num_pr.find(f"{_W}numId")
                ilvl = num_pr.find(f"{_W}ilvl")
                if num_id is not None:
                    own[sid] = (num_id.get(_VAL, "0"), _int(ilvl) if ilvl is not None else None)
        for sid in set(own) | set(based):
            cur, seen = sid, 0
            while cur and cur not in own and seen < 10:  # numbering inherited through basedOn
                cur, seen = based.get(cur, ""), seen + 1
            if cur in own:
                self.style_num[sid] = own[cur]

    def label(self, p: Any) -> str:
        """The number Word draws before paragraph ``p`` ("一、", "（二）", "3.") and advances its list."""
        ppr = p.find(f"{_W}pPr")
        num_id, ilvl, style = None, None, None
        if ppr is not None:
            num_pr = ppr.find(f"{_W}numPr")
            pstyle = ppr.find(f"{_W}pStyle")
            style = pstyle.get(_VAL) if pstyle is not None else None
            if num_pr is not None:
                nid = num_pr.find(f"{_W}numId")
                num_id = nid.get(_VAL) if nid is not None else None
                lvl = num_pr.find(f"{_W}ilvl")
                ilvl = _int(lvl) if lvl is not None else None
        if num_id is None and style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        levels = self.levels.get(self.nums[num_id], {})
        if ilvl is None:  # a heading style linked to a level of the list
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        if counters[ilvl] == 0:
            counters[ilvl] = self.starts.get((num_id, ilvl), level.start)
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        text = level.text
        for k in range(ilvl + 1):
            lv = levels.get(k)
            value = counters[k] or (lv.start if lv else 1)
            text = text.replace(f"%{k + 1}", format_number(value, lv.fmt if lv else "decimal"))
        if level.suffix == "nothing" or not text or text[-1] in "、）)．.:：":
            return text
        return text + " "
