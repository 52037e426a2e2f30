"""Pictures too coarse for print, reported.

A printer wants a photo at 300 pixels to the inch as printed, and a print shop's preflight
flags less. A picture taken from a web page (800 pixels wide) across a 4.5 in text block
prints at 178 ppi: soft, its edges stepped. Each raster picture printed at less than MIN_PPI
is named with what it prints at, on every build (also when its chapter comes from the cache):
the coarsest few of the whole book, the rest in one line. Vector pictures (SVG) print sharp at
any size.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

log = logging.getLogger("publish")

COARSE_SAID = 5  # pictures too coarse for print named one by one, the rest in one line
COARSE_LISTED = 10  # of the rest, named in that line
MIN_PPI = 200  # below this a photo looks soft in print
NORM_PPI = 300  # the printers' norm
CSS_PX_PER_INCH = 96


@dataclass(frozen=True)
class Coarse:
    src: str  # as the manuscript writes it
    ppi: int  # pixels to the inch as printed
    pixels: int  # across
    inches: float  # printed width

    @property
    def sharp_inches(self) -> float:
        """The widest it prints at the printers' norm."""
        return self.pixels / NORM_PPI


def coarse_pictures(pages) -> list[Coarse]:
    """The raster pictures printed at less than MIN_PPI, each once (at its coarsest)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.images import RasterImage

    found: dict[str, Coarse] = {}
    for page in pages:
        for box in _descendants(page._page_box):
            if not isinstance(box, boxes.ReplacedBox) or not isinstance(box.replacement, RasterImage):
                continue
            inches = _drawn_width(box) / CSS_PX_PER_INCH
            if inches <= 0 or box.element is None:
                continue
            ppi = box.replacement.width / inches
            src = box.element.get("src") or ""
            if ppi < MIN_PPI and (src not in found or ppi < found[src].ppi):
                found[src] = Coarse(src, round(ppi), box.replacement.width, round(inches, 1))
    return list(found.values())


def say_coarse(found: Iterable[Coarse]) -> None:
    """The book's coarsest few pictures named with what to do, the rest in one line: a book typeset
    in parts finds them part by part (Wells's history: 191 lines at every build, now six)."""
    coarsest: dict[str, Coarse] = {}
    for picture in found:
        if picture.src not in coarsest or picture.ppi < coarsest[picture.src].ppi:
            coarsest[picture.src] = picture
    coarse = sorted(coarsest.values(), key=lambda p: p.ppi)
    for picture in coarse[:COARSE_SAID]:
        src = unquote(picture.src)  # as the manuscript writes it: images/карта мира.png, not %D0%BA…
        most = f"{picture.sharp_inches:.1f}"
        narrower = "" if most == "0.0" else (  # a 1-pixel spacer was told "at most 0.0 in wide"
            f", or set it at most {most} in wide (![…]({src}){{width={most}in}})")
        log.warning("print edition: the picture %s prints at %d ppi (%d pixels across %.1f in), soft in print; "
                    "printers ask for 300: use a larger original%s", src, picture.ppi, picture.pixels,
                    picture.inches, narrower)
    if len(coarse) > COARSE_SAID:
        rest = [unquote(p.src) for p in coarse[COARSE_SAID:]]
        named = ", ".join(rest[:COARSE_LISTED]) + (", …" if len(rest) > COARSE_LISTED else "")
        log.warning("print edition: %d more %s under %d ppi, soft in print (%s); printers ask for 300: use "
                    "larger originals", len(rest), "picture prints" if len(rest) == 1 else "pictures print",
                    MIN_PPI, named)


def _drawn_width(box) -> float:
    """The picture's width as printed: print.css's `object-fit: contain` draws it in its box,
    which max-height may have cut, keeping its shape (narrower than a box given a width)."""
    image = box.replacement
    return min(box.width, box.height * image.width / image.height) if image.height else box.width


def _descendants(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _descendants(child)
