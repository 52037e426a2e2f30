"""Nothing runs off the page: tables wider than the text block are set smaller until they fit
(print_tables.py), one that cannot fit even in the smallest type is reported, by caption and
chapter, every build; a line of code longer than the measure wraps, unhyphenated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from conftest import EPOCH, MINIMAL_YAML, REPO, pdf_fonts, write_project
from publish.build import build

RIGHT_MARGIN_PT = 0.6 * 72  # print.css's narrowest side margin (the outer one of a recto)


def _table(columns: int, word: str, caption: str) -> str:
    head = "| " + " | ".join(f"Region {i}" for i in range(1, columns + 1)) + " |"
    rule = "|" + "|".join("---" for _ in range(columns)) + "|"
    rows = ["| " + " | ".join(word if i % 3 == 0 else f"{r}{i:03}" for i in range(1, columns + 1)) + " |"
            for r in range(1, 4)]
    return "\n".join([head, rule, *rows]) + f"\n\nTable: {caption}\n"


def _project(root: Path, table: str) -> Path:
    write_project(root, MINIMAL_YAML, {"01.md": f"# Garrisons\n\nThe garrisons by region.\n\n{table}\nThe end.\n"})
    shutil.copytree(REPO / "styles", root / "styles")
    return root


def _build(root: Path, caplog) -> tuple[pdfium.PdfDocument, list[str]]:
    caplog.clear()
    build(root, root / "build", ("pdf",), jobs=1)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    return pdfium.PdfDocument(next((root / "build").glob("*.pdf")).read_bytes()), warnings


def _rightmost(doc: pdfium.PdfDocument, word: str) -> tuple[float, float, int]:
    """The right edge of the rightmost character of the page holding `word`, the page's
    width, and how often the word is there."""
    for page in doc:
        text = page.get_textpage()
        content = text.get_text_range()
        if word in content:
            right = max(text.get_charbox(i)[2] for i in range(text.count_chars()))
            return right, page.get_size()[0], content.count(word)
    raise AssertionError(f"{word} is on no page")


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_a_table_too_wide_for_the_text_block_is_set_smaller_to_fit(tmp_path, caplog):
    root = _project(tmp_path / "book", _table(12, "Smolensk", "Twelve regions."))
    doc, warnings = _build(root, caplog)
    right, width, count = _rightmost(doc, "Smolensk")
    assert count == 12  # every cell there, none cut at the page's edge
    assert right <= width - RIGHT_MARGIN_PT + 1  # inside the text block
    assert warnings == []


def test_a_table_that_cannot_fit_is_reported_on_every_build(tmp_path, caplog):
    root = _project(tmp_path / "book", _table(30, "Vladivostok", "Far too wide."))
    _, warnings = _build(root, caplog)
    expected = 'the table "Far too wide." in "Garrisons" is wider than the text block even in 5 pt type'
    assert [w for w in warnings if expected in w] == [warnings[0]] and len(warnings) == 1
    (root / "manuscript" / "01.md").write_text(
        (root / "manuscript" / "01.md").read_text(encoding="utf-8").replace("The end.", "The end!"), encoding="utf-8")
    _, again = _build(root, caplog)  # the chapter typeset again
    assert again == warnings
    shutil.rmtree(root / "build" / "html", ignore_errors=True)
    (root / "manuscript" / "01.md").write_text(
        (root / "manuscript" / "01.md").read_text(encoding="utf-8").replace("The end!", "The end."), encoding="utf-8")
    _, cached = _build(root, caplog)  # its part from the cache: said all the same
    assert cached == warnings


def test_a_table_without_a_caption_that_cannot_fit_is_named_by_its_first_cells(tmp_path, caplog):
    table = _table(30, "Vladivostok", "x").rsplit("\n\nTable:", 1)[0] + "\n"  # no caption (pandoc's test 9346)
    _, warnings = _build(_project(tmp_path / "book", table), caplog)
    assert len(warnings) == 1
    assert 'the table "Region 1 | Region 2 | Region 3 | Region 4 | Region 5 | Regio…" in "Garrisons"' \
        in warnings[0]


def test_a_long_line_of_code_wraps_inside_the_text_block_unhyphenated(tmp_path, caplog):
    token = "the_identifier_" + "_and_on" * 14 + "_end"
    root = _project(tmp_path / "book", f"    {token} = 1\n")
    doc, _ = _build(root, caplog)
    right, width, _ = _rightmost(doc, "the_identifier")
    assert right <= width - RIGHT_MARGIN_PT + 1
    page = next(p for p in doc if "the_identifier" in p.get_textpage().get_text_range())
    lines = page.get_textpage().get_text_range().replace("\r", "").split("\n")
    code = [line for line in lines if "_and_on" in line]
    assert len(code) >= 2 and "".join(code).replace(" = 1", "") == token  # wrapped, nothing added


def test_a_code_block_keeps_its_columns(tmp_path, caplog):
    """Code is set in the code face: the bars of an ASCII table in a code block stand one above
    the other, line after line, and the face is the one styles/fonts/mono.css names."""
    code = ("    +----------+---------+\n    | Fruit    | Price   |\n    +==========+=========+\n"
            "    | Bananas  | $1.34   |\n    | Oranges  | $2.10   |\n    +----------+---------+\n")
    doc, _ = _build(_project(tmp_path / "book", code), caplog)
    (page,) = [p for p in doc if "Bananas" in p.get_textpage().get_text_range()]
    text = page.get_textpage()
    rows: dict[int, list[float]] = {}
    for i in range(text.count_chars()):
        if text.get_text_range(i, 1) == "|":
            left, bottom, _, _ = text.get_charbox(i)
            rows.setdefault(round(bottom), []).append(round(left, 1))
    assert len(rows) == 3 and len({tuple(xs) for xs in rows.values()}) == 1, rows
    fonts = {name for name, _ in pdf_fonts(next((tmp_path / "book" / "build").glob("*.pdf")))}
    assert "Book-Mono" in fonts


def _page_texts(doc: pdfium.PdfDocument) -> list[str]:
    return [page.get_textpage().get_text_range() for page in doc]


def test_a_table_row_is_never_split_over_a_page_turn(tmp_path, caplog):
    """Rows of tall cells in a long table: each row's date and its count are on one page
    (a split row's cells read as two rows)."""
    rows = "\n".join(f"| Day{n:03} | Retvizan | Begin{n:03} shelled from the sea by the Japanese squadron, returned "
                     f"the fire of the shore batteries End{n:03} | Tally{n:03} |" for n in range(1, 61))
    table = f"| Date | Ship | Remarks | Casualties |\n|------|------|---------|-----------:|\n{rows}\n\nTable: Log.\n"
    doc, _ = _build(_project(tmp_path / "book", table), caplog)
    pages = _page_texts(doc)
    for n in range(1, 61):
        found = {word: [i for i, text in enumerate(pages) if f"{word}{n:03}" in text]
                 for word in ("Day", "Begin", "End", "Tally")}
        assert len({tuple(p) for p in found.values()}) == 1 and len(found["Day"]) == 1, f"row {n}: {found}"
    assert len({i for n in range(1, 61) for i, t in enumerate(pages) if f"Day{n:03}" in t}) >= 3  # it did break


def test_a_table_caption_goes_over_the_page_with_its_table(tmp_path, caplog):
    """Tables after text of growing length, so that some fall at a page's foot: each one's
    caption is on the page of its first row, never left alone at the foot of the page before."""
    words = "The Battle of Mukden was among the largest land battles fought before the First World War"
    parts = []
    for n in range(1, 41):  # without the rule, tables 11, 19, 22 and 35 lost their captions
        rows = "\n".join(f"| Row{n:02}{r} | 123,500 | 105,200 |" for r in "abc")
        parts.append(f"{words}, {' '.join(['along a front of more than a hundred kilometres'] * (n % 9))}.\n\n"
                     f"Table: Cap{n:02} strength.\n\n| Month | Russian | Japanese |\n|---|--:|--:|\n{rows}\n")
    doc, _ = _build(_project(tmp_path / "book", "\n".join(parts)), caplog)
    pages = _page_texts(doc)
    for n in range(1, 41):
        caption = [i for i, text in enumerate(pages) if f"Cap{n:02}" in text]
        first = [i for i, text in enumerate(pages) if f"Row{n:02}a" in text]
        assert caption == first, f"table {n}: caption on page {caption}, first row on page {first}"


def test_a_rows_label_stands_by_the_first_line_of_a_long_cell(tmp_path, caplog):
    """A play imported as a table of speeches: the speaker was centred against the speech
    beside it (the cells' default `middle`); the first lines of a row's cells now align."""
    speech = "Begin " + "of a long speech that runs on over several lines of the column, " * 4 + "End"
    table = f"| Speaker | Speech |\n|---|---|\n| Algernon | {speech} |\n| Lane | Yes, sir. |\n"
    doc, _ = _build(_project(tmp_path / "book", table), caplog)
    (page,) = [page for page in doc if "Algernon" in page.get_textpage().get_text_range()]
    text = page.get_textpage()
    content = text.get_text_range()

    def baseline(word: str) -> float:
        return text.get_charbox(content.index(word))[1]  # the bottom of its capital

    assert abs(baseline("Algernon") - baseline("Begin")) < 0.5
    assert baseline("End") < baseline("Begin") - 30  # the speech runs over several lines


def test_a_long_caption_over_a_narrow_table_is_not_set_in_a_narrow_column(tmp_path, caplog):
    """A caption is set in its table's width: over two columns of figures a long one ran down
    in short, hyphenated lines ("Population of the / Kwantung Leased / Territory, census of /
    …"); the table is set wider, the caption in two lines."""
    caption = "Population of the Kwantung Leased Territory, census of 1899. Figures for the islands are estimates."
    table = f"| District | Total |\n|---|--:|\n| Port Arthur | 10,870 |\n| Dalny | 15,178 |\n\nTable: {caption}\n"
    doc, _ = _build(_project(tmp_path / "book", table), caplog)
    page = next(p for p in doc if "Kwantung" in p.get_textpage().get_text_range())
    lines = page.get_textpage().get_text_range().split("\r\n")
    first = next(n for n, line in enumerate(lines) if line.startswith("Population"))
    last = next(n for n, line in enumerate(lines) if line.rstrip().endswith("estimates."))
    assert last - first + 1 == 2


def test_a_short_table_stays_whole_and_a_long_one_keeps_two_rows_each_side(tmp_path, caplog):
    """Tables after text of growing length, so that each falls at a page's foot somewhere: one
    of five rows is never parted, one of fourteen never leaves a row alone on a page."""
    words = "The Battle of Mukden was among the largest land battles fought before the First World War"
    parts = []
    for n in range(1, 31):
        size = 5 if n % 2 else 14
        rows = "\n".join(f"| R{n:02}x{r:02} | 123,500 | 105,200 |" for r in range(size))
        parts.append(f"{words}, {' '.join(['along a front of more than a hundred kilometres'] * (n % 11))}.\n\n"
                     f"| Month | Russian | Japanese |\n|---|--:|--:|\n{rows}\n")
    doc, _ = _build(_project(tmp_path / "book", "\n".join(parts)), caplog)
    pages = _page_texts(doc)
    parted = 0
    for n in range(1, 31):
        size = 5 if n % 2 else 14
        on = [next(i for i, text in enumerate(pages) if f"R{n:02}x{r:02}" in text) for r in range(size)]
        counts = [on.count(page) for page in sorted(set(on))]
        if size == 5:
            assert len(counts) == 1, f"table {n} parted: {counts}"
        else:
            assert min(counts) >= 2, f"table {n}: rows on each page {counts}"
            parted += len(counts) > 1
    assert parted >= 2  # some long tables did go over a page


def test_a_plays_table_of_speeches_is_set_as_text(tmp_path, caplog):
    """The Importance of Being Earnest imported from Standard Ebooks: its speeches, a table in a
    `::: drama` div, were set as data (9 pt by the text's 10.5, a rule under every row). Now at
    the text's size; and a speaker never stands alone at a page's foot, the speech overleaf (a
    row let split left "ALGERNON" so on two pages of three: the speech's cell keeps two lines
    together, the name's has one)."""
    rows = "\n".join(f"| [Speaker{n % 3}]{{.smallcaps}} | Reply{n:03} {'words of the speech run on. ' * (1 + n % 5)}|"
                     for n in range(160))
    table = f"::: drama\n| | |\n|---|---|\n{rows}\n:::\n"
    doc, _ = _build(_project(tmp_path / "book", table), caplog)

    def height(word: str) -> float:  # of its capital, in the page's points
        for page in doc:
            text = page.get_textpage()
            content = text.get_text_range()
            if word in content:
                box = text.get_charbox(content.index(word))
                return box[3] - box[1]
        raise AssertionError(word)

    assert abs(height("Reply000") - height("The garrisons")) < 0.2
    pages = [text.split("\r\n") for text in _page_texts(doc) if "Reply" in text]
    assert len(pages) > 4
    # The last line of the text: pdfium gives the folio (and the running head) last.
    last = [[line for line in lines[:-1] if line.strip() not in ("Garrisons", "A Small Book")][-1] for lines in pages]
    assert not [line for line in last if line.strip().startswith("Speaker") and "Reply" not in line]


def test_a_long_speech_goes_over_a_page_turn_with_its_speaker(tmp_path, caplog):
    """Lady Bracknell's eighteen lines went whole to the next page, as every row of a play's table
    does, and left half a page empty before them (The Importance of Being Earnest, 114 pages). A
    long speech now goes over a page turn as a paragraph does, and begins on the page its
    speaker's name is on: never the name alone at a page's foot, nor the speech's first lines
    there without it."""
    long = "words of a long speech that runs on and on. " * 16
    rows = "\n".join(f"| [Speaker{n % 3}]{{.smallcaps}} | "
                     + (f"Long{n:03}first {long}Long{n:03}last |" if n % 6 == 5 else f"Reply{n:03} a short one. |")
                     for n in range(72))
    doc, _ = _build(_project(tmp_path / "book", f"::: drama\n| | |\n|---|---|\n{rows}\n:::\n"), caplog)
    pages = _page_texts(doc)

    def page_of(word: str) -> int:
        return next(n for n, text in enumerate(pages) if word in text)

    speeches = [n for n in range(72) if n % 6 == 5]
    assert any(page_of(f"Long{n:03}first") != page_of(f"Long{n:03}last") for n in speeches)
    for n in speeches:
        (line,) = [line for line in pages[page_of(f"Long{n:03}first")].split("\r\n") if f"Long{n:03}first" in line]
        assert line.strip().startswith(f"Speaker{n % 3}"), line
    last = [[line for line in text.split("\r\n")[:-1] if line.strip() not in ("Garrisons", "A Small Book")][-1]
            for text in pages if "Reply" in text]
    assert not [line for line in last
                if line.strip().startswith("Speaker") and "Reply" not in line and "Long" not in line]


def test_a_row_of_pictures_stays_on_the_page(tmp_path, caplog):
    """Plates side by side in a table (The Ancient Art of the Province of Chiriqui, Gutenberg): a
    cell opening with a figure has its baseline at the picture's foot, and the cell beside it, its
    picture under an anchor's line, was set from there: the row twice the picture's height, the
    second picture drawn past the foot of the page, over the folio and off the trim."""
    from PIL import Image

    root = tmp_path / "book"
    def row(*cells: str) -> str:
        return "|" + "|".join((" " + cell).ljust(53) for cell in cells) + "|"

    rule = "+" + "-" * 53 + "+" + "-" * 53 + "+"
    table = "\n".join([
        rule, row("[ ]{#fig14}\\", '![A blade.](images/b.png){width="74" height="418"}'),
        row('![A celt.](images/a.png){width="207" height="421"}', ""), rule,
        "|" + " Fig. 14. Two celts.".ljust(107) + "|", "+" + "-" * 107 + "+"]) + "\n"
    write_project(root, MINIMAL_YAML, {"01.md": f"# Celts\n\nThe celts.\n\n{table}\nThe end.\n"})
    (root / "manuscript" / "images").mkdir()
    for name, size in (("a.png", (207, 421)), ("b.png", (74, 418))):
        Image.new("L", size, 90).save(root / "manuscript" / "images" / name)
    doc, _ = _build(root, caplog)
    pictures = []
    for page in doc:
        for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
            left, bottom, right, top = obj.get_bounds()
            pictures.append((round(top - bottom), round(bottom)))
    # Both whole, above the bottom margin (0.8 in) and nowhere near it: the row is one picture high.
    assert len(pictures) == 2 and all(bottom > 0.8 * 72 for _, bottom in pictures), pictures


def test_a_row_of_pictures_wider_than_the_text_block_is_fitted_to_it(tmp_path, caplog):
    """Three spindle whorls side by side (Chiriqui's Figs. 218–220, 136, 150 and 169 pixels wide
    at 96 to the inch, with their captions): WeasyPrint gave each column its picture's whole width,
    setting the type smaller changed nothing, and the row ran 44 pt past the text block, the third
    picture cut at the trim, without a word. The columns are set across the text block instead,
    each picture fitted to its own."""
    from PIL import Image

    root = tmp_path / "book"
    cells = [f'[ ]{{#fig{n}}}\\\n![A whorl.](images/w{n}.png){{width="{w}" height="{h}"}}'
             for n, w, h in ((218, 136, 85), (219, 150, 160), (220, 169, 133))]
    rule = "  " + " ".join("-" * 70 for _ in cells)
    rows = ["  " + " ".join(cell.split("\n")[line].ljust(70) for cell in cells) for line in (0, 1)]
    caption = "  " + " ".join(f"Fig. {n}. A spindle whorl of gray clay.".ljust(70) for n in (218, 219, 220))
    table = "\n".join([rule, *rows, "", caption, rule]) + "\n"
    write_project(root, MINIMAL_YAML, {"01.md": f"# Whorls\n\nThe whorls.\n\n{table}\nThe end.\n"})
    (root / "manuscript" / "images").mkdir()
    for n, w, h in ((218, 136, 85), (219, 150, 160), (220, 169, 133)):
        Image.new("L", (w * 3, h * 3), 90).save(root / "manuscript" / "images" / f"w{n}.png")
    doc, _ = _build(root, caplog)
    rights = [obj.get_bounds()[2] for page in doc for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])]
    width = doc[0].get_size()[0]
    assert len(rights) == 3 and max(rights) <= width - RIGHT_MARGIN_PT + 1, (rights, width)


