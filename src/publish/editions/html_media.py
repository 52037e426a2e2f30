"""Images of the web edition: the manuscript's local images, copied beside the pages (scaled
to a screen, RGB and upright, a photograph in a PNG made a JPEG: image_copies) under names safe
in any URL (Image.packaged_as).

Remote images are never fetched or linked (a page loads nothing from elsewhere): the shared
sanitiser drops their address and the alt text stands in their place, as in the EPUB.
"""

from __future__ import annotations

import html
import logging
import re

from publish.image_copies import ScreenCopy, screen_copy
from publish.images import load_image
from publish.model import Book, Chapter

log = logging.getLogger("publish")

FOLDER = "images"
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\bsrc="([^"]*)"')
_ALT = re.compile(r'\balt="([^"]*)"')


def localise_images(book: Book, chapter: Chapter, fragment: str, files: dict[str, bytes],
                    sources: list[list[str]] | None = None) -> str:
    """The fragment with each image pointing at its copy in images/; the copies go into `files`,
    and [source as written, its copy's name] of each into `sources` (for the chapter cache)."""

    def one(match: re.Match) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        if src is None:  # the sanitiser removed a remote address
            alt = _ALT.search(tag)
            return f'<span class="image-left-out">{alt.group(1) if alt else ""}</span>'
        image = screen_copy(load_image(book, chapter, html.unescape(src.group(1))))
        target = _copy_into(files, image)
        if sources is not None:
            sources.append([src.group(1), image.name])
        tag = tag[: src.start(1)] + html.escape(target) + tag[src.end(1):]
        # ![](pic.png): pandoc writes no alt at all, which HTML forbids; "" marks it decorative, as in the EPUB.
        return tag if _ALT.search(tag) else tag[:4] + ' alt=""' + tag[4:]

    return _IMG.sub(one, fragment)


def copy_images(book: Book, chapter: Chapter, sources: list[list[str]], files: dict[str, bytes]) -> bool:
    """The copies of a cached chapter's images into `files`; False when a source's copy now has
    another name than it had (a link retargeted, a PNG no longer a photograph), and the chapter
    must be made again."""
    images = [screen_copy(load_image(book, chapter, html.unescape(src))) for src, _ in sources]
    if [image.name for image in images] != [name for _, name in sources]:
        return False
    for image in images:
        _copy_into(files, image)
    return True


def _copy_into(files: dict[str, bytes], image: ScreenCopy) -> str:
    """The image's copy put into `files`; its path there, relative to the pages."""
    target = f"{FOLDER}/{image.name}"
    files.setdefault(target, image.data)
    return target
