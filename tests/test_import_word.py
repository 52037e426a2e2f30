"""`publish import` on Word and LibreOffice files as authors write them: bookmarks, pictures,
their own contents, chapter titles in bold, a title page and dedication typed at the top."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pypandoc
import pytest
import yaml

from conftest import emf_bytes
from publish.errors import PublishError
from publish.importer import import_text


def _document(tmp_path: Path, blocks: list, name: str = "manuscript.docx") -> Path:
    """A .docx (or .odt) pandoc writes from its own JSON, for what Markdown cannot say."""
    source = tmp_path / "source.json"
    source.write_text(json.dumps({"pandoc-api-version": [1, 23, 1, 1], "meta": {}, "blocks": blocks}),
                      encoding="utf-8")
    doc = tmp_path / name
    writer = ["-t", "docx+empty_paragraphs"] if name.endswith(".docx") else []  # Word keeps them
    subprocess.run([pypandoc.get_pandoc_path(), "-f", "json", str(source), *writer, "-o", str(doc)],
                   check=True, capture_output=True)
    return doc


def _words(text: str) -> list:
    out: list = []
    for k, word in enumerate(text.split()):
        out += [{"t": "Space"}] * bool(k) + [{"t": "Str", "c": word}]
    return out


def test_a_bookmark_named_with_spaces_is_an_anchor_its_links_lead_to(tmp_path):
    """A bookmark named "an anchor" (LibreOffice takes any name) was written `[]{#an anchor}`,
    which pandoc reads back as text: the import refused the document ('the import would change
    words: added an, anchor'). It is `#an-anchor`, and so are the links to it."""
    anchor = {"t": "Span", "c": [["an anchor", [], []], _words("Some")]}
    link = {"t": "Link", "c": [["", [], []], _words("there"), ["#an anchor", ""]]}
    doc = _document(tmp_path, [{"t": "Para", "c": [anchor, {"t": "Space"}, *_words("text.")]},
                               {"t": "Para", "c": [*_words("See"), {"t": "Space"}, link]}])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "{#an-anchor" in markdown and "[there](#an-anchor)" in markdown


def test_a_picture_not_found_leaves_no_empty_figure(tmp_path):
    """A picture linked rather than embedded (pandoc's imageRelative.odt: `../../../lalune.jpg`),
    alone in its paragraph, became a figure of nothing, written as raw `<figure>` tags: the import
    refused the document ('would change words: added <figure>'). It goes, and one with a
    description leaves that description in an illustration's place, with a warning saying what to do."""
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Before.</p><p><img src='../gone/moon.jpg'></p>"
                    "<p><img src='../gone/sun.jpg' alt='The sun at noon'></p><p>After.</p></body></html>",
                    encoding="utf-8")
    into = tmp_path / "book" / "manuscript"
    report = import_text(page, into, language="en")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.split() == "Before. ::: illustration The sun at noon ::: After.".split()
    assert any("moon.jpg' not found" in w and "images/" in w for w in report.warnings)


