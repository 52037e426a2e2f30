"""Proofing pictures: the print edition as contact sheets of spreads, PNG files in build/proof/.

Pages are laid out as the bound book shows them: page 1 alone on the right (a recto), then
versos on the left and rectos on the right. Each page is cut to its trim box, so bleed and
crop marks do not show, and labelled with its printed folio (the PDF's page label).
pypdfium2 renders the pages and Pillow draws the sheets: nothing to install beyond pip.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError

THUMB_HEIGHT = 300  # pixels of one page
SPREADS_PER_ROW = 5
ROWS_PER_SHEET = 8
GAP = 36  # between spreads, pixels
LABEL = 22  # room under a page for its folio
MARGIN = 24
BACKGROUND = (128, 128, 128)
BORDER = (60, 60, 60)
COVER_DPI = 60

Spread = tuple[int | None, int | None]  # (verso, recto) page indexes, None for an empty side


@dataclass(frozen=True)
class SheetLayout:
    """Where each page of one contact sheet goes: (page index, x, y) of its top-left corner."""

    width: int
    height: int
    page_width: int
    slots: tuple[tuple[int, int, int], ...]


def spreads(count: int) -> list[Spread]:
    """Page indexes as spreads: [(None, 0), (1, 2), (3, 4), …]; a last verso stands alone."""
    if count <= 0:
        return []
    out: list[Spread] = [(None, 0)]
    for verso in range(1, count, 2):
        out.append((verso, verso + 1 if verso + 1 < count else None))
    return out


def layout(group: list[Spread], page_width: int) -> SheetLayout:
    columns = min(SPREADS_PER_ROW, len(group))
    rows = -(-len(group) // SPREADS_PER_ROW)
    cell_w, cell_h = 2 * page_width + GAP, THUMB_HEIGHT + LABEL + GAP
    slots = []
    for n, (verso, recto) in enumerate(group):
        x = MARGIN + (n % SPREADS_PER_ROW) * cell_w
        y = MARGIN + (n // SPREADS_PER_ROW) * cell_h
        for side, index in enumerate((verso, recto)):
            if index is not None:
                slots.append((index, x + side * page_width, y))
    width = 2 * MARGIN + columns * cell_w - GAP
    height = 2 * MARGIN + rows * cell_h - GAP
    return SheetLayout(width, height, page_width, tuple(slots))


def _trim(page) -> tuple[float, float, float, float]:
    """The trim box as pdfium's crop (left, bottom, right, top) from the media box edges."""
    ml, mb, mr, mt = page.get_mediabox()
    tl, tb, tr, tt = page.get_trimbox()
    return (max(0.0, tl - ml), max(0.0, tb - mb), max(0.0, mr - tr), max(0.0, mt - tt))


def contact_sheets(pdf_path: Path, out: Path, stem: str) -> list[Path]:
    """Write `stem`-pages-N.png sheets of all pages of `pdf_path` into `out`."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw, ImageFont

    document = pdfium.PdfDocument(pdf_path)
    count = len(document)
    if count == 0:
        raise PublishError("the PDF has no pages", file=pdf_path)
    first = document[0]
    crop = _trim(first)
    width, height = first.get_size()
    trim_w, trim_h = width - crop[0] - crop[2], height - crop[1] - crop[3]
    scale = THUMB_HEIGHT / trim_h
    page_width = round(trim_w * scale)
    font = ImageFont.load_default(size=14)
    all_spreads = spreads(count)
    per_sheet = SPREADS_PER_ROW * ROWS_PER_SHEET
    written = []
    for number, start in enumerate(range(0, len(all_spreads), per_sheet), 1):
        sheet = layout(all_spreads[start:start + per_sheet], page_width)
        image = Image.new("RGB", (sheet.width, sheet.height), BACKGROUND)
        draw = ImageDraw.Draw(image)
        for index, x, y in sheet.slots:
            page = document[index]
            bitmap = page.render(scale=scale, crop=_trim(page)).to_pil().convert("RGB")
            if bitmap.size != (page_width, THUMB_HEIGHT):
                bitmap = bitmap.resize((page_width, THUMB_HEIGHT))
            image.paste(bitmap, (x, y))
            draw.rectangle((x, y, x + page_width - 1, y + THUMB_HEIGHT - 1), outline=BORDER)
            label = document.get_page_label(index) or str(index + 1)
            draw.text((x + page_width / 2, y + THUMB_HEIGHT + 4), label, fill=(255, 255, 255), font=font, anchor="mt")
        path = out / f"{stem}-pages-{number}.png"
        image.save(path, optimize=True)
        written.append(path)
    return written


def cover_sheet(pdf_path: Path, out: Path, stem: str, board: float) -> Path:
    """The cover sheet whole, bleed included, with the trim and the two spine folds drawn as
    thin cyan lines; `board` is the trim width of one cover board in points."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    page = pdfium.PdfDocument(pdf_path)[0]
    scale = COVER_DPI / 72
    image = page.render(scale=scale).to_pil().convert("RGB")
    ml, _, _, mt = page.get_mediabox()
    tl, tb, tr, tt = page.get_trimbox()
    draw = ImageDraw.Draw(image)

    def x(pt: float) -> float:
        return (pt - ml) * scale

    def y(pt: float) -> float:
        return (mt - pt) * scale

    guide = (0, 200, 255)
    draw.rectangle((x(tl), y(tt), x(tr), y(tb)), outline=guide)
    for fold in (tl + board, tr - board):
        draw.line((x(fold), y(tt), x(fold), y(tb)), fill=guide)
    path = out / f"{stem}-cover.png"
    image.save(path, optimize=True)
    return path


def proof(project: Path, out: Path | None = None, html: bool = False) -> list[Path]:
    """Contact sheets of OUT/<slug>.pdf (and the cover, when built) in OUT/proof/; with `html`,
    screenshots of the HTML edition too. OUT is PROJECT/build unless given."""
    from publish.metadata import load_metadata
    from publish.trim import DEFAULT, parse_trim

    project = project.resolve()
    yaml_path = project / "manuscript" / "book.yaml"
    if not yaml_path.is_file():
        raise PublishError("no manuscript/book.yaml here", file=project, hint="give the book project's folder")
    meta = load_metadata(yaml_path)
    out = (out or project / "build").resolve()
    pdf = out / f"{meta.slug}.pdf"
    cover = out / f"{meta.slug}-cover.pdf"
    if not pdf.is_file() and not html:
        raise PublishError(
            "no print edition to proof", file=pdf, hint="run `publish build` (or `publish build --print`) first",
        )
    target = out / "proof"
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if pdf.is_file():
        for old in target.glob(f"{meta.slug}-pages-*.png"):
            old.unlink()  # a shorter book leaves no stale sheet behind
        written += contact_sheets(pdf, target, meta.slug)
    if cover.is_file():
        board = (parse_trim(meta.print_settings.trim) or parse_trim(DEFAULT))[0]  # type: ignore[index]
        written.append(cover_sheet(cover, target, meta.slug, board))
    if html:
        from publish.editions.html_proof import screenshot_site

        written += screenshot_site(out / "html", target)
    return written
