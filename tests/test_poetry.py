"""Books of poems as a poetry editor reads them: their structure on import, their contents,
their lines on the page and on screen."""

from __future__ import annotations

from publish.importer import import_text
from test_import_formats import _epub


def _headings(into) -> list[str]:
    return [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]


def test_a_section_every_book_opens_with_is_no_books_title(tmp_path):
    """Standard Ebooks' Paradise Lost opens each of its twelve books with its argument in a
    section headed "The Argument", then the verse: the argument's heading, the only one under
    "Book I", was taken for the book's title, and the contents read "Book I. The Argument" twelve
    times over, the verse filed under the argument. A heading found under every book is a
    section each has, not a title; a title under one label alone is still joined."""
    def book(n: str, title: str) -> str:
        return (f'<section id="book-{n}" epub:type="chapter"><h2><span epub:type="se:label">Book</span> '
                f'<span epub:type="z3998:roman">{n}</span></h2><section id="argument-{n}" epub:type="preamble">'
                f'<header><p>{title}</p></header><p>This book proposes, first in brief, the whole subject, '
                f'and the loss thereupon.</p></section><section id="poem-{n}" epub:type="z3998:poem"><p>'
                '<span>Of Man’s first disobedience, and the fruit</span><br/><span>Of that forbidden Tree, '
                'whose mortal taste</span><br/><span>Brought death into the world, and all our woe,</span></p>'
                '</section></section>')
    source = _epub(tmp_path / "lost.epub", "<dc:title>Paradise Lost</dc:title>",
                   book("I", "The Argument"), book("II", "The Argument"), book("III", "The Argument"))
    into = tmp_path / "book" / "manuscript"
    import_text(source, into, language="en")
    headings = _headings(into)
    assert [h for h in headings if h.startswith("## ")] == ["## [Book]{.se:label} [I]{.z3998:roman}",
                                                            "## [Book]{.se:label} [II]{.z3998:roman}",
                                                            "## [Book]{.se:label} [III]{.z3998:roman}"]
    assert [h.split(" {")[0] for h in headings].count("### The Argument") == 3
