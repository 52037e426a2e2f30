"""The size a picture is shown at on screens, as an <img>'s `width` and `height`.

Without them a browser knows a picture's shape only once it has loaded it, so the page jumps
as each one arrives (Lighthouse's Cumulative Layout Shift), and a reading system cannot keep
its place. The attributes give the size of the copy the edition carries (image_copies), which
is what the picture is shown at anyway; the stylesheets' `max-width: 100%; height: auto` keep
it within the column, so they give only its shape there.

A size the author gave (`{width=50%}`, `{width=3in}`, `{width=300}`) is kept: the attributes
then say the same size (from an absolute one) or only the shape, and the style the dimension
the author left open is `auto`, so that no attribute can stretch the picture.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from lxml import etree
from PIL import Image

from publish.images import SVG_TYPE

# CSS pixels in one of each absolute unit (CSS Values 4): what a browser shows an SVG's size at.
_CSS_PX = {"": 1.0, "px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6,
           "pt": 96 / 72, "pc": 16.0}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([a-z]*)\s*", re.I)
_RATIO_SIDE = 1000  # the longer side of a shape given in attributes when the viewBox's is fractional


@dataclass(frozen=True)
class PictureSize:
    width: int
    height: int
    # False for an SVG with a viewBox but no size of its own: a browser shows it as wide as its
    # column, so only its shape is known.
    natural: bool = True

    def as_json(self) -> list:
        """For the chapter caches' entries (a picture redrawn to another shape makes them again)."""
        return [self.width, self.height, self.natural]


def picture_size(data: bytes, media_type: str) -> PictureSize | None:
    """The picture's size in CSS pixels (a raster's pixels, an SVG's width and height or its
    viewBox); None when it has none (an SVG without either, a file Pillow cannot read)."""
    if media_type == SVG_TYPE:
        return _svg_size(data)
    try:
        with Image.open(io.BytesIO(data)) as im:  # the header only: no pixel is decoded
            return PictureSize(*im.size)
    except Exception:  # a damaged file is carried as it is (image_copies): shown, unsized
        return None


def _svg_size(data: bytes) -> PictureSize | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    width, height = _px(root.get("width")), _px(root.get("height"))
    box = _view_box(root.get("viewBox"))
    if width and height:
        return _whole(width, height, True)
    if box and (width or height):  # the other side from the viewBox's shape
        return _whole(width or height * box[0] / box[1], height or width * box[1] / box[0], True)
    if box:
        return _whole(*box, False)
    return None


def _px(value: str | None) -> float | None:
    """An SVG length in CSS pixels; None for a percentage, em or ex (the page decides those)."""
    match = _LENGTH.fullmatch(value or "")
    if not match or match.group(2).lower() not in _CSS_PX:
        return None
    return float(match.group(1)) * _CSS_PX[match.group(2).lower()] or None


def _view_box(value: str | None) -> tuple[float, float] | None:
    try:
        _, _, width, height = (float(n) for n in re.split(r"[\s,]+", (value or "").strip()))
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 else None


def _whole(width: float, height: float, natural: bool) -> PictureSize:
    """Whole pixels; a fractional shape (a viewBox of 1.5 × 1) scaled up first, so that rounding
    keeps it."""
    if not natural and (width != int(width) or height != int(height)):
        scale = _RATIO_SIDE / max(width, height)
        width, height = width * scale, height * scale
    return PictureSize(max(1, round(width)), max(1, round(height)), natural)


def sized(attributes: dict[str, str], size: PictureSize | None) -> dict[str, str]:
    """The `width`, `height` and `style` an <img> with `attributes` gets for a picture of `size`
    (those it has when the author gave both sides, or the size is unknown)."""
    given = {k: attributes[k] for k in ("width", "height", "style") if k in attributes}
    if size is None:
        return given
    style = _declarations(attributes.get("style", ""))
    by_author = {side: _author_px(attributes.get(side), style.get(side)) for side in ("width", "height")}
    if all(by_author[side] is not None for side in by_author):
        return given
    out = {"width": str(size.width), "height": str(size.height)}
    for side, other in (("width", "height"), ("height", "width")):
        px = by_author[side]
        if px is None:
            continue
        if px:  # an absolute size: the attributes say it, the other side in the picture's shape
            ratio = getattr(size, other) / getattr(size, side)
            out[side], out[other] = str(round(px)), str(max(1, round(px * ratio)))
        else:  # a relative one (50%): the attributes give the shape only; the other side follows
            style.setdefault(side, attributes.get(side, ""))  # <img width="100%">: kept, as a style
            style.setdefault(other, "auto")
    if not size.natural and all(by_author[side] is None for side in by_author):
        style.update(width="100%", height="auto")  # as wide as its column, as a browser shows it
    if style != _declarations(attributes.get("style", "")):
        out["style"] = ";".join(f"{name}:{value}" for name, value in style.items())
    elif "style" in attributes:
        out["style"] = attributes["style"]  # as the author wrote it
    return out


def _declarations(style: str) -> dict[str, str]:
    found = {}
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        if colon and name.strip():
            found[name.strip().lower()] = value.strip()
    return found


def _author_px(attribute: str | None, style: str | None) -> float | None:
    """A size the author gave one side: in CSS pixels, 0.0 for a relative one (50%, 20em),
    None for none (`auto`)."""
    if style is not None and style.lower() != "auto":
        return _px(style) if _LENGTH.fullmatch(style) and _px(style) else 0.0
    if attribute is not None:
        return _px(attribute) or 0.0
    return None