def _entry(title: str, page: str, target: str) -> dict:
    """A Word contents entry: a link to the heading, the page number a link inside it (PAGEREF)."""
    number = {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": page}], [f"#{target}", ""]]}
    return {"t": "Para", "c": [{"t": "Link", "c": [["", [], []], [*_words(title), {"t": "Space"}, number],
                                                    [f"#{target}", ""]]}]}


def test_words_own_contents_under_a_heading_with_page_links_inside_is_set_aside(tmp_path):
    """Word's own table of contents: its title a heading ("Contents", in the TOC Heading style),
    each entry a link to a chapter with its page number a link inside it. The nested links were
    written `[The Storm [3](#the-storm)](#the-storm)`, read back as brackets and text: the import
    refused the document (pandoc's nested_anchors_in_header.docx). The list is set aside."""
    heading = {"t": "Header", "c": [1, ["", [], []], _words("Contents")]}
    chapters = []
    for title in ("The Storm", "The Letter"):
        chapters += [{"t": "Header", "c": [1, [title.lower().replace(" ", "-"), [], []], _words(title)]},
                     {"t": "Para", "c": _words("Text of the chapter.")}]
    doc = _document(tmp_path, [heading, _entry("The Storm", "3", "the-storm"),
                               _entry("The Letter", "9", "the-letter"), *chapters])
    into = tmp_path / "book" / "manuscript"
    report = import_text(doc, into, language="en")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith("# The Storm") and "Contents" not in markdown
    aside = (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    assert "[The Storm 3](#the-storm)" in aside and "Contents" in aside
    assert any("table of contents (2 entries)" in d for d in report.decisions)


def _bold(text: str) -> dict:
    return {"t": "Para", "c": [{"t": "Strong", "c": _words(text)}]}


def test_a_bold_title_under_a_chapters_label_is_joined_to_its_heading(tmp_path):
    """A Word author's "Chapter One" (bold, centred) over "The Storm" (bold) made the heading
    "Chapter One" and a bold paragraph under it, the title out of the contents; they are one
    heading, as a plain text's "CHAPTER II" over "THE STORM" is. A chapter without one stays."""
    text = {"t": "Para", "c": _words("The wind had been rising since noon.")}
    doc = _document(tmp_path, [_bold("Chapter One"), _bold("The Storm"), text,
                               _bold("Chapter Two"), text, _bold("Chapter Three"), _bold("The Letter"), text])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings == ["# Chapter One. The Storm", "# Chapter Two", "# Chapter Three. The Letter"]


def test_a_bold_title_under_a_chapter_heading_styled_so_is_joined_too(tmp_path):
    """The same with the label in a Heading style ("Глава первая") and the title typed in bold under it."""
    text = {"t": "Para", "c": _words("Ветер поднимался с полудня.")}
    doc = _document(tmp_path, [{"t": "Header", "c": [1, ["", [], []], _words("Глава первая")]}, _bold("Буря"), text,
                               {"t": "Header", "c": [1, ["", [], []], _words("Глава вторая")]}, text])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="ru")
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings == ["# Глава первая. Буря", "# Глава вторая"]


def _styled(style: str, text: str) -> dict:
    """A paragraph in a Word style of that name (Title, Subtitle), as pandoc's custom-style writes it."""
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], [{"t": "Para", "c": _words(text)}]]}


def test_the_author_and_dedication_typed_under_a_styled_title_go_to_book_yaml(tmp_path):
    """A Word author's title page: the title and subtitle in Word's Title and Subtitle styles, the
    author's name typed under them and a dedication in italics before the first chapter. The name
    and the dedication were the text's first page, an untitled chapter before Chapter One; they
    are book.yaml's authors and dedication."""
    dedication = {"t": "Para", "c": [{"t": "Emph", "c": _words("For my mother, who kept the light burning.")}]}
    doc = _document(tmp_path, [_styled("Title", "The Lighthouse Keeper's Daughter"), _styled("Subtitle", "A Novel"),
                               {"t": "Para", "c": _words("Margaret Ellison")}, dedication,
                               {"t": "Header", "c": [1, ["", [], []], _words("Chapter One")]},
                               {"t": "Para", "c": _words("The wind had been rising since noon.")}])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["title"] == "The Lighthouse Keeper's Daughter" and book["subtitle"] == "A Novel"
    assert book["authors"] == [{"name": "Margaret Ellison"}]
    assert book["dedication"] == "For my mother, who kept the light burning."
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# Chapter One\n")


def test_a_short_paragraph_before_the_first_chapter_that_dedicates_nothing_stays(tmp_path):
    """Only a dedication's opening ("For …", "To …", "Моей …") makes one: a note before the first
    chapter stays in the text."""
    doc = _document(tmp_path, [_styled("Title", "The Lighthouse"),
                               {"t": "Para", "c": _words("Third draft, not for circulation.")},
                               {"t": "Header", "c": [1, ["", [], []], _words("Chapter One")]},
                               {"t": "Para", "c": _words("The wind had been rising since noon.")}])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert "dedication" not in book
    assert (into / "text.md").read_text(encoding="utf-8").startswith("Third draft")


