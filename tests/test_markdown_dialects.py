"""Markdown as Obsidian, Typora, MkDocs and MultiMarkdown (Scrivener, Ulysses) write it, in a
manuscript written by hand: nothing printed as raw markup, each mark what it means."""

from __future__ import annotations

import zipfile

import lxml.html
from PIL import Image

from conftest import MINIMAL_YAML, build_project, recorded_warnings, write_project
from publish.build import _loaded
from publish.cache import Cache

OBSIDIAN = """\
    # The Harbour

    [TOC]

    The ==tide== was out %%check the date%% and the boats lay on their sides.

    %%
    A comment over
    several lines.
    %%

    See [[The Lighthouse]], [[the lighthouse|the light]] and [[Nowhere]].

    ![[harbour.png|300]]

    Code keeps `==x==` and `%%y%%` and `[[z]]`, indented code too:

        <center>%%kept%% [[as typed]]</center>

    !!! tip "Before you sail"
        Check the tide tables.

        !!! warning
            Nested.

    After the tip. :tada:
    """

LIGHTHOUSE = """\
    Title: The Harbour Book
    Author: A. Writer
    Base Header Level: 1

    # The Lighthouse

    Back to [[01-harbour]], [[01-harbour.md#^para-1|its tide]].
    """


def _book(tmp_path):
    root = write_project(tmp_path, MINIMAL_YAML, {"01-harbour.md": OBSIDIAN, "02-light.md": LIGHTHOUSE})
    (root / "manuscript" / "pictures").mkdir()
    Image.new("RGB", (600, 400), "grey").save(root / "manuscript" / "pictures" / "harbour.png")
    with recorded_warnings() as warnings:
        book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    return book, warnings


def test_obsidian_and_mkdocs_marks_print_as_what_they_mean(tmp_path):
    book, warnings = _book(tmp_path)
    harbour, light = book.chapters
    page = lxml.html.fragment_fromstring(harbour.body_html, create_parent="div")
    codes = [c.text_content() for c in page.iter("code")]
    assert codes == ["==x==", "%%y%%", "[[z]]", "<center>%%kept%% [[as typed]]</center>"]  # as written
    prose = lxml.html.fragment_fromstring(harbour.body_html, create_parent="div")
    for code in prose.xpath("//code"):
        code.drop_tree()
    text = " ".join(prose.text_content().split())
    for raw in ("[TOC]", "==", "%%", "check the date", "several lines", "[[", "!!!", ":tada:"):
        assert raw not in text, raw
    assert page.xpath("//mark/text()") == ["tide"]
    links = {a.text_content(): a.get("href") for a in page.iter("a")}
    assert links["The Lighthouse"] == links["the light"] == "#the-lighthouse"
    assert "Nowhere" in text and "Nowhere" not in links
    assert any("[[Nowhere]]" in w and "leads to no heading" in w for w in warnings)
    (img,) = page.iter("img")
    assert img.get("src") == "pictures/harbour.png" and "300" in (img.get("width") or img.get("style") or "")
    callouts = [d for d in page.iter("div") if "callout" in (d.get("class") or "")]
    assert [d.findtext("p/strong") for d in callouts] == ["Before you sail", "Warning"]
    assert callouts[1].getparent() is callouts[0]
    assert "🎉" in text
    # MultiMarkdown's metadata header: not printed, said; the chapter's line numbers unchanged
    assert light.title == "The Lighthouse" and light.line == 5
    assert "Title:" not in light.body_html and "Base Header" not in light.body_html
    assert any("MultiMarkdown metadata" in w and "02-light.md:1" in w for w in warnings)
    back = lxml.html.fragment_fromstring(light.body_html, create_parent="div")
    assert [(a.text_content(), a.get("href")) for a in back.iter("a")] == [("The Harbour", "#the-harbour"),
                                                                          ("its tide", "#the-harbour")]


