"""`publish import` of the markups pandoc reads besides Markdown, as pandoc's own test files have them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from publish.errors import PublishError
from publish.importer import import_text


def run(tmp_path: Path, name: str, data: bytes, suffix: str):
    source = tmp_path / f"{name}{suffix}"
    source.write_bytes(data)
    into = tmp_path / name / "manuscript"
    return import_text(source, into), into


def test_a_figure_captioned_by_its_file_name_is_imported(tmp_path):
    # pandoc's writers set a figure's caption under a picture described by its file's name
    # (rst ':alt: lalune' over 'lalune', Djot's caption div): the description went as a
    # placeholder, Markdown wrote the caption as `![lalune](…)`, read back as description and
    # caption, and the import refused with "added 'lalune'" as its own bug.
    Image.new("RGB", (40, 30), (200, 30, 30)).save(tmp_path / "lalune.jpg")
    source = b"Some text here.\n\n::::\n![lalune](lalune.jpg)\n\n{.caption}\n:::\nlalune\n\n:::\n::::\n"
    report, into = run(tmp_path, "fig", source, ".djot")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "![lalune](images/lalune.jpg)" in text
    assert report.words_in == report.words_out


NOTEBOOK = (b'{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Lorem ipsum\\n", "\\n", '
            b'"**Lorem ipsum** dolor sit amet."]}, {"cell_type": "code", "execution_count": null, "metadata": {}, '
            b'"outputs": [], "source": ["print(\\"hello\\")"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
JATS = (b'<?xml version="1.0" encoding="utf-8" ?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal '
        b'Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">\n<article><front><article-meta>'
        b'<title-group><article-title>A Paper</article-title></title-group></article-meta></front><body>'
        b'<sec><title>Results</title><p>The <italic>first</italic> words, <inline-formula><mml:math><mml:mi>x'
        b'</mml:mi><mml:mo>&lt;</mml:mo><mml:mn>2</mml:mn></mml:math></inline-formula>.</p></sec></body></article>\n')
DOCBOOK = (b'<?xml version="1.0"?>\n<book xmlns="http://docbook.org/ns/docbook"><title>A Book</title>'
           b'<chapter><title>One</title><para>The <emphasis>first</emphasis> words.</para></chapter></book>\n')
MAN_PAGE = (b'.\\" a comment\n.TH TOOL 1 "2024" "tool 1.0"\n.SH NAME\ntool \\- does \\fIthings\\fR\n'
            b'.SH DESCRIPTION\nIt runs.\n')


@pytest.mark.parametrize("name, data, seen", [
    ("notebook.ipynb", NOTEBOOK, ["# Lorem ipsum", "**Lorem ipsum** dolor sit amet.", 'print("hello")']),
    ("paper.xml", JATS, ["# Results", "The *first* words"]),
    ("book.xml", DOCBOOK, ["# One", "The *first* words."]),
    ("tool.1", MAN_PAGE, ["# NAME", "does *things*", "It runs."]),
])
def test_a_notebook_an_xml_document_and_a_man_page_are_read_by_their_readers(tmp_path, name, data, seen):
    # Their names were unknown, so each was read as plain text: a notebook's JSON (with its pictures'
    # base64) printed as the book, JATS refused as the import's own bug ('lost mo>'), a man page's
    # macros printed as verse (| .TH "Pandoc Test Suite").
    stem, suffix = name.split(".")
    report, into = run(tmp_path, stem, data, "." + suffix)
    text = (into / "text.md").read_text(encoding="utf-8")
    for words in seen:
        assert words in text, text
    assert not re.search(r'"cells"|<\w|^\| \.|\.TH|\.SH|\.cell', text, re.M), text
    assert report.words_in == report.words_out + report.words_moved


@pytest.mark.parametrize("name, data, said", [
    ("refs.bib", b"@Book{item1, author={John Doe}, title={First Book}, year={2005}}\n", "a bibliography"),
    ("refs.json", b'[{"id": "item1", "type": "book", "title": "First Book"}]', "a bibliography (CSL JSON)"),
    ("slides.pptx", b"PK\x03\x04" + bytes(60), "a presentation (slides)"),
    ("sheet.xlsx", b"PK\x03\x04" + bytes(60), "a spreadsheet"),
    ("archive.zip", b"PK\x03\x04" + bytes(60), "a zip archive"),
    ("library.xml", b'<?xml version="1.0"?>\n<xml><records><record></record></records></xml>\n', "EndNote"),
    ("edition.xml", b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>\n', "<TEI>"),
    ("manual.texi", b"\\input texinfo\n@settitle Manual\n@node Top\n@top Manual\n", "Texinfo"),
    ("flat.xml", b'<?xml version="1.0"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
                 b'xmlns:office:1.0"><office:body/></office:document-content>\n', "flat OpenDocument"),
    ("paper.ms", b'.TL\nA Paper\n.PP\nSome words.\n', "the ms macros"),
])
def test_a_file_that_is_no_manuscript_is_refused_in_one_line(tmp_path, name, data, said):
    # Each was read as plain text: a BibTeX file or a TEI edition became a book of its markup,
    # slides and sheets "a binary file, not text: save it as UTF-8".
    stem, suffix = name.split(".")
    with pytest.raises(PublishError) as caught:
        run(tmp_path, stem, data, "." + suffix)
    assert said in str(caught.value) and name in str(caught.value)
    assert caught.value.diagnostic.hint and "\n" not in caught.value.diagnostic.message
    assert not (tmp_path / stem).exists()


@pytest.mark.parametrize("text", [b"[Illustration: The Harbour]\n\nCHAPTER I\n\nIt was late.\n",
                                  b"<i>Chapter One</i>\n\nIt was late.\n"])
def test_a_plain_text_opening_with_a_bracket_or_a_tag_stays_plain_text(tmp_path, text):
    report, _ = run(tmp_path, "story", text, ".txt")
    assert report.kind.startswith("plain") or "text" in report.kind.lower(), report.kind


def test_a_page_break_before_a_table_loses_no_words(tmp_path):
    # AsciiDoc's page break '<<<' is a div round a rule: Markdown wrote its dashes right over the
    # closing ':::', pandoc read a multiline table from there to the next table's dashes, and the
    # import refused as its own bug (pandoc's asciidoc-reader.adoc: 'lost the×11, step×11, …').
    source = (b"= A Book\n\n== One\n\nPage breaks:\n\n<<<\n\n[%always]\n<<<\n\n* Edgar Allan Poe\n* Bill Bryson\n\n"
              b"Some words between.\n\n|===\n|Name |Value\n\n|Cell one\n|Cell two\n|===\n")
    report, into = run(tmp_path, "breaks", source, ".adoc")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "Edgar Allan Poe" in text and "Some words between." in text
    assert not re.search(r"^-{3,}\n:::", text, re.M), text
    assert report.words_in == report.words_out


def test_a_heading_id_with_commas_is_written_with_hyphens(tmp_path):
    # AsciiDoc gives "== Smart quotes, ellipses, dashes" the id '_smart_quotes,_ellipses,_dashes':
    # written `{#_smart_quotes,_ellipses,_dashes}`, which pandoc's Markdown reads as the heading's
    # words, and the import refused as its own bug ("added 'smart'×1, …").
    source = b"= A Book\n\n== Smart quotes, ellipses, dashes\n\nSome words.\n\n== Two\n\nMore words.\n"
    report, into = run(tmp_path, "ids", source, ".adoc")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "# Smart quotes, ellipses, dashes {#_smart_quotes-_ellipses-_dashes}" in text, text
    assert report.words_in == report.words_out


@pytest.mark.parametrize("name, data, line, said", [
    # pandoc's Org reader stops at a backslash ending a line (its own Org writer wrote it so)
    ("notes.org", b"* One\n\nBackslash: \\\n\nMore.\n", 3, "pandoc's Org reader cannot read it at column 13"),
    ("sheet.csv", b'"Column1","Col"umn2"\n"Data1","Data2"\n', 1, "pandoc's CSV table reader cannot read it"),
    # XML not well formed (pandoc's writer.docbook4 passes raw HTML's '<hr class="foo">' through): was
    # "cannot read it: Invalid XML:", the place and the tags on the next line left out
    ("bad.dbk", b'<?xml version="1.0"?>\n<article>\n<sect1><title>One</title><para>Words.</para>\n<hr class="a">\n'
                b'</sect1></article>\n', 5, "at column 1: Expected end element for: <hr>, but received: </sect1>"),
])
def test_a_document_pandoc_cannot_parse_is_refused_in_one_line_with_its_place(tmp_path, name, data, line, said):
    # Was pandoc's parser message over four lines ("unexpected '\\n'", "expecting block", the line
    # and a caret), with no advice; a Typst file printed pages of the reader's own state.
    stem, suffix = name.split(".")
    with pytest.raises(PublishError) as caught:
        run(tmp_path, stem, data, "." + suffix)
    diagnostic = caught.value.diagnostic
    assert said in diagnostic.message and "\n" not in diagnostic.message and diagnostic.line == line
    assert diagnostic.hint and not (tmp_path / stem).exists()


def test_a_table_separated_by_semicolons_is_read(tmp_path):
    # A spreadsheet saves CSV with semicolons where the comma is the decimal mark (pandoc's
    # test/command/01.csv, a cell of two paragraphs in quotes): pandoc's reader stopped at the
    # first ';', and the import refused the table.
    source = b'"Column1";"Column2"\n"Data1";"- data1\n\n- data2"\n"3,5";"x"\n'
    report, into = run(tmp_path, "sheet", source, ".csv")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "Column2" in text and "3,5" in text and ";" not in text, text
    assert any("semicolons" in said for said in report.decisions)
    assert report.words_in == report.words_out


@pytest.mark.parametrize("name, data", [("blank.html", b"<html><body><p>&#160;</p><hr/></body></html>"),
                                        ("rule.rst", b"Text\n\n----\n\n")])
def test_a_document_with_no_text_is_refused(tmp_path, name, data):
    # pandoc's odt fixtures of a formula field or a variable read as an empty paragraph: the
    # import wrote an empty text.md, and the build stopped on it ("the file is empty").
    stem, suffix = name.split(".")
    if suffix == "rst":
        data = b"   \n"
    with pytest.raises(PublishError) as caught:
        run(tmp_path, stem, data, "." + suffix)
    assert "no text" in str(caught.value) and not (tmp_path / stem).exists()


def test_a_documents_date_and_revision_are_kept_in_book_yaml(tmp_path):
    # rST's docinfo (':Date: July 17, 2006', ':Revision: 3' in pandoc's rst-reader.rst) went
    # nowhere, unsaid, where Markdown's metadata book.yaml has no key for is kept as comments.
    source = (b"A Title\n#######\n\n:Authors: John MacFarlane\n:Date: July 17, 2006\n:Revision: 3\n\n"
              b"One\n===\n\nSome words.\n")
    report, into = run(tmp_path, "dated", source, ".rst")
    book = (into / "book.yaml").read_text(encoding="utf-8")
    assert "# Not placed, from the source: date: July 17, 2006" in book
    assert "# Not placed, from the source: revision: 3" in book
    assert report.words_in == report.words_out + report.words_moved


def test_a_markdown_files_bibliography_comes_with_it(tmp_path):
    # `bibliography: refs.bib` in a Markdown file's YAML was kept as a comment ("Not placed") and
    # the file left behind: its citations built as "(doe2005?)", where LaTeX's and Org's came.
    (tmp_path / "refs.bib").write_text("@book{doe2005, author = {Doe, John}, title = {First Book}, year = {2005}}\n")
    source = b"---\ntitle: Cited\nbibliography: refs.bib\n---\n\n# One\n\nAs @doe2005 argues.\n"
    report, into = run(tmp_path, "cited", source, ".md")
    book = (into / "book.yaml").read_text(encoding="utf-8")
    assert "bibliography: refs.bib" in book and "Not placed" not in book
    assert (into / "refs.bib").read_text().startswith("@book{doe2005")


def test_typst_spacing_is_written_as_unicode_normal_spaces(tmp_path):
    # Typst's #h(0.5em) and #h(1em) came as en and em quads (U+2000, U+2001), which are not in
    # Unicode's normal form: the Nu checker warned of each in the web edition (201 times in
    # pandoc's undergradmath.typ). They are the en and em spaces (U+2002, U+2003).
    import unicodedata

    report, into = run(tmp_path, "spaced", b"= One\n\n*Rule One* #h(1em) Any.\n\nA #h(0.5em) b\n", ".typ")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "\u2000" not in text and "\u2001" not in text and "\u2002" in text and "\u2003" in text
    assert unicodedata.normalize("NFC", text) == text


def test_a_to_do_list_typed_with_brackets_is_imported(tmp_path):
    # pandoc's vimwiki test's '* [ ] task 1' and '* [X] task 2' (and a Word author's checklist):
    # Markdown reads an item opening with '[ ]' as a box, escaped or not, and the import refused
    # the document as its own bug ("added '☐'×2, '☒'×1").
    html = b"<html><body><h1>One</h1><ul><li>[ ] buy milk</li><li>[X] post the letter</li></ul></body></html>"
    report, into = run(tmp_path, "todo", html, ".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "- [ ] buy milk" in text and "- [x] post the letter" in text
    assert report.words_in == report.words_out


def test_a_character_reference_left_in_the_text_is_its_character(tmp_path):
    # pandoc's Textile reader leaves 'AT&amp;T' as those letters; Markdown wrote them as they are and
    # read them back as 'AT&T', and the import refused pandoc's writer.textile as its own bug.
    source = b"h1. One\n\nAT&amp;T has an ampersand in their name, and so has B&#38;O.\n\n@code &amp; stays@\n"
    report, into = run(tmp_path, "amp", source, ".textile")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "AT&T has an ampersand" in text and "B&O" in text and "`code &amp; stays`" in text
    assert report.words_in == report.words_out


def test_a_docbook_role_that_is_an_aria_12_role_stays_out_of_the_ebook(tmp_path):
    # pandoc's DocBook writer's '<emphasis role="strong">' (in a block) came to the EPUB as
    # <p role="strong">: ARIA 1.2 has such a role, so it was kept, but epubcheck's schema has
    # not (RSC-005, "value of attribute role is invalid"). Only the roles epubcheck takes stay.
    from lxml import etree

    from conftest import build_project
    from test_epub import assert_epubcheck_clean

    source = (b'<?xml version="1.0"?>\n<article xmlns="http://docbook.org/ns/docbook"><title>Roles</title>'
              b'<section><title>One</title><para>Interpreted:</para>And this is <emphasis role="strong">'
              b'strong</emphasis><para>Some <phrase role="code">code-like</phrase> words.</para>'
              b'<note role="note"><para>A note.</para></note></section></article>\n')
    _, into = run(tmp_path, "roles", source, ".dbk")
    built = build_project(into.parent, ("epub", "html"))
    with zipfile.ZipFile(built.epub) as epub:
        roles = {role for name in epub.namelist() if name.endswith(".xhtml")
                 for role in etree.fromstring(epub.read(name)).xpath("//@role")}
    assert not roles & {"strong", "code", "emphasis", "paragraph"}, roles
    assert_epubcheck_clean(built.epub)


def test_a_list_item_opening_with_a_space_keeps_its_sublist(tmp_path):
    # pandoc's creole-reader.txt has '# // italic item 3 //' over '## item 3.1': the emphasis
    # opens with a space, Markdown set the item's text further in ('3.   *italic item 3*') than
    # its sublist, read back as the item's own lines, and the import refused it ("added '1'×1").
    source = b"= Lists =\n\n# item 2\n# // italic item 3 //\n    ## item 3.1\n  ## item 3.2\n"
    report, into = run(tmp_path, "items", source, ".creole")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert re.search(r"(?m)^2\.  \*italic item 3\*\n    1\.  item 3\.1$", text), text
    assert report.words_in == report.words_out


def test_haddock_is_read_and_its_codes_spaces_keep_words_apart(tmp_path):
    # pandoc's haddock-reader.haddock was read as plain text (.haddock unknown); read by pandoc's
    # reader, its code block '@…code block /interprets markup normally/.@' is code ending in a
    # space before emphasis: Markdown's code span lost that space, "block" and "interprets" were
    # one word read back, and the import refused it as its own bug.
    source = (b"A paragraph with /emphasis/.\n\n@\nf x = x + x.\n"
              b"The \\@...\\@ code block /interprets markup normally/.\n@\n")
    report, into = run(tmp_path, "haddock", source, ".haddock")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert report.kind == "Haddock markup" and "*emphasis*" in text
    assert "`The @...@ code block` *`interprets markup normally`*" in text, text
    assert report.words_in == report.words_out


def test_a_short_caption_is_kept_in_book_yaml(tmp_path):
    # LaTeX's \caption[Nordic countries]{States belonging to …} (pandoc's tables/nordics.latex), a
    # figure's too: Markdown has no short caption, its words were lost, and the import refused the
    # whole book as its own bug ("lost 'nordic'×1, 'countries'×1").
    source = (b"\\documentclass{book}\\begin{document}\\chapter{One}\nSome text here.\n\n"
              b"\\begin{table}\\caption[Nordic countries]{States belonging to the Nordics.}\n"
              b"\\begin{tabular}{ll}Name & Capital\\\\ Norway & Oslo\\end{tabular}\\end{table}\n\\end{document}\n")
    report, into = run(tmp_path, "nordics", source, ".tex")
    text = (into / "text.md").read_text(encoding="utf-8")
    book = (into / "book.yaml").read_text(encoding="utf-8")
    assert "States belonging to the Nordics." in text and "Oslo" in text and "Nordic countries" not in text
    assert "# Not placed, from the source: short caption: Nordic countries" in book
    assert report.words_in == report.words_out + report.words_moved


def test_a_table_without_a_header_keeps_its_cells_whole(tmp_path):
    # TikiWiki's tables have no header; pandoc's reader gives one of empty cells, which Markdown
    # set as a line of spaces over the rule: read back, the rows split inside words ("Appl" |
    # "e"), and the import refused pandoc's tikiwiki-reader as its own bug.
    source = b"! Tables\n\n||Orange|Apple\nBread|Pie\nButter|Ice cream||\n\n||Orange|Apple||\n"
    report, into = run(tmp_path, "tiki", source, ".tikiwiki")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert re.search(r"(?m)^  Butter +Ice cream$", text) and not re.search(r"(?m)^ +$", text), text
    assert report.words_in == report.words_out


@pytest.mark.parametrize("suffix, source", [
    (".typ", b"Before.\n\n#figure(\n  align(center)[#table(\n    columns: 2,\n    table.header([Name], [Capital],),\n"
             b"    [Norway], [Oslo],\n  )]\n  , caption: [The Nordics.]\n  , kind: table\n  )\n\nAfter.\n"),
    (".html", b"<html><body><p>Before.</p><figure><table><tr><th>Name</th><th>Capital</th></tr><tr><td>Norway</td>"
              b"<td>Oslo</td></tr></table><figcaption>The Nordics.</figcaption></figure><p>After.</p></body></html>"),
])
def test_a_figure_of_a_table_is_the_table_captioned(tmp_path, suffix, source):
    # pandoc's tables.typst sets each table in a '#figure(…, kind: table)': the import took a figure
    # without a picture for one whose picture was missing, kept its caption alone, and every table
    # went (145 of its 203 words), unsaid, as the count was taken after.
    report, into = run(tmp_path, "figure", source, suffix)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert re.search(r"Norway +Oslo", text) and ": The Nordics." in text and "illustration" not in text, text
    assert report.words_in == report.words_out


@pytest.mark.parametrize("source, kind", [
    (b"= Title =\n\n== Section ==\n\n*bold* and _italic_ words.\n\n* [ ] task one\n* [.] task two\n"
     b"* [X] task three\n", "Vimwiki"),
    (b"= Title =\n\n== Section ==\n\n'''bold''' and ''italic'' words.\n\n* task one\n", "MediaWiki"),
])
def test_a_wiki_file_is_read_as_vimwiki_or_mediawiki(tmp_path, source, kind):
    # Both wikis name their files .wiki: pandoc's vimwiki-reader.wiki was read as MediaWiki, its
    # *bold*, _italic_ and to-do boxes ('[.]', pandoc's empty span 'done1') as text.
    report, into = run(tmp_path, "wiki", source, ".wiki")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert report.kind == kind and "**bold**" in text and "*italic*" in text, text
    if kind == "Vimwiki":
        assert "- [ ] task one" in text and "- [ ] task two" in text and "- [x] task three" in text, text
    assert report.words_in == report.words_out + report.words_moved


def test_a_man_pages_term_opening_with_a_space_keeps_its_words(tmp_path):
    # pandoc's writer.man's '.IP " i." 4' is a term ' i.' (a space, then "i."): Markdown wrote it
    # unescaped, read it back as an empty item of a list numbered "i.", and the import refused
    # the man page as its own bug ("lost 'i'×1").
    source = b'.TH TEST 1\n.SH LISTS\n.IP "(3)" 4\nand now 3\n.RS 4\n.PP\nwith a continuation\n.IP " i." 4\n' \
             b'sublist with roman numerals\n.IP "ii." 4\nmore items\n.RE\n'
    report, into = run(tmp_path, "page", source, ".man")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "i\\." in text and report.words_in == report.words_out + report.words_moved


def test_pictures_of_one_name_in_three_formats_are_three_items_of_the_ebook(tmp_path):
    # pandoc's img.epub holds check.gif, check.jpg and check.png: the EPUB's manifest gave all
    # three the id 'x-media-images-check' (epubcheck RSC-005, duplicate) and declared one.
    from conftest import MINIMAL_YAML, build_project, write_project
    from test_epub import assert_epubcheck_clean

    root = write_project(tmp_path, MINIMAL_YAML, {"01.md": "# One\n\n![A tick](images/check.gif)\n\n"
                                                          "![A tick again](images/check.jpg)\n\n"
                                                          "![A tick once more](images/check.png)\n"})
    (root / "manuscript" / "images").mkdir()
    for ext, kind in (("gif", "GIF"), ("jpg", "JPEG"), ("png", "PNG")):
        Image.new("RGB", (40, 30), (20, 160, 40)).save(root / "manuscript" / "images" / f"check.{ext}", kind)
    built = build_project(root, ("epub",))
    with zipfile.ZipFile(built.epub) as epub:
        opf = epub.read("EPUB/package.opf").decode()
    assert len(re.findall(r'href="[^"]*check\.(?:gif|jpg|png)"', opf)) == 3
    assert_epubcheck_clean(built.epub)


def test_a_time_tag_is_taken_off_its_words_kept(tmp_path):
    # pandoc's features.epub: "released on <time class="release">TBD</time>", kept as raw tags round
    # 'TBD', which the typography set in small capitals: <time><span class="caps">TBD</span></time>,
    # invalid in the EPUB (RSC-005) and the web pages (Nu: not a date, no element inside). One with
    # a date goes too (fix-se-spans: South's 809 were raw HTML an editor read round).
    from publish.importer import import_text
    from test_import_formats import _epub

    body = ("<h1>One</h1><p>Released on <time class='release'>TBD</time>, "
            "updated <time datetime='2024-05-01'>May Day</time>.</p>")
    source = _epub(tmp_path / "dated.epub", "<dc:title>Dated</dc:title>", body)
    import_text(source, tmp_path / "dated" / "manuscript")
    text = (tmp_path / "dated" / "manuscript" / "text.md").read_text(encoding="utf-8")
    assert "Released on TBD, updated May Day." in text and "<time" not in text and "</time>" not in text


def test_markup_the_reader_leaves_unread_is_printed_as_code(tmp_path):
    # pandoc's MediaWiki reader keeps a template's parameters ('{{{name}}}') and vimwiki's
    # '{{{ … }}}' block (The Tyger, read as MediaWiki for its .wiki name) raw, `{=mediawiki}`,
    # which no edition prints: the poem's 36 words were lost from the book, unsaid.
    source = b"== One ==\n\nWritten {{{date}}} by {{{name}}}.\n\n{{{\n  Tyger! Tyger! burning bright\n}}}\n"
    report, into = run(tmp_path, "wiki", source, ".wiki")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "{=mediawiki}" not in text and "`{{{date}}}`" in text and "Tyger! Tyger!" in text
    assert any("markup pandoc's reader leaves unread" in w for w in report.warnings)


def test_a_script_tag_alone_takes_no_text_after_it(tmp_path):
    # pandoc's writer.textile ends its HTML tests with a script its Textile reader splits: the
    # opening tag a raw block, the text a paragraph, the closing tag in it. Written so, the tag
    # took the lines after it as script, and the import refused the document ("added 'html'").
    source = (b"h1. One\n\n<script type=\"text/javascript\">document.write('This *should not* be interpreted');"
              b"</script>\nHere's a simple block:\n\nThe end.\n")
    report, into = run(tmp_path, "script", source, ".textile")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "<script" not in text and "simple block" in text and "The end." in text
    assert report.words_in == report.words_out


DOKUWIKI = (b"====== The Lighthouse Keeper ======\n\nA story in **two** parts, as the //keeper// told it.\n\n"
            b"===== The Storm =====\n\nThe wind rose. See [[http://example.org|the log]].\n\n"
            b"===== The Calm =====\n\nThe sea was **still**.\n")
CREOLE = (b"= The Lighthouse Keeper =\n\nA story in **two** parts, as the //keeper// told it.\n\n"
          b"== The Storm ==\n\nThe wind rose. See [[http://example.org|the log]].\n\n"
          b"== The Calm ==\n\nThe sea was **still**.\n")


@pytest.mark.parametrize(("data", "kind"), [(DOKUWIKI, "DokuWiki"), (CREOLE, "Creole")])
def test_a_wiki_page_named_txt_is_read_by_its_wikis_reader(tmp_path, data, kind):
    """DokuWiki and Creole pages are saved as .txt (DokuWiki keeps every page so): imported as
    plain text, their headings came in as '\\====== The Lighthouse Keeper ======' paragraphs and
    their **bold** and //italic// as typed. Their headings between '='s and their markup say what they are."""
    report, into = run(tmp_path, "page", data, ".txt")
    assert report.kind == kind
    assert f"read as:         {kind}, by its markup" in report.summary()
    text = (into / "text.md").read_text(encoding="utf-8")
    assert re.findall(r"(?m)^#+ .*", text) == ["# The Lighthouse Keeper", "## The Storm", "## The Calm"]
    assert "**two**" in text and "*keeper*" in text and "[the log](http://example.org)" in text
    assert "=" not in text and "//" not in text.replace("http://", "")


