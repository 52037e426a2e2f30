"""A translated novel as a small press publishes it: a foreword by a third person and the
translator's preface before the text, an afterword and notes after it, two ISBNs, and a
translator, an editor and the foreword's writer credited in every edition."""

from __future__ import annotations

import json

import pytest
from lxml import html as lhtml
from pypdf import PdfReader

from conftest import MINIMAL_YAML, Built, build_project, write_project
from publish.errors import PublishError
from publish.manuscript import load_book
from test_epub import EPUB_TYPE, NS, Epub, text

YAML = """\
title: Crime and Punishment
language: en
authors:
  - name: Fyodor Dostoevsky
  - {name: Constance Garnett, role: translator}
  - {name: Margaret Hale, role: editor}
  - {name: Anna Whitcombe, role: foreword}
series: {name: Northern Lights Classics, number: 3, total: 24}
isbn:
  print: 978-0-306-40615-7
  epub: 978-1-4028-9462-6
also_by: [Notes from Underground, "The Idiot", The Brothers Karamazov]
original: {title: Преступление и наказание, language: ru, year: 1866}
rights:
  - Translation © 1914 Constance Garnett.
  - Foreword © 2026 Anna Whitcombe.
"""

TEXT = {
    "00-foreword.md": "# Foreword {.frontmatter}\n\nFew novels have been read so closely.\n",
    "01-preface.md": "# Translator's Preface {.frontmatter}\n\nA few words about Dostoevsky.\n",
    "02-text.md": "# Part I {.part}\n\n# Chapter I\n\nOn an exceptionally hot evening.\n\n"
                  "# Chapter II\n\nHe walked along quickly.\n",
    "03-after.md": "# Afterword {.backmatter}\n\nGarnett worked quickly.\n\n"
                   "# About the Translator\n\nConstance Garnett (1861–1946).\n",
}


@pytest.fixture(scope="module")
def volume(tmp_path_factory) -> Built:
    return build_project(write_project(tmp_path_factory.mktemp("translated"), YAML, TEXT))


def test_the_foreword_writer_is_credited_as_such_on_the_title_page_and_in_the_opf(volume: Built):
    """Anna Whitcombe, the foreword's writer, could only be a `contributor`: "With contributions
    by Anna Whitcombe" on the title page and MARC's ctb in the EPUB, where stores read aui."""
    index = lhtml.fromstring((volume.html / "index.html").read_bytes())
    assert "With a foreword by Anna Whitcombe" in index.xpath("//p[@class='title-contributor']/text()")
    epub = Epub.open(volume.epub)
    roles = {m.get("refines"): m.text for m in epub.opf.xpath("//opf:meta[@property='role']", namespaces=NS)}
    ids = {e.text: e.get("id") for e in epub.opf.xpath("//dc:contributor", namespaces=NS)}
    assert roles[f"#{ids['Anna Whitcombe']}"] == "aui"
    assert roles[f"#{ids['Constance Garnett']}"] == "trl"


def test_the_web_editions_json_ld_names_the_translator_and_editor(volume: Built):
    """schema.org's Book named its author alone: the translator and editor were lost."""
    index = lhtml.fromstring((volume.html / "index.html").read_bytes())
    data = json.loads(index.xpath('//script[@type="application/ld+json"]/text()')[0])
    assert data["author"] == [{"@type": "Person", "name": "Fyodor Dostoevsky"}]
    assert data["translator"] == [{"@type": "Person", "name": "Constance Garnett"}]
    assert data["editor"] == [{"@type": "Person", "name": "Margaret Hale"}]
    assert data["contributor"] == [{"@type": "Person", "name": "Anna Whitcombe"}]


def test_every_editions_copyright_page_lists_both_isbns(volume: Built):
    """Each edition printed its own ISBN only (the PDF the print one, the web edition none), where
    a publisher's copyright page lists every format's."""
    both = ["ISBN 978-0-306-40615-7 (print)", "ISBN 978-1-4028-9462-6 (EPUB)"]
    epub = Epub.open(volume.epub)
    web = lhtml.fromstring((volume.html / "copyright.html").read_bytes())
    pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(volume.pdf).pages[:6])
    for found in (text(epub.docs["text/copyright.xhtml"]), " ".join(web.text_content().split()), pdf):
        assert all(isbn in found for isbn in both), found


