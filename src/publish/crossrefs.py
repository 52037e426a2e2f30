"""Links inside the book: each leads to a heading or an anchor of the text, in every edition.

A link to an id that no chapter has ("#nowhere", a heading renamed since) is a dead link in the
web edition, one that the ebook stores reject in the EPUB, and an error line from WeasyPrint in
the PDF; so is a link to a file by a relative address ("/url", "notes.html": no such page in
any edition; in the PDF, a link into the computer it was made on). Each is said once, with the
place in the manuscript, and made plain text everywhere; a page number of an old edition's index
or contents that leads nowhere goes (editions/page_refs.py). Full addresses (https:, mailto:) stay.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import re
from urllib.parse import unquote

from publish.editions.links import anchor_owners
from publish.editions.page_refs import without_dead
from publish.images import locate
from publish.model import Book

log = logging.getLogger("publish")

_LINK = re.compile(r'<a\b([^>]*?)\s*\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.S)
ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # https:, mailto:, tel: … (the sanitiser vets them)
# A user name or password in the address (http://user:secret@host/): printed for every reader,
# and an invalid link in the web edition.
_CREDENTIALS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@")


def dead_links_unlinked(book: Book) -> Book:
    """The book with every dead link made its text (a span), each one said, and every link to
    an anchor written to the id as it is (not percent-encoded)."""
    ids = anchor_owners(book.chapters)
    chapters = []
    for chapter in book.chapters:
        dead: list[str] = []

        def unlink(match: re.Match, dead: list[str] = dead) -> str:
            href = html.unescape(match[2])
            if ABSOLUTE.match(href) and not _CREDENTIALS.match(href):
                return match[0]
            anchor = unquote(href[1:]) if href.startswith("#") else None
            if anchor in ids:
                if anchor == href[1:]:
                    return match[0]
                # As the id is written: pandoc's writer sends "#зима" as "#%D0%B7%D0%B8%D0%BC%D0%B0",
                # which the editions' links between chapters (and WeasyPrint's) would not find.
                return f'<a{match[1]} href="#{html.escape(anchor, quote=True)}"{match[3]}>{match[4]}</a>'
            dead.append(href)
            attributes = (match[1] + match[3]).strip()
            return f"<span{' ' + attributes if attributes else ''}>{match[4]}</span>"

        # Another edition's page number that leads nowhere is no page of this book, in any edition.
        body, lost = without_dead(chapter.body_html, ids)
        for ref in lost:
            where = locate(book, chapter, f"(#{ref.target})", f"#{ref.target}")
            log.warning("%s:%d: the page number %s in '%s' links to '#%s', which no heading or anchor has: "
                        "another edition's page, left out of every edition; mark its place ([]{#%s}) or correct "
                        "the link", where["file"], where["line"], ref.number, ref.entry, ref.target, ref.target)
        body = _LINK.sub(unlink, body)
        for href in dict.fromkeys(unquote(h) for h in dead):  # as written: "my notes.md", not "my%20notes.md"
            where = locate(book, chapter, f"({href})", f"({href} ", f"]: {href}", f"<{href}>", f'"{href}"', href)
            why = ("no heading or anchor has that id: correct it" if href.startswith("#")
                   else "it holds a user name or password: take them out of the address" if _CREDENTIALS.match(href)
                   else "not a page of the book: link to a heading (#its-id) or give a full address, https://…")
            log.warning("%s:%d: link to '%s' leads nowhere (%s); it is printed as plain text",
                        where["file"], where["line"], href, why)
        chapters.append(dataclasses.replace(chapter, body_html=body) if body != chapter.body_html else chapter)
    return dataclasses.replace(book, chapters=tuple(chapters))
