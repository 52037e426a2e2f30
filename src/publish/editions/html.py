"""The web edition: a static site in build/html/ that reads offline, one page per chapter.

Each chapter's sanitised body, images and notes are kept in the build cache (chapter_cache):
after a correction only the changed chapter is sanitised again; the pages around it are put
together afresh from the cached bodies, which costs nothing.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace

from publish.cache import digest
from publish.code_lines import lines_hung_in
from publish.cover import Cover
from publish.editions import Artifact, chapter_cache
from publish.editions.html_media import copy_images, localise_images
from publish.editions.html_notes import gather_notes
from publish.editions.links import anchor_owners, page_name, page_names, relink
from publish.editions.part_contents import part_contents
from publish.editions.search import SEARCH_PAGE, search_body, search_files
from publish.image_sizes import picture_size
from publish.labels import Labels
from publish.math_accents import spacing_accents
from publish.matter import EditionContext, MatterPage, render_matter
from publish.model import Book, Chapter, parts_by_chapter
from publish.progress import ChapterHook
from publish.sanitize import checkboxes_as_text, clean_html
from publish.styles import font_css, font_files, stylesheet
from publish.text_direction import dir_attribute

INDEX_PARTS = ("title-page", "series", "praise", "contents")  # what the home page shows, in order
FRONT_PAGES = ("copyright", "dedication", "epigraph")  # matter pages of their own before the text

_H1 = re.compile(r"<h1\b([^>]*)>(.*?)</h1>", re.S)
_TABLE = re.compile(r"<table\b(?![^>]*\b(?:tabindex|role)=)")  # not a table of pictures (role=presentation)
_EPIGRAPH = re.compile(r'<div class="epigraph"(?![^>]*\brole=)')
CHAPTER_KIND = "html-chapter"  # cache: a chapter sanitised, its images and notes in place


@dataclass(frozen=True)
class _Page:
    file: str
    title: str
    body: str  # the <main> content
    kind: str  # "index", "matter", "chapter" or "search"
    within: str = ""  # the part a chapter is in, for its <title>


class HtmlEdition:
    name = "html"

    def render(self, book: Book, on_chapter: ChapterHook | None = None) -> Artifact:
        context = EditionContext("html", "", _page_file, ".html")
        matter = render_matter(book, context)
        images: dict[str, bytes] = {}
        cover = chapter_cache.cover(book)
        images[f"assets/{cover.name}"] = cover.data
        reading = _pages(book, matter, images, cover, on_chapter)
        files: dict[str, bytes] = {}
        for i, page in enumerate(reading):
            prev_page = reading[i - 1] if i > 0 else None
            next_page = reading[i + 1] if i + 1 < len(reading) else None
            files[f"html/{page.file}"] = _document(book, page, prev_page, next_page, cover.name).encode()
        search = _Page(SEARCH_PAGE, book.meta.labels.search, search_body(book.meta.labels), "search")
        files[f"html/{search.file}"] = _document(book, search, None, None, cover.name).encode()
        files.update({f"html/{name}": data for name, data in images.items()})
        files.update(_assets(book))
        # The index reads the finished pages, so it is built last.
        files.update({f"html/{name}": data for name, data in search_files(book, files).items()})
        return Artifact(self.name, dict(sorted(files.items())), folder="html")


def _page_file(chapter: Chapter) -> str:
    """A chapter's page: its name in ASCII (links.file_names), as the EPUB's file names."""
    return f"{page_name(chapter)}.html"


def _pages(book: Book, matter: list[MatterPage], images: dict[str, bytes], cover: Cover,
           on_chapter: ChapterHook | None = None) -> list[_Page]:
    """The reading order: home page, front matter, chapters, back matter."""
    by_id = {p.id: p for p in matter}
    # One h1 per page: the title page has it; the praise and contents headings become h2s here.
    index_parts = [_demote_h1(by_id[i].html) if i in ("praise", "contents") else by_id[i].html
                   for i in INDEX_PARTS if i in by_id]
    pages = [_Page("index.html", book.meta.title, "\n".join([_cover_figure(book, cover), *index_parts]), "index")]
    for page in matter:
        if not page.back and page.id in FRONT_PAGES:
            pages.append(_matter_page(page))
    pages.extend(_chapter_pages(book, images, on_chapter))
    pages.extend(_matter_page(page) for page in matter if page.back)
    return pages


def _cover_figure(book: Book, cover: Cover) -> str:
    meta = book.meta
    alt = f"{meta.labels.cover}: {meta.full_title}"
    alt += f". {meta.series.name}, {meta.series.label}."
    size = picture_size(cover.data, cover.media_type)
    dims = f' width="{size.width}" height="{size.height}"' if size else ""
    return (f'<figure class="cover"><img src="assets/{cover.name}" alt="{html.escape(alt)}"{dims}>'
            "</figure>")


def _matter_page(page: MatterPage) -> _Page:
    body = page.html
    if not _H1.search(body):
        body = f'<h1 class="page-title">{html.escape(page.title)}</h1>\n{body}'
    return _Page(f"{page.id}.html", page.title, body, "matter")


def _chapter_pages(book: Book, images: dict[str, bytes], on_chapter: ChapterHook | None = None) -> list[_Page]:
    context = chapter_cache.context_digest(book, "html")
    bodies, notes, rendered = {}, {}, 0
    for chapter in book.chapters:
        key = digest(CHAPTER_KIND, context, chapter.id, chapter.number, chapter.body_html)
        entry = chapter_cache.get_json(CHAPTER_KIND, key)
        if entry is None or not copy_images(book, chapter, entry["images"], images):
            entry = _chapter_body(book, chapter, images)
            chapter_cache.put_json(CHAPTER_KIND, key, entry)
            rendered += 1
        bodies[chapter.id], notes[chapter.id] = entry["body"], entry["notes"]
        if on_chapter:
            on_chapter(chapter)
    chapter_cache.report("html", rendered, len(book.chapters))
    # Anchors are looked up where they end up: a note may have moved to the chapter citing it.
    placed = tuple(replace(c, body_html=bodies[c.id] + notes[c.id], title_html=_title_html(book, c, images))
                   for c in book.chapters)
    owners, names = anchor_owners(placed), page_names(placed)
    # A novel's seventeen "Chapter I" pages need their book in their <title> (tabs, history,
    # search engines) and in their search results.
    parts = parts_by_chapter(placed)
    pages = []
    for chapter in placed:
        part = parts[chapter.id].title if chapter.id in parts else ""
        body = relink(chapter.body_html, chapter.id, owners, ".html", names.__getitem__)
        page = _chapter_page(book, chapter, body, part, _page_file(parts[chapter.id]) if part else "")
        if chapter.part:
            page = replace(page, body=page.body + part_contents(book, chapter, parts, _page_file))
        pages.append(replace(page, within=part))
    return pages


def _title_html(book: Book, chapter: Chapter, images: dict[str, bytes]) -> str:
    """A heading's picture (`# ![](seal.png) Title`) copied and pointed at as the body's are: it
    stood as `<img src="images/seal.png">`, a file the web edition does not hold, without alt."""
    if "<img" not in chapter.title_html:
        return chapter.title_html
    return localise_images(book, chapter, clean_html(chapter.title_html), images)


def _chapter_body(book: Book, chapter: Chapter, images: dict[str, bytes]) -> dict:
    """A chapter sanitised, its images localised, its notes gathered (the chapter cache's entry)."""
    sources: list[list[str]] = []
    body = lines_hung_in(clean_html(checkboxes_as_text(spacing_accents(chapter.body_html))))
    body = localise_images(book, chapter, body, images, sources)
    # A table wider than the screen scrolls sideways (screen.css): focusable, or a keyboard cannot
    # scroll it (WCAG 2.1.1; axe's scrollable-region-focusable).
    body = _TABLE.sub('<table tabindex="0"', body)
    # A chapter's epigraph is one to screen readers too, as in the EPUB.
    body = _EPIGRAPH.sub('<div class="epigraph" role="doc-epigraph"', body)
    bodies, notes = gather_notes({chapter.id: body}, book.meta.labels)
    return {"body": bodies[chapter.id], "notes": notes.get(chapter.id, ""), "images": sources}


def _chapter_page(book: Book, chapter: Chapter, body: str, part: str = "", part_file: str = "") -> _Page:
    """A chapter's page; in a part, `part` is the part's title and `part_file` its page."""
    # An untitled opening still needs a heading: the book's title, for the outline only.
    if chapter.title:
        heading = f"<h1>{chapter.title_html}</h1>\n"
    else:
        heading = f'<h1 class="visually-hidden">{html.escape(book.meta.title)}</h1>\n'
    if part and part_file:  # the book a reader landing on its third "Chapter I" is in, above it
        heading = (f'<p class="part-of" data-pagefind-ignore><a href="{html.escape(part_file, quote=True)}">'
                   f"{html.escape(part)}</a></p>\n{heading}")
    # A chapter in a part is found by both names ("CHAPTER I · BOOK ONE: 1805"): Pagefind's
    # result title, and the offline index's (search.py reads the same attribute).
    named = html.escape(f"{chapter.title} · {part}", quote=True) if part and chapter.title else ""
    found_as = f' data-search-title="{named}" data-pagefind-meta="title:{named}"' if named else ""
    article = (f'<article class="{chapter.css_class}" id="{chapter.id}"{chapter.lang_attribute} data-pagefind-body'
               f'{found_as}>\n'
               f'{heading}{body}\n</article>')
    return _Page(_page_file(chapter), chapter.title or book.meta.title, article, "chapter")


def _demote_h1(fragment: str) -> str:
    return _H1.sub(r"<h2\1>\2</h2>", fragment)


def _document(book: Book, page: _Page, prev_page: _Page | None, next_page: _Page | None, cover: str) -> str:
    meta, labels = book.meta, book.meta.labels
    esc = html.escape
    series = f"{meta.series.name}, {meta.series.label}"
    if page.kind == "index":
        title = f"{meta.title} · {series}"
    else:
        title = " · ".join(dict.fromkeys(t for t in (page.title, page.within, meta.title) if t))
    about = meta.description.split("\n", 1)[0] or meta.series.blurb or meta.subtitle
    description = " ".join(x for x in (f"{series}.", about) if x)
    search_css = '\n<link rel="stylesheet" href="pagefind/pagefind-ui.css">' if page.kind == "search" else ""
    series_name = esc(meta.series.name)
    if meta.series.language:  # a name in another language than the book's
        series_name = f'<span lang="{esc(meta.series.language)}">{series_name}</span>'
    nav = f'<a href="index.html#contents">{esc(labels.contents)}</a> <a href="{SEARCH_PAGE}">{esc(labels.search)}</a>'
    return f"""<!DOCTYPE html>
<html lang="{esc(meta.language)}"{dir_attribute(meta.language)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}">
<meta property="og:type" content="book">
<meta property="og:title" content="{esc(meta.title)}">
<meta property="og:description" content="{esc(description)}">
<meta property="og:site_name" content="{esc(series)}">{_canonical(book, page, cover)}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/book.css">{search_css}
<script type="application/ld+json">{_json_ld(book)}</script>
</head>
<body class="page-{page.kind}">
<a class="skip-link" href="#main">{esc(labels.skip_link)}</a>
<header class="site-header">
<p class="site-title"><a href="index.html">{esc(meta.title)}</a></p>
<p class="site-series">{series_name} · <span class="series-label">{esc(meta.series.label)}</span></p>
<nav class="site-nav" aria-label="{esc(labels.site_nav)}">{nav}</nav>
</header>
<main id="main" tabindex="-1">
{page.body}
</main>
<footer class="site-footer">
{_pager(labels, page, prev_page, next_page, bool(dir_attribute(meta.language)))}
</footer>
</body>
</html>
"""


def _canonical(book: Book, page: _Page, cover: str) -> str:
    """Where this page lives once published (web.base_url in book.yaml); nothing when unset."""
    if not book.meta.base_url:
        return ""
    url = html.escape(book.meta.base_url + ("" if page.kind == "index" else page.file))
    image = html.escape(f"{book.meta.base_url}assets/{cover}")
    return (f'\n<link rel="canonical" href="{url}">\n<meta property="og:url" content="{url}">'
            f'\n<meta property="og:image" content="{image}">')


def _pager(labels: Labels, page: _Page, prev_page: _Page | None, next_page: _Page | None,
           right_to_left: bool = False) -> str:
    if page.kind == "search":
        return ""
    esc = html.escape
    back, on = ("→", "←") if right_to_left else ("←", "→")  # outwards: the previous page is on the right
    back, on = f'<span aria-hidden="true">{back} </span>', f'<span aria-hidden="true"> {on}</span>'
    links = []
    # The label on a line of its own above the title: no punctuation to get right per language.
    if prev_page:
        links.append(f'<a rel="prev" href="{prev_page.file}"><span class="pager-label">{esc(labels.previous)}</span> '
                     f'<span class="pager-title">{back}{esc(prev_page.title)}</span></a>')
    if next_page:
        links.append(f'<a rel="next" href="{next_page.file}"><span class="pager-label">{esc(labels.next)}</span> '
                     f'<span class="pager-title">{esc(next_page.title)}{on}</span></a>')
    return f'<nav class="pager" aria-label="{esc(labels.pager)}">{"".join(links)}</nav>'


# book.yaml's roles as schema.org names a Book's people.
SCHEMA_ROLES = {"author": "author", "editor": "editor", "translator": "translator", "illustrator": "illustrator"}


def _json_ld(book: Book) -> str:
    meta = book.meta
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Book",
        "name": meta.title,
        "inLanguage": meta.language,
        "position": meta.series.number,
        "isPartOf": {"@type": "BookSeries", "name": meta.series.name},
    }
    if meta.subtitle:
        data["alternativeHeadline"] = meta.subtitle
    if meta.description:
        data["description"] = " ".join(meta.description.splitlines())
    for person in meta.authors:  # schema.org has no foreword writer: a contributor
        role = SCHEMA_ROLES.get(person.role, "contributor")
        data.setdefault(role, []).append({"@type": "Person", "name": person.name})
    if meta.original:  # a translation: the work it translates
        work = {"@type": "Book", "name": meta.original.title, "inLanguage": meta.original.language or None,
                "datePublished": str(meta.original.year) if meta.original.year else None}
        data["translationOfWork"] = {key: value for key, value in work.items() if value}
    if meta.publisher:
        data["publisher"] = {"@type": "Organization", "name": meta.publisher}
    if meta.year:
        data["datePublished"] = str(meta.year)
    if meta.isbn_epub or meta.isbn_print:
        data["isbn"] = meta.isbn_epub or meta.isbn_print
    # "</" cannot appear inside a script element.
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def _assets(book: Book) -> dict[str, bytes]:
    styles = book.styles_dir
    files = {
        f"html/assets/fonts/{font.name}": font.read_bytes()
        for font in font_files(styles)
    }
    css = font_css(styles, "fonts/") + "\n" + stylesheet(styles, "screen.css")
    files["html/assets/book.css"] = css.encode()
    return files
