"""What a worker does for the print edition: typeset one part (pdf_parts.Job) to its PDF
bytes, its page count, its pages' text and what its typesetting logged (pdf_parts.Part).

A worker keeps its Typesetter (stylesheets parsed, fonts loaded) for all the parts of a build:
they share one key, which names the styles' and resources' digest, so a changed stylesheet
makes a new one. A process that builds again and again (the watcher's builder) keeps it from
build to build, and warms one up while it waits (`keep_warm`).
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publish.editions.pdf_parts import Job, Part, inputs_digest, settings
from publish.errors import PublishError, user_error_behind
from publish.model import Book
from publish.workers import Failed

log = logging.getLogger("publish")

_typesetters: dict[tuple, object] = {}


def _typesetter_key(book: Book, page_style: str, inputs: str) -> tuple:
    return inputs, book.root, book.manuscript_dir, book.styles_dir, page_style, book.meta.print_settings.variant


def keep_warm(project: Path) -> None:
    """In a builder that keeps its typesetters, while it waits: one made and warmed up with the
    project's print styles, so that the next build's first part is typeset warm."""
    from publish.editions.pdf_warm import warm_quietly

    if settings.keep_typesetters and not _typesetters and (warmed := warm_quietly(project)):
        keep(*warmed)


def keep(book: Book, page_style: str, typesetter) -> None:
    """A typesetter made with the project's print styles kept for the parts that share its key
    (in the fork server: kept by every worker forked from it)."""
    try:
        _typesetters[_typesetter_key(book, page_style, inputs_digest(book))] = typesetter
    except OSError:  # a file gone while read: the next build reads them all again
        pass


def release() -> None:
    """The typesetters let go, their fonts with them (not at the interpreter's exit)."""
    _typesetters.clear()


def typeset_part(job: Job) -> Part | Failed:
    """In a worker: typeset one part to PDF bytes (a worker keeps its stylesheets and fonts)."""
    from publish.editions import weasyprint_import  # noqa: F401, I001 (first: WeasyPrint loaded quickly, if not yet)
    from weasyprint.urls import FatalURLFetchingError

    from publish.editions.pagelist import read_texts
    from publish.editions.pdf import Typesetter, keywords, page_anchors, pictures_coarse

    from publish import image_copies

    image_copies.configure(job.cache)
    try:
        key = _typesetter_key(job.book, job.page_style, job.inputs)
        typesetter = _typesetters.get(key)
        if typesetter is None:
            _typesetters.clear()  # a build's parts share one: another is never used again
            typesetter = _typesetters[key] = Typesetter(job.book, job.page_style)
        with _saying() as said:
            rendered = typesetter.typeset(job.document, job.extra_css)  # type: ignore[attr-defined]
        rendered.metadata.keywords = keywords(job.book)
        frame = b""
        if job.frame_pages:  # the front matter's last pages: the margins of the chapters before the text
            from publish.editions.pdf_assemble import frame_artifacts

            cut = len(rendered.pages) - job.frame_pages
            frame = frame_artifacts(typesetter.write(rendered.copy(rendered.pages[cut:]), job.document))  # type: ignore[attr-defined]
            rendered = rendered.copy(rendered.pages[:cut])
        pdf = typesetter.write(rendered, job.document)  # type: ignore[attr-defined]
        if job.name.startswith("frame"):
            from publish.editions.pdf_assemble import frame_artifacts

            pdf = frame_artifacts(pdf)
    except FatalURLFetchingError as exc:
        error = user_error_behind(exc)
        if error is None:
            raise
        return Failed.of(error)
    except PublishError as error:
        return Failed.of(error)
    texts = () if job.name.startswith("frame") else tuple(read_texts((pdf, list(range(len(rendered.pages))))))
    anchors = tuple(page_anchors(rendered.pages)) if job.chapter else ()
    coarse = tuple(pictures_coarse(job.document, rendered.pages))
    return Part(job.name, pdf, len(rendered.pages), texts, tuple(said), anchors, coarse, frame)


@contextmanager
def _saying() -> Iterator[list[tuple[int, str]]]:
    """What this thread logs to the publish logger meanwhile, kept. In a worker it is only
    kept (the build says it); here it is also said at once."""
    said: list[tuple[int, str]] = []
    thread = threading.get_ident()

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == thread:
                said.append((record.levelno, record.getMessage()))

    keep = Keep(logging.INFO)
    log.addHandler(keep)
    propagate, level = log.propagate, log.level
    if multiprocessing.parent_process() is not None:  # a worker: it has no log of its own
        log.propagate = False
        log.setLevel(logging.INFO)
    try:
        yield said
    finally:
        log.propagate, log.level = propagate, level
        log.removeHandler(keep)
