"""Tables as a history book has them, in all three editions: a cell of several paragraphs keeps
them apart, and on screens a table of many columns is set smaller, its figures in even columns."""

from __future__ import annotations

import shutil
import subprocess
import sys
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

Table: Losses by year.
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
            numbers: getComputedStyle(wide.querySelector('td')).fontVariantNumeric,
            captions: [...document.querySelectorAll('caption')].map(size)};
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


def test_a_table_wider_than_a_readers_page_scrolls_in_its_box_not_cut(browser, built, tmp_path):
    """The EPUB's twelve columns ran past a phone's page, cut at its edge (a reading system pages
    what overflows, it does not scroll it): a short table of many columns scrolls sideways in a
    box of its own, the page itself no wider than the screen, and takes the keyboard's focus as
    on the web."""
    with zipfile.ZipFile(built.epub) as z:
        z.extractall(tmp_path / "epub")
    chapter = next((tmp_path / "epub").rglob("text/tables*.xhtml"))
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(chapter.as_uri())
        facts = page.evaluate("""() => ({
            page: document.documentElement.scrollWidth,
            boxes: [...document.querySelectorAll('table')].map(t => {
                const box = t.parentElement;
                return {scrolls: box.scrollWidth > box.clientWidth, right: box.getBoundingClientRect().right,
                        overflow: getComputedStyle(box).overflowX, focusable: t.tabIndex === 0};
            })})""")
    finally:
        page.close()
    assert facts["page"] <= 390, facts
    wide = facts["boxes"][-1]  # the twelve columns; the grid table of two is paged as it was
    assert wide["scrolls"] and wide["right"] <= 390 and wide["overflow"] == "auto" and wide["focusable"], facts


def test_a_long_wide_table_in_the_epub_is_paged_not_boxed(tmp_path):
    """A box that scrolls is one block to a reading system paging in columns (Chromium's, as
    Thorium's): a table of 300 rows in one kept its first page and lost the rest. A table of many
    columns is boxed only when it is short."""
    def table(rows: int) -> str:
        return ("| " + " | ".join(f"H{i}" for i in range(8)) + " |\n|" + "---|" * 8 + "\n"
                + "".join("| " + " | ".join(f"{r}{i}" for i in range(8)) + " |\n" for r in range(rows)))

    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# Long\n\n{table(5)}\n{table(300)}"}),
                          ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        xhtml = etree.fromstring(z.read(next(n for n in z.namelist() if n.endswith("long.xhtml"))))
    boxed = [t.getparent().get("class") == "table-scroll" for t in xhtml.iter("{http://www.w3.org/1999/xhtml}table")]
    assert boxed == [True, False]


def _facts(browser, url: str) -> dict:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(url)
        return page.evaluate(_FACTS)
    finally:
        page.close()


def test_on_screens_cells_keep_paragraphs_apart_and_wide_tables_are_smaller(browser, built, tmp_path):
    """The web edition set every table in the text's size: a phone showed five of twelve columns.
    The EPUB already set wide tables smaller; in both, a cell's paragraphs read as one. A wide
    table's caption went down with its type (0.6em in the EPUB): it keeps every caption's size."""
    with zipfile.ZipFile(built.epub) as z:
        z.extractall(tmp_path / "epub")
    chapter = next((tmp_path / "epub").rglob("text/tables*.xhtml"))
    for url in ((built.html / "tables.html").resolve().as_uri(), chapter.as_uri()):
        facts = _facts(browser, url)
        assert facts["gap"] >= 4, (url, facts)
        assert facts["wide"] <= 0.8 * facts["text"] and facts["narrow"] <= 0.9 * facts["text"], (url, facts)
        assert "tabular-nums" in facts["numbers"], (url, facts)  # figures in even columns
        assert len(set(facts["captions"])) == 1 and len(facts["captions"]) == 2, (url, facts)  # a wide one's too


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


