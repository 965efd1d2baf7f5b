"""Counts the narrative states, as (quantity, descriptor) pairs tied to the table cells they describe.

The narrative is segmented with jieba (a private tokenizer holding the lexicon's terms, so the global
jieba other stages configure is untouched).  A count is a number token followed by a counting unit
(件/条/项…); its descriptor is looked up in the words next to it — before it ('受理申请21件') or after it
('103件顺延到下年度') — up to the nearest punctuation or earlier count, against
``corpora/lexicons/count_descriptors.tsv``.  A count is read only when it is confidently the cell's:
an approximate number ('5500余条'), a change or share ('同比增长', '占'), another year, or a window that
matches two descriptors with different cells is skipped.  Sub-descriptors ('自然人72件', '结果维持72件')
count only after their head ('收到申请75件', '行政复议351件') in the same sentence.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.model import Report

from .count_lexicon import Descriptor, cues, descriptors

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_NIL_CLAUSE_MAX = 60  # characters; a longer run without punctuation is table text, not a statement
_THOUSANDS = re.compile(r"\d[,，]\d{3}(?!\d)")
_TABLE_SECTIONS = ("proactive", "requests", "review")
_lock = threading.Lock()
_tokenizer: Any = None


@dataclass(frozen=True, slots=True)
class CountClaim:
    descriptor: str
    cells: tuple[str, ...]
    value: float
    start: int  # span in Report.text: from the descriptor to the unit
    end: int
    sentence: str
    nil: bool = False


def _tk() -> Any:
    """A private jieba tokenizer with the lexicon's words (loaded once per process)."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            words = set(cues()["extra_words"])
            for d in descriptors():
                words.update(t for g in d.terms for t in g)
            for w in sorted(words):
                tk.add_word(w, freq=100000)
            tk.initialize()
            _tokenizer = tk
    return _tokenizer


def narrative_spans(report: Report) -> list[tuple[int, int]]:
    """The report's narrative: outside the table sections (when sections are known) and table lines."""
    text = report.text
    if report.sections:
        spans, pos = [], 0
        for s in sorted(report.sections, key=lambda s: s.start):
            if s.key in _TABLE_SECTIONS:
                spans.append((pos, s.start))
                pos = s.end
        spans.append((pos, len(text)))
    else:
        spans = [(0, len(text))]
    cut = [(t.start, t.end) for t in (report.document.tables if report.document else ())]
    out: list[tuple[int, int]] = []
    for a, b in spans:
        for line in re.finditer(r"[^\n]+", text[a:b]):
            s, e = a + line.start(), a + line.end()
            # rendered or flattened table rows carry '|'; they are not narrative
            if "|" in line.group(0) or any(cs < e and s < ce for cs, ce in cut):
                continue
            out.append((s, e))
    return _merge(out, text)


def document_free(report: Report) -> bool:
    """Whether the narrative the rules read is the same without the report's document (the parsed file's
    table regions, which the store does not keep): then every rule gives the same results without it."""
    doc = report.document
    if doc is None or not doc.tables:
        return True
    return narrative_spans(report) == narrative_spans(dataclasses.replace(report, document=None))


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join consecutive lines (PDF text breaks sentences at line ends)."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and not text[merged[-1][1]:s].strip():
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


_SKIPPABLE = re.compile(r"\s+|[,，]")  # \s is exactly str.isspace(); a comma is skipped only in a number


def _compact(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, list[int]]:
    """The narrative without white space (PDF line breaks split words), with each char's offset."""
    # runs between skipped characters are copied whole: a loop over every character was most of the cost
    chars: list[str] = []
    offs: list[int] = []
    for a, b in spans:
        pos = a
        for m in _SKIPPABLE.finditer(text, a, b):
            s = m.start()
            if text[s] in ",，" and not _THOUSANDS.match(text, s - 1):
                continue  # an ordinary comma stays; '3,119件' is one number
            if s > pos:
                chars.append(text[pos:s])
                offs.extend(range(pos, s))
            pos = m.end()
        if b > pos:
            chars.append(text[pos:b])
            offs.extend(range(pos, b))
        chars.append("\n")  # spans never run into each other
        offs.append(b)
    return "".join(chars), offs


