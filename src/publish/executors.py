"""Where the volumes of a series build: this machine's cores, or a Dask distributed cluster.

An executor takes the volume jobs and yields each volume's outcome as it finishes. The local
one runs `build_volume` in worker processes. The Dask one sends each volume as content (a tar
of its project, hashed: the task key is the hash, so the same inputs are the same task) and
gets the editions back as bytes, which are written here, atomically, into the volume's build/.
"""

from __future__ import annotations

import io
import logging
import os
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from publish.cache import digest, sha256
from publish.errors import PublishError
from publish.project import manuscript_dir
from publish.series import SeriesFile
from publish.series_build import VolumeJob, VolumeOutcome, build_volume

log = logging.getLogger("publish")

EXECUTORS = ("local", "dask")
SKIPPED_FOLDERS = {"build", "editions", ".git"}  # outputs and history: not inputs of a build


class Executor(Protocol):
    def run(self, jobs: list[VolumeJob], series: SeriesFile) -> Iterator[VolumeOutcome]: ...


def make_executor(name: str, jobs: int | None = None, scheduler: str | None = None) -> Executor:
    if name == "local":
        if scheduler:
            raise PublishError("--scheduler is for the dask executor", key="--scheduler",
                               hint="add --executor dask, or leave --scheduler out")
        return LocalExecutor(jobs)
    if name == "dask":
        if not scheduler:
            raise PublishError("the dask executor needs the scheduler's address", key="--scheduler",
                               hint="e.g. --scheduler tcp://host:8786")
        return DaskExecutor(scheduler)
    raise PublishError(f"unknown executor '{name}'", key="--executor", hint=f"choose {' or '.join(EXECUTORS)}")


