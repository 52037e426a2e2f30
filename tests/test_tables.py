"""Tables as a history book has them, in all three editions: a cell of several paragraphs keeps
them apart, and on screens a table of many columns is set smaller, its figures in even columns."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from conftest import MINIMAL_YAML, Built, build_project, write_project

CHAPTER = """\
# Tables

+--------+------------------------+
| Year   | Events                 |
+========+========================+
| 1898   | Alpha first.           |
|        |                        |
|        | Beta second.           |
+--------+------------------------+
| 1904   | Gamma first.\\          |
|        | Delta second.          |
+--------+------------------------+

Table: The lease and the siege.

| Unit | 1898 | 1899 | 1900 | 1901 | 1902 | 1903 | 1904 | 1905 | Losses | Wounded | Notes |
|------|-----:|-----:|-----:|-----:|-----:|-----:|-----:|-----:|-------:|--------:|-------|
| Sappers | 1,696 | 687 | 2,327 | 8,208 | 3,655 | 4,326 | 11,110 | 7,246 | 10,367 | 5,032 | see text |
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = write_project(tmp_path_factory.mktemp("tables"), MINIMAL_YAML, {"a.md": CHAPTER})
    return build_project(root)


def _bottoms(path: Path, *words: str) -> dict[str, float]:
    """The baseline height (pt from the page's foot) of each word, on the page that holds them."""
    for page in pdfium.PdfDocument(path):
        text = page.get_textpage()
        content = text.get_text_range()
        if all(word in content for word in words):
            return {word: text.get_charbox(content.index(word))[1] for word in words}
    raise AssertionError(f"{words} are on no page")


def test_a_cells_paragraphs_stand_apart_in_print(built):
    """Without indent or space, a grid table's two paragraphs in a cell printed as one, broken
    after its first sentence: they are a line's pitch apart and a little more."""
    y = _bottoms(built.pdf, "Alpha", "Beta", "Gamma", "Delta")
    line = y["Gamma"] - y["Delta"]  # two lines of one paragraph (a hard line break)
    assert y["Alpha"] - y["Beta"] >= line + 2


@pytest.fixture(scope="module")
def browser():
    if not shutil.which("chromium"):
        pytest.skip("Chromium not found: install Debian's `chromium` to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        yield browser
        browser.close()


_FACTS = """() => {
    const box = word => {
        const p = [...document.querySelectorAll('td p')].find(p => p.textContent.includes(word));
        return p.getBoundingClientRect();
    };
    const size = el => parseFloat(getComputedStyle(el).fontSize);
    const wide = [...document.querySelectorAll('table')].find(t => t.querySelectorAll('th').length >= 12);
    return {gap: box('Beta').top - box('Alpha').bottom,
            text: size(document.body),
            wide: size(wide.querySelector('td')),
            narrow: size(document.querySelector('td')),
            numbers: getComputedStyle(wide.querySelector('td')).fontVariantNumeric};
}"""


def test_a_table_that_scrolls_on_a_phone_can_be_scrolled_with_the_keyboard(browser, built):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((built.html / "tables.html").resolve().as_uri())
        tables = page.evaluate("""() => [...document.querySelectorAll('table')].map(
            t => ({scrolls: t.scrollWidth > t.clientWidth, focusable: t.tabIndex === 0}))""")
    finally:
        page.close()
    assert any(t["scrolls"] for t in tables)
    assert all(t["focusable"] for t in tables if t["scrolls"])


def _facts(browser, url: str) -> dict:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(url)
        return page.evaluate(_FACTS)
    finally:
        page.close()


def test_on_screens_cells_keep_paragraphs_apart_and_wide_tables_are_smaller(browser, built, tmp_path):
    """The web edition set every table in the text's size: a phone showed five of twelve columns.
    The EPUB already set wide tables smaller; in both, a cell's paragraphs read as one."""
    with zipfile.ZipFile(built.epub) as z:
        z.extractall(tmp_path / "epub")
    chapter = next((tmp_path / "epub").rglob("text/tables*.xhtml"))
    for url in ((built.html / "tables.html").resolve().as_uri(), chapter.as_uri()):
        facts = _facts(browser, url)
        assert facts["gap"] >= 4, (url, facts)
        assert facts["wide"] <= 0.8 * facts["text"] and facts["narrow"] <= 0.9 * facts["text"], (url, facts)
        assert "tabular-nums" in facts["numbers"], (url, facts)  # figures in even columns


EQUAL_DASHES = """# One

| Year | Subject | Where |
|---|---|---|
| 1904 | A very long subject description that goes on and on past the seventy-two character limit | Port Arthur |

| A | B |
|------|--|
| 1 | a long second column that is longer than seventy-two characters in all, as it goes on |
"""


def test_columns_of_one_width_from_the_dashes_alone_are_set_by_their_contents(tmp_path):
    """A pipe table with a line over 72 characters took its columns' widths from the dashes
    under its header: `|---|---|---|` set a year as wide as a long description. Widths the
    author chose (unequal dashes) stay."""
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": EQUAL_DASHES}))
    page = (built.html / "one.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(built.epub) as epub:
        chapter = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("one.xhtml"))
    for html in (page, chapter):
        tables = html.split("<table")[1:]
        assert len(tables) == 2
        assert "width" not in tables[0].split("<thead")[0]  # no widths given before the header
        assert "75%" in tables[1].split("<thead")[0]
    document = pdfium.PdfDocument(built.pdf)
    text = next(p.get_textpage() for p in document if "Subject" in p.get_textpage().get_text_range())
    year, subject = (text.get_charbox(text.get_text_range().index(word))[0] for word in ("Year", "Subject"))
    width = document[0].get_size()[0]
    assert subject - year < 0.2 * width  # the year's column as narrow as its years


def test_a_plays_speakers_head_their_speeches_rows(tmp_path):
    """A play's table of speeches (`::: drama`) had only data cells: a screen reader named no
    speaker, and the tagged PDF had a table without a header cell on each of its pages (93 PDF/UA
    errors in The Importance of Being Earnest). Each speaker's cell is a row header in every
    edition, each speech tied to it; a stage direction's row, its first cell empty, has none."""
    play = ("# Act I\n\n::: drama\n| | |\n|---|---|\n| | *Enter Lane.* |\n"
            "| [Algernon]{.smallcaps} | Did you hear what I was playing, Lane? |\n"
            "| [Lane]{.smallcaps} | I didn't think it polite to listen, sir. |\n:::\n\n"
            "| Year | Event |\n|---|---|\n| 1895 | First night. |\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": play}))
    page = lxml_html.fromstring((built.html / "act-i.html").read_bytes())
    with zipfile.ZipFile(built.epub) as epub:
        chapter = next(epub.read(n) for n in epub.namelist() if n.endswith("act-i.xhtml"))
    for tree in (page, etree.fromstring(chapter)):
        rows = tree.xpath("//*[local-name()='div'][@class='drama']//*[local-name()='tr']")
        assert [[cell.tag.split("}")[-1] + cell.get("scope", "") for cell in row] for row in rows] == [
            ["td", "td"], ["throw", "td"], ["throw", "td"]]
        assert not tree.xpath("//*[local-name()='th'][contains(., '1895')]")  # other tables as they were
    cells = _cells(PdfReader(built.pdf))
    speakers = {ident for role, _, ident, _ in cells if role == "/TH" and ident}
    assert len(speakers) >= 2 + 1  # the two speakers' cells, and the other table's column heads
    speeches = [headers for role, headers, _, _ in cells if role == "/TD" and headers]
    assert len(speeches) >= 2 and all(set(headers) <= speakers for headers in speeches)


