"""Links inside the book: each leads to a heading or an anchor of the text, in every edition.

A link to an id that no chapter has ("#nowhere", a heading renamed since) is a dead link in the
web edition, one that the ebook stores reject in the EPUB, and an error line from WeasyPrint in
the PDF: it is said once, with the place in the manuscript, and made plain text everywhere.
"""

from __future__ import annotations

import dataclasses
import logging
import re

from publish.images import locate
from publish.model import Book

log = logging.getLogger("publish")

_ID = re.compile(r'\bid="([^"]+)"')
_LINK = re.compile(r'<a\b([^>]*?)\s*\bhref="#([^"]*)"([^>]*)>(.*?)</a>', re.S)


def dead_links_unlinked(book: Book) -> Book:
    """The book with every link to a missing anchor made its text (a span), each one said."""
    ids = set()
    for chapter in book.chapters:
        ids.add(chapter.id)
        ids.update(_ID.findall(chapter.title_html + chapter.body_html))
    chapters = []
    for chapter in book.chapters:
        dead: list[str] = []

        def unlink(match: re.Match, dead: list[str] = dead) -> str:
            if match[2] in ids:
                return match[0]
            dead.append(match[2])
            attributes = (match[1] + match[3]).strip()
            return f"<span{' ' + attributes if attributes else ''}>{match[4]}</span>"

        body = _LINK.sub(unlink, chapter.body_html)
        for anchor in dict.fromkeys(dead):
            href = f"#{anchor}"
            where = locate(book, chapter, f"({href}", f"]: {href}", f'"{href}"', href)
            log.warning("%s:%d: link to '%s' leads nowhere (no heading or anchor has that id): it is printed "
                        "as plain text; correct the id or remove the link", where["file"], where["line"], href)
        chapters.append(dataclasses.replace(chapter, body_html=body) if dead else chapter)
    return dataclasses.replace(book, chapters=tuple(chapters))
