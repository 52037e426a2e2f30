"""Reference books as Project Gutenberg gives them: a textbook typeset by TeX4ht (a figure's
letters each in a span), a handbook whose title page is a drawn picture over its headings."""

from __future__ import annotations

import re

from PIL import Image

from publish.importer import html_title_page
from publish.manuscript import load_book
from test_import_formats import run


def _head(title: str, author: str) -> str:
    return (f"<pre>\nTitle: {title}\n\nAuthor: {author}\n\n"
            f"*** START OF THIS PROJECT GUTENBERG EBOOK {title.upper()} ***\n</pre>")


def test_a_span_ending_in_a_space_keeps_it_from_the_next_word(tmp_path):
    # Casey's Euclid (Gutenberg 21076, TeX4ht) sets each figure's letters in a span, the space
    # after them inside: `<span class="cmmi-10">AE </span>is equal to`. Markdown's reader drops a
    # space at a span's edge, "AEis", and the import was refused ("lost 'is'×1201, added 'abis'").
    html = ("<html><body><h2>Proposition I</h2><p><span class='cmbx-10'>Dem.</span>—Because <span "
            "class='cmmi-10'>A </span>is the centre, <span class='cmmi-10'>AE </span>is equal to <span "
            "class='cmmi-10'>AD</span> (Def. <span class='cmcsc-10'><span class='sc'>xi </span></span>)"
            ", and<span class='k'> C</span> is <span style='font-variant: small-caps'>less </span>than"
            "<u> D </u>by far.</p></body></html>")
    _, into = run(tmp_path, "euclid", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "[A]{.cmmi-10} is the centre" in text and "[AE]{.cmmi-10} is equal to [AD]{.cmmi-10} (Def." in text
    assert "[[xi]{.sc}]{.cmcsc-10} )" in text and "and [C]{.k} is" in text, text
    html_text = load_book(into.parent).chapters[0].body_html
    said = " ".join(re.sub(r"<[^>]+>", "", html_text).split())  # "is\xa0equal" bound, "AE" in caps
    assert "A is the centre, AE is equal to AD (Def. xi ), and C is less than D by far." in said, said


def test_a_title_page_box_opening_with_its_picture_is_set_aside(tmp_path):
    # Knots, Splices and Rope Work (Gutenberg 13510) centres its title page in a <div>: the page
    # drawn (a figure captioned "Title Page"), then the title's <h1>, the subtitle's <h2>, "By" and
    # the author's <h2>, after a transcriber's note in a table. The picture first, the box was not
    # known as a title page: the title's <h1> held the whole book, one chapter of 142 pages.
    (tmp_path / "images").mkdir()
    Image.new("RGB", (50, 80), (200, 200, 190)).save(tmp_path / "images" / "titlepg.gif")
    html = (f"<html><body>{_head('Knots, Splices and Rope Work', 'A. Hyatt Verrill')}"
            "<table><tr><td>Transcriber's Notes:</td><td>Corrected spellings</td></tr></table><hr>"
            "<div align='center'><img src='images/titlepg.gif' alt='Title Page' title='Title Page'>"
            "<h1>KNOTS, SPLICES and ROPE WORK</h1><h2>A PRACTICAL TREATISE</h2><p>Giving Directions.</p>"
            "<h3>By</h3><h2>A. HYATT VERRILL</h2><p><i>SECOND REVISED EDITION</i></p></div><hr>"
            "<h2><a name='INTRODUCTION'></a>INTRODUCTION</h2><p>Rope is made of fibres.</p>"
            "<h2><a name='CHAPTER_I'></a>CHAPTER I</h2><h3>CORDAGE</h3><p>Kinds of rope.</p>"
            "<h2><a name='CHAPTER_II'></a>CHAPTER II</h2><h3>SIMPLE KNOTS</h3><p>The overhand knot.</p>"
            "</body></html>")
    report, into = run(tmp_path, "knots", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "# KNOTS" not in text and "A PRACTICAL TREATISE" not in text and "HYATT" not in text, text
    aside = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "A PRACTICAL TREATISE" in aside and "A. HYATT VERRILL" in aside and "Giving Directions." in aside
    assert ("title", "KNOTS, SPLICES and ROPE WORK") in report.moved
    book = load_book(into.parent)
    # the transcriber's note, before the first heading, opens the text untitled
    assert [c.title for c in book.chapters] == ["", "INTRODUCTION", "CHAPTER I. CORDAGE", "CHAPTER II. SIMPLE KNOTS"]
    assert "Transcriber" in book.chapters[0].body_html


def test_a_dictionarys_contents_is_set_aside_and_its_preface_made_a_chapter(tmp_path):
    # The Devil's Dictionary (Gutenberg 972) lists its contents in a <blockquote>, each entry a
    # link between line breaks, and heads its preface <h2> over its letters' <h1>s: its contents
    # printed as a page of the text (a second contents), its preface a section of an untitled first
    # chapter, missing from the contents the editions make.
    html = (f"<html><body>{_head(chr(39).join(['The Devil', 's Dictionary']), 'Ambrose Bierce')}"
            "<h1>THE DEVIL'S DICTIONARY</h1><h2>By Ambrose Bierce</h2><hr />"
            "<blockquote><p><b>CONTENTS</b></p><p><br /> <a href='#pref'> AUTHOR'S PREFACE </a><br /><br /> "
            "<br /></p><p><a href='#A'> A </a></p><p><a href='#B'> B </a></p></blockquote><hr />"
            "<p><a name='pref'></a></p><h2>AUTHOR'S PREFACE</h2><p>It was begun in a weekly paper in 1881.</p>"
            "<p>A.B. <a name='A'></a></p><h1>A</h1><p>ABASEMENT, n. A decent and customary attitude.</p>"
            "<p><a name='B'></a></p><h1>B</h1><p>BAAL, n. An old deity.</p></body></html>")
    _, into = run(tmp_path, "devil", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "CONTENTS" not in text and "](#A)" not in text, text
    assert "CONTENTS" in (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    book = load_book(into.parent)
    assert [c.title for c in book.chapters] == ["AUTHOR’S PREFACE", "A", "B"]  # typography's apostrophe
    assert "A.B." in book.chapters[0].body_html and "ABASEMENT" in book.chapters[1].body_html


def test_a_cookbooks_title_page_and_its_portraits_captioned_by_headings(tmp_path):
    # The White House Cook Book (Gutenberg 13923) sets its title over three <h1>s, "THE" / "WHITE
    # HOUSE" / "COOK BOOK", under an engraving, where Gutenberg's header names it "The Whitehouse
    # Cookbook (1887)"; and it captions its portraits and rooms with headings after the picture's
    # <center>, repeating its description. Imported, "THE" was the book's one chapter, its recipes'
    # 70 sections under it, and "FRANCES FOLSOM CLEVELAND." a section among the soups.
    (tmp_path / "images").mkdir()
    for name in ("000.png", "il01.jpg", "il02.jpg"):
        Image.new("RGB", (40, 60), (120, 100, 90)).save(tmp_path / "images" / name)
    html = (f"<html><body>{_head('The Whitehouse Cookbook (1887)', 'Mrs. F.L. Gillette')}"
            "<center><img src='images/000.png' width='40' height='60' alt='' title=''></center>"
            "<h1>THE</h1><h1>WHITE HOUSE</h1><h1>COOK BOOK</h1><p><i>COOKING, TOILET AND HOUSEHOLD RECIPES,</i></p>"
            "<p><i>MENUS, DINNER-GIVING,</i></p><p><i>CARE OF THE SICK,</i></p><p><i>FACTS WORTH KNOWING.</i></p>"
            "<p>THE WHOLE COMPRISING</p><p>A COMPREHENSIVE CYCLOPEDIA</p>"
            "<h3>BY</h3><h2>MRS. F.L. GILLETTE</h2><p>AND</p><h2>HUGO ZIEMANN,</h2><p>Steward of the White house</p>"
            "<p>1887</p><p>TO THE WIVES OF OUR PRESIDENTS.</p><center><img src='images/il01.jpg' alt=''></center><hr>"
            "<h2>PUBLISHERS' PREFACE</h2><p>In presenting to the public the book.</p><hr>"
            "<h1>WHITE HOUSE COOK BOOK.</h1><h2>SOUPS.</h2><p>Meats for soup go on in cold water.</p>"
            "<center><img src='images/il01.jpg' width='40' height='60' alt=\n'HELEN HERRON TAFT. Copyright, "
            "Photo Clinediust, Washington.'\ntitle=''></center>\n<h3>HELEN HERRON TAFT.</h3>\n<h4>Copyright, "
            "Photo Clinediust, Washington.</h4><p>Some cooks use meat once cooked.</p>"
            "<center><img src='images/il02.jpg' width='40' height='60' alt='FRANCES FOLSOM CLEVELAND.'></center>"
            "<h3>FRANCES FOLSOM CLEVELAND.</h3><br><h3>STOCK.</h3><p>Stock is the basis of soups.</p>"
            "<center><img src='images/il02.jpg' alt='THE RED ROOM.'></center><h3>THE BLUE ROOM.</h3>"
            "<p>A heading saying something else stays one.</p><h2>FISH.</h2><p>Fish should be fresh.</p>"
            "</body></html>")
    report, into = run(tmp_path, "cook", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert ("title", "THE WHITE HOUSE COOK BOOK") in report.moved
    assert text.startswith("![](images/000.png)"), text  # the engraving over the title stays
    aside = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    # its preface, the 17th block, opens the book: the headings before it are the title page's
    assert "BY" in aside and "MRS. F.L. GILLETTE" in aside and "WHITE HOUSE COOK BOOK." in aside
    assert "![HELEN HERRON TAFT.\\\nCopyright, Photo Clinediust, Washington.](images/il01.jpg)" in text, text
    assert "![FRANCES FOLSOM CLEVELAND.](images/il02.jpg)" in text and "### FRANCES" not in text
    assert "### THE BLUE ROOM." in text
    book = load_book(into.parent)
    assert [c.title for c in book.chapters] == ["", "PUBLISHERS’ PREFACE", "SOUPS.", "FISH."]
    soups = book.chapters[2].body_html
    captions = [re.sub(r"<[^>]+>", "", c.split(">", 1)[1].split("</figcaption>")[0])
                for c in soups.split("<figcaption")[1:]]
    assert len(captions) == 3 and "HELEN HERRON TAFT." in captions[0] and "CLEVELAND." in captions[1], captions
    assert "STOCK.</h" in soups and "THE BLUE ROOM.</h" in soups


def test_a_long_book_looked_through_for_half_titles_once(tmp_path, monkeypatch):
    # The White House Cook Book's 5,000 blocks took 18 minutes to import (6.5 of the processor's):
    # looking for a half title, every block read the text of every block after it (3 million
    # readings here, 2,400 blocks); the next block read is enough.
    readings = []
    blank = html_title_page._blank
    monkeypatch.setattr(html_title_page, "_blank", lambda block: readings.append(1) or blank(block))
    recipes = "".join(f"<h2>CHAPTER {n}</h2>" + "".join(f"<p><b>Dish {n}.{k}.</b> Boil it well, {k} minutes.</p>"
                                                      for k in range(60)) for n in range(1, 41))
    html = (f"<html><body>{_head('A Cook Book', 'Jane Doe')}<h1>A COOK BOOK</h1><h2>By Jane Doe</h2>"
            f"<h1>A COOK BOOK.</h1>{recipes}</body></html>")
    _, into = run(tmp_path, "long", html.encode("utf-8"), suffix=".html")
    assert len(readings) < 10 * 2440, len(readings)
    assert "A COOK BOOK." in (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert (into / "text.md").read_text(encoding="utf-8").count("## CHAPTER ") == 40
