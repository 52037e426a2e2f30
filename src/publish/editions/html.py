"""The web edition: a static site in build/html/ that reads offline, one page per chapter."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from publish.editions import Artifact
from publish.editions.links import anchor_owners, relink
from publish.matter import EditionContext, MatterPage, render_matter
from publish.model import Book
from publish.styles import font_css, font_files, stylesheet

WEB_FONTS = (".woff2", ".woff")


@dataclass(frozen=True)
class _Page:
    file: str
    title: str
    body: str  # the <main> content
    kind: str  # "index", "matter" or "chapter"


class HtmlEdition:
    name = "html"

    def render(self, book: Book) -> Artifact:
        context = EditionContext("html", "", lambda c: f"{c.id}.html")
        matter = render_matter(book, context)
        pages = _pages(book, matter)
        files: dict[str, bytes] = {}
        for i, page in enumerate(pages):
            prev_page = pages[i - 1] if i > 0 else None
            next_page = pages[i + 1] if i + 1 < len(pages) else None
            files[f"html/{page.file}"] = _document(book, page, prev_page, next_page).encode()
        files.update(_assets(book))
        return Artifact(self.name, files, folder="html")


def _pages(book: Book, matter: list[MatterPage]) -> list[_Page]:
    by_id = {p.id: p for p in matter}
    index_parts = [by_id[i].html for i in ("title-page", "series", "contents") if i in by_id]
    pages = [_Page("index.html", book.meta.title, "\n".join(index_parts), "index")]
    for page in matter:
        if not page.back and page.id in ("copyright", "dedication", "epigraph"):
            pages.append(_Page(f"{page.id}.html", page.title, page.html, "matter"))
    owners = anchor_owners(book.chapters)
    for chapter in book.chapters:
        heading = f"<h1>{chapter.title_html}</h1>\n" if chapter.title else ""
        body = relink(heading + chapter.body_html, chapter.id, owners, ".html")
        article = f'<article class="chapter" id="{chapter.id}">\n{body}\n</article>'
        pages.append(_Page(f"{chapter.id}.html", chapter.title or book.meta.title, article, "chapter"))
    for page in matter:
        if page.back:
            pages.append(_Page(f"{page.id}.html", page.title, page.html, "matter"))
    return pages


def _document(book: Book, page: _Page, prev_page: _Page | None, next_page: _Page | None) -> str:
    meta = book.meta
    esc = html.escape
    title = meta.title if page.kind == "index" else f"{page.title} · {meta.title}"
    description = meta.series.blurb or meta.subtitle or meta.title
    nav = ['<nav class="pager" aria-label="Pages">']
    if prev_page:
        nav.append(f'<a rel="prev" href="{prev_page.file}">← {esc(prev_page.title)}</a>')
    if page.kind != "index":
        nav.append('<a href="index.html#contents">Contents</a>')
    if next_page:
        nav.append(f'<a rel="next" href="{next_page.file}">{esc(next_page.title)} →</a>')
    nav.append("</nav>")
    return f"""<!DOCTYPE html>
<html lang="{esc(meta.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}">
<meta property="og:type" content="book">
<meta property="og:title" content="{esc(meta.title)}">
<meta property="og:description" content="{esc(description)}">
<link rel="stylesheet" href="assets/book.css">
<script type="application/ld+json">{_json_ld(book)}</script>
</head>
<body class="{page.kind}">
<a class="skip-link" href="#main">Skip to the text</a>
<header class="site-header">
<p class="site-title"><a href="index.html">{esc(meta.title)}</a></p>
<p class="site-series">{esc(meta.series.name)} · {esc(meta.series.label)}</p>
</header>
<main id="main">
{page.body}
</main>
<footer>
{"".join(nav)}
</footer>
</body>
</html>
"""


def _json_ld(book: Book) -> str:
    meta = book.meta
    data = {
        "@context": "https://schema.org",
        "@type": "Book",
        "name": meta.title,
        "inLanguage": meta.language,
        "position": meta.series.number,
        "isPartOf": {"@type": "BookSeries", "name": meta.series.name},
    }
    if meta.creators:
        data["author"] = [{"@type": "Person", "name": p.name} for p in meta.creators]
    if meta.publisher:
        data["publisher"] = {"@type": "Organization", "name": meta.publisher}
    # "</" cannot appear inside a script element.
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def _assets(book: Book) -> dict[str, bytes]:
    styles = book.styles_dir
    files = {
        f"html/assets/fonts/{font.name}": font.read_bytes()
        for font in font_files(styles) if font.suffix in WEB_FONTS
    }
    css = font_css(styles, "fonts/") + "\n" + stylesheet(styles, "screen.css")
    files["html/assets/book.css"] = css.encode()
    return files
