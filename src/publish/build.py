"""The pipeline: load → model → matter → each edition → write, all or nothing."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from publish.editions import Artifact, editions
from publish.errors import PublishError
from publish.manuscript import load_book
from publish.output import replace_dir, staging_dir, write_atomic

log = logging.getLogger("publish")

FORMATS = ("pdf", "epub", "html")


@dataclass(frozen=True)
class BuildResult:
    written: tuple[Path, ...]


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise PublishError(
            f"unknown format {', '.join(unknown) or '(none)'}", key="--format",
            hint=f"choose from {', '.join(FORMATS)}, separated by commas",
        )
    return wanted


def build(project: Path, out: Path | None = None, formats: tuple[str, ...] = FORMATS) -> BuildResult:
    project = project.resolve()
    if not project.is_dir():
        raise PublishError("project folder does not exist", file=project)
    out = (out or project / "build").resolve()
    book = load_book(project)
    available = editions()
    # Render everything before writing anything: a failure leaves the old editions as they were.
    artifacts = []
    for name in formats:
        log.info("rendering the %s edition", name)
        artifacts.append(available[name].render(book))
    # An edition may use another's output (the EPUB marks the print edition's pages).
    rendered = {a.edition: a for a in artifacts}
    artifacts = [
        available[a.edition].finish(book, a, rendered) if hasattr(available[a.edition], "finish") else a
        for a in artifacts
    ]
    written: list[Path] = []
    for artifact in artifacts:
        written.extend(_write(artifact, out))
    return BuildResult(tuple(written))


def _write(artifact: Artifact, out: Path) -> list[Path]:
    if artifact.folder is None:
        paths = []
        for name, data in artifact.files.items():
            write_atomic(out / name, data)
            paths.append(out / name)
        return paths
    target = out / artifact.folder
    staged = staging_dir(target)
    try:
        for name, data in artifact.files.items():
            relative = Path(name).relative_to(artifact.folder)
            path = staged / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            path.chmod(0o644)
        staged.chmod(0o755)
        replace_dir(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return [target / "index.html"]