def test_an_odt_documents_comment_and_tracked_changes_are_said(tmp_path):
    """LibreOffice keeps a document's tracked changes and comments as Word does, and pandoc accepts
    the changes and drops the comments there too (its trackedChanges.odt: 'deleted' gone without a
    word); the import said so for a .docx only. One comment is 'it', not 'them'."""
    doc = _document(tmp_path, [{"t": "Para", "c": _words("Some text with inserted text.")}], "review.odt")
    with zipfile.ZipFile(doc) as odt:
        parts = {name: odt.read(name) for name in odt.namelist()}
    change = ('<text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Ed</dc:creator>'
              '</office:change-info><text:p>deleted</text:p></text:deletion></text:changed-region>')
    content = parts["content.xml"].decode("utf-8").replace(
        "<office:text>", f"<office:text><text:tracked-changes>{change * 2}</text:tracked-changes>", 1)
    content = content.replace("Some text", '<office:annotation><dc:creator>Ed</dc:creator><text:p>Check.</text:p>'
                              "</office:annotation>Some text", 1)
    parts["content.xml"] = content.encode("utf-8")
    with zipfile.ZipFile(doc, "w") as odt:
        for name, data in parts.items():
            odt.writestr(name, data)
    report = import_text(doc, tmp_path / "book" / "manuscript", language="en")
    said = " ".join(report.warnings)
    assert "1 comment in the document not imported: read it in LibreOffice" in said
    assert "2 tracked changes accepted as they stand" in said and "review them in LibreOffice" in said


def _heading(text: str, level: int = 1) -> dict:
    return {"t": "Header", "c": [level, ["", [], []], _words(text)]}


def test_a_title_typed_as_the_first_heading_over_a_by_line_is_the_books(tmp_path):
    """A Word author who sets every title in Heading 1: the book's title first, "by Margaret
    Ellison" under it, then "Chapter One". The book was 'Untitled', its first chapter "The
    Lighthouse Keeper's Daughter", one line long. The title and author go to book.yaml (the
    "by" counted as the title page's wording, not a word lost)."""
    text = {"t": "Para", "c": _words("The wind had been rising since noon.")}
    doc = _document(tmp_path, [_heading("The Lighthouse Keeper's Daughter"), {"t": "Para", "c": _words(
        "by Margaret Ellison")}, _heading("Chapter One"), text, _heading("Chapter Two"), text])
    into = tmp_path / "book" / "manuscript"
    report = import_text(doc, into, language="en")
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["title"] == "The Lighthouse Keeper's Daughter" and book["authors"] == [{"name": "Margaret Ellison"}]
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# Chapter One\n")
    assert report.words_in == report.words_out + report.words_moved + 1


def test_a_first_heading_over_text_stays_a_chapter(tmp_path):
    """A first chapter with a title of its own ("The Storm" over its text) is no title page."""
    text = {"t": "Para", "c": _words("The wind had been rising since noon, and it rose all night.")}
    doc = _document(tmp_path, [_heading("The Storm"), text, _heading("The Letter"), text])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# The Storm\n")


def test_a_highlight_is_taken_off_and_an_underline_set_in_italics(tmp_path):
    """A Word author's highlight ("twice", marked yellow to come back to) was written `[twice]{.mark}`
    and shown yellow in the web edition; an underline ("understood") was printed underlined, where
    a manuscript's underline asks for italics. The highlight goes, with a warning; the underline is italics."""
    mark = {"t": "Span", "c": [["", ["mark"], []], _words("twice")]}
    underline = {"t": "Underline", "c": _words("understood")}
    doc = _document(tmp_path, [{"t": "Para", "c": [*_words("She read it"), {"t": "Space"}, mark, {"t": "Space"},
                                                   *_words("before she"), {"t": "Space"}, underline,
                                                   {"t": "Space"}, *_words("it.")]}])
    into = tmp_path / "book" / "manuscript"
    report = import_text(doc, into, language="en")
    assert (into / "text.md").read_text(encoding="utf-8").strip() == "She read it twice before she *understood* it."
    assert any("1 highlighted passage" in w for w in report.warnings)


def test_a_picture_without_a_description_is_named(tmp_path):
    """A picture pasted into Word without Alt Text came in as `![](images/rId10.png)`, which the
    print edition's PDF/UA tagging and the EPUB's readers can say nothing of; the import said
    nothing (lint's I001 did, later). It names it, and one described is not named."""
    from PIL import Image

    Image.new("RGB", (40, 30), (200, 220, 240)).save(tmp_path / "lighthouse.png")
    Image.new("RGB", (40, 30), (20, 20, 40)).save(tmp_path / "night.png")
    picture = {"t": "Image", "c": [["", [], []], [], [str(tmp_path / "lighthouse.png"), ""]]}
    described = {"t": "Image", "c": [["", [], []], _words("The harbour at night"), [str(tmp_path / "night.png"), ""]]}
    doc = _document(tmp_path, [{"t": "Para", "c": _words("The photograph:")}, {"t": "Para", "c": [picture]},
                               {"t": "Para", "c": [described]}])
    report = import_text(doc, tmp_path / "book" / "manuscript", language="en")
    said = [w for w in report.warnings if "without a description" in w]
    assert len(said) == 1 and said[0].startswith("1 picture without a description (images/")


