"""The batch audit: hash every file, parse the new or changed ones on all cores, then the archive pass.

``audit_paths`` is what ``auditor audit`` calls; a notebook or a scheduler can call it too.  Workers get
chunks of (path, sha256) and return plain dicts; the main process alone writes to SQLite, one
transaction per chunk, so a kill at any moment loses at most the chunks in flight, which the next run
redoes (``reports.path`` is UNIQUE: nothing is ever stored twice).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import AuditError
from auditor.score import scoring_config
from auditor.store.archive import archive_pass
from auditor.store.db import Store
from auditor.store.worker import audit_chunk, parser_version, sha256_file

OnEvent = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class AuditSummary:
    files: int = 0
    skipped: int = 0
    parsed: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    archive: dict[str, int] = field(default_factory=dict)


def _store_result(store: Store, result: dict[str, Any]) -> None:
    rep = result.get("report")
    if rep is not None:
        cfg = scoring_config()
        result = {**result, "level": cfg.level_of(rep.get("agency")), "region": cfg.region_of(rep.get("agency"))}
    store.put_result(result)


def plan(store: Store, paths: Iterable[str], version: str, summary: AuditSummary) -> list[tuple[str, str]]:
    """The files to (re)do: new ones, changed ones (hash) and ones parsed by another version."""
    from auditor.cli._util import expand_paths  # the one definition of "files that may be reports"

    known = store.known()
    todo = []
    for p in expand_paths(paths):
        summary.files += 1
        try:
            h = sha256_file(p)
        except OSError as exc:
            h = "unreadable"
            if known.get(p) != (h, version):
                _store_result(store, {"path": p, "sha256": h, "parser_version": version,
                                      "error": f"E103 {p}: cannot read: {exc.strerror or exc}"})
                summary.failed += 1
                summary.errors.append(f"E103 {p}: cannot read: {exc.strerror or exc}")
            continue
        if known.get(p) == (h, version):
            summary.skipped += 1
        else:
            todo.append((p, h))
    store.conn.commit()
    return todo


def _chunks(items: Sequence[tuple[str, str]], size: int) -> Iterable[list[tuple[str, str]]]:
    for i in range(0, len(items), size):
        yield list(items[i:i + size])


def audit_paths(paths: Iterable[str], db: str | os.PathLike[str], workers: int | None = None, chunk: int = 8,
                on_event: OnEvent | None = None, on_error: Callable[[str], None] | None = None) -> AuditSummary:
    """Audit every file of ``paths`` into the store at ``db``; returns what was done."""
    summary = AuditSummary()
    version = parser_version()
    workers = max(1, workers or os.cpu_count() or 1)
    with Store(db) as store:
        todo = plan(store, paths, version, summary)
        if todo:
            store.set_state("dirty", "1")
            store.conn.commit()

        def take(results: list[dict[str, Any]]) -> None:
            for r in results:
                _store_result(store, r)
                if r.get("error"):
                    summary.failed += 1
                    summary.errors.append(r["error"])
                    if on_error:
                        on_error(r["error"])
                else:
                    summary.parsed += 1
            store.conn.commit()  # one transaction per chunk: all of it or none survives a kill
            if on_event:
                on_event("parsing", summary.parsed + summary.failed, len(todo))

        if on_event:
            on_event("parsing", 0, len(todo))
        if workers == 1 or len(todo) <= chunk:
            for part in _chunks(todo, chunk):
                take(audit_chunk(part, version))
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                pending: set[Future[list[dict[str, Any]]]] = set()
                parts = iter(_chunks(todo, chunk))
                for part in parts:
                    pending.add(pool.submit(audit_chunk, part, version))
                    if len(pending) >= workers * 3:  # bounded in flight: memory stays flat on huge archives
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for fut in done:
                            take(fut.result())
                for fut in pending:
                    take(fut.result())
        if store.get_state("dirty") == "1":
            summary.archive = archive_pass(store, on_event)
    return summary


def open_store(db: str | os.PathLike[str]) -> Store:
    if not os.path.exists(db):
        raise AuditError(os.fspath(db), "no such audit database (run `auditor audit PATH --db FILE` first)")
    return Store(db)