def test_a_table_too_wide_even_in_the_smallest_type_is_not_cut_at_the_trim(tmp_path, caplog):
    """Twelve columns of rainfall in tenths of an inch ("84,742.53") came 3 pt wider than the text
    block in 5 pt type, sixteen columns of words 200 pt: they were warned of and printed so, their
    last columns past the margin and cut at the trim, which a print shop refuses. Such a table is
    set in columns across the text block, its longest words broken, and still warned of."""
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov".split()
    rain = "\n".join(["| Year | " + " | ".join(months) + " |", "|" + "---|" * 12]
                     + [f"| {year} | " + " | ".join(f"{year * 41 + m:,}.29" for m in range(11)) + " |"
                        for year in range(1900, 1904)]) + "\n\nTable: Rainfall.\n"
    root = _project(tmp_path / "book", _table(30, "Vladivostok", "Far too wide.") + "\n" + rain)
    doc, warnings = _build(root, caplog)
    for caption in ("Far too wide", "Rainfall"):
        right, width, _ = _rightmost(doc, caption)
        assert right <= width - RIGHT_MARGIN_PT + 1, (caption, right, width)
    # The rainfall fits turned a quarter on a page of its own (print_turns.py); thirty columns do not even so.
    assert len(warnings) == 1 and "Far too wide" in warnings[0] and "split it into narrower tables" in warnings[0]
    text = "".join(page.get_textpage().get_text_range() for page in doc)
    assert all(f"{year * 41 + m:,}.29" in text for year in range(1900, 1904) for m in range(11))  # figures whole


