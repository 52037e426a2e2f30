"""Images in each edition: scaled to what the edition shows, RGB and upright on screens, under
names safe in an EPUB; large scans accepted and a too large one named with its size."""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pikepdf
import pypdf
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFile

from conftest import MINIMAL_YAML, REPO, Built, build_project, emf_bytes, pdf_rows, recorded_warnings, write_project
from publish.build import build as build_editions
from publish.errors import PublishError
from test_epub import NS, Epub, assert_epubcheck_clean

TEXT_WIDTH_IN = 5.5 - 1.35  # the default trim's text block (print_layout.text_block)
TEXT_HEIGHT_IN = 8.5 - 1.55
SPACED = "images/maps and plans/port arthur plan.jpg"

CHAPTER = f"""\
# Port Arthur

A photograph from a camera.

![The harbour, 1904.](images/harbour.jpg)

A drawing with transparent parts.

![A flag.](images/flag.png)

A picture prepared for the press.

![A poster.](images/poster-cmyk.jpg)

A photograph taken with the camera turned.

![The quay.](images/quay-turned.jpg)

A plan in a folder with spaces, written two ways.

![Plan of Port Arthur.](<{SPACED}>)

![The plan again.](images/maps%20and%20plans/port%20arthur%20plan.jpg)
"""


def _jpeg(im: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90, **options)
    return out.getvalue()


def _photo(width: int, height: int) -> bytes:
    """A camera's photo: smooth gradients in three channels."""
    gradient = Image.linear_gradient("L")
    channels = [gradient.resize((width, height)), gradient.rotate(90).resize((width, height)),
                Image.radial_gradient("L").resize((width, height))]
    return _jpeg(Image.merge("RGB", channels))


def _halves(mode: str, size: tuple[int, int], left, right) -> Image.Image:
    im = Image.new(mode, size, left)
    im.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return im


def _turned_photo() -> bytes:
    """300 × 200 as stored, red on the left, blue on the right; EXIF orientation 6: shown
    turned a quarter clockwise, 200 × 300 with red on top."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return _jpeg(_halves("RGB", (300, 200), (220, 20, 20), (20, 20, 220)), exif=exif.tobytes())


def _png_bytes(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


@dataclass(frozen=True)
class Book:
    built: Built
    sources: dict[str, bytes]  # manuscript path → bytes

    def epub_images(self) -> dict[str, bytes]:
        """Each image the chapter shows, by its src as written in the chapter → bytes in the EPUB."""
        epub = Epub.open(self.built.epub)
        chapter_href = next(h for h in epub.docs if h.startswith("text/port-arthur"))
        chapter_dir = (epub.folder / chapter_href).parent
        found = {}
        with zipfile.ZipFile(self.built.epub) as z:
            for img in epub.docs[chapter_href].iterfind(".//x:img", NS):
                found[img.get("alt")] = z.read(_normal(chapter_dir / img.get("src")))
        return found

    def html_images(self) -> dict[str, bytes]:
        from lxml import html as lhtml

        page = lhtml.fromstring((self.built.html / "port-arthur.html").read_bytes())
        return {img.get("alt"): (self.built.html / img.get("src")).read_bytes() for img in page.iter("img")}


def _normal(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Book:
    root = write_project(tmp_path_factory.mktemp("photos"), MINIMAL_YAML, {"text.md": CHAPTER})
    sources = {
        "images/harbour.jpg": _photo(3000, 2400),
        "images/flag.png": _png_bytes(_halves("RGBA", (2600, 1000), (0, 0, 0, 0), (20, 160, 40, 255))),
        "images/poster-cmyk.jpg": _jpeg(Image.new("CMYK", (300, 200), (0, 255, 255, 0))),
        "images/quay-turned.jpg": _turned_photo(),
        SPACED: _jpeg(Image.new("RGB", (60, 40), (90, 90, 90))),
    }
    for name, data in sources.items():
        path = root / "manuscript" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return Book(build_project(root), sources)


def _opened(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def test_a_large_photo_is_scaled_for_the_epub_and_the_web(book):
    epub, html = book.epub_images(), book.html_images()
    copy = _opened(epub["The harbour, 1904."])
    assert (copy.format, copy.mode, copy.size) == ("JPEG", "RGB", (2000, 1600))
    assert len(epub["The harbour, 1904."]) < len(book.sources["images/harbour.jpg"])
    assert html["The harbour, 1904."] == epub["The harbour, 1904."]  # one copy, made once


def test_a_png_stays_a_png_with_its_transparency(book):
    copy = _opened(book.epub_images()["A flag."])
    assert (copy.format, copy.mode, copy.size) == ("PNG", "P", (2000, 769))  # two flat colours: a palette
    copy = copy.convert("RGBA")
    assert copy.getpixel((20, 20))[3] == 0 and copy.getpixel((1980, 20)) == (20, 160, 40, 255)


def test_a_cmyk_picture_is_rgb_on_screens(book):
    for images in (book.epub_images(), book.html_images()):
        copy = _opened(images["A poster."])
        assert (copy.format, copy.mode, copy.size) == ("JPEG", "RGB", (300, 200))
        red, green, blue = copy.getpixel((150, 100))
        assert red > 200 and green < 80 and blue < 80


def test_a_turned_photo_is_upright_on_screens(book):
    copy = _opened(book.epub_images()["The quay."])
    assert copy.size == (200, 300)
    assert copy.getexif().get(0x0112, 1) == 1  # no reader turns it again
    top, bottom = copy.getpixel((100, 40)), copy.getpixel((100, 260))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]  # red above blue, as shown


def test_a_picture_in_a_folder_with_spaces_keeps_the_epub_valid(book):
    epub = Epub.open(book.built.epub)
    hrefs = [h for h in epub.manifest() if h.startswith("media/")]
    assert any("port-arthur-plan" in h for h in hrefs)
    assert all(" " not in h and "%" not in h for h in hrefs)
    chapter = next(doc for href, doc in epub.docs.items() if href.startswith("text/port-arthur"))
    assert all(" " not in img.get("src") for img in chapter.iterfind(".//x:img", NS))
    assert book.epub_images()["Plan of Port Arthur."] == book.sources[SPACED]  # small: byte for byte
    assert_epubcheck_clean(book.built.epub)


def test_a_picture_named_in_cyrillic_is_packaged_under_its_name_in_latin_letters(tmp_path):
    """"карты/карта мира.png" was packaged as "-----/------bcce72a3.png": a row of hyphens.
    Transliterated now, in the EPUB and the web edition alike."""
    root = write_project(tmp_path, "title: Карты\nlanguage: ru\nseries: {name: Библиотека, number: 3, total: 12}\n",
                         {"a.md": "# Глава\n\n![Карта мира](<карты/карта мира.png>)\n"})
    (root / "manuscript" / "карты").mkdir()
    Image.new("RGB", (300, 200), (120, 160, 200)).save(root / "manuscript" / "карты" / "карта мира.png")
    built = build_project(root, ("epub", "html"))
    media = [h for h in Epub.open(built.epub).manifest() if h.startswith("media/")]
    assert len(media) == 1 and re.fullmatch(r"media/karty/karta-mira-[0-9a-f]{8}\.png", media[0]), media
    pictures = [p.relative_to(built.html).as_posix() for p in built.html.rglob("karta-mira-*.png")]
    assert len(pictures) == 1 and pictures[0].startswith("media/karty/"), pictures
    assert_epubcheck_clean(built.epub)


def test_a_picture_named_without_its_types_suffix_is_packaged_with_it(tmp_path):
    """pandoc's test 3674 (`![](a)`, a PNG named "a"): the EPUB carried media/a and epubcheck
    read it as a corrupted image (PKG-021), as it goes by the suffix. Now "a-<hash>.png"."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\n![A plan](figures/plan)\n"})
    (root / "manuscript" / "figures").mkdir()
    Image.new("RGB", (300, 200), (120, 160, 200)).save(root / "manuscript" / "figures" / "plan", "PNG")
    built = build_project(root, ("epub", "html"))
    media = [h for h in Epub.open(built.epub).manifest() if h.startswith("media/")]
    assert len(media) == 1 and re.fullmatch(r"media/figures/plan-[0-9a-f]{8}\.png", media[0]), media
    assert len(list(built.html.rglob("plan-*.png"))) == 1
    assert_epubcheck_clean(built.epub)


