"""`publish build --print`: the interior for the printer and the cover sheet, read back from
the PDFs with pypdf and pypdfium2; the barcode is decoded with zxing-cpp, not our encoder."""

from __future__ import annotations

import io
import logging
import os
import re

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from conftest import EPOCH, build_project, pdf_fonts, write_project
from publish.cli import main
from publish.errors import PublishError
from publish.manuscript import load_book
from publish.print_cover import PAPER_PPI, isbn_digits

ISBN = "978-0-306-40615-7"
BLEED = 9.0  # 0.125 in
TRIM = (396.0, 612.0)  # the default 5.5 × 8.5 in

PARAGRAPH = (
    "The station reported that the frontier garrison had moved before the winter, and the courier "
    "who carried the telegram across the river reached the harbour two days later than planned. "
) * 6

COVER_YAML = f"""\
title: Harbour Lights
subtitle: A Test of the Printer's Files, 1941–1945
language: en
authors: [Anna Field]
publisher: Test Press
series:
  name: Test Series
  number: 10
  total: 40
  lines: [Second Line]
  blurb: A blurb for the back of the cover, long enough to run over a few lines of type.
isbn:
  print: {ISBN}
"""


def chapters(count: int, paragraphs: int) -> dict[str, str]:
    return {f"{n:02}.md": f"# Chapter {n}\n\n" + "\n\n".join([PARAGRAPH] * paragraphs) for n in range(1, count + 1)}


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """A book on thick paper (100 pages an inch), so its spine carries text, with crop marks; built by the CLI."""
    yaml = COVER_YAML + "print:\n  ppi: 100\n  marks: crop\n"
    files = chapters(3, 6)  # with a scene break and a callout, grey in the browsers' and print.css's colours
    files["01.md"] += f"\n\n* * *\n\n{PARAGRAPH}\n\n::: callout\n{PARAGRAPH}\n:::\n"
    root = write_project(tmp_path_factory.mktemp("wide"), yaml, files)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    assert main(["-q", "build", str(root), "--format", "pdf", "--print"]) == 0
    out = root / "build"
    return out / "harbour-lights.pdf", out / "harbour-lights-cover.pdf"


@pytest.fixture(scope="module")
def narrow(tmp_path_factory):
    """A thin book without an ISBN on the default white paper."""
    yaml = COVER_YAML.replace(f"isbn:\n  print: {ISBN}\n", "")
    root = write_project(tmp_path_factory.mktemp("narrow"), yaml, chapters(2, 3))
    from publish.build import build

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(root, root / "build", ("pdf",), printer=True)
    out = root / "build"
    return out / "harbour-lights.pdf", out / "harbour-lights-cover.pdf"


def expected_spine(pages: int, ppi: int) -> float:
    """The spine in points: whole leaves (an odd page count gains a blank) ÷ pages per inch."""
    leaves_pages = pages + (pages % 2)
    return leaves_pages / ppi * 72


def box(page, name: str) -> tuple[float, float]:
    rect = getattr(page, name)
    return float(rect.width), float(rect.height)


@pytest.mark.parametrize("which,ppi", [("wide", 100), ("narrow", PAPER_PPI["white"])])
def test_cover_size_is_two_boards_the_spine_and_the_bleed(request, which, ppi):
    interior, cover = request.getfixturevalue(which)
    pages = len(pypdf.PdfReader(interior).pages)
    sheet = pypdf.PdfReader(cover)
    assert len(sheet.pages) == 1
    page = sheet.pages[0]
    spine = expected_spine(pages, ppi)
    width = 2 * TRIM[0] + spine
    assert box(page, "trimbox") == pytest.approx((width, TRIM[1]), abs=0.05)
    assert box(page, "bleedbox") == pytest.approx((width + 2 * BLEED, TRIM[1] + 2 * BLEED), abs=0.05)
    assert box(page, "mediabox") == pytest.approx((width + 2 * BLEED, TRIM[1] + 2 * BLEED), abs=0.05)