@pytest.mark.parametrize("data", [
    # a plain text's headings set off by "="s, with no wiki markup in it
    b"=== CHAPTER ONE ===\n\nThe boats came in.\n\n=== CHAPTER TWO ===\n\nThe keeper counted them.\n",
    # MediaWiki's headings and '''bold''' (no reader is guessed for it)
    b"= Title =\n\nSome '''bold''' and **not**.\n\n== Part ==\n\nText.\n",
    # both wikis' first levels: neither
    b"= Title =\n\nSome **bold**.\n\n====== Part ======\n\nText.\n",
    # one heading alone
    b"====== Title ======\n\nSome **bold** text.\n",
])
def test_a_text_that_only_looks_like_a_wiki_page_stays_plain_text(tmp_path, data):
    report, into = run(tmp_path, "plain", data, ".txt")
    assert report.kind == "plain text"


JATS_TABLE = (b'<table-wrap>\n  <caption>\n    <p>States of the <italic>Nordics.</italic></p>\n  </caption>\n'
              b'  <table id="nordics">\n    <thead>\n      <tr>\n        <th>Name</th>\n        <th>Capital</th>\n'
              b'      </tr>\n    </thead>\n    <tbody>\n      <tr>\n        <td>Denmark</td>\n'
              b'        <td>Copenhagen</td>\n      </tr>\n    </tbody>\n  </table>\n</table-wrap>\n')


