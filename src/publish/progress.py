"""What a build tells the user as it goes: per edition and per chapter, then one last line.

A build takes a `Progress` and hands each edition a chapter hook (a plain callable, or None
when nobody listens, so an unwatched build pays nothing). Three forms: `Progress` says
nothing; `LogProgress` writes plain log lines (for pipes and CI logs); `RichProgress` draws
bars when stderr is a terminal.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publish.model import Chapter

log = logging.getLogger("publish")

ChapterHook = Callable[["Chapter"], None]  # called once an edition has rendered a chapter
EDITION_NAMES = {"pdf": "print", "epub": "ebook", "html": "web"}


class Progress:
    """Reports nothing: the form for --quiet and for builds run by other commands."""

    def start(self, edition: str, chapters: int) -> None:
        pass

    def chapter_hook(self, edition: str) -> ChapterHook | None:
        return None

    def done(self, edition: str) -> None:
        pass

    def close(self) -> None:
        pass


class LogProgress(Progress):
    """Plain lines through the `publish` logger: editions at INFO, chapters at DEBUG (--verbose)."""

    def __init__(self, logger: logging.Logger = log) -> None:
        self.log = logger
        self.started: dict[str, float] = {}

    def start(self, edition: str, chapters: int) -> None:
        self.started[edition] = time.monotonic()
        self.total = chapters
        self.log.info("rendering the %s edition (%d chapter%s)", edition, chapters, "" if chapters == 1 else "s")

    def chapter_hook(self, edition: str) -> ChapterHook | None:
        if not self.log.isEnabledFor(logging.DEBUG):
            return None
        count = iter(range(1, 1_000_000))

        def hook(chapter: Chapter) -> None:
            self.log.debug("%s: chapter %d of %d: %s", edition, next(count), self.total,
                           chapter.title or chapter.id)

        return hook

    def done(self, edition: str) -> None:
        seconds = time.monotonic() - self.started.pop(edition, time.monotonic())
        self.log.info("rendered the %s edition in %.1f s", edition, seconds)


class RichProgress(Progress):
    """A bar per edition, advancing chapter by chapter; the PDF's also names the page being laid out."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bars

        self.bars = Bars(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                         TimeElapsedColumn(), console=Console(file=sys.stderr), transient=False)
        self.tasks: dict[str, int] = {}
        self.totals: dict[str, int | None] = {}
        self.pages: _PageCounter | None = None
        real = sys.stderr
        self.bars.start()
        # Log lines go through rich's proxy for stderr, above the bars rather than through them.
        self.handlers = [h for h in logging.getLogger().handlers
                         if isinstance(h, logging.StreamHandler) and h.stream is real]
        for handler in self.handlers:
            handler.setStream(sys.stderr)
        self.real = real

    def start(self, edition: str, chapters: int) -> None:
        label = f"{EDITION_NAMES.get(edition, edition)} edition"
        task = self.bars.add_task(label, total=chapters)
        if edition == "pdf":  # WeasyPrint lays out page after page: say which, between chapters
            self.pages = _PageCounter(lambda n: self.bars.update(task, description=f"{label}: page {n}"))
        self.tasks[edition] = task
        self.totals[edition] = chapters

    def chapter_hook(self, edition: str) -> ChapterHook | None:
        task = self.tasks[edition]
        return lambda chapter: self.bars.advance(task)

    def done(self, edition: str) -> None:
        task = self.tasks[edition]
        if edition == "pdf" and self.pages:
            self.pages.close()
            self.pages = None
        self.bars.update(task, description=f"{EDITION_NAMES.get(edition, edition)} edition",
                         completed=self.totals[edition])

    def close(self) -> None:
        if self.pages:
            self.pages.close()
        self.bars.stop()
        for handler in self.handlers:
            handler.setStream(self.real)


class _PageCounter(logging.Handler):
    """Passes on the page numbers of WeasyPrint's 'Creating layout - Page N' messages while attached."""

    def __init__(self, update: Callable[[int], None]) -> None:
        super().__init__(logging.INFO)
        self.update = update
        self.logger = logging.getLogger("weasyprint.progress")
        self.saved = (self.logger.level, self.logger.propagate)
        self.logger.setLevel(logging.INFO)
        self.logger.propagate = False  # counted here, not printed
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and "Page" in str(record.msg):
            self.update(int(record.args[0]))

    def close(self) -> None:
        self.logger.removeHandler(self)
        self.logger.setLevel(self.saved[0])
        self.logger.propagate = self.saved[1]
        super().close()


def for_terminal(quiet: bool) -> Progress:
    """The form that suits where stderr goes: nothing with --quiet, bars on a terminal, else lines."""
    if quiet:
        return Progress()
    if sys.stderr.isatty() and os.environ.get("TERM") != "dumb":
        return RichProgress()
    return LogProgress()


def summary(written: tuple[Path, ...], unchanged: tuple[Path, ...], editions: int, seconds: float,
            pages: dict[Path, int] | None = None) -> str:
    """The last line: what was written, where, and how long it took (`pages`: the PDFs' counts)."""
    made = ", ".join(_describe(p, pages or {}) for p in written)
    kept = ", ".join(_describe(p, pages or {}) for p in unchanged)
    if not editions:
        return f"Up to date in {seconds:.1f} s: {kept}" if kept else f"Nothing to build ({seconds:.1f} s)"
    noun = "edition" if editions == 1 else "editions"
    line = f"Built {editions} {noun} in {seconds:.1f} s: {made}"
    return f"{line}; up to date: {kept}" if kept else line


def _describe(path: Path, pages: dict[Path, int]) -> str:
    """`build/x.pdf (64 pages)`, `build/html/ (16 pages)`: relative to here when below it."""
    site = path.name == "index.html"
    shown = path.parent if site else path
    try:
        text = shown.relative_to(Path.cwd()).as_posix()
    except ValueError:
        text = str(shown)
    if site:
        return f"{text}/ ({_pages(sum(1 for _ in path.parent.glob('*.html')))})"
    if path.suffix == ".pdf":
        count = pages.get(path) or pdf_pages(path)
        return f"{text} ({_pages(count)})" if count else text
    return text


def _pages(count: int) -> str:
    return "1 page" if count == 1 else f"{count} pages"


def pdf_pages(path: Path) -> int | None:
    try:
        import pikepdf  # qpdf: counts a long book's pages in a fraction of pypdf's time

        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except Exception:  # a summary must not fail a build that worked
        return None
