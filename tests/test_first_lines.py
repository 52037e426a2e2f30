"""The Index of Titles and First Lines at the back of a book of poems, as a reader looking a poem
up uses it: in alphabetical order, each line leading to its poem, in print with the poem's page."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree
from lxml import html as lhtml

from conftest import MINIMAL_YAML, REPO, Built, build_project, write_project


def _poem(title: str, *lines: str, stanzas: int = 2) -> str:
    """A poem under its `##` title: its first lines as given, then stanzas to fill it out."""
    opening = " \\\n".join(lines) + "\n"
    rest = "\n".join(" \\\n".join(f"{title} line {s}.{n} of its stanza" for n in range(1, 5)) + "\n"
                     for s in range(1, stanzas + 1))
    return f"## {title}\n\n{opening}\n{rest}\n"


# Thirteen poems (one in numbered parts, as When Lilacs Last in the Dooryard Bloom'd is) and two a
# chapter (one in numbered sections, one after a preface in prose): titles
# that are their first lines ("The Tyger"'s is not; "When I Heard the Learn'd Astronomer" opens its
# line), first lines that open with a quotation mark, "A" and "The", an accent, and the same words
# but for punctuation.
# A line's last comma, semicolon or colon goes, as in an index of first lines; "?" and "!" stay.
COLLECTION = {
    "poems.md": "# Songs\n\n"
    + _poem("The Tyger", "Tyger Tyger, burning bright,", "In the forests of the night;")
    + _poem("When I Heard the Learn’d Astronomer", "When I heard the learn’d astronomer,",
            "When the proofs, the figures, were ranged in columns before me,")
    + _poem("Ozymandias", "I met a traveller from an antique land,", "Who said—“Two vast and trunkless legs")
    + _poem("A Red, Red Rose", "O my Luve is like a red, red rose", "That’s newly sprung in June;")
    + _poem("Sonnet", "“Is there no help?” she said,", "and turned away.", stanzas=1)
    + _poem("The Lake Isle", "I will arise and go now, and go to Innisfree,", "And a small cabin build there,")
    + _poem("Élan", "Éclairs of the summer, and all of them gone,", "Over the hill and away.")
    + _poem("Hope", "“Hope” is the thing with feathers", "That perches in the soul—")
    + _poem("Easter Wings", "A narrow fellow in the grass", "Occasionally rides;")
    + "# More Songs\n\n"
    + _poem("Eclipse", "Eclipsed, the moon rose late and red,", "And nobody looked up.")
    + _poem("Ode", "The world is too much with us; late and soon,", "Getting and spending, we lay waste our powers;")
    + _poem("Ars Poetica", "A poem should be palpable and mute", "As a globed fruit,")
    + "## When Lilacs Last\n\n" + _poem("1", "When lilacs last in the dooryard bloom’d,",
                                          "And the great star early droop’d in the west").replace("## 1", "### 1")
    + "# Song of the Open Road\n\n## 1\n\nAfoot and light-hearted I take to the open road, \\\n"
      "Healthy, free, the world before me, \\\nThe long brown path before me leading wherever I choose.\n\n"
      "## 2\n\nYou road I enter upon and look around, I believe you are not all that is here, \\\n"
      "I believe that much unseen is also here.\n"
    + "\n# Endymion\n\n## Preface\n\nKnowing within myself the manner in which this Poem has been produced, it is "
      "not without a feeling of regret that I make it public.\n\n"
    + _poem("I", "A thing of beauty is a joy for ever:", "Its loveliness increases; it will never", stanzas=3),
}
# In the index's order: letter by letter ("Afoot" before "A narrow"), quotation marks, punctuation
# and accents aside; a title (in italics) listed apart only when it is not its line's opening words.
ORDER = [
    ("Afoot and light-hearted I take to the open road", "song-of-the-open-road"),
    ("A narrow fellow in the grass", "easter-wings"),
    ("A poem should be palpable and mute", "ars-poetica"),
    ("A Red, Red Rose", "a-red-red-rose"),
    ("Ars Poetica", "ars-poetica"),
    ("A thing of beauty is a joy for ever", "endymion"),
    ("Easter Wings", "easter-wings"),
    ("Éclairs of the summer, and all of them gone", "élan"),
    ("Eclipse", "eclipse"),
    ("Eclipsed, the moon rose late and red", "eclipse"),
    ("Élan", "élan"),
    ("Endymion", "endymion"),
    ("“Hope” is the thing with feathers", "hope"),
    ("I met a traveller from an antique land", "ozymandias"),
    ("“Is there no help?” she said", "sonnet"),
    ("I will arise and go now, and go to Innisfree", "the-lake-isle"),
    ("Ode", "ode"),
    ("O my Luve is like a red, red rose", "a-red-red-rose"),
    ("Ozymandias", "ozymandias"),
    ("Song of the Open Road", "song-of-the-open-road"),
    ("Sonnet", "sonnet"),
    ("The Lake Isle", "the-lake-isle"),
    ("The Tyger", "the-tyger"),
    ("The world is too much with us; late and soon", "ode"),
    ("Tyger Tyger, burning bright", "the-tyger"),
    ("When I heard the learn’d astronomer", "when-i-heard-the-learnd-astronomer"),
    ("When lilacs last in the dooryard bloom’d", "when-lilacs-last"),
]
TITLES = {"A Red, Red Rose", "Ars Poetica", "Easter Wings", "Eclipse", "Élan", "Endymion", "Ode", "Ozymandias",
          "Song of the Open Road", "Sonnet", "The Lake Isle", "The Tyger"}

HEADINGS = {"hope": "Hope", "when-i-heard-the-learnd-astronomer": "When I Heard the Learn’d Astronomer",
            "when-lilacs-last": "When Lilacs Last"}


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Built:
    import shutil

    root = write_project(tmp_path_factory.mktemp("first-lines"), MINIMAL_YAML, COLLECTION)
    shutil.copytree(REPO / "styles", root / "styles")
    return build_project(root)


def test_the_index_lists_titles_and_first_lines_in_alphabetical_order(collection: Built):
    """A reader looks a poem up by its first line or its title: both are listed, the title once
    when it is the line's opening words, letter by letter, punctuation and accents aside."""
    page = lhtml.fromstring((collection.html / "first-lines.html").read_bytes())
    items = page.xpath("//ul[@class='first-lines-index']/li")
    assert [(li.text_content(), li.xpath("a/@href")[0].split("#")[1]) for li in items] == ORDER
    assert {li.text_content() for li in items if "title" in li.get("class").split()} == TITLES
    # A line's space where the letter changes ("Éclairs" is filed under E, "“Hope”" under H).
    apart = [li.text_content() for li in items if "initial" in li.get("class").split()]
    assert apart == ["Easter Wings", "“Hope” is the thing with feathers", "I met a traveller from an antique land",
                     "Ode", "Song of the Open Road", "The Lake Isle", "When I heard the learn’d astronomer"]


