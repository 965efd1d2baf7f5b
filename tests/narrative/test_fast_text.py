"""The narrative stage's batched text work ↔ features.py, sentences.py, specificity.py, measures.py: each
gives exactly what the sentence-by-sentence code it replaced gives (kept here, verbatim in substance, as
the reference), on the real reports, on awkward strings and on random ones."""

from __future__ import annotations

import dataclasses
import random
import re
from collections import Counter, defaultdict
from itertools import compress
from typing import Any

import numpy as np
import pytest

from auditor.model import Item, Sentence
from auditor.narrative import features, measures, sentences, specificity
from auditor.narrative.lexicons import generic_names, generic_prefixes, lead_words, name_suffixes
from tests.narrative.realtext import EDGE_CASES, fixture_sentences, fixture_texts, report_batches

# -- references: the code before the batched fast path -------------------------------------------------


def _split_reference(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    cuts = [m.end() for m in sentences._END.finditer(text, start, end)]
    cuts += [m.start() for m in sentences._ENUM.finditer(text, start, end)]
    out, pos = [], start
    for cut in [*sorted(set(cuts)), end]:
        if cut <= pos:
            continue
        s, e = pos, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= sentences._MIN_CHARS:
            out.append((s, e))
        pos = cut
    return out


def _trim_reference(text: str) -> str:
    changed = True
    while changed and text:
        changed = False
        for p in lead_words():
            if text.startswith(p) and len(text) > len(p):
                text = text[len(p) :]
                changed = True
                break
    return text


def _named_reference(text: str) -> bool:
    if any(text.endswith(g) for g in generic_names()) or any(text.startswith(p) for p in generic_prefixes()):
        return False
    suffix = next((x for x in name_suffixes() if text.endswith(x)), "")
    return len(text) - len(suffix) >= 2


def _recognise_reference(text: str) -> list[tuple[int, int, str, str]]:
    cands = []
    present = set(text)
    for label, pat in specificity._patterns():
        needs = specificity._NEEDS.get(label)
        if needs is not None and present.isdisjoint(needs):
            continue
        for m in pat.finditer(text):
            s, e = m.span()
            frag = m.group()
            if label == "DOC" and frag.startswith("《") and specificity._generic_title(frag):
                continue
            if label == "NAMED":
                trimmed = _trim_reference(frag)
                if not _named_reference(trimmed):
                    continue
                s, frag = e - len(trimmed), trimmed
            cands.append((s, e, label, frag))
    cands.sort(key=lambda c: (specificity._PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, str, str]] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    return sorted(taken)


def _redundancy_reference(sents: list[Sentence], n: int) -> dict[str, Any]:
    chars: list[str] = []
    offsets: list[int] = []
    for s in sents:
        if s.label == "template":
            continue
        keep = [bool(re.match(r"[^\W_]", ch)) for ch in s.text]
        chars.extend(compress(s.text, keep))
        offsets.extend(compress(range(s.start, s.start + len(s.text)), keep))
    text = "".join(chars)
    covered = np.zeros(len(text), dtype=bool)
    passages: list[dict[str, int]] = []
    seen: dict[str, int] = {}
    for i in range(max(0, len(text) - n + 1)):
        g = text[i : i + n]
        first = seen.setdefault(g, i)
        if first != i and i - first >= n:
            if not covered[i]:
                passages.append({"first": offsets[first], "again": offsets[i]})
            covered[first : first + n] = True
            covered[i : i + n] = True
    return {"n": n, "share_repeated": round(float(covered.mean()), 4) if len(text) else 0.0,
            "passages": passages[:50]}


def _shares_reference(sents: list[Sentence], keys: dict[int, str]) -> dict[str, Any]:
    by_sec: dict[str, Counter[str]] = defaultdict(Counter)
    for s in sents:
        by_sec[keys.get(s.section or -1, "unknown")][s.label or "none"] += 1
    out = {}
    for key, c in by_sec.items():
        judged = c["substantive"] + c["boilerplate"]
        out[key] = {"sentences": sum(c.values()), "substantive": c["substantive"],
                    "boilerplate": c["boilerplate"], "template": c["template"],
                    "share_substantive": round(c["substantive"] / judged, 4) if judged else None}
    return out


def _verdicts_reference(items: list[Item], sents: list[Sentence]) -> list[dict[str, Any]]:
    out = []
    for it in items:
        inside = [s for s in sents if s.start >= it.start and s.end <= it.end and s.label != "template"]
        p = max((s.p_substantive or 0.0 for s in inside), default=0.0)
        out.append({"label": it.label, "start": it.start, "end": it.end, "text": it.text,
                    "specific": any(s.label == "substantive" for s in inside), "p_substantive": round(p, 4),
                    "specificity": sum(s.specificity for s in inside)})
    return out


# -- sentence splitting ----------------------------------------------------------------------------------


def test_split_spans_matches_the_regex_scan_on_real_reports() -> None:
    rng = random.Random(0)
    for text in fixture_texts():
        assert list(sentences.split_spans(text)) == _split_reference(text)
        for _ in range(25):
            a, b = sorted(rng.sample(range(len(text) + 1), 2))
            assert list(sentences.split_spans(text, a, b)) == _split_reference(text, a, b), (a, b)


def test_split_spans_matches_the_regex_scan_on_random_text() -> None:
    rng = random.Random(1)
    alphabet = "一二三十是第，,：:。；;！？ \n\n\t（()）1234567890.．、”’」』!?a\u3000𠀀"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        a, b = rng.randint(0, len(text)), rng.randint(0, len(text))  # b < a too: nothing to split
        assert list(sentences.split_spans(text, a, b)) == _split_reference(text, a, b), (text, a, b)


# -- specificity -----------------------------------------------------------------------------------------


def test_recognise_matches_the_reference() -> None:
    for text in [*fixture_sentences(400), *EDGE_CASES, "在政务服务中心和“一网通办”平台办理3个乡镇的1,200件申请"]:
        got = [(s.start, s.end, s.label, s.text) for s in specificity._recognise_one(text)]
        assert got == _recognise_reference(text), text


def test_name_trimming_matches_the_reference() -> None:
    words = [*lead_words(), *name_suffixes(), *generic_prefixes(), "政务", "大厅", "在", ""]
    rng = random.Random(2)
    for _ in range(3000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 4)))
        assert specificity._trim_name(text) == _trim_reference(text), text
        assert specificity._named(text) == _named_reference(text), text


