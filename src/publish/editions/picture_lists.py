"""A list of illustrations in print: each entry given the page of its picture.

A list whose every item is one link to a picture of the book (its figure's or image's id, as
Standard Ebooks' List of Illustrations is: `1. [Map of …](#illustration-1)`) printed no pages:
the EPUB and the web edition lead to the picture, but a printed list must say where it is. In
print each such item gets a page reference (page_refs.py: a link of class `page-of`), set after
a dotted leader as the contents' numbers are. An item that gives a page already (Wells's
'*Map* [50](#P50)', two links) is left as it is, and so is every other list.
"""

from __future__ import annotations

import dataclasses
import re

from publish.model import Book

PAGE_OF = "page-of"  # the class of a link page_refs.py prints the page of, whatever its target
_LIST = re.compile(r"(<(ol|ul)\b[^>]*>)(.*?)(</\2>)", re.S)
_ITEM = re.compile(r"(<li\b[^>]*>)(.*?)(</li>)", re.S)
_LINK = re.compile(r'<a\b[^>]*\bhref="#([^"]+)"')
_PICTURE_ID = re.compile(r'<(?:figure|img)\b[^>]*\bid="([^"]+)"')
_CLOSING_P = re.compile(r"</p>\s*$")


def with_picture_pages(book: Book) -> Book:
    """The book with each list of illustrations' entries given their pictures' pages (print only)."""
    pictures = {m[1] for chapter in book.chapters for m in _PICTURE_ID.finditer(chapter.body_html)}
    if not pictures:
        return book
    chapters = []
    for chapter in book.chapters:
        body = _LIST.sub(lambda m: _paged(m, pictures), chapter.body_html)
        chapters.append(chapter if body == chapter.body_html else dataclasses.replace(chapter, body_html=body))
    return dataclasses.replace(book, chapters=tuple(chapters))


def _paged(found: re.Match, pictures: set[str]) -> str:
    opening, _, inner, closing = found.groups()
    if "<ol" in inner or "<ul" in inner:
        return found[0]  # a nested list: a contents, not a list of pictures
    items = list(_ITEM.finditer(inner))
    targets = [_LINK.findall(item[2]) for item in items]
    if len(items) < 2 or any(len(t) != 1 or t[0] not in pictures for t in targets):
        return found[0]
    out, at = [], 0
    for item, (target,) in zip(items, targets, strict=True):
        page = f'<span class="picture-page"><a class="{PAGE_OF}" href="#{target}">0</a></span>'
        content = item[2]
        closing_p = _CLOSING_P.search(content)
        content = content[:closing_p.start()] + page + content[closing_p.start():] if closing_p else content + page
        out.append(inner[at:item.start()] + item[1] + content + item[3])
        at = item.end()
    return opening + "".join(out) + inner[at:] + closing
