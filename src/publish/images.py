"""Images the manuscript refers to: found in manuscript/, checked, typed by their content."""

from __future__ import annotations

import hashlib
import html
import io
import logging
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import lxml.html
from lxml import etree
from PIL import Image as PilImage

from publish.errors import PublishError
from publish.model import Book, Chapter
from publish.project import named_otherwise, resolved

# EPUB 3.3 core media types for images; the HTML and print editions take the same set.
log = logging.getLogger("publish")

RASTER_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
SVG_TYPE = "image/svg+xml"
# The suffixes a reader takes for each type, the first given to a file named otherwise.
_SUFFIXES = {"image/jpeg": ("jpg", "jpeg", "jpe"), "image/png": ("png",), "image/gif": ("gif",),
             "image/webp": ("webp",), SVG_TYPE: ("svg",)}
MAX_IMAGE_BYTES = 30_000_000
# 250 megapixels: a 600-ppi scan of a 26 × 26 in map; decoded, up to 1 GB of memory.
MAX_IMAGE_PIXELS = 250_000_000
# Pillow refuses images above 179 megapixels (a guard against files from the web), which real
# map scans pass. publish checks the size itself (`check_pixel_size`) once the header is read,
# before anything is decoded, and names it; Pillow's guard is off so that it cannot refuse
# first with a message that says "unreadable".
PilImage.MAX_IMAGE_PIXELS = None
_SVG_NS = "http://www.w3.org/2000/svg"
ACTIVE_SVG = re.compile(r"<\s*(script|foreignObject)\b|\son[a-z]+\s*=", re.I)
# What makes some edition load a file: WeasyPrint fetches all of these, readers the images.
_FETCHED = {"img": ("src",), "object": ("data",), "embed": ("src",), "link": ("href",),
            "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href")}