def test_a_picture_in_a_heading_is_carried_by_the_web_edition(tmp_path):
    """`# ![](seal.png) The Seal`: the web page's heading kept `<img src="seal.png">`, a file its
    folder does not hold, without alt (Nu: an img must have an alt), while the EPUB carried it."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# ![](seal.png) The Seal\n\nText.\n"})
    Image.new("RGB", (60, 60), (120, 30, 30)).save(root / "manuscript" / "seal.png")
    built = build_project(root, ("html",))
    page = next(p for p in built.html.glob("*.html") if "The Seal</h1>" in p.read_text(encoding="utf-8"))
    img = re.search(r"<h1><img [^>]*>", page.read_text(encoding="utf-8"))[0]
    assert 'alt=""' in img and 'src="media/seal' in img, img
    assert (built.html / re.search(r'src="([^"]+)"', img)[1]).is_file()


def test_a_picture_alone_in_its_paragraph_is_a_figure_in_every_edition(tmp_path):
    """`![](images/lighthouse.png){alt="…"}` alone after a paragraph (a picture without a caption,
    as `publish import` writes a Word document's): pandoc left it a paragraph, indented as the
    paragraphs after the first are, the picture an indent off the margin and not centred. It is
    a figure; a picture among words stays in its sentence."""
    text = ("# One\n\nThe harbour at dawn.\n\n![](images/lighthouse.png){alt=\"The lighthouse in 1938\"}\n\n"
            "A seal ![](images/lighthouse.png){alt=\"seal\" width=\"1em\"} in the text.\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    (root / "manuscript" / "images").mkdir()
    Image.new("RGB", (300, 200), (120, 160, 200)).save(root / "manuscript" / "images" / "lighthouse.png")
    built = build_project(root, ("html", "epub"))
    page = next(p for p in built.html.glob("*.html") if "harbour at dawn" in p.read_text(encoding="utf-8"))
    with zipfile.ZipFile(built.epub) as epub:
        xhtml = next(text for n in epub.namelist() if n.endswith(".xhtml")
                     and "harbour at dawn" in (text := epub.read(n).decode("utf-8")))
    for markup in (page.read_text(encoding="utf-8"), xhtml):
        assert re.search(r'<figure><img [^>]*alt="The lighthouse in 1938"', markup)
        assert re.search(r'<p>A seal <img [^>]*alt="seal"', markup)


def test_a_picture_with_a_query_is_printed(tmp_path):
    """`![](images/map.png?v=2)`: the EPUB and the web edition showed it, the print edition stopped
    with "…/map.png?v=2 does not exist", without the file or line."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\n![A map.](images/map.png?v=2)\n"})
    (root / "manuscript" / "images").mkdir()
    Image.new("RGB", (300, 200), (120, 160, 200)).save(root / "manuscript" / "images" / "map.png")
    build_editions(root, formats=("pdf",))
    assert _pdf_image_facts(root / "build" / "a-small-book.pdf")


def test_a_picture_path_that_leaves_the_manuscript_and_comes_back_is_named(tmp_path):
    """`images/../../manuscript/images/map.png`: print stopped with "refusing to read
    /manuscript/images/map.png: it lies outside the project", no file, no line."""
    text = "# One\n\n![A map.](images/../../manuscript/images/map.png)\n"
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    (root / "manuscript" / "images").mkdir()
    Image.new("RGB", (300, 200), (120, 160, 200)).save(root / "manuscript" / "images" / "map.png")
    with pytest.raises(PublishError, match=r"a.md:3: image '.*' goes up out of the manuscript folder") as raised:
        build_editions(root, formats=("pdf",))
    assert "'images/map.png'" in raised.value.diagnostic.hint


def test_a_pdf_or_a_video_where_a_picture_goes_is_named(tmp_path):
    """pandoc's tests 7181 (`![Global frog population.](slides.pdf)`, a PDF figure as LaTeX takes
    one) and video-audio (`![](clip.mp4)`): pandoc writes <embed> and <video>, which no edition
    shows, and the figures kept only their captions without a word. Now a warning with the place."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\n![Frogs.](slides.pdf)\n\nText.\n\n![](clip.mp4)\n"})
    with recorded_warnings() as warnings:  # print fetched slides.pdf too: a file missing stopped it there alone
        build_project(root, ("html", "pdf"))
    a = root / "manuscript" / "a.md"
    pdf = f"{a}:3: 'slides.pdf' is a document (a PDF page?), not a picture"
    assert any(w.startswith(pdf) for w in warnings), warnings
    assert any(w.startswith(f"{a}:7: 'clip.mp4' is a video, not a picture") for w in warnings), warnings


def test_a_picture_shown_in_two_chapters_is_embedded_once(tmp_path):
    """Each chapter is typeset apart: a map printed in two chapters came in twice (two 365 KB
    copies in the history sweep's book). One copy now, with its mask, drawn on both pages."""
    text = ("# One\n\n![The map.](map.jpg)\n\n![The seal.](seal.png)\n\n"
            "# Two\n\n![The map again.](map.jpg)\n\n![The seal again.](seal.png)\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    Image.effect_noise((600, 400), 60).convert("RGB").save(root / "manuscript" / "map.jpg", quality=90)
    seal = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse([10, 10, 190, 190], fill=(180, 30, 30, 200))
    seal.save(root / "manuscript" / "seal.png")
    with pikepdf.open(build_project(root, ("pdf",)).pdf) as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert len(images) == 3  # the map, the seal and its mask
        shown = [xobject.objgen for page in pdf.pages for xobject in page.obj.Resources.get("/XObject", {}).values()
                 if xobject.get("/Subtype") == "/Image"]
    assert len(shown) == 4 and len(set(shown)) == 2  # four pictures on the pages, two objects


def test_the_web_edition_shows_a_picture_from_a_folder_with_spaces(book):
    from lxml import html as lhtml

    page = lhtml.fromstring((book.built.html / "port-arthur.html").read_bytes())
    plans = [img.get("src") for img in page.iter("img") if "plan" in img.get("alt").lower()]
    assert len(plans) == 2 and plans[0] == plans[1] and " " not in plans[0]
    assert (book.built.html / plans[0]).read_bytes() == book.sources[SPACED]


def _pdf_image_facts(path: Path) -> list[tuple[int, int, str]]:
    """(width, height, colour space) of every image the PDF embeds."""
    with pikepdf.open(path) as pdf:
        return [(int(obj.Width), int(obj.Height), str(obj.get("/ColorSpace")))
                for obj in pdf.objects
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]


def test_the_print_edition_embeds_no_more_than_450_ppi_across_the_text_block(book):
    facts = _pdf_image_facts(book.built.pdf)
    photo = [(w, h) for w, h, _ in facts if math.isclose(w / h, 3000 / 2400, rel_tol=0.01)]
    assert len(photo) == 1
    width = photo[0][0]
    assert 300 * TEXT_WIDTH_IN <= width <= 450 * TEXT_WIDTH_IN  # was 3000 px: 723 ppi
    # The small CMYK picture is printed as it is: CMYK, which a printer wants.
    assert (300, 200, "/DeviceCMYK") in facts


# --- large scans ------------------------------------------------------------------------------


def _grey_png(width: int, height: int, idat: bytes | None = None) -> bytes:
    """A flat greyscale PNG of `width` × `height` pixels, written row by row (no image in
    memory); or, given `idat`, that header with those bytes for its pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    if idat is None:
        packer = zlib.compressobj(9)
        row = b"\x00" + b"\xc8" * width
        idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_large_map_scan_is_accepted_and_scaled(tmp_path):
    # 182 megapixels: above Pillow's own limit of 179, which called it "unreadable".
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n\n![A map.](images/scan.png)\n"})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "scan.png").write_bytes(_grey_png(14000, 13000))
    built = build_project(root)
    with zipfile.ZipFile(built.epub) as z:
        copy = _opened(z.read(next(n for n in z.namelist() if n.endswith("scan.png"))))
    assert (copy.mode, copy.size) == ("L", (2000, 1857))
    [(width, height, space)] = _pdf_image_facts(built.pdf)
    assert width <= 450 * TEXT_WIDTH_IN and math.isclose(width / height, 14000 / 13000, rel_tol=0.01)
    assert space == "/DeviceGray"


def test_a_tall_scan_is_embedded_at_no_more_than_450_ppi_down_its_printed_height(tmp_path):
    """A document's scan, taller than wide, prints at most 60% of the text block high (print.css:
    max-height: 60vh): its 3000 rows were embedded whole, at 719 ppi."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n\n![An order.](images/order.png)\n"})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "order.png").write_bytes(_grey_png(1800, 3000))
    [(width, height, _)] = _pdf_image_facts(build_project(root, ("pdf",)).pdf)
    assert 300 * 0.6 * TEXT_HEIGHT_IN <= height <= 450 * 0.6 * TEXT_HEIGHT_IN
    assert math.isclose(width / height, 1800 / 3000, rel_tol=0.01)


