"""The printer's cover: back, spine and front on one sheet with bleed (`publish build --print`).

The geometry comes first (a plain `CoverGeometry` from the interior's page count and the
paper), then the HTML from styles/templates/cover.html with styles/cover.css, typeset by
WeasyPrint. The spine width is pages ÷ pages-per-inch: 444 ppi is Amazon KDP's figure for its
50 lb / 75 gsm white stock (0.002252 in a page), 400 ppi its cream (0.0025 in a page).
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from publish import templates
from publish.errors import PublishError
from publish.model import Book
from publish.trim import DEFAULT, parse_length, parse_trim

log = logging.getLogger("publish")

PAPER_PPI = {"white": 444, "cream": 400}  # KDP: 0.002252 in and 0.0025 in a page
DEFAULT_BLEED = 0.125 * 72  # points
SPINE_TEXT_MIN = 0.2 * 72  # points: KDP's narrowest spine that may carry text (about 80 pages)
MODULE_MM = 0.33  # EAN-13 at 100 % magnification
BAR_HEIGHT_MM = 18.0  # a little shorter than the nominal 22.85 mm, as most books print it
GUARD_EXTRA_MODULES = 5  # the start, centre and end guard bars reach below the others
QUIET_LEFT, QUIET_RIGHT = 11, 7  # white modules either side, as the standard asks


@dataclass(frozen=True)
class CoverGeometry:
    """The cover sheet in points: trim of one board, spine, bleed."""

    trim_width: float
    trim_height: float
    spine: float
    bleed: float
    pages: int  # the interior's page count as bound (rounded up to whole leaves)
    ppi: int

    @property
    def width(self) -> float:
        """The trimmed cover: back + spine + front."""
        return 2 * self.trim_width + self.spine

    @property
    def sheet_width(self) -> float:
        return self.width + 2 * self.bleed

    @property
    def sheet_height(self) -> float:
        return self.trim_height + 2 * self.bleed

    @property
    def spine_text(self) -> bool:
        return self.spine >= SPINE_TEXT_MIN


def bound_pages(pages: int) -> int:
    """Pages as bound: a leaf has two sides, so an odd count gains a blank last page."""
    return pages + pages % 2


def paper_ppi(book: Book) -> int:
    settings = book.meta.print_settings
    return settings.ppi or PAPER_PPI[settings.paper]


def spine_width(pages: int, ppi: int) -> float:
    """The spine in points for `pages` interior pages on paper of `ppi` pages per inch."""
    return bound_pages(pages) / ppi * 72


def geometry(book: Book, pages: int) -> CoverGeometry:
    settings = book.meta.print_settings
    width, height = parse_trim(settings.trim) or parse_trim(DEFAULT)  # type: ignore[misc]
    bleed = parse_length(settings.bleed)  # none ("0", or not given): a cover still needs one
    ppi = paper_ppi(book)
    return CoverGeometry(
        width, height, spine_width(pages, ppi), bleed or DEFAULT_BLEED, bound_pages(pages), ppi
    )


# --------------------------------------------------------------------------- barcode


def isbn_digits(isbn: str) -> str:
    """'978-0-306-40615-7' → '9780306406157', checked again here: a cover must scan."""
    digits = re.sub(r"[\s-]", "", isbn)
    if not re.fullmatch(r"97[89]\d{10}", digits):
        raise PublishError(f"'{isbn}' is not a 13-digit ISBN", key="isbn.print", hint="write it as 978-… or 979-…")
    from barcode import EAN13

    full = EAN13(digits[:12]).get_fullcode()
    if full != digits:
        raise PublishError(
            f"'{isbn}' has a wrong check digit (expected {full[-1]})", key="isbn.print",
            hint="copy the ISBN again from your agency",
        )
    return digits


def ean13_modules(digits: str) -> str:
    """The 95 modules of the EAN-13 symbol, '1' for a bar (python-barcode does the encoding)."""
    from barcode import EAN13

    return EAN13(digits[:12]).build()[0]


def _guard(index: int) -> bool:
    return index < 3 or 45 <= index < 50 or index >= 92


def barcode_html(isbn: str) -> str:
    """The EAN-13 symbol as positioned bars (true black, no font needed for the bars), the ISBN
    above it and the digits below, sized in millimetres."""
    digits = isbn_digits(isbn)
    modules = ean13_modules(digits)
    bars = []
    for match in re.finditer(r"1+", modules):
        start, length = match.start(), len(match.group())
        tall = _guard(start)
        height = BAR_HEIGHT_MM + (GUARD_EXTRA_MODULES * MODULE_MM if tall else 0)
        bars.append(
            f'<i class="bar" style="left:{(QUIET_LEFT + start) * MODULE_MM:.3f}mm;'
            f'width:{length * MODULE_MM:.3f}mm;height:{height:.3f}mm"></i>'
        )
    width = (QUIET_LEFT + 95 + QUIET_RIGHT) * MODULE_MM

    def group(text: str, first_module: int, count: int) -> str:
        left = (QUIET_LEFT + first_module) * MODULE_MM
        return (f'<span class="digits" style="left:{left:.3f}mm;width:{count * MODULE_MM:.3f}mm">'
                f"{text}</span>")

    human = (
        group(digits[0], -QUIET_LEFT, QUIET_LEFT - 1)
        + group(digits[1:7], 3, 42)
        + group(digits[7:], 50, 42)
    )
    return (
        f'<div class="barcode" style="width:{width:.3f}mm">'
        f'<p class="barcode-isbn">ISBN {html.escape(isbn)}</p>'
        f'<div class="bars" style="height:{BAR_HEIGHT_MM + 3.2:.3f}mm" role="img" '
        f'aria-label="EAN-13 barcode {digits}">{"".join(bars)}{human}</div></div>'
    )


# --------------------------------------------------------------------------- rendering


def _styles_file(book: Book, name: str) -> Path:
    """The project's own cover file, or the default one (projects made before covers existed)."""
    path = book.styles_dir / name
    if path.is_file():
        return path
    from publish.project import default_styles_dir

    return default_styles_dir() / name


