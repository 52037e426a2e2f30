"""Citations formatted from a bibliography (book.yaml `bibliography:`, `csl:`) by pandoc's
citation processor: in the text, in notes and in the reference list of every edition."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pypdf
import pypdfium2 as pdfium
import pytest

from conftest import MINIMAL_YAML, build_project, recorded_warnings, write_project
from publish.build import build
from publish.editions.xhtml import EPUB_TYPE
from publish.errors import PublishError
from publish.manifest import up_to_date
from publish.manuscript import load_book
from test_epub import Epub, assert_epubcheck_clean

REFS = """\
@book{clark1876,
  author = {Clark, John},
  title = {A History of the Telegraph},
  publisher = {Smith \\& Elder},
  address = {London},
  year = {1876}
}
@article{ivanov1950,
  author = {Ivanov, Ivan and Petrov, Pyotr},
  title = {On Intelligence},
  journal = {Voprosy istorii},
  volume = {3},
  pages = {12--30},
  year = {1950}
}
"""
TEXT = {
    "1.md": "# The Wire\n\nAs Clark said [@clark1876, p. 3], the wire changed all.\n",
    "2.md": "# The Cable\n\nThen @ivanov1950 [p. 14] and a note.^[See [@clark1876, 9].]\n",
}
# A note style of our own (CSL 1.0): "John Clark, A History of the Telegraph, 3." in a footnote.
NOTE_STYLE = """\
<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Test notes</title><id>test-notes</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout suffix="." delimiter="; ">
      <group delimiter=", ">
        <names variable="author"><name/></names>
        <text variable="title" font-style="italic" text-case="title"/>
        <text variable="locator"/>
      </group>
    </layout>
  </citation>
  <bibliography>
    <sort><key variable="author"/></sort>
    <layout suffix=".">
      <group delimiter=". ">
        <names variable="author"><name name-as-sort-order="all"/></names>
        <text variable="title" font-style="italic" text-case="title"/>
        <date variable="issued"><date-part name="year"/></date>
      </group>
    </layout>
  </bibliography>
