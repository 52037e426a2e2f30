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
from publish.image_sizes import sized
from publish.image_tones import CLASS as DARK_ON_TRANSPARENT
from publish.images import load_image
from publish.model import Book, Chapter

log = logging.getLogger("publish")

FOLDER = "media"  # as in the EPUB: a picture in manuscript/images/ is media/images/…, not images/images/…
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\bsrc="([^"]*)"')
_ALT = re.compile(r'\balt="([^"]*)"')
_CLASS = re.compile(r'\sclass="([^"]*)"')
_SIZE_ATTRIBUTE = re.compile(r'\s(width|height|style)="([^"]*)"')


def localise_images(book: Book, chapter: Chapter, fragment: str, files: dict[str, bytes],
                    sources: list[list[str]] | None = None) -> str:
    """The fragment with each image pointing at its copy in media/; the copies go into `files`,
    and [source as written, its copy's name and size] of each into `sources` (for the chapter cache)."""

    def one(match: re.Match) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        if src is None:  # the sanitiser removed a remote address
            alt = _ALT.search(tag)
            return f'<span class="image-left-out">{alt.group(1) if alt else ""}</span>'
        image = screen_copy(load_image(book, chapter, html.unescape(src.group(1))))
        target = _copy_into(files, image)
        if sources is not None:
            sources.append([src.group(1), *image.cached_as])
        tag = _sized(tag[: src.start(1)] + html.escape(target) + tag[src.end(1):], image)
        if image.dark_on_transparent:
            tag = _with_class(tag, DARK_ON_TRANSPARENT)
        # ![](pic.png): pandoc writes no alt at all, which HTML forbids; "" marks it decorative, as in the EPUB.
        return tag if _ALT.search(tag) else tag[:4] + ' alt=""' + tag[4:]

    return _IMG.sub(one, fragment)


def copy_images(book: Book, chapter: Chapter, sources: list[list[str]], files: dict[str, bytes]) -> bool:
    """The copies of a cached chapter's images into `files`; False when a source's copy now has
    another name than it had (a link retargeted, a PNG no longer a photograph), and the chapter
    must be made again; so when a copy's size changed (its img's width and height)."""
    images = [screen_copy(load_image(book, chapter, html.unescape(src))) for src, *_ in sources]
    if [image.cached_as for image in images] != [kept for _, *kept in sources]:
        return False
    for image in images:
        _copy_into(files, image)
    return True


def _sized(tag: str, image: ScreenCopy) -> str:
    """The <img> tag with the width and height of its copy (image_sizes), its author's size kept."""
    given = {name: html.unescape(value) for name, value in _SIZE_ATTRIBUTE.findall(tag)}
    wanted = sized(given, image.size)
    if wanted == given:
        return tag
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    extra = "".join(f' {name}="{html.escape(value)}"' for name, value in wanted.items())
    return _SIZE_ATTRIBUTE.sub("", tag[:end]).rstrip() + extra + tag[end:]


def _with_class(tag: str, name: str) -> str:
    """The <img> tag with `name` among its classes."""
    given = _CLASS.search(tag)
    if given is None:
        return tag[:4] + f' class="{name}"' + tag[4:]
    return tag[: given.end(1)] + f" {name}" + tag[given.end(1):]


def _copy_into(files: dict[str, bytes], image: ScreenCopy) -> str:
    """The image's copy put into `files`; its path there, relative to the pages."""
    target = f"{FOLDER}/{image.name}"
    files.setdefault(target, image.data)
    return target
