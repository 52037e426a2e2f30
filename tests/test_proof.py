"""`publish proof`: contact sheets of the print edition in spreads, checked on the PNG pixels."""

from __future__ import annotations

import os

import pypdf
import pytest
from PIL import Image

from conftest import EPOCH, write_project
from publish.cli import main
from publish.errors import PublishError
from publish.proof import BACKGROUND, THUMB_HEIGHT, layout, spreads

YAML = """\
title: Proof Sheet
language: en
series:
  name: Test Series
  number: 2
  total: 5
"""
TEXT = "The courier crossed the river before the winter and reached the harbour at night. " * 40


@pytest.fixture(scope="module")
def proofed(tmp_path_factory):
    files = {f"{n}.md": f"# Chapter {n}\n\n" + "\n\n".join([TEXT] * 3) for n in (1, 2, 3)}
    root = write_project(tmp_path_factory.mktemp("proof"), YAML, files)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    assert main(["-q", "build", str(root), "--format", "pdf", "--print"]) == 0
    assert main(["-q", "proof", str(root)]) == 0
    return root / "build"


@pytest.mark.parametrize(
    "count,expected",
    [
        (1, [(None, 0)]),
        (2, [(None, 0), (1, None)]),
        (5, [(None, 0), (1, 2), (3, 4)]),
        (6, [(None, 0), (1, 2), (3, 4), (5, None)]),
        (0, []),
    ],
)
def test_spreads_put_page_one_alone_on_the_right(count, expected):
    assert spreads(count) == expected


def test_every_page_appears_once_versos_left_rectos_right():
    sheet = layout(spreads(9), 100)
    assert sorted(i for i, _, _ in sheet.slots) == list(range(9))
    by_page = {i: (x, y) for i, x, y in sheet.slots}
    for verso in (1, 3, 5, 7):
        x, y = by_page[verso]
        assert by_page[verso + 1] == (x + 100, y)  # the facing recto sits right beside it


def test_contact_sheet_shows_every_page_in_spreads(proofed):
    pdf = proofed / "proof-sheet.pdf"
    pages = len(pypdf.PdfReader(pdf).pages)
    sheets = sorted((proofed / "proof").glob("proof-sheet-pages-*.png"))
    assert len(sheets) == 1
    image = Image.open(sheets[0]).convert("RGB")
    reader = pypdf.PdfReader(pdf)
    trim = reader.pages[0].trimbox
    page_width = round(float(trim.width) * THUMB_HEIGHT / float(trim.height))
    sheet = layout(spreads(pages), page_width)
    assert image.size == (sheet.width, sheet.height)
    by_page = {i: (x, y) for i, x, y in sheet.slots}
    # Page 1 stands alone on the right: where its verso would be, the sheet's grey shows.
    x, y = by_page[0]
    assert image.getpixel((x - page_width // 2, y + THUMB_HEIGHT // 2)) == BACKGROUND
    for index, (x, y) in by_page.items():
        # Inside each thumbnail a margin of white paper: the trim box, not the bleed or marks.
        assert image.getpixel((x + 5, y + 5)) == (255, 255, 255), index


def test_cover_proof_has_trim_and_spine_guides(proofed):
    cover = Image.open(proofed / "proof" / "proof-sheet-cover.png").convert("RGB")
    cyan = dict((colour, n) for n, colour in cover.getcolors(1 << 24)).get((0, 200, 255), 0)
    assert cyan > 2 * cover.height  # the trim's two sides and the two folds


def test_proof_without_a_build_is_a_clear_error(tmp_path):
    root = write_project(tmp_path, YAML, {"1.md": "# One\n\nText.\n"})
    with pytest.raises(PublishError) as error:
        from publish.proof import proof

        proof(root)
    assert "publish build" in (error.value.diagnostic.hint or "")
    assert main(["proof", str(root)]) == 2
