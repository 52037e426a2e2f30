"""Parts: `# Part One {.part}` opens a part, the chapters after it are in it, in every edition,
up to the next part or the back matter (`# Afterword {.backmatter}`)."""

from __future__ import annotations

import posixpath
import shutil
import zipfile

import pikepdf
import pypdfium2 as pdfium
import pytest
from lxml import etree
from lxml import html as lhtml

from conftest import REPO, build_project, write_project
from test_epub import assert_epubcheck_clean
from test_html import TAGS, browser  # noqa: F401  (the Chromium fixture)

PARAGRAPH = "Prince Vasili always spoke languidly, like an actor repeating a stale part. " * 8


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    root = tmp_path_factory.mktemp("parts")
    text = "# Prologue\n\n" + PARAGRAPH + "\n\n"
    for name in ("Part One", "Part Two"):
        text += f"# {name} {{.part}}\n\n*1805*\n\n"
        for chapter in ("I", "II"):
            text += f"# {name} {chapter}\n\n" + "\n\n".join([PARAGRAPH] * 4) + "\n\n"
    text += "# Afterword {.backmatter}\n\n" + PARAGRAPH + "\n\n# Notes on the Text\n\n" + PARAGRAPH + "\n"
    write_project(root, """\
        title: War and Peace
        language: en
        series: {name: Classics, number: 1, total: 4}
        """, {"text.md": text})
    shutil.copytree(REPO / "styles", root / "styles")
    return build_project(root)


def test_a_part_opens_on_a_recto_of_its_own_with_nothing_in_its_margins(parts):
    document = pdfium.PdfDocument(parts.pdf)
    texts = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    labels = [document.get_page_label(i) for i in range(len(document))]
    for name in ("Part One", "Part Two"):
        (index,) = [i for i, text in enumerate(texts) if text.startswith(name) and "Prince" not in text]
        assert texts[index] == f"{name} 1805"  # no running head, no folio
        assert int(labels[index]) % 2 == 1 and texts[index + 1] == ""  # a recto, a blank verso after it
        assert texts[index + 2].startswith(f"{name} I ")  # its first chapter on the next recto


def test_the_contents_and_the_outline_put_a_parts_chapters_under_it(parts):
    document = pdfium.PdfDocument(parts.pdf)
    (contents,) = [p.get_textpage().get_text_range() for p in document
                   if p.get_textpage().get_text_range().lower().startswith("contents")]
    assert [line.split(" .")[0].strip() for line in contents.splitlines()[1:10]] == [
        "Prologue", "part one", "Part One I", "Part One II", "part two", "Part Two I", "Part Two II",
        "Afterword", "Notes on the Text"]  # (small caps)
    with pikepdf.open(parts.pdf) as pdf, pdf.open_outline() as outline:
        tree = [(item.title, [child.title for child in item.children]) for item in outline.root]
    assert ("Prologue", []) in tree
    assert ("Part One", ["Part One I", "Part One II"]) in tree and ("Part Two", ["Part Two I", "Part Two II"]) in tree
    assert ("Afterword", []) in tree and ("Notes on the Text", []) in tree  # the back matter ends the parts


def test_the_contents_page_indents_a_parts_chapters_and_not_the_back_matter(parts):
    document = pdfium.PdfDocument(parts.pdf)
    (page,) = [p.get_textpage() for p in document if p.get_textpage().get_text_range().lower().startswith("contents")]

    def left(title: str) -> float:
        searcher = page.search(title, match_case=True)
        index, _ = searcher.get_next()
        return page.get_charbox(index)[0]

    assert left("Part One I") > left("Prologue") + 5
    assert abs(left("Afterword") - left("Prologue")) < 0.5 and abs(left("Notes on") - left("Prologue")) < 0.5


def test_the_epub_navigation_nests_a_parts_chapters(parts):
    assert_epubcheck_clean(parts.epub)
    with zipfile.ZipFile(parts.epub) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
        part = etree.fromstring(z.read("EPUB/text/part-one.xhtml"))
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    top = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li", namespaces=ns)
    assert [li.xpath("string(x:a)", namespaces=ns) for li in top] == [
        "Prologue", "Part One", "Part Two", "Afterword", "Notes on the Text"]
    assert top[1].xpath("x:ol/x:li/x:a/text()", namespaces=ns) == ["Part One I", "Part One II"]
    assert top[2].xpath("x:ol/x:li/x:a/text()", namespaces=ns) == ["Part Two I", "Part Two II"]
    section = part.xpath("//x:section", namespaces=ns)[0]
    assert section.get("{http://www.idpf.org/2007/ops}type") == "part" and section.get("role") == "doc-part"