def test_default_paper_is_444_pages_an_inch():
    assert PAPER_PPI["white"] == 444 and round(1 / 444, 6) == 0.002252  # KDP's white, in a page


def _spine_text(cover) -> str:
    page = pdfium.PdfDocument(cover)[0]
    _, _, right, top = page.get_trimbox()
    left = page.get_trimbox()[0]
    width = right - left
    spine = width - 2 * TRIM[0]
    x0 = left + TRIM[0]
    return page.get_textpage().get_text_bounded(x0 + 0.5, 0, x0 + spine - 0.5, top + BLEED)


def test_wide_spine_carries_title_author_and_number(wide):
    text = _spine_text(wide[1])
    for words in ("Harbour Lights", "Anna Field", "X"):
        assert words in text


def test_narrow_spine_stays_empty(narrow):
    assert _spine_text(narrow[1]).strip() == ""


def _decode(cover) -> list[str]:
    bitmap = pdfium.PdfDocument(cover)[0].render(scale=300 / 72).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(bitmap) if r.format == zxingcpp.BarcodeFormat.EAN13]


def test_barcode_decodes_to_the_print_isbn(wide):
    assert _decode(wide[1]) == [ISBN.replace("-", "")]


def test_no_isbn_no_barcode(narrow):
    assert _decode(narrow[1]) == []


def test_front_and_back_carry_the_series_and_the_blurb(wide):
    page = pdfium.PdfDocument(wide[1])[0]
    text = " ".join(page.get_textpage().get_text_range().split())
    left, _, right, top = page.get_trimbox()
    front = page.get_textpage().get_text_bounded(right - TRIM[0], 0, right, top)
    back = page.get_textpage().get_text_bounded(left, 0, left + TRIM[0], top)
    assert "No. X of XL" in " ".join(front.split())
    assert "Second Line" in front and "Harbour Lights" in front
    assert "blurb for the back" in " ".join(back.split())
    assert f"ISBN {ISBN}" in " ".join(back.split())
    assert "Harbour Lights" in text

@pytest.mark.parametrize("index", [0, 1])
def test_every_font_embedded_in_interior_and_cover(wide, index):
    fonts = pdf_fonts(wide[index])
    assert fonts and all(embedded for _, embedded in fonts)
    faces = {"Book-Serif", "Book-Serif-Italic", "Book-Serif-Bold", "Book-Serif-BoldItalic"}
    assert {name for name, _ in fonts} <= faces


def test_interior_has_bleed_trim_boxes_and_black_ink_text(wide):
    reader = pypdf.PdfReader(wide[0])
    for page in reader.pages:
        assert box(page, "trimbox") == pytest.approx(TRIM, abs=0.05)
        assert box(page, "bleedbox") == pytest.approx((TRIM[0] + 2 * BLEED, TRIM[1] + 2 * BLEED), abs=0.05)
        assert float(page.trimbox.left) - float(page.mediabox.left) == pytest.approx(BLEED, abs=0.05)
    streams = [p.get_contents() for p in reader.pages]
    operators = "".join(c.get_data().decode("latin-1") for c in streams if c is not None)
    assert "/DeviceCMYK cs" in operators and "0 0 0 1 scn" in operators
    assert not re.search(r"\b(rg|RG)\b", operators)  # no text or rule left in RGB (the scene break's * was)


def test_crop_marks_are_drawn_outside_the_trim(wide):
    (high, low), _ = _bleed_strips(wide[0])[:2]  # above the trim
    assert low < 100 and high > 200  # a dark crop mark in the white bleed


def _bleed_strips(pdf) -> list[tuple[int, int]]:
    """The lightest and darkest pixel of the bleed above and left of each page's trim."""
    extremes = []
    for page in pdfium.PdfDocument(pdf):
        bitmap = page.render(scale=2).to_pil().convert("L")
        edge = int(BLEED * 2) - 2
        for strip in (bitmap.crop((0, 0, bitmap.width, edge)), bitmap.crop((0, 0, edge, bitmap.height))):
            low, high = strip.getextrema()
            extremes.append((high, low))
    return extremes