def test_the_text_starts_after_the_front_matter_chapters_and_the_back_matter_at_the_afterword(volume: Built):
    """The EPUB's "Start of the text" landmark opened the foreword, and its back matter began with
    the closing series page, after the afterword and About the Translator."""
    epub = Epub.open(volume.epub)
    landmarks = {kind: href for href, _, kind in epub.nav_links("landmarks")}
    assert landmarks["bodymatter"] == "text/part-i.xhtml"
    assert landmarks["backmatter"] == "text/afterword.xhtml"
    kinds = {href: doc.find("{http://www.w3.org/1999/xhtml}body").get(EPUB_TYPE)
             for href, doc in epub.docs.items()}
    assert kinds["text/foreword.xhtml"] == kinds["text/translators-preface.xhtml"] == "frontmatter"
    assert kinds["text/chapter-i.xhtml"] == "bodymatter"
    assert kinds["text/afterword.xhtml"] == kinds["text/about-the-translator.xhtml"] == "backmatter"


def test_the_authors_other_books_are_listed_on_the_series_page(volume: Built):
    """A publisher's card page lists "Also by Fyodor Dostoevsky"; book.yaml had no place for them."""
    listed = ["Also by Fyodor Dostoevsky", "Notes from Underground", "The Idiot", "The Brothers Karamazov"]
    epub = Epub.open(volume.epub)
    page = epub.docs["text/series.xhtml"]
    assert [text(p) for p in page.xpath("//x:div[@class='also-by']/x:p", namespaces=NS)] == listed
    index = lhtml.fromstring((volume.html / "index.html").read_bytes())
    assert [" ".join(p.text_content().split()) for p in index.xpath("//div[@class='also-by']/p")] == listed
    card = " ".join(PdfReader(volume.pdf).pages[1].extract_text().split())
    assert "also by fyodor dostoevsky Notes from Underground The Idiot The Brothers Karamazov" in card


def test_a_translations_original_title_is_on_the_copyright_page_and_in_the_json_ld(volume: Built):
    """book.yaml had no place for the work translated: a reader, a library and a search engine
    could not learn that Crime and Punishment is Преступление и наказание (1866)."""
    epub = Epub.open(volume.epub)
    line = epub.docs["text/copyright.xhtml"].xpath("//x:p[@class='original-title']", namespaces=NS)[0]
    assert text(line) == "Original title: Преступление и наказание (1866)"
    assert line.xpath("x:cite/@lang", namespaces=NS) == ["ru"]  # hyphenated and read as Russian
    pdf = " ".join(PdfReader(volume.pdf).pages[3].extract_text().split())
    assert "Original title: Преступление и наказание (1866)" in pdf
    index = lhtml.fromstring((volume.html / "index.html").read_bytes())
    data = json.loads(index.xpath('//script[@type="application/ld+json"]/text()')[0])
    assert data["translationOfWork"] == {"@type": "Book", "name": "Преступление и наказание", "inLanguage": "ru",
                                         "datePublished": "1866"}


def test_an_original_language_that_is_no_language_tag_is_refused_with_its_key(tmp_path):
    root = write_project(tmp_path, MINIMAL_YAML + "original: {title: Voina i mir, language: Russian}\n",
                         {"a.md": "# One\n\nText.\n"})
    with pytest.raises(PublishError, match="original.language"):
        load_book(root)