def test_the_web_edition_marks_parts_in_its_contents_and_pages(parts):
    index = lhtml.fromstring((parts.html / "index.html").read_bytes())
    assert index.xpath("//ol[@class='toc']/li[@class='part']/a/text()") == ["Part One", "Part Two"]
    assert index.xpath("//ol[@class='toc']/li[@class='in-part']/a/text()") == [
        "Part One I", "Part One II", "Part Two I", "Part Two II"]
    page = lhtml.fromstring((parts.html / "part-one.html").read_bytes())
    assert page.xpath("//article/@class") == ["chapter part"]
    page = lhtml.fromstring((parts.html / "afterword.html").read_bytes())
    assert page.xpath("//article/@class") == ["chapter"]


def _two_books(tmp_path):
    """A prologue, then two parts of one chapter each, both "Chapter I" (as War and Peace's)."""
    text = "# Prologue\n\nText.\n\n" + "".join(
        f"# Book {name} {{.part}}\n\n# Chapter I\n\nText of book {name}.\n\n" for name in ("One", "Two"))
    return write_project(tmp_path, """\
        title: War and Peace
        language: en
        series: {name: Classics, number: 1, total: 4}
        """, {"text.md": text})


def test_a_web_page_title_names_the_part_its_chapter_is_in(tmp_path):
    """War and Peace has seventeen "CHAPTER I" pages: each was titled "CHAPTER I · War and Peace"
    (browser tabs, history and search engines could not tell them apart)."""
    built = build_project(_two_books(tmp_path), ("html",))
    titles = sorted(lhtml.fromstring(page.read_bytes()).findtext(".//title") for page in built.html.glob("*.html")
                    if "Chapter I" in page.read_text(encoding="utf-8") and "<h1>Chapter I</h1>" in
                    page.read_text(encoding="utf-8"))
    assert titles == ["Chapter I · Book One · War and Peace", "Chapter I · Book Two · War and Peace"]
    prologue = lhtml.fromstring((built.html / "prologue.html").read_bytes())
    assert prologue.findtext(".//title") == "Prologue · War and Peace"
    part = lhtml.fromstring((built.html / "book-one.html").read_bytes())
    assert part.findtext(".//title") == "Book One · War and Peace"
    # On the page, over the chapter's title: the part, a link to its page; not over the prologue.
    for page, file, name in (("chapter-i.html", "book-one.html", "Book One"),
                             ("chapter-i-1.html", "book-two.html", "Book Two")):
        article = lhtml.fromstring((built.html / page).read_bytes()).find(".//article")
        above, heading = list(article)[:2]
        assert (above.get("class"), above.find("a").get("href"), above.text_content()) == ("part-of", file, name)
        assert heading.tag == "h1" and heading.text == "Chapter I"
    assert not prologue.find_class("part-of")


def test_an_epub_chapter_in_a_part_names_its_part_over_its_title(tmp_path):
    """The EPUB's seventeen "CHAPTER I" documents of War and Peace said nothing of their book,
    in their text or their <title>: the part's name is over the title, a link to its page."""
    built = build_project(_two_books(tmp_path), ("pdf", "epub"))  # with the print edition: its page markers
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    with zipfile.ZipFile(built.epub) as epub:
        docs = {posixpath.basename(n): etree.fromstring(epub.read(n)) for n in epub.namelist() if n.endswith(".xhtml")}
    def title(doc) -> str:  # the h1's text (a page marker may open it)
        heading = doc.find(".//x:section/x:h1", ns)
        return "".join(heading.itertext()).strip() if heading is not None else ""

    found = {}
    for doc in docs.values():
        if title(doc) == "Chapter I":
            above = doc.find(".//x:section/x:h1", ns).getprevious()
            link = above.find("x:a", ns)
            assert above.get("class") == "part-of" and link.get("href") in docs
            found[link.text] = (title(docs[link.get("href")]), doc.findtext(".//x:title", namespaces=ns))
    assert found == {"Book One": ("Book One", "Chapter I · Book One"), "Book Two": ("Book Two", "Chapter I · Book Two")}
    prologue = next(doc for doc in docs.values() if title(doc) == "Prologue")
    assert not prologue.xpath("//x:p[@class='part-of']", namespaces=ns)
    assert_epubcheck_clean(built.epub)


