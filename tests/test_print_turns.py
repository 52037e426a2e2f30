"""A map much wider than tall is turned a quarter on a page of its own in print (print_turns.py),
the text running on round it; the EPUB keeps it upright."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from PIL import Image

from conftest import EPOCH, MINIMAL_YAML, REPO, write_project
from publish.build import build

MARCH = "The army marched along the river for many days, and the country was wide and empty. " * 6


def _project(root: Path, size: tuple[int, int], attributes: str = "") -> Path:
    text = ("# The Campaign\n\n" + (MARCH + "\n\n") * 3 + f"![The march to the hills.](images/map.png){attributes}\n\n"
            + (MARCH + "\n\n") * 12)
    write_project(root, MINIMAL_YAML, {"01.md": text})
    (root / "manuscript" / "images").mkdir()
    Image.new("RGB", size, (200, 190, 170)).save(root / "manuscript" / "images" / "map.png")
    shutil.copytree(REPO / "styles", root / "styles")
    build(root, root / "build", ("pdf", "epub"), jobs=1)
    return root


def _picture(doc: pdfium.PdfDocument) -> tuple[int, tuple[float, ...], tuple[float, ...]]:
    """The page of the one picture, its matrix (a, b, c, d, e, f) and bounds (left, bottom, right, top)."""
    for index, page in enumerate(doc):
        for obj in page.get_objects(max_depth=5):
            if obj.type == pdfium_raw.FPDF_PAGEOBJ_IMAGE:
                return index, obj.get_matrix().get(), obj.get_bounds()
    raise AssertionError("no picture in the PDF")


def _lines(page) -> list[str]:
    return [line.strip() for line in page.get_textpage().get_text_range().splitlines() if line.strip()]


def _text_foot(page) -> float:
    """How high over the page's foot its text's lowest character stands, the folio left out."""
    text = page.get_textpage()
    boxes = [text.get_charbox(i) for i in range(text.count_chars()) if not text.get_text_range(i, 1).isdigit()]
    return min(bottom for _, bottom, _, _ in boxes if bottom > 0)


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_a_wide_map_is_turned_on_a_page_of_its_own_the_text_running_on_round_it(tmp_path):
    root = _project(tmp_path / "book", (2400, 1000))
    doc = pdfium.PdfDocument(next((root / "build").glob("*.pdf")).read_bytes())
    index, (a, b, c, d, _, _), (left, bottom, right, top) = _picture(doc)
    # Turned a quarter to the left: its width runs up the page, its top toward the page's left.
    assert abs(a) < 0.01 and abs(d) < 0.01 and b > 0 and c < 0
    # Along the text block's height (6.95 in at the default trim), where upright it had 4.15 in.
    assert top - bottom > 6.8 * 72 and right - left < 4.2 * 72
    assert not any("army" in line for line in _lines(doc[index]))  # no text but its caption
    # The page before is full to its foot, and its last sentence runs on over the map.
    assert _text_foot(doc[index - 1]) < 0.8 * 72 + 6  # its last line on the text block's foot
    last, first = _lines(doc[index - 1])[-3], _lines(doc[index + 1])[0]  # the running head and folio after the text
    assert last == "country was wide and empty. The army marched along the"
    assert first.startswith("river for many days")
    # The EPUB keeps it upright: nothing of print's turning there.
    with zipfile.ZipFile(next((root / "build").glob("*.epub"))) as epub:
        chapters = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert "turned" not in chapters


def test_a_picture_not_so_wide_or_told_upright_stays_upright(tmp_path):
    for name, size, attributes in (("photo", (1500, 1000), ""), ("kept", (2400, 1000), "{.upright}")):
        root = _project(tmp_path / name, size, attributes)
        doc = pdfium.PdfDocument(next((root / "build").glob("*.pdf")).read_bytes())
        _, (a, b, c, d, _, _), (left, _, right, _) = _picture(doc)
        assert a > 0 and d > 0 and abs(b) < 0.01 and abs(c) < 0.01, name
        assert right - left <= 4.2 * 72, name


def test_a_table_too_wide_for_its_type_is_turned_when_it_fits_on_a_page_so(tmp_path):
    # Twenty forts by year: upright it would be set in 5 pt, under 60% of a table's 9 pt; turned, the
    # page's height is its measure, and it keeps print.css's type. The text runs on round its page.
    forts = 21
    table = "\n".join(["| Year | " + " | ".join(f"Fort {i}" for i in range(1, forts)) + " |", "|" + "---|" * forts]
                      + ["| " + str(1800 + r) + " | " + " | ".join(f"{(r * 37 + i * 11) % 900 + 100:,}"
                                                               for i in range(1, forts)) + " |" for r in range(8)])
    text = ("# The Garrisons\n\n" + (MARCH + "\n\n") * 3 + table + "\n\nTable: The garrisons of the twenty forts.\n\n"
            + (MARCH + "\n\n") * 12)
    root = write_project(tmp_path / "book", MINIMAL_YAML, {"01.md": text})
    shutil.copytree(REPO / "styles", root / "styles")
    build(root, root / "build", ("pdf",), jobs=1)
    doc = pdfium.PdfDocument(next((root / "build").glob("*.pdf")).read_bytes())
    index = next(i for i, p in enumerate(doc) if "twenty forts" in p.get_textpage().get_text_range())
    page = doc[index].get_textpage()
    content = page.get_text_range()
    turned = pdfium_raw.FPDFText_GetCharAngle(page.raw, content.index("The garrisons of the twenty"))
    assert abs(turned - 3 * 3.14159 / 2) < 0.01  # a quarter turn: read from the page's foot up
    assert all(f"{(r * 37 + 20 * 11) % 900 + 100:,}" in content for r in range(8))  # the last column whole
    assert "army" not in content  # a page of its own
    assert _text_foot(doc[index - 1]) < 0.8 * 72 + 6  # the page before full to its foot