def test_each_rights_notice_is_a_line_of_its_own(volume: Built, tmp_path):
    """The text's and the translation's holders and a licence are notices of their own on a
    copyright page; `rights` was one string, its lines run together into one paragraph."""
    notices = ["Translation © 1914 Constance Garnett.", "Foreword © 2026 Anna Whitcombe."]
    epub = Epub.open(volume.epub)
    page = epub.docs["text/copyright.xhtml"]
    assert [text(p) for p in page.xpath("//x:p[@class='rights']", namespaces=NS)] == notices
    assert epub.dc("rights") == [" ".join(notices)]
    lines = [" ".join(line.split()) for line in PdfReader(volume.pdf).pages[3].extract_text().splitlines()]
    assert all(notice in lines for notice in notices), lines
    # A block of lines in YAML (`rights: |`) is read the same way.
    root = write_project(tmp_path, MINIMAL_YAML + "rights: |\n  A © 1914.\n\n  B © 2026.\n", {"a.md": "# One\n"})
    assert load_book(root).meta.rights == "A © 1914.\nB © 2026."


PRAISE = """\
praise:
  - text: 'The translation that made Dostoevsky an English novelist. "Indispensable."'
    source: — The Times Literary Supplement
  - A masterpiece, newly and carefully edited.
about_author: |
  Fyodor Dostoevsky (1821–1881) wrote novels in Saint Petersburg.

  He is buried in the Alexander Nevsky Lavra.
"""


@pytest.fixture(scope="module")
def praised(tmp_path_factory) -> Built:
    return build_project(write_project(tmp_path_factory.mktemp("praised"), YAML + PRAISE, TEXT))


def test_praise_opens_the_book_and_the_page_about_the_author_follows_the_text(praised: Built):
    """book.yaml `praise` (what reviewers said) and `about_author`, pages a published volume has
    and book.yaml had no place for: praise on the first recto, the half title on the next recto,
    the author's page on a recto after the text, before the closing series page."""
    from test_epub import assert_epubcheck_clean

    pages = [" ".join(page.extract_text().split()) for page in PdfReader(praised.pdf).pages]
    assert pages[0].startswith("praise for crime and punishment The translation that made Dostoevsky an English "
                               "novelist. “Indispensable.” — The Times Literary Supplement A masterpiece")
    assert pages[1] == "" and pages[2] == "Crime and Punishment"  # the half title, a recto
    about = next(n for n, page in enumerate(pages) if page.startswith("about the author"))
    assert about % 2 == 0 and about > next(n for n, page in enumerate(pages) if "Garnett worked quickly" in page)
    assert "Fyodor Dostoevsky (1821–1881) wrote novels in Saint Petersburg. He is buried" in pages[about]
    assert "northern lights classics" in pages[about + 2].lower()  # the series page, after the author's
    epub = Epub.open(praised.epub)
    assert_epubcheck_clean(praised.epub)
    spine = epub.spine()
    assert spine.index("text/praise.xhtml") < spine.index("text/half-title.xhtml")
    assert spine.index("text/about-the-translator.xhtml") < spine.index("text/about-author.xhtml") \
        < spine.index("text/series-end.xhtml")
    sources = epub.docs["text/praise.xhtml"].xpath("//x:p[@class='praise-source']", namespaces=NS)
    assert [text(p) for p in sources] == ["The Times Literary Supplement"]  # the dash is the stylesheet's
    index = lhtml.fromstring((praised.html / "index.html").read_bytes())
    assert index.xpath("string(//section[contains(@class, 'praise')]/h2)") == "Praise for Crime and Punishment"
    web = lhtml.fromstring((praised.html / "about-author.html").read_bytes())
    assert [p.text_content() for p in web.xpath("//section[contains(@class, 'about-author')]/p")] == [
        "Fyodor Dostoevsky (1821–1881) wrote novels in Saint Petersburg.",
        "He is buried in the Alexander Nevsky Lavra."]


def test_a_copy_of_the_styles_made_before_a_page_existed_takes_its_default(tmp_path):
    """A project's own styles/ copied before praise.html existed stopped the build ("template is
    missing") once book.yaml gave `praise`: the page's default template is used."""
    import shutil

    from conftest import REPO

    root = write_project(tmp_path, YAML + PRAISE, TEXT)
    shutil.copytree(REPO / "styles", root / "styles")
    (root / "styles" / "templates" / "praise.html").unlink()
    built = build_project(root, ("epub",))
    assert "The Times Literary Supplement" in text(Epub.open(built.epub).docs["text/praise.xhtml"])
