"""NarrativeSettings ↔ auditor/narrative/settings.py; the package stays light to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from auditor.errors import ConfigError
from auditor.narrative.settings import NarrativeSettings


def test_defaults_come_from_the_config_file() -> None:
    s = NarrativeSettings.resolve(None)
    assert "problems" in s.sections and s.answer_similarity > 0 and s.redundancy_chars > 0
    assert NarrativeSettings.resolve(s) is s
    assert NarrativeSettings.resolve({"redundancy_chars": 30}).redundancy_chars == 30


@pytest.mark.parametrize(("value", "needle"), [
    ({"answer_similarity": -1}, "answer_similarity"),
    ({"nonsense": 1}, "nonsense"),
    ("fast", "Got str instead"),
])
def test_bad_settings_are_named(value: object, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        NarrativeSettings.resolve(value)  # type: ignore[arg-type]


def test_import_does_not_load_sklearn_or_spacy() -> None:
    # the structure stage imports the sentence splitter from this package on every parse
    code = "import sys, auditor.narrative; print('sklearn' in sys.modules, 'spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