def _font_size(doc: pdfium.PdfDocument, word: str) -> float:
    """The type size of the first character of `word` where it first stands (in CSS pixels,
    as WeasyPrint writes it: only compared)."""
    for page in doc:
        text = page.get_textpage()
        content = text.get_text_range()
        if word in content:
            return round(pdfium.raw.FPDFText_GetFontSize(text.raw, content.index(word)), 1)
    raise AssertionError(f"{word} is on no page")


def test_a_wide_tables_caption_keeps_the_captions_size(tmp_path, caplog):
    """A table of twelve columns is set in 6.5 pt, then smaller to fit, and its caption went down
    with it (to 5 pt, "Rainfall in the twelve stations" barely legible over its table): the
    caption, the table's title, is set in the size of every table's caption."""
    root = _project(tmp_path / "book", _table(12, "Smolensk", "Twelve regions.") + "\n"
                    + _table(3, "Tver", "Three regions."))
    doc, _ = _build(root, caplog)
    nine = _font_size(doc, "Tver")  # a table of three columns is set in 9 pt, as its caption
    assert _font_size(doc, "Smolensk") < nine * 6.5 / 9  # the wide table itself still set small to fit
    assert _font_size(doc, "Twelve regions") == _font_size(doc, "Three regions") == nine


def test_a_paragraph_leading_into_a_table_goes_over_with_it(tmp_path, caplog):
    """"A multiline table:" stood alone at the foot of a page, its table (never parted) on the
    next. A paragraph ending in a colon right before a table goes over the page turn with it."""
    table = "| Year | Tons |\n|---|---|\n" + "".join(f"| {1900 + n} | {n * 37} |\n" for n in range(8))
    chapters = [f"# Part {n}\n\n" + "".join(f"Line {i} of the text.\n\n" for i in range(n))
                + f"The tons were {n}:\n\n{table}" for n in range(22, 40)]
    root = tmp_path / "book"
    write_project(root, MINIMAL_YAML, {"01.md": "\n".join(chapters)})
    shutil.copytree(REPO / "styles", root / "styles")
    doc, _ = _build(root, caplog)
    pages = [" ".join(page.get_textpage().get_text_range().replace("\u00a0", " ").split()) for page in doc]
    for n in range(22, 40):
        lead = next(i for i, text in enumerate(pages) if f"The tons were {n}:" in text)
        assert pages[lead].endswith(f"1907 {7 * 37}") or f"1907 {7 * 37} " in pages[lead], (n, pages[lead][-200:])


def test_a_heading_word_is_not_hyphenated_where_its_table_has_room(tmp_path, caplog):
    """pandoc's tables/nordics: the grid's dashes gave the figures' columns 15/80 of the measure,
    and their heading printed "Popula-" over "tion" beside columns of empty space."""
    rule = "+-----------------------+-----------------------+---------------+---------------+"
    rows = [("Denmark", "Copenhagen", "5,809,502", "43,094"), ("Sweden", "Stockholm", "10,313,447", "450,295")]
    body = "".join(f"| {a:<21} | {b:<21} | {c:<13} | {d:<13} |\n{rule}\n" for a, b, c, d in rows)
    table = (f"{rule}\n| Name                  | Capital               | Population    | Area          |\n"
             f"{rule.replace('-', '=')}\n{body}\n")
    doc, _ = _build(_project(tmp_path / "book", table), caplog)
    text = "".join(page.get_textpage().get_text_range() for page in doc)
    assert "Population" in text and "Popula-" not in text.replace("\u2010", "-").replace("\ufffe", "-")