def test_with_chapters_on_any_page_the_text_and_its_parts_still_open_on_rectos(tmp_path):
    """`print: chapter_start: any` set folio 1 and the part titles on versos."""
    text = "".join(f"# Part {n} {{.part}}\n\n# Chapter {n}\n\nShort text.\n\n" for n in ("One", "Two", "Three"))
    text += "# Afterword {.backmatter}\n\nShort text.\n"
    root = write_project(tmp_path, """\
        title: Any Start
        language: en
        series: {name: S, number: 1, total: 2}
        print: {chapter_start: any}
        """, {"text.md": text})
    shutil.copytree(REPO / "styles", root / "styles")
    pdf_path = build_project(root, ("pdf",)).pdf
    document = pdfium.PdfDocument(pdf_path)
    texts = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    for name in ("Part One", "Part Two", "Part Three"):
        (index,) = [i for i, t in enumerate(texts) if t == name]
        assert index % 2 == 0, f"{name} on a verso"  # the first page (index 0) is a recto
    assert document.get_page_label(texts.index("Part One")) == "1"
    assert any(i % 2 == 1 for i, t in enumerate(texts) if t.startswith("Chapter"))  # chapters: any page
    with pikepdf.open(pdf_path) as pdf, pdf.open_outline() as outline:
        tree = [(item.title, [child.title for child in item.children]) for item in outline.root]
    assert ("Part Three", ["Chapter Three"]) in tree and ("Afterword", []) in tree  # set whole: by print.css


# War and Peace in little: books whose chapters are titled only "CHAPTER I", "CHAPTER II", …
# (restarting in each), a part whose chapters have titles, a prologue and an afterword.
NOVEL_YAML = """\
    title: War and Peace
    language: en
    authors:
      - name: Leo Tolstoy
      - name: Louise Maude
        role: translator
      - name: Aylmer Maude
        role: translator
    series: {name: Classics, number: 1, total: 4}
    """
NUMERALS = ("I", "II", "III")


@pytest.fixture(scope="module")
def novel(tmp_path_factory):
    root = tmp_path_factory.mktemp("novel")
    long_chapter = "\n\n".join([PARAGRAPH] * 14)  # three pages and more: versos with running heads
    text = "# Prologue\n\n" + long_chapter + "\n\n"
    for book in ("BOOK ONE: 1805", "BOOK TWO: 1806"):
        text += f"# {book} {{.part}}\n\n"
        text += "".join(f"# CHAPTER {n}\n\n{long_chapter}\n\n## At Anna Pavlovna's\n\n{PARAGRAPH}\n\n"
                        for n in NUMERALS)
    text += "# Part Three {.part}\n\n# The Storm\n\n" + PARAGRAPH + "\n\n# The Calm\n\n" + PARAGRAPH + "\n\n"
    text += "# Afterword {.backmatter}\n\n" + PARAGRAPH + "\n"
    write_project(root, NOVEL_YAML, {"text.md": text})
    shutil.copytree(REPO / "styles", root / "styles")
    return build_project(root)


def _contents_page(pdf_path) -> str:
    document = pdfium.PdfDocument(pdf_path)
    (contents,) = [p.get_textpage().get_text_range() for p in document
                   if p.get_textpage().get_text_range().lower().startswith("contents")]
    return contents