def test_a_tall_picture_given_a_width_keeps_its_shape_in_print(tmp_path):
    """`{width=100%}` or `{width=3in}` on a portrait: print.css's max-height (60vh) cut its height
    and kept the width given, and the portrait printed squashed (700 × 1500 as 4.1 × 4.2 in)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    text = "# One\n\n![Full width.](images/tall.png){width=100%}\n\n![Three inches.](images/tall.png){width=3in}\n"
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    (root / "manuscript" / "images").mkdir()
    Image.new("RGB", (700, 1500), (120, 90, 60)).save(root / "manuscript" / "images" / "tall.png")
    shapes = []
    with recorded_warnings() as said:
        built = build_project(root, ("pdf",))
    for page in pdfium.PdfDocument(built.pdf):
        for image in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=5):
            left, bottom, right, top = image.get_bounds()
            shapes.append((right - left) / (top - bottom))
    assert len(shapes) == 2 and all(math.isclose(shape, 700 / 1500, rel_tol=0.02) for shape in shapes)
    # …and its sharpness is reckoned at the width it prints at (1.9 in: 360 ppi), not its box's.
    assert not [m for m in said if "prints at" in m]


def test_a_too_large_image_is_named_with_its_size(tmp_path):
    # Only its header: 20,000 × 15,000 pixels (300 megapixels), checked before anything is decoded.
    header = _grey_png(20000, 15000, idat=zlib.compress(b"\x00" * 100))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n\n![A map.](images/huge.png)\n"})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "huge.png").write_bytes(header)
    with pytest.raises(PublishError) as info:
        build_project(root, ("epub",))
    diag = info.value.diagnostic
    assert (diag.file.name, diag.line) == ("a.md", 5)
    assert "20,000 × 15,000 pixels (300 megapixels)" in diag.message and "unreadable" not in diag.message
    assert "longest side" in diag.hint


def test_a_picture_too_coarse_for_print_is_named_with_what_it_prints_at(tmp_path, caplog):
    """A 400-pixel picture across the text block printed at 96 ppi without a word: a print
    shop's preflight rejects it. Named on every build (its chapter cached or not); a picture
    with pixels enough, or set small, is not."""
    from publish.editions import pdf_parts

    text = ("# One\n\nText.\n\n![A web picture.](images/web.jpg)\n\n![A photo.](images/photo.jpg)\n\n"
            "An icon ![i](images/web.jpg){width=1in} in the line.\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "web.jpg").write_bytes(_photo(400, 300))
    (root / "manuscript" / "images" / "photo.jpg").write_bytes(_photo(2600, 2000))
    for build in range(2):
        caplog.clear()
        if build:  # another chapter added: this one's pages come from the cache
            (root / "manuscript" / "b.md").write_text("# Two\n\nMore text.\n", encoding="utf-8")
        pdf_parts.renders.clear()
        build_project(root, ("pdf",))
        assert ("chapter one" in pdf_parts.renders) == (build == 0)
        said = [r.getMessage() for r in caplog.records if "prints at" in r.getMessage()]
        assert len(said) == 1 and said[0].startswith("print edition: the picture images/web.jpg prints at 96 ppi")
        assert "400 pixels across 4.1 in" in said[0] and "{width=1.3in}" in said[0]


def test_a_coarse_picture_is_named_as_written_and_a_spacer_is_not_told_a_width(tmp_path, caplog):
    """'images/%D0%BA%D0%B0%D1%80%D1%82%D0%B0.png' for images/карта.png, and a 2-pixel picture was
    told to be set 'at most 0.0 in wide ({width=0.0in})'."""
    text = "# One\n\n![Карта.](<images/карта мира.png>)\n\nA spacer ![](images/dot.png) here.\n"
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "карта мира.png").write_bytes(_png_bytes(Image.new("RGB", (400, 300))))
    (root / "manuscript" / "images" / "dot.png").write_bytes(_png_bytes(Image.new("RGB", (2, 2))))
    build_project(root, ("pdf",))
    said = [r.getMessage() for r in caplog.records if "prints at" in r.getMessage()]
    assert any("the picture images/карта мира.png prints at" in m and "{width=1.3in}" in m for m in said), said
    dot = [m for m in said if "images/dot.png" in m]
    assert not dot or ("use a larger original" in dot[0] and "wide" not in dot[0]), dot


def test_many_coarse_pictures_are_named_in_one_line_past_the_coarsest_few(tmp_path, caplog):
    """MacDowell's essays (Gutenberg 16351) set 230 small pictures of notes at 96 ppi: each got a
    warning of its own, 230 lines at every build. The coarsest five are named with what to do,
    the rest in one line, ten of them by name."""
    pictures = "\n\n".join(f"A note ![n{n}](images/n{n}.png){{width={0.2 + n / 100:.2f}in}} here." for n in range(20))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# One\n\n{pictures}\n"})
    (root / "manuscript" / "images").mkdir()
    for n in range(20):
        (root / "manuscript" / "images" / f"n{n}.png").write_bytes(_png_bytes(Image.new("RGB", (20, 10))))
    build_project(root, ("pdf",))
    said = [r.getMessage() for r in caplog.records if "ppi" in r.getMessage()]
    named = [m for m in said if m.startswith("print edition: the picture")]
    assert len(said) == 6 and len(named) == 5
    assert [m.split()[4] for m in named] == [f"images/n{n}.png" for n in range(19, 14, -1)]  # the widest: coarsest
    assert said[-1].startswith("print edition: 15 more pictures print under 200 ppi")
    listed = said[-1].split("(", 1)[1].split(")", 1)[0].split(", ")
    assert listed == [f"images/n{n}.png" for n in range(14, 4, -1)] + ["…"]


def test_coarse_pictures_are_named_for_the_whole_book_not_chapter_by_chapter(tmp_path, caplog):
    """Wells's history, typeset chapter by chapter, named its coarse pictures in 191 lines at
    every build: five and a line for each chapter. The book's coarsest five are named, the rest
    in one line, whether its chapters are typeset or come from the cache."""
    from publish.editions import pdf_parts

    chapters = {f"{c}.md": f"# Chapter {c}\n\n" + "\n\n".join(
        f"A note ![n{c}{n}](images/n{c}{n}.png){{width={0.2 + n / 100:.2f}in}} here." for n in range(4)) + "\n"
        for c in "abc"}
    root = write_project(tmp_path, MINIMAL_YAML, chapters)
    (root / "manuscript" / "images").mkdir()
    for c in "abc":
        for n in range(4):
            (root / "manuscript" / "images" / f"n{c}{n}.png").write_bytes(_png_bytes(Image.new("RGB", (20, 10))))
    for build in range(2):
        caplog.clear()
        if build:  # another chapter added: the others' pages come from the cache
            (root / "manuscript" / "d.md").write_text("# Chapter d\n\nMore text.\n", encoding="utf-8")
        pdf_parts.renders.clear()
        build_project(root, ("pdf",))
        assert ("chapter chapter-a" in pdf_parts.renders) == (build == 0)
        said = [r.getMessage() for r in caplog.records if "ppi" in r.getMessage()]
        named = [m.split()[4] for m in said if m.startswith("print edition: the picture")]
        assert len(said) == 6 and len(named) == 5, said
        assert sorted(named[:3]) == [f"images/n{c}3.png" for c in "abc"]  # the widest: coarsest
        assert all(name.endswith("2.png") for name in named[3:])
        assert said[-1].startswith("print edition: 7 more pictures print under 200 ppi")


@pytest.mark.parametrize(("cut", "words", "hint"), [
    (0, "is an empty file (0 bytes)", "copy the picture into place again"),
    (300, "is damaged or cut short (300 bytes)", "save it again"),
    (None, "is not a supported image (not a picture)", "use PNG, JPEG"),
    ("emf", "is not a supported image (a Windows drawing, WMF or EMF)", "export the drawing as SVG or PNG"),
], ids=["empty", "cut-short", "text", "emf"])
def test_a_picture_that_cannot_be_read_says_why(tmp_path, cut, words, hint):
    """Each was "is not a supported image (unreadable)", and told to use PNG or JPEG: a PNG. A chart
    Word keeps as EMF was "(WMF)", which its author had never heard of."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\n![A map.](map.png)\n"})
    data = (b"a text file" if cut is None else emf_bytes() if cut == "emf"
            else _png_bytes(Image.effect_noise((200, 200), 60))[:cut])
    (root / "manuscript" / "map.png").write_bytes(data)
    with pytest.raises(PublishError) as raised:
        build_editions(root, formats=("html",))
    assert f"image 'map.png' {words}" in raised.value.diagnostic.message and hint in raised.value.diagnostic.hint
    assert raised.value.diagnostic.line == 3


