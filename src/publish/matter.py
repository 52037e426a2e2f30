"""Front and back matter: the Jinja2 templates in styles/templates/, shared by every edition."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import jinja2
import lxml.html
import markupsafe

from publish import __version__, templates
from publish.first_lines import Entry, index_entries, initial
from publish.importer.headings import is_bare_number, number_of, opens_with_numeral
from publish.model import Book, Chapter, parts_by_chapter
from publish.pandoc import pandoc_version
from publish.poems import Poem, chapter_poems, first_line, whole_chapter_poem
from publish.project import default_styles_dir


@dataclass(frozen=True)
class MatterPage:
    id: str  # template stem and anchor: "title-page"
    title: str  # for navigation and the page <title>
    html: str  # an HTML fragment, well-formed as XHTML
    epub_type: str  # EPUB 3 structural semantics
    back: bool  # back matter (after the text) or front


@dataclass(frozen=True)
class Page:
    """What one matter page is, and when a book has it."""

    id: str
    title: str
    epub_type: str
    back: bool = False
    when: Callable[[Book], bool] = lambda book: True
    only: str = ""  # an edition's name when the page is in that edition alone


PAGES = (
    Page("limitation", "Limitation", "frontmatter", only="pdf", when=lambda b: b.meta.limitation is not None),
    Page("praise", "Praise", "frontmatter", when=lambda b: bool(b.meta.praise)),
    Page("half-title", "Half title", "halftitlepage"),
    Page("series", "Series", "frontmatter"),
    Page("title-page", "Title page", "titlepage"),
    Page("copyright", "Copyright", "copyright-page"),
    Page("dedication", "Dedication", "dedication", when=lambda b: bool(b.meta.dedication)),
    Page("epigraph", "Epigraph", "epigraph", when=lambda b: b.meta.epigraph is not None),
    Page("contents", "Contents", "toc"),
    Page("first-lines", "Index of Titles and First Lines", "index", back=True, when=lambda b: bool(index_entries(b))),
    Page("about-author", "About the Author", "backmatter", back=True, when=lambda b: bool(b.meta.about_author)),
    Page("series-end", "Series", "backmatter", back=True),
    Page("also-in-series", "Also in this series", "backmatter", back=True, when=lambda b: bool(b.meta.series.volumes)),
    Page("motto", "Motto", "epigraph", back=True, when=lambda b: bool(b.meta.motto)),
    Page("colophon", "Colophon", "colophon", back=True),
)


@dataclass(frozen=True)
class EditionContext:
    """What differs between editions when the same templates render."""

    name: str  # "pdf", "epub" or "html"
    isbn: str
    href: Callable[[Chapter], str]  # link from the contents page to a chapter
    matter_file: str = ""  # a matter page's file name after its id (".xhtml"); "" in print, where it is an anchor

    def anchor_href(self, chapter: Chapter, anchor: str) -> str:
        """Link to an anchor in the chapter: in its file (EPUB, web), or the anchor itself in print,
        where a chapter's link names the chapter's own anchor ("#id", "publish-chapter:id")."""
        href = self.href(chapter)
        if self.name == "pdf" and href.endswith(chapter.id):
            return href[:len(href) - len(chapter.id)] + anchor
        return f"{href.split('#')[0]}#{anchor}"

    def matter_href(self, page_id: str, book: Book) -> str:
        """Link to a matter page (the index of first lines, from the contents): its file, or in
        print its anchor, written as a chapter's link is."""
        if self.matter_file or not book.chapters:
            return f"{page_id}{self.matter_file}" if self.matter_file else f"#{page_id}"
        return self.anchor_href(book.chapters[0], page_id)


def render_matter(book: Book, edition: EditionContext) -> list[MatterPage]:
    env = _environment(book.styles_dir / "templates")
    context = {
        "book": book, "meta": book.meta, "series": book.meta.series, "edition": edition,
        "chapters": contents_chapters(book), "numbered": numbered_parts(book), "tools": tool_versions(),
        "poems": contents_poems(book), "first_lines": first_lines_by_letter(book),
        "edition_history": edition_history(book), "limitation": book.meta.limitation,
        "labels": book.meta.labels,
    }
    pages = []
    for page in PAGES:
        if not page.when(book) or page.only not in ("", edition.name):
            continue
        html = templates.render(env, f"{page.id}.html", context).strip()
        title = book.meta.labels.page_title(page.id, page.title)
        pages.append(MatterPage(page.id, title, html, page.epub_type, page.back))
    return pages


def contents_chapters(book: Book) -> list[Chapter]:
    """The chapters the contents page lists: those with a title, but not a part's chapters
    that are only numbered (numbered_parts); a text without any headings is listed under the
    book's title (as the EPUB's navigation lists it), not left out."""
    numbered = {c.id for chapters in numbered_parts(book).values() for c, _ in chapters}
    titled = [_by_first_line(c) for c in book.chapters if c.title and c.id not in numbered]
    if titled or not book.chapters:
        return titled
    return [dataclasses.replace(book.chapters[0], title=book.meta.title, title_html=escape(book.meta.title))]


_ASTERISM = re.compile(r"[*⁂✱·.\s]+")


