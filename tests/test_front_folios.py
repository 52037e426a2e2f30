"""A foreword and a preface (`{.frontmatter}`) printed as front matter: roman folios counted on
from the half title's i, folio 1 at the text's first chapter, the contents giving each its roman
page, the PDF's page labels the same, and the book typeset in parts equal to the single pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import MINIMAL_YAML, build_project, write_project
from test_pdf_parallel import Read, assert_contents_links_land_on_chapters, assert_same_book, build_pdf

WORDS = "The committee met again in the long room over the harbour and talked until the lamps were lit. "


def _chapter(title: str, paragraphs: int, classes: str = "", note: str = "") -> str:
    heading = f"# {title} {{{classes}}}" if classes else f"# {title}"
    body = "\n\n".join(f"{title} paragraph {n}. " + WORDS * 6 for n in range(paragraphs))
    noted = f" Noted.[^{note}]\n\n[^{note}]: The note of the {title.lower()}.\n" if note else "\n"
    return f"{heading}\n\n{body}{noted}"


def _project(root: Path) -> Path:
    text = "\n".join([
        _chapter("Foreword", 3, ".frontmatter"),
        _chapter("Preface", 7, ".frontmatter", note="p"),
        _chapter("The First Chapter", 4, note="c"),
        _chapter("The Second Chapter", 3),
    ])
    return write_project(root, MINIMAL_YAML + "files: [text.md]\n", {"text.md": text})


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> tuple[Read, Read]:
    root = _project(tmp_path_factory.mktemp("front-folios"))
    return Read(build_pdf(root, parts=True)), Read(build_pdf(root, parts=False))


def _opening(book: Read, title: str) -> int:
    return dict(book.outline)[title]


def test_a_preface_has_roman_folios_and_the_text_opens_at_1(books):
    parts, whole = books
    for book in (parts, whole):
        foreword, preface, first = (_opening(book, t) for t in ("Foreword", "Preface", "The First Chapter"))
        assert foreword % 2 == 0 and preface % 2 == 0 and first % 2 == 0  # each on a recto
        assert book.labels[:foreword + 1] == ["i", "ii", "iii", "iv", "v", "vi", "vii"][:foreword + 1]
        assert book.labels[preface + 1] == book.folios[preface + 1] != ""  # a roman folio printed on its page
        assert book.folios[preface] == book.labels[preface] == "ix"
        assert book.labels[first] == book.folios[first] == "1"
        assert all(label.isdigit() for label in book.labels[first:])
        contents = " ".join(book.words[_opening(book, "Contents")])
        assert contents.split("Preface")[1].split()[1] == "ix"
        assert contents.split("Foreword")[1].split()[1] == book.labels[foreword]
        assert contents.split("The First Chapter")[1].split()[1] == "1"
        assert_contents_links_land_on_chapters(book)


def test_a_preface_in_parts_equals_the_single_pass(books):
    parts, whole = books
    assert_same_book(parts, whole)


def test_notes_number_on_from_the_preface_into_the_text(books):
    parts, whole = books
    for book in (parts, whole):
        text = " ".join(" ".join(words) for words in book.words)
        assert re.search(r"\b1\.? The note of the preface\.", text)
        assert re.search(r"\b2\.? The note of the the first chapter\.", text)


def test_the_epubs_page_list_gives_a_prefaces_roman_pages(tmp_path):
    """The EPUB's page list skipped every page in roman folios (the title pages, the contents):
    a preface's pages, printed in roman, are marked where they begin, before page 1."""
    import zipfile

    built = build_project(_project(tmp_path), ("pdf", "epub"))
    with zipfile.ZipFile(built.epub) as epub:
        texts = {name: epub.read(name).decode() for name in epub.namelist() if name.endswith(".xhtml")}
    preface = next(text for name, text in texts.items() if name.endswith("preface.xhtml"))
    marks = re.findall(r'epub:type="pagebreak"[^>]*aria-label="([^"]+)"', preface)
    marks += re.findall(r'aria-label="([^"]+)"[^>]*epub:type="pagebreak"', preface)
    assert "ix" in marks and "x" in marks
    contents = next(text for name, text in texts.items() if name.endswith("contents.xhtml") or "page-list" in text)
    listed = re.findall(r'href="[^"]*#page-([0-9ivx]+)"', contents)
    assert listed.index("ix") < listed.index("1")


def test_a_preface_with_chapters_on_any_page_and_notes_by_chapter_in_parts_equals_the_single_pass(tmp_path):
    """`chapter_start: any` and `note_numbers: chapter`: the preface still opens on a recto and
    folio 1 too, the text's chapters on the next page; each chapter's notes from 1, the preface's too."""
    root = _project(tmp_path)
    yaml = root / "manuscript" / "book.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "note_numbers: chapter\nprint:\n  chapter_start: any\n",
                    encoding="utf-8")
    parts, whole = Read(build_pdf(root, parts=True)), Read(build_pdf(root, parts=False))
    assert_same_book(parts, whole)
    assert parts.lefts == whole.lefts
    assert _opening(whole, "Preface") % 2 == 0 and whole.labels[_opening(whole, "The First Chapter")] == "1"
    text = " ".join(" ".join(words) for words in whole.words)
    assert re.search(r"\b1\.? The note of the preface\.", text)
    assert re.search(r"\b1\.? The note of the the first chapter\.", text)