def test_the_print_contents_lists_a_part_alone_when_its_chapters_are_only_numbered(novel):
    """War and Peace's contents ran to 15 pages of "CHAPTER I ……… 5": a part whose chapters are
    only numbered is listed alone, with its page; a part whose chapters have titles keeps them.
    The bookmarks still lead to every chapter."""
    contents = _contents_page(novel.pdf)
    entries = [line.split(" .")[0].strip() for line in contents.splitlines()[1:] if " ." in line]
    assert entries == ["Prologue", "book one: 1805", "book two: 1806", "part three", "The Storm", "The Calm",
                       "Afterword"]  # (small caps)
    assert "CHAPTER" not in contents
    with pikepdf.open(novel.pdf) as pdf, pdf.open_outline() as outline:
        tree = [(item.title, [child.title for child in item.children]) for item in outline.root]
    chapters = [f"CHAPTER {n}" for n in NUMERALS]
    assert ("BOOK ONE: 1805", chapters) in tree and ("BOOK TWO: 1806", chapters) in tree
    assert ("Part Three", ["The Storm", "The Calm"]) in tree


def test_the_epub_navigation_stays_complete_and_its_contents_page_runs_the_numerals_in(novel):
    assert_epubcheck_clean(novel.epub)
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    with zipfile.ZipFile(novel.epub) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
        contents = etree.fromstring(z.read("EPUB/text/contents.xhtml"))
    top = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li", namespaces=ns)
    assert top[1].xpath("x:ol/x:li/x:a/text()", namespaces=ns) == [f"CHAPTER {n}" for n in NUMERALS]
    (book_two,) = contents.xpath("//x:li[@class='part'][x:a='BOOK TWO: 1806']", namespaces=ns)
    links = book_two.xpath("x:ol[@class='toc-numbers']/x:li/x:a", namespaces=ns)
    assert [a.text for a in links] == list(NUMERALS)
    assert [a.get("aria-label") for a in links] == [f"CHAPTER {n}" for n in NUMERALS]
    assert "text/" + links[0].get("href") == top[2].xpath("x:ol/x:li[1]/x:a/@href", namespaces=ns)[0]  # its Chapter I


def test_the_web_contents_runs_a_parts_chapter_numerals_in_under_it(novel):
    index = lhtml.fromstring((novel.html / "index.html").read_bytes())
    (book_two,) = index.xpath("//ol[@class='toc']/li[@class='part'][a='BOOK TWO: 1806']")
    links = book_two.xpath("ol[@class='toc-numbers']/li/a")
    assert [a.text for a in links] == list(NUMERALS)
    for link in links:  # each leads to that book's chapter, not the first book's
        page = lhtml.fromstring((novel.html / link.get("href")).read_bytes())
        assert page.findtext(".//title") == f"CHAPTER {link.text} · BOOK TWO: 1806 · War and Peace"
    assert index.xpath("//ol[@class='toc']/li[@class='in-part']/a/text()") == ["The Storm", "The Calm"]


def test_a_web_part_page_lists_its_chapters_linked(novel):
    """A part's page showed its title alone."""
    page = lhtml.fromstring((novel.html / "book-two-1806.html").read_bytes())
    links = page.xpath("//main/nav[@class='part-contents']//a")
    assert [a.text for a in links] == list(NUMERALS)
    for link in links:
        chapter = lhtml.fromstring((novel.html / link.get("href")).read_bytes())
        assert "BOOK TWO: 1806" in chapter.findtext(".//title")
    page = lhtml.fromstring((novel.html / "part-three.html").read_bytes())
    assert page.xpath("//main/nav[@class='part-contents']//a/text()") == ["The Storm", "The Calm"]
    assert page.xpath("//main/nav[@class='part-contents']//a/@href") == ["the-storm.html", "the-calm.html"]


XNS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def _epub_part_page(epub, name: str) -> tuple[etree._Element, list[tuple[str, str, str]]]:
    """A part's XHTML page in the EPUB, and (text, aria-label, href) of each link under its title,
    each href checked to lead to a chapter's XHTML file in the book, whose heading is returned."""
    with zipfile.ZipFile(epub) as z:
        page = etree.fromstring(z.read(f"EPUB/text/{name}"))
        (nav,) = page.xpath("//x:section[@epub:type='part']/x:nav[@class='part-contents']", namespaces=XNS)
        links = []
        for a in nav.xpath("x:ol/x:li/x:a", namespaces=XNS):
            target = posixpath.normpath(posixpath.join("EPUB/text", a.get("href")))
            assert target in z.namelist(), a.get("href")
            chapter = etree.fromstring(z.read(target))
            heading = chapter.xpath("string(//x:section[@epub:type='chapter']/x:h1)", namespaces=XNS)
            links.append(("".join(a.itertext()), a.get("aria-label"), heading))
    return nav, links