# --- figures in print -----------------------------------------------------------------------------


WORDS = ("the intelligence officers of the front reported to the headquarters every evening and the "
         "staff compared their reports with the maps of the previous week before the operation began ").split()


def _figures_book(root: Path) -> Path:
    """Tall figures among paragraphs of a few lines each: some do not fit where they stand."""
    text = ["# Pictures\n"]
    for n in range(36):
        text.append(" ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(70 + 11 * (n % 4))).capitalize() + ".\n")
        if n % 9 == 2:
            text.append(f"![Figure {n // 9 + 1}, the front.](images/f{n // 9}.jpg)\n")
    write_project(root, MINIMAL_YAML, {"text.md": "\n".join(text)})
    (root / "manuscript" / "images").mkdir()
    for k in range(4):
        (root / "manuscript" / "images" / f"f{k}.jpg").write_bytes(_photo(1500, 2000))
    return root


def _page_feet(pdf: Path) -> list[float]:
    """Where each page of the chapter's text ends (text or picture), in points above the
    page's foot; the folio, in the margin below the text block, left out."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    feet = []
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        if "headquarters" not in text.get_text_range() and "the front." not in text.get_text_range():
            continue  # the front and back matter
        lows = [text.get_charbox(i)[1] for i in range(text.count_chars()) if text.get_text_range(i, 1).strip()]
        lows += [obj.get_bounds()[1] for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
        feet.append(min(y for y in lows if y > 0.8 * 72))
    return feet


def test_a_figure_that_does_not_fit_lets_the_text_after_it_fill_the_page(tmp_path, monkeypatch):
    """WeasyPrint sends a figure too tall for the rest of a page to the next and leaves the
    foot of the page empty; the text after the figure fills it (print_figures.py): measured on
    the pages, against the same book typeset without those passes. Every figure is printed,
    in order, and the book takes fewer pages."""
    from publish.editions import pdf

    def printed(root: Path) -> tuple[list[float], str]:
        build_editions(root, root / "build", ("pdf",), jobs=1)  # typeset here: the passes as patched
        path = root / "build" / "a-small-book.pdf"
        return _page_feet(path), " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)

    feet, text = printed(_figures_book(tmp_path / "set"))
    monkeypatch.setattr(pdf, "FIGURE_PASSES", 0)
    feet_before, _ = printed(_figures_book(tmp_path / "plain"))
    line = 13.0  # 10.5 pt type on its leading, about
    text_foot = min(feet)
    assert max(feet_before[1:-1]) - text_foot > 3 * line  # the case is there without the passes
    assert max(feet[1:-1]) - text_foot < 3 * line  # every page but the chapter's first and last full
    assert len(feet) < len(feet_before)
    assert [int(n) for n in re.findall(r"Figure (\d), the front", text)] == [1, 2, 3, 4]


def test_a_picture_alone_in_its_paragraph_is_set_as_a_figure(tmp_path):
    """`![](plan.jpg)` without a caption (South's six sketch maps, a Word file's pictures) is a
    paragraph, not a figure: it stood at the paragraph's indent, off the centre, and left the
    foot of a page empty when it did not fit. It is centred on the text block as a figure is
    (print_layout._lone_pictures_as_figures), and the text after it is not indented."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    text = " ".join(WORDS * 2).capitalize() + "."
    picture = '![](images/plan.jpg){width=2in alt="A plan."}'
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": f"# Plans\n\n{text}\n\n{picture}\n\nAfter the plan.\n"})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "plan.jpg").write_bytes(_photo(600, 400))
    pdf = build_project(root, ("pdf",)).pdf
    page = next(p for p in pdfium.PdfDocument(pdf) if "After the" in p.get_textpage().get_text_range())
    left, _, right, _ = next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))).get_bounds()
    rows = pdf_rows(page)
    start, end = min(r[1] for r in rows), max(r[2] for r in rows)
    assert right - left < 0.6 * (end - start)  # a narrow picture
    assert abs((left - start) - (end - right)) < 6  # in the middle of the measure (ragged right: about)
    after = next(r for r in rows if r[0].startswith("Aftertheplan"))
    assert after[1] - start < 1  # not indented


def test_a_figure_before_a_long_paragraph_is_set_smaller_to_fit_the_gap(tmp_path, monkeypatch):
    """A tall figure followed by a paragraph longer than a page cannot be set after it (it would
    not fit under the paragraph's end either): WeasyPrint left the foot of the page before it
    empty, up to twenty lines in South ("Plan of Sleeping Berths in Cave"). It is set smaller,
    by a quarter of its height at most, to fit there (print_figures.py)."""
    from publish import print_figures

    def book(root: Path) -> Path:
        text = []
        for n in range(8):  # a chapter each: the figure after a paragraph of another length
            text.append(f"# Pictures {n + 1}\n")
            text.append(" ".join(WORDS[(n * 5 + i) % len(WORDS)] for i in range(342 + 12 * n)).capitalize() + ".\n")
            text.append(f"![Figure {n + 1}, the front.](images/f.jpg)\n")
            text.append(" ".join(WORDS[(n + i) % len(WORDS)] for i in range(700)).capitalize() + ".\n")
        write_project(root, MINIMAL_YAML, {"text.md": "\n".join(text)})
        (root / "manuscript" / "images").mkdir()
        (root / "manuscript" / "images" / "f.jpg").write_bytes(_photo(1500, 2000))
        build_editions(root, root / "build", ("pdf",), jobs=1)  # typeset here: the passes as patched
        return root / "build" / "a-small-book.pdf"

    line = 13.0  # 10.5 pt type on its leading, about
    feet = _page_feet(book(tmp_path / "set"))
    monkeypatch.setattr(print_figures, "SMALLEST", 2.0)  # never set smaller
    feet_before = _page_feet(book(tmp_path / "plain"))

    def gaps(feet: list[float]) -> list[int]:
        """In lines, how far short of the foot each chapter's second page ends (a chapter takes
        five pages: its figure does not fit at the foot of the second, 25 lines to 16 short)."""
        return [round((f - min(feet)) / line) for f in feet[1::5]]

    assert len(feet) == len(feet_before) == 40
    assert sum(g > 3 for g in gaps(feet_before)) == 7  # the case is there without it
    assert sum(g > 3 for g in gaps(feet)) <= 4  # three figures set smaller, by a quarter at most
    assert all(g > 15 for g in gaps(feet) if g > 3)  # the others would take more than a quarter


# --- cache ------------------------------------------------------------------------------------


def test_a_rebuild_takes_the_scaled_copies_from_the_cache(tmp_path, monkeypatch):
    from publish import image_copies

    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n\n![A photo.](images/photo.jpg)\n"})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "photo.jpg").write_bytes(_photo(2600, 2000))
    first = build_project(root)
    epub, pdf = first.epub.read_bytes(), _pdf_image_facts(first.pdf)
    (root / "manuscript" / "a.md").write_text("# One\n\nText, corrected.\n\n![A photo.](images/photo.jpg)\n")

    def no_scaling(*args):
        raise AssertionError("scaled again")

    monkeypatch.setattr(image_copies, "_made_copy", no_scaling)
    second = build_project(root)
    with zipfile.ZipFile(io.BytesIO(epub)) as before, zipfile.ZipFile(second.epub) as after:
        name = next(n for n in before.namelist() if n.endswith("photo.jpg"))
        assert after.read(name) == before.read(name)
        assert (second.html / "media" / "images" / "photo.jpg").read_bytes() == after.read(name)
    assert _pdf_image_facts(second.pdf) == pdf and pdf[0][0] < 2600