def test_no_printers_marks_unless_asked(narrow):
    """KDP, IngramSpark and Lulu refuse interiors and covers with crop marks: `--print` drew them
    whenever book.yaml asked for none, in the bleed of every page and of the cover sheet."""
    interior, cover = narrow
    assert box(pypdf.PdfReader(interior).pages[0], "mediabox") == pytest.approx(
        (TRIM[0] + 2 * BLEED, TRIM[1] + 2 * BLEED), abs=0.05)
    for pdf in (interior, cover):  # the bleed all paper, or all the cover's ground: no mark in it
        assert all(high - low <= 8 for high, low in _bleed_strips(pdf)), pdf.name


def test_bleed_0_gives_the_trim_for_a_no_bleed_upload(tmp_path):
    """KDP's no-bleed interior is the trim and nothing more: `print.bleed: 0` was taken as not
    given, and `--print` added 0.125 in round every page all the same."""
    from publish.build import build

    root = write_project(tmp_path, COVER_YAML + "print:\n  bleed: 0\n", chapters(1, 2))
    build(root, root / "build", ("pdf",), printer=True)
    for page in pypdf.PdfReader(root / "build" / "harbour-lights.pdf").pages:
        assert box(page, "mediabox") == pytest.approx(TRIM, abs=0.05)
        assert box(page, "trimbox") == pytest.approx(TRIM, abs=0.05)
    sheet = pypdf.PdfReader(root / "build" / "harbour-lights-cover.pdf").pages[0]
    assert box(sheet, "mediabox")[1] == pytest.approx(TRIM[1] + 2 * BLEED, abs=0.05)  # a cover keeps its bleed


def test_build_without_print_writes_no_cover(tmp_path):
    root = write_project(tmp_path, COVER_YAML, chapters(1, 2))
    built = build_project(root, ("pdf",))
    assert not (built.out / "harbour-lights-cover.pdf").exists()
    page = pypdf.PdfReader(built.pdf).pages[0]
    assert box(page, "mediabox") == pytest.approx(TRIM, abs=0.05)


def test_missing_isbn_is_said(tmp_path, caplog):
    from publish.print_cover import cover_html, geometry
    from publish.print_layout import for_printer

    yaml = COVER_YAML.replace(f"isbn:\n  print: {ISBN}\n", "")
    book = for_printer(load_book(write_project(tmp_path, yaml, chapters(1, 1))))
    with caplog.at_level(logging.INFO, logger="publish"):
        html = cover_html(book, geometry(book, 40))
    assert "barcode" not in html
    assert "no barcode" in caplog.text


@pytest.mark.parametrize("isbn", ["978-0-306-40615-8", "978-0-306-4061", "123-0-306-40615-7"])
def test_bad_isbn_is_a_clear_error(tmp_path, isbn):
    yaml = COVER_YAML.replace(ISBN, isbn)
    with pytest.raises(PublishError) as error:
        load_book(write_project(tmp_path, yaml, chapters(1, 1)))
    assert error.value.diagnostic.key == "isbn.print"
    with pytest.raises(PublishError) as error:
        isbn_digits(isbn)
    assert error.value.diagnostic.key == "isbn.print"


@pytest.mark.parametrize("block,key", [("paper: glossy", "print.paper"), ("ppi: 12", "print.ppi")])
def test_bad_paper_names_its_key(tmp_path, block, key):
    root = write_project(tmp_path, COVER_YAML + f"print:\n  {block}\n", chapters(1, 1))
    with pytest.raises(PublishError) as error:
        load_book(root)
    assert error.value.diagnostic.key == key