def test_an_epub_part_page_lists_its_chapters_linked(novel):
    """A part's page in the EPUB showed its title alone; it lists its chapters, as the web
    edition's does: by their titles, or by their numerals when they are only numbered."""
    nav, links = _epub_part_page(novel.epub, "part-three.xhtml")
    assert links == [("The Storm", None, "The Storm"), ("The Calm", None, "The Calm")]
    assert nav.get("aria-label") == "Part Three" and nav.get("lang") is None  # the page's language
    assert nav.xpath("x:ol/@class", namespaces=XNS) == ["toc"]
    nav, links = _epub_part_page(novel.epub, "book-two-1806.xhtml")
    assert links == [(n, f"CHAPTER {n}", f"CHAPTER {n}") for n in NUMERALS]
    assert nav.xpath("x:ol/@class", namespaces=XNS) == ["toc-numbers"]
    with zipfile.ZipFile(novel.epub) as z:
        toc = etree.fromstring(z.read("EPUB/nav.xhtml"))
    # Each numeral leads to its own book's chapter, not the first book's "CHAPTER I".
    book_two = toc.xpath("//x:nav[@epub:type='toc']/x:ol/x:li[x:a='BOOK TWO: 1806']/x:ol/x:li/x:a/@href",
                         namespaces=XNS)
    assert ["text/" + href for href in nav.xpath("x:ol/x:li/x:a/@href", namespaces=XNS)] == book_two


def test_an_epub_part_page_lists_its_chapters_under_its_epigraph(parts):
    nav, links = _epub_part_page(parts.epub, "part-one.xhtml")
    assert [text for text, _, heading in links if text == heading] == ["Part One I", "Part One II"]
    assert [el.tag.split("}")[1] for el in nav.getparent()] == ["h1", "p", "nav"]  # title, "1805", the list


PART_TITLES_YAML = """\
    title: Stormy Titles
    language: en
    series: {name: Classics, number: 2, total: 4}
    """


def test_a_part_page_links_titles_that_hold_a_note_or_a_link_without_nesting_them(tmp_path):
    """A title's note call and link went into the part page's link: a link inside a link, and a
    "#fn1" that the part's page does not have."""
    text = ("# Part One {.part}\n\n*1805*[^year]\n\n[^year]: The year of Austerlitz.\n\n"
            "# The *Storm*[^1]\n\nRain.\n\n[^1]: A note on a title.\n\n"
            "# A [Linked](https://example.org/) Calm\n\nSun.\n")
    built = build_project(write_project(tmp_path, PART_TITLES_YAML, {"text.md": text}), ("epub", "html"))
    assert_epubcheck_clean(built.epub)
    nav, links = _epub_part_page(built.epub, "part-one.xhtml")
    assert [text for text, _, _ in links] == ["The Storm", "A\u00a0Linked Calm"]  # the heading's "A" bound
    assert nav.xpath(".//x:a//x:a | .//*[@id]", namespaces=XNS) == []  # no link in a link, no note's id
    assert nav.xpath(".//x:em/text()", namespaces=XNS) == ["Storm"]  # the title's emphasis kept
    following = nav.xpath("following-sibling::*", namespaces=XNS)  # the epigraph's note below the list
    assert [el.get("class") for el in following] == ["footnotes"] and "Austerlitz" in "".join(following[0].itertext())
    page = lhtml.fromstring((built.html / "part-one.html").read_bytes())
    assert page.xpath("//nav[@class='part-contents']//a/text()") == ["The ", "A\u00a0Linked Calm"]
    assert page.xpath("//nav[@class='part-contents']//a//a | //nav[@class='part-contents']//*[@id]") == []