# --- photographs in PNG files ------------------------------------------------------------------

PNGS = """\
# Plates

![A photograph saved as PNG.](images/photo.png)

![A photograph exported with an alpha channel that hides nothing.](images/photo-rgba.png)

![A photograph cut out, its corners transparent.](images/cut-out.png)

![A plan in a few flat colours.](images/plan.png)

![A small photograph.](images/thumb.png)

![A greyscale scan of a print.](images/scan.png)

![A flat-colour drawing at sixteen bits a channel.](images/drawing-16.png)
"""


def _noisy_photo(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """A photograph's statistics: smooth gradients under fine grain (every pixel its own colour)."""
    gradient = Image.linear_gradient("L")
    channels = [gradient.resize((width, height)), gradient.rotate(90).resize((width, height)),
                Image.radial_gradient("L").resize((width, height))]
    grain = [Image.effect_noise((width, height), 30 + 5 * n) for n in range(3)]
    im = Image.merge("RGB", [Image.blend(c, g, 0.3) for c, g in zip(channels, grain, strict=True)])
    return im.convert(mode)


def _plan(width: int, height: int) -> Image.Image:
    im = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(im)
    for x in range(0, width, 40):
        draw.line((x, 0, x, height), fill=(190, 190, 230))
    corners = [(50, 60), (width - 80, 40), (width - 40, height - 60), (90, height - 30)]
    draw.polygon(corners, outline=(20, 20, 120), width=6)
    return im


def _png16_rgb(im: Image.Image) -> bytes:
    """`im` (RGB) as a PNG of 16 bits a channel, written by hand: Pillow writes no such file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels, width = im.tobytes(), im.width
    rows = b"".join(b"\x00" + bytes(b for v in pixels[y * width * 3:(y + 1) * width * 3] for b in (v, v))
                    for y in range(im.height))
    header = struct.pack(">IIBBBBB", im.width, im.height, 16, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _png_sources() -> dict[str, bytes]:
    cut_out = _noisy_photo(900, 600).convert("RGBA")
    cut_out.putalpha(_halves("L", (900, 600), 0, 255))
    return {
        "images/photo.png": _png_bytes(_noisy_photo(1200, 800)),
        "images/photo-rgba.png": _png_bytes(_noisy_photo(1000, 700).convert("RGBA")),
        "images/cut-out.png": _png_bytes(cut_out),
        "images/plan.png": _png_bytes(_plan(1400, 1000)),
        "images/thumb.png": _png_bytes(_noisy_photo(200, 150)),
        "images/scan.png": _png_bytes(_noisy_photo(900, 700, "L")),
        "images/drawing-16.png": _png16_rgb(_plan(600, 400)),
    }


def _write_images(root: Path, sources: dict[str, bytes]) -> None:
    for name, data in sources.items():
        path = root / "manuscript" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _carried(built: Built) -> dict[str, tuple[str, str, bytes]]:
    """Each picture of the EPUB's chapter by its alt text: (href, manifest media type, bytes)."""
    epub = Epub.open(built.epub)
    chapter_href = next(h for h in epub.docs if h.startswith("text/plates"))
    manifest = epub.manifest()
    found = {}
    with zipfile.ZipFile(built.epub) as z:
        for img in epub.docs[chapter_href].iterfind(".//x:img", NS):
            href = _normal(PurePosixPath(chapter_href).parent / img.get("src"))
            found[img.get("alt")] = (href, manifest[href].get("media-type"), z.read(_normal(epub.folder / href)))
    return found


@pytest.fixture(scope="module")
def pngs(tmp_path_factory) -> tuple[Built, dict[str, bytes]]:
    root = write_project(tmp_path_factory.mktemp("pngs"), MINIMAL_YAML, {"text.md": PNGS})
    sources = _png_sources()
    _write_images(root, sources)
    return build_project(root, ("epub", "html")), sources


def test_a_photograph_in_a_png_is_carried_as_a_jpeg_on_screens(pngs):
    """A history book's scans saved as PNG made a 64 MB EPUB: a photograph in an opaque PNG is
    carried as a JPEG (under a name of its own with .jpg, declared image/jpeg), in the EPUB and
    in the web edition alike."""
    built, sources = pngs
    carried = _carried(built)
    for alt, source, mode in [("A photograph saved as PNG.", "images/photo.png", "RGB"),
                              ("A photograph exported with an alpha channel that hides nothing.",
                               "images/photo-rgba.png", "RGB"),
                              ("A greyscale scan of a print.", "images/scan.png", "L")]:
        href, media_type, data = carried[alt]
        copy = _opened(data)
        assert (copy.format, copy.mode, media_type) == ("JPEG", mode, "image/jpeg"), alt
        assert href.endswith(".jpg") and href != f"media/{source[:-4]}.jpg"  # never another picture's name
        assert copy.size == Image.open(io.BytesIO(sources[source])).size
        assert len(data) * 3 < len(sources[source])
    html = {alt: (built.html / src) for alt, src in _html_srcs(built.html / "plates.html").items()}
    assert html["A photograph saved as PNG."].suffix == ".jpg"
    assert html["A photograph saved as PNG."].read_bytes() == carried["A photograph saved as PNG."][2]
    assert_epubcheck_clean(built.epub)


def test_transparency_line_art_and_small_pictures_stay_png(pngs):
    built, sources = pngs
    carried = _carried(built)
    for alt, source in [("A photograph cut out, its corners transparent.", "images/cut-out.png"),
                        ("A plan in a few flat colours.", "images/plan.png"),
                        ("A small photograph.", "images/thumb.png")]:
        href, media_type, data = carried[alt]
        assert (href, media_type) == (f"media/{source}", "image/png")
        assert data == sources[source], alt  # byte for byte
    # 16 bits a channel is twice the bytes for what a screen shows at 8.
    href, media_type, data = carried["A flat-colour drawing at sixteen bits a channel."]
    assert (href, media_type) == ("media/images/drawing-16.png", "image/png")
    assert data[24] == 8 and _opened(data).getpixel((300, 200)) == (255, 255, 255)


def test_the_jpeg_copies_are_the_same_bytes_on_every_build(pngs, tmp_path):
    built, sources = pngs
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": PNGS})
    _write_images(root, sources)
    again = build_project(root, ("epub",))  # another folder, no cache
    assert again.epub.read_bytes() == built.epub.read_bytes()


MAPS = """\
# Maps

![A map engraved in black on white.](images/map.png)

![A map in black lines on no ground.](images/map-clear.png)
"""


def _engraved_map(width: int, height: int, ground: tuple) -> Image.Image:
    """A scanned map's two colours: rivers, roads and lettering in black lines on `ground`."""
    im = Image.new("RGBA", (width, height), ground)
    draw = ImageDraw.Draw(im)
    for k in range(120):  # thin strokes at every angle, as a map's hatching and lettering are
        x, y = (k * 397) % width, (k * 263) % height
        draw.line((x, y, x + 40 + k % 90, y + (k * 7) % 60 - 30), fill=(0, 0, 0, 255), width=3)
    draw.rectangle((20, 20, width - 20, height - 20), outline=(0, 0, 0, 255), width=8)
    return im


def _scaled_png(im: Image.Image, size: tuple[int, int]) -> bytes:
    return _png_bytes(im.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0))


