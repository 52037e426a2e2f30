"""`publish build --series`: every present volume of a series, in parallel, one failure isolated.

The series file is loaded and its numbering checked once, here; each volume is then one job
for an executor (local processes, or Dask distributed), which reports each volume as it
finishes. A failed volume becomes a line of the summary, never an end to the others.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.progress import Progress
from publish.project import FORMATS
from publish.series import SeriesFile, VolumeEntry, load_series

log = logging.getLogger("publish")


@dataclass(frozen=True)
class VolumeJob:
    """One volume to build: where it lies and where its editions go."""

    number: int
    label: str  # "No. X"
    title: str
    project: Path
    out: Path
    formats: tuple[str, ...] = FORMATS
    force: bool = False
    printer: bool = False
    chapter_jobs: int = 0  # processes typesetting its PDF's chapters (0: one per core; 1 when volumes share cores)


@dataclass(frozen=True)
class VolumeOutcome:
    job: VolumeJob
    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    error: str = ""  # why it failed; "" when it was built
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.error

    def line(self) -> str:
        """The progress line printed when the volume is done."""
        name = f"{self.job.label} {self.job.title}".replace("\u00a0", " ")
        if not self.ok:
            first = self.error.splitlines()[0]
            return f"{name}: FAILED: {first}"
        parts = [f"{len(self.written)} written"] + ([f"{len(self.unchanged)} up to date"] if self.unchanged else [])
        return f"{name}: {', '.join(parts)} in {self.seconds:.1f} s"


@dataclass(frozen=True)
class SeriesReport:
    series: SeriesFile
    outcomes: tuple[VolumeOutcome, ...]  # by volume number

    @property
    def failed(self) -> tuple[VolumeOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)

    def summary(self) -> str:
        built = [o for o in self.outcomes if o.ok]
        forthcoming = [v for v in self.series.volumes if not v.published]
        lines = [f"{self.series.name}: {len(built)} of {len(self.outcomes)} volumes built"
                 + (f", {len(self.failed)} failed" if self.failed else "")
                 + (f" ({len(forthcoming)} listed as not yet published)" if forthcoming else "")]
        lines += [f"  built  {o.job.label} {o.job.title} → {o.job.out}".replace("\u00a0", " ") for o in built]
        for o in self.failed:
            lines.append(f"  FAILED {o.job.label} {o.job.title}:".replace("\u00a0", " "))
            lines += [f"    {text}" for text in o.error.splitlines()]
        return "\n".join(lines)


def series_jobs(series: SeriesFile, out: Path | None, formats: tuple[str, ...], force: bool = False,
                printer: bool = False) -> list[tuple[VolumeJob, str]]:
    """Each present volume as a job, with the problem found when the series was read ("" if none)."""
    jobs = []
    slugs: dict[str, VolumeEntry] = {}
    for v in series.volumes:
        if v.project is None:
            continue
        if out is not None and v.slug in slugs:
            raise PublishError(
                f"{series.label(slugs[v.slug].number)} and {series.label(v.number)} would both be built into "
                f"{out / v.slug}", file=series.path, line=v.line,
                hint="give one of them another 'slug:' in its book.yaml")
        slugs[v.slug] = v
        target = (out / v.slug) if out is not None else v.project / "build"
        job = VolumeJob(v.number, series.label(v.number), v.title, v.project, target.resolve(), formats, force, printer)
        jobs.append((job, v.problem))
    if not jobs:
        raise PublishError("no volume of the series has a project to build", file=series.path, key="volumes",
                           hint="give the published volumes a 'path:' to their book project")
    return jobs


def build_series(path: Path, out: Path | None = None, formats: tuple[str, ...] = FORMATS, *, jobs: int | None = None,
                 executor: str = "local", scheduler: str | None = None, force: bool = False, printer: bool = False,
                 on_done: Callable[[VolumeOutcome], None] | None = None) -> SeriesReport:
    """Build every present volume; `on_done` hears of each as it finishes (the progress display)."""
    from publish.executors import make_executor

    series = load_series(path)
    runner = make_executor(executor, jobs=jobs, scheduler=scheduler)  # a missing extra fails before any work
    planned = series_jobs(series, out, formats, force, printer)
    outcomes: list[VolumeOutcome] = []

    def done(outcome: VolumeOutcome) -> None:
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)

    for job, problem in planned:  # known broken before building: reported, not sent
        if problem:
            done(VolumeOutcome(job, error=problem))
    for outcome in runner.run([job for job, problem in planned if not problem], series):
        done(outcome)
    return SeriesReport(series, tuple(sorted(outcomes, key=lambda o: o.job.number)))


def build_volume(job: VolumeJob, series: SeriesFile) -> VolumeOutcome:
    """One volume, in whatever process runs it: a user error or a bug becomes its outcome."""
    from publish.build import build

    started = time.monotonic()
    try:
        result = build(job.project, job.out, job.formats, force=job.force, printer=job.printer,
                       progress=Progress(), series=series, jobs=job.chapter_jobs)
    except PublishError as exc:
        return VolumeOutcome(job, error=str(exc), seconds=time.monotonic() - started)
    except Exception as exc:  # a bug in one volume must not take the series down with it
        from publish.errors import environment_error

        if (problem := environment_error(exc)) is not None:  # a full disk, a read-only build/: no bug
            return VolumeOutcome(job, error=str(problem), seconds=time.monotonic() - started)
        log.debug("volume %s failed", job.number, exc_info=True)
        return VolumeOutcome(job, error=f"internal error: {type(exc).__name__}: {exc}",
                             seconds=time.monotonic() - started)
    return VolumeOutcome(job, result.written, result.unchanged, seconds=time.monotonic() - started)
