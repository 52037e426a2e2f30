"""The print edition: one HTML document typeset by WeasyPrint with styles/print.css.

Render first (a WeasyPrint Document of pages), then write: the page where the text starts
is read from the rendered pages, so the PDF's page labels match the printed folios.
"""

from __future__ import annotations

import hashlib
import html
import logging

from publish.editions import Artifact
from publish.fetch import LocalFetcher, fetch_error
from publish.matter import EditionContext, MatterPage, render_matter
from publish.model import Book, Chapter
from publish.pagelabels import LabelRange, page_labels_finisher
from publish.print_layout import KeepWord, keep_words, page_css, print_body, recto_hyphens, title_lines
from publish.styles import print_font_css

log = logging.getLogger("publish")

# Matter pages that get no bookmark of their own (the outline starts at the title page).
UNBOOKMARKED = {"half-title"}
# Typesetting passes to take hyphenated words off the foot of rectos (each pass a full layout).
KEEP_WORD_PASSES = 3


class PdfEdition:
    name = "pdf"

    def render(self, book: Book) -> Artifact:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import FatalURLFetchingError

        document = print_document(book)
        styles = book.styles_dir
        fonts = FontConfiguration()  # needed for @font-face to take effect
        fetcher = LocalFetcher(book)
        css = [
            weasyprint.CSS(string=print_font_css(styles), url_fetcher=fetcher, font_config=fonts),
            weasyprint.CSS(filename=str(styles / "print.css"), url_fetcher=fetcher, font_config=fonts),
            weasyprint.CSS(string=page_css(book), font_config=fonts),
        ]
        identifier = hashlib.sha256(document.encode()).hexdigest()[:32].encode()
        variant = book.meta.print_settings.variant
        options = {} if variant == "none" else {"pdf_variant": variant}

        def typeset(keep: list[KeepWord]):
            # Images in the text are written relative to the manuscript, as in the EPUB and HTML.
            page = weasyprint.HTML(
                string=document, base_url=str(book.manuscript_dir) + "/", url_fetcher=fetcher
            )
            keep_words(page.etree_element, keep)
            return page, page.render(stylesheets=css, font_config=fonts, **options)

        try:
            page, rendered = typeset([])
            # A word hyphenated over the turn of a recto: set it whole and typeset again.
            keep: list[KeepWord] = []
            for passes in range(KEEP_WORD_PASSES + 1):
                found = [k for k in recto_hyphens(page.etree_element, rendered.pages) if k not in keep]
                if not found:
                    break
                if passes == KEEP_WORD_PASSES:
                    log.info("print edition: %d rectos still end in a hyphenated word", len(found))
                    break
                keep += found
                page, rendered = typeset(keep)
            rendered.metadata.keywords = keywords(book)
            labels = page_labels(book, rendered.pages)
            pdf = rendered.write_pdf(
                pdf_identifier=identifier, finisher=page_labels_finisher(labels), **options
            )
        except FatalURLFetchingError as exc:
            raise fetch_error(exc) or exc from None
        log.info("print edition: %d pages", len(rendered.pages))
        files = {f"{book.meta.slug}.pdf": pdf}
        if book.meta.print_settings.for_printer:
            from publish.print_cover import render_cover

            files[f"{book.meta.slug}-cover.pdf"] = render_cover(book, len(rendered.pages))
        return Artifact(self.name, files)


def text_start(book: Book, pages) -> int:
    """The index of the page where the first chapter opens (folio 1)."""
    if not book.chapters:
        return 0
    anchor = book.chapters[0].id
    for index, page in enumerate(pages):
        if anchor in page.anchors:
            return index
    return 0


def page_labels(book: Book, pages) -> list[LabelRange]:
    """Roman folios for the front matter, arabic from 1 where the text starts (as printed)."""
    start = text_start(book, pages)
    if start == 0:
        return [LabelRange(0, "arabic")]
    return [LabelRange(0, "lower-roman"), LabelRange(start, "arabic")]


def keywords(book: Book) -> list[str]:
    series = book.meta.series
    words = [series.name, *series.lines, series.label.replace("\u00a0", " ")]
    words.append(f"volume {series.number} of {series.total}")
    return list(dict.fromkeys(w for w in words if w))


def print_document(book: Book) -> str:
    meta = book.meta
    context = EditionContext("pdf", meta.isbn_print, lambda c: f"#{c.id}")
    matter = render_matter(book, context)
    front = "\n".join(_matter(p, book) for p in matter if not p.back)
    back = "\n".join(_matter(p, book) for p in matter if p.back)
    body = "\n".join(_chapter(c, book) for c in book.chapters)
    authors = "".join(
        f'<meta name="author" content="{html.escape(p.name)}">\n' for p in meta.creators
    )
    stamp = f"{book.build_date}T00:00:00Z"
    subject = meta.subtitle or f"{meta.series.name}, {meta.series.label}"
    return f"""<!DOCTYPE html>
<html lang="{html.escape(meta.language)}">
<head>
<meta charset="utf-8">
<title>{html.escape(meta.title)}</title>
{authors}<meta name="description" content="{html.escape(subject)}">
<meta name="generator" content="publish">
<meta name="dcterms.created" content="{stamp}">
<meta name="dcterms.modified" content="{stamp}">
</head>
<body data-book-title="{html.escape(meta.title)}">
<div class="front-matter">
{front}
</div>
<main class="text">
{body}
</main>
<div class="back-matter">
{back}
</div>
</body>
</html>
"""


def _matter(page: MatterPage, book: Book) -> str:
    """A matter page in its own wrapper: the page name and the bookmark come from here."""
    label = bookmark_label(page, book)
    attrs = f' data-bookmark="{html.escape(label)}"' if label else ""
    return f'<div class="page page-{page.id}"{attrs}>\n{page.html}\n</div>'


def bookmark_label(page: MatterPage, book: Book) -> str:
    if page.id in UNBOOKMARKED:
        return ""
    if page.id == "series":
        return book.meta.series.name
    if page.id == "series-end":
        return f"{book.meta.series.name}, {book.meta.series.label}".replace("\u00a0", " ")
    return page.title


def _chapter(chapter: Chapter, book: Book) -> str:
    heading = (
        f'<h1 class="chapter-title">{title_lines(chapter.title_html)}</h1>\n' if chapter.title else ""
    )
    running = html.escape(chapter.title, quote=True)
    body = print_body(chapter.body_html, book.meta.print_settings.notes)
    return (
        f'<section class="chapter" id="{chapter.id}" data-running-head="{running}">\n'
        f"{heading}{body}\n</section>"
    )
