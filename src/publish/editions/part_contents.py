"""A part's page lists its chapters, each a link: the web edition's page and the EPUB's alike."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import lxml.html

from publish.matter import numbered_parts
from publish.model import Book, Chapter

_LINK_OR_ID = re.compile(r"<a\b|\sid=")


def part_contents(book: Book, part: Chapter, parts: dict[str, Chapter], href: Callable[[Chapter], str]) -> str:
    """The <nav> that follows a part's title (and its epigraph): its chapters, each a link to
    `href(chapter)`, by their numerals when they are only numbered ("CHAPTER I"), as the contents
    does, else by their titles; "" for a part without titled chapters. `parts`: parts_by_chapter."""
    esc = html.escape
    numbered = numbered_parts(book).get(part.id)
    if numbered:
        items = "".join(f'<li><a href="{esc(href(c))}" aria-label="{esc(c.title)}">{esc(numeral)}</a></li>'
                        for c, numeral in numbered)
        listing = f'<ol class="toc-numbers">{items}</ol>'
    else:
        members = _volume_members(book, part) if part.volume else \
            [c for c in book.chapters if c.id in parts and parts[c.id].id == part.id]
        items = "".join(f'<li><a href="{esc(href(c))}">{link_text(c.title_html)}</a></li>' for c in members if c.title)
        listing = f'<ol class="toc">{items}</ol>' if items else ""
    if not listing:
        return ""
    return f'\n<nav class="part-contents" aria-label="{esc(part.title)}">\n{listing}\n</nav>'


def _volume_members(book: Book, volume: Chapter) -> list[Chapter]:
    """What a volume's page lists: its parts, and its chapters before them (a preface)."""
    after = book.chapters[book.chapters.index(volume) + 1:]
    inside = after[:next((n for n, c in enumerate(after) if not c.in_volume), len(after))]
    return [c for c in inside if c.depth == 2]


def link_text(title_html: str) -> str:
    """A title's inline HTML as a link's text: without its note calls, its own links (a link
    cannot hold one) or its ids (they stay on the chapter's page, where the notes are)."""
    if not _LINK_OR_ID.search(title_html):
        return title_html
    root = lxml.html.fragment_fromstring(title_html, create_parent="span")
    for call in root.xpath(".//a[contains(concat(' ', @class, ' '), ' footnote-ref ')]"):
        call.drop_tree()
    for link in root.xpath(".//a"):
        link.drop_tag()
    for element in root.xpath(".//*[@id]"):
        del element.attrib["id"]
    return html.escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root)