def test_a_by_line_in_words_subtitle_style_is_the_author(tmp_path):
    """"by Margaret Ellison" set in Word's Subtitle style under the title was book.yaml's
    subtitle, printed under the title on the title page with the author's name missing from it."""
    doc = _document(tmp_path, [_styled("Title", "The Lighthouse Keeper's Daughter"),
                               _styled("Subtitle", "by Margaret Ellison"), _heading("Chapter One"),
                               {"t": "Para", "c": _words("The wind had been rising since noon.")}])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["authors"] == [{"name": "Margaret Ellison"}] and "subtitle" not in book


def _prose(n: int) -> dict:
    return {"t": "Para", "c": _words(f"Paragraph {n} of the story, long enough to be read as prose and not a title.")}


def test_a_blank_line_between_paragraphs_is_a_scene_break(tmp_path):
    """A Word author's scene break by a blank line (an empty paragraph between two of prose): pandoc's
    reader dropped it, and the scene ran on without a gap. It is a break; the empty paragraphs round
    a heading and at a chapter's end go."""
    empty = {"t": "Para", "c": []}
    blocks = [_heading("Chapter One"), empty, *[_prose(n) for n in range(1, 6)], empty, *[_prose(n) for n in
              range(6, 11)], empty, empty, _heading("Chapter Two"), empty, *[_prose(n) for n in range(11, 14)]]
    into = tmp_path / "book" / "manuscript"
    import_text(_document(tmp_path, blocks), into, language="en")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^-{20,}$", markdown, re.M)) == 1
    assert re.search(r"Paragraph 5 .*\n\n-{20,}\n\nParagraph 6 ", markdown)


def test_paragraphs_spaced_by_blank_lines_have_no_breaks(tmp_path):
    """An author who puts an empty paragraph between every two (spacing, not scenes) gets none."""
    blocks = [_heading("Chapter One")]
    for n in range(1, 9):
        blocks += [_prose(n), {"t": "Para", "c": []}]
    into = tmp_path / "book" / "manuscript"
    import_text(_document(tmp_path, blocks), into, language="en")
    assert "---" not in (into / "text.md").read_text(encoding="utf-8")


def test_an_empty_paragraph_in_a_heading_style_is_no_heading(tmp_path):
    """An empty paragraph left in Word's Heading 2 style (pandoc's table_captions_with_field.docx)
    was written `## `, a section of no title in the contents and the web edition's pages."""
    blocks = [_heading("Chapter One"), _prose(1), {"t": "Header", "c": [2, ["", [], []], []]}, _prose(2)]
    into = tmp_path / "book" / "manuscript"
    import_text(_document(tmp_path, blocks), into, language="en")
    assert not re.search(r"^#+ *$", (into / "text.md").read_text(encoding="utf-8"), re.M)


def test_an_epigraph_typed_before_the_first_chapter_goes_to_book_yaml(tmp_path):
    """A dedication, a page break, then a quotation in italics with its source under it ("— Jules
    Verne"), then Chapter One: both were the text's first page, an untitled chapter; the epigraph
    is book.yaml's, its text and source apart."""
    quote = {"t": "Para", "c": [{"t": "Emph", "c": _words("The sea is everything. It covers seven tenths of the "
                                                          "terrestrial globe.")}]}
    doc = _document(tmp_path, [_styled("Title", "The Lighthouse"), {"t": "Para", "c": _words("To Anne")},
                               {"t": "Para", "c": []}, quote,
                               {"t": "Para", "c": _words("— Jules Verne")}, _heading("Chapter One"), _prose(1)])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["dedication"] == "To Anne"
    assert book["epigraph"] == {"text": "The sea is everything. It covers seven tenths of the terrestrial globe.",
                                "source": "Jules Verne"}
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# Chapter One\n")


def test_a_quotation_closing_text_before_the_first_chapter_stays(tmp_path):
    """A quotation with its source after other text (a note to the reader) is not the book's epigraph."""
    doc = _document(tmp_path, [{"t": "Para", "c": _words("A note on the text, which follows the first edition.")},
                               {"t": "Para", "c": _words("The sea is everything.")},
                               {"t": "Para", "c": _words("— Jules Verne")}, _heading("Chapter One"), _prose(1)])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    assert "epigraph" not in yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert (into / "text.md").read_text(encoding="utf-8").startswith("A note on the text")


