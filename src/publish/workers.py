"""The build's worker processes, shared by its stages: reading a long manuscript, then
typesetting the print edition's parts.

Workers are forked from a server that has loaded publish's PDF stage and WeasyPrint once
(importing them starts no thread), and typeset a sample page in the book's print styles
(editions/pdf_warm.py): each starts in a fraction of a second, sharing those pages. A build
starts that server early (`started`), while the book loads, when the book is long and
nothing is cached yet, or for a correction; otherwise a stage starts the workers when it has
enough work.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import current_process, get_context
from pathlib import Path
from typing import TypeVar

from publish.errors import Diagnostic, PublishError

T = TypeVar("T")
R = TypeVar("R")

_pool: ProcessPoolExecutor | None = None
_side: ProcessPoolExecutor | None = None  # one worker for a last long job (map_following's `alone`)
_lock = threading.Lock()
_early = False  # the build started the server they fork from, to use them
_jobs = 0  # 0: one per core
PROJECT_ENV = "PUBLISH_WARM_PROJECT"  # the project whose print styles the fork server warms up with


def count(jobs: int = 0) -> int:
    """How many workers: `jobs`, else one per core; one inside a daemon (a Dask worker may not
    start processes of its own)."""
    if current_process().daemon:
        return 1
    return jobs or _jobs or os.cpu_count() or 1


@contextmanager
def started(jobs: int = 0, early: bool = False, project: Path | None = None) -> Iterator[None]:
    """The workers of one build: `jobs` of them (0: one per core), started now when `early`;
    all gone when the build ends, whatever happened. With `project`, the server they are
    forked from warms WeasyPrint up with its print styles (editions/pdf_warm.py)."""
    global _jobs, _early
    _jobs = jobs
    with _project_named(project):
        try:
            if early and count() > 1:
                _start_server()
                _early = True
            yield
        finally:
            stop()
            _jobs, _early = 0, False


def start_server(project: Path, jobs: int = 0) -> None:
    """The server started now, before the build knows what it will make (a first build of a
    long book typesets it): it warms up with `project`'s print styles while the build hashes
    its inputs and loads the book."""
    with _project_named(project):
        if count(jobs) > 1:
            _start_server()


@contextmanager
def _project_named(project: Path | None) -> Iterator[None]:
    """The project in the environment, where the fork server reads it as it starts (it
    inherits the environment); as it was before, afterwards."""
    before = os.environ.get(PROJECT_ENV)
    if project is not None:
        os.environ[PROJECT_ENV] = str(project)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(PROJECT_ENV, None)
        else:
            os.environ[PROJECT_ENV] = before


def _start_server() -> None:
    """The server the workers fork from, started now without waiting: it loads for a second
    while the book loads here. The workers are forked when the first jobs come; a build that
    finds no work for them waits for nothing (the server ends with this process)."""
    from multiprocessing import forkserver

    _context()  # what the server loads
    forkserver.ensure_running()


def running() -> bool:
    """Whether the workers run, or were started early to be used."""
    return _pool is not None or _early


def pool() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=count(), mp_context=_context(),
                                        initializer=_end_with, initargs=(os.getpid(),))
        return _pool


def _side_pool() -> ProcessPoolExecutor:
    global _side
    with _lock:
        if _side is None:
            _side = ProcessPoolExecutor(max_workers=1, mp_context=_context(),
                                        initializer=_end_with, initargs=(os.getpid(),))
        return _side


def stop() -> None:
    global _side
    _stop_pool()
    with _lock:
        if _side is not None:
            _side.shutdown(cancel_futures=True)
            _side = None


def _stop_pool() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(cancel_futures=True)
            _pool = None


def map_jobs(fn: Callable[[T], R], items: Iterable[T], here: bool = False) -> Iterator[R]:
    """fn over items, in the workers unless `here` or only one worker is allowed; in order."""
    if here or count() <= 1:
        return (fn(item) for item in items)
    return pool().map(fn, items)


def map_following(fn: Callable[[T], R], items: list[T], follow: Callable[[int, R], list[T]],
                  known: dict[int, R] | None = None, here: bool = False,
                  alone: Callable[[T], bool] | None = None) -> Iterator[tuple[T, R]]:
    """fn over the items whose result is not `known` (by index), and over the items `follow`
    adds: it is told every item's result in the items' order (index, result), and what it
    returns runs before the items still waiting. Yields (item, result) for each item run, as
    it is done. A few items at a time go to the workers, so that an added item does not wait
    behind all the others. An item `alone` says is last runs in a worker of its own: once the
    others are done, their workers end (their memory goes back) while it runs."""
    results: dict[int, R] = dict(known or {})
    todo = [(index, item) for index, item in enumerate(items) if index not in results]
    added: list[T] = []
    told = 0

    def tell() -> None:
        nonlocal told
        while told in results:
            added.extend(follow(told, results[told]))
            told += 1

    tell()
    if here or count() <= 1:
        while added or todo:
            index, item = (None, added.pop(0)) if added else todo.pop(0)
            result = fn(item)
            yield item, result
            if index is not None:
                results[index] = result
                tell()
        return
    from concurrent.futures import FIRST_COMPLETED, wait

    running: dict = {}
    side: set = set()  # the futures of the items run alone
    while todo or added or running:
        while len(running) - len(side) <= count() and (added or todo):
            index, item = (None, added.pop(0)) if added else todo.pop(0)
            by_itself = alone is not None and alone(item)
            future = (_side_pool() if by_itself else pool()).submit(fn, item)
            running[future] = (index, item)
            if by_itself:
                side.add(future)
        if not (todo or added) and side and set(running) <= side:
            _stop_pool()  # only the items run alone are left: the other workers end
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        if not (todo or added) and side - done and set(running) - done <= side:
            _stop_pool()  # as soon as the others are done, before their results are used
        for future in done:
            index, item = running.pop(future)
            side.discard(future)
            result = future.result()
            yield item, result
            if index is not None:
                results[index] = result
        tell()


@dataclass(frozen=True)
class Failed:
    """A user error in a worker, sent back whole (an exception's pickle keeps only its text)."""

    kind: type
    diagnostic: Diagnostic

    @staticmethod
    def of(error: PublishError) -> Failed:
        return Failed(type(error), error.diagnostic)

    def error(self) -> PublishError:
        d = self.diagnostic
        return self.kind(d.message, file=d.file, line=d.line, key=d.key, hint=d.hint)


def _end_with(build: int) -> None:
    """In a worker: exit when the build's process is gone (killed, it cannot tell its workers)."""
    import time

    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(build, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid was taken by another user's process
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="publish-parent-watch").start()


def _context():
    context = get_context("forkserver")
    # pdf_assemble (pikepdf): a frame's margins are marked as artifacts where it is typeset.
    context.set_forkserver_preload(["publish.editions.pdf", "publish.editions.weasyprint_import",
                                    "publish.editions.pdf_worker", "publish.editions.pdf_assemble",
                                    "publish.editions.pdf_warm"])
    return context
