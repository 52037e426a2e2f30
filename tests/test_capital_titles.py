"""A chapter title in capitals alone (a plain-text book's "CHAPTER I – M. MYRIEL") is letterspaced
in every edition, as capitals set together should be; a title in capitals and small letters is not."""

from __future__ import annotations

import shutil
import zipfile

import pypdfium2 as pdfium
from lxml import etree
from lxml import html as lhtml

from conftest import REPO, build_project, write_project

PARAGRAPH = "The bishop's house stood by the hospital, and the poor came to its door each day. " * 6
TEXT = f"# CHAPTER I – M. MYRIEL\n\n{PARAGRAPH}\n\n# Chapter II – M. Myriel Becomes M. Welcome\n\n{PARAGRAPH}\n"
YAML = """\
    title: Les Misérables
    language: en
    series: {name: Classics, number: 1, total: 4}
    """


def _title_width(pdf) -> float:
    """From the first letter of "CHAPTER I – M. MYRIEL" to its last, in the PDF."""
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        index, count = text.search("CHAPTER I", match_case=True).get_next() or (None, 0)
        if index is not None and "bishop" in text.get_text_range():
            end = text.get_text_range().index("MYRIEL") + len("MYRIEL") - 1
            return text.get_charbox(end)[2] - text.get_charbox(index)[0]
    raise AssertionError("title not found")


def test_a_title_in_capitals_is_letterspaced_in_every_edition(tmp_path):
    book = build_project(write_project(tmp_path / "a", YAML, {"text.md": TEXT}))
    pages = [lhtml.fromstring(p.read_bytes()) for p in sorted(book.html.glob("chapter-*.html"))]
    assert [page.xpath("string(//article/@class)") for page in pages] == ["chapter capitals", "chapter"]
    with zipfile.ZipFile(book.epub) as z:
        names = sorted(n for n in z.namelist() if n.startswith("EPUB/text/chapter-"))
        sections = [etree.fromstring(z.read(n)).xpath("//*[local-name()='section']")[0] for n in names]
    assert [s.get("class") for s in sections] == ["capitals", None]
    # Print: the same title is wider than without the rule.
    plain = write_project(tmp_path / "b", YAML, {"text.md": TEXT})
    shutil.copytree(REPO / "styles", plain / "styles")
    css = plain / "styles" / "print.css"
    css.write_text(css.read_text(encoding="utf-8").replace(
        ".chapter.capitals .chapter-title { letter-spacing: 0.05em; }", ""), encoding="utf-8")
    spaced, unspaced = _title_width(book.pdf), _title_width(build_project(plain, ("pdf",)).pdf)
    assert spaced > unspaced * 1.03