def geometry_css(geo: CoverGeometry, marks: str) -> str:
    """The sheet and the three panels, in points, after cover.css."""
    w, s, h = geo.trim_width, geo.spine, geo.trim_height
    font = min(10.0, s * 0.45)
    return (
        f"@page {{ size: {geo.width:.3f}pt {h:.3f}pt; margin: 0; bleed: {geo.bleed:.3f}pt; "
        f"marks: {marks}; }}\n"
        f".back {{ left: 0; width: {w:.3f}pt; }}\n"
        f".spine {{ left: {w:.3f}pt; width: {s:.3f}pt; }}\n"
        f".front {{ left: {w + s:.3f}pt; width: {w:.3f}pt; }}\n"
        f".spine-text {{ width: {h:.3f}pt; height: {s:.3f}pt; left: {w + s / 2 - h / 2:.3f}pt; "
        f"top: {h / 2 - s / 2:.3f}pt; font-size: {font:.2f}pt; line-height: {s:.3f}pt; }}\n"
    )


def keep_last(text: str) -> Markup:
    """The last two words kept on one line: "Japan, 1941–1945" goes to the next line whole
    instead of breaking at the dash or leaving one short word alone."""
    words = text.split()
    if len(words) < 3:
        return Markup.escape(text)
    head, tail = " ".join(words[:-2]), " ".join(words[-2:])
    return Markup("{} <span class=\"nowrap\">{}</span>").format(head, tail)


def cover_html(book: Book, geo: CoverGeometry) -> str:
    meta = book.meta
    template = _styles_file(book, "templates/cover.html")
    env = templates.environment([template.parent])
    env.filters["keep_last"] = keep_last
    barcode = Markup(barcode_html(meta.isbn_print)) if meta.isbn_print else ""
    if not meta.isbn_print:
        log.info("cover: no isbn.print in book.yaml, so the back cover has no barcode")
    return templates.render(env, template.name, dict(
        book=book, meta=meta, series=meta.series, authors=", ".join(p.name for p in meta.creators),
        spine_text=geo.spine_text, barcode=barcode,
        stamp=f"{book.build_date}T00:00:00Z",
    ))


def _check_back(rendered) -> None:
    """Warn when the back's words run down into its foot (the imprint, the barcode): a long
    description is drawn over them, as the panels are placed, not flowed."""
    text_bottom, foot_top, panel_bottom = 0.0, float("inf"), float("inf")
    for box in _boxes(rendered.pages[0]._page_box):
        names = set((box.element.get("class") or "").split()) if box.element is not None and box.element_tag else set()
        if {"back-tagline", "back-about", "back-blurb", "back-description"} & names:
            text_bottom = max(text_bottom, box.position_y + box.margin_height())
        elif {"back-foot", "barcode-box"} & names:
            foot_top = min(foot_top, box.position_y)
        elif "back" in names:  # text that fills the panel pushes the foot out of it, unseen
            panel_bottom = box.content_box_y() + box.height
    if text_bottom > min(foot_top, panel_bottom - 1):
        runs = ("off the cover" if foot_top == float("inf")
                else f"{text_bottom - foot_top:.0f} pt into the imprint and barcode at its foot")
        log.warning("cover: the back's text runs %s; shorten book.yaml description (or the series blurb), "
                    "or make the type smaller in styles/cover.css", runs)


def _boxes(box):
    """Every box under `box`, into the panels placed absolutely (which descendants() skips)."""
    box = getattr(box, "_box", box)  # an AbsolutePlaceholder's own box
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def render_cover(book: Book, pages: int) -> bytes:
    """The cover PDF for an interior of `pages` pages."""
    import weasyprint

    from publish.editions.pdf_x import fixed_document_id, is_pdf_x, output_profile_css
    from publish.editions.print_sheets import PrintSheets
    from publish.fetch import LocalFetcher
    from publish.styles import print_font_css

    geo = geometry(book, pages)
    marks = book.meta.print_settings.marks
    document = cover_html(book, geo)
    sheets = PrintSheets(LocalFetcher(book))
    css = [sheets.sheet(print_font_css(book.styles_dir)),
           sheets.sheet(_styles_file(book, "cover.css").read_text(encoding="utf-8")),
           sheets.sheet(geometry_css(geo, marks) + (output_profile_css(book) if is_pdf_x(book) else ""))]
    options = {"pdf_variant": book.meta.print_settings.variant} if is_pdf_x(book) else {}  # as the interior
    page = weasyprint.HTML(string=document, base_url=str(book.styles_dir) + "/", url_fetcher=sheets.fetcher)
    rendered = page.render(stylesheets=css, **sheets.rendering, **options)
    _check_back(rendered)
    identifier = hashlib.sha256(document.encode()).hexdigest()[:32].encode()
    log.info(
        "cover: %d pages on %d ppi give a %.3f in spine; sheet %.3f × %.3f in with bleed",
        geo.pages, geo.ppi, geo.spine / 72, geo.sheet_width / 72, geo.sheet_height / 72,
    )
    with fixed_document_id(identifier):
        return rendered.write_pdf(pdf_identifier=identifier, **options)