def test_the_web_editions_and_the_epubs_lines_lead_to_their_poems(collection: Built):
    """Each line links to its poem (a poem a chapter, to the chapter); the contents lists the index,
    the EPUB's navigation too, and its landmarks as the `index`; no page numbers off the page."""
    home = lhtml.fromstring((collection.html / "index.html").read_bytes())
    assert "When Lilacs Last" in home.xpath("//ol[@class='toc']/li[@class='poem']/a/text()")  # in numbered parts
    assert home.xpath("//ol[@class='toc']/li[@class='back-page']/a/@href") == ["first-lines.html"]
    page = lhtml.fromstring((collection.html / "first-lines.html").read_bytes())
    for href in page.xpath("//ul[@class='first-lines-index']/li/a/@href"):
        file, anchor = href.split("#")
        target = lhtml.fromstring((collection.html / file).read_bytes())
        assert target.xpath(f"//*[@id='{anchor}']"), href
    with zipfile.ZipFile(collection.epub) as epub:
        names = epub.namelist()
        index = etree.fromstring(epub.read("EPUB/text/first-lines.xhtml"))
        ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
        hrefs = index.xpath("//x:ul[@class='first-lines-index']/x:li/x:a/@href", namespaces=ns)
        assert len(hrefs) == len(ORDER)
        for href in hrefs:
            file, anchor = href.split("#")
            target = etree.fromstring(epub.read(f"EPUB/text/{file}"))
            assert target.xpath(f"//*[@id='{anchor}']"), href
        assert index.xpath("//x:section/@epub:type", namespaces=ns) == ["index"]
        nav = etree.fromstring(epub.read(next(n for n in names if n.endswith("nav.xhtml"))))
        landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=ns)
        assert ("index", "text/first-lines.xhtml") in {(a.get(f"{{{ns['epub']}}}type"), a.get("href"))
                                                       for a in landmarks}
        toc = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a", namespaces=ns)
        assert toc[-1].text == "Index of Titles and First Lines"
        assert not re.search(rb">\s*\d+\s*</a>", epub.read("EPUB/text/first-lines.xhtml"))  # no page numbers
        assert b'<li class="back-page"><a href="first-lines.xhtml">' in epub.read("EPUB/text/contents.xhtml")
    from test_epub import assert_epubcheck_clean

    assert_epubcheck_clean(collection.epub)