@cache
def _sentence_end_re() -> re.Pattern[str]:
    # single characters only: the text is cut at a character that is a sentence end
    ends = sorted({e for e in cues()["sentence_ends"] if len(e) == 1} | {"\n"})
    return re.compile("[" + "".join(re.escape(e) for e in ends) + "]")


def extract_claims(report: Report) -> list[CountClaim]:
    """Every confident (count, cells) pair the narrative states, with its span in ``report.text``."""
    available = set(report.cells)
    usable = [d for d in descriptors() if all(c in available for c in d.cells)]
    if not usable:
        return []
    compact, offs = _compact(report.text, narrative_spans(report))
    out: list[CountClaim] = []
    start = 0
    for m in _sentence_end_re().finditer(compact + "。"):
        i = m.start()
        if i > start:
            out.extend(_sentence_claims(compact[start:i], offs, start, usable, report.year))
        start = i + 1
    return out


def _sentence_claims(sent: str, offs: Sequence[int], base: int, usable: Sequence[Descriptor],
                     year: int | None) -> list[CountClaim]:
    c = cues()
    if not _may_claim(sent, usable):
        return []
    toks = [(w, s, e) for w, s, e in _tk().tokenize(sent)]
    words = [w for w, _, _ in toks]
    if year is not None and _leading_year(words) not in (None, year):
        return []  # a sentence about another year ('2022年，共收到…' in the 2023 report)
    bounds = set(c["boundaries"])
    units, approx_s, approx_p = set(c["units"]), tuple(c["approx_suffixes"]), set(c["approx_prefixes"])
    quantities = [i for i in range(len(words) - 1)
                  if _NUMBER.match(words[i]) and (words[i + 1] in units or words[i + 1].startswith(approx_s))]
    out: list[CountClaim] = []
    head: str | None = None
    seen_heads: set[str] = set()
    for qi, i in enumerate(quantities):
        unit = words[i + 1]
        lo = max([j + 1 for j in range(i) if words[j] in bounds] + [quantities[qi - 1] + 2 if qi else 0])
        hi_b = [j for j in range(i + 2, len(words)) if words[j] in bounds or _NUMBER.match(words[j])]
        hi = hi_b[0] if hi_b else len(words)
        before, after = words[lo:i], words[i + 2:hi]
        if unit not in units or (i and words[i - 1] in approx_p) or (after and after[0].startswith(approx_s)):
            continue  # approximate: '5500余条', '约300件', '20件左右'
        if any(q in "".join(before) for q in c["scope_cues"]):
            continue
        if year is not None and any(_YEAR.match(w) and int(w) != year for w in before):
            continue
        d = _match(before, sent, usable, head, seen_heads, "before")
        a, b = (toks[lo][1], toks[i + 1][2]) if d is not None else (0, 0)
        if d is None:
            d = _match(after, sent, usable, head, seen_heads, "after")
            if d is None:
                continue
            a, b = toks[i][1], toks[hi - 1][2]
        if d.scope is None:
            head = d.id
            seen_heads.add(d.id)
        out.append(CountClaim(d.id, d.cells, float(words[i]), offs[base + a], offs[base + b - 1] + 1, sent))
    out.extend(_nil_claims(toks, sent, offs, base, usable, quantities))
    return out


@cache
def _quantity_re() -> re.Pattern[str]:
    """A digit right before the first character of a unit or an approximate suffix: where a count token
    (a number, then a unit or '余'/'多'…) can start."""
    c = cues()
    firsts = sorted({w[0] for w in (*c["units"], *c["approx_suffixes"])})
    return re.compile(r"\d[" + "".join(re.escape(ch) for ch in firsts) + "]")


def _may_claim(sent: str, usable: Sequence[Descriptor]) -> bool:
    """Whether segmenting ``sent`` can yield a claim; False only when it cannot.

    Segmenting is most of the checks' cost and most narrative sentences state no count, so they are
    ruled out on the raw text first, by conditions every claim needs.  A count is a number token followed
    by a unit token (tokens are contiguous, so a digit meets the unit's first character), and the
    descriptor it is read for has a term of each of its groups in the window beside it (a run of tokens,
    so a substring of the sentence) and its context in the sentence; a nil claim needs a nil-cue word and
    the same of some nil descriptor.  Sentences with a number and a unit but none of the descriptors were
    most of those segmented in vain.
    """
    c = cues()
    if _quantity_re().search(sent) and any(_present(d, sent) for d in usable):
        return True
    if not any(cue in sent for cue in c["nil_cues"]):
        return False
    return any(_present(d, sent) for d in usable if d.nil)


