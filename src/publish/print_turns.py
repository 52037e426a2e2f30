"""Print: a picture much wider than tall is turned a quarter, on a page of its own.

Upright, a map twice as wide as it is tall is set across the text block, its names too small to
read. A printed history turns it: on a page of its own, along the page's height, its top toward
the page's left and its caption along the long side under it, the folio upright as on any page.
A figure is turned when, upright, it would be set at less than TURN_BELOW of its own size (its
pixels at 96 to the inch, as a picture is shown; a drawing of a viewBox alone has no size, its
shape decides) and, turned, at least GAIN times larger. The
EPUB and the web edition keep it upright: a screen scrolls, or turns itself.

A table that would be set in too small a type upright is turned in the same frame (print_tables.py),
and the text runs on round the turned page (print_figures.py, paragraph_split.py).

`{.upright}` on the picture keeps it upright, `{.turned}` turns it whatever its shape; a picture
given its own size (`{width=…}`) or whose caption calls a note (the note would need the page's
foot) stays upright.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import lxml.html

from publish.image_sizes import PictureSize, picture_size
from publish.images import SVG_TYPE

TURN_BELOW = 0.6  # of its own size: set smaller upright, a wide picture is turned
GAIN = 1.4  # turned, it is set at least this much larger (a 3:2 photograph stays upright)
UPRIGHT_MOST = 0.6  # of the text block's height: the tallest an upright picture is set (print.css's 60vh)
CAPTION_IN = 0.55  # inches across a turned page kept for the caption under the picture
PX_PER_IN = 96.0
VECTOR_SCALE = 100.0  # a drawing of no size of its own: as if too large for any page, its shape deciding


def turn_figures(body_html: str, manuscript: Path, block: tuple[float, float]) -> str:
    """A chapter's print HTML with its wide figures marked to be turned (class `turned`, their
    content in a `turned-frame`, which print.css and page_css rotate); `block` is the text
    block's width and height in inches."""
    if "<figure" not in body_html:
        return body_html
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    turned = False
    for figure in root.iter("figure"):
        if _to_turn(figure, manuscript, block):
            frame = figure.makeelement("div", {"class": "turned-frame"})
            frame.text, figure.text = figure.text, None
            for child in list(figure):
                frame.append(child)
            figure.append(frame)
            figure.set("class", " ".join(filter(None, [figure.get("class"), "turned"])))
            turned = True
    if not turned:
        return body_html
    return (root.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)


def _to_turn(figure, manuscript: Path, block: tuple[float, float]) -> bool:
    pictures = list(figure.iter("img"))
    if len(pictures) != 1 or figure.find(".//figure") is not None:
        return False
    picture = pictures[0]
    classes = (picture.get("class") or "").split() + (figure.get("class") or "").split()
    if "upright" in classes or any("footnote" in (e.get("class") or "") for e in figure.iter()):
        return False
    if "turned" in classes:
        return True
    if picture.get("width") or picture.get("height") or "width" in (picture.get("style") or ""):
        return False
    size = _size(picture.get("src") or "", manuscript)
    return size is not None and turns(size, block)


def turns(size: PictureSize, block: tuple[float, float]) -> bool:
    """Whether a picture of `size` (CSS pixels) is set larger enough turned on a text block of
    `block` (inches) to be turned."""
    width, height = size.width / PX_PER_IN, size.height / PX_PER_IN
    if not size.natural:  # an SVG of a shape alone: drawn as large as it is set, at any size
        width, height = width * VECTOR_SCALE, height * VECTOR_SCALE
    upright = min(1.0, block[0] / width, UPRIGHT_MOST * block[1] / height)
    turned = min(1.0, block[1] / width, (block[0] - CAPTION_IN) / height)
    return upright < TURN_BELOW and turned >= GAIN * upright


def turned_css(block: tuple[float, float]) -> str:
    """The rules that turn a `turned` figure on a text block `block` (inches) wide and high: the
    figure takes the page, its frame is laid out as wide as the page is high and rotated a
    quarter to the left about its top left corner, then moved down by its width to stand on
    the page again."""
    width, height = block
    tall = height - 0.02  # a hair under the page: rounding does not push it on to a blank one
    return (
        f"figure.turned {{ break-before: page; break-after: page; margin: 0; height: {tall:.3f}in; }}\n"
        f"figure.turned > .turned-frame {{ width: {tall:.3f}in; height: {width:.3f}in; "
        f"transform-origin: 0 0; transform: translate(0, {tall:.3f}in) rotate(-90deg); "
        "display: flex; flex-direction: column; justify-content: center; }\n"
        f"figure.turned > .turned-frame > img, figure.turned > .turned-frame > p > img {{ max-width: 100%; "
        f"max-height: {width - CAPTION_IN:.3f}in; }}\n"
    )


def _size(src: str, manuscript: Path) -> PictureSize | None:
    if not src or ":" in src.split("/")[0]:  # data: and other addresses are not read here
        return None
    path = (manuscript / unquote(src.split("#")[0].split("?")[0])).resolve()
    if not path.is_relative_to(manuscript.resolve()) or not path.is_file():
        return None
    data = path.read_bytes()
    return picture_size(data, SVG_TYPE if path.suffix.lower() == ".svg" else "")