def test_the_printed_index_gives_each_poems_page(collection: Built):
    """In print each entry runs with dot leaders to the page its poem begins on, as the contents
    does, and the contents gives the index's page (the book typeset in parts: the back matter
    typeset with the poems' folios)."""
    import pypdfium2 as pdfium

    pages = [p.get_textpage().get_text_range().replace("\r", "").replace("\u00a0", " ")
             for p in pdfium.PdfDocument(collection.pdf)]
    start = next(n for n, t in enumerate(pages) if t.lstrip().startswith("Songs"))  # folio 1
    at = next(n for n, t in enumerate(pages) if t.lstrip().lower().startswith("index of titles and first lines"))
    listed = re.findall(r"^(.+?)[\s.]*?(?:\.\s*){3,}(\d+)\s*$", "\n".join(pages[at:at + 2]), re.M)
    assert [" ".join(text.split()) for text, _ in listed] == [text for text, _ in ORDER]
    for (text, anchor), (_, folio) in zip(ORDER, listed, strict=True):
        title = HEADINGS.get(anchor) or next(t for t, a in ORDER if a == anchor and t in TITLES)
        # The poem's page: where its title stands alone on a line, from the first page of the text on.
        page = next(n for n, t in enumerate(pages) if n >= start and re.search(rf"^{re.escape(title)}\s*$", t, re.M))
        assert int(folio) == page - start + 1, (text, folio, page - start + 1)
    assert pages[at].split()[-1] == str(at - start + 1)  # its own folio at its foot, counted on from the text's
    contents = next(t for t in pages[:start] if t.lstrip().lower().startswith("contents"))
    assert re.search(rf"^Index of Titles and First Lines[\s.]+{at - start + 1}\s*$", contents, re.M)


def test_a_book_of_few_poems_has_no_index_unless_book_yaml_asks(tmp_path):
    """Two poems are read through, not looked up: no index unless `first_lines: true`; and
    `first_lines: false` leaves out a dozen poems' index."""
    from publish.first_lines import index_entries
    from publish.manuscript import load_book

    few = {"poems.md": "# Songs\n\n" + _poem("The Tyger", "Tyger Tyger, burning bright,", "In the night;")
           + _poem("Ode", "The world is too much with us; late and soon,", "Getting and spending,")}
    root = write_project(tmp_path / "few", MINIMAL_YAML, few)
    assert index_entries(load_book(root)) == []
    root = write_project(tmp_path / "asked", MINIMAL_YAML + "first_lines: true\n", few)
    assert [e.text for e in index_entries(load_book(root))] == [
        "Ode", "The Tyger", "The world is too much with us; late and soon", "Tyger Tyger, burning bright"]
    root = write_project(tmp_path / "refused", MINIMAL_YAML + "first_lines: false\n", COLLECTION)
    assert index_entries(load_book(root)) == []