def test_a_tagged_tables_header_cells_have_their_scope(tmp_path):
    """WeasyPrint writes no /Scope on a table's header cells: PDF/UA checkers warned of every
    table on every page it runs over (99 times for Earnest's speeches). A header among data cells
    heads its row (a play's speaker), one in a row of headers its column."""
    play = ("# Act I\n\n::: drama\n| | |\n|---|---|\n| [Lane]{.smallcaps} | Yes, sir. |\n:::\n\n"
            "| Year | Event |\n|---|---|\n| 1895 | First night. |\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": play}), ("pdf",))
    heads = sorted(scope for role, _, _, scope in _cells(PdfReader(built.pdf)) if role == "/TH")
    assert heads == ["/Column", "/Column", "/Row"]


def _cells(reader) -> list[tuple[str, list, str, str]]:
    """Every table cell of a tagged PDF: its role, the headers it names, its id, its scope."""
    found = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/S") in ("/TD", "/TH"):
            attributes = node.get("/A", {})
            attributes = attributes[0] if isinstance(attributes, list) else attributes
            headers = [str(h) for h in attributes.get("/Headers", [])]
            found.append((node["/S"], headers, str(node.get("/ID", "")), str(attributes.get("/Scope", ""))))
            return
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid, "get_object"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_an_empty_header_cell_is_a_data_cell(tmp_path):
    """The Worst Journey's sledge weights: a blank head cell over two columns of figures was an
    empty <th> (pandoc makes every cell of a head row a header), which screen readers announce
    as an empty header and DAISY Ace fails ("empty-table-header"). It is a <td> in every
    edition; the head row's other cells still head their columns in the tagged PDF."""
    text = ("# Weights\n\n| | 1911 | 1912 |\n|---|---|---|\n| Sledge | 82 | 80 |\n| Cooker | 13 | 13 |\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf", "epub", "html"))
    page = lxml_html.fromstring((built.html / "weights.html").read_bytes())
    assert [[c.tag for c in row] for row in page.xpath("//table//tr")][0] == ["td", "th", "th"]
    with zipfile.ZipFile(built.epub) as z:
        xhtml = z.read(next(n for n in z.namelist() if n.endswith("weights.xhtml"))).decode()
    assert "<th></th>" not in xhtml and "<th/>" not in xhtml and "<td/>" in xhtml.replace("<td></td>", "<td/>")
    heads = sorted(scope for role, _, _, scope in _cells(PdfReader(built.pdf)) if role == "/TH")
    assert heads == ["/Column", "/Column"]