# Media no edition shows, with the attribute naming the file.
_MEDIA = {"embed": "src", "object": "data", "video": "src", "audio": "src"}
_MEDIA_TAG = re.compile(r"<(?:embed|object|video|audio)\b", re.I)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""", re.I)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")
_UNSAFE = re.compile(r"[^A-Za-z0-9._/-]+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Image:
    path: Path  # the file on disk
    name: str  # its path relative to manuscript/, with forward slashes: "images/map.png"
    media_type: str
    data: bytes

    @property
    def packaged_name(self) -> str:
        """Its name in the EPUB and the web edition: `name` when every character is safe in a
        URL and a zip; else those characters made "-" and a hash of `name` added, so that
        "maps and plans/port arthur.jpg" and "maps-and-plans/port-arthur.jpg" stay two files.
        (A space in an EPUB's href is invalid, epubcheck RSC-020; escaped, some readers fail.)"""
        return self.packaged_as(self.media_type)

    def packaged_as(self, media_type: str) -> str:
        """Its packaged name when carried as `media_type`: a PNG photograph carried as a JPEG
        gets the suffix .jpg and the hash, "images/plate-1a2b3c4d.jpg" (never "plate.jpg", which
        may be another picture of the manuscript). So does a file whose suffix is not its type's
        (`![](figures/plot)`, a PNG named .jpg): epubcheck and readers go by the suffix."""
        folder, _, file = self.name.rpartition("/")
        stem, dot, suffix = file.rpartition(".") if "." in file.lstrip(".") else (file, "", "")
        suffix_fits = suffix.lower() in _SUFFIXES[media_type]
        if media_type == self.media_type and suffix_fits and _SAFE_NAME.fullmatch(self.name):
            return self.name
        if not suffix_fits:
            dot, suffix = ".", _SUFFIXES[media_type][0]
        tag = hashlib.sha256(self.name.encode()).hexdigest()[:8]
        safe = "/".join(_ascii(part) for part in [*(folder.split("/") if folder else []), f"{stem}-{tag}"])
        return safe + dot + _UNSAFE.sub("-", suffix)


def _ascii(part: str) -> str:
    """A folder or file name in ASCII: spaces and signs a hyphen, letters transliterated
    (карта мира → karta-mira, not a row of hyphens)."""
    from slugify import slugify

    return slugify(part, lowercase=False, regex_pattern=r"[^-a-zA-Z0-9._]+") or _UNSAFE.sub("-", part)


def check_resources(book: Book) -> None:
    """Before any edition renders: every image and url() a chapter names is a file in the manuscript.

    One check for all editions, so that a remote or missing image stops the build the same way
    whichever editions are asked for (and before any of them starts).
    """
    problems: list[PublishError] = []
    for chapter in book.chapters:
        _warn_media(book, chapter)
        for src, is_image in _references(chapter.title_html + chapter.body_html):
            try:
                if _is_local(src):
                    if is_image:
                        load_image(book, chapter, src)
                else:
                    _refuse(book, chapter, src, "image" if is_image else "resource")
            except PublishError as exc:
                problems.append(exc)
    if problems:
        raise _all_at_once(problems)


def _all_at_once(problems: list[PublishError], shown: int = 10) -> PublishError:
    """The first problem, the others named after it: three pictures missing are told of in one
    build, not in three."""
    if len(problems) == 1:
        return problems[0]
    first = problems[0].diagnostic
    others = [p.diagnostic for p in problems[1:]]
    listed = "; ".join(f"{d.file.name if d.file else ''}:{d.line}: {d.message}" for d in others[:shown])
    rest = f"; and {len(others) - shown} more" if len(others) > shown else ""
    return PublishError(f"{first.message}; also {listed}{rest}", file=first.file, line=first.line, hint=first.hint)


def _warn_media(book: Book, chapter: Chapter) -> None:
    """A PDF, video or sound where a picture goes (`![Frogs.](slides.pdf)`, as LaTeX takes a PDF
    figure; pandoc makes it an <embed>, <video> or <audio>): no edition shows one (print cannot,
    the EPUB and the web edition drop it, as they drop such raw HTML), so its figure keeps only
    its caption. Said, with the place, not lost without a word."""
    fragment = chapter.title_html + chapter.body_html
    if not _MEDIA_TAG.search(fragment):
        return
    for el in lxml.html.fragment_fromstring(_NOT_XML.sub("", fragment), create_parent="div").iter(*_MEDIA):
        source = next(el.iter("source"), None)
        src = el.get(_MEDIA[el.tag]) or (source.get("src") if source is not None else None) or ""
        kind = {"video": "a video", "audio": "a sound"}.get(el.tag, "a document (a PDF page?)")
        where = locate(book, chapter, *([src] if src else []), f"<{el.tag}")
        how = f" (a PDF's page as one: `pdftocairo -svg -f 1 -l 1 {src} page.svg`)" if el.tag in ("embed", "object") \
            else ", a still of it"
        log.warning("%s:%d: '%s' is %s, not a picture: no edition shows it (pandoc makes it <%s>); give a picture "
                    "instead, PNG, JPEG, GIF, WebP or SVG%s", where["file"], where["line"], src, kind, el.tag, how)


def _references(fragment: str) -> list[tuple[str, bool]]:
    """(address, is it an <img>?) for everything in the HTML that a renderer would load."""
    if "<" not in fragment:
        return []
    found: list[tuple[str, bool]] = []
    fragment = _NOT_XML.sub("", fragment)  # lxml refuses control characters (they hold no addresses)
    for el in lxml.html.fragment_fromstring(fragment, create_parent="div").iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.rsplit("}", 1)[-1].lower()
        found += [(el.get(a), tag == "img") for a in _FETCHED.get(tag, ()) if el.get(a) is not None]
        css = (el.get("style") or "") + (el.text or "" if tag == "style" else "")
        found += [(m.group(2) or m.group(4), False) for m in _CSS_URL.finditer(css)]
    return [(src, is_image) for src, is_image in found if not src.startswith("#")]


def _is_local(src: str) -> bool:
    return not _SCHEME.match(src) and not src.strip().startswith("//")


def _refuse(book: Book, chapter: Chapter, src: str, kind: str) -> None:
    where = locate(book, chapter, src)
    scheme = _SCHEME.match(src).group(1).lower() if _SCHEME.match(src) else ""
    fetch = "download the file into manuscript/ (e.g. manuscript/images/) and refer to it by a relative path"
    if scheme == "file":
        path = Path(unquote(urlparse(src).path)).resolve()
        inside = path.is_relative_to(book.root.resolve())
        raise PublishError(
            f"{kind} '{src}' is a file: URL{'' if inside else ' outside the project'}; builds read only"
            " project files, by relative paths", **where,
            hint="refer to the image by its path relative to manuscript/, e.g. images/map.png" if inside
            else "copy the file into manuscript/ (e.g. manuscript/images/) and refer to it by a relative path",
        )
    if scheme == "data":
        short = src if len(src) <= 60 else src[:60] + "…"
        raise PublishError(f"{kind} '{short}' is an embedded data: URL, which not every edition can show", **where,
                           hint="save it as a file in manuscript/images/ and refer to it by a relative path")
    raise PublishError(f"remote {kind} '{src}' is refused: builds never use the network", **where, hint=fetch)


def _found_elsewhere(root: Path, target: str) -> str:
    """The path from `root` of a file named as the missing picture in another folder ('map.png'
    written for images/map.png), or ""."""
    name = posixpath.basename(target)
    if not name:
        return ""
    found = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.name == name and p.is_file())
    return found[0] if found else ""