@pytest.mark.parametrize("name, data", [
    ("nordics.jats_archiving", JATS_TABLE),
    ("nordics.xml", JATS_TABLE),
    ("tables.xml", b"<p>A table with a caption:</p>\n" + JATS_TABLE),
    ("nordics.html5", b'<table>\n<caption><p>States of the <em>Nordics.</em></p></caption>\n<thead>\n<tr>\n'
                      b'<th>Name</th>\n<th>Capital</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Denmark</td>\n'
                      b'<td>Copenhagen</td>\n</tr>\n</tbody>\n</table>\n'),
    ("nordics.typst", b'#figure(\n  align(center)[#table(\n    columns: 2,\n    table.header([Name], [Capital],),\n'
                      b'    [Denmark], [Copenhagen],\n  )]\n  , kind: table\n  , caption: [States of the '
                      b'#emph[Nordics.]]\n  )\n'),
])
def test_pandocs_writers_fragments_are_read_as_their_markup(tmp_path, name, data):
    # pandoc's tests name a file by its writer (tables/nordics.html4, .typst, .jats_archiving) and
    # write a fragment, no <article> or <html> round it: each was read as plain text, the table a
    # paragraph of its tags (\<table-wrap> \<caption> …). A JATS table's caption was a paragraph.
    stem, suffix = name.split(".")
    report, into = run(tmp_path, stem, data, "." + suffix)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "plain" not in report.kind.lower() and "\\<" not in text, text
    assert re.search(r"(?m)^\s*:\s+States of the \*Nordics\.\*\s*$", text), text  # the table's caption
    assert re.search(r"(?m)^\W*Denmark\W+Copenhagen\W*$", text), text  # a row of a table
    assert report.words_in == report.words_out
