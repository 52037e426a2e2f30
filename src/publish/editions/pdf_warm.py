"""WeasyPrint warmed up in the fork server the print edition's workers are forked from.

A worker's first chapter costs about half a second more than its next ones: WeasyPrint's
first layout with the book's fonts reads them, loads the hyphenation patterns, parses the
C types it passes to Pango, and its first PDF imports and primes the font subsetter. When
the fork server typesets a page of sample text in the book's styles once, while the book is
still loading, every worker forked from it starts with all of that done (copied on write).

The Typesetter that did it is kept too (pdf_worker.keep), under the key of the styles,
fonts and images it read: a worker whose parts share that key uses it, its stylesheets
parsed and its fonts loaded; a changed stylesheet makes a new one. The project comes in an
environment variable (the fork server is started with the build's environment); any
failure here is ignored, as the worker then warms itself up as before. Imported by the fork
server only (workers.started sets the variable for the build's time).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

SAMPLE = (
    "Intelligence and administration, considerations of responsibility, <em>reconnaissance</em> "
    "and <strong>communication</strong>: <span style='font-variant-caps: small-caps'>Headquarters</span> "
    "understood the international correspondence. 1945 — “quoted” ‘words’ …"
)


def warm(project: Path):
    """Typeset and write a page of sample text with the project's print styles; the book (its
    metadata only), its page style and the Typesetter that did it."""
    from publish.editions import weasyprint_import  # noqa: F401 (WeasyPrint loaded quickly)
    from publish.editions.pdf import Typesetter, wrap_document
    from publish.metadata import load_metadata
    from publish.model import Book
    from publish.print_layout import page_css
    from publish.project import manuscript_dir, styles_dir

    text = manuscript_dir(project)
    book = Book(load_metadata(text / "book.yaml"), (), project, text, styles_dir(project), "1970-01-01", 0)
    body = f'<div class="text"><section class="chapter"><h1 class="chapter-title">Sample</h1>' \
           f'{"".join(f"<p>{SAMPLE}</p>" for _ in range(4))}</section></div>'
    page_style = page_css(book)
    typesetter = Typesetter(book, page_style)
    document = wrap_document(book, None, body, None)
    typesetter.write(typesetter.typeset(document), document)
    return book, page_style, typesetter


def _warm_from_environment() -> None:
    from publish.workers import PROJECT_ENV

    project = os.environ.get(PROJECT_ENV)
    if project and (warmed := warm_quietly(Path(project))):  # the fork server has no log of its own
        from publish.editions.pdf_worker import keep

        keep(*warmed)  # each worker typesets with it while the styles are unchanged


def warm_quietly(project: Path):
    """warm(project), or None when it fails: best effort, the workers warm up by themselves.
    WeasyPrint's messages about the sample are not the book's, and book.yaml's are the build's
    to say (an unknown key was said a fourth time, from here): they are not logged."""
    quiet = [logging.getLogger("weasyprint"), logging.getLogger("publish")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.level = logging.CRITICAL + 1
    try:
        return warm(project)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001  WeasyPrint's FatalURLFetchingError (a url() of print.css) is one
        return None  # the build names the cause itself (stylesheet_check)
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.level = level


_warm_from_environment()