def test_a_column_of_figures_is_set_flush_right_beside_cells_spanning_columns(tmp_path):
    """The Infantry Drill Regulations' scores for hits end in a row across the table ("Stepping out
    of bounds, 4 points."), and an HTML table's head groups its years under one "Census": a cell
    spanning columns kept every column of figures flush left, units out of line ("4" over "12").
    The columns are found by the cells' places, a spanning cell in none."""
    grid = "+---------+---------+--------+\n"
    rows = [("Stomach", "4", ""), ("Head", "12", "2"), ("Neck", "2", "10")]
    text = ("# Scores\n\n" + grid + "| Target  | Thrusts | Cuts   |\n" + grid.replace("-", "=")
            + "".join(f"| {a:<7} | {b:<7} | {c:<6} |\n" + grid for a, b, c in rows)
            + f"| {'Out of bounds, 4 points.':<27} |\n+{'-' * 29}+\n\n"
            '<table><thead><tr><th rowspan="2">Town</th><th colspan="2">Census</th></tr>'
            "<tr><th>1901</th><th>1911</th></tr></thead><tbody><tr><td>Leeds</td><td>428.9</td><td>45.5</td></tr>"
            "<tr><td>Hull</td><td>40.3</td><td>278.0</td></tr></tbody></table>\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("html",))
    page = lxml_html.fromstring((built.html / "scores.html").read_bytes())
    right = [[c.text_content().strip() for c in table.xpath(".//*[self::td or self::th]")
              if "right" in (c.get("style") or "")] for table in page.xpath("//table")]
    assert right == [["Thrusts", "Cuts", "4", "", "12", "2", "2", "10"],
                     ["1901", "1911", "428.9", "45.5", "40.3", "278.0"]]


def test_a_first_row_of_words_over_figures_is_the_tables_head(tmp_path):
    """Chiriqui's list of illustrations and the Infantry Drill Regulations' scores came from
    Gutenberg pages whose head row is a row of <td>: "Page." over 277 pages' numbers was printed
    once, on the first of the list's 14 pages, as a row of data flush left, and the 13 others were
    tagged tables with no header cell (pdfua UA-15-003). A first row of words standing over a column
    of figures is the table's head: repeated on every page, its cells header cells (a blank one
    a data cell), set right over their figures; a row holding a figure is no head."""
    grid = "+----+-------------------+-------+\n"
    rows = [("", "", "Page.")] + [(f"{n}", f"Grave {n}", f"{n + 16}") for n in range(1, 81)]
    text = "# Figures\n\n" + grid + "".join(f"| {a:<2} | {b:<17} | {c:<5} |\n" + grid for a, b, c in rows)
    coal = "+----------+--------+\n"
    text += "\n" + coal + "".join(f"| {a:<8} | {b:<6} |\n" + coal for a, b in
                                  [("Railways", "18,000"), ("Bunkers", "6,500"), ("Total", "24,500")])
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf", "html"))
    page = lxml_html.fromstring((built.html / "figures.html").read_bytes())
    lists, coal = page.xpath("//table")
    assert [(c.tag, c.text_content()) for c in lists.xpath("thead/tr/*")] == [("td", ""), ("td", ""), ("th", "Page.")]
    assert "right" in lists.xpath("thead/tr/th")[0].get("style")
    assert not coal.xpath("thead") and coal.xpath(".//tr[1]/th/text()") == ["Railways"]  # its labels head rows
    pages = [p.extract_text() for p in PdfReader(built.pdf).pages]
    listed = [text for text in pages if "Grave" in text]
    assert len(listed) >= 3 and all("Page." in text for text in listed)
    heads = [role + scope for role, _, _, scope in _cells(PdfReader(built.pdf)) if role == "/TH"]
    assert heads.count("/TH/Column") >= len(listed)  # "Page.", tagged on each page


def test_a_column_of_figures_under_a_row_of_its_units_is_set_flush_right(tmp_path):
    """Keynes's German trade and inter-Ally loans: a row of units ("Million Dollars", "Per cent")
    under the head and over the figures kept those columns flush left, "359.65" over "37.65" out
    of line, as the units are words. A first row of words is the figures' units: set right with them."""
    text = ("# Trade\n\n| Country | Exports | Share |\n|---|---|---|\n| | Million Dollars | Per cent |\n"
            "| Great Britain | 359.65 | 14.2 |\n| India | 37.65 | 1.5 |\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("html",))
    page = lxml_html.fromstring((built.html / "trade.html").read_bytes())
    right = [[("right" in (c.get("style") or "")) for c in row.xpath("th|td")] for row in page.xpath("//table//tr")]
    assert right == [[False, True, True]] * 4


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


def test_a_table_whose_first_column_is_a_ditto_has_each_rows_first_words_as_its_header(tmp_path):
    """Chiriqui's list of illustrations prints "Fig." once, over the numbers of 277 figures, the
    cells under it blank: only that row had a header cell, and the 13 pages after the first were
    tagged tables of data cells alone (pdfua UA-15-003 on each). A first column nearly all
    blank is a ditto: each row is headed by its first cell with words; a total under labels stays a
    data row."""
    rows = [("Fig.", "[1.](#f1)", "Section of oval grave", "17")] + [
        ("", f"[{n}.](#f{n})", f"Grave number {n}", str(17 + n)) for n in range(2, 7)]
    grid = "+------+-----------+----------------------+-------+\n"
    text = "# Figures\n\n" + grid + "".join(f"| {a:<4} | {b:<9} | {c:<20} | {d:<5} |\n" + grid for a, b, c, d in rows)
    text += "".join(f"\n[Figure {n}]{{#f{n}}}\n" for n in range(1, 7))
    coal = "+----------+--------+\n"  # two labels and two totals: no ditto
    text += "\n" + coal + "".join(f"| {a:<8} | {b:<6} |\n" + coal for a, b in
                                  [("Railways", "18,000"), ("", "18,000"), ("Bunkers", "6,500"), ("", "24,500")])
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf", "html"))
    page = lxml_html.fromstring((built.html / "figures.html").read_bytes())
    figures, totals = ([[c.text_content() for c in row.xpath("th[@scope='row']")] for row in table.xpath(".//tr")]
                       for table in page.xpath("//table"))
    assert figures == [["Fig."]] + [[f"{n}."] for n in range(2, 7)]
    assert totals == [["Railways"], [], ["Bunkers"], []]
    roles = [role + scope for role, _, _, scope in _cells(PdfReader(built.pdf)) if role == "/TH"]
    assert roles == ["/TH/Row"] * 8


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


def _struct_roles(path: Path) -> list[str]:
    """The roles of the tagged PDF's structure elements, in the tree's order."""
    roles = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                roles.append(str(node["/S"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids]:
                if kid is not None and hasattr(kid, "get_object"):
                    walk(kid)

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return roles


def test_a_table_setting_pictures_side_by_side_is_layout_not_data(tmp_path):
    """Chiriqui's plates, two pictures over their captions in a Gutenberg <table class="picture">:
    a table with no header cell to be found, tagged so on each of 8 pages (pdfua UA-15-003), its
    pictures read as a grid of data (or a captioned picture made its row's header). Rows of pictures
    only, or of captions only, are a table of layout: role="presentation" (no keyboard stop on the
    web) in both, no table structure in the tagged PDF; a table of data beside it unchanged."""
    from PIL import Image

    cells = ["![A celt.](images/a.png)", "![A whorl.](images/b.png)"]
    captions = ["Fig. 14. A large celt.", "Fig. 15. A whorl."]
    rule = "+" + "+".join("-" * 30 for _ in cells) + "+\n"
    table = (rule + "|" + "|".join(f" {c:<28} " for c in cells) + "|\n" + rule
             + "|" + "|".join(f" {c:<28} " for c in captions) + "|\n" + rule)
    text = f"# Plates\n\nThe celts.\n\n{table}\n| Town | Graves |\n|---|---|\n| David | 12 |\n"
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    (root / "manuscript" / "images").mkdir()
    for name in ("a", "b"):
        Image.new("L", (120, 160), 90).save(root / "manuscript" / "images" / f"{name}.png")
    built = build_project(root, ("pdf", "epub", "html"))
    page = lxml_html.fromstring((built.html / "plates.html").read_bytes())
    plates, towns = page.xpath("//table")
    assert plates.get("role") == "presentation" and plates.get("tabindex") is None and not plates.xpath(".//th")
    assert towns.get("role") is None and towns.get("tabindex") == "0"
    with zipfile.ZipFile(built.epub) as z:
        xhtml = etree.fromstring(z.read(next(n for n in z.namelist() if n.endswith("plates.xhtml"))))
    tables = xhtml.iter("{http://www.w3.org/1999/xhtml}table")
    assert [t.get("role") for t in tables] == ["presentation", None]
    roles = _struct_roles(built.pdf)
    assert roles.count("/Table") == roles.count("/TR") - 1 == 1 and roles.count("/TD") == 2  # the towns' alone
    assert roles.count("/Figure") == 2
    result = subprocess.run([sys.executable, "-m", "pdfua", "check", str(built.pdf)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_table_of_empty_cells_is_layout_not_data(tmp_path):
    """pandoc's "Empty cells" test (`+---+---+` over `|   |   |`) was a table of two data cells with
    no header to be found: pdfua UA-15-003 in the tagged PDF. With nothing to head, it is layout."""
    text = "# Cells\n\nEmpty cells\n\n+---+---+\n|   |   |\n+---+---+\n\n| Town | Graves |\n|---|---|\n| David | 12 |\n"
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    built = build_project(root, ("pdf", "html"))
    empty, towns = lxml_html.fromstring((built.html / "cells.html").read_bytes()).xpath("//table")
    assert empty.get("role") == "presentation" and towns.get("role") is None
    result = subprocess.run([sys.executable, "-m", "pdfua", "check", str(built.pdf)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_table_of_pictures_has_no_rules(tmp_path):
    """Chiriqui's plates printed as a table: a rule between each picture and its caption and under
    the caption, as under a row of figures. A table of layout sets its pictures without rules."""
    from PIL import Image

    rule = "+" + "+".join("-" * 30 for _ in range(2)) + "+\n"
    table = (rule + "| ![A celt.](images/a.png)       | ![A whorl.](images/a.png)      |\n" + rule
             + "| Fig. 14. A large celt.         | Fig. 15. A whorl.              |\n" + rule)
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# Plates\n\nThe celts.\n\n{table}"})
    (root / "manuscript" / "images").mkdir()
    Image.new("L", (120, 160), 90).save(root / "manuscript" / "images" / "a.png")
    built = build_project(root, ("pdf",))
    page = next(p for p in pdfium.PdfDocument(built.pdf) if "large celt" in p.get_textpage().get_text_range())
    assert list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH])) == []
