"""The batch audit: hash every file, parse the new or changed ones on all cores, then the archive pass.

``audit_paths`` is what ``auditor audit`` calls; a notebook or a scheduler can call it too.  Workers get
chunks of (path, sha256) and return plain dicts; the main process alone writes to SQLite, one
transaction per chunk, so a kill at any moment loses at most the chunks in flight, which the next run
redoes (``reports.path`` is UNIQUE: nothing is ever stored twice).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import AuditError
from auditor.pipeline import keep_loaded
from auditor.score import scoring_config
from auditor.store.archive import archive_pass
from auditor.store.db import Store
from auditor.store.worker import audit_chunk, make_pool, parser_version, select_stages, sha256_file, warm_up

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
                on_event: OnEvent | None = None, on_error: Callable[[str], None] | None = None,
                stages: Sequence[str] | None = None) -> AuditSummary:
    """Audit every file of ``paths`` into the store at ``db``; returns what was done.

    ``stages`` limits the stages run (default: every installed one; see
    :func:`auditor.store.worker.select_stages`); components whose stage did not run cannot be verified.
    """
    summary = AuditSummary()
    stages = select_stages(stages)
    version = parser_version(stages)
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

        if not todo and store.get_state("dirty") != "1":
            return summary  # an unchanged archive whose last pass completed: nothing to do
        if on_event:
            on_event("parsing", 0, len(todo))
        n_ok = len(todo) + len(known_ok(store))
        if workers == 1 or n_ok <= chunk * workers * 2:  # too little work for a pool to pay off
            if todo:
                warm_up(stages)
                keep_loaded()
            for part in _chunks(todo, chunk):
                take(audit_chunk(part, version, stages))
            if store.get_state("dirty") == "1":
                summary.archive = archive_pass(store, on_event, stages=stages)
            return summary
        pool = _parse_on_pool(todo, version, stages, workers, chunk, take)
        try:
            if store.get_state("dirty") == "1":
                # the same pool: its workers have loaded their models (jieba, classifiers) once already
                summary.archive = archive_pass(store, on_event, pool=pool, stages=stages)
        finally:
            pool.shutdown()
    return summary


def _crashed(item: tuple[str, str], version: str) -> dict[str, Any]:
    path, sha = item
    return {"path": path, "sha256": sha, "parser_version": version,
            "error": f"E000 {path}: internal error: the worker process died on this file (crash or out of memory)"}


def _parse_on_pool(todo: Sequence[tuple[str, str]], version: str, stages: Sequence[str], workers: int, chunk: int,
                   take: Callable[[list[dict[str, Any]]], None]) -> ProcessPoolExecutor:
    """Parse ``todo`` on a pool, bounded in flight; returns the (live) pool for the archive pass.

    A worker that dies (a segfault in a reader, the OOM killer) breaks the whole pool: every chunk in
    flight is then retried file by file, one at a time on a fresh pool, and the file that breaks it alone is
    recorded as an error, so that one poisonous file can neither stop the batch nor make every rerun crash.
    """
    pool = make_pool(workers, stages)
    queue: deque[list[tuple[str, str]]] = deque(_chunks(todo, chunk))
    suspects: deque[tuple[str, str]] = deque()
    pending: dict[Future[list[dict[str, Any]]], list[tuple[str, str]]] = {}
    solo: set[Future[list[dict[str, Any]]]] = set()  # submitted alone: a break is that file's doing
    while queue or suspects or pending:
        if suspects:  # one at a time, so that a break names its file
            if not pending:
                item = suspects.popleft()
                fut = pool.submit(audit_chunk, [item], version, stages)
                pending[fut] = [item]
                solo.add(fut)
        else:
            while queue and len(pending) < workers * 3:  # bounded in flight: memory stays flat
                part = queue.popleft()
                pending[pool.submit(audit_chunk, part, version, stages)] = part
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        broken = False
        for fut in done:
            part = pending.pop(fut)
            try:
                take(fut.result())
            except BrokenProcessPool:
                broken = True
                if fut in solo:
                    take([_crashed(part[0], version)])
                else:
                    suspects.extend(part)
        if broken:
            for part in pending.values():
                suspects.extend(part)
            pending.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            pool = make_pool(workers, stages)
    return pool


def known_ok(store: Store) -> list[int]:
    return [r["id"] for r in store.rows("SELECT id FROM reports WHERE status = 'ok'")]


def open_store(db: str | os.PathLike[str]) -> Store:
    if not os.path.exists(db):
        raise AuditError(os.fspath(db), "no such audit database (run `auditor audit PATH --db FILE` first)")
    return Store(db)
