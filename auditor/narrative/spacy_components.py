"""spaCy components: our sentence splitter, the specificity recogniser and the classifier.

``import auditor.narrative`` registers the factories, so anyone's spaCy pipeline can use them::

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("auditor_sentences"); nlp.add_pipe("auditor_specificity"); nlp.add_pipe("auditor_classifier")

:func:`make_nlp` builds exactly that, with the government-terms dictionary loaded into jieba first.
Sentence boundaries and specificity spans are computed on ``doc.text`` by the same code the stage uses,
then aligned to tokens (``alignment_mode="expand"``), so spaCy and the report stage never disagree.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from auditor.narrative import specificity
from auditor.narrative.segment import jieba_module
from auditor.narrative.sentences import split_spans

SPANS_KEY = "specificity"

if not Span.has_extension("narrative_label"):
    Span.set_extension("narrative_label", default=None)
if not Span.has_extension("p_substantive"):
    Span.set_extension("p_substantive", default=None)


class SentenceSplitter:
    """Sets ``is_sent_start`` at the enumerator-aware boundaries of :mod:`auditor.narrative.sentences`."""

    def __call__(self, doc: Doc) -> Doc:
        starts = {s for s, _ in split_spans(doc.text)}
        for tok in doc:
            if tok.i == 0:
                tok.is_sent_start = True
                continue
            prev = doc[tok.i - 1]
            # a token starts a sentence if a boundary falls inside [end of previous token, its own start]
            tok.is_sent_start = any(prev.idx + len(prev.text) <= s <= tok.idx for s in starts) or \
                tok.idx in starts
        return doc


class SpecificityRecogniser:
    """Adds ``doc.spans["specificity"]`` labelled COUNT, PERCENT, MONEY, DATE, YEAR, DOC, INITIATIVE, NAMED."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for s in specificity.recognise(doc.text):
            span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


class NarrativeClassifierComponent:
    """Sets ``sent._.narrative_label`` and ``sent._.p_substantive`` on every sentence, and
    ``doc.spans["narrative"]`` (one span per sentence, labelled). The model loads on first use."""

    def __init__(self, model_path: str | None = None) -> None:
        self.model_path = model_path
        self._model = None

    def _get_model(self):
        if self._model is None:
            from auditor.narrative.training import load_model, shipped_model

            self._model = load_model(Path(self.model_path)) if self.model_path else shipped_model()
        return self._model

    def __call__(self, doc: Doc) -> Doc:
        sents = list(doc.sents)
        results = self._get_model().label([s.text for s in sents]) if sents else []
        out = []
        for sent, (label, p) in zip(sents, results, strict=True):
            sent._.narrative_label = label
            sent._.p_substantive = p
            out.append(Span(doc, sent.start, sent.end, label=label))
        doc.spans["narrative"] = out
        return doc


@Language.factory("auditor_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()


@Language.factory("auditor_specificity", assigns=["doc.spans"])
def make_specificity(nlp: Language, name: str) -> SpecificityRecogniser:
    return SpecificityRecogniser()


@Language.factory("auditor_classifier", assigns=["doc.spans"],
                  requires=["token.is_sent_start"], default_config={"model_path": None})
def make_classifier(nlp: Language, name: str, model_path: str | None) -> NarrativeClassifierComponent:
    return NarrativeClassifierComponent(model_path)


def make_nlp(classify: bool = True) -> Language:
    """Blank Chinese pipeline, jieba with our user dictionary, and our components."""
    import spacy

    jieba_module()  # our terms must be in jieba before spaCy's tokenizer first segments
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("auditor_sentences")
    nlp.add_pipe("auditor_specificity")
    if classify:
        nlp.add_pipe("auditor_classifier")
    return nlp