def test_a_column_of_figures_without_an_alignment_is_set_flush_right(tmp_path):
    """A weather table's monthly means ("2.2", "−3.8", "−13.6") and Keynes's tons written with
    `|---|` (or imported from an EPUB, whose alignment was in its stylesheet) were set flush
    left in every edition, their units out of line. A column of figures (a dash or a ditto mark
    among them, a note's call after one) is set flush right with its header; words stay left,
    and an alignment the table gives is kept."""
    text = ("# Weather\n\n| Element | May | Jun | Year |\n|---|---|---|:--|\n"
            "| Mean temperature | −9.9 | −13.6 | 1911 |\n| Gales (per cent) | 24.5 | — | 1911 |\n"
            "| Total | $1,320,000[^1] | 35 | 1912 |\n\n[^1]: Pounds.\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("epub", "html"))
    page = lxml_html.fromstring((built.html / "weather.html").read_bytes())
    aligned = [[(c.get("style") or "").replace(" ", "").rstrip(";") for c in row]
               for row in page.xpath("//table//tr")]
    right, left = "text-align:right", "text-align:left"
    assert aligned == [["", right, right, left]] + [["", right, right, left]] * 3
    with zipfile.ZipFile(built.epub) as z:
        xhtml = z.read(next(n for n in z.namelist() if n.endswith("weather.xhtml"))).decode()
    assert xhtml.count("text-align:right") + xhtml.count("text-align: right") == 8


def test_a_table_without_a_head_row_has_its_labels_as_row_headers(tmp_path):
    """Keynes's coal: a label and its tons in each row, no head row. The tagged PDF had a table
    without a header cell (PDF/UA checkers: "nothing identifies what the columns mean") and a
    screen reader named no row. Each row's label heads its row in every edition, set as before."""
    text = ("# Coal\n\n+----------+------------+\n| Railways | 18,000,000 |\n+----------+------------+\n"
            "| Bunkers  | 6,500,000  |\n+----------+------------+\n|          | 24,500,000 |\n"
            "+----------+------------+\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf", "html"))
    page = lxml_html.fromstring((built.html / "coal.html").read_bytes())
    assert [[c.tag + c.get("scope", "") for c in row] for row in page.xpath("//table//tr")] == [
        ["throw", "td"], ["throw", "td"], ["td", "td"]]
    cells = _cells(PdfReader(built.pdf))
    assert sorted(scope for role, _, _, scope in cells if role == "/TH") == ["/Row", "/Row"]


def test_a_table_without_a_head_row_and_an_empty_first_column_has_row_headers(tmp_path):
    """pandoc's undergradmath.typ sets a template as a table of one row, its first cell empty
    (`| | -- document body here -- |`): no label headed its row, and PDF/UA checkers refused the
    table as one without a header cell (UA-15-003). The row's first cell with words heads it."""
    text = ("# Template\n\n+---+------------------------------+\n|   |     -- document body here -- |\n"
            "+---+------------------------------+\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf", "html"))
    page = lxml_html.fromstring((built.html / "template.html").read_bytes())
    assert [[c.tag + c.get("scope", "") for c in row] for row in page.xpath("//table//tr")] == [["td", "throw"]]
    cells = _cells(PdfReader(built.pdf))
    assert [scope for role, _, _, scope in cells if role == "/TH"] == ["/Row"]


def test_a_row_label_holding_a_heading_stays_a_data_cell(tmp_path):
    """pandoc's grid table test "Multiple blocks in a cell" opens its first row's cells with
    headings (`# col 1`) and has no head row: its row labels became header cells, and the web
    edition had an <h1> inside a <th>, which HTML forbids (Nu: "The element h1 must not appear as
    a descendant of the th element"). A label holding a heading stays a data cell; the others head
    their rows."""
    text = ("# Cells\n\n+----------+-------+\n| # col 1  | # two |\n| col 1    | two   |\n+----------+-------+\n"
            "| r1 a     | b     |\n+----------+-------+\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("html",))
    page = lxml_html.fromstring((built.html / "cells.html").read_bytes())
    assert [[c.tag + c.get("scope", "") for c in row] for row in page.xpath("//table//tr")] == [
        ["td", "td"], ["throw", "td"]]
    assert not page.xpath("//th//h1")


def test_a_table_of_one_column_without_a_head_row_has_its_cells_as_row_headers(tmp_path):
    """Pandoc's tests' one-column tables ("Animal", "Vegetable"; MediaWiki's and txt2tags' of one
    cell) were tagged tables of data cells alone, which PDF/UA checkers refuse (UA-15-003)."""
    text = "# Kinds\n\n+-----------+\n| Animal    |\n+-----------+\n| Vegetable |\n+-----------+\n"
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf", "html"))
    page = lxml_html.fromstring((built.html / "kinds.html").read_bytes())
    assert [[c.tag + c.get("scope", "") for c in row] for row in page.xpath("//table//tr")] == [["throw"], ["throw"]]
    assert sorted(role + scope for role, _, _, scope in _cells(PdfReader(built.pdf))) == ["/TH/Row", "/TH/Row"]
