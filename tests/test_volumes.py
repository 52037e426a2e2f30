"""Volumes: `# Volume I {.volume}` is a part that holds parts (Les Misérables' volumes hold its
books, which hold its chapters), nested so in every edition's contents and outline."""

from __future__ import annotations

import shutil
import zipfile

import pikepdf
import pypdfium2 as pdfium
import pytest
from lxml import etree
from lxml import html as lhtml

from conftest import REPO, build_project, write_project
from test_epub import assert_epubcheck_clean
from test_import_formats import run

PARAGRAPH = "The bishop's house stood by the hospital, and the poor came to its door each day. " * 8
TEXT = "\n\n".join([
    "# Volume I. Fantine {.volume}", "# Preface", PARAGRAPH,
    "# Book First. A Just Man {.part}", "# Chapter I. M. Myriel", PARAGRAPH, "# Chapter II. Welcome", PARAGRAPH,
    "# Book Second. The Fall {.part}", "# Chapter I. The Evening", PARAGRAPH,
    "# Volume II. Cosette {.volume}", "# Book First. Waterloo {.part}", "# Chapter I. Nivelles", PARAGRAPH,
    "# Afterword {.backmatter}", PARAGRAPH,
]) + "\n"


@pytest.fixture(scope="module")
def volumes(tmp_path_factory):
    root = tmp_path_factory.mktemp("volumes")
    write_project(root, """\
        title: Les Misérables
        language: en
        series: {name: Classics, number: 1, total: 4}
        """, {"text.md": TEXT})
    shutil.copytree(REPO / "styles", root / "styles")
    return build_project(root)


def _tree(items) -> list:
    return [(item.title, _tree(item.children)) if item.children else item.title for item in items]


def test_the_print_outline_nests_volumes_books_and_chapters(volumes):
    with pikepdf.open(volumes.pdf) as pdf, pdf.open_outline() as outline:
        tree = _tree(outline.root)
    first = ("Book First. A Just Man", ["Chapter I. M. Myriel", "Chapter II. Welcome"])
    assert ("Volume I. Fantine", ["Preface", first, ("Book Second. The Fall", ["Chapter I. The Evening"])]) in tree
    assert ("Volume II. Cosette", [("Book First. Waterloo", ["Chapter I. Nivelles"])]) in tree
    assert "Afterword" in tree  # the back matter ends the volume


def test_the_print_contents_sets_each_level_further_in(volumes):
    document = pdfium.PdfDocument(volumes.pdf)
    (page,) = [p.get_textpage() for p in document if p.get_textpage().get_text_range().lower().startswith("contents")]

    def left(title: str) -> float:
        index, _ = page.search(title, match_case=False).get_next()
        return page.get_charbox(index)[0]

    assert "VOLUME I. FANTINE" in page.get_text_range()  # in capitals, over the books' small capitals
    assert left("Volume I.") + 5 < left("Book First. A") < left("Chapter I. M.") - 5
    assert abs(left("Preface") - left("Book First. A")) < 0.5  # the volume's own chapter, beside its books
    assert abs(left("Afterword") - left("Volume I.")) < 0.5


def test_the_epub_navigation_nests_three_levels_and_names_a_volume(volumes):
    assert_epubcheck_clean(volumes.epub)
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    with zipfile.ZipFile(volumes.epub) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
        volume = etree.fromstring(z.read("EPUB/text/volume-i-fantine.xhtml"))
    top = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li", namespaces=ns)
    assert [li.xpath("string(x:a)", namespaces=ns) for li in top] == [
        "Volume I. Fantine", "Volume II. Cosette", "Afterword"]
    assert top[0].xpath("x:ol/x:li/x:a/text()", namespaces=ns) == [
        "Preface", "Book First. A Just Man", "Book Second. The Fall"]
    assert top[0].xpath("x:ol/x:li[2]/x:ol/x:li/x:a/text()", namespaces=ns) == [
        "Chapter I. M. Myriel", "Chapter II. Welcome"]
    section = volume.xpath("//x:section", namespaces=ns)[0]
    assert section.get("{http://www.idpf.org/2007/ops}type") == "volume" and section.get("role") == "doc-part"


