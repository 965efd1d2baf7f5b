"""The per-file work of a batch audit, run in worker processes: parse → stages → a JSON-ready dict.

A stage that is not registered yet is skipped, and one that fails on a file is recorded as a finding on
that file (``audit.stage_failed``); the scorer then marks the components that need it "cannot verify".
Only an unreadable file is an error row.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import multiprocessing
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

from auditor import __version__
from auditor.errors import AuditError, ConfigError
from auditor.model import Finding, Report, to_dict
from auditor.store.db import pack

PER_FILE_STAGES = ("structure", "tables", "checks", "narrative")


@cache
def available_stages() -> tuple[str, ...]:
    """The per-file stages that are registered in this installation, in pipeline order."""
    from auditor.pipeline import get_stage

    found = []
    for name in PER_FILE_STAGES:
        try:
            get_stage(name)
        except (KeyError, ImportError):
            continue
        found.append(name)
    return tuple(found)


@cache
def reuse_available() -> bool:
    try:
        from auditor.reuse import find_reuse  # noqa: F401
    except ImportError:
        return False
    return True


def select_stages(names: Sequence[str] | None = None) -> tuple[str, ...]:
    """The stages a batch runs: those asked for (all by default) that are installed, in pipeline order.

    ``reuse`` stands for the archive-wide copy detection.  An unknown name is a usage error.
    """
    known = (*PER_FILE_STAGES, "reuse")
    if names is not None:
        unknown = sorted(set(names) - set(known))
        if unknown:
            raise ConfigError(None, f"unknown stage(s) {unknown}; the stages are {list(known)}")
    wanted = set(known if names is None else names)
    installed = (*available_stages(), *(("reuse",) if reuse_available() else ()))
    return tuple(s for s in installed if s in wanted)


def parser_version(stages: Sequence[str] | None = None) -> str:
    """The package version plus the stages run: a file is redone when either changes."""
    stages = select_stages() if stages is None else stages
    return f"{__version__}:{'+'.join(stages)}"


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def warm_up(stages: Sequence[str] | None = None) -> None:
    """Load, once, what the stages load lazily on their first report: the stage modules, the narrative
    model, the checks' jieba tokenizer, scikit-learn and the scorer.

    Called in the parent before it forks the pool, so that every worker inherits them loaded instead of
    loading them itself (seconds per worker, tens of seconds on a loaded machine), and as the pool's
    initializer, where it is a no-op after a fork and does the loading once per worker otherwise.
    """
    stages = select_stages(stages)
    for step in _LOADERS:
        # a part that cannot load fails on each file, as a finding, the same as without the warm-up; it must
        # neither stop the batch nor break the pool (an initializer that raises does)
        with contextlib.suppress(Exception):
            step(stages)


def _load_stages(stages: Sequence[str]) -> None:
    from auditor.pipeline import get_stage

    for name in stages:
        if name in PER_FILE_STAGES:
            get_stage(name)
    import auditor.score  # noqa: F401


def _load_tokenizer(stages: Sequence[str]) -> None:
    if "checks" in stages:
        from auditor.checks.count_claims import _tk

        _tk()


def _load_model(stages: Sequence[str]) -> None:
    if "narrative" in stages:
        from auditor.narrative import measures  # noqa: F401  (scikit-learn)
        from auditor.narrative.training import shipped_model

        shipped_model()


_LOADERS = (_load_stages, _load_tokenizer, _load_model)


def make_pool(workers: int, stages: Sequence[str] | None = None) -> ProcessPoolExecutor:
    """A process pool whose workers start with the models loaded (see :func:`warm_up`).

    Fork where the platform has it (Linux): the children share the parent's loaded models copy-on-write.
    ``gc.freeze`` keeps the collector from touching, and so copying, those inherited objects in each child.
    """
    stages = select_stages(stages)
    warm_up(stages)
    ctx = None
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        gc.freeze()
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm_up, initargs=(stages,))


def run_stage(report: Report, name: str, **context: object) -> tuple[Report, bool]:
    """Run one registered stage; a failure becomes a finding on the report instead of an exception."""
    from auditor.pipeline import get_stage

    st = get_stage(name)
    try:
        return st.func(report, **{k: v for k, v in context.items() if k in st.requires}), True
    except Exception as exc:  # one stage failing on one file must not lose the file nor stop the batch
        reason = str(exc) if isinstance(exc, AuditError) else f"{type(exc).__name__}: {exc}"
        f = Finding(code="audit.stage_failed", severity="warning", status="cannot_verify", stage="audit",
                    message=f"stage {name} failed: {' '.join(reason.split())[:300]}", data={"stage": name})
        return report.with_findings(f), False


def audit_report(report: Report, stages: Sequence[str]) -> Report:
    return _audit_report(report, stages)[0]


def _audit_report(report: Report, stages: Sequence[str]) -> tuple[Report, bool]:
    """The report after ``stages`` (without its document), and whether the checks that ran on it gave what
    they would give without the document (see :func:`auditor.checks.document_free`)."""
    ran = []
    document_free = False
    for name in stages:
        report, ok = run_stage(report, name)
        if ok:
            ran.append(name)
            if name == "checks":  # on what the rules read, as they read it
                document_free = _document_free(report)
    return dataclasses.replace(report, meta={**report.meta, "stages": ran}, document=None), document_free


def _document_free(report: Report) -> bool:
    """See :func:`auditor.checks.document_free`; False (every rule reruns later) when it cannot tell."""
    try:
        from auditor.checks import document_free

        return document_free(report)
    except Exception:  # a shortcut must never cost a file
        return False


def audit_file(path: str, sha256: str, version: str, stages: Sequence[str] | None = None) -> dict[str, Any]:
    """One file's result as plain data (picklable, small: the raw document is dropped)."""
    from auditor.pipeline import parse

    out: dict[str, Any] = {"path": path, "sha256": sha256, "parser_version": version}
    try:
        report = parse(path, stages=())
    except AuditError as exc:
        out["error"] = str(exc)
        return out
    except Exception as exc:  # an input nobody foresaw: one error row, and the batch goes on
        out["error"] = f"E000 {path}: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        return out
    per_file = [s for s in (available_stages() if stages is None else stages) if s in PER_FILE_STAGES]
    report, out["checks_document_free"] = _audit_report(report, per_file)
    d = to_dict(report)
    out["blob"] = pack(d)  # compressed here, on the pool, rather than in the single writing process
    out["report"] = {k: d[k] for k in ("format", "agency", "year", "template", "published", "findings")}
    return out


def audit_chunk(items: Sequence[tuple[str, str]], version: str,
                stages: Sequence[str] | None = None) -> list[dict[str, Any]]:
    return [audit_file(p, h, version, stages) for p, h in items]
