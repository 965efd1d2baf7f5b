"""Word segmentation: jieba with the government-terms user dictionary, initialised once, lazily.

spaCy's ``zh`` tokenizer (segmenter "jieba") calls the global ``jieba`` module, so adding our terms
there makes spaCy pipelines and our own word n-grams segment the same way.  jieba's dictionary load takes
about a second; it happens on the first call, not at import.
"""

from __future__ import annotations

import logging
import threading
from types import ModuleType

from auditor.narrative.lexicons import gov_terms

_lock = threading.Lock()
_ready: ModuleType | None = None


def jieba_module() -> ModuleType:
    """The global jieba, initialised with our user dictionary (once per process)."""
    global _ready
    if _ready is not None:
        return _ready
    with _lock:
        if _ready is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter would reach the CLI
            jieba.initialize()
            for word, freq, tag in gov_terms():
                jieba.add_word(word, freq, tag)
            _ready = jieba
    return _ready


def words(text: str) -> list[str]:
    """Words of ``text`` (no whitespace tokens). HMM off: faster, and deterministic on new words."""
    return [w for w in jieba_module().cut(text, HMM=False) if w.strip()]