def _by_first_line(chapter: Chapter) -> Chapter:
    """A poem headed by stars alone ("* * *", an untitled poem in a Russian collection: Blok's 231
    of them) listed by its first line, as such a poem is looked up: the contents read "* * *" over
    and over."""
    if not _ASTERISM.fullmatch(chapter.title) or "line-block" not in chapter.body_html:
        return chapter
    poem = whole_chapter_poem(chapter)
    if poem is None or not poem.first_line:  # under a dedication ("Н. Гуну"): the verse's first line
        body = lxml.html.fragment_fromstring(chapter.body_html, create_parent="div")
        block = next(iter(body.xpath('.//div[contains(concat(" ", @class, " "), " line-block ")]')), None)
        line = first_line(block)
    else:
        line = poem.first_line
    line = line.rstrip(",;:")
    return dataclasses.replace(chapter, title=line, title_html=escape(line)) if line else chapter


def contents_poems(book: Book) -> dict[str, list[Poem]]:
    """Chapter id → the poems among its sections (poems.py), which the contents lists under it."""
    return {chapter.id: poems for chapter in book.chapters if (poems := chapter_poems(chapter))}


def first_lines_by_letter(book: Book) -> list[tuple[Entry, bool]]:
    """The index of first lines' entries (first_lines.py), each with whether it is the first under
    its letter (set a line apart from those before)."""
    entries = index_entries(book)
    return [(e, k > 0 and initial(e) != initial(entries[k - 1])) for k, e in enumerate(entries)]


def numbered_parts(book: Book) -> dict[str, list[tuple[Chapter, str]]]:
    """Part id → its chapters with their numerals, for each part whose chapters are titled
    only by a number ("CHAPTER I", "Глава 3", "XIV"): the contents lists such a part by its
    title alone (War and Peace's 365 "CHAPTER I … 5" lines ran to 15 pages), the web edition
    and the EPUB with its chapters' numerals run in after it. The PDF's bookmarks and the
    EPUB's navigation still list every chapter."""
    parts = parts_by_chapter(book.chapters)
    chapters: dict[str, list[Chapter]] = {}
    for chapter in book.chapters:
        if chapter.id in parts:
            chapters.setdefault(parts[chapter.id].id, []).append(chapter)
    return {part: [(c, number_of(c.title)) for c in members] for part, members in chapters.items()
            if _numbered(members)}


TITLED_AMONG_NUMBERED = 0.1  # Anna Karenina's part five: "XX. Смерть" among 33 numerals


def _numbered(chapters: list[Chapter]) -> bool:
    """Every chapter titled by its numeral alone, but for one in ten or fewer whose numeral has a
    title as well (its line of numerals then carries "XX. Смерть"): a part of 33 chapters was
    listed line by line in the contents for the one."""
    bare = sum(bool(c.title) and is_bare_number(c.title) for c in chapters)
    titled = sum(bool(c.title) and opens_with_numeral(c.title) and not is_bare_number(c.title) for c in chapters)
    return bare + titled == len(chapters) and titled <= len(chapters) * TITLED_AMONG_NUMBERED


def edition_history(book: Book) -> list[str]:
    """"First edition 2026.", one line per recorded edition or printing, in the book's language."""
    labels, lines = book.meta.labels, []
    for ed in book.meta.editions:
        count = ed.number if ed.printing == 1 else ed.printing
        name = labels.ordinal(count, book.meta.language)
        year = ed.date[:4] if ed.date else (str(book.meta.year) if book.meta.year else "")
        pattern = labels.edition if ed.printing == 1 else labels.printing
        text = pattern.format(ordinal=name)
        if ed.note and _names_the_edition(ed.note, pattern):
            text = ed.note  # "Первое издание": the label in words, not again after "1-е издание"
        elif ed.note and ed.note.lower() != text.lower():
            text += f", {_mid_sentence(ed.note, book.meta.language)}" + ("," if year else "")
        lines.append(f"{text} {year}".strip() + ".")
    return lines


def _mid_sentence(note: str, language: str) -> str:
    """A note as it reads after a comma: its capital dropped ("with corrections"), but not a
    German one (nouns keep theirs: "Erstausgabe") nor an acronym's ("USSR edition")."""
    first = note.split()[0] if note.split() else note
    if language.split("-")[0].lower() == "de" or (len(first) > 1 and first.isupper()):
        return note
    return note[0].lower() + note[1:]


def _names_the_edition(note: str, pattern: str) -> bool:
    """A note that is the edition's or printing's name in words: an ordinal word and the
    label's noun ("Первое издание", "Zweite Auflage", "First edition")."""
    words = note.lower().split()
    return len(words) == 2 and words[1] == pattern.split()[-1].lower()


@cache
def tool_versions() -> dict[str, str]:
    out = {"pandoc": pandoc_version(), "publish": __version__}
    for dist in ("weasyprint", "ebooklib"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "unknown"
    return out


@cache
def _environment(folder: Path) -> jinja2.Environment:
    # A copy of styles/ made before a page existed (praise.html) takes that page's default.
    env = templates.environment(dict.fromkeys([folder, default_styles_dir() / "templates"]))
    # "{title} is volume …" | fill(title=…): a label's pattern filled in, the values escaped.
    env.filters["fill"] = lambda pattern, **values: markupsafe.Markup(markupsafe.escape(pattern)).format(**values)
    return env
