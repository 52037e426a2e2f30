"""The print shop's preflight of the interior (`publish build --print`), said at build.

Print-on-demand services check an upload's pages before they print it, and reject or warn of
text too near the trim: IngramSpark asks for everything on a page, page numbers included, at
least 0.5 in inside the trim, KDP 0.375 in with bleed (0.25 in without) and an inside margin
that grows with the page count. The finished PDF is read back with pdfium (its lines of text,
running heads and folios among them), as their checks read it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("publish")

SAFE_INCHES = 0.5  # IngramSpark's least distance from the trim, on every side
# KDP's least inside margin (the gutter) for a book of up to so many pages, in inches.
KDP_GUTTER = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875))
PAGES_NAMED = 5  # pages named in a warning; the rest counted


@dataclass(frozen=True)
class PageEdges:
    """How far a page's text stands inside its trim, in inches, on each side (a recto's inside
    is its left). A page without text has none."""

    number: int  # 1-based, as a preflight report names a page of the PDF
    top: float
    bottom: float
    outside: float
    inside: float

    def nearest(self) -> tuple[str, float]:
        return min((("head", self.top), ("foot", self.bottom), ("outside edge", self.outside),
                    ("inside edge", self.inside)), key=lambda side: side[1])


def page_edges(pdf: bytes) -> list[PageEdges]:
    """Each page's text's distances from the TrimBox (the MediaBox where there is none)."""
    import pypdfium2 as pdfium

    edges = []
    for index, page in enumerate(pdfium.PdfDocument(pdf)):
        textpage = page.get_textpage()
        rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
        if not rects:
            continue
        left, bottom, right, top = page.get_trimbox()  # the MediaBox where there is none
        x0, y0 = min(r[0] for r in rects), min(r[1] for r in rects)
        x1, y1 = max(r[2] for r in rects), max(r[3] for r in rects)
        from_left, from_right = (x0 - left) / 72, (right - x1) / 72
        recto = index % 2 == 0
        edges.append(PageEdges(index + 1, (top - y1) / 72, (y0 - bottom) / 72,
                               from_right if recto else from_left, from_left if recto else from_right))
    return edges


def kdp_gutter(pages: int) -> float:
    """KDP's least inside margin, in inches, for a book of `pages` pages."""
    return next((inches for most, inches in KDP_GUTTER if pages <= most), KDP_GUTTER[-1][1])


def preflight(pdf: bytes, pages: int) -> None:
    """Warn of what a print-on-demand service's check would: text less than SAFE_INCHES inside the
    trim, and an inside margin narrower than KDP asks for a book of this length."""
    edges = page_edges(pdf)
    near = [e for e in edges if e.nearest()[1] < SAFE_INCHES - 0.005]
    if near:
        side, inches = min((e.nearest() for e in near), key=lambda s: s[1])
        named = ", ".join(str(e.number) for e in near[:PAGES_NAMED]) + (
            f" and {len(near) - PAGES_NAMED} more" if len(near) > PAGES_NAMED else "")
        if inches >= 0:
            where, fix = f"stands {inches:.2f} in from the trim", ("widen print.margins, or move the running heads "
                                                                   "and folios in print.css")
        else:  # a block set wider than the page
            where, fix = f"runs {-inches:.2f} in off the page", ("take the width off the block wider than the page "
                                                                 "(a style=\"width: 964px\" kept from imported HTML)")
        log.warning("print edition: text %s at the %s (PDF pages %s); IngramSpark asks for %.1f in inside the trim "
                    "on every side, page numbers included, KDP 0.375 in with bleed: %s", where, side, named,
                    SAFE_INCHES, fix)
    gutter = kdp_gutter(pages)
    inside = min((e.inside for e in edges), default=gutter)
    if 0 <= inside < gutter - 0.005:  # text off the page is said above
        log.warning("print edition: the text stands %.2f in from the inside edge, and KDP asks %.3f in for a book "
                    "of %d pages: set print.gutter (or the inside of print.margins) to widen it", inside, gutter, pages)
    if edges:
        log.info("print edition: text at least %.2f in inside the trim (%.2f in at the inside edge)",
                 min(e.nearest()[1] for e in edges), inside)
