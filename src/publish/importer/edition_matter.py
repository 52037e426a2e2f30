"""An EPUB's own edition matter: its cover picture, title pages, imprint, copyright page and
colophon, named by EPUB 3's `epub:type` (which pandoc's reader gives each file's section as a
class). They belong to the edition the EPUB was, not to the book: publish makes its own title
pages, copyright page and colophon, and Standard Ebooks' "Imprint", "Colophon" and
"Uncopyright" had been chapters, listed in the contents, the cover a picture on the text's first
page. They are set aside, word for word, in a file beside the manuscript. Its dedication (a short
section typed `dedication`) goes to book.yaml, whose dedication page publish makes.
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


DEDICATION_MAX_WORDS = 80  # a dedication is a few lines; a longer section typed so is text


def dedication(blocks: list) -> str | None:
    """Take the EPUB's dedication out of `blocks` and return its text, a line for each of its lines
    (Shackleton's "To / my comrades / who fell in the white warfare / …" was a page of text
    before the preface, headless and flush left). Only paragraphs of text, a few lines."""
    for k, block in enumerate(blocks):
        if block.get("t") != "Div" or "dedication" not in block["c"][0][1]:
            continue
        inner = block["c"][1]
        if not inner or any(b.get("t") not in ("Para", "Plain") for b in inner):
            return None
        lines = [line for b in inner for line in paragraph_lines(b["c"])]
        if not lines or sum(len(line.split()) for line in lines) > DEDICATION_MAX_WORDS:
            return None
        del blocks[k]
        return "\n".join(lines)
    return None


def paragraph_lines(inlines: list) -> list[str]:
    """The lines of a paragraph's text, as its hard line breaks part them."""
    lines, current = [], []
    for node in inlines:
        kind = node.get("t")
        if kind == "LineBreak":
            lines.append("".join(current))
            current = []
        elif kind in ("Space", "SoftBreak"):
            current.append(" ")
        elif kind == "Str":
            current.append(node["c"])
        elif kind in ("Code", "Math"):
            current.append(node["c"][-1])
        elif kind in ("Link", "Image"):  # their words, not their target
            current.append(" ".join(paragraph_lines(node["c"][1])))
        elif kind not in ("Note", "RawInline") and isinstance(node.get("c"), list):  # emphasis, a span, small caps
            inner = node["c"][-1] if kind in ("Span", "Quoted", "Cite") else node["c"]
            current.append(" ".join(paragraph_lines(inner)))
    lines.append("".join(current))
    return [" ".join(line.split()) for line in lines if line.strip()]


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
