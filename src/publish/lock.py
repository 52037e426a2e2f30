"""One build of a project at a time: a second build waits for the first, then runs.

An advisory lock (flock) on the project folder itself, so no lock file is written: the kernel
releases it when the holder exits, even when killed, so a crashed build leaves no stale lock.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TypeVar

from publish.errors import PublishError
from publish.output import sweep_temporaries

log = logging.getLogger("publish")

WAIT_SECONDS = 900.0
T = TypeVar("T")


@contextmanager
def project_lock(project: Path, wait: float = WAIT_SECONDS, out: Path | None = None) -> Iterator[None]:
    """Hold the project's lock (and that of an --out folder outside it), then sweep what killed
    builds left in build/ and in the output folder."""
    project = Path(project).resolve()
    out = Path(out).resolve() if out is not None else project / "build"
    locks = [project]
    if not out.is_relative_to(project) and out.is_dir():
        locks.append(out)  # two projects may share one --out folder
    with ExitStack() as held:
        for folder in locks:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            held.callback(os.close, fd)  # closing releases the lock
            _acquire(fd, folder, wait)
        for folder in dict.fromkeys((project / "build", out)):
            for path in sweep_temporaries(folder):
                log.info("removed %s, left by a build that was stopped", path)
        yield


def _acquire(fd: int, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if not told:
                log.warning("another build of this project is running; waiting for it to finish")
                told = True
            if time.monotonic() >= deadline:
                raise PublishError(
                    f"another build of this project still runs after {wait:.0f} s", file=path,
                    hint="wait for it to finish, or stop it; the lock goes when that process ends",
                ) from None
            time.sleep(0.2)


def locked(build: Callable[..., T]) -> Callable[..., T]:
    """Run `build(project, out, …)` holding the project's lock (and the output folder's)."""

    @functools.wraps(build)
    def run(project: Path, *args, **kwargs) -> T:
        if not Path(project).is_dir():  # build() says what is wrong; no build/ to create
            return build(project, *args, **kwargs)
        out = kwargs.get("out", args[0] if args else None)
        with project_lock(project, out=out):
            return build(project, *args, **kwargs)

    return run
