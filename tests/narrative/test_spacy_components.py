"""The spaCy factories, used the way other people's spaCy code would ↔ spacy_components.py."""

from __future__ import annotations

import pytest
import spacy

import auditor.narrative  # noqa: F401  (registers the factories once spaCy is imported)
from auditor.narrative.segment import jieba_module
from auditor.narrative.sentences import split_spans

TEXT = ("2022年全区共主动公开政府信息14571条。存在的问题：一是政府信息主动公开的意识还需进一步加强；"
        "二是3个乡镇公开目录未及时更新。印发《平潭综合实验区政务公开工作方案》。")


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    jieba_module()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("auditor_sentences")
    nlp.add_pipe("auditor_specificity")
    nlp.add_pipe("auditor_classifier")
    return nlp


def test_gov_terms_stay_whole(nlp) -> None:
    doc = nlp("在政务大厅设置政务公开专区")
    assert "政务公开专区" in [t.text for t in doc]


def test_sentences_match_the_splitter(nlp) -> None:
    doc = nlp(TEXT)
    assert [s.start_char for s in doc.sents] == [s for s, _ in split_spans(TEXT)]


def test_specificity_spans(nlp) -> None:
    doc = nlp(TEXT)
    got = {(s.label_, s.text) for s in doc.spans["specificity"]}
    assert ("COUNT", "14571条") in got
    assert ("DOC", "《平潭综合实验区政务公开工作方案》") in got


def test_classifier_labels_each_sentence(nlp) -> None:
    doc = nlp(TEXT)
    labels = [s._.narrative_label for s in doc.sents]
    assert len(labels) == len(list(doc.sents)) == len(doc.spans["narrative"])
    assert labels[0] == "substantive" and labels[2] == "boilerplate"
    assert all(0.0 <= s._.p_substantive <= 1.0 for s in doc.sents)


def test_make_nlp_builds_the_same_pipeline() -> None:
    from auditor.narrative import make_nlp

    assert make_nlp(classify=False).pipe_names == ["auditor_sentences", "auditor_specificity"]
