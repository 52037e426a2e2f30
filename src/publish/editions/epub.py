"""The EPUB 3 edition: chapters and matter pages as XHTML, packaged with ebooklib."""

from __future__ import annotations

import datetime as dt
import html
import io
import uuid
from pathlib import Path

from ebooklib import epub

from publish.editions import Artifact
from publish.editions.links import anchor_owners, relink
from publish.matter import EditionContext, render_matter
from publish.model import Book
from publish.output import normalise_zip
from publish.styles import FONT_TYPES, font_css, font_files, stylesheet

LANDMARKS = {"title-page": "titlepage", "contents": "toc", "colophon": "colophon"}


class EpubEdition:
    name = "epub"

    def render(self, book: Book) -> Artifact:
        meta = book.meta
        package = epub.EpubBook()
        _metadata(package, book)
        css = _stylesheet(package, book)
        context = EditionContext("epub", meta.isbn_epub, lambda c: f"{c.id}.xhtml")
        matter = render_matter(book, context)
        owners = anchor_owners(book.chapters)
        front, back, chapters = [], [], []
        for page in matter:
            item = _page(book, f"{page.id}.xhtml", page.title, page.html, css)
            (back if page.back else front).append(item)
            if page.id in LANDMARKS:
                package.guide.append({"href": item.file_name, "title": page.title, "type": LANDMARKS[page.id]})
        for chapter in book.chapters:
            heading = f"<h1>{chapter.title_html}</h1>\n" if chapter.title else ""
            body = relink(heading + chapter.body_html, chapter.id, owners, ".xhtml")
            section = f'<section epub:type="chapter" role="doc-chapter" id="{chapter.id}">\n{body}\n</section>'
            title = chapter.title or meta.title
            chapters.append(_page(book, f"{chapter.id}.xhtml", title, section, css))
        if chapters:
            package.guide.append({"href": chapters[0].file_name, "title": "Start of the text", "type": "bodymatter"})
        for item in front + chapters + back:
            package.add_item(item)
        package.toc = [epub.Link(c.file_name, c.title, c.id) for c in chapters if c.title]
        package.add_item(epub.EpubNcx())
        package.add_item(epub.EpubNav())
        package.spine = front + chapters + back
        out = io.BytesIO()
        modified = dt.datetime.fromtimestamp(book.timestamp, dt.timezone.utc)
        epub.write_epub(out, package, {"epub3_pages": False, "raise_exceptions": True, "mtime": modified})
        return Artifact(self.name, {f"{meta.slug}.epub": normalise_zip(out.getvalue(), book.timestamp)})


def identifier(book: Book) -> str:
    """The EPUB ISBN as a URN, else a UUID that stays the same from build to build."""
    meta = book.meta
    if meta.isbn_epub:
        return "urn:isbn:" + meta.isbn_epub.replace("-", "").replace(" ", "")
    seed = f"publish:{meta.series.name}:{meta.series.number}:{meta.title}:{meta.language}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def _metadata(package: epub.EpubBook, book: Book) -> None:
    meta, series = book.meta, book.meta.series
    package.set_identifier(identifier(book))
    package.title = meta.title
    package.add_metadata("DC", "title", meta.title, {"id": "title"})
    package.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if meta.subtitle:
        package.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        package.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    package.set_language(meta.language)
    for i, person in enumerate(meta.authors):
        package.add_author(person.name, role=person.marc, uid=f"creator{i}")
    if meta.publisher or meta.imprint:
        package.add_metadata("DC", "publisher", meta.publisher or meta.imprint)
    if meta.rights:
        package.add_metadata("DC", "rights", meta.rights)
    if meta.isbn_print:
        package.add_metadata("DC", "source", "urn:isbn:" + meta.isbn_print.replace("-", ""))
    package.add_metadata("DC", "date", book.build_date)
    package.add_metadata(None, "meta", series.name, {"property": "belongs-to-collection", "id": "collection"})
    package.add_metadata(None, "meta", "series", {"refines": "#collection", "property": "collection-type"})
    package.add_metadata(
        None, "meta", str(series.number), {"refines": "#collection", "property": "group-position"}
    )
    package.add_metadata(None, "meta", "", {"name": "calibre:series", "content": series.name})
    package.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": str(series.number)})


def _stylesheet(package: epub.EpubBook, book: Book) -> epub.EpubItem:
    styles = book.styles_dir
    for font in font_files(styles):
        package.add_item(epub.EpubItem(
            uid=f"font-{font.stem}", file_name=f"fonts/{font.name}",
            media_type=FONT_TYPES[font.suffix], content=font.read_bytes(),
        ))
    text = font_css(styles, "../fonts/") + "\n" + stylesheet(styles, "epub.css")
    css = epub.EpubItem(uid="css", file_name="css/book.css", media_type="text/css", content=text.encode())
    package.add_item(css)
    return css


def _page(book: Book, file_name: str, title: str, body: str, css: epub.EpubItem) -> epub.EpubHtml:
    item = epub.EpubHtml(title=title, file_name=file_name, lang=book.meta.language, uid=Path(file_name).stem)
    item.content = f"<html><head><title>{html.escape(title)}</title></head><body>{body}</body></html>"
    item.add_item(css)
    return item