def test_cream_paper_gives_a_wider_spine(tmp_path):
    from publish.print_cover import geometry

    white = load_book(write_project(tmp_path / "w", COVER_YAML, chapters(1, 1)))
    cream = load_book(write_project(tmp_path / "c", COVER_YAML + "print:\n  paper: cream\n", chapters(1, 1)))
    assert geometry(white, 301).spine == pytest.approx(302 / 444 * 72)
    assert geometry(cream, 300).spine == pytest.approx(300 / 400 * 72)


def test_the_books_description_is_the_back_copy_and_a_long_one_is_warned_of(tmp_path, caplog):
    """book.yaml `description` (the book's own copy) takes the back's place of the series' blurb,
    a paragraph a paragraph; copy too long for the back is named, as it is drawn over the barcode."""
    from publish.print_cover import render_cover
    from publish.print_layout import for_printer

    about = "The courier crossed the river at night.\n\n  The harbour lights were out."
    yaml = COVER_YAML + f"description: |\n  {about}\n"
    book = for_printer(load_book(write_project(tmp_path / "short", yaml, chapters(1, 1))))
    with caplog.at_level(logging.WARNING, logger="publish"):
        page = pdfium.PdfDocument(render_cover(book, 40))[0]
    left, _, _, top = page.get_trimbox()
    back = " ".join(page.get_textpage().get_text_bounded(left, 0, left + TRIM[0], top).split())
    assert "courier crossed the river at night. The harbour lights" in back
    assert "blurb for the back" not in back
    assert "runs" not in caplog.text
    long = yaml.replace(about, "\n\n  ".join([PARAGRAPH] * 3))
    book = for_printer(load_book(write_project(tmp_path / "long", long, chapters(1, 1))))
    with caplog.at_level(logging.WARNING, logger="publish"):
        render_cover(book, 40)
    assert "the back's text runs" in caplog.text and "description" in caplog.text


def _text_edges(pdf) -> list[tuple[int, float]]:
    """Each page's text nearest its trim: (page number, the least distance in points from the
    TrimBox to a line of text, running heads and folios included), read back with pdfium."""
    edges = []
    for number, page in enumerate(pdfium.PdfDocument(pdf), 1):
        left, bottom, right, top = (float(v) for v in pypdf.PdfReader(pdf).pages[number - 1].trimbox)
        textpage = page.get_textpage()
        rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
        if rects:
            edges.append((number, min(min(x0 - left, y0 - bottom, right - x1, top - y1) for x0, y0, x1, y1 in rects)))
    return edges


def test_folios_and_running_heads_stay_half_an_inch_inside_the_trim(wide):
    """IngramSpark asks for everything on an interior page, page numbers included, 0.5 in inside
    the trim (KDP 0.375 in with bleed): the folio, centred in the foot's margin, stood 0.32 in
    from the trim and the running head 0.48 in."""
    edges = _text_edges(wide[0])
    assert len(edges) > 6  # chapter openings, running pages and the matter
    assert min(distance for _, distance in edges) >= 36, [e for e in edges if e[1] < 36]


def test_text_too_near_the_trim_is_warned_of_as_the_print_shop_would(tmp_path):
    """Margins narrower than print-on-demand services take are said at build, with the pages,
    as their upload check would reject them after the build."""
    from conftest import recorded_warnings
    from publish.build import build

    yaml = COVER_YAML + "print:\n  margins: 0.4in 0.3in 0.45in 0.3in\n"
    root = write_project(tmp_path, yaml, chapters(2, 3))
    with recorded_warnings() as warnings:
        build(root, root / "build", ("pdf",), printer=True)
    near = [w for w in warnings if "from the trim" in w]
    assert len(near) == 1 and "IngramSpark asks for 0.5 in inside the trim" in near[0]
    assert re.search(r"\(PDF pages \d+, \d+", near[0])
    inside = [w for w in warnings if "inside edge" in w]
    assert len(inside) == 1 and "KDP asks 0.375 in" in inside[0]


