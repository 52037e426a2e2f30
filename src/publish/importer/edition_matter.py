"""An EPUB's own edition matter: its cover picture, title pages, imprint, copyright page and
colophon, named by EPUB 3's `epub:type` (which pandoc's reader gives each file's section as a
class). They belong to the edition the EPUB was, not to the book: publish makes its own title
pages, copyright page and colophon, and Standard Ebooks' "Imprint", "Colophon" and
"Uncopyright" had been chapters, listed in the contents, the cover a picture on the text's first
page. They are set aside, word for word, in a file beside the manuscript.
"""

from __future__ import annotations

MATTER_FILE = "source-edition-matter.txt"
_MATTER = {"cover", "titlepage", "halftitlepage", "imprint", "copyright-page", "colophon"}
# The pictures publish takes as a book's cover (manuscript/cover.jpg or cover.png).
_COVER_TYPES = {"jpg": "jpg", "jpeg": "jpg", "png": "png"}


def edition_matter(blocks: list) -> list:
    """Take the EPUB's edition matter out of `blocks`, and return it: its sections, and the
    cover picture pandoc's reader sets before the first file's text."""
    taken = [blocks.pop(0)] if blocks and is_cover(blocks[0]) else []
    kept = []
    for block in blocks:
        if block.get("t") == "Div" and _MATTER & set(block["c"][0][1]):
            taken.append(block)
        else:
            kept.append(block)
    blocks[:] = kept
    return taken


def cover_picture(taken: list) -> str | None:
    """The cover's picture among the blocks taken, when publish can take it as the book's cover."""
    if taken and is_cover(taken[0]):
        src = _image(taken[0])["c"][2][0]
        if src.rsplit(".", 1)[-1].lower() in _COVER_TYPES:
            return src
    return None


def cover_name(src: str) -> str:
    return "cover." + _COVER_TYPES[src.rsplit(".", 1)[-1].lower()]


def is_cover(block: dict) -> bool:
    """The picture alone with no description that pandoc's EPUB reader puts first: the cover."""
    image = _image(block)
    return image is not None and not image["c"][1]


def _image(block: dict) -> dict | None:
    if block.get("t") == "Para" and len(block["c"]) == 1 and block["c"][0].get("t") == "Image":
        return block["c"][0]
    if block.get("t") == "Figure":
        plain = block["c"][2]
        if len(plain) == 1 and plain[0].get("t") in ("Plain", "Para") and len(plain[0]["c"]) == 1:
            inline = plain[0]["c"][0]
            return inline if inline.get("t") == "Image" else None
    return None