def test_an_underline_round_italics_is_not_set_in_italics_twice(tmp_path):
    """Underlined words already in italics (pandoc's alternate_document_path.docx: "italic
    underlined") were italics in italics, written `**…**` and read back as bold or as nothing; an
    underline round a word in italics (inline_formatting.docx) is italics all through."""
    italic_under = {"t": "Emph", "c": [{"t": "Underline", "c": _words("italic underlined")}]}
    under_italic = {"t": "Underline", "c": [{"t": "Emph", "c": _words("underlined italic")}]}
    bold_under = {"t": "Strong", "c": [{"t": "Underline", "c": _words("bold underlined")}]}
    part_italic = {"t": "Underline", "c": [*_words("single underlines for"), {"t": "Space"},
                                           {"t": "Emph", "c": _words("emphasis")}]}
    doc = _document(tmp_path, [{"t": "Para", "c": [italic_under, {"t": "Space"}, under_italic, {"t": "Space"},
                                                   bold_under]}, {"t": "Para", "c": [part_italic]}])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    text = (into / "text.md").read_text(encoding="utf-8").strip()
    assert text == "*italic underlined* *underlined italic* ***bold underlined***\n\n*single underlines for emphasis*"


def _cell(text: str) -> list:
    return [["", [], []], {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": _words(text)}]]


def test_a_table_of_only_a_header_row_keeps_its_columns(tmp_path):
    """A Word table of one row marked as its header (pandoc's table_captions_with_field.docx,
    "One | Two | Three" over no rows) was written so that it read back as one cell of all its
    words, with a rule under it and its caption a paragraph, ': Table 2'. Its row is a row."""
    row = [["", [], []], [_cell(w) for w in ("One", "Two", "Three")]]
    table = {"t": "Table", "c": [["", [], []], [None, [{"t": "Plain", "c": _words("Table 2")}]],
                                 [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * 3,
                                 [["", [], []], [row]], [[["", [], []], 0, [], []]], [["", [], []], []]]}
    into = tmp_path / "book" / "manuscript"
    import_text(_document(tmp_path, [_prose(1), table, _prose(2)]), into, language="en")
    back = json.loads(pypandoc.convert_file(str(into / "text.md"), "json", format="markdown"))
    tables = [b for b in back["blocks"] if b["t"] == "Table"]
    assert len(tables) == 1 and [len(r[1]) for body in tables[0]["c"][4] for r in body[3]] == [3]
    assert not any(b["t"] == "HorizontalRule" for b in back["blocks"])


def test_an_odt_title_block_with_what_the_book_is_and_a_dedication_is_read(tmp_path):
    """LibreOffice's title block comes in as paragraphs (pandoc's ODT reader reads no Title style):
    the title, "A Novel", the author, then a dedication. "Margaret Ellison" over "For my mother,
    who kept the light burning." was read as the author over the book's title, the real title and
    "A Novel" left in the text with a warning; the title, subtitle, author and dedication are read."""
    doc = _document(tmp_path, [{"t": "Para", "c": _words(line)} for line in (
        "The Lighthouse Keeper's Daughter", "A Novel", "Margaret Ellison",
        "For my mother, who kept the light burning.")] + [_heading("Chapter One"), _prose(1)], "manuscript.odt")
    into = tmp_path / "book" / "manuscript"
    report = import_text(doc, into, language="en")
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert (book["title"], book["subtitle"]) == ("The Lighthouse Keeper's Daughter", "A Novel")
    assert book["authors"] == [{"name": "Margaret Ellison"}]
    assert book["dedication"] == "For my mother, who kept the light burning."
    assert not any("title page's other lines" in w for w in report.warnings)


def test_hidden_text_is_left_out_and_all_caps_typed_in_capitals(tmp_path):
    """Word's Hidden text (an author's note to self, not shown nor printed) was printed in the text
    ("The strangestorm came."), and a chapter title typed "chapter one" in Word's All caps (shown
    "CHAPTER ONE") was printed in small letters: pandoc's reader reads neither."""
    doc = _document(tmp_path, [{"t": "Para", "c": _words("PARA1")}, {"t": "Para", "c": _words("PARA2")}])
    with zipfile.ZipFile(doc) as docx:
        parts = {name: docx.read(name) for name in docx.namelist()}

    def run(text: str, properties: str = "") -> str:
        return f'<w:r><w:rPr>{properties}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'

    body = parts["word/document.xml"].decode("utf-8")
    body = re.sub(r"<w:r>(?:(?!<w:r>).)*?PARA1.*?</w:r>", run("chapter one", "<w:b/><w:caps/>"), body, flags=re.S)
    body = re.sub(r"<w:r>(?:(?!<w:r>).)*?PARA2.*?</w:r>", run("The ") + run("strange", "<w:vanish/>")
                  + run("storm came.") + run(" (and it did)", '<w:caps w:val="false"/>'), body, flags=re.S)
    parts["word/document.xml"] = body.encode("utf-8")
    with zipfile.ZipFile(doc, "w") as docx:
        for name, data in parts.items():
            docx.writestr(name, data)
    into = tmp_path / "book" / "manuscript"
    report = import_text(doc, into, language="en")
    assert (into / "text.md").read_text(encoding="utf-8") == "# CHAPTER ONE\n\nThe storm came. (and it did)\n"
    assert any("1 run of hidden text" in w for w in report.warnings)


def test_an_ornament_alone_in_its_paragraph_is_a_scene_break(tmp_path):
    """A Word author's scene break by an ornament from Insert Symbol (Wingdings' "❖", read by pandoc
    as U+2756; "❧ ❧ ❧") was printed as a paragraph of that character; it is a break, as "* * *" is."""
    blocks = [_heading("Chapter One"), _prose(1), {"t": "Para", "c": [{"t": "Str", "c": "❖"}]}, _prose(2),
              {"t": "Para", "c": _words("❧ ❧ ❧")}, _prose(3)]
    into = tmp_path / "book" / "manuscript"
    import_text(_document(tmp_path, blocks), into, language="en")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^-{20,}$", markdown, re.M)) == 2 and "❖" not in markdown and "❧" not in markdown


def test_a_windows_drawing_is_named_with_what_to_do(tmp_path):
    """A drawing Word keeps as EMF came in as images/image1.emf without a word, and the build then
    stopped on it ('not a supported image (WMF)'); the import names it and says to convert it."""
    (tmp_path / "chart.emf").write_bytes(emf_bytes())
    picture = {"t": "Image", "c": [["", [], []], _words("A chart"), [str(tmp_path / "chart.emf"), ""]]}
    doc = _document(tmp_path, [_prose(1), {"t": "Para", "c": [*_words("See"), {"t": "Space"}, picture]}])
    report = import_text(doc, tmp_path / "book" / "manuscript", language="en")
    said = [w for w in report.warnings if "Windows drawing (WMF or EMF)" in w]
    assert len(said) == 1 and said[0].startswith("images/") and "convert it to PNG, JPEG or SVG" in said[0]


def test_a_blank_line_in_a_short_story_is_a_scene_break_too(tmp_path):
    """Four paragraphs with one blank line between two of them: one break (the rule that told a
    habit of spacing from a scene break wanted a quarter of the pairs, which a short text misses)."""
    blocks = [_heading("Chapter One"), _prose(1), _prose(2), {"t": "Para", "c": []}, _prose(3), _prose(4)]
    into = tmp_path / "book" / "manuscript"
    import_text(_document(tmp_path, blocks), into, language="en")
    assert re.search(r"Paragraph 2 .*\n\n-{20,}\n\nParagraph 3 ", (into / "text.md").read_text(encoding="utf-8"))


def test_paragraphs_all_spaced_in_one_part_have_no_breaks(tmp_path):
    """Three paragraphs each parted by a blank line, then a heading and a list of references
    without (pandoc's mendeley_citations.docx): the blank lines were two breaks, the spaced pairs
    being fewer than half of the document's. A blank line is a break only beside a pair without."""
    empty = {"t": "Para", "c": []}
    blocks = [_prose(1), empty, _prose(2), empty, _prose(3), _heading("References"), *[_prose(n) for n in range(4, 9)]]
    into = tmp_path / "book" / "manuscript"
    import_text(_document(tmp_path, blocks), into, language="en")
    assert "---" not in (into / "text.md").read_text(encoding="utf-8")


def test_a_title_a_heading_level_under_the_chapters_label_is_joined_to_it(tmp_path):
    """"Chapter One" in Heading 1 over "The Storm" in Heading 2, the only one in its chapter, was a
    chapter called "Chapter One" with one section, "The Storm", holding all its text; one heading.
    A chapter with several sections keeps them, and so does a part over its chapters."""
    doc = _document(tmp_path, [_heading("Chapter One"), _heading("The Storm", 2), _prose(1),
                               _heading("Chapter Two"), _heading("Morning", 2), _prose(2), _heading("Evening", 2),
                               _prose(3), _heading("Part Two"), _heading("Chapter Three", 2), _prose(4)])
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings == ["# Chapter One. The Storm", "# Chapter Two", "## Morning", "## Evening", "# Part Two",
                        "## Chapter Three"]


def test_a_docx_with_a_damaged_part_is_told_damaged(tmp_path):
    """A .docx whose text part is damaged inside a whole zip (its bytes changed on a bad disk) was
    an internal error once the import read its runs before pandoc ('Error -3 while decompressing');
    it is pandoc's 'couldn't parse', with what to do."""
    doc = _document(tmp_path, [_prose(1)])
    data = bytearray(doc.read_bytes())
    with zipfile.ZipFile(doc) as docx:
        info = docx.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 10, start + 40):
        data[k] ^= 0x55
    doc.write_bytes(bytes(data))
    with pytest.raises(PublishError) as raised:
        import_text(doc, tmp_path / "book" / "manuscript", language="en")
    assert "damaged" in raised.value.diagnostic.hint


def test_a_picture_in_a_text_box_is_named_as_not_read(tmp_path):
    """A picture Word set in a text box (pandoc's textbox_image.docx) is passed over by pandoc's
    reader: it was lost without a word, 'images: 0 written'. The import says a picture was not read."""
    from PIL import Image

    Image.new("RGB", (40, 30), (200, 220, 240)).save(tmp_path / "lighthouse.png")
    picture = {"t": "Image", "c": [["", [], []], [], [str(tmp_path / "lighthouse.png"), ""]]}
    doc = _document(tmp_path, [_prose(1), {"t": "Para", "c": [*_words("Here:"), {"t": "Space"}, picture]}])
    with zipfile.ZipFile(doc) as docx:
        parts = {name: docx.read(name) for name in docx.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    drawing = re.search(r"<w:r>(?:(?!<w:r>).)*?<w:drawing>.*?</w:drawing>\s*</w:r>", body, re.S)[0]
    boxed = ('<w:r><w:pict><v:shape style="width:100pt;height:80pt"><v:textbox><w:txbxContent><w:p>'
             f"{drawing}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    parts["word/document.xml"] = body.replace(drawing, boxed).encode("utf-8")
    with zipfile.ZipFile(doc, "w") as docx:
        for name, data in parts.items():
            docx.writestr(name, data)
    report = import_text(doc, tmp_path / "book" / "manuscript", language="en")
    assert any(w.startswith("1 picture in the document not read (in a text box") for w in report.warnings), \
        report.warnings


def test_a_first_sentence_over_a_name_is_no_title_page(tmp_path):
    """pandoc's test/rtf/formatting.rtf opens "This is a test of FORMATTING. This is hidden: ."
    over "Small Caps": the title page rule took the sentence as the title and "Small Caps" as the
    author. A line ending in a stop with four small words or more is the text begun, above which
    a title page stands; a title over its author still is one."""
    from publish.importer import import_text

    rtf = (b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\n{\\pard This is a test of FORMATTING. "
           b"This is hidden: .\\par}\n{\\pard {\\scaps Small Caps}\\par}\n{\\pard {\\i italics}\\par}\n"
           b"{\\pard x{\\super superscript}\\par}\n}\n")
    source = tmp_path / "formatting.rtf"
    source.write_bytes(rtf)
    report = import_text(source, tmp_path / "book" / "manuscript")
    assert not [key for key, _ in report.moved if key in ("title", "authors")]
    assert "Small Caps" in (tmp_path / "book" / "manuscript" / "text.md").read_text(encoding="utf-8")
    titled = tmp_path / "titled.rtf"
    titled.write_bytes(rtf.replace(b"This is a test of FORMATTING. This is hidden: .", b"The Old Man and the Sea."))
    assert ("title", "The Old Man and the Sea.") in import_text(titled, tmp_path / "titled" / "manuscript").moved