def load_image(book: Book, chapter: Chapter, src: str) -> Image:
    """The image that `src` in a chapter names, or a PublishError naming the file and line."""
    where = locate(book, chapter, src)
    target = unquote(src.split("#", 1)[0].split("?", 1)[0])
    root = book.manuscript_dir.resolve()
    path = resolved(root / target)
    if not path.is_relative_to(root):
        raise PublishError(
            f"image '{src}' lies outside the manuscript folder", **where,
            hint="copy the image into manuscript/ (e.g. manuscript/images/) and refer to it there",
        )
    if not path.is_file():
        other = named_otherwise(root, target)
        elsewhere = "" if other else _found_elsewhere(root, target)
        raise PublishError(
            f"image '{src}' does not exist" + (f" (a file of that name is at '{elsewhere}')" if elsewhere else ""),
            **where,
            hint=f"the file is '{other}': names differ by capitals here, as on a web server and in an EPUB; "
            "write it as the file is named" if other else
            f"image paths are relative to {root.name}/; check the spelling and the folder",
        )
    if posixpath.normpath(target).startswith("../"):  # the print edition's reader sees only manuscript/
        raise PublishError(
            f"image '{src}' goes up out of the manuscript folder and back in", **where,
            hint=f"write its path from {root.name}/: '{path.relative_to(root).as_posix()}'",
        )
    data = path.read_bytes()
    if len(data) > MAX_IMAGE_BYTES:
        raise PublishError(f"image '{src}' is {len(data):,} bytes, above the limit", **where)
    return Image(path, path.relative_to(root).as_posix(), _media_type(data, src, where), data)


def _media_type(data: bytes, src: str, where: dict) -> str:
    head = data[:512].lstrip()
    if head.startswith(b"<") and (b"<svg" in data[:4096] or head.startswith(b"<?xml")):
        _check_svg(data, src, where)
        return SVG_TYPE
    if not data:
        raise PublishError(f"image '{src}' is an empty file (0 bytes)", **where,
                           hint="copy the picture into place again")
    kind, damaged = "", False
    try:
        with PilImage.open(io.BytesIO(data)) as im:
            kind = im.format or ""
            check_pixel_size(im.size, f"image '{src}'", where)
            damaged = True
            im.verify()
            damaged = False
    except PublishError:
        raise
    except Exception:  # Pillow raises many types for files it cannot read
        pass
    if damaged or (not kind and _looks_like_a_picture(data)):
        raise PublishError(
            f"image '{src}' is damaged or cut short ({len(data):,} bytes): no edition can show it", **where,
            hint="copy the picture again from where it came, or open it in an image editor and save it again",
        )
    if kind not in RASTER_TYPES:
        drawing = kind == "WMF"  # Pillow's name for EMF too: the drawings and charts Word keeps
        raise PublishError(
            f"image '{src}' is not a supported image "
            f"({'a Windows drawing, WMF or EMF' if drawing else kind or 'not a picture'})", **where,
            hint="use PNG, JPEG, GIF, WebP or SVG" + (": export the drawing as SVG or PNG from the program that "
                                                      "drew it, or from LibreOffice Draw" if drawing else ""),
        )
    return RASTER_TYPES[kind]


_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")  # PNG, JPEG, GIF, WebP