def _present(d: Descriptor, sent: str) -> bool:
    """A term of each of the descriptor's groups, and its context if it has one, are in ``sent``."""
    return all(any(t in sent for t in g) for g in d.terms) and (not d.context or any(x in sent for x in d.context))


def _leading_year(words: Sequence[str]) -> int | None:
    if len(words) > 1 and _YEAR.match(words[0]) and words[1].startswith("年"):
        return int(words[0])
    return None


def _has(window: Sequence[str], term: str) -> bool:
    """``term`` is one token or a run of consecutive tokens of ``window`` (aligned to word boundaries)."""
    for i, w in enumerate(window):
        if not term.startswith(w):
            continue
        acc = w
        j = i + 1
        while len(acc) < len(term) and j < len(window):
            acc += window[j]
            j += 1
        if acc == term:
            return True
    return False


def _match(window: Sequence[str], sent: str, usable: Sequence[Descriptor], head: str | None,
           seen: set[str], side: str) -> Descriptor | None:
    if not window:
        return None
    text = "".join(window)
    subset = any(q in text for q in cues()["subset_cue"])
    cands = []
    for d in usable:
        if d.position not in (side, "both"):
            continue
        if d.scope is not None and d.scope != head:
            continue
        if d.scope is None and subset and d.id in seen:
            continue  # '其中…受理申请17件' after the head: a subset, not the cell
        if not all(any(_has(window, t) for t in g) for g in d.terms):
            continue
        if any(x in text for x in d.exclude):
            continue
        if d.context and not any(x in sent for x in d.context):
            continue
        cands.append(d)
    if not cands:
        return None
    best = max(len(d.terms) for d in cands)
    cands = [d for d in cands if len(d.terms) == best]
    if len({d.cells for d in cands}) > 1:
        return None  # two descriptors with different cells fit: not confident
    return cands[0]


def _nil_claims(toks: Sequence[tuple[str, int, int]], sent: str, offs: Sequence[int], base: int,
                usable: Sequence[Descriptor], quantities: Sequence[int]) -> list[CountClaim]:
    """'未收到政府信息公开申请', '未发生行政复议、行政诉讼': a stated zero, in a clause without a count."""
    c = cues()
    words = [w for w, _, _ in toks]
    nil_descs = [d for d in usable if d.nil]
    if not nil_descs or quantities:
        return []
    nil_terms = {t for d in nil_descs for g in d.terms for t in g}
    bounds = set(c["boundaries"])
    out: list[CountClaim] = []
    clause_start = 0
    for j in range(len(words) + 1):
        if j < len(words) and words[j] not in bounds:
            continue
        clause = words[clause_start:j]
        # a whole negation word ('未经复议直接起诉' is a t4 header, not a nil), in a clause of sentence size
        cue = next((k for k, w in enumerate(clause) if w in c["nil_cues"]), None)
        if cue is not None and len("".join(clause[cue:])) <= _NIL_CLAUSE_MAX:
            rest = clause[cue:]
            text = "".join(rest)
            for d in nil_descs:
                excl = [x for x in d.exclude if x not in nil_terms]
                if all(any(_has(rest, t) for t in g) or any(t in rest[0] for t in g) for g in d.terms) \
                        and not any(x in text for x in excl) \
                        and (not d.context or any(x in sent for x in d.context)):
                    a, b = toks[clause_start + cue][1], toks[j - 1][2]
                    out.append(CountClaim(d.id, d.cells, 0.0, offs[base + a], offs[base + b - 1] + 1, sent, nil=True))
        clause_start = j + 1
    return out


def tokenize(text: str) -> list[str]:
    """Words of ``text`` by the lexicon-aware tokenizer (for other rules reading narrative phrases)."""
    return list(_tk().cut(text))