def test_russian_first_lines_are_in_cyrillic_order():
    """Ё is filed with Е and Й after И, as Russian indexes file them; guillemets count for nothing."""
    from publish.first_lines import sort_key

    lines = ["Я помню чудное мгновенье:", "Ёлка в лесу", "Мой дядя самых честных правил,", "Еду, еду в чистом поле;",
             "Жил на свете рыцарь бедный,", "«Зима!.. Крестьянин, торжествуя,", "Йод", "Иду"]
    assert sorted(lines, key=sort_key) == ["Еду, еду в чистом поле;", "Ёлка в лесу", "Жил на свете рыцарь бедный,",
                                           "«Зима!.. Крестьянин, торжествуя,", "Иду", "Йод",
                                           "Мой дядя самых честных правил,", "Я помню чудное мгновенье:"]


def test_a_sonnet_a_chapter_titled_by_its_numeral_is_listed_by_its_first_line(tmp_path):
    """Shakespeare's Sonnets are 154 chapters titled "I" to "CLIV": each is a poem, listed by its
    first line alone (a numeral is no title to look up), the line leading to its chapter."""
    from publish.first_lines import index_entries
    from publish.manuscript import load_book
    from publish.numbering import to_roman

    openings = ["From fairest creatures we desire increase,", "When forty winters shall besiege thy brow,",
                "Look in thy glass and tell the face thou viewest", "Unthrifty loveliness, why dost thou spend",
                "Those hours, that with gentle work did frame", "Then let not winter’s ragged hand deface",
                "Lo, in the orient when the gracious light", "Music to hear, why hear’st thou music sadly?",
                "Is it for fear to wet a widow’s eye", "For shame deny that thou bear’st love to any,",
                "As fast as thou shalt wane, so fast thou grow’st", "When I do count the clock that tells the time,"]
    sonnets = "".join(f"# {to_roman(n + 1)}\n\n| {line}\n| And the second line of the sonnet,\n"
                      f"| And the third line of the sonnet.\n\n" for n, line in enumerate(openings))
    root = write_project(tmp_path, MINIMAL_YAML, {"sonnets.md": sonnets})
    entries = index_entries(load_book(root))
    assert [e.text for e in entries] == [
        "As fast as thou shalt wane, so fast thou grow’st", "For shame deny that thou bear’st love to any",
        "From fairest creatures we desire increase", "Is it for fear to wet a widow’s eye",
        "Lo, in the orient when the gracious light", "Look in thy glass and tell the face thou viewest",
        "Music to hear, why hear’st thou music sadly?", "Then let not winter’s ragged hand deface",
        "Those hours, that with gentle work did frame", "Unthrifty loveliness, why dost thou spend",
        "When forty winters shall besiege thy brow", "When I do count the clock that tells the time"]
    assert not any(e.title for e in entries)
    assert {e.anchor for e in entries} == {e.chapter.id for e in entries} and len({e.anchor for e in entries}) == 12


def test_a_copy_of_the_styles_older_than_the_index_is_warned_of(tmp_path):
    """A project whose styles/ was copied (`publish styles`) before the index existed has no rules
    for it in print.css: its lines would print without their pages, unnoticed."""
    import shutil

    from conftest import recorded_warnings

    root = write_project(tmp_path, MINIMAL_YAML, COLLECTION)
    shutil.copytree(REPO / "styles", root / "styles")
    from publish.first_lines import unstyled_in_print
    from publish.manuscript import load_book

    assert not unstyled_in_print(load_book(root))  # the default's rules
    sheet = root / "styles" / "print.css"
    sheet.write_text(re.sub(r"\.first-lines-index[^{]*\{[^}]*\}", "", sheet.read_text(encoding="utf-8")),
                     encoding="utf-8")
    with recorded_warnings() as warnings:
        build_project(root, ("pdf",))
    assert any("print.css: no rules for the index of first lines" in w for w in warnings), warnings