class LocalExecutor:
    """Volumes in parallel worker processes, one per core unless told (--jobs)."""

    def __init__(self, jobs: int | None = None) -> None:
        if jobs is not None and jobs < 1:
            raise PublishError(f"--jobs must be 1 or more, not {jobs}", key="--jobs")
        self.jobs = jobs or os.cpu_count() or 1

    def run(self, jobs: list[VolumeJob], series: SeriesFile) -> Iterator[VolumeOutcome]:
        if self.jobs == 1 or len(jobs) <= 1:  # no process to start (none: every volume was known broken)
            for job in jobs:
                yield build_volume(job, series)
            return
        level = logging.getLogger("publish").getEffectiveLevel()
        with ProcessPoolExecutor(min(self.jobs, len(jobs)), initializer=_quiet_worker, initargs=(level,)) as pool:
            # The cores go to the volumes: each typesets its chapters in its own process only.
            futures = {pool.submit(build_volume, replace(job, chapter_jobs=1), series): job for job in jobs}
            for future in as_completed(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:  # a worker was killed (out of memory?): its volumes fail alone
                    yield VolumeOutcome(futures[future], error="the process building this volume died")


def _quiet_worker(level: int) -> None:
    """A volume's own INFO lines would interleave with the series' progress lines."""
    logging.getLogger("publish").setLevel(max(level, logging.WARNING))


class DaskExecutor:
    """Each volume one task on a Dask distributed cluster (`pip install 'publish[dask]'`)."""

    def __init__(self, scheduler: str) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise PublishError("the dask executor needs Dask distributed, which is not installed",
                               key="--executor", hint="pip install 'publish[dask]'") from None
        self.scheduler = scheduler

    def run(self, jobs: list[VolumeJob], series: SeriesFile) -> Iterator[VolumeOutcome]:
        from distributed import Client
        from distributed import as_completed as dask_completed

        try:
            client = Client(self.scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise PublishError(f"cannot reach the Dask scheduler {self.scheduler}: {exc}", key="--scheduler",
                               hint="start one with `dask scheduler`, or check the address") from None
        try:
            futures = {}
            started = time.monotonic()
            for job in jobs:
                payload = pack_project(job.project)
                epoch = volume_epoch(job.project)
                key = "publish-volume-" + digest(sha256(payload), series.digest(), job.formats, job.printer, epoch)
                future = client.submit(remote_build, payload, series, job.formats, job.printer, epoch, key=key)
                futures[future] = job
            for future in dask_completed(list(futures)):
                job = futures[future]
                yield _collect(job, future, started)
        finally:
            client.close()


def _collect(job: VolumeJob, future, started: float) -> VolumeOutcome:
    try:
        files, error = future.result()
    except Exception as exc:  # the task died on its worker: this volume fails alone
        return VolumeOutcome(job, error=f"the Dask task failed: {type(exc).__name__}: {exc}")
    if error:  # the worker's folder was named "<volume>": the editor's is this one
        return VolumeOutcome(job, error=error.replace(VOLUME, str(job.project)), seconds=time.monotonic() - started)
    try:
        written = write_outputs(job, files)
    except PublishError as exc:
        return VolumeOutcome(job, error=str(exc))
    return VolumeOutcome(job, written, seconds=time.monotonic() - started)


def pack_project(project: Path) -> bytes:
    """The volume's inputs as one tar: sorted, no owners or times, so equal inputs give equal bytes."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted(_project_files(project)):
            info = tar.gettarinfo(str(path), arcname=path.relative_to(project).as_posix())
            info.mtime, info.uid, info.gid, info.uname, info.gname, info.mode = 0, 0, 0, "", "", 0o644
            with path.open("rb") as fh:
                tar.addfile(info, fh)
    return buffer.getvalue()


def _project_files(project: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(project):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not (here == project and d in SKIPPED_FOLDERS)]
        for name in filenames:
            if (here / name).is_file():
                yield here / name


def volume_epoch(project: Path) -> int:
    """The build date the local build would use (SOURCE_DATE_EPOCH, git, mtimes), fixed here for the worker."""
    from publish.manuscript import _manuscript_files, input_files
    from publish.metadata import load_metadata
    from publish.output import source_date

    manuscript = manuscript_dir(project)
    meta = load_metadata(manuscript / "book.yaml")
    return source_date(project, input_files(manuscript, meta, _manuscript_files(manuscript, meta)))


VOLUME = "<volume>"  # the project's folder on the worker, in an error sent back
_ONE_BUILD = threading.Lock()  # a worker's threads share globals (the font cache, the environment)


def remote_build(payload: bytes, series: SeriesFile, formats: tuple[str, ...], printer: bool,
                 epoch: int) -> tuple[dict[str, bytes], str]:
    """On a Dask worker: unpack the volume, build it, return ({path under build/: bytes}, error)."""
    with _ONE_BUILD, tempfile.TemporaryDirectory(prefix="publish-volume-") as tmp:
        project, out = Path(tmp) / "project", Path(tmp) / "out"
        with tarfile.open(fileobj=io.BytesIO(payload)) as tar:
            tar.extractall(project, filter="data")
        job = VolumeJob(0, "", "", project, out, formats, True, printer, chapter_jobs=1)  # workers are daemons
        saved = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        try:
            outcome = build_volume(job, series)
        finally:
            if saved is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = saved
        if not outcome.ok:
            return {}, outcome.error.replace(str(project), VOLUME)
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                 if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}
        return files, ""


def write_outputs(job: VolumeJob, files: dict[str, bytes]) -> tuple[Path, ...]:
    """The editions into the volume's build folder: files atomically, a site folder swapped whole."""
    from publish.build import _write
    from publish.editions import Artifact
    from publish.lock import project_lock

    folders: dict[str, dict[str, bytes]] = {}
    singles: dict[str, bytes] = {}
    for name, data in files.items():
        if name.startswith("/") or ".." in name.split("/"):
            raise PublishError(f"the worker sent back an unsafe path: {name}")
        if "/" in name:
            folders.setdefault(name.split("/", 1)[0], {})[name] = data
        else:
            singles[name] = data
    artifacts = [Artifact("files", singles)] + [Artifact(f, part, folder=f) for f, part in sorted(folders.items())]
    job.project.joinpath("build").mkdir(parents=True, exist_ok=True)
    with project_lock(job.project, out=job.out):  # as a local build would: never two writers at once
        return tuple(path for artifact in artifacts for path in _write(artifact, job.out))