def test_a_block_wider_than_the_page_is_set_in_the_text_block(tmp_path):
    """A Gutenberg caption kept its `style="width: 964px"` and ran 7.8 in off the page, said by nothing."""
    from conftest import recorded_warnings
    from publish.build import build

    files = chapters(1, 1)
    files["01.md"] += '\n\n::: {style="width: 900px"}\n' + PARAGRAPH + "\n:::\n"
    root = write_project(tmp_path, COVER_YAML, files)
    with recorded_warnings() as warnings:
        build(root, root / "build", ("pdf",), printer=True)
    assert not [w for w in warnings if "from the trim" in w or "off the page" in w]
    assert min(distance for _, distance in _text_edges(root / "build" / "harbour-lights.pdf")) >= 36


def test_text_off_the_page_is_warned_of(caplog):
    """What print.css cannot keep on the page (a stylesheet's own wide block) is named by the preflight."""
    import weasyprint

    from publish.print_preflight import preflight

    pdf = weasyprint.HTML(string='<p style="width: 900px">' + PARAGRAPH + "</p>").write_pdf(
        stylesheets=[weasyprint.CSS(string="@page { size: 396pt 612pt; margin: 54pt }")])
    preflight(pdf, 2)
    assert re.search(r"text runs \d+\.\d\d in off the page at the outside edge \(PDF pages 1\)", caplog.text)


def test_default_margins_pass_the_preflight_and_a_thick_book_needs_more_gutter(narrow, caplog):
    from publish.print_preflight import kdp_gutter, preflight

    assert [kdp_gutter(n) for n in (24, 150, 151, 300, 501, 828, 900)] == [0.375, 0.375, 0.5, 0.5, 0.75, 0.875, 0.875]
    pdf = narrow[0].read_bytes()
    with caplog.at_level(logging.INFO, logger="publish"):
        preflight(pdf, 40)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "text at least 0.5" in caplog.text
    caplog.clear()
    preflight(pdf, 760)  # the same margins, read as a book of 760 pages: KDP asks 0.875 in
    assert any("KDP asks 0.875 in for a book of 760 pages" in r.getMessage() for r in caplog.records)


def cmyk_profile(description: str = "Test press (FOGRA39)") -> bytes:
    """A minimal ICC v2 output profile of a CMYK press: the header, a description, a white point."""
    import struct

    def padded(data: bytes) -> bytes:
        return data + b"\0" * (-len(data) % 4)

    text = description.encode("ascii") + b"\0"
    white = struct.pack(">iii", int(0.9642 * 65536), 65536, int(0.8249 * 65536))
    tags = [(b"desc", padded(b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 79)),
            (b"wtpt", b"XYZ \0\0\0\0" + white), (b"cprt", padded(b"text\0\0\0\0No copyright\0"))]
    start = 128 + 4 + 12 * len(tags)
    table, data = struct.pack(">I", len(tags)), b""
    for signature, body in tags:
        table, data = table + signature + struct.pack(">II", start + len(data), len(body)), data + body
    header = (struct.pack(">I", start + len(data)) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"prtrCMYKLab " + b"\0" * 12
              + b"acspAPPL" + b"\0" * 28 + white)
    return header + b"\0" * (128 - len(header)) + table + data


def _press_book(tmp_path, variant: str, picture: bool = False, printer: bool = True) -> list:
    from PIL import Image

    from publish.build import build

    files = chapters(2, 3)
    if picture:  # an RGB photograph, which PDF/X refuses
        (tmp_path / "manuscript" / "images").mkdir(parents=True)
        Image.new("RGB", (600, 400), (200, 40, 40)).save(tmp_path / "manuscript" / "images" / "red.png")
        files["01.md"] += "\n\n![A red field.](images/red.png)\n"
    root = write_project(tmp_path, COVER_YAML + f"print:\n  variant: {variant}\n  output_profile: press.icc\n", files)
    (root / "manuscript" / "press.icc").write_bytes(cmyk_profile())
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(root, root / "build", ("pdf",), printer=printer, force=True)
    return [root / "build" / "harbour-lights.pdf"] + [root / "build" / "harbour-lights-cover.pdf"] * printer


