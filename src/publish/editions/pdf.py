"""The print edition: one HTML document typeset by WeasyPrint with styles/print.css."""

from __future__ import annotations

import hashlib
import html
import logging

from publish.editions import Artifact
from publish.fetch import LocalFetcher, fetch_error
from publish.matter import EditionContext, MatterPage, render_matter
from publish.model import Book, Chapter

log = logging.getLogger("publish")


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
            weasyprint.CSS(filename=str(styles / name), url_fetcher=fetcher, font_config=fonts)
            for name in ("fonts/fonts.css", "print.css") if (styles / name).is_file()
        ]
        page = weasyprint.HTML(
            string=document, base_url=str(styles) + "/", url_fetcher=fetcher
        )
        identifier = hashlib.sha256(document.encode()).hexdigest()[:32].encode()
        try:
            pdf = page.write_pdf(stylesheets=css, font_config=fonts, pdf_identifier=identifier)
        except FatalURLFetchingError as exc:
            raise fetch_error(exc) or exc from None
        return Artifact(self.name, {f"{book.meta.slug}.pdf": pdf})


def print_document(book: Book) -> str:
    meta = book.meta
    context = EditionContext("pdf", meta.isbn_print, lambda c: f"#{c.id}")
    matter = render_matter(book, context)
    front = "\n".join(_matter(p) for p in matter if not p.back)
    back = "\n".join(_matter(p) for p in matter if p.back)
    body = "\n".join(_chapter(c) for c in book.chapters)
    authors = ", ".join(p.name for p in meta.creators)
    stamp = f"{book.build_date}T00:00:00Z"
    return f"""<!DOCTYPE html>
<html lang="{html.escape(meta.language)}">
<head>
<meta charset="utf-8">
<title>{html.escape(meta.title)}</title>
<meta name="author" content="{html.escape(authors)}">
<meta name="description" content="{html.escape(meta.subtitle or meta.series.name)}">
<meta name="keywords" content="{html.escape(meta.series.name)}">
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


def _matter(page: MatterPage) -> str:
    return page.html


def _chapter(chapter: Chapter) -> str:
    heading = (
        f'<h1 class="chapter-title">{chapter.title_html}</h1>\n' if chapter.title else ""
    )
    running = html.escape(chapter.title, quote=True)
    return (
        f'<section class="chapter" id="{chapter.id}" data-running-head="{running}">\n'
        f"{heading}{chapter.body_html}\n</section>"
    )
