"""A cover made from the metadata (title, series lines, "No. X of XL"), or the manuscript's own.

The generated cover is a 1600 × 2560 PNG in the book's typeface, drawn with Pillow: the same
metadata always gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from publish.errors import PublishError
from publish.image_copies import cover_copy
from publish.model import Book

log = logging.getLogger("publish")

WIDTH, HEIGHT = 1600, 2560
STORES_LEAST = 1400  # pixels on a cover's shorter side: Apple Books' and Kobo's least (KDP's is 625)
PAPER = (243, 237, 225)
INK = (34, 30, 28)
ACCENT = (140, 28, 24)
MARGIN = 150
OWN_COVERS = ("cover.png", "cover.jpg", "cover.jpeg")


@dataclass(frozen=True)
class Cover:
    name: str  # file name in the package: "cover.png"
    media_type: str
    data: bytes
    generated: bool


def book_cover(book: Book) -> Cover:
    """The manuscript's cover.png/cover.jpg when there is one, else one drawn from the metadata."""
    for name in OWN_COVERS:
        path = book.manuscript_dir / name
        if path.is_file():
            return _own_cover(path)
    return Cover("cover.png", "image/png", generated_cover(book), True)


def _own_cover(path: Path) -> Cover:
    data = path.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as im:
            kind = im.format
            im.verify()
    except Exception:  # Pillow raises many types for unreadable files
        kind = None
    types = {"PNG": "image/png", "JPEG": "image/jpeg"}
    if kind not in types:
        raise PublishError("the cover is not a readable PNG or JPEG image", file=path,
                           hint="export the cover as PNG or JPEG, or remove it to get a generated one")
    # A press's cover is often a 20 MB PNG or a CMYK JPEG: made what screens show (image_copies).
    data = cover_copy(data, path)
    kind = "JPEG" if data[:3] == b"\xff\xd8\xff" else kind
    with Image.open(io.BytesIO(data)) as im:
        width, height = im.size
    if min(width, height) < STORES_LEAST:
        log.warning("%s: the cover is %d × %d pixels; Apple Books and Kobo refuse a cover less than %d on its "
                    "shorter side (KDP asks 1600 × 2560): make it from a larger original", path.name, width,
                    height, STORES_LEAST)
    if width > height:  # the printer's whole sheet (back, spine, front), or a picture turned on its side
        log.warning("%s: the cover is %d × %d pixels, wider than tall; stores and readers show a cover upright, as "
                    "the front of the book (KDP asks 1600 × 2560): give the front alone, not the printer's sheet of "
                    "back, spine and front", path.name, width, height)
    suffix = ".png" if kind == "PNG" else ".jpg"
    return Cover(f"cover{suffix}", types[kind], data, False)


def warn_undrawn_cover(book: Book, covered: set[int]) -> None:
    """The generated cover is drawn in the book's face alone, letter after letter from the left:
    an Arabic or Chinese title came out as boxes (Literata has neither), and a Hebrew one in a face
    that has Hebrew would read backwards. Said with what to do. `covered`: the face's characters."""
    if not covered or any((book.manuscript_dir / name).is_file() for name in OWN_COVERS):
        return
    meta = book.meta
    texts = [meta.title, meta.subtitle or "", meta.series.name, *meta.series.lines, meta.series.label,
             meta.imprint or meta.publisher or "", *(p.name for p in meta.creators)]
    lacking = sorted({ch for text in texts for ch in text if ord(ch) not in covered and not ch.isspace()})
    backwards = any(unicodedata.bidirectional(ch) in ("R", "AL") for text in texts for ch in text)
    if not lacking and not backwards:
        return
    named = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in lacking[:10]) + (" …" if len(lacking) > 10 else "")
    why = (f"the book's face (styles/fonts/) has no {named}, drawn as boxes" if lacking
           else "it sets right-to-left letters from the left, backwards")
    log.warning("the generated cover of the EPUB and the web edition cannot show %r: %s; put a cover of "
                "your own in manuscript/ (cover.png or cover.jpg, 1600 × 2560 pixels)", meta.title, why)