# -- dense features --------------------------------------------------------------------------------------


def test_dense_features_of_a_batch_match_sentence_by_sentence() -> None:
    for batch in [*report_batches(), list(EDGE_CASES), [t for t in EDGE_CASES if "\x00" not in t]]:
        np.testing.assert_array_equal(features.dense(batch), features._dense_rows(batch))
    for text in EDGE_CASES:
        np.testing.assert_array_equal(features.dense([text]), features._dense_rows([text]))


def test_nonzero_numbers_match_the_regex() -> None:
    rng = random.Random(3)
    alphabet = "0123456789.٣１a中 ,\u3000"
    for _ in range(5000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 5))]
        batch = features._Batch.of(texts)
        assert batch is not None
        want = [bool(features._NONZERO.search(features.squash(t))) for t in texts]
        assert batch.nonzero().tolist() == want, texts


@pytest.mark.parametrize("pattern", [
    r"未收到",  # searched once over the batch
    r"^未",  # an anchor: sentence by sentence
    r"到.申",  # a match may run from one sentence into the next: sentence by sentence
    r"x*",  # matches empty: sentence by sentence
    r"(?<=收)到",  # a look-behind: sentence by sentence
])
def test_batch_search_finds_what_each_sentence_search_finds(pattern: str) -> None:
    texts = ["未收到", "申请", "收到申请", "未", "到", "申"]
    batch = features._Batch.of(texts)
    assert batch is not None
    p = re.compile(pattern)
    assert batch.matches(p).tolist() == [bool(p.search(t)) for t in texts]


# -- measures --------------------------------------------------------------------------------------------


def _report_sentences() -> list[list[Sentence]]:
    out = []
    for batch_no, batch in enumerate(report_batches()):
        pos, sents = 0, []
        for i, t in enumerate(batch):
            label = ("template", "boilerplate", "substantive")[(i + batch_no) % 3]
            sents.append(Sentence(pos, pos + len(t), t, label=label, specificity=i % 3))
            pos += len(t) + 1
        out.append(sents)
    return out


def _doubled(sents: list[Sentence]) -> list[Sentence]:
    shift = sents[-1].end + 1 if sents else 0
    return [*sents, *(dataclasses.replace(s, start=s.start + shift, end=s.end + shift) for s in sents[: len(sents) // 2])]


def test_redundancy_matches_the_reference() -> None:
    for sents in _report_sentences():
        for case in (sents, _doubled(sents)):
            for n in (3, 20):
                assert measures.redundancy(case, n) == _redundancy_reference(case, n)


def test_redundancy_survives_hash_collisions(monkeypatch: pytest.MonkeyPatch) -> None:
    sents = _doubled(_report_sentences()[0])
    want = _redundancy_reference(sents, 20)
    monkeypatch.setattr(measures, "_window_hashes", lambda codes, n: np.zeros(max(0, len(codes) - n + 1), np.uint64))
    assert measures.redundancy(sents, 20) == want


def test_section_shares_and_item_verdicts_match_the_reference() -> None:
    rng = random.Random(4)
    for sents in _report_sentences():
        sents = [dataclasses.replace(s, section=rng.choice([None, 0, 1, 2, 5]), p_substantive=rng.random())
                 for s in sents]
        keys = {1: "overview", 2: "problems", 5: "other"}
        assert list(measures.section_shares(sents, keys).items()) == list(_shares_reference(sents, keys).items())
        end = sents[-1].end if sents else 0
        items = [Item("problem", str(i), "", a, b) for i in range(20)
                 for a, b in [sorted(rng.sample(range(end + 2), 2))]]
        for order in (sents, sents[::-1]):  # the stage's start order, and any other
            assert measures.item_verdicts(items, order) == _verdicts_reference(items, order)


def test_specificity_density_counts_content_characters() -> None:
    for sents in _report_sentences():
        judged = [s for s in sents if s.label != "template"]
        chars = sum(len(re.findall(r"[^\W_]", s.text)) for s in judged)
        want = round(100.0 * sum(s.specificity for s in judged) / chars, 4) if chars else None
        assert measures.specificity_density(sents) == want
