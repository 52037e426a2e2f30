"""A list of illustrations prints each picture's page (picture_lists.py); the EPUB leads to it."""

from __future__ import annotations

import re
import zipfile

import pypdf
from PIL import Image, ImageDraw

from conftest import MINIMAL_YAML, build_project, write_project

WORDS = "The legions kept the frontier along the rivers for three centuries. " * 40
TEXT = (
    "# The Frontier\n\n" + (WORDS + "\n\n") * 3
    + "![The Rhine frontier.](images/map-1.png){#map-1}\n\n" + (WORDS + "\n\n") * 6
    + "![The Danube frontier.](images/map-2.png){#map-2}\n\n" + (WORDS + "\n\n") * 6
    + "![Britain and the Wall.](images/map-3.png){#map-3}\n\n" + WORDS + "\n\n"
    + "# List of Illustrations {.backmatter}\n\n"
    + "1. [The Rhine frontier](#map-1)\n2. [The Danube frontier](#map-2)\n3. [Britain and the Wall](#map-3)\n\n"
    + "# Further Reading {.backmatter}\n\n"
    + "- [The frontier](#the-frontier)\n- [The list](#list-of-illustrations)\n"
)


def _map() -> Image.Image:
    im = Image.new("RGB", (1200, 800), "white")
    draw = ImageDraw.Draw(im)
    draw.rectangle((40, 40, 1160, 760), outline="black", width=6)
    return im


def test_a_list_of_illustrations_prints_the_pages_of_its_pictures(tmp_path):
    """Standard Ebooks' List of Illustrations (Gibbon's four maps, `[Map of …](#illustration-1)`)
    printed its titles without a page: in print each entry ends in its picture's page after a
    dotted leader; a list of links to other places gets none, and the EPUB keeps the links alone."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": TEXT})
    (root / "manuscript" / "images").mkdir()
    for n in (1, 2, 3):
        _map().save(root / "manuscript" / "images" / f"map-{n}.png")
    built = build_project(root, ("pdf", "epub"))
    reader = pypdf.PdfReader(built.pdf)
    texts = [page.extract_text() for page in reader.pages]
    folios = {caption: reader.page_labels[i] for caption in ("The Rhine frontier.", "The Danube frontier.",
                                                             "Britain and the Wall.")
              for i, text in enumerate(texts) if caption in text}
    assert len(set(folios.values())) == 3  # three pages apart
    listed = next(t for t in texts if "List of Illustrations" in t and "Rhine" in t)
    for title, caption in [("The Rhine frontier", "The Rhine frontier."), ("The Danube frontier",
                           "The Danube frontier."), ("Britain and the Wall", "Britain and the Wall.")]:
        assert re.search(rf"{title}[ .]*?\.{{3,}}[ .]*{folios[caption]}\b", listed), (title, listed)
    reading = [t for t in texts if "Further Reading" in t][-1]  # its page, not the contents
    assert "..." not in reading and not re.search(r"frontier\s*\d", reading)
    with zipfile.ZipFile(built.epub) as z:
        epub_list = z.read("EPUB/text/list-of-illustrations.xhtml").decode()
    assert "page-of" not in epub_list and "picture-page" not in epub_list