def _looks_like_a_picture(data: bytes) -> bool:
    """Whether the bytes open as a picture of a supported kind (a JPEG cut at its header)."""
    return data.startswith(_SIGNATURES)


def check_pixel_size(size: tuple[int, int], what: str, where: dict) -> None:
    """A PublishError for an image too large to open (MAX_IMAGE_PIXELS), naming its size."""
    width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        raise PublishError(
            f"{what} is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} megapixels), more than"
            f" a build opens ({MAX_IMAGE_PIXELS / 1e6:,.0f} megapixels)", **where,
            hint="scale it down in an image editor, e.g. to 10,000 pixels on its longest side: still more"
                 " than a printed page or a screen shows (each edition gets a copy scaled from it)",
        )


def _check_svg(data: bytes, src: str, where: dict) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PublishError(f"SVG image '{src}' is not well-formed XML: {exc}", **where) from None
    if root.tag != f"{{{_SVG_NS}}}svg":
        raise PublishError(f"image '{src}' is not an SVG drawing (no <svg> root)", **where)
    text = data.decode("utf-8", "replace")
    if ACTIVE_SVG.search(text):
        raise PublishError(
            f"SVG image '{src}' contains scripts or embedded HTML", **where,
            hint="export a plain SVG drawing (no scripts, event handlers or foreignObject)",
        )
    if outside := _svg_outside(root, text):
        raise PublishError(
            f"SVG image '{src}' draws on what is outside it ({outside}): the EPUB may not load it "
            "(epubcheck refuses the book) and the web edition would load it from elsewhere", **where,
            hint="embed the pictures and styles in the drawing, or export it again as a plain SVG",
        )


_SVG_ENTITY = re.compile(r"<!ENTITY\s+%?\s*[\w.-]+\s+(?:SYSTEM|PUBLIC)\b[^>]*>", re.I)
_SVG_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)|@import\s+['\"]([^'\"]*)", re.I)


def _svg_outside(root: etree._Element, text: str) -> str:
    """The first thing a drawing takes from another file or address (an image's href, a style's
    url() or @import, an external entity), or "" when it holds all it draws: only its own
    elements (#id) and data: URLs."""
    if entity := _SVG_ENTITY.search(text):
        return entity[0][:80]
    for el in root.iter():
        for name, value in el.attrib.items():
            if name in ("href", "{http://www.w3.org/1999/xlink}href") and not _inside(value):
                return value
        styles = [*el.attrib.values(), el.text or ""] if el.tag == f"{{{_SVG_NS}}}style" else el.attrib.values()
        for style in styles:  # fill="url(#g)", style="…url(…)", a <style>'s url() and @import
            for match in _SVG_URL.finditer(style):
                if not _inside(address := match[1] if match[1] is not None else match[2]):
                    return address
    return ""


def _inside(address: str) -> bool:
    address = address.strip()
    return not address or address.startswith(("#", "data:"))


def _from_chapter_on(book: Book, chapter: Chapter) -> list[Path]:
    """The book's Markdown files from the chapter's own on, then those before it: a chapter
    runs on into the files after its first (one file per section), never into earlier ones."""
    texts = [p for p in book.inputs if p.suffix == ".md"]
    if chapter.source not in texts:
        return [chapter.source, *texts]
    start = texts.index(chapter.source)
    return texts[start:] + texts[:start]


def locate(book: Book, chapter: Chapter, *needles: str) -> dict:
    """The file and line where a chapter's text names the first of `needles` it has (for
    messages only); else the chapter's heading."""
    files = _from_chapter_on(book, chapter)
    texts = []
    for path in files:
        try:
            texts.append((path, path.read_text(encoding="utf-8-sig").split("\n")))
        except OSError:
            continue
    # As written, then as pandoc reads it: "/&uuml;rl" and "/hi\)" are "/ürl" and "/hi)".
    for read in (lambda line: line, _as_read):
        for needle in needles:
            for path, lines in texts:
                start = chapter.line - 1 if path == chapter.source else 0
                for n in range(start, len(lines)):
                    if needle in read(lines[n]):
                        return {"file": path, "line": n + 1}
    return {"file": chapter.source, "line": chapter.line}


def _as_read(line: str) -> str:
    """A line of Markdown with its entities and backslash escapes read."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line))
