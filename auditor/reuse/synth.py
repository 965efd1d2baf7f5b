"""Synthetic archive with planted copies, for scale tests: ``generate`` (a stream) and ``write_archive``.

Reports follow the six sections of the 2021 template: narrative sentences built from the phrase bank
(:mod:`auditor.reuse.bank`, derived from real reports), tables flattened one row per line with `` | `` and
varied numbers.  A sentence joins one clause of the bank with a "specific" clause stitched from short
pieces of other real clauses (standing for the named projects, places and documents that make real
reports differ), so that sentences are new combinations and only planted copies share whole passages.
Planted: ``cross_agency`` copies (a whole problems section or one item, names and numbers replaced,
sentences reordered, ``edit`` of the characters edited) and ``self_repeat`` (an agency repeating its last
year's problems).  Ground truth: :class:`Planted` records (target and source spans, original offsets).
"""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from auditor.reuse.bank import load_bank

_CN = "一二三四五六七八九十"
_UNITS = ("县", "市", "区")


@dataclass(frozen=True)
class Planted:
    kind: str  # cross_agency | self_repeat
    mode: str  # section | item
    target: str
    t_start: int
    t_end: int
    source: str
    s_start: int
    s_end: int
    edit: float


@dataclass
class SynthReport:
    file: str
    agency: str
    place: str
    year: int
    published: str
    text: str
    problems: list[tuple[int, int]] = field(default_factory=list)  # sentence spans of section 5
    items: list[tuple[int, int]] = field(default_factory=list)  # sentence spans of section 1