def generated_cover(book: Book) -> bytes:
    meta, series = book.meta, book.meta.series
    fonts = _font_files(book.styles_dir)
    im = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(im)
    inner = (MARGIN - 60, MARGIN - 60, WIDTH - MARGIN + 60, HEIGHT - MARGIN + 60)
    draw.rectangle(inner, outline=ACCENT, width=6)
    draw.rectangle(tuple(v + d for v, d in zip(inner, (18, 18, -18, -18), strict=True)), outline=ACCENT, width=2)
    y = MARGIN + 60
    name_font = _font(fonts, "normal", 700, 58)
    for line in _wrap(draw, series.name.upper(), name_font, spacing=8):
        y = _centred(draw, line, name_font, y, ACCENT, spacing=8)
    y += 30
    for line in series.lines:
        for part in _wrap(draw, line, _font(fonts, "italic", 400, 52)):
            y = _centred(draw, part, _font(fonts, "italic", 400, 52), y, INK)
        y += 10
    title_font, title_lines = _fit(draw, meta.title, fonts, 150, 6)
    subtitle_lines = _wrap(draw, meta.subtitle, _font(fonts, "italic", 400, 64)) if meta.subtitle else []
    y = max(y + 220, 820)
    draw.line((WIDTH / 2 - 160, y - 90, WIDTH / 2 + 160, y - 90), fill=ACCENT, width=4)
    for line in title_lines:
        y = _centred(draw, line, title_font, y, INK) + int(title_font.size * 0.22)
    y += 50
    for line in subtitle_lines:
        y = _centred(draw, line, _font(fonts, "italic", 400, 64), y, INK) + 16
    people = [p.name for p in meta.creators]
    if people:
        y = max(y + 120, 1750)
        for line in _people_lines(draw, people, _font(fonts, "normal", 400, 70)):
            y = _centred(draw, line, _font(fonts, "normal", 400, 70), y, INK)
    bottom = HEIGHT - MARGIN - 60
    imprint = meta.imprint or meta.publisher
    if imprint:
        bottom = _centred_above(draw, imprint.upper(), _font(fonts, "normal", 400, 46), bottom, INK, spacing=6)
        bottom -= 40
    _centred_above(draw, series.label, _font(fonts, "normal", 700, 80), bottom, ACCENT)
    out = io.BytesIO()
    im.save(out, "PNG", compress_level=3)  # 6 took three times as long for a quarter less
    return out.getvalue()


def _font_files(styles_dir: Path) -> dict[tuple[str, int], Path]:
    """(style, weight) → font file, from the @font-face rules of styles/fonts/fonts.css."""
    css_path = styles_dir / "fonts" / "fonts.css"
    if not css_path.is_file():
        return {}
    found = {}
    for block in re.findall(r"@font-face\s*{([^}]*)}", css_path.read_text(encoding="utf-8")):
        style = re.search(r"font-style:\s*(\w+)", block)
        weight = re.search(r"font-weight:\s*(\d+)", block)
        url = re.search(r"url\([\"']?([^\"')]+)", block)
        if url:
            path = css_path.parent / url.group(1)
            if path.is_file():
                found[(style.group(1) if style else "normal", int(weight.group(1)) if weight else 400)] = path
    return found


def _font(fonts: dict[tuple[str, int], Path], style: str, weight: int, size: int) -> ImageFont.FreeTypeFont:
    path = fonts.get((style, weight)) or fonts.get(("normal", weight)) or fonts.get(("normal", 400))
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def _people_lines(draw: ImageDraw.ImageDraw, people: list[str], font) -> list[str]:
    """The authors on one line when they fit, else one to a line (a long name wrapped)."""
    together = ", ".join(people)
    if draw.textlength(together, font=font) <= WIDTH - 2 * MARGIN:
        return [together]
    return [line for person in people for line in _wrap(draw, person, font)]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int = WIDTH - 2 * MARGIN, spacing: int = 0) -> list[str]:
    """`text` in lines no wider than `width` (letters `spacing` px apart), broken between words."""
    def fits(line: str) -> bool:
        return draw.textlength(line, font=font) + spacing * max(0, len(line) - 1) <= width

    lines: list[str] = []
    for word in text.split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _fit(draw, text: str, fonts, size: int, max_lines: int):
    while True:
        font = _font(fonts, "normal", 700, size)
        lines = _wrap(draw, text, font)
        widest = max((draw.textlength(line, font=font) for line in lines), default=0)
        if (len(lines) <= max_lines and widest <= WIDTH - 2 * MARGIN) or size <= 40:
            return font, lines
        size -= 8


def _centred(draw, text: str, font, y: int, fill, spacing: int = 0) -> int:
    """Draw one centred line with its top at y, letters `spacing` px apart; return the y below it."""
    if not spacing:
        width = draw.textlength(text, font=font)
        draw.text(((WIDTH - width) / 2, y), text, font=font, fill=fill)
    else:
        advances = [draw.textlength(ch, font=font) for ch in text]
        x = (WIDTH - sum(advances) - spacing * (len(text) - 1)) / 2
        for ch, advance in zip(text, advances, strict=True):
            draw.text((x, y), ch, font=font, fill=fill)
            x += advance + spacing
    return y + int(font.size * 1.15)


def _centred_above(draw, text: str, font, bottom: int, fill, spacing: int = 0) -> int:
    """Draw one centred line ending at `bottom`; return the y above it."""
    top = bottom - int(font.size * 1.15)
    _centred(draw, text, font, top, fill, spacing)
    return top