def test_old_html_typed_by_hand_is_set_as_meant_in_every_edition(tmp_path):
    """`<center>` printed centred but was dropped on screens, its words bare outside a paragraph;
    `align="right"` likewise; `<font color=red>` printed red in a black-ink book."""
    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": """\
        # One

        <center>Centred words</center>

        <p align="right">To the right</p>

        <font color="red">Red</font> and <font face="Arial">faced</font> words, `<font>` in code.
        """})
    with recorded_warnings() as warnings:
        book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    page = lxml.html.fragment_fromstring(book.chapters[0].body_html, create_parent="div")
    (centred,) = page.xpath("//*[contains(., 'Centred words')][not(*)]")
    assert centred.tag == "div" and centred.get("style").replace(" ", "") == "text-align:center"
    (right,) = page.xpath("//p[contains(., 'To the right')]")
    assert right.get("style").replace(" ", "") == "text-align:right"
    assert not page.xpath("//font | //center") and page.xpath("//code/text()") == ["<font>"]
    assert [w for w in warnings if "<font>" in w and "1.md:7" in w and "(and 1 more)" in w]


def test_a_formulas_accents_are_spacing_characters_on_screens(tmp_path):
    """pandoc writes `\\hat{x}` as a combining circumflex alone in its <mo>: the Nu checker warns
    ("Text run starts with a composing character"). Print keeps it: ziamath stretches it."""
    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": "# One\n\n$\\hat{x} + \\tilde{a} + \\dot{x}$\n"})
    built = build_project(root, ("epub", "html"))
    page = (built.html / "one.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(built.epub) as z:
        xhtml = z.read("EPUB/text/one.xhtml").decode()
    for text in (page, xhtml):
        accents = [m for m in lxml.html.fromstring(text.encode()).xpath("//*[local-name()='mo']/text()")
                   if m != "+"]
        assert accents == ["\u02c6", "\u02dc", "\u02d9"], accents
    book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    assert "\u0302" in book.chapters[0].body_html  # the print edition's MathML as pandoc wrote it


def test_ia_writer_multimarkdown_and_critic_marks_print_as_meant(tmp_path):
    """iA Writer's content blocks, MultiMarkdown's table captions and picture sizes, CriticMarkup,
    Obsidian's block ids and tag lines printed as typed (a caption over a table ran its rows into
    one paragraph); a diagram's code block is said, as the build does not draw it."""
    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": """\
        # One

        /pictures/harbour.png "The harbour"

        /notes.csv

        [Tides at Dover]
        | Hour | Metres |
        |------|--------|
        | 6    | 5.9    |

        A quiet {++calm ++}sea{-- storm--}, {~~grey~>blue~~} water{>>check this<<}. ^para-1

        #draft #todo

        A boat, ![Boat][boat], at anchor.

        [boat]: pictures/harbour.png width=40px height=30px

        ```mermaid
        graph TD; A-->B;
        ```
        """})
    Image.new("RGB", (600, 400), "grey").save((root / "manuscript" / "pictures").mkdir() or
                                              root / "manuscript" / "pictures" / "harbour.png")
    (root / "manuscript" / "notes.csv").write_text("a,b\n1,2\n")
    with recorded_warnings() as warnings:
        book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    page = lxml.html.fragment_fromstring(book.chapters[0].body_html, create_parent="div")
    assert page.xpath("//figure/figcaption//text()") == ["The harbour"]
    assert page.xpath("//table/caption//text()") == ["Tides at Dover"] and len(page.xpath("//table//td")) == 2
    paragraphs = [" ".join(p.text_content().split()) for p in page.iter("p")]
    assert "A quiet calm sea, blue water." in paragraphs
    assert not [p for p in paragraphs if "#draft" in p or "^para" in p or "{" in p]
    assert "/notes.csv" in paragraphs  # not put in, and said
    boat = page.xpath("//img[@alt='Boat']")[0]
    assert (boat.get("width"), boat.get("height")) == ("40", "30")
    said = "\n".join(warnings)
    assert "1.md:5: iA Writer's content block '/notes.csv'" in said
    assert "1.md:12: 4 CriticMarkup changes" in said and "1.md:20: a ```mermaid diagram" in said
    assert book.chapters[0].line == 1


def test_typoras_zoomed_picture_is_set_at_its_zoomed_width(tmp_path):
    """Typora writes a picture resized in the editor as `style="zoom:50%;"`, a property no edition
    knows: it was set full size, and WeasyPrint warned without naming the file."""
    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": """\
        # One

        <img src="pictures/harbour.png" alt="The harbour" style="zoom:50%;" />

        A boat <img src="pictures/harbour.png" alt="A boat" style="zoom: 25%; vertical-align: middle"> here.
        """})
    (root / "manuscript" / "pictures").mkdir()
    Image.new("RGB", (600, 400), "grey").save(root / "manuscript" / "pictures" / "harbour.png")
    book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    pictures = lxml.html.fragment_fromstring(book.chapters[0].body_html, create_parent="div").iter("img")
    assert [(p.get("alt"), p.get("width"), p.get("style")) for p in pictures] == [
        ("The harbour", "300", None), ("A boat", "150", "vertical-align: middle")]


def test_a_diarys_opening_date_line_is_text_not_metadata(tmp_path):
    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": "# One\n\nText.\n", "2.md": """\
        Date: 12 June 1916
        Place: Verdun

        # Two

        Dear diary.
        """})
    with recorded_warnings() as warnings:
        book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    assert "Date: 12\xa0June 1916 Place: Verdun" in book.chapters[0].body_html and not warnings