def test_the_web_contents_and_pages_mark_volumes(volumes):
    index = lhtml.fromstring((volumes.html / "index.html").read_bytes())
    classes = {li.xpath("string(a)"): li.get("class") for li in index.xpath("//ol[@class='toc']/li")}
    assert classes["Volume I. Fantine"] == "part volume" and classes["Book First. A Just Man"] == "part in-volume"
    assert classes["Chapter I. M. Myriel"] == "in-part in-volume" and classes["Preface"] == "in-part"
    assert classes["Afterword"] is None
    page = lhtml.fromstring((volumes.html / "volume-i-fantine.html").read_bytes())
    assert page.xpath("//article/@class") == ["chapter part volume"]


def _marks(tmp_path, blocks: list[str]) -> list[str]:
    """The headings import writes for these, each over a paragraph (a "+" after one: right over the next)."""
    prose = "It was a long day, and the road ran on through the snow to the river."
    text = "\n\n".join(line for heading in blocks
                        for line in ((heading[:-1],) if heading.endswith("+") else (heading, prose))) + "\n"
    _, into = run(tmp_path, "book", text.encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    return [line for line in markdown.splitlines() if line.startswith("# ")]


def test_import_finds_volumes_over_books(tmp_path):
    """Les Misérables' "VOLUME I.--FANTINE." over its "BOOK FIRST--A JUST MAN"s; the Brothers
    Karamazov's PARTs over its BOOKs; not a book of books alone."""
    (tmp_path / "a").mkdir()
    headings = _marks(tmp_path / "a", ["VOLUME I.--FANTINE.", "PREFACE", "BOOK FIRST--A JUST MAN", "CHAPTER I",
                                       "CHAPTER II", "BOOK SECOND--THE FALL", "CHAPTER I",
                                       "VOLUME II.--COSETTE", "BOOK FIRST--WATERLOO", "CHAPTER I"])
    assert [h.split("--")[0] for h in headings if h.endswith("{.volume}")] == ["# VOLUME I.", "# VOLUME II."]
    assert sum(h.endswith("{.part}") for h in headings) == 3
    (tmp_path / "b").mkdir()
    headings = _marks(tmp_path / "b", ["PART I", "BOOK I", "CHAPTER I", "CHAPTER II", "BOOK II", "CHAPTER I",
                                       "PART II", "BOOK III", "CHAPTER I", "EPILOGUE+", "CHAPTER I", "CHAPTER II"])
    assert [h for h in headings if h.endswith("{.volume}")] == [  # the epilogue beside the parts, not in one
        "# PART I {.volume}", "# PART II {.volume}", "# EPILOGUE {.volume}"]
    (tmp_path / "c").mkdir()
    headings = _marks(tmp_path / "c", ["BOOK ONE: 1805", "CHAPTER I", "CHAPTER II", "BOOK TWO: 1805", "CHAPTER I"])
    assert not any(h.endswith("{.volume}") for h in headings) and sum(h.endswith("{.part}") for h in headings) == 2


def test_a_volumes_page_lists_its_books(volumes):
    page = lhtml.fromstring((volumes.html / "volume-i-fantine.html").read_bytes())
    assert [t.replace("\xa0", " ") for t in page.xpath("//nav[@class='part-contents']//a/text()")] == [
        "Preface", "Book First. A Just Man", "Book Second. The Fall"]
    with zipfile.ZipFile(volumes.epub) as z:
        volume = etree.fromstring(z.read("EPUB/text/volume-ii-cosette.xhtml"))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    assert volume.xpath("//x:nav[@class='part-contents']//x:a/text()", namespaces=ns) == ["Book First. Waterloo"]


def test_import_spaces_a_dash_closed_up_in_a_heading_so_its_file_name_parts_the_words(tmp_path):
    """"CHAPTER III--THE LARK" gave the id and file name "chapter-iiithe-lark"; "D——" stays."""
    import pypandoc

    headings = _marks(tmp_path, ["BOOK FIRST--A JUST MAN", "CHAPTER III--THE LARK", "CHAPTER IV.--IN D——",
                                 "BOOK SECOND--THE FALL", "CHAPTER I--WORDS"])
    assert "# CHAPTER III — THE LARK" in headings and "# CHAPTER IV. — IN D——" in headings
    ids = pypandoc.convert_text("\n\n".join(headings), "html", format="markdown")
    assert 'id="chapter-iii-the-lark"' in ids and 'id="book-first-a-just-man"' in ids


def test_file_names_hold_no_dots_are_unique_and_not_too_long(tmp_path):
    """"# Chapter 1. Loomings." made chapter-1.-loomings..html ("..", a path to some servers'
    filters); a 120-letter title made a 120-letter name; two titles alike but for their stops
    were two ids, and must stay two files. Links between them follow."""
    long = "The Ankle Chain Must Have Undergone a Certain Preparatory Manipulation to Be Thus Broken with a Blow"
    text = "\n\n".join([
        "# Chapter 1. Loomings.", "See [the next](#chapter-1.-loomings) and [the long one](#" + long.lower().replace(
            " ", "-") + ").", "# Chapter 1. Loomings", PARAGRAPH, f"# {long}", PARAGRAPH]) + "\n"
    book = build_project(write_project(tmp_path, """\
        title: Names
        language: en
        series: {name: Classics, number: 1, total: 4}
        """, {"text.md": text}))
    pages = sorted(p.name for p in book.html.glob("*.html") if p.name.startswith(("chapter", "the-")))
    assert pages == ["chapter-1-loomings-2.html", "chapter-1-loomings.html",
                     "the-ankle-chain-must-have-undergone-a-certain-preparatory-manipulation-to-be.html"]
    first = lhtml.fromstring((book.html / "chapter-1-loomings.html").read_bytes())
    assert first.xpath("//article//a/@href") == ["chapter-1-loomings-2.html", pages[2]]
    with zipfile.ZipFile(book.epub) as z:
        assert "EPUB/text/chapter-1-loomings-2.xhtml" in z.namelist()
    assert_epubcheck_clean(book.epub)


def test_import_keeps_the_headings_right_after_a_contents_list(tmp_path):
    """The Brothers Karamazov's contents list ends over "PART I", "Book I. The History Of A
    Family", "Chapter I. …": those two went with the list into the title pages."""
    listing = "\n".join(["Part I", "   Book I. The History Of A Family", "      Chapter I. Fyodor Pavlovitch",
                         "      Chapter II. He Gets Rid Of His Eldest Son", "   Book II. An Unfortunate Gathering",
                         "      Chapter I. They Arrive At The Monastery", "Part II", "   Book III. Lacerations",
                         "      Chapter I. Father Ferapont"])
    prose = "It was a long day, and the road ran on through the snow to the river and beyond it."
    body = ["PART I", "Book I. The History Of A Family", "Chapter I. Fyodor Pavlovitch", prose,
            "Chapter II. He Gets Rid Of His Eldest Son", prose, "Book II. An Unfortunate Gathering",
            "Chapter I. They Arrive At The Monastery", prose, "PART II", "Book III. Lacerations",
            "Chapter I. Father Ferapont", prose]
    text = "The Brothers Karamazov\n\n\n\nCONTENTS\n\n\n" + listing + "\n\n\n\n\n\n" + "\n\n\n\n".join(body) + "\n"
    _, into = run(tmp_path, "karamazov", text.encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith("# PART I {.volume}\n\n# Book I. The History Of A Family {.part}\n")
