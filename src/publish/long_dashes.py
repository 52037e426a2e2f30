"""Long dashes the book's fonts lack, drawn with em dashes."""

from __future__ import annotations

import dataclasses
import re

from publish.model import Book

# Long dashes few fonts have (Literata has neither), drawn with the em dashes every font has:
# the two- and three-em dashes of a name left out ("Mr. ⸻"), as Standard Ebooks writes them.
_DRAWN_WITH = {"\u2e3a": "\u2014" * 2, "\u2e3b": "\u2014" * 3}


def long_dashes_drawn(book: Book, covered: set[int]) -> Book:
    """The book with each two- or three-em dash its fonts (`covered`, styles/fonts/) lack
    written as em dashes, in every edition: they all set the text in those fonts."""
    lacking = {ch: dashes for ch, dashes in _DRAWN_WITH.items() if ord(ch) not in covered}
    if not covered or ord("\u2014") not in covered or not lacking:
        return book
    pattern = re.compile("|".join(lacking))

    def drawn(html_text: str) -> str:
        return pattern.sub(lambda m: lacking[m[0]], html_text) if pattern.search(html_text) else html_text

    # The plain title too: the contents page, the running heads and the bookmarks set it (Keats's
    # poem "To ⸻" was a box on the contents page and over its pages).
    chapters = tuple(dataclasses.replace(c, title=drawn(c.title), title_html=drawn(c.title_html),
                                         running_head=drawn(c.running_head), body_html=drawn(c.body_html))
                     for c in book.chapters)
    return dataclasses.replace(book, chapters=chapters)