class TextWriter:
    """Text with the offsets of what was written."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.n
        self.parts.append(s)
        self.n += len(s)
        return start, self.n

    def text(self) -> str:
        return "".join(self.parts)


def _num(rng: random.Random, s: str) -> str:
    """Digits replaced by other plausible numbers."""
    out, i = [], 0
    while i < len(s):
        if s[i].isdigit():
            j = i
            while j < len(s) and s[j].isdigit():
                j += 1
            out.append(str(rng.randint(1, 10 ** min(j - i, 4) - 1)))
            i = j
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def mutate(text: str, rate: float, rng: random.Random, pool: str) -> str:
    """Edit about ``rate`` of the characters in short runs (substitute, insert, delete 1-3 characters),
    as a copier rewording a passage does; punctuation and enumerators are kept."""
    chars = list(text)
    budget = round(rate * len(chars))
    while budget > 0 and chars:
        run = min(budget, rng.randint(1, 3))
        pos = rng.randrange(len(chars))
        if not ("\u4e00" <= chars[pos] <= "\u9fff"):
            budget -= 1
            continue
        op = rng.random()
        if op < 0.6:
            chars[pos:pos + run] = [rng.choice(pool) for _ in range(run)]
        elif op < 0.8:
            chars[pos:pos] = [rng.choice(pool) for _ in range(run)]
        else:
            del chars[pos:pos + run]
        budget -= run
    return "".join(chars)


class Generator:
    def __init__(self, seed: int = 0, copy_rate: float = 0.1, repeat_rate: float = 0.3,
                 edit: tuple[float, float] = (0.1, 0.3), memory: int = 500) -> None:
        self.rng = random.Random(seed)
        bank = load_bank()
        self.clauses = {k: [c for c in v if "{A}" not in c or k != "other"] for k, v in bank["clauses"].items()}
        self.depts = bank["departments"]
        text = "".join(c for v in bank["clauses"].values() for c in v)
        self.pool = "".join(sorted({c for c in text if "\u4e00" <= c <= "\u9fff"}))
        self.place_chars = "".join(sorted({c for p in bank["places"] for c in p[:-1] if "\u4e00" <= c <= "\u9fff"}))
        self.copy_rate, self.repeat_rate, self.edit = copy_rate, repeat_rate, edit
        self.recent: deque[SynthReport] = deque(maxlen=memory)

    # -- pieces -------------------------------------------------------------------------------------
    def _agency(self) -> tuple[str, str]:
        r = self.rng
        stem = "".join(r.choice(self.place_chars + self.pool[:300]) for _ in range(2))
        place = stem + r.choice(_UNITS)
        return place + r.choice(self.depts), place

    def _specific(self) -> str:
        r = self.rng
        pieces = []
        for _ in range(r.randint(3, 5)):
            c = r.choice(self.clauses["overview"]).replace("{A}", "")
            i = r.randrange(max(1, len(c) - 4))
            pieces.append(c[i:i + r.randint(3, 5)])
        return "".join(pieces)

    def _sentence(self, part: str, agency: str) -> str:
        r = self.rng
        base = r.choice(self.clauses[part]).replace("{A}", agency if r.random() < 0.5 else "我单位")
        # reworded on every use: a bank clause is a real phrase, not a sentence every agency writes verbatim
        base = mutate(base, 0.35, r, self.pool)
        bits = [base, self._specific() + self._specific()]
        if r.random() < 0.5:
            bits.reverse()
        return _num(r, "，".join(bits)) + "。"

    def _table(self, w: TextWriter, rows: list[str]) -> None:
        for label in rows:
            w.add(label + "".join(f" | {self.rng.randint(0, 300)}" for _ in range(self.rng.randint(1, 7))) + "\n")

    # -- one report ---------------------------------------------------------------------------------
    def report(self, i: int) -> tuple[SynthReport, list[Planted]]:
        r = self.rng
        prev = self.recent[r.randrange(len(self.recent))] if self.recent and r.random() < self.repeat_rate else None
        if prev is not None:
            agency, place, year = prev.agency, prev.place, prev.year + 1
        else:
            (agency, place), year = self._agency(), r.randint(2015, 2024)
        file = f"{i // 1000:04d}/{i:07d}.txt"
        w = TextWriter()
        w.add(f"{agency}{year}年政府信息公开工作年度报告\n")
        w.add(f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n")
        w.add("一、总体情况\n")
        items = []
        for k in range(r.randint(3, 5)):
            w.add(f"（{_CN[k]}）")
            for _ in range(r.randint(2, 4)):
                items.append(w.add(self._sentence("overview", agency)))
            w.add("\n")
        w.add("二、主动公开政府信息情况\n")
        self._table(w, ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"])
        w.add("三、收到和处理政府信息公开申请情况\n")
        self._table(w, ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
                        "（三）不予公开", "四、结转下年度继续办理"])
        w.add("四、政府信息公开行政复议、行政诉讼情况\n")
        self._table(w, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
        w.add("五、存在的主要问题及改进情况\n")
        planted: list[Planted] = []
        problems: list[tuple[int, int]] = []
        copy_src = self.recent[r.randrange(len(self.recent))] if self.recent and r.random() < self.copy_rate else None
        if prev is not None and prev.problems and r.random() < 0.5:
            problems, planted = self._copy(w, prev, file, agency, place, "self_repeat", "section", (0.0, 0.1))
        elif copy_src is not None and copy_src.agency != agency and copy_src.problems and r.random() < 0.5:
            problems, planted = self._copy(w, copy_src, file, agency, place, "cross_agency", "section", self.edit)
        else:
            w.add("存在的问题：")
            for k in range(r.randint(2, 4)):
                problems.append(w.add(f"{_CN[k]}是" + self._sentence("problem", agency)))
            w.add("改进措施：")
            for k in range(r.randint(2, 4)):
                problems.append(w.add(f"{_CN[k]}是" + self._sentence("improvement", agency)))
        w.add("\n六、其他需要报告的事项\n")
        if copy_src is not None and copy_src.agency != agency and not planted and copy_src.items:
            _, planted = self._copy(w, copy_src, file, agency, place, "cross_agency", "item", self.edit)
        w.add(self._sentence("other", agency) + "本年度未收取信息处理费。\n")
        published = f"{year + 1}-01-{r.randint(10, 31):02d}"
        rep = SynthReport(file, agency, place, year, published, w.text(), problems, items)
        self.recent.append(rep)
        return rep, planted

    def _copy(self, w: TextWriter, src: SynthReport, file: str, agency: str, place: str, kind: str, mode: str,
              edit: tuple[float, float]) -> tuple[list[tuple[int, int]], list[Planted]]:
        r = self.rng
        spans = list(src.problems) if mode == "section" else [r.choice(src.items)]
        order = list(range(len(spans)))
        if mode == "section" and r.random() < 0.5:
            r.shuffle(order)  # sentences reordered
        rate = r.uniform(*edit)
        out, planted = [], []
        for k in order:
            s, e = spans[k]
            piece = src.text[s:e].replace(src.agency, agency).replace(src.place, place)
            piece = mutate(_num(r, piece), rate, r, self.pool)
            t = w.add(piece)
            out.append(t)
            planted.append(Planted(kind, mode, file, t[0], t[1], src.file, s, e, round(rate, 3)))
        return out, planted


def generate(n: int, seed: int = 0, **kwargs: object) -> Iterator[tuple[SynthReport, list[Planted]]]:
    """``n`` reports with their planted copies, one at a time (memory: the last ``memory`` reports)."""
    gen = Generator(seed, **kwargs)  # type: ignore[arg-type]
    for i in range(n):
        yield gen.report(i)


def write_archive(n: int, directory: str | Path, seed: int = 0) -> Path:
    """Write ``n`` reports under ``directory`` (1000 per folder) and ``MANIFEST.jsonl`` (one line per
    report: file, agency, year, published, planted copies).  Returns the manifest's path."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    manifest = root / "MANIFEST.jsonl"
    with manifest.open("w", encoding="utf-8") as fh:
        for rep, planted in generate(n, seed):
            path = root / rep.file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(rep.text, encoding="utf-8")
            fh.write(json.dumps({"file": rep.file, "agency": rep.agency, "year": rep.year,
                                 "published": rep.published, "planted": [asdict(p) for p in planted]},
                                ensure_ascii=False) + "\n")
    return manifest