</style>
"""


def cited_project(root: Path, yaml_extra: str = "bibliography: refs.bib\n", files: dict | None = None,
                  refs: str = REFS, yaml: str = MINIMAL_YAML) -> Path:
    write_project(root, yaml + yaml_extra, files or TEXT)
    (root / "manuscript" / "refs.bib").write_text(refs, encoding="utf-8")
    return root


def pdf_pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    return [" ".join(pdf[i].get_textpage().get_text_range().replace("\xa0", " ").split()) for i in range(len(pdf))]


def html_page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text_of(element) -> str:
    return " ".join(element.text_content().replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def cited(tmp_path_factory):
    root = cited_project(tmp_path_factory.mktemp("cited"))
    with recorded_warnings() as warnings:
        built = build_project(root)
    return built, warnings


def test_citations_are_formatted_with_the_list_in_a_last_chapter_of_the_pdf(cited):
    built, warnings = cited
    pages = pdf_pages(built.pdf)
    wire = next(p for p in pages if p.startswith("The Wire"))
    assert "As Clark said (Clark 1876, 3), the wire changed all." in wire
    cable = next(p for p in pages if p.startswith("The Cable"))
    assert "Then Ivanov and Petrov (1950, 14)" in cable and "See (Clark 1876, 9)." in cable  # in the footnote
    listing = next(p for p in pages if p.startswith("Bibliography"))
    assert "Clark, John. 1876. A History of the Telegraph. Smith & Elder." in listing
    assert "Ivanov, Ivan, and Pyotr Petrov. 1950. “On Intelligence.” Voprosy Istorii 3: 12–30." in listing
    assert not any("@clark1876" in p or "@ivanov1950" in p for p in pages)
    assert "Bibliography" in next(p for p in pages if p.lower().startswith("contents"))
    assert not [w for w in warnings if "citation" in w], warnings
    # Each citation links to its entry, on the list's page.
    reader = pypdf.PdfReader(built.pdf)
    listed_on = pages.index(listing)
    assert reader.get_destination_page_number(reader.named_destinations["ref-clark1876"]) == listed_on
    links = [annot.get_object().get("/Dest") for page in reader.pages for annot in page.get("/Annots") or []]
    assert links.count("ref-clark1876") == 2 and links.count("ref-ivanov1950") == 1


def test_citations_are_formatted_and_linked_in_the_epub(cited):
    built, _ = cited
    epub = Epub.open(built.epub)
    spine = epub.spine()
    assert spine.index("text/bibliography.xhtml") == spine.index("text/the-cable.xhtml") + 1
    wire = epub.docs["text/the-wire.xhtml"]
    link = wire.xpath("//*[local-name()='a'][@role='doc-biblioref']")[0]
    assert link.get("href") == "bibliography.xhtml#ref-clark1876"
    assert "(Clark 1876, 3)" in "".join(wire.xpath("//*[local-name()='p']//text()"))
    listing = epub.docs["text/bibliography.xhtml"]
    assert listing.xpath("//*[local-name()='h1']/text()") == ["Bibliography"]
    entries = listing.xpath("//*[@id='refs']/*[contains(@class, 'csl-entry')]/@id")
    assert entries == ["ref-clark1876", "ref-ivanov1950"]
    nav = etree_text(epub.nav())
    assert "Bibliography" in nav
    # The list's chapter is the book's bibliography: so marked, and a landmark a reading system offers.
    (section,) = listing.xpath("//*[local-name()='section']")
    assert (section.get(EPUB_TYPE), section.get("role")) == ("bibliography", "doc-bibliography")
    assert ("text/bibliography.xhtml", "Bibliography", "bibliography") in epub.nav_links("landmarks")
    assert wire.xpath("//*[local-name()='section']")[0].get(EPUB_TYPE) == "chapter"
    assert_epubcheck_clean(built.epub)


def test_a_chapter_with_more_than_the_list_is_no_bibliography_in_the_epub(tmp_path):
    files = {"1.md": "# Last\n\nSee [@clark1876].\n\nA long discussion.\n\nMore of it.\n\n::: {#refs}\n:::\n"}
    built = build_project(cited_project(tmp_path, files=files), ("epub",))
    epub = Epub.open(built.epub)
    (section,) = epub.docs["text/last.xhtml"].xpath("//*[local-name()='section']")
    assert section.get(EPUB_TYPE) == "chapter"
    assert "bibliography" not in [kind for _, _, kind in epub.nav_links("landmarks")]


def etree_text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_citations_are_formatted_and_linked_in_the_web_edition(cited):
    built, _ = cited
    cable = html_page(built.html / "the-cable.html")
    assert "Then Ivanov and Petrov (1950, 14) and a note." in text_of(cable.xpath("//article")[0])
    hrefs = [a.get("href") for a in cable.xpath("//a[@role='doc-biblioref']")]
    assert hrefs == ["bibliography.html#ref-ivanov1950", "bibliography.html#ref-clark1876"]  # the text's, the note's
    listing = html_page(built.html / "bibliography.html")
    assert [text_of(e) for e in listing.xpath("//div[@id='refs']/div")][0].startswith("Clark, John. 1876.")
    ids = [e.get("id") for e in listing.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert "bibliography.html" in [a.get("href") for a in html_page(built.html / "index.html").xpath("//a")]


def test_a_note_style_makes_footnotes_in_print_and_on_the_web(tmp_path):
    root = cited_project(tmp_path, "bibliography: [refs.bib]\ncsl: styles/notes.csl\nlink_citations: false\n")
    (root / "manuscript" / "styles").mkdir()
    (root / "manuscript" / "styles" / "notes.csl").write_text(NOTE_STYLE, encoding="utf-8")
    built = build_project(root, ("pdf", "html"))
    wire = next(p for p in pdf_pages(built.pdf) if p.startswith("The Wire"))
    assert "As Clark said,1 the wire changed all." in wire
    assert "1. John Clark, A History of the Telegraph, 3." in wire  # at the page's foot
    page = html_page(built.html / "the-wire.html")
    notes = page.xpath("//section[contains(@class, 'footnotes')]//li")
    assert [text_of(li).rstrip("↩︎ ") for li in notes] == ["John Clark, A History of the Telegraph, 3."]
    assert not page.xpath("//a[@role='doc-biblioref']")  # link_citations: false
    assert "Clark, John. A History of the Telegraph. 1876." in text_of(html_page(built.html / "bibliography.html"))


def test_the_list_goes_where_the_text_has_refs_and_nowhere_when_nothing_is_cited(tmp_path):
    files = {**TEXT, "3.md": "# Works Cited\n\nThe works:\n\n::: {#refs}\n:::\n\n# Epilogue\n\nThe end.\n"}
    book = load_book(cited_project(tmp_path / "a", files=files))
    assert [c.title for c in book.chapters] == ["The Wire", "The Cable", "Works Cited", "Epilogue"]
    assert 'id="ref-clark1876"' in book.chapters[2].body_html
    book = load_book(cited_project(tmp_path / "b", files={"1.md": "# One\n\nNothing cited.\n"}))
    assert [c.title for c in book.chapters] == ["One"]


@pytest.mark.parametrize("nocite, listed", [
    ("nocite: '@*'\n", {"clark1876", "ivanov1950"}),  # every entry, cited or not
    ("nocite: [ivanov1950]\n", {"clark1876", "ivanov1950"}),
    ("", {"clark1876"}),
])
def test_nocite_lists_entries_the_text_does_not_cite(tmp_path, nocite, listed):
    files = {"1.md": "# One\n\nOnly Clark [@clark1876].\n"}
    book = load_book(cited_project(tmp_path, yaml_extra="bibliography: refs.bib\n" + nocite, files=files))
    assert [c.title for c in book.chapters] == ["One", "Bibliography"]
    assert set(re.findall(r'id="ref-([^"]+)"', book.chapters[1].body_html)) == listed


def test_nocite_names_its_bad_key_and_warns_without_a_bibliography(tmp_path):
    with pytest.raises(PublishError, match=r"nocite\[1\].*'@bad key' is not a citation key"):
        load_book(cited_project(tmp_path / "a", yaml_extra="bibliography: refs.bib\nnocite: ['@a', '@bad key']\n"))
    with recorded_warnings() as warnings:
        load_book(cited_project(tmp_path / "b", yaml_extra="nocite: '@*'\n"))
    assert any("nocite: entries to list without a bibliography are not listed" in w for w in warnings)
    with recorded_warnings() as warnings:
        load_book(cited_project(tmp_path / "c", yaml_extra="bibliography: refs.bib\nnocite: [nobody1900]\n"))
    assert [w for w in warnings if "nobody1900" in w] == [
        "book.yaml: nocite: @nobody1900 is not in the bibliography (refs.bib): it is not listed; add its entry or "
        "correct the key"]


def test_a_russian_book_cites_in_russian_and_titles_its_list(tmp_path):
    yaml = MINIMAL_YAML.replace("language: en", "language: ru")
    book = load_book(cited_project(tmp_path, yaml=yaml, files={"1.md": "# Глава\n\nСм. [@ivanov1950, с. 5].\n"}))
    assert [c.title for c in book.chapters] == ["Глава", "Литература"]
    assert "Ivanov и Petrov 1950" in text_of(lxml.html.fromstring(book.chapters[0].body_html))
    assert book.chapters[1].id == "bibliography"


def test_a_key_missing_from_the_bibliography_is_said_at_its_use_and_not_linked(tmp_path):
    files = {"1.md": "# One\n\nKnown [@clark1876].\n\nUnknown [@nobody1900].\n"}
    with recorded_warnings() as warnings:
        book = load_book(cited_project(tmp_path, files=files))
    path = tmp_path / "manuscript" / "1.md"
    assert [w for w in warnings if "nobody1900" in w] == [
        f"{path}:5: the citation @nobody1900 is not in the bibliography (refs.bib): it prints as 'nobody1900?' in "
        "bold; add its entry or correct the key"]
    assert "#ref-nobody1900" not in book.chapters[0].body_html
    assert not [w for w in warnings if "printed as typed" in w]


def test_a_bib_change_rebuilds_and_an_unchanged_book_is_a_no_op(tmp_path):
    root = cited_project(tmp_path)
    formats = ("html",)
    first = build_project(root, formats)
    assert "A History of the Telegraph" in text_of(html_page(first.html / "bibliography.html"))
    again = build(root, first.out, formats)
    assert again.built == () and up_to_date(root, first.out, formats, False) is not None
    bib = root / "manuscript" / "refs.bib"
    bib.write_text(REFS.replace("A History of the Telegraph", "The Electric Telegraph"), encoding="utf-8")
    assert up_to_date(root, first.out, formats, False) is None
    assert build(root, first.out, formats).built == ("html",)
    listing = text_of(html_page(first.html / "bibliography.html"))
    assert "The Electric Telegraph" in listing and "A History of the Telegraph" not in listing
    assert build(root, first.out, formats).built == ()


@pytest.mark.parametrize(("value", "message"), [
    ("refs-missing.bib", "book.yaml:7: bibliography: 'refs-missing.bib' does not exist"),
    ("[refs.bib, ../outside.bib]", "book.yaml:7: bibliography[1]: '../outside.bib' lies outside the manuscript folder"),
    ("refs.txt", "book.yaml:7: bibliography: 'refs.txt' is not a bibliography pandoc reads"),
])
def test_a_bibliography_that_is_not_there_is_a_clear_error(tmp_path, value, message):
    root = cited_project(tmp_path, f"bibliography: {value}\n")
    (tmp_path / "outside.bib").write_text(REFS)
    (root / "manuscript" / "refs.txt").write_text(REFS)
    with pytest.raises(PublishError) as error:
        load_book(root)
    assert message in str(error.value)


def test_a_bibliography_pandoc_cannot_read_is_a_clear_error(tmp_path):
    root = cited_project(tmp_path, "bibliography: [refs.bib, more.bib]\n")
    (root / "manuscript" / "more.bib").write_text("@book{x,\n  title = {Unclosed\n", encoding="utf-8")
    with pytest.raises(PublishError) as error:
        load_book(root)
    assert str(error.value).startswith(f"{root / 'manuscript' / 'more.bib'}:3: pandoc cannot read this bibliography")
    (root / "manuscript" / "more.bib").write_text(REFS)
    (root / "manuscript" / "book.yaml").write_text(MINIMAL_YAML + "bibliography: refs.bib\ncsl: x.csl\n")
    (root / "manuscript" / "x.csl").write_text("<style>", encoding="utf-8")
    with pytest.raises(PublishError) as error:
        load_book(root)
    assert str(error.value).startswith(f"{root / 'manuscript' / 'x.csl'}: pandoc cannot use this citation style")


IBID_STYLE = NOTE_STYLE.replace('''      <group delimiter=", ">
        <names variable="author"><name/></names>''', '''      <choose>
        <if position="ibid-with-locator">
          <group delimiter=", "><text value="Ibid"/><text variable="locator"/></group>
        </if>
        <else-if position="ibid"><text value="Ibid"/></else-if>
        <else>
      <group delimiter=", ">
        <names variable="author"><name/></names>''', 1).replace('''        <text variable="locator"/>
      </group>
    </layout>
  </citation>''', '''        <text variable="locator"/>
      </group>
        </else>
      </choose>
    </layout>
  </citation>''', 1)


def test_notes_are_numbered_through_the_book_for_ibid(tmp_path):
    """The chapters are read apart (and cached so), each counting its notes from 1; the citation
    processor still sees them numbered through the book: a note of the author's between two
    citations of one work, across chapters, keeps the second from being "Ibid." (and without it,
    it is one)."""
    files = {"1.md": "# One\n\nFirst [@ivanov1950, 3], then [@clark1876, 1].^[A note of mine.]\n",
             "2.md": "# Two\n\nAgain [@clark1876, 2].\n"}
    root = cited_project(tmp_path, "bibliography: refs.bib\ncsl: ibid.csl\n", files=files)
    (root / "manuscript" / "ibid.csl").write_text(IBID_STYLE, encoding="utf-8")
    second = text_of(lxml.html.fromstring(load_book(root).chapters[1].body_html))
    assert "John Clark, A History of the Telegraph, 2." in second
    (root / "manuscript" / "1.md").write_text(files["1.md"].replace("^[A note of mine.]", ""), encoding="utf-8")
    assert "Ibid, 2." in text_of(lxml.html.fromstring(load_book(root).chapters[1].body_html))


def test_a_references_address_is_printed_as_it_is_typed(tmp_path):
    """A reference's URL went through the typography pass ("..." set as an ellipsis) and was
    hyphenated in print ("collec-tions"): a reader who typed it reached nothing."""
    url = ("https://archive.example.org/collections/cables...list/intelligence-reports"
           "/headquarters/documentation/correspondence")
    refs = (f"@misc{{cables1945,\n  author = {{Clark, John}},\n  title = {{Cables}},\n  url = {{{url}}},\n"
            "  year = {1945}\n}\n")
    files = {"1.md": "# The Wire\n\nAs the cables show [@cables1945].\n"}
    built = build_project(cited_project(tmp_path, files=files, refs=refs))
    entry = html_page(built.html / "bibliography.html").xpath("//*[@id='ref-cables1945']//a")[0]
    assert entry.text_content() == entry.get("href") == url
    (page,) = [page for page in pdf_pages(built.pdf) if "Cables" in page and "Clark" in page and "1945." in page]
    assert url in "".join(page.split())  # broken, if at all, with no hyphen added