def test_a_map_in_flat_colours_scaled_for_screens_keeps_a_palette(tmp_path):
    """Grant's maps, black on white at 4000 pixels, were carried at 2000 as RGBA of 2 MB each (the
    EPUB 65.6 MB): the scaling's grey edges made a palette's few colours many. A picture of flat
    colours is given a palette again once scaled, its edges kept smooth, its transparency kept."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": MAPS})
    maps = {"images/map.png": _engraved_map(3000, 2250, (255, 255, 255, 255)),
            "images/map-clear.png": _engraved_map(3000, 2250, (0, 0, 0, 0))}
    _write_images(root, {name: _png_bytes(im) for name, im in maps.items()})
    built = build_project(root, ("epub",))
    epub = Epub.open(built.epub)
    chapter_href = next(h for h in epub.docs if h.startswith("text/maps"))
    imgs = {img.get("alt"): img for img in epub.docs[chapter_href].iterfind(".//x:img", NS)}
    with zipfile.ZipFile(built.epub) as z:
        for alt, source in [("A map engraved in black on white.", "images/map.png"),
                            ("A map in black lines on no ground.", "images/map-clear.png")]:
            data = z.read(_normal(epub.folder / PurePosixPath(chapter_href).parent / imgs[alt].get("src")))
            copy = _opened(data)
            assert (copy.format, copy.mode, copy.size) == ("PNG", "P", (2000, 1500)), alt
            assert 2 < len(copy.getcolors(256)) <= 256  # the edges' shades kept, not stepped to black and white
            assert 3 * len(data) < len(_scaled_png(maps[source], (2000, 1500))), alt  # RGBA scaled: 3 times the bytes
            corner = copy.convert("RGBA").getpixel((5, 5))  # the ground: its own white, or clear
            assert corner[3] == 0 if "clear" in source else corner == (255, 255, 255, 255), alt
    assert "dark-on-transparent" in imgs["A map in black lines on no ground."].get("class", "")
    assert "dark-on-transparent" not in imgs["A map engraved in black on white."].get("class", "")
    assert_epubcheck_clean(built.epub)


def test_a_png_redrawn_as_line_art_is_carried_as_a_png_again(tmp_path):
    """The chapter's cached XHTML names the copy; when the picture changes under the same name
    from a photograph to a plan, the chapter points at the PNG, not at a JPEG no longer there."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": "# Plates\n\n![A picture.](images/pic.png)\n"})
    _write_images(root, {"images/pic.png": _png_bytes(_noisy_photo(800, 600))})
    first = _carried(build_project(root, ("epub", "html")))["A picture."]
    assert first[1] == "image/jpeg"
    plan = _png_bytes(_plan(800, 600))
    _write_images(root, {"images/pic.png": plan})
    built = build_project(root, ("epub", "html"))
    assert _carried(built)["A picture."] == ("media/images/pic.png", "image/png", plan)
    assert (built.html / _html_srcs(built.html / "plates.html")["A picture."]).read_bytes() == plan


def _html_srcs(page: Path) -> dict[str, str]:
    from lxml import html as lhtml

    return {img.get("alt"): img.get("src") for img in lhtml.fromstring(page.read_bytes()).iter("img")}


def test_a_16_bit_greyscale_png_prints_as_its_picture(tmp_path):
    """WeasyPrint 70 embedded a 16-bit greyscale PNG's pixels as 8-bit RGB: the page showed noise."""
    negative = _noisy_photo(600, 400, "L")
    wide = negative.convert("I").point(lambda v: v * 257).convert("I;16")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\n![A glass negative.](images/negative.png)\n"})
    _write_images(root, {"images/negative.png": _png_bytes(wide)})
    built = build_project(root, ("pdf",))
    with pikepdf.open(built.pdf) as pdf:
        [image] = [pikepdf.PdfImage(obj) for obj in pdf.objects
                   if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]
        printed = image.as_pil_image()
    assert (printed.mode, printed.size) == ("L", (600, 400))
    assert ImageChops.difference(printed, negative).getextrema()[1] <= 1


# --- the manuscript's own cover -----------------------------------------------------------------


@pytest.mark.parametrize("name, make, size", [
    ("cover.png", lambda: _png_bytes(_noisy_photo(1800, 2880)), (1600, 2560)),  # a photograph
    ("cover.jpg", lambda: _jpeg(_noisy_photo(1200, 1920).convert("CMYK")), (1200, 1920)),  # made for the press
])
def test_the_manuscripts_own_cover_is_made_a_picture_for_screens(tmp_path, name, make, size):
    """A cover.png or cover.jpg in manuscript/ was carried byte for byte: a press's 6 MB PNG
    doubled the EPUB, and a CMYK JPEG shows wrong colours in readers and browsers."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n"})
    cover = make()
    _write_images(root, {name: cover})
    built = build_project(root, ("epub", "html"))
    epub = Epub.open(built.epub)
    [item] = epub.opf.xpath("//opf:manifest/opf:item[@properties='cover-image']", namespaces=NS)
    assert (item.get("href"), item.get("media-type")) == ("images/cover.jpg", "image/jpeg")
    with zipfile.ZipFile(built.epub) as z:
        data = z.read(_normal(epub.folder / item.get("href")))
    copy = _opened(data)
    assert (copy.format, copy.mode, copy.size) == ("JPEG", "RGB", size)
    assert len(data) * 4 < len(cover) or name == "cover.jpg"
    assert (built.html / "assets" / "cover.jpg").read_bytes() == data
    assert_epubcheck_clean(built.epub)


def test_an_svgs_version_1_is_dropped_for_the_ebook(tmp_path):
    """South's diagrams (Standard Ebooks) declare <svg version="1">: epubcheck noted each of the 6
    (usage RSC-025, the value must be 1.0, 1.1 or 1.2). SVG 2 has no version: it goes."""
    from test_epub import epubcheck

    svg = (b'<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" version="1" '
           b'viewBox="0 0 80 30"><title>A floe.</title><path d="M0 0h80v30z"/></svg>\n')
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# Plates\n\n![A floe.](images/floe.svg)\n"})
    _write_images(root, {"images/floe.svg": svg})
    built = build_project(root, ("epub", "html"))
    carried = _carried(built)["A floe."][2]
    assert b'version="1"' not in carried and b'viewBox="0 0 80 30"' in carried and carried.startswith(b"<?xml version")
    assert (built.html / "media" / "images" / "floe.svg").read_bytes() == carried
    _, report = epubcheck(built.epub, usage=True)
    assert [m["ID"] for m in report["messages"] if m["ID"] != "CSS-028"] == []  # CSS-028: fonts are used


def test_a_square_cover_stays_within_apple_books_pixels(tmp_path):
    """A square cover of 2600 × 2600 was carried at 2560 × 2560, 6.6 million pixels: Apple Books
    refuses an EPUB with an image of more than 5.6 million. No more than the stores' 1600 × 2560."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n"})
    _write_images(root, {"cover.jpg": _jpeg(_noisy_photo(2600, 2600))})
    built = build_project(root, ("epub",))
    epub = Epub.open(built.epub)
    [item] = epub.opf.xpath("//opf:manifest/opf:item[@properties='cover-image']", namespaces=NS)
    with zipfile.ZipFile(built.epub) as z:
        copy = _opened(z.read(_normal(epub.folder / item.get("href"))))
    assert copy.size == (2023, 2023) and copy.width * copy.height <= 1600 * 2560


def test_a_cover_too_small_for_the_stores_is_said(tmp_path):
    """A 600 × 900 cover went into the EPUB in silence; Apple Books and Kobo refuse one of less
    than 1400 pixels on its shorter side."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n"})
    _write_images(root, {"cover.jpg": _jpeg(_noisy_photo(600, 900))})
    with recorded_warnings() as warnings:
        build_project(root, ("epub",))
    said = [w for w in warnings if "cover" in w]
    assert len(said) == 1 and "cover.jpg" in said[0] and "600 × 900" in said[0] and "1400" in said[0]


def test_a_cover_wider_than_tall_is_said(tmp_path):
    """A press gave the printer's whole cover (back, spine and front: wider than tall) as cover.jpg:
    the EPUB's cover, which stores and readers show upright as the book's front, was a strip of
    three panels, in silence."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n"})
    _write_images(root, {"cover.jpg": _jpeg(_noisy_photo(2400, 1800))})
    with recorded_warnings() as warnings:
        build_project(root, ("epub",))
    said = [w for w in warnings if "cover" in w]
    assert len(said) == 1 and "cover.jpg" in said[0] and "wider than tall" in said[0] and "front alone" in said[0]


def test_a_damaged_png_is_named_and_carried_as_it_is(tmp_path, monkeypatch):
    """Its header and checksums whole, its pixels not: looking at them for a photograph must not
    turn a build that carried it (as every edition did) into a crash."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    damaged = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 600, 400, 8, 2, 0, 0, 0))
               + chunk(b"IDAT", bytes(range(256)) * 20) + chunk(b"IEND", b""))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# Plates\n\n![A damaged scan.](images/scan.png)\n"})
    _write_images(root, {"images/scan.png": damaged})
    # As Pillow reads it alone; WeasyPrint, once imported, has it fill what it cannot read with black.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    with recorded_warnings() as warnings:
        built = build_project(root, ("epub",))
    assert _carried(built)["A damaged scan."] == ("media/images/scan.png", "image/png", damaged)
    assert any("scan.png is damaged" in message for message in warnings)


def test_a_book_with_pictures_prints_the_same_bytes_from_any_folder(tmp_path):
    """WeasyPrint names each picture in the PDF by a hash of its address: with the project's
    folder in that address, the same book built in two checkouts gave two PDFs."""
    built = []
    for folder in ("one", "elsewhere/two"):
        root = write_project(tmp_path / folder, MINIMAL_YAML, {"a.md": "# One\n\n![A photo.](images/photo.jpg)\n"})
        _write_images(root, {"images/photo.jpg": _photo(600, 400)})
        built.append(build_project(root, ("pdf",)).pdf.read_bytes())
    assert built[0] == built[1]


# --- each picture's width and height on screens ------------------------------------------------

SIZED = """\
# Plates

