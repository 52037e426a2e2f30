"""A picture without a description that is all of a link is described by where the link goes.

`[![](seal.png)](https://example.org)` (a Vimwiki or web page's linked badge) was a link with
nothing to say: screen readers read an empty link in the EPUB and the web edition, and the
tagged PDF had a figure without /Alt inside it, which PDF/UA forbids (a decoration elsewhere is
made an artifact, pdf_decorations.py, but this one carries the link). Its description is the
link's title, else its address as a reader would say it ("example.org/about"), or for a link
within the chapter, the words of what it leads to (a heading's title).
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

WORDS_SAID = 8  # of a link's target within the chapter, to describe a picture that is all of the link


def linked_pictures_described(blocks: list) -> None:
    """Give each undescribed `<img>` that is a link's only content in `blocks` (lxml elements, at
    any depth) the link's title or address as its `alt`."""
    elements = [block for block in blocks if not isinstance(block, str)]
    for block in elements:
        for link in block.iter("a"):
            children = list(link)
            if len(children) != 1 or children[0].tag != "img" or (link.text or "").strip() \
                    or (children[0].tail or "").strip() or (children[0].get("alt") or "").strip():
                continue
            href = link.get("href") or ""
            said = (link.get("title") or "").strip() or _address(href) or _target_words(elements, href)
            if said:
                children[0].set("alt", said)


def _address(href: str) -> str:
    """An address as a reader says it: no scheme, no "www.", no trailing slash."""
    parts = urlsplit(href)
    if not parts.netloc:
        return ""  # a link within the book: its target says nothing a reader would hear
    host = parts.netloc.removeprefix("www.")
    return unquote(host + parts.path.rstrip("/"))


def _target_words(elements: list, href: str) -> str:
    """The words of the element in `elements` that `#id` names, shortened to a few."""
    if not href.startswith("#") or len(href) < 2:
        return ""
    for element in elements:
        for found in element.iter():
            if found.get("id") == href[1:]:
                heading = next(found.iter("h1", "h2", "h3", "h4", "h5", "h6"), found)  # a section: its title
                words = " ".join(heading.text_content().split()).split(" ")
                return " ".join(words[:WORDS_SAID]) + ("…" if len(words) > WORDS_SAID else "")
    return ""
