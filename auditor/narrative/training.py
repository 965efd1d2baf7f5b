"""Training data, agency-grouped cross-validation, and the shipped model (skops, never pickle).

``auditor train`` calls :func:`train`; the benchmark and the model card call :func:`cross_validate`.
Everything is deterministic: sorted inputs, a liblinear-free solver, no random state.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from auditor.errors import AuditError, ModelError
from auditor.narrative.classifier import NarrativeClassifier
from auditor.resources import corpora_path, models_dir

MODEL_FILE = "narrative_classifier.skops"
LOW_CONFIDENCE_WEIGHT = 0.5  # close calls under the rubric teach less than clear ones
_YEAR_TAIL = re.compile(r"[-_]?(19|20)\d{2}$")


@dataclass(frozen=True)
class Labelled:
    texts: tuple[str, ...]
    labels: tuple[str, ...]
    agencies: tuple[str, ...]
    high: tuple[bool, ...]
    files: tuple[str, ...]

    def weights(self) -> np.ndarray:
        return np.array([1.0 if h else LOW_CONFIDENCE_WEIGHT for h in self.high])


def load_labelled(path: Path | None = None) -> Labelled:
    """``corpora/labelled/sentences.jsonl``."""
    path = path or corpora_path("labelled", "sentences.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Labelled(
        texts=tuple(r["text"] for r in rows),
        labels=tuple(r["label"] for r in rows),
        agencies=tuple(r["agency"] for r in rows),
        high=tuple(r.get("confidence", "high") == "high" for r in rows),
        files=tuple(r.get("file", "") for r in rows),
    )


def _manifest_agencies(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in ("SOURCES.tsv", "MANIFEST.tsv"):
        f = folder / name
        if not f.is_file():
            continue
        with f.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row.get("file") and row.get("agency"):
                    out[row["file"]] = row["agency"]
    return out


def default_reference_dirs() -> list[Path]:
    """Real report texts for the commonness table: the sample reports, and in a checkout the page openings
    of many agencies kept with the test fixtures."""
    dirs = [corpora_path("samples"), corpora_path("..", "tests", "fixtures", "pages")]
    return [d.resolve() for d in dirs if d.is_dir()]


def load_reference(dirs: Sequence[Path], labelled: Labelled) -> list[tuple[str, str, str]]:
    """(agency, file name, text) of every readable report in ``dirs``; unreadable files are skipped
    (the commonness table is a statistic, one missing report does not invalidate it)."""
    from auditor.ingest import load

    by_file: dict[str, Counter[str]] = {}
    for f, a in zip(labelled.files, labelled.agencies, strict=True):
        by_file.setdefault(Path(f).name, Counter())[a] += 1
    out = []
    for d in dirs:
        names = _manifest_agencies(d)
        for f in sorted(d.iterdir()):
            if not f.is_file() or f.suffix.lower() == ".tsv" or f.name.startswith("."):
                continue
            try:
                text = load(f).text
            except AuditError:
                continue
            if f.name in by_file:
                agency = by_file[f.name].most_common(1)[0][0]
            else:
                agency = names.get(f.name) or _YEAR_TAIL.sub("", f.stem)
            out.append((agency, f.name, text))
    return out


def reference_digest(reference: Sequence[tuple[str, str, str]]) -> str:
    """A fingerprint of the reference documents as ingestion reads them, kept with the model: when a change
    to ingestion alters them, the shipped model no longer is what `auditor train` builds (a fast test says so)."""
    h = hashlib.sha256()
    for agency, name, text in reference:
        h.update(f"{agency}\t{name}\t{text}\n".encode())
    return h.hexdigest()


DERIVED_WEIGHT = 0.5
_DERIVED_GROUP = "_template_phrases"


def derived_examples() -> list[tuple[str, str]]:
    """Training examples derived without new labelling: every known template phrase
    (``corpora/templates/template_phrases.txt``) is, by definition, template wording."""
    from auditor.resources import template_phrases

    return [(p, "template") for p in template_phrases()]


def _with_derived(texts: list[str], labels: list[str], groups: list[str], weights: np.ndarray,
                  ) -> tuple[list[str], list[str], list[str], np.ndarray]:
    extra = derived_examples()
    return (texts + [t for t, _ in extra], labels + [lab for _, lab in extra],
            groups + [_DERIVED_GROUP] * len(extra), np.concatenate([weights, np.full(len(extra), DERIVED_WEIGHT)]))


def macro_f1(y_true: Sequence[str], y_pred: Sequence[str], mask: Sequence[bool] | None = None) -> float:
    yt, yp = np.asarray(y_true), np.asarray(y_pred)
    if mask is not None:
        m = np.asarray(mask, dtype=bool)
        yt, yp = yt[m], yp[m]
    return float(f1_score(yt, yp, average="macro"))


def cross_validate(
    data: Labelled,
    reference: Sequence[tuple[str, str, str]] = (),
    make: Callable[[], Any] = NarrativeClassifier,
    n_splits: int = 5,
    fit_context: bool = True,
    derived: bool = True,
) -> np.ndarray:
    """Out-of-fold predictions, GroupKFold by agency: no agency in both train and test.  The reference
    documents of a test-fold agency are withheld too, so commonness never sees the test agencies."""
    texts = np.asarray(data.texts, dtype=object)
    y = np.asarray(data.labels, dtype=object)
    groups = np.asarray(data.agencies, dtype=object)
    w = data.weights()
    pred = np.empty(len(texts), dtype=object)
    for train, test in GroupKFold(n_splits=n_splits).split(texts, y, groups):
        held_out = set(groups[test])
        model = make()
        if fit_context:
            ref = [(a, t) for a, _, t in reference if a not in held_out]
            fx, fy, fg, fw = list(texts[train]), list(y[train]), list(groups[train]), w[train]
            if derived:
                fx, fy, fg, fw = _with_derived(fx, fy, fg, fw)
            model.fit(fx, fy, groups=fg, reference=ref, sample_weight=fw)
        else:
            model.fit(list(texts[train]), list(y[train]))
        pred[test] = model.predict(list(texts[test]))
    return pred


def train(out_dir: Path | None = None, reference_dirs: Sequence[Path] | None = None,
          data: Labelled | None = None) -> Path:
    """Fit the classifier on all labelled sentences and write it to ``out_dir`` (default ``models/``)."""
    import skops.io as sio

    data = data or load_labelled()
    reference = load_reference(reference_dirs if reference_dirs is not None else default_reference_dirs(), data)
    fx, fy, fg, fw = _with_derived(list(data.texts), list(data.labels), list(data.agencies), data.weights())
    model = NarrativeClassifier().fit(fx, fy, groups=fg, reference=[(a, t) for a, _, t in reference],
                                      sample_weight=fw)
    out_dir = Path(out_dir) if out_dir is not None else models_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / MODEL_FILE
    sio.dump(model, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    meta = {"params": {k: list(v) if isinstance(v, tuple) else v for k, v in model.get_params().items()},
            "sentences": len(data.texts), "derived_examples": len(derived_examples()), "agencies": len(set(data.agencies)),
            "reference_files": [f for _, f, _ in reference],
            "reference_agencies": len({a for a, _, _ in reference} | set(data.agencies)),
            "commonness_grams": len(model.commonness_keys_),
            "reference_sha256": reference_digest(reference)}
    (out_dir / "narrative_classifier.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                                           encoding="utf-8")
    return path


# Types a model file may contain; anything else in the file is refused (skops' whole point).
_TRUSTED_PREFIXES = ("auditor.narrative.classifier.NarrativeClassifier", "sklearn.", "numpy.", "scipy.",
                     "builtins.", "collections.")


def load_model(path: Path | None = None) -> NarrativeClassifier:
    """The shipped classifier; :class:`ModelError` if it is missing or holds types we do not trust."""
    import skops.io as sio

    path = Path(path) if path is not None else models_dir() / MODEL_FILE
    if not path.is_file():
        raise ModelError(str(path), "the narrative model is missing; run `auditor train` to build it")
    try:
        untrusted = sio.get_untrusted_types(file=path)
        bad = [t for t in untrusted if not t.startswith(_TRUSTED_PREFIXES)]
        if bad:
            raise ModelError(str(path), f"refusing to load untrusted types {bad}")
        model = sio.load(path, trusted=untrusted)
    except ModelError:
        raise
    except Exception as exc:  # a damaged or foreign file: name it, and say how to rebuild
        raise ModelError(str(path), f"cannot load ({type(exc).__name__}: {exc}); run `auditor train`") from None
    if not isinstance(model, NarrativeClassifier):
        raise ModelError(str(path), f"expected a NarrativeClassifier. Got {type(model).__name__} instead")
    return model


@cache
def shipped_model() -> NarrativeClassifier:
    """The model in ``models/``, loaded once per process and warmed up (see NarrativeClassifier.warm_up)."""
    model = load_model()
    model.warm_up()
    return model


def labels_of(texts: Iterable[str]) -> list[tuple[str, float]]:
    return shipped_model().label(list(texts))