The harbour from the quay.

![The harbour, landscape.](images/landscape.jpg)

![A tower, portrait.](images/portrait.png)

![A photo from a camera.](images/large.jpg)

![A plan drawn in SVG.](images/plan.svg)

![A diagram as wide as the column.](images/diagram.svg)

The compass ![Compass](images/icon.png) points north.

![The harbour, half as wide.](images/landscape.jpg){width=50%}

![The harbour, three inches wide.](images/landscape.jpg){width=3in}
"""
PLAN_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 16 9">
<rect width="16" height="9" fill="#369"/></svg>"""
DIAGRAM_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">
<rect width="40" height="20" fill="#963"/></svg>"""
# alt → (width, height, style): the copy's pixels (2000 × 1333 for the 3000 × 2000 photo), an
# SVG's own size, or the author's size kept with the attributes giving only the shape.
SIZES = {
    "The harbour, landscape.": ("600", "400", None),
    "A tower, portrait.": ("240", "360", None),
    "A photo from a camera.": ("2000", "1333", None),
    "A plan drawn in SVG.": ("160", "90", None),
    "A diagram as wide as the column.": ("40", "20", "width:100%;height:auto"),
    "Compass": ("24", "24", None),
    "The harbour, half as wide.": ("600", "400", "width:50.0%;height:auto"),
    "The harbour, three inches wide.": ("288", "192", "width:3in"),
}


def _sized_sources(landscape: tuple[int, int] = (600, 400)) -> dict[str, bytes]:
    return {
        "images/landscape.jpg": _photo(*landscape),
        # Two flat colours: line art, carried as the PNG it is.
        "images/portrait.png": _png_bytes(_halves("RGB", (240, 360), (200, 60, 30), (30, 60, 200))),
        "images/large.jpg": _photo(3000, 2000),
        "images/plan.svg": PLAN_SVG,
        "images/diagram.svg": DIAGRAM_SVG,
        "images/icon.png": _png_bytes(_halves("RGBA", (24, 24), (0, 0, 0, 0), (20, 20, 20, 255))),
    }


@pytest.fixture(scope="module")
def sized(tmp_path_factory) -> Built:
    root = write_project(tmp_path_factory.mktemp("sized"), MINIMAL_YAML, {"text.md": SIZED})
    _write_images(root, _sized_sources())
    return build_project(root, ("epub", "html"))


def _web_sizes(page: Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    from lxml import html as lhtml

    return {img.get("alt"): (img.get("width"), img.get("height"), img.get("style"))
            for img in lhtml.fromstring(page.read_bytes()).iter("img")}


def _epub_sizes(epub_path: Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    epub = Epub.open(epub_path)
    chapter = epub.docs[next(h for h in epub.docs if h.startswith("text/plates"))]
    return {img.get("alt"): (img.get("width"), img.get("height"), img.get("style"))
            for img in chapter.iterfind(".//x:img", NS)}


def test_every_picture_on_the_web_has_its_copys_width_and_height(sized):
    assert _web_sizes(sized.html / "plates.html") == SIZES
    # The scaled photo's attributes are the size of the copy the site carries, not the original's.
    src = _html_srcs(sized.html / "plates.html")["A photo from a camera."]
    assert _opened((sized.html / src).read_bytes()).size == (2000, 1333)


def test_every_picture_in_the_epub_has_its_copys_width_and_height(sized):
    assert _epub_sizes(sized.epub) == SIZES
    assert _carried(sized)["A photo from a camera."][0] == "media/images/large.jpg"
    assert _opened(_carried(sized)["A photo from a camera."][2]).size == (2000, 1333)
    cover = Epub.open(sized.epub).docs["text/cover.xhtml"].find(".//x:img", NS)
    assert (cover.get("width"), cover.get("height")) != (None, None)
    assert_epubcheck_clean(sized.epub)


def test_the_stylesheets_keep_a_sized_picture_in_its_column_and_its_shape():
    """The attributes give a picture's shape only: without `height: auto` a picture narrowed to
    its column by `max-width` would keep the attribute's height, stretched."""
    for css in ("screen.css", "epub.css"):
        rule = re.search(r"(?m)^img \{([^}]*)\}", (REPO / "styles" / css).read_text()).group(1)
        assert "max-width: 100%" in rule and "height: auto" in rule, css


def test_the_pictures_web_pages_pass_the_nu_html_checker(sized):
    from test_html import _vnu_jar

    if not shutil.which("java"):
        pytest.skip("the Nu HTML Checker needs Java (apt-get install default-jre-headless)")
    done = subprocess.run(["java", "-jar", str(_vnu_jar()), "--skip-non-html", "--also-check-css", "--format", "json",
                           "--stdout", str(sized.html)], capture_output=True, text=True, timeout=600)
    report = json.loads(done.stdout)
    assert [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
            for m in report["messages"] if m["type"] != "info"] == []


def test_a_picture_keeps_its_place_while_it_loads_and_its_shape_in_a_phones_column(sized):
    """On a 390 px phone: each picture's box is the same before its file arrives (the page does not
    jump) as after, has the picture's shape and stays within the column."""
    from test_html import NO_CHROMIUM, _serve

    if not shutil.which("chromium"):
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' for Playwright")
    measure = """() => [...document.querySelectorAll('article img')].map(img => {
        const box = img.getBoundingClientRect(), column = img.closest('article').getBoundingClientRect();
        return [img.alt, box.left, box.right, box.width, box.height, column.left, column.right];
    })"""
    with sync_api.sync_playwright() as playwright, _serve(sized.html) as origin:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            held = []
            page.route("**/images/**", lambda route: held.append(route))  # the pictures' files held back
            page.goto(f"{origin}/plates.html", wait_until="domcontentloaded")
            # The stylesheet in (DOMContentLoaded may come before it): the boxes as a reader sees them.
            page.wait_for_function("[...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet)")
            page.evaluate("document.fonts.ready")
            before = page.evaluate(measure)
            for route in held:
                route.continue_()
            page.wait_for_function("[...document.images].every(img => img.complete && img.naturalWidth)")
            after = page.evaluate(measure)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert len(held) == 6 and len(after) == len(SIZES)
    # Each box the same size before its file came as after (a late web font may still move a
    # line's words, and an icon with them: not the picture's doing).
    assert [(alt, width, height) for alt, _, _, width, height, *_ in before] == \
        [(alt, width, height) for alt, _, _, width, height, *_ in after]
    for alt, left, right, width, height, column_left, column_right in after:
        shape = int(SIZES[alt][0]) / int(SIZES[alt][1])
        assert width / height == pytest.approx(shape, rel=0.02), alt
        assert column_left - 0.5 <= left and right <= column_right + 0.5, alt
    boxes = {alt: width for alt, _, _, width, *_ in after}
    assert boxes["Compass"] == 24  # an icon at its own size, not widened
    assert boxes["The harbour, half as wide."] == pytest.approx(boxes["A photo from a camera."] / 2, abs=1)
    assert scroll_width <= 390