def test_pdf_x_names_the_press_in_an_output_intent_and_carries_no_links(tmp_path):
    """`print.variant: pdf/x-1a` wrote the PDF/X markers but no output intent (WeasyPrint writes one
    only for a declared CMYK profile), which every PDF/X check refuses; and the contents' links,
    annotations inside the trim, and object streams (PDF 1.5) in a PDF 1.4 file."""
    from conftest import recorded_warnings

    with recorded_warnings() as warnings:
        files = _press_book(tmp_path, "pdf/x-1a", picture=True)
    for path in files:
        data = path.read_bytes()
        assert data.startswith(b"%PDF-1.4") and b"/ObjStm" not in data, path.name
        reader = pypdf.PdfReader(path)
        intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
        assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "Test press (FOGRA39)"
        assert intent["/DestOutputProfile"].get_object()["/N"] == 4
        assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
        assert all("/TrimBox" in page and "/Annots" not in page for page in reader.pages)
    assert [w for w in warnings if "1 pictures are RGB, which PDF/X refuses" in w]


def test_pdf_x_4_builds_the_same_bytes_again_in_black_ink_without_print(tmp_path):
    """WeasyPrint gives a PDF/X-4 file a random XMP document ID: two builds differed. And without
    `--print` the text was RGB black, which PDF/X refuses."""
    first = [p.read_bytes() for p in _press_book(tmp_path / "a", "pdf/x-4")]
    second = [p.read_bytes() for p in _press_book(tmp_path / "b", "pdf/x-4")]
    assert first == second
    for data in first:
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFX"
        assert b"xmp.did:" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    import pikepdf

    with pikepdf.open(_press_book(tmp_path / "c", "pdf/x-4", printer=False)[0]) as pdf:
        colours = {" ".join([*map(str, operands), str(op)]) for page in pdf.pages
                   for operands, op in pikepdf.parse_content_stream(page) if str(op) in ("cs", "CS", "rg", "RG")}
    assert colours == {"/DeviceCMYK cs"}, colours


@pytest.mark.parametrize("block,key,words", [
    ("variant: pdf/x-4\n", "print.variant", "no print.output_profile"),
    ("variant: pdf/x-4\n  output_profile: srgb.icc\n", "print.output_profile", "RGB mntr profile"),
    ("variant: pdf/x-4\n  output_profile: none.icc\n", "print.output_profile", "does not exist"),
])
def test_pdf_x_without_a_press_profile_is_a_clear_error(tmp_path, block, key, words):
    from PIL import ImageCms

    root = write_project(tmp_path, COVER_YAML + f"print:\n  {block}", chapters(1, 1))
    (root / "manuscript" / "srgb.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with pytest.raises(PublishError) as error:
        load_book(root)
    assert error.value.diagnostic.key == key and words in str(error.value)


def test_another_press_profile_is_taken_without_force(tmp_path):
    """The parts' cache knew the variant but not the profile: naming another one kept the old intent."""
    from publish.build import build

    root = write_project(tmp_path, COVER_YAML + "print:\n  variant: pdf/x-4\n  output_profile: a.icc\n", chapters(2, 2))
    (root / "manuscript" / "a.icc").write_bytes(cmyk_profile("Press A"))
    (root / "manuscript" / "b.icc").write_bytes(cmyk_profile("Press B"))
    intents = []
    for name in ("a.icc", "b.icc"):
        yaml = (root / "manuscript" / "book.yaml").read_text().replace("a.icc", name)
        (root / "manuscript" / "book.yaml").write_text(yaml)
        build(root, root / "build", ("pdf",))
        reader = pypdf.PdfReader(root / "build" / "harbour-lights.pdf")
        intents.append(reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/OutputConditionIdentifier"])
    assert intents == ["Press A", "Press B"]
