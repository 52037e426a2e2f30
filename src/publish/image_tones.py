"""Pictures drawn in dark lines on a transparent ground: a signature, a line drawing, a logo.

On paper and on a light screen they read as drawn; on a dark screen (the web edition in a dark
colour scheme, an ebook in a reading system's night mode) their dark lines stand on a dark page
and vanish. The editions mark such a picture `dark-on-transparent`, and the stylesheets invert it
there (as Standard Ebooks' `black-on-transparent` images are). A picture with an opaque ground, or
in light or mid colours, is left as drawn: inverted, it would be wrong.
"""

from __future__ import annotations

import io
import re

from lxml import etree
from PIL import Image, ImageColor

from publish.images import SVG_TYPE

CLASS = "dark-on-transparent"
DARK_LUMA = 80  # of 255: black, dark grey, navy, brown ink; a mid blue (#369, 92) is not
DARK_SHARE = 0.85  # of the drawn pixels that must be dark
CLEAR_SHARE = 0.2  # of the picture that must be transparent: else it has a ground of its own
_SAMPLE = (256, 256)  # pixels enough to tell, however large the picture
_SHAPES = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "use"}
_PAINT = re.compile(r"(?:^|[;{\s])(?:fill|stroke|color|stop-color)\s*:\s*([^;}!]+)", re.I)
_NONE = {"none", "transparent", "inherit", ""}


def dark_on_transparent(data: bytes, media_type: str) -> bool:
    """True when the picture is dark lines on a transparent ground (False when it cannot tell)."""
    try:
        return _svg_is_dark(data) if media_type == SVG_TYPE else _raster_is_dark(data)
    except Exception:  # a picture Pillow or lxml cannot read is carried as it is, unmarked
        return False


def _raster_is_dark(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as im:
        if im.mode not in ("RGBA", "LA", "PA") and "transparency" not in im.info:
            return False  # no alpha: an opaque ground (a JPEG never has one)
        im.draft("RGB", _SAMPLE)
        small = im.convert("RGBA")
    small.thumbnail(_SAMPLE)
    raw = small.tobytes()  # RGBA bytes (getdata() is deprecated in Pillow 13)
    pixels = [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    drawn = [(r, g, b) for r, g, b, a in pixels if a >= 128]
    if not drawn or len(pixels) - len(drawn) < CLEAR_SHARE * len(pixels):
        return False
    dark = sum(1 for r, g, b in drawn if _luma((r, g, b)) < DARK_LUMA)
    return dark >= DARK_SHARE * len(drawn)


def _svg_is_dark(data: bytes) -> bool:
    """Every paint the drawing names is dark, and a shape that names none is painted black (SVG's
    default fill). An embedded raster or a gradient cannot be told from the source: False."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(data, parser)
    paints: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in ("image", "foreignObject", "linearGradient", "radialGradient", "pattern", "filter"):
            return False
        if name == "style":
            paints += _PAINT.findall(element.text or "")
        paints += [element.get(a) for a in ("fill", "stroke", "color", "stop-color") if element.get(a)]
        paints += _PAINT.findall(";" + (element.get("style") or ""))
        if name in _SHAPES and not any(_fill_of(e) for e in (element, *element.iterancestors())):
            paints.append("black")
    paints = [p.strip().lower() for p in paints if p.strip().lower() not in _NONE]
    return bool(paints) and all(_dark_paint(p) for p in paints)


def _fill_of(element: etree._Element) -> bool:
    return bool(element.get("fill")) or "fill" in (element.get("style") or "") or bool(element.get("class"))


def _dark_paint(paint: str) -> bool:
    if paint == "currentcolor":
        return True  # the SVG's own colour: black, shown as an image
    try:
        return _luma(ImageColor.getrgb(paint)[:3]) < DARK_LUMA
    except ValueError:  # url(#gradient), a colour Pillow does not know: cannot tell
        return False


def _luma(rgb: tuple[int, ...]) -> float:
    r, g, b = rgb[:3]
    return 0.299 * r + 0.587 * g + 0.114 * b
