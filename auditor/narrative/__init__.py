"""Narrative: sentences, specificity, the substantive / boilerplate / template classifier, measures.

The package stays light to import (the structure stage uses its sentence splitter): the classifier,
scikit-learn and spaCy load on first use.  The spaCy factories ``auditor_sentences``,
``auditor_specificity`` and ``auditor_classifier`` are registered when spaCy is already imported (the
usual ``import spacy; import auditor.narrative``), by ``import auditor.narrative.spacy_components``, and
through the ``spacy_factories`` entry points of the installed package.  Importing the
package registers the ``narrative`` stage.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from auditor.narrative.sentences import split_sentences, split_spans
from auditor.narrative.stage import narrative  # registers the stage (light: no sklearn / spaCy import)

if "spacy" in sys.modules:
    from auditor.narrative import spacy_components as _spacy_components  # noqa: F401  (registers factories)

_LAZY = {
    "NarrativeClassifier": "auditor.narrative.classifier",
    "load_model": "auditor.narrative.training",
    "train": "auditor.narrative.training",
    "make_nlp": "auditor.narrative.spacy_components",
    "recognise": "auditor.narrative.specificity",
}

__all__ = ["NarrativeClassifier", "load_model", "make_nlp", "narrative", "recognise", "split_sentences",
           "split_spans", "train"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'auditor.narrative' has no attribute {name!r}")