def test_a_picture_redrawn_at_another_size_gets_its_new_size_from_the_caches(sized, tmp_path):
    """The chapter caches are keyed by the text; a picture replaced under the same name by one of
    another shape must not leave the old width and height in a cached chapter."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": SIZED})
    _write_images(root, _sized_sources())
    first = build_project(root, ("epub", "html"))
    assert first.epub.read_bytes() == sized.epub.read_bytes()  # the same bytes in another folder
    _write_images(root, _sized_sources(landscape=(400, 600)))
    second = build_project(root, ("epub", "html"))
    turned = {**SIZES, "The harbour, landscape.": ("400", "600", None),
              "The harbour, half as wide.": ("400", "600", "width:50.0%;height:auto"),
              "The harbour, three inches wide.": ("288", "432", "width:3in")}
    assert _web_sizes(second.html / "plates.html") == turned
    assert _epub_sizes(second.epub) == turned
    build_editions(root, root / "fresh", ("epub", "html"), force=True)  # the cache not read
    assert second.epub.read_bytes() == (root / "fresh" / second.epub.name).read_bytes()
    assert (second.html / "plates.html").read_bytes() == (root / "fresh" / "html" / "plates.html").read_bytes()


@pytest.mark.parametrize("given, wanted", [
    ({}, {"width": "2000", "height": "1333"}),
    ({"width": "300"}, {"width": "300", "height": "200"}),  # {width=300}: pandoc's attribute, the height derived
    ({"style": "height:2cm"}, {"width": "113", "height": "76", "style": "height:2cm"}),
    ({"width": "100%"}, {"width": "2000", "height": "1333", "style": "width:100%;height:auto"}),  # raw HTML
    ({"style": "vertical-align: middle"}, {"width": "2000", "height": "1333", "style": "vertical-align: middle"}),
    ({"width": "10", "style": "height:1in"}, {"width": "10", "style": "height:1in"}),  # both sides the author's
])
def test_an_authors_size_is_kept_and_the_attributes_agree_with_it(given, wanted):
    from publish.image_sizes import PictureSize, sized

    assert sized(given, PictureSize(2000, 1333)) == wanted
    assert sized(given, None) == given  # a picture of unknown size: left as it is


@pytest.mark.parametrize("svg, size", [
    ('width="10cm" height="5cm"', (378, 189, True)),
    ('width="120" viewBox="0 0 40 30"', (120, 90, True)),
    ('viewBox="0,0,1.5,1"', (1000, 667, False)),  # only a shape: shown as wide as the column
    ('width="100%" height="100%"', None),
])
def test_an_svgs_size_comes_from_its_width_height_or_viewbox(svg, size):
    from publish.image_sizes import picture_size

    found = picture_size(f'<svg xmlns="http://www.w3.org/2000/svg" {svg}/>'.encode(), "image/svg+xml")
    assert (found and (found.width, found.height, found.natural)) == size


SIGNATURE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40">
<path d="M5 30 C40 0 60 40 90 10 S150 40 195 12" stroke-width="3"/></svg>"""
# A plan drawn on a white sheet of its own: dark lines, but on a ground.
SHEET_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">
<rect width="40" height="20" fill="#fff"/><path d="M2 2 L38 18" stroke="#000"/></svg>"""
INKED = """\
# Letters

Signed at the foot.

![The signature.](images/signature.svg)

![A seal in ink.](images/ink.png)

![A green flag.](images/flag.png)

![A plan on its sheet.](images/sheet.svg)

![The harbour.](images/harbour.jpg)
"""
DARK_LINES = {"The signature.", "A seal in ink."}


def _inked_book(root: Path) -> Built:
    write_project(root, MINIMAL_YAML, {"text.md": INKED})
    _write_images(root, {
        "images/signature.svg": SIGNATURE_SVG,
        "images/ink.png": _png_bytes(_halves("RGBA", (300, 120), (0, 0, 0, 0), (25, 20, 30, 255))),
        "images/flag.png": _png_bytes(_halves("RGBA", (300, 120), (0, 0, 0, 0), (20, 160, 40, 255))),
        "images/sheet.svg": SHEET_SVG,
        "images/harbour.jpg": _photo(300, 200),
    })
    return build_project(root, ("epub", "html"))


def test_a_picture_in_dark_lines_on_no_ground_is_marked_in_the_epub_and_on_the_web(tmp_path):
    """A signature or a drawing in ink with no ground of its own vanished on a dark screen (Leaves of
    Grass's signature, black on the web edition's dark page and in a night mode): it is marked to be
    drawn light there; a picture in colours, on a sheet of its own, or a photograph is not."""
    from lxml import html as lhtml

    built = _inked_book(tmp_path)
    page = lhtml.fromstring((built.html / "letters.html").read_bytes())
    web = {img.get("alt"): img.get("class", "").split() for img in page.iter("img")}
    epub = Epub.open(built.epub)
    chapter = epub.docs[next(h for h in epub.docs if h.startswith("text/letters"))]
    ebook = {img.get("alt"): img.get("class", "").split() for img in chapter.iterfind(".//x:img", NS)}
    for marked in (web, ebook):
        assert {alt for alt, classes in marked.items() if "dark-on-transparent" in classes} == DARK_LINES
        assert len(marked) == 5
    assert_epubcheck_clean(built.epub)


def test_a_picture_in_dark_lines_is_drawn_light_on_a_dark_screen_and_as_drawn_in_print(tmp_path):
    from test_html import NO_CHROMIUM

    if not shutil.which("chromium"):
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' for Playwright")
    built = _inked_book(tmp_path)
    unzipped = tmp_path / "epub"
    with zipfile.ZipFile(built.epub) as z:
        z.extractall(unzipped)
    chapter = next((unzipped / "EPUB" / "text").glob("letters*.xhtml"))
    filters = "() => Object.fromEntries([...document.images].map(i => [i.alt, getComputedStyle(i).filter]))"
    seen = {}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            for edition, path in (("web", built.html / "letters.html"), ("epub", chapter)):
                page = browser.new_page(color_scheme="dark")
                page.goto(path.as_uri())
                seen[edition, "dark"] = page.evaluate(filters)
                page.emulate_media(media="print")
                seen[edition, "print"] = page.evaluate(filters)
                page.emulate_media(media="screen", color_scheme="light")
                seen[edition, "light"] = page.evaluate(filters)
                page.close()
        finally:
            browser.close()
    for edition in ("web", "epub"):
        assert {alt for alt, f in seen[edition, "dark"].items() if "invert" in f} == DARK_LINES, edition
        assert set(seen[edition, "print"].values()) == set(seen[edition, "light"].values()) == {"none"}, edition


def test_a_rebuild_does_not_read_a_drawings_pixels_again(tmp_path, monkeypatch):
    """Whether a picture is dark lines on a transparent ground is kept in the cache: a book of
    many drawings does not have each decoded again on every build."""
    from publish import image_copies

    _inked_book(tmp_path)
    (tmp_path / "manuscript" / "text.md").write_text(INKED.replace("Signed at the foot.", "Signed below."))

    def no_reading(*args):
        raise AssertionError("read again")

    monkeypatch.setattr(image_copies, "dark_on_transparent", no_reading)
    built = build_project(tmp_path, ("epub", "html"))
    from lxml import html as lhtml

    page = lhtml.fromstring((built.html / "letters.html").read_bytes())
    assert {img.get("alt") for img in page.iter("img") if "dark-on-transparent" in img.get("class", "")} == DARK_LINES


def test_a_picture_named_with_other_capitals_names_the_file_that_is_there(tmp_path):
    """'![](images/map.png)' over a file 'images/Map.PNG', as a Windows or Mac disk finds it: the
    error said only 'does not exist … check the spelling and the folder'."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\n![The map](images/maps/map.png)\n"})
    (root / "manuscript" / "images" / "Maps").mkdir(parents=True)
    Image.new("RGB", (40, 30), "white").save(root / "manuscript" / "images" / "Maps" / "Map.PNG")
    with pytest.raises(PublishError) as caught:
        build_editions(root, formats=("html",))
    message = str(caught.value)
    assert "a.md:3: image 'images/maps/map.png' does not exist" in message
    assert "the file is 'images/Maps/Map.PNG': names differ by capitals here" in message


def test_a_picture_written_without_its_folder_names_where_the_file_is(tmp_path):
    """'![](map.png)' for images/map.png, and a second picture missing in the same build: the
    others after the first were named with no word of where their files were."""
    text = "# One\n\n![Plan](images/plan.png)\n\n![The map](map.png)\n\n![Gone](gone.png)\n"
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    (root / "manuscript" / "images").mkdir()
    Image.new("RGB", (40, 30), "white").save(root / "manuscript" / "images" / "map.png")
    with pytest.raises(PublishError) as caught:
        build_editions(root, formats=("html",))
    message = str(caught.value)
    assert "a.md:5: image 'map.png' does not exist (a file of that name is at 'images/map.png')" in message
    assert "a.md:7: image 'gone.png' does not exist\n" in message  # nothing found: nothing said
    assert "image 'images/plan.png' does not exist" in message and "plan.png' does not exist (" not in message
