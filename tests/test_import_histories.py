"""Illustrated histories as Project Gutenberg and Standard Ebooks give them: pictures captioned in
headings, a title page over a list of illustrations, chapters in <h3>, maps without captions."""

from __future__ import annotations

import re
import subprocess
import zipfile

from PIL import Image

from conftest import build_project
from publish.manuscript import load_book
from test_import_formats import _epub, run

_HEAD = ("<pre>\nTitle: A Short History of the World\n\nAuthor: H. G. Wells\n\n"
         "*** START OF THIS PROJECT GUTENBERG EBOOK A SHORT HISTORY OF THE WORLD ***\n</pre>")


def _picture(tmp_path, name: str) -> None:
    (tmp_path / "images").mkdir(exist_ok=True)
    Image.new("RGB", (60, 40), (90, 60, 30)).save(tmp_path / "images" / name)


def test_a_gutenberg_history_with_captions_in_headings_and_chapters_in_h3(tmp_path):
    # A Short History of the World (Gutenberg 35461) centres each picture over its caption set in
    # headings (`<h4 class="h4center">`, a second <h5> under some), its chapters a numeral <h3> over
    # a title <h4>, all under the book's title again in an <h2>, after a list of illustrations in an
    # <h2>; its page numbers in braces, "{2}". Imported, the 208 captions were headings, 3 chapters
    # held the book, "BY" and "H. G. WELLS" were headings and "{2}" printed mid-sentence; taken out,
    # an old page's anchor after line breaks over a chapter went as spacing (585 index links dead).
    _picture(tmp_path, "img-2.jpg")
    _picture(tmp_path, "img-7.jpg")
    html = (f"<html><body>{_HEAD}<br><br><h2>A SHORT</h2><h1>HISTORY OF THE WORLD</h1><h4>BY</h4>"
            "<h3>H. G. WELLS</h3><h3>New York<br>MACMILLAN<br>1922</h3>"
            "<span class='pagenum'>{<a name='Pxi'></a>xi}</span><h2>LIST OF ILLUSTRATIONS</h2>"
            "<table><tr><td></td><td>Page</td></tr><tr><td><a href='#img-2'>Spiral Clouds</a></td><td>2</td></tr>"
            "<tr><td><a href='#img-7'>Dark Nebula</a><br></td><td><i>Map</i> 5</td></tr></table>"
            "<span class='pagenum'>{<a name='P1'></a>1}</span><a name='chapI'></a>"
            "<h2>A SHORT HISTORY OF THE WORLD</h2><h3>I</h3><h4>THE WORLD IN SPACE</h4>"
            "<p>THE story of our world <span class='pagenum'>{<a name='P2'></a>2}</span>is known.</p>"
            "<a name='img-2'></a><center><img class='imgcenter' src='images/img-2.jpg' "
            "alt='SPIRAL CLOUDS, 2200 <small>B.C.</small>' width='60' height='40'>"
            "<h4 class='h4center'>SPIRAL CLOUDS, 2200 <small>B.C.</small><br><small><i>Photo: Ritchey</i></small>"
            "</h4></center><p>About the earth circles the moon.</p>"
            "<br><br><br><span class='pagenum'>{<a name='P5'></a>5}</span>"
            "<h3>II</h3><h4>THE WORLD IN TIME</h4><p>In the last fifty years.</p>"
            "<center><img src='images/img-7.jpg' alt='A DARK NEBULA'><h4 class='h4center'>A DARK NEBULA</h4>"
            "<h5 class='h5center'><i>Taken in 1920.</i></h5></center><p>Slowly by degrees.</p>"
            "<h3>CHRONOLOGICAL TABLE</h3><table><tr><td>800.</td><td>Carthage built.</td></tr></table>"
            "<span class='pagenum'>{<a name='P9'></a>9}</span><table><tr><td>776.</td><td>First Olympiad.</td></tr>"
            "</table><h3>INDEX</h3><p>Abraham, <a href='#P2'>2</a></p><p>Time, <a href='#P5'>5</a></p>"
            "<p>Olympiad, <a href='#P9'>9</a></p>"
            + "".join(f"<p>Entry {n}, <a href='#P2'>2</a></p>" for n in range(9)) + "</body></html>")
    report, into = run(tmp_path, "wells", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert report.headings == ["LIST OF ILLUSTRATIONS", "I. THE WORLD IN SPACE", "II. THE WORLD IN TIME",
                               "CHRONOLOGICAL TABLE", "INDEX"]
    # Its chapters' <h3>s, the top headings left, are lifted to '#' (fix-loose-ends).
    assert "\n# LIST OF ILLUSTRATIONS {" in "\n" + text and ".frontmatter" in text.split("\n# I.")[0]
    assert re.search(r"!\[SPIRAL CLOUDS, 2200 \[B\.C\.\]\{\.small\}\\?\n?\[\*Photo: Ritchey\*\]\{\.small\}\]"
                     r"\(images/img-2\.jpg\)\{#img-2", text.replace(" \\\n", "\\\n")), text
    assert re.search(r"!\[A DARK NEBULA\\\n\*Taken in 1920\.\*\]\(images/img-7\.jpg\)", text), text
    assert "{2}" not in text and "{xi}" not in text and "is known" in text
    assert "# []{#P5}II. THE WORLD IN TIME" in text  # the old page's anchor over the chapter, linked to
    assert re.search(r"\n# INDEX\n\n::: index\nAbraham, \[2\]\(#P2\)", text), text  # an entry a paragraph
    assert re.search(r"Carthage built\.[^#]*\n\n\[\]\{#P9\}\n\n[^#]*First Olympiad", text), text  # between tables
    assert re.search(r"\[Spiral Clouds\]\(#img-2\)[ |]+\[2\]\(#P2\)", text), text  # the old page, linked to
    assert re.search(r"\[Dark Nebula\]\(#img-7\)\\? +\*Map\* \[5\]\(#P5\)", text), text  # a map's page too
    title_pages = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "BY" in title_pages and "H. G. WELLS" in title_pages and "A SHORT HISTORY OF THE WORLD" in title_pages
    book = load_book(into.parent)
    assert [(c.title, c.matter) for c in book.chapters][:3] == [
        ("LIST OF ILLUSTRATIONS", "front"), ("I. THE WORLD IN SPACE", ""), ("II. THE WORLD IN TIME", "")]
    assert "<figure" in book.chapters[1].body_html and "<h2" not in book.chapters[1].body_html
    pdf = build_project(into.parent, ("pdf",)).pdf
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    (listed,) = [p for p in pages if "Spiral Clouds" in p and "LIST OF ILLUSTRATIONS" in p]
    (pictured,) = [p for p in pages if "SPIRAL CLOUDS" in p]
    folio = re.search(r"^\s*(\d+)\s*$", pictured, re.MULTILINE)[1]  # the page's printed number
    assert re.search(rf"Spiral Clouds\s+{folio}\n", listed) and folio != "2", (listed, pictured)


def test_an_epub_figure_with_a_layout_class_and_no_caption_keeps_its_description(tmp_path):
    # Grant's Memoirs (Standard Ebooks) gather 43 maps in an appendix, each `<figure class=
    # "full-page"><img alt="Map of the Field of Shiloh.">` with no caption, listed in its list of
    # illustrations: the figure was written as raw HTML for its class, its description no word of
    # the text read back, and the import was refused ("lost 'map'×43").
    path = _epub(tmp_path / "grant.epub", "<dc:title>Memoirs</dc:title>",
                 '<section id="maps" epub:type="appendix"><h2 epub:type="title">Maps</h2>'
                 '<figure class="full-page" id="illustration-1"><img alt="Map of the Field of Shiloh." '
                 'src="../images/logo.png" epub:type="z3998:illustration"/></figure></section>',
                 '<nav id="loi" epub:type="loi"><h2 epub:type="title">List of Illustrations</h2><ol><li><p>'
                 '<a href="0.xhtml#illustration-1">Map of the Field of Shiloh.</a></p></li></ol></nav>',
                 body_types=("backmatter", "backmatter"))
    report, into = run(tmp_path, "grant", path.read_bytes(), suffix=".epub")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "<figure" not in text and "full-page" not in text
    assert '![](images/logo.png){#illustration-1 alt="Map of the Field of Shiloh."}' in text
    built = build_project(into.parent, ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        pages = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    assert re.search(r'<img[^>]*id="illustration-1"[^>]*alt="Map of the Field of Shiloh\."|'
                     r'<img[^>]*alt="Map of the Field of Shiloh\."[^>]*id="illustration-1"|'
                     r'id="illustration-1"[^<]*<img[^>]*alt="Map of the Field of Shiloh\."', pages), pages[-3000:]
    assert re.search(r'href="[^"]*#illustration-1"', pages)


def _noted_chapters(*numbers: list[int], base: int = 0) -> bytes:
    """A Gutenberg page of chapters whose notes are called `[n]` with the numbers given, each note
    linked both ways with its call under its chapter (ids running through the book, as Gutenberg's)."""
    chapters, ident = [], base
    for chapter, calls in enumerate(numbers, 1):
        text, notes = [], []
        for number in calls:
            ident += 1
            text.append(f"<p>Word {ident}<a name='FNanchor_{ident}' href='#Footnote_{ident}'>[{number}]</a>.</p>")
            notes.append(f"<div class='footnote'><p><a name='Footnote_{ident}' href='#FNanchor_{ident}'>"
                         f"[{number}]</a> The note {ident}.</p></div>")
        chapters.append(f"<h2>CHAPTER {chapter}</h2>" + "".join(text) + "".join(notes))
    return f"<html><body>{_HEAD}<h1>A History</h1>{''.join(chapters)}</body></html>".encode()


def test_notes_numbered_from_1_in_each_chapter_are_imported_so(tmp_path):
    # Prescott's and Parkman's Gutenberg pages number the notes from 1 under each chapter: imported,
    # they were numbered through the book (note 1,734 of the Conquest of Mexico). The calls' own
    # numbers, going back to 1 only after a heading, set note_numbers: chapter.
    report, into = run(tmp_path, "prescott", _noted_chapters([1, 2, 3], [1, 2], [1]), suffix=".html")
    assert "note_numbers: chapter" in (into / "book.yaml").read_text(encoding="utf-8")
    assert any("numbered from 1 again in 3 chapters" in d for d in report.decisions)
    assert load_book(into).meta.note_numbers == "chapter"
    # Numbers running through the book, or going back without a heading, are left as the book's.
    for case, numbers in enumerate(([[1, 2, 3], [4, 5], [6]], [[1, 2, 1, 2], [3]])):
        (tmp_path / str(case)).mkdir()
        _, into = run(tmp_path / str(case), "prescott", _noted_chapters(*numbers), suffix=".html")
        assert "note_numbers" not in (into / "book.yaml").read_text(encoding="utf-8")


def test_a_plain_texts_notes_numbered_from_1_in_each_chapter_are_imported_so(tmp_path):
    # A Gutenberg text's `[1]` calls with each note after its paragraph, 1 again under each chapter.
    notes = {numeral: "".join(f"The text of the chapter, word {n}.[{n}]\n\n[{n}] The note {n} of chapter "
                              f"{numeral}.\n\n" for n in range(1, count + 1))
             for numeral, count in (("I", 3), ("II", 2), ("III", 2))}
    chapters = "".join(f"CHAPTER {numeral}\n\nTHE FRONTIER\n\n{text}" for numeral, text in notes.items())
    report, into = run(tmp_path, "parkman", chapters.encode())
    assert "note_numbers: chapter" in (into / "book.yaml").read_text(encoding="utf-8")
    assert any("numbered from 1 again in 3 chapters" in d for d in report.decisions)
    assert (into / "text.md").read_text(encoding="utf-8").count("[^") >= 14  # each call a note