def test_an_epub_part_page_follows_its_chapters_titles_and_stays_byte_identical(tmp_path):
    """The part's page is kept in the build cache: a chapter renamed is renamed on it too."""
    text = "# Part One {.part}\n\n# The Storm\n\nRain.\n\n# The Calm\n\nSun.\n"
    one = build_project(write_project(tmp_path / "one", PART_TITLES_YAML, {"text.md": text}), ("epub",))
    two = build_project(write_project(tmp_path / "two", PART_TITLES_YAML, {"text.md": text}), ("epub",))
    assert one.epub.read_bytes() == two.epub.read_bytes()
    (one.root / "manuscript" / "text.md").write_text(text.replace("# The Calm", "# The Lull {#the-calm}"),
                                                     encoding="utf-8")
    again = build_project(one.root, ("epub",))
    assert [text for text, _, _ in _epub_part_page(again.epub, "part-one.xhtml")[1]] == ["The Storm", "The Lull"]


def test_an_epub_part_pages_numerals_wrap_on_a_phone_and_each_is_a_target(browser, tmp_path):  # noqa: F811
    """A book of 25 numbered chapters ran its numerals off the page in one line (inline, with no
    space between them); wrapped, they were too close to tap (axe-core: target-size)."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    text = "# BOOK ONE: 1805 {.part}\n\n" + "".join(f"# CHAPTER {n}\n\nText.\n\n" for n in range(1, 26))
    built = build_project(write_project(tmp_path / "book", PART_TITLES_YAML, {"text.md": text}), ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        z.extractall(tmp_path / "unzipped")
    page = browser.new_page(viewport={"width": 320, "height": 640})
    try:
        page.goto((tmp_path / "unzipped" / "EPUB" / "text" / "book-one-1805.xhtml").as_uri(), wait_until="load")
        tops = page.eval_on_selector_all(".part-contents a", "links => links.map(a => a.getBoundingClientRect().top)")
        assert len(tops) == 25 and len(set(tops)) > 2  # on lines of their own
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]] == []
    finally:
        page.close()


def test_a_chapter_in_a_part_has_the_parts_title_on_its_versos(novel):
    """Seventeen books' "CHAPTER I" rectos could not be told apart: a chapter in a part has the
    part's title on its versos (the chapter on its rectos); outside parts, the book's title."""
    document = pdfium.PdfDocument(novel.pdf)
    texts = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    labels = [document.get_page_label(i) for i in range(len(document))]

    def body_pages(opening: str) -> list[tuple[int, str]]:
        start = next(i for i, t in enumerate(texts) if t.startswith(opening))
        end = next(i for i in range(start + 1, len(texts)) if not texts[i] or " Prince" not in " " + texts[i][:80])
        return [(int(labels[i]), texts[i]) for i in range(start + 1, end)]

    pages = body_pages("CHAPTER I Prince")  # the first book's
    chapter_two = [i for i, t in enumerate(texts) if t.startswith("CHAPTER I Prince")][1]
    pages_two = [(int(labels[i]), texts[i]) for i in range(chapter_two + 1, chapter_two + 3)]
    for folio, text in pages + pages_two:
        head = "BOOK ONE: 1805" if (folio, text) in pages else "BOOK TWO: 1806"
        expected = f"{head} {folio}" if folio % 2 == 0 else f"CHAPTER I {folio}"
        assert text.endswith(expected), f"folio {folio}: {text[-40:]!r}"
    assert any(folio % 2 == 0 for folio, _ in pages) and any(folio % 2 == 1 for folio, _ in pages)
    prologue = body_pages("Prologue Prince")
    versos = [text for folio, text in prologue if folio % 2 == 0]
    assert versos and all(text.endswith("War and Peace " + text.rsplit(" ", 1)[1]) for text in versos)


def test_search_results_name_the_part_of_a_chapter_in_one(novel):
    """Seventeen search hits were titled "CHAPTER I" alone, in Pagefind and the offline search."""
    import gzip
    import json

    script = (novel.html / "assets" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(script.split("=", 1)[1].strip().rstrip(";"))
    titles = {title for _, title, _ in entries}
    assert {"CHAPTER I · BOOK ONE: 1805", "CHAPTER I · BOOK TWO: 1806",
            "CHAPTER II · BOOK TWO: 1806 · At Anna Pavlovna\u2019s", "The Storm · Part Three", "Prologue"} <= titles
    assert "CHAPTER I" not in titles
    found = {}
    for fragment in (novel.html / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        record = json.loads(data[data.index("{"):])
        found[record["url"].rsplit("/", 1)[-1]] = record["meta"]["title"]
    assert found["chapter-i-1.html"] == "CHAPTER I · BOOK TWO: 1806"
    assert found["chapter-iii.html"] == "CHAPTER III · BOOK ONE: 1805"
    assert found["prologue.html"] == "Prologue"


def test_the_title_page_names_two_translators_in_one_line(novel):
    expected = "Translated by Louise and Aylmer Maude"
    document = pdfium.PdfDocument(novel.pdf)
    title_page = next(" ".join(p.get_textpage().get_text_range().split()) for p in document
                      if "Leo Tolstoy War and Peace" in " ".join(p.get_textpage().get_text_range().split()))
    assert expected in title_page and "Translator" not in title_page
    index = lhtml.fromstring((novel.html / "index.html").read_bytes())
    assert index.xpath("//p[@class='title-contributor']/text()") == [expected]
    with zipfile.ZipFile(novel.epub) as z:
        assert z.read("EPUB/text/title-page.xhtml").decode("utf-8").count(expected) == 1


def test_a_part_of_numerals_with_one_titled_chapter_is_listed_alone(tmp_path):
    """Anna Karenina's part five numbers its 33 chapters but for "XX. Смерть": the contents listed
    that part line by line (33 lines, two pages) where every other part stood alone. One titled
    chapter in ten or fewer leaves the part numbered, its title on the line of numerals; a part of
    three with one titled keeps its lines."""
    from publish.manuscript import load_book
    from publish.matter import contents_chapters, numbered_parts
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    text = "# Часть пятая {.part}\n\n" + "".join(
        f"# {'X. Смерть' if n == 'X' else n}\n\n{PARAGRAPH}\n\n" for n in numerals)
    text += "# Часть шестая {.part}\n\n# I\n\nТекст.\n\n# II. Буря\n\nТекст.\n\n# III\n\nТекст.\n"
    write_project(tmp_path, "title: Анна Каренина\nlanguage: ru\nseries: {name: Классика, number: 1, total: 4}\n",
                  {"text.md": text})
    book = load_book(tmp_path)
    (five, six) = [c for c in book.chapters if c.title.startswith("Часть")]
    assert [numeral for _, numeral in numbered_parts(book)[five.id]] == [*numerals[:-1], "X. Смерть"]
    assert six.id not in numbered_parts(book)
    assert [c.title for c in contents_chapters(book)] == ["Часть пятая", "Часть шестая", "I", "II. Буря", "III"]


def test_a_parts_introduction_is_set_as_text_not_centred(tmp_path):
    """A part's text was all centred, for an epigraph: Gogol's preface under "Часть ПЕРВАЯ" ran
    centred over eight pages, a poster. Four paragraphs or more are set as text, flush left; an
    epigraph of a line or two stays centred."""
    intro = "\n\n".join([PARAGRAPH] * 4)
    text = (f"# Part One {{.part}}\n\n{intro}\n\n# Chapter I\n\n{PARAGRAPH}\n\n"
            f"# Part Two {{.part}}\n\nA short epigraph.\n\n# Chapter II\n\n{PARAGRAPH}\n")
    write_project(tmp_path, NOVEL_YAML, {"text.md": text})
    shutil.copytree(REPO / "styles", tmp_path / "styles")
    built = build_project(tmp_path, formats=("pdf",))
    document = pdfium.PdfDocument(built.pdf)

    def line_starts(page_text: str) -> tuple[list[float], float]:
        page = next(p for p in document if page_text in p.get_textpage().get_text_range())
        textpage = page.get_textpage()
        starts: dict[int, list[float]] = {}
        for i in range(textpage.count_chars()):
            left, bottom, _, _ = textpage.get_charbox(i, loose=True)
            if textpage.get_text_range(i, 1).strip():
                starts.setdefault(round(bottom), []).append(left)
        # the lines of text, not the part's title nor a folio: their first letter's place
        return [min(xs) for xs in starts.values() if len(xs) > 12], page.get_width()

    starts, width = line_starts("Prince Vasili always spoke languidly")
    # flush left: every line starts at the margin, or a paragraph's indent in (centred, each its own place)
    assert len(starts) > 10 and len({round(x - min(starts)) // 3 for x in starts}) <= 2
    assert min(line_starts("A short epigraph.")[0]) > width / 4  # centred
