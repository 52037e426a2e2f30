"""The print edition, checked on built PDFs: page geometry, fonts, folios and page labels,
running heads, contents, outline, metadata, footnotes, trim sizes and the evenness of type."""

from __future__ import annotations

import collections
import dataclasses
import os
import re
import shutil
import statistics
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from lxml import html as lhtml

from conftest import MINIMAL_YAML, REPO, build_project, pdf_fonts, pdf_rows, write_project
from publish.errors import PublishError
from publish.manuscript import load_book
from publish.print_layout import print_body
from publish.trim import parse_trim

# The page box print.css and print_layout.py give the default trim: the margins hold the
# running heads (top) and the folios (bottom).
TOP_MARGIN_PT, BOTTOM_MARGIN_PT = 0.75 * 72, 0.8 * 72

WORDS = (
    "intelligence report station officer network winter border railway telegram harbour "
    "colonel archive cipher courier mission evening steppe garrison river frontier signal "
    "the a of and in on to with from under over before after during against"
).split()


def filler(seed: int, paragraphs: int, words: int = 90) -> str:
    """Deterministic prose-like paragraphs (a linear congruential generator picks the words)."""
    state = seed
    out = []
    for _ in range(paragraphs):
        sentence = []
        for i in range(words):
            state = (state * 1103515245 + 12345) % 2**31
            word = WORDS[state % len(WORDS)]
            sentence.append(word.capitalize() if i % 15 == 0 else word)
            if i % 15 == 14:
                sentence[-1] += "."
        out.append(" ".join(sentence).rstrip(".") + ".")
    return "\n\n".join(out)


SMALL_YAML = """\
title: Harbour Lights
subtitle: A test of the print edition
language: en
authors: [Anna Field]
series:
  name: Test Series
  number: 10
  total: 40
  lines: [Second Line]
motto: Per Verum
"""

CHAPTERS = {
    "01.md": "# The First Chapter\n\n" + filler(1, 14)
    + "\n\nA sentence with a note.[^a] The USSR and the OKDVA in World War II.\n\n[^a]: The note's text.\n",
    "02.md": "# A Second, Rather Longer Chapter Title\n\n" + filler(2, 9) + "\n\n## A section\n\n" + filler(3, 4),
    "03.md": "# Third\n\n" + filler(4, 20),
}

RUSSIAN_YAML = """\
title: Тихоокеанский дозор
language: ru
authors: [Иван Петров]
series:
  name: Секретная служба
  number: 3
  total: 12
"""

RUSSIAN_TEXT = """\
# Потсдамская конференция

17 июля 1945 года в пригороде Берлина начала работу *Потсдамская конференция*. Делегацию
Советского Союза возглавлял **И. В. Сталин**. Интересы США представлял президент Г. Трумэн,
а премьер-министр Уинстон Черчилль прибыл в Берлин из *Великобритании*.

Советские специальные службы, в том числе *военная разведка*, смогли заблаговременно и
достаточно подробно проинформировать главу советской делегации об основных подходах
руководителей **Соединённых Штатов** и Великобритании к наиболее сложным вопросам.

# Дальневосточный патруль

*Разведка* должна была действовать без ошибок. «Ёлка», — сказал связной, — «подождёт до
весны». Съешь же ещё этих мягких французских булок да выпей чаю: _курсив_ и **полужирный**.
"""


# --------------------------------------------------------------------------- PDF reading


@dataclass
class Pdf:
    """A built PDF, read with pypdf (structure) and pypdfium2 (positioned text)."""

    path: Path

    @cached_property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(self.path)

    @cached_property
    def pdfium(self) -> pdfium.PdfDocument:
        return pdfium.PdfDocument(self.path)

    def __len__(self) -> int:
        return len(self.reader.pages)

    @cached_property
    def texts(self) -> list[str]:
        return [_norm(self.pdfium[i].get_textpage().get_text_range()) for i in range(len(self))]

    def band(self, index: int, where: str) -> str:
        """Text fully inside the top margin ("head") or the bottom margin ("foot") of a page."""
        page = self.pdfium[index]
        width, height = page.get_size()
        scale = max(height / 612, 1.0)  # as print_layout._margins: never below the default trim's
        if where == "head":
            box = (0, height - TOP_MARGIN_PT * scale + 2, width, height)
        else:
            box = (0, 0, width, BOTTOM_MARGIN_PT * scale - 2)
        return _norm(page.get_textpage().get_text_bounded(*box))

    @cached_property
    def outline(self) -> list[tuple[str, int]]:
        """Top-level outline entries: (title, 0-based page index)."""
        out = []
        for item in self.reader.outline:
            if isinstance(item, list):
                continue
            out.append((item.title, self.reader.get_destination_page_number(item)))
        return out

    @cached_property
    def labels(self) -> list[str]:
        return list(self.reader.page_labels)

    def fonts(self) -> set[tuple[str, bool]]:
        return pdf_fonts(self.path)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.replace("\ufffe", "").replace("\u00ad", ""))
    return " ".join(text.split())


def _squeeze(text: str) -> str:
    """Text without spaces: a title broken over two lines extracts with a space at the break."""
    return "".join(text.split())


def chapter_pages(pdf: Pdf, titles: list[str]) -> list[tuple[str, int]]:
    entries = [(t, i) for t, i in pdf.outline if t in titles]
    assert [t for t, _ in entries] == titles
    return entries


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Pdf, list[str]]:
    root = write_project(tmp_path_factory.mktemp("small"), SMALL_YAML, CHAPTERS)
    built = build_project(root, ("pdf",))
    titles = [c.title for c in load_book(root).chapters]
    return Pdf(built.pdf), titles


@pytest.fixture(scope="module")
def russian(tmp_path_factory) -> Pdf:
    root = write_project(tmp_path_factory.mktemp("ru"), RUSSIAN_YAML, {"text.md": RUSSIAN_TEXT})
    return Pdf(build_project(root, ("pdf",)).pdf)


@pytest.fixture(scope="module")
def seed(seed_book) -> tuple[Pdf, list[str]]:
    titles = [c.title for c in load_book(seed_book.root).chapters if c.title]
    return Pdf(seed_book.pdf), titles


@pytest.fixture(params=["small", "seed"])
def book(request) -> tuple[Pdf, list[str]]:
    if request.param == "seed" and not (REPO / "manuscript" / "book.yaml").is_file():
        pytest.skip("no default book in manuscript/ yet")
    return request.getfixturevalue(request.param)


def book_serif_fonts() -> set[str]:
    """The PDF names WeasyPrint gives the faces of the "Book Serif" family in styles/fonts, and
    of the same files declared again as "Book Serif Caps" (small capitals from capitals)."""
    styles = ("", "-Italic", "-Bold", "-BoldItalic")
    return {f"Book-Serif{s}" for s in styles} | {f"Book-Serif-Caps{s}" for s in styles}


# --------------------------------------------------------------------------- geometry and fonts


def test_page_size_is_the_default_trim(book):
    pdf, _ = book
    sizes = {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in pdf.reader.pages}
    assert sizes == {(396.0, 612.0)}  # 5.5 × 8.5 in


def test_every_font_is_embedded_and_a_book_serif_face(book):
    pdf, _ = book
    fonts = pdf.fonts()
    assert fonts, "no fonts found"
    assert all(embedded for _, embedded in fonts), fonts
    assert {name for name, _ in fonts} <= book_serif_fonts(), fonts


def test_the_marks_of_lists_within_lists_are_in_the_book_face(tmp_path):
    """WeasyPrint marks a list within a list with ◦ and one deeper with ▪, which the book face
    lacks: they were drawn in DejaVu Serif (pandoc's MANUAL), a face the book does not ship."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # One

        - first level
            - second level
                - third level
                    - fourth level
        1. numbered
            - bulleted under it
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    fonts = pdf_fonts(build_project(root, ("pdf",)).pdf)
    assert {name for name, _ in fonts} <= book_serif_fonts(), fonts


def test_russian_book_uses_only_book_serif_with_italics_and_bold(russian):
    fonts = russian.fonts()
    names = {name for name, _ in fonts}
    assert names <= book_serif_fonts(), names
    assert {"Book-Serif", "Book-Serif-Italic", "Book-Serif-Bold"} <= names
    assert all(embedded for _, embedded in fonts)
    text = " ".join(russian.texts)
    for word in ("Потсдамская", "Великобритании", "полужирный", "подождёт"):
        assert word in text
    assert str(russian.reader.trailer["/Root"]["/Lang"]) == "ru"


# --------------------------------------------------------------------------- structure


def test_chapters_open_on_rectos_with_their_title(book):
    pdf, titles = book
    for title, index in chapter_pages(pdf, titles):
        assert index % 2 == 0, f"{title!r} opens on page {index + 1}, a verso"
        assert _squeeze(title) in _squeeze(pdf.texts[index])


def test_outline_lists_front_matter_chapters_and_back_matter(book):
    pdf, titles = book
    names = [t for t, _ in pdf.outline]
    chapter_entries = [t for t in names if t in titles]
    assert chapter_entries == titles
    first, last = names.index(titles[0]), names.index(titles[-1])
    assert {"Title page", "Copyright", "Contents"} <= set(names[:first])
    assert "Colophon" in names[last + 1:]
    assert not [t for t in names if t not in titles and t.startswith("A section")]  # no h2 clutter


def test_page_labels_match_the_printed_folios(book):
    pdf, titles = book
    labels = pdf.labels
    start = chapter_pages(pdf, titles)[0][1]
    assert labels[start] == "1"
    assert all(re.fullmatch(r"[ivxlc]+", label) for label in labels[:start])
    printed = 0
    for index in range(len(pdf)):
        folio = pdf.band(index, "foot")
        if not folio:
            continue
        assert folio == labels[index], f"page {index + 1}: printed {folio!r}, label {labels[index]!r}"
        printed += 1
    assert printed > len(pdf) // 2
    contents = dict(pdf.outline)["Contents"]
    assert pdf.band(contents, "foot") == labels[contents] != ""  # a roman folio in the front


def test_contents_shows_the_real_start_pages(book):
    pdf, titles = book
    contents = dict(pdf.outline)["Contents"]
    text = pdf.texts[contents]
    for title, index in chapter_pages(pdf, titles):
        found = re.search(re.escape(title) + r"[ .…]*?(\d+)\b", text)
        assert found, f"{title!r} not on the contents page"
        assert found[1] == pdf.labels[index] == pdf.band(index, "foot")


def test_running_heads_on_body_pages_and_none_on_openings_or_blanks(book):
    pdf, titles = book
    book_title = pdf.reader.metadata.title
    entries = chapter_pages(pdf, titles)
    back_matter = min(i for t, i in pdf.outline if i > entries[-1][1] and t not in titles)
    ends = [i for _, i in entries[1:]] + [back_matter]
    checked = 0
    for (title, first), end in zip(entries, ends, strict=True):
        assert pdf.band(first, "head") == "", f"running head on the opening of {title!r}"
        for index in range(first + 1, end):
            head = pdf.band(index, "head")
            if not pdf.texts[index]:
                assert head == ""  # a blank verso is truly blank
                continue
            expected = book_title if index % 2 == 1 else title
            assert head == expected, f"page {index + 1}"
            checked += 1
    assert checked >= len(titles)
    for index in range(entries[0][1]):  # front matter: no running heads at all
        assert pdf.band(index, "head") == ""


def test_blank_pages_are_truly_blank(book):
    pdf, _ = book
    blanks = [i for i, t in enumerate(pdf.texts) if not t]
    assert blanks, "expected at least one blank verso"
    for index in blanks:
        assert index % 2 == 1  # only versos are left blank
        assert not pdf.reader.pages[index].get_contents() or pdf.band(index, "foot") == ""


def test_series_label_on_series_copyright_and_closing_pages(book):
    pdf, _ = book
    outline = dict(pdf.outline)
    pages = [outline["Copyright"]]
    pages += [i for t, i in pdf.outline if "No. X of XL" in t]  # the closing page's bookmark
    series_page = outline["Title page"] - 1
    pages.append(series_page)
    assert len(pages) == 3
    for index in pages:
        assert "No. X of XL" in pdf.texts[index], f"page {index + 1}: {pdf.texts[index][:80]}"


def test_acronyms_in_small_caps_copy_out_as_capitals(small):
    """USSR in small capitals reads "USSR" in the PDF's text (not "ussr"), and the small-capped
    opening words of a chapter read as typed, in the one PDF."""
    pdf, _ = small
    text = " ".join(pdf.texts)
    assert "The USSR and the OKDVA in World War II." in text
    assert "ussr" not in text and "okdva" not in text
    opening = " ".join(filler(1, 1).split()[:4])
    assert _squeeze(opening) in _squeeze(text), opening  # the first line: small caps from lower case
    assert "Book-Serif-Caps" in {name for name, _ in pdf.fonts()}


def _render_words(html: str, caps_rule: str) -> tuple[bytes, str]:
    """A chapter opening typeset with the print edition's fonts, its first line in small caps
    and `caps_rule` for acronyms: the pixels and the copied text."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from publish.print_layout import with_caps_faces
    from publish.styles import print_font_css

    fonts = FontConfiguration()
    css = weasyprint.CSS(string=with_caps_faces(print_font_css(REPO / "styles")), font_config=fonts)
    page = weasyprint.CSS(string="@page { size: 320pt 240pt; margin: 10pt } body { font: 14pt 'Book Serif' } "
                          "p::first-line { font-variant-caps: small-caps } .caps { " + caps_rule + " }",
                          font_config=fonts)
    data = weasyprint.HTML(string=html).write_pdf(stylesheets=[css, page], font_config=fonts)
    document = pdfium.PdfDocument(data)
    assert len(document) == 1
    bitmap = document[0].render(scale=2, grayscale=True).to_pil().tobytes()
    return bitmap, document[0].get_textpage().get_text_range()


def test_caps_rule_draws_acronyms_as_before_but_copies_capitals():
    """print.css's rule for acronyms draws the same pixels as the old one (lower case, smcp),
    in a small-capped first line and after it, in English and Russian; and copies out USSR."""
    caps_rule = re.search(r"^\.caps \{([^}]*)\}", (REPO / "styles" / "print.css").read_text(), re.M).group(1)
    html = ("<p lang=en>Stalin's <span class=caps>USSR</span> and the <span class=caps>NKVD</span> "
            "were short of men, and the <span class=caps>USSR</span></p>"
            "<p lang=ru>Разведка <span class=caps>СССР</span> работала всю зиму и весну, и "
            "<span class=caps>НКВД</span></p>")
    old_rule = "text-transform: lowercase; font-variant-caps: small-caps; letter-spacing: 0.05em"
    old_pixels, old_text = _render_words(html, old_rule)
    new_pixels, new_text = _render_words(html, caps_rule)
    assert new_pixels == old_pixels
    assert old_text.count("ussr") == 2  # why print.css has its own rule
    assert new_text.count("USSR") == 2 and "NKVD" in new_text and "СССР" in new_text and "НКВД" in new_text
    assert "Stalin's" in new_text and "Разведка" in new_text  # first lines copy out as typed


def test_document_metadata(small):
    pdf, _ = small
    info = pdf.reader.metadata
    assert info.title == "Harbour Lights"
    assert info.author == "Anna Field"
    assert info.subject
    keywords = info["/Keywords"]
    assert "Test Series" in keywords and "No. X of XL" in keywords
    assert str(pdf.reader.trailer["/Root"]["/Lang"]) == "en"


def test_pdf_is_tagged_and_passes_the_pdfua_checker(small):
    pdf, _ = small
    root = pdf.reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", str(pdf.path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr  # 0: no findings at all
    assert "errors=0 warnings=0" in result.stdout


def test_a_passage_in_another_language_is_tagged_with_it(tmp_path):
    """The tagged PDF declared the book's language alone: a screen reader read Homer's Greek
    and a French paragraph with the English voice (PDF/UA 7.2 asks for each change of
    language). The structure element of each carries its /Lang."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # One

        The *Iliad* opens [μῆνιν ἄειδε θεὰ]{lang=grc}, as every schoolboy knew.

        ::: {lang=fr}
        Longtemps, je me suis couché de bonne heure.
        :::

        # Deux {lang=fr}

        Un chapitre en français.
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    with pikepdf.open(build_project(root, ("pdf",)).pdf) as pdf:
        assert str(pdf.Root.Lang) == "en"
        found, todo = set(), [pdf.Root.StructTreeRoot]
        while todo:
            node = todo.pop()
            if "/Lang" in node:
                found.add((str(node.get("/S")), str(node.Lang)))
            kids = node.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
            todo += [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
    assert {("/Span", "grc"), ("/Div", "fr"), ("/Sect", "fr")} <= found, found
    assert not [lang for _, lang in found if lang == "en"], found  # the book's own is the document's


def test_footnote_sits_at_the_foot_of_its_page(small):
    pdf, _ = small
    (index,) = [i for i, t in enumerate(pdf.texts) if "sentence with a note" in t]
    text = pdf.texts[index]
    assert "The note's text." in text or "The note’s text." in text
    page = pdf.pdfium[index]
    textpage = page.get_textpage()
    height = page.get_size()[1]
    found = textpage.search("note", match_case=True)
    boxes = []
    while (hit := found.get_next()) is not None:
        boxes.append(textpage.get_charbox(hit[0])[1])
    assert boxes and min(boxes) < height / 4  # the note's text is in the bottom quarter
    assert "The note" not in " ".join(pdf.texts[index + 1:])  # not repeated as an endnote


def test_a_word_in_italics_at_a_notes_line_end_is_not_broken_inside(tmp_path):
    """A note's words were a span inside the note: WeasyPrint (overflow-wrap, issue #2102) broke
    the first word of an <em>, a link or a citation in it at a line's end, with no hyphen:
    "and so does Шишо / в (2004, 311–15)"."""
    note = " ".join(f"as {'does' if n % 2 else 'did'} *Шишов* ({1900 + n})," for n in range(60))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# One\n\nText.[^1]\n\n[^1]: {note}\n"})
    document = pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
    text = " ".join(page.get_textpage().get_text_range() for page in document).replace("\r\n", " ")
    assert text.count("Шишов") == 60  # English hyphenation has no break in it: each whole


def test_a_word_in_italics_in_a_quoted_paragraph_in_another_language_is_not_broken_inside(tmp_path):
    """A paragraph quoted in Russian in an English book, `[…]{lang=ru}`, is a span: WeasyPrint
    broke the first word of an <em> in it at a line's end, unhyphenated (as in a note)."""
    para = " ".join(f"как {'говорил' if n % 2 else 'писал'} *Шишов* ({1900 + n})," for n in range(60))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# One\n\n> [{para}]{{lang=ru}}\n"})
    document = pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
    text = " ".join(page.get_textpage().get_text_range() for page in document).replace("\r\n", " ")
    assert text.count("Шишов") == 60


def test_footnotes_move_to_their_call():
    body = (
        '<p>Text<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a> on.</p>'
        '<aside class="footnotes footnotes-end-of-section"><hr><ol><li id="fn1"><p>Note <em>one</em>.'
        '<a href="#fnref1" class="footnote-back">↩︎</a></p></li></ol></aside>'
    )
    html = print_body(body)
    assert '<span class="footnote" id="fn1">Note <em>one</em>.</span> on.' in html  # its words its own
    assert "footnotes" not in html and "↩" not in html
    assert print_body(body, "end") == body  # endnotes: pandoc's notes stay at the chapter's end


def test_verse_in_a_note_stays_in_the_note():
    """War and Peace translates a poem in a note (imported as a line block): its lines were set in
    the text, out of the note, and the note printed empty."""
    body = (
        '<p>Text<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a> on.</p>'
        '<aside class="footnotes footnotes-end-of-section"><hr><ol><li id="fn1"><div class="line-block">'
        '<span class="line">Death gives relief,</span><br>\n<span class="line">Ah! no refuge.</span></div>'
        '<a href="#fnref1" class="footnote-back">↩︎</a></li></ol></aside>'
    )
    assert ('<span class="footnote" id="fn1"><span class="line">'
            'Death gives relief,</span><br><span class="line">Ah! no refuge.</span></span> on.'
            ) in print_body(body)


def test_a_table_in_a_footnote_keeps_its_rows(tmp_path):
    """A table in a note was set as runs of text, each cell on a line of its own (Year, Agents,
    1941, 12, …): the rows were lost, and the tall note pushed the chapter's text off its page."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # Chapter

        A claim with a table in its note.[^t]

        [^t]: The figures were:

            | Year | Agents | Cables |
            |------|-------:|-------:|
            | 1941 |     12 |    340 |
            | 1942 |     19 |    512 |

            As the table shows, the network grew.
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    pages = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)]
    (page,) = [text for text in pages if "The figures were" in text]
    lines = [" ".join(line.split()) for line in page.split("\r\n")]
    assert "Year Agents Cables" in lines and "1941 12 340" in lines and "1942 19 512" in lines
    assert "A claim with a table in its note." in " ".join(lines)  # the call's line on the note's page


def test_a_definition_that_fills_its_last_line_is_not_broken_after_its_first_word(tmp_path):
    """A play written as a definition list: pandoc ends a <dd>'s text with a newline, and
    WeasyPrint broke a speech whose words just filled its line after its first word ("Very /
    natural, I am sure. …")."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # Act I

        Intro.

        Algernon
        :   Very natural, I am sure. That will do, Lane, thank you.

        Lane
        :   Thank you, sir.
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    (page,) = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
               if "Very natural" in " ".join(p.get_textpage().get_text_range().split())]
    lines = page.split("\r\n")
    assert lines[lines.index("Algernon") + 1].startswith("Very natural, I am sure.")
    assert print_body("<dl>\n<dt>A</dt>\n<dd>\nSpeech <em>aside</em>\n</dd>\n</dl>") == (
        "<dl>\n<dt>A</dt>\n<dd>\nSpeech <em>aside</em></dd>\n</dl>")


def test_a_term_never_ends_a_page_apart_from_its_definition(tmp_path):
    """A play as a definition list: a speaker's name (<dt>) was left at a page's foot, the
    speech on the next page."""
    speeches = "\n".join(f"Speaker{n % 3}\n:   {'Words of the speech run on. ' * (1 + n % 4)}\n" for n in range(120))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# Act I\n\n{speeches}"})
    shutil.copytree(REPO / "styles", root / "styles")
    document = pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
    texts = [page.get_textpage().get_text_range().split("\r\n") for page in document]
    pages = [lines for lines in texts if "Words of the speech run on." in " ".join(lines)]
    assert len(pages) > 4
    # The last line of the text: pdfium gives the margins last (the folio, and the running head
    # but on the chapter's first page).
    last = [[line for line in lines[:-1] if line.strip() not in ("Act I", "A Small Book")][-1] for lines in pages]
    assert not [line for line in last if line.startswith("Speaker")]


def test_a_right_to_left_passage_is_set_from_the_right(tmp_path):
    """A `::: {dir=rtl}` passage (Hebrew, Arabic) in an English book was set flush left, its
    first line indented at the left; its lines now end flush right, the first indented at the
    right (WeasyPrint put the indent at the left: editions/rtl_indents.py), and a verse line
    turns over indented at the right."""
    first_words, second_words = "alpha beta gamma delta epsilon zeta", "kappa lambda sigma theta iota rho"
    verse = " ".join(["omega"] * 14)
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"""\
        # One

        {filler(1, 1, 40)}

        ::: {{dir=rtl}}
        {" ".join([first_words] * 10)}

        {" ".join([second_words] * 10)}

        | {verse}
        :::
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    (page,) = [p for p in pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
               if "alphabeta" in p.get_textpage().get_text_range().replace(" ", "")]
    rows = pdf_rows(page)
    paragraphs = [[row for row in rows if re.fullmatch(f"({words.replace(' ', '|')})+", row[0])]
                  for words in (first_words, second_words)]
    right = max(row[2] for lines in paragraphs for row in lines)
    for lines in paragraphs:
        assert len(lines) > 2, lines
        assert abs(lines[0][2] - (right - 1.2 * 10.5)) < 1, (lines, right)  # indented at the right
        assert all(abs(end - right) < 1 for _, _, end in lines[1:]), (lines, right)  # flush right, the last too
    first, turned = [row for row in rows if row[0].startswith("omega")]
    assert abs(first[2] - (right - 1.5 * 10.5)) < 1, (first, right)  # the verse's own indent, at the right
    assert abs(turned[2] - (first[2] - 1.5 * 10.5)) < 1, (first, turned)


def test_a_book_in_a_language_written_right_to_left_is_set_from_the_right(tmp_path):
    """A book in Hebrew was set flush left in print, its stops at the lines' left ends."""
    words = " ".join(["שלום עולם ספר דף מילה"] * 12)
    root = write_project(tmp_path, "title: ספר\nlanguage: he\nseries: {name: סדרה, number: 1, total: 2}\n",
                         {"a.md": f"# פרק\n\n{words}.\n\n{words}.\n"})
    shutil.copytree(REPO / "styles", root / "styles")
    (page,) = [p for p in pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
               if "ספר דף" in p.get_textpage().get_text_range()]
    rows = [row for row in pdf_rows(page) if len(row[0]) > 20]  # the text's lines, not the folio
    right = max(end for _, _, end in rows)
    assert len(rows) > 4 and sum(abs(end - right) < 1 for _, _, end in rows) >= len(rows) - 2, rows  # flush right
    assert sum(abs(start - min(s for _, s, _ in rows)) > 20 for _, start, _ in rows) >= 2, rows  # ragged left


def test_a_note_called_in_a_right_to_left_passage_runs_in_its_own_direction(tmp_path):
    """An English note called in a Hebrew paragraph took the paragraph's direction and language
    in print (set at its call): "…(Leningrad Codex, folio .1" over ".(1", its number at the right.
    It is in the chapter's language and runs as its own text does; a Hebrew note right to left."""
    body = ('<div lang="he" dir="rtl"><p>בראשית<a href="#fn1" class="footnote-ref">1</a> ברא'
            '<a href="#fn2" class="footnote-ref">2</a>.</p></div>'
            '<p>English<a href="#fn3" class="footnote-ref">3</a>.</p>'
            '<section class="footnotes"><ol><li id="fn1"><p>The first verse (Codex, folio 1).</p></li>'
            '<li id="fn2"><p>ברא: created.</p></li><li id="fn3"><p>A note.</p></li></ol></section>')
    root = lhtml.fragment_fromstring(print_body(body, "foot", "en"), create_parent="div")
    notes = {span.get("id"): (span.get("lang"), span.get("dir")) for span in root.xpath("//span[@class='footnote']")}
    assert notes == {"fn1": ("en", "ltr"), "fn2": ("en", "rtl"), "fn3": (None, None)}
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # One

        ::: {lang=he}
        בראשית ברא אלהים את השמים ואת הארץ.[^1]
        :::

        [^1]: The first verse of Genesis, in the Masoretic text (Leningrad Codex, folio 1).
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    (page,) = [p for p in pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
               if "Leningrad" in p.get_textpage().get_text_range()]
    (note,) = [row for row in pdf_rows(page) if "Leningrad" in row[0] or row[0].startswith("1.The")]
    assert note[0].startswith("1.Thefirstverse"), note  # its number first, at the left


def test_a_chapters_epigraph_div_is_not_set_as_the_front_matters_page(tmp_path):
    """`::: epigraph` under a chapter's title (Homer's lines over a chapter) took print.css's rule
    for book.yaml's epigraph page: 30% of the page's height dropped between title and epigraph."""
    root = write_project(tmp_path, MINIMAL_YAML + "epigraph: {text: Front matter words., source: Someone}\n",
                         {"a.md": """\
        # Greek and Hebrew

        ::: epigraph
        Sing, goddess, the wrath of Achilles.

        — Homer
        :::

        The chapter's text.
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    document = pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
    tops = {}  # each line's text → the top of its first character, in points from the page's foot
    for page in document:
        text, line = page.get_textpage(), ""
        for n in range(text.count_chars()):
            ch = text.get_text_range(n, 1)
            if ch == "\n":
                line = ""
            elif ch.strip():
                line += ch
                tops.setdefault(line[:12], text.get_charbox(n)[3])
    assert tops["GreekandHebr"] - tops["Sing,goddess"] < 72, tops  # under an inch, not 30% of the page


def test_a_footnotes_code_list_and_quotation_reach_print():
    # pandoc's testsuite.txt: a note with a code block lost it in the PDF (only <p> was kept).
    body = (
        '<p>Text<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>.</p>'
        '<aside class="footnotes footnotes-end-of-section"><hr><ol><li id="fn1"><p>Opens.</p>'
        "<pre><code>{ &lt;code&gt; }</code></pre><ol start=\"3\"><li>three</li><li>four<ul><li>nested</li></ul>"
        "</li></ol><blockquote><p>Quoted.</p></blockquote><p>Closes."
        '<a href="#fnref1" class="footnote-back">↩︎</a></p></li></ol></aside>'
    )
    note = lhtml.fragment_fromstring(print_body(body), create_parent="div").xpath("//span[@class='footnote']")[0]
    parts = [(part.get("class"), part.text_content()) for part in note]
    assert note.text == "Opens."  # the note's first words are its own text
    assert parts == [
        ("footnote-para footnote-pre", "{ <code> }"),
        ("footnote-para footnote-li", "3. three"),
        ("footnote-para footnote-li", "4. four"),
        ("footnote-para footnote-li", "• nested"),
        ("footnote-para footnote-blockquote", "Quoted."),
        ("footnote-para", "Closes."),
    ]
    assert not note.xpath(".//p|.//pre|.//ol|.//ul|.//li|.//blockquote")  # no block inside the call's <p>


# --------------------------------------------------------------------------- even colour


def word_space_lines(pdf: Pdf, first: int) -> list[tuple[bool, list[float]]]:
    """Lines of body text from page `first` on: (runs to the right edge?, word gaps in pt)."""
    out = []
    x, y = pdfium_raw.ctypes.c_double(), pdfium_raw.ctypes.c_double()
    for index in range(first, len(pdf)):
        textpage = pdf.pdfium[index].get_textpage()
        lines: dict[float, list[tuple[float, float, float]]] = {}
        sizes: collections.Counter = collections.Counter()
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if not char.strip() or char == "\ufffe":
                continue
            pdfium_raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
            size = round(pdfium_raw.FPDFText_GetFontSize(textpage.raw, i), 1)
            sizes[size] += 1
            left, _, right, _ = textpage.get_charbox(i)
            lines.setdefault(round(y.value, 1), []).append((left, right, size))
        if not sizes:
            continue
        body = sizes.most_common(1)[0][0]
        long_lines = [chars for chars in lines.values() if len(chars) > 20]
        if not long_lines:
            continue
        right_edge = max(max(c[1] for c in chars) for chars in long_lines)
        for chars in lines.values():
            chars.sort()
            if statistics.median(c[2] for c in chars) != body:
                continue
            gaps = [chars[k + 1][0] - chars[k][1] for k in range(len(chars) - 1)]
            spaces = [g for g in gaps if g > 0.075 * body]  # letters sit closer than a space
            if len(spaces) >= 3:
                out.append((max(c[1] for c in chars) > right_edge - 2, spaces))
    return out


def test_even_colour(book, capsys):
    """Share of lines whose word spaces average over twice the normal space (below 2 %)."""
    pdf, titles = book
    lines = word_space_lines(pdf, chapter_pages(pdf, titles)[0][1])
    assert len(lines) > 100
    # The normal space: the median gap on lines that end short (never stretched).
    normal = statistics.median(g for full, spaces in lines if not full for g in spaces)
    loose = [s for _, s in lines if statistics.mean(s) > 2 * normal]
    share = len(loose) / len(lines)
    with capsys.disabled():
        print(f"\neven colour: {len(loose)} of {len(lines)} lines loose ({share:.1%}), normal space {normal:.2f} pt")
    assert share < 0.02


# --------------------------------------------------------------------------- trim sizes


@pytest.mark.parametrize(
    ("text", "size"),
    [("5.5x8.5in", (396.0, 612.0)), ("6 x 9 in", (432.0, 648.0)), ("A5", (419.53, 595.28)),
     ("royal", (442.2, 663.3)), ("148×210mm", (419.53, 595.28)), ("15.6x23.4cm", (442.2, 663.3))],
)
def test_trim_sizes_parse(text, size):
    width, height = parse_trim(text)
    assert (round(width, 1), round(height, 1)) == (round(size[0], 1), round(size[1], 1))


@pytest.mark.parametrize("text", ["6x9", "huge", "0x9in", "60x90in", "6in x"])
def test_bad_trim_sizes_are_refused(text):
    assert parse_trim(text) is None


def test_trim_from_book_yaml_sets_the_page_size(tmp_path):
    root = write_project(tmp_path, SMALL_YAML + "print:\n  trim: 6x9in\n", {"01.md": "# One\n\n" + filler(5, 6)})
    pdf = Pdf(build_project(root, ("pdf",)).pdf)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.reader.pages}
    assert sizes == {(432, 648)}


def test_bad_trim_in_book_yaml_names_the_key(tmp_path):
    root = write_project(tmp_path, SMALL_YAML + "print:\n  trim: enormous\n", {"01.md": "# One\n\nText.\n"})
    with pytest.raises(PublishError) as caught:
        load_book(root)
    diagnostic = caught.value.diagnostic
    assert diagnostic.key == "print.trim" and "enormous" in diagnostic.message
    assert diagnostic.file.name == "book.yaml" and diagnostic.line is not None


@pytest.mark.parametrize(
    ("block", "key"),
    [("print:\n  chapter_start: left\n", "print.chapter_start"),
     ("print:\n  variant: pdf/ua-9\n", "print.variant"),
     ("print:\n  notes: margin\n", "print.notes"),
     ("print:\n  gutter: wide\n", "print.gutter")],
)
def test_bad_print_settings_name_their_key(tmp_path, block, key):
    root = write_project(tmp_path, SMALL_YAML + block, {"01.md": "# One\n\nText.\n"})
    with pytest.raises(PublishError) as caught:
        load_book(root)
    assert caught.value.diagnostic.key == key


def test_any_chapter_start_and_endnotes_and_untagged(tmp_path):
    settings = "print:\n  chapter_start: any\n  notes: end\n  variant: none\n  trim: A5\n"
    root = write_project(tmp_path, SMALL_YAML + settings, CHAPTERS)
    pdf = Pdf(build_project(root, ("pdf",)).pdf)
    titles = [c.title for c in load_book(root).chapters]
    starts = [i for _, i in chapter_pages(pdf, titles)]
    assert any(i % 2 == 1 for i in starts)  # some chapter opens on a verso: no blank before it
    notes = [i for i, t in enumerate(pdf.texts) if "note's text" in t or "note’s text" in t]
    call = [i for i, t in enumerate(pdf.texts) if "sentence with a note" in t]
    assert notes and call and notes[0] >= call[0]
    assert "/StructTreeRoot" not in pdf.reader.trailer["/Root"]
    width = float(pdf.reader.pages[0].mediabox.width)
    assert round(width / 72 * 25.4) == 148  # A5


def test_endnotes_of_a_chapter_in_sections_are_at_its_end(tmp_path):
    """Onegin's stanzas are sections ("## I", "## II"): with `notes: end` each stanza's notes
    were printed after it, as pandoc places them, not at the chapter's end."""
    text = ("# Chapter One\n\n## I\n\nThe first stanza.[^a]\n\n[^a]: The first note.\n\n"
            "## II\n\nThe second stanza, which has no note.\n\n## III\n\nThe last stanza.[^b]\n\n"
            "[^b]: The last note.\n\n# Chapter Two\n\nMore.\n")
    root = write_project(tmp_path, SMALL_YAML + "print:\n  notes: end\n", {"01.md": text})
    printed = " ".join(Pdf(build_project(root, ("pdf",)).pdf).texts)
    order = [printed.index(s) for s in ("The first stanza.", "which has no note", "The last stanza.",
                                          "The first note.", "The last note.", "More.")]
    assert order == sorted(order)


def test_bleed_and_crop_marks_set_trim_and_bleed_boxes(tmp_path):
    root = write_project(
        tmp_path, SMALL_YAML + "print:\n  bleed: 0.125in\n  marks: crop\n", {"01.md": "# One\n\n" + filler(6, 4)}
    )
    pdf = Pdf(build_project(root, ("pdf",)).pdf)
    for page in pdf.reader.pages:
        media, trim, bleed = page.mediabox, page.trimbox, page.bleedbox
        assert (round(float(trim.width)), round(float(trim.height))) == (396, 612)
        assert round(float(media.width) - float(trim.width)) == 18  # 0.125 in on each side
        assert round(float(bleed.width) - float(trim.width)) == 18
        assert float(trim.left) > float(media.left)
    assert pdf.labels[pdf.outline[[t for t, _ in pdf.outline].index("One")][1]] == "1"


def test_three_sided_bleed_leaves_none_at_the_spine(tmp_path):
    """KDP's and IngramSpark's interiors with bleed are 0.125 in wider and 0.25 in taller than
    the trim, bleeding at the head, the foot and the outside edge: the four-sided bleed made
    pages 0.25 in wider, which their upload check rejects. The text is set where it was."""
    files = {"01.md": "# One\n\n" + filler(6, 4)}
    four = Pdf(build_project(write_project(tmp_path / "four", SMALL_YAML + "print:\n  bleed: 0.125in\n",
                                           files), ("pdf",)).pdf)
    yaml = SMALL_YAML + "print:\n  bleed: 0.125in\n  bleed_sides: 3\n"
    three = Pdf(build_project(write_project(tmp_path / "three", yaml, files), ("pdf",)).pdf)
    assert len(three.reader.pages) == len(four.reader.pages) > 2
    for index, page in enumerate(three.reader.pages):
        media, trim, bleed = page.mediabox, page.trimbox, page.bleedbox
        assert (round(float(media.width)), round(float(media.height))) == (396 + 9, 612 + 18)
        assert list(map(float, bleed)) == list(map(float, media))
        spine = (media.left, trim.left) if index % 2 == 0 else (media.right, trim.right)  # recto: left
        assert float(spine[0]) == float(spine[1])
    assert three.texts == four.texts


def test_three_sided_bleed_refuses_printers_marks(tmp_path):
    root = write_project(tmp_path, SMALL_YAML + "print:\n  bleed_sides: 3\n  marks: crop\n", {"01.md": "# One\n"})
    with pytest.raises(PublishError, match="print.bleed_sides"):
        load_book(root)


def test_print_margins_set_the_text_block(tmp_path):
    """An editor's margins: print.css's `@page { margin }` was overridden in silence by margins
    scaled from the trim, and book.yaml had no key for them. Versos carry the outside margin on
    the left, rectos the inside one."""
    yaml = SMALL_YAML + "print:\n  trim: 6x9in\n  margins: 1in 0.75in 1.1in 0.9in\n  gutter: 0in\n"
    root = write_project(tmp_path, yaml, {"01.md": "# One\n\n" + filler(6, 12)})
    built = build_project(root, ("pdf",))
    lefts, tops = set(), set()
    for page in list(pdfium.PdfDocument(built.pdf))[-8:]:  # the text's pages and the back matter's
        text = page.get_textpage()
        boxes = [text.get_charbox(i) for i in range(text.count_chars()) if not text.get_text_range(i, 1).isspace()]
        if len(boxes) > 900:  # a page of text
            lefts.add(round(min(b[0] for b in boxes), 1))
            tops.add(round(page.get_height() - max(b[3] for b in boxes)))
    # 0.75 in outside (versos), 0.9 in inside (rectos); a glyph's side bearing is within 3 pt
    assert {54.0 if abs(x - 54) < 3 else 64.8 if abs(x - 64.8) < 3 else x for x in lefts} == {54.0, 64.8}
    assert min(tops) >= 72 - 24  # the running head stands in the 1 in top margin, over the text


def test_wide_margins_count_towards_the_pages_the_gutter_grows_with(tmp_path):
    """The page estimate behind `print.gutter: auto` took the trim's area for the text block's: a
    book set with 1.5 in margins all round, about twice the pages, was given the gutter of a book of half its length."""
    from publish.manuscript import load_book
    from publish.print_layout import estimated_pages, trim_of

    text = {"01.md": "# One\n\n" + filler(6, 200)}
    plain = load_book(write_project(tmp_path / "plain", SMALL_YAML, text))
    wide = load_book(write_project(tmp_path / "wide", SMALL_YAML + "print:\n  margins: 1.5in\n", text))
    assert estimated_pages(wide, trim_of(wide)) > 1.5 * estimated_pages(plain, trim_of(plain))


def test_a_part_heading_with_no_text_of_its_own_builds(tmp_path):
    # "# Part One" right over "# Chapter 1" (War and Peace's "ЧАСТЬ ПЕРВАЯ", then "I"): a chapter
    # whose body is only a line break. The page estimate for the gutter used to crash on it.
    text = "# Part One\n\n# Chapter 1\n\n" + filler(2, 3) + "\n\n# Part Two\n\n# Chapter 2\n\n" + filler(2, 3)
    root = write_project(tmp_path, SMALL_YAML, {"01.md": text})
    built = build_project(root)
    pdf = Pdf(built.pdf)
    assert [t for t, _ in pdf.outline if t.startswith(("Part", "Chapter"))] == [
        "Part One", "Chapter 1", "Part Two", "Chapter 2"]
    assert built.epub.exists() and (built.html / "index.html").exists()


WIDE_TABLE = """\
| Chip | Announced | Process | Transistors (bn) | CPU cores | Perf. cores | Eff. cores | GPU cores | Neural Engine cores | Max memory (GB) | Bandwidth (GB/s) | First devices |
|------|-----------|---------|-----------------:|----------:|------------:|-----------:|----------:|--------------------:|----------------:|-----------------:|---------------|
| M1 | November 2020 | 5 nm | 16 | 8 | 4 | 4 | 8 | 16 | 16 | 68 | MacBook Air, MacBook Pro 13-inch, Mac mini |
| M1 Ultra | March 2022 | 5 nm | 114 | 20 | 16 | 4 | 64 | 32 | 128 | 800 | Mac Studio |
| M2 Max | January 2023 | 5 nm (2nd gen.) | 67 | 12 | 8 | 4 | 38 | 16 | 96 | 400 | MacBookPro |
"""  # noqa: E501


def test_a_table_of_many_columns_stays_inside_the_text_block(tmp_path):
    # Twelve columns (a history book's appendix of chip figures): at the body's table size
    # WeasyPrint set the table wider than the page and the last three columns ran off its edge.
    root = write_project(tmp_path, SMALL_YAML, {"01.md": "# Figures\n\n" + filler(1, 1) + "\n\n" + WIDE_TABLE})
    pdf = Pdf(build_project(root, ("pdf",)).pdf)
    pages = [i for i, t in enumerate(pdf.texts) if "Announced" in t]  # the header repeats on each page
    for index in pages:
        page = pdf.pdfium[index]
        textpage = page.get_textpage()
        rights = [textpage.get_charbox(i)[2] for i in range(textpage.count_chars())
                  if textpage.get_text_range(i, 1).strip()]
        assert max(rights) <= page.get_size()[0] - 0.6 * 72 + 1  # nothing in the outer margin or beyond
    text = _norm(" ".join(pdf.texts[i] for i in pages)).replace("\u2010 ", "")  # hyphenated words joined
    for word in ("Bandwidth", "devices", "Studio", "MacBookPro", "800"):
        assert word in text


def test_weasyprint_loads_without_running_the_compiler():
    """WeasyPrint's library lookups ask only the loader's cache (weasyprint_import), listed once:
    ctypes would run gcc and ld for each name it does not know, a fifth of a second per process,
    and `ldconfig -p` for each of 23 names, 25 ms."""
    probe = (
        "import subprocess, sys\n"
        "ran = []\n"
        "class Spy(subprocess.Popen):\n"
        "    def __init__(self, args, *a, **k):\n"
        "        ran.append(args if isinstance(args, str) else ' '.join(map(str, args)))\n"
        "        super().__init__(args, *a, **k)\n"
        "subprocess.Popen = Spy\n"
        "import ctypes.util\n"
        "before = ctypes.util.find_library\n"
        "from publish.editions import weasyprint_import\n"
        "import weasyprint\n"
        "assert ctypes.util.find_library is before, 'ctypes left patched'\n"
        "assert weasyprint.HTML(string='<p>x</p>').write_pdf().startswith(b'%PDF')\n"
        "print('\\n'.join(ran))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert done.returncode == 0, done.stderr
    ran = done.stdout.split("\n")
    assert not [c for c in ran if c.split(" ")[0].endswith(("gcc", "cc", "ld"))], ran
    assert len([c for c in ran if c.split(" ")[0].endswith("ldconfig")]) == 1, ran


def _fonts_of(path: Path, needle: str) -> set[str]:
    """The fonts (their names without the subset tag) that set the runs of text holding `needle`."""
    found: set[str] = set()

    def visit(text, cm, tm, font, size) -> None:
        if needle in text and font is not None:
            found.add(str(font["/BaseFont"]).split("+", 1)[-1])

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_a_note_is_set_plain_wherever_it_is_called_from(tmp_path):
    """A note called from a table's header cell or from italics is set in the notes' roman
    type, not bold or italic like the words around its call."""
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"text.md": """\
        # Notes

        | Fruit[^h] | Price |
        |-----------|-------|
        | Apple     | 2.05  |

        Some *emphasised words[^e] here* and plain ones[^p].

        [^h]: Headnote called from a header cell.
        [^e]: Italnote called from italics.
        [^p]: Plainnote called from roman.
        """}), ("pdf",))
    roman = _fonts_of(built.pdf, "Plainnote")
    assert roman and not any("Italic" in f or "Bold" in f for f in roman)
    assert _fonts_of(built.pdf, "Headnote") == roman
    assert _fonts_of(built.pdf, "Italnote") == roman


def _sizes_of(path: Path, needle: str) -> set[tuple[str, float]]:
    """(font without its subset tag, size) of the runs of text holding `needle`."""
    found: set[tuple[str, float]] = set()

    def visit(text, cm, tm, font, size) -> None:
        if needle in text and font is not None:
            found.add((str(font["/BaseFont"]).split("+", 1)[-1], round(size * tm[0], 1)))

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_a_pictures_place_without_its_picture_is_set_as_a_caption(tmp_path):
    """An imported "[Illustration: Diagram XVIII. …]" (an `::: illustration` block) ran into the
    text as one more paragraph, indented, in the text's type; it is set apart as a figure's
    caption: smaller, in italics, in every edition. So is a margin note's label (`::: sidenote`)."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": """\
        # Rhythm

        The shock would have been terrible. Bodytext goes on here.

        ::: illustration
        Diagramcaption XVIII. Showing how lines unrelated can be brought into harmony.
        :::

        ::: sidenote
        Marginlabel
        :::

        Afterwards the text goes on.
        """})
    built = build_project(root, ("pdf", "epub"))
    ((body_font, body_size),) = _sizes_of(built.pdf, "Bodytext")
    ((font, size),) = _sizes_of(built.pdf, "Diagramcaption")
    assert "Italic" in font and "Italic" not in body_font and size < body_size
    assert _sizes_of(built.pdf, "Marginlabel") == {(font, size)}
    with zipfile.ZipFile(built.epub) as epub:
        sheets = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    assert ".illustration {" in sheets and ".sidenote {" in sheets


def test_list_numbering_and_html_sizes_are_as_written(tmp_path):
    """HTML's presentational hints hold in print as in a browser: a list's first number and
    its kind of numbering (pandoc's `start` and `type`), and a raw <img>'s width."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": """\
        # Lists

        (7) seventh item
        (8) eighth item

        D.  delta item
        E.  echo item
            iv. fourth roman

        A small <img src="images/square.png" alt="a square" width="24" height="24"> in the line.
        """})
    shutil.copytree(REPO / "tests" / "manuscripts" / "pandoc-features" / "images", root / "manuscript" / "images")
    built = build_project(root, ("pdf",))
    document = pdfium.PdfDocument(built.pdf)
    (page,) = [p for p in document if "in the line" in p.get_textpage().get_text_range().replace("\xa0", " ")]
    markers = [w for w in page.get_textpage().get_text_range().split() if w.endswith((".", ")")) and len(w) <= 4]
    assert markers == ["(7)", "(8)", "D.", "E.", "iv."]  # (pdfium gives them after the text)
    (image,) = page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE])
    left, bottom, right, top = image.get_bounds()
    assert abs((right - left) - 18) < 0.5 and abs((top - bottom) - 18) < 0.5  # 24 CSS px = 18 pt


def _lines_of(rects: list[tuple[float, float, float, float]]) -> list[list[tuple]]:
    """Text runs (left, bottom, right, top) grouped into lines: runs whose heights overlap."""
    lines: list[list[tuple]] = []
    for rect in sorted(rects, key=lambda r: -r[3]):
        if lines and rect[3] > lines[-1][0][1]:  # its top above the line's first run's bottom
            lines[-1].append(rect)
        else:
            lines.append([rect])
    return lines


def test_the_lines_of_a_loose_list_item_start_together(tmp_path):
    """A list item made of paragraphs (a loose list) is not indented like running text: its
    wrapped lines start where its first line does."""
    item = "Loosestart " + "a citation group, long enough to wrap over several lines of the page, " * 3 + "Looseend"
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"text.md": f"""\
        # Lists

        -   {item}

        -   Another one.
        """}), ("pdf",))
    document = pdfium.PdfDocument(built.pdf)
    (page,) = [p for p in document if "Loosestart" in p.get_textpage().get_text_range()]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    start, end = text.index("Loosestart"), text.index("Looseend") + len("Looseend")
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects(start, end - start))]
    lefts: list[float] = []  # each line's start: its leftmost run (the last word is a run of its own)
    for line_rects in _lines_of(rects):
        lefts.append(min(left for left, *_ in line_rects))
    assert len(lefts) >= 3 and max(lefts) - min(lefts) < 1, lefts  # (glyphs' side bearings differ a little)


def test_a_note_is_printed_on_the_page_of_its_call(tmp_path):
    """Chapters whose last paragraph on the first page falls differently each time: a note
    called near the top of a page stays on that page. WeasyPrint moved it to the next page
    when a paragraph at the foot had room for one line only (`orphans`): chapter 2 here,
    among others, lost its note that way."""
    sentence = "Степан Аркадьич проснулся не в спальне жены, а в своём кабинете, на сафьянном диване. "
    chapters = {}
    for n in range(1, 25):
        paragraphs = [f"Все счастливые семьи похожи друг на друга, Начало{n:02}.[^n{n}]", sentence * (2 + n % 5),
                      *[sentence * 4] * 6]
        chapters[f"{n:02}.md"] = f"# Глава {n}\n\n" + "\n\n".join(paragraphs) + f"\n\n[^n{n}]: Сноска{n:02} к главе.\n"
    built = build_project(write_project(tmp_path, MINIMAL_YAML.replace("language: en", "language: ru"), chapters),
                          ("pdf",))
    texts = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(built.pdf)]
    for n in range(1, 25):
        call = [i for i, t in enumerate(texts) if f"Начало{n:02}" in t]
        note = [i for i, t in enumerate(texts) if f"Сноска{n:02}" in t]
        assert note == call, f"chapter {n}: opens on page {call}, its note on page {note}"


def test_a_task_lists_boxes_stand_beside_their_items(tmp_path):
    """WeasyPrint set a task list's checkbox as a block, its text on the line below it; the
    web edition dropped the boxes (form controls) and the EPUB a ticked one: the box is drawn
    on the item's first line in print, and is ☐ or ☒ on screens."""
    root = write_project(tmp_path, MINIMAL_YAML, {"t.md": "# Tasks\n\n- [ ] Undone task\n- [x] Done task\n"})
    shutil.copytree(REPO / "styles", root / "styles")
    built = build_project(root)
    document = pdfium.PdfDocument(built.pdf)
    (page,) = [p for p in document if "Undone task" in p.get_textpage().get_text_range()]
    text = page.get_textpage()
    boxes = [o.get_bounds() for o in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH])]
    scale = 8
    bitmap = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    ink = {}
    for word in ("Undone", "Done task"):
        _, bottom, _, top = text.get_charbox(text.get_text_range().index(word))
        box = [b for b in boxes if bottom <= (b[1] + b[3]) / 2 <= top and b[2] - b[0] < 10]
        assert box, word
        left, low, right, high = box[0]
        inset = (right - left) * 0.2  # inside the box's rule
        inside = bitmap.crop((round((left + inset) * scale), round((page.get_height() - high + inset) * scale),
                              round((right - inset) * scale), round((page.get_height() - low - inset) * scale)))
        ink[word] = sum(1 for v in inside.getdata() if v < 128) / (inside.width * inside.height)
    # a done task's box is ticked (WeasyPrint filled it black, "■"), an undone one empty
    assert ink["Undone"] < 0.02 and 0.08 < ink["Done task"] < 0.5, ink
    page_text = (built.html / "tasks.html").read_text(encoding="utf-8")
    assert "☐ Undone task" in page_text and "☒ Done task" in page_text
    import zipfile

    with zipfile.ZipFile(built.epub) as z:
        xhtml = z.read("EPUB/text/tasks.xhtml").decode()
    assert "☐ Undone task" in xhtml and "☒ Done task" in xhtml


def _letter_heights(page, letter: str, line: int) -> set[float]:
    """The heights of `letter` on a line of the page's text (its margins come last)."""
    text = page.get_textpage()
    content = text.get_text_range()
    start = sum(len(x) + 2 for x in content.split("\r\n")[:line])
    end = start + len(content.split("\r\n")[line])
    boxes = [text.get_charbox(i) for i in range(start, end) if content[i] == letter]
    return {round(top - bottom, 2) for _, bottom, _, top in boxes}


def test_a_long_opening_paragraph_has_its_small_caps_on_its_first_line_only(tmp_path):
    """WeasyPrint set the first line of every page the chapter's opening paragraph ran onto in
    the opening small caps. And a title too long for the running head is cut short at a pause
    (or the editor's `running-head`), on one line, never hyphenated."""
    long_title = "Stubb and Flask Kill a Right Whale; and Then Have a Talk About Whales and Other Matters at Length"
    opening = " ".join(f"the long opening paragraph runs on across the page, sentence {n}." for n in range(90))
    root = write_project(tmp_path, MINIMAL_YAML, {
        "a.md": f"# {long_title}\n\n{opening}\n",
        "b.md": "# The Second Chapter Has a Title Far Too Long for Any Running Head {running-head=\"Short Head\"}\n\n"
                + "\n\n".join([opening] * 2) + "\n",
    })
    shutil.copytree(REPO / "styles", root / "styles")
    document = pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
    texts = [page.get_textpage().get_text_range() for page in document]
    first = next(i for i, t in enumerate(texts) if t.startswith(long_title[:20]))
    follow = document[first + 1]
    # The first line of the next page is set like the lines after it: its o's are as high as theirs.
    assert _letter_heights(follow, "o", 0) == _letter_heights(follow, "o", 4)
    lines = texts[first].split("\r\n")
    opening_line = lines.index(next(x for x in lines if x.startswith("the long")))
    first_page = document[first]
    assert _letter_heights(first_page, "o", opening_line) != _letter_heights(first_page, "o", opening_line + 2)
    # (pdfium gives the margins last)
    rectos = [t.splitlines()[-2] for i, t in enumerate(texts) if i > first and i % 2 == 0 and t.strip()]
    assert "Stubb and Flask Kill a Right Whale" in rectos
    assert "Short Head" in rectos
    assert not [line for line in rectos if line.endswith("-")]


def test_pandocs_small_caps_are_small_caps_in_print(tmp_path):
    """`[Gwendolen]{.smallcaps}`, pandoc's small capitals (a play's speakers), printed as plain
    text: print.css had no rule for them. Set from the lower case, they copy out as typed."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # Act III

        The opening paragraph, whose first line is in small capitals anyway.

        [Gwendolen]{.smallcaps}. The fact that they did not follow us at once seems shameless.
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    (page,) = [p for p in pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
               if "Gwendolen. The fact" in p.get_textpage().get_text_range()]
    text = page.get_textpage()
    content = text.get_text_range()

    def height(at: int) -> float:
        _, bottom, _, top = text.get_charbox(at)
        return top - bottom

    speaker, speech = content.index("Gwendolen") + 2, content.index("The fact") + 2  # an e of each
    assert content[speaker] == content[speech] == "e"
    assert height(speaker) > 1.03 * height(speech)  # a small capital, taller than a lower-case e


def test_a_quotation_in_an_endnote_is_set_no_larger_than_the_note(tmp_path):
    """With `notes: end`, a quotation in a note was set in the text's quotation size (9.5 pt),
    larger than the note around it (8.5 pt)."""
    root = write_project(tmp_path, MINIMAL_YAML + "print: {notes: end}\n", {"a.md": """\
        # Notes

        A claim.[^q]

        [^q]: Notebook words before the quotation:

            > Nobody quoted words within the quotation.
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    (page,) = [p for p in pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
               if "Nobody quoted" in p.get_textpage().get_text_range()]
    text = page.get_textpage()
    content = text.get_text_range()

    def height(word: str) -> float:  # of its capital
        _, bottom, _, top = text.get_charbox(content.index(word))
        return top - bottom

    assert height("Nobody") <= height("Notebook")


def test_notes_close_on_each_other_stay_on_the_pages_of_their_calls(tmp_path):
    """Seventy notes, five to a paragraph: with WeasyPrint's own policy many were printed a
    page or more after their calls; a note's call now goes over the page with it when the note
    cannot fit under it."""
    paragraphs, notes = [], []
    for start in range(1, 71, 5):
        sentence = "This is a sentence of the body text that carries a call to the note Call{:02}.[^{}]"
        paragraphs.append(" ".join(sentence.format(n, n) for n in range(start, start + 5)))
    for n in range(1, 71):
        notes.append(f"[^{n}]: Note{n:02} A short citation: Smith, *The Volga Trade* (Moscow, 1990), p. {n}; "
                     "see also Jones, *Grain*, p. 7.")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# Notes\n\n" + "\n\n".join(paragraphs + notes) + "\n"})
    shutil.copytree(REPO / "styles", root / "styles")
    texts = [re.sub(r"[\u2010-]\s+", "", page.get_textpage().get_text_range())
             for page in pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)]
    for n in range(1, 71):
        call = [i for i, t in enumerate(texts) if f"Call{n:02}" in t]
        note = [i for i, t in enumerate(texts) if f"Note{n:02}" in t]
        assert call == note and len(call) == 1, f"note {n}: call on {call}, note on {note}"


def test_a_long_note_stays_on_the_page_of_its_call(tmp_path):
    """A note taller than the footnote area's old limit (45% of the page) fitted on no page:
    WeasyPrint put it on the page after its call's, and every later call's line went over with
    it (Keynes: a page of four lines, its call 39 there and the note overleaf, then a page of one
    line; 17 pages stopping 4 to 33 lines short). A note takes what it needs of its page."""
    sentence = "The coal of the Saar and of Upper Silesia was the subject of long debate in Paris. "
    chapters = {}
    for n in range(1, 9):
        note = " ".join(f"Note{n}." if k == 0 else "The figures of the plebiscite were disputed." for k in range(40))
        paragraphs = [sentence * (3 + 2 * n), f"Call{n} here.[^n{n}] " + sentence * 3, *[sentence * 5] * 3]
        chapters[f"{n}.md"] = f"# Coal {n}\n\n" + "\n\n".join(paragraphs) + f"\n\n[^n{n}]: {note}\n"
    pdf = build_project(write_project(tmp_path, MINIMAL_YAML, chapters), ("pdf",)).pdf
    texts = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]
    for n in range(1, 9):
        call = [i for i, t in enumerate(texts) if f"Call{n} " in t]
        note = [i for i, t in enumerate(texts) if f"Note{n}." in t]
        assert note == call, f"chapter {n}: its call on page {call}, its note on page {note}"


def test_a_note_called_from_a_chapter_heading_is_printed_and_numbered_first(tmp_path, caplog):
    """`# The Spring Trade[^h]`: the heading showed a call, its note was nowhere in the PDF, the
    body's first note was numbered 1 too (2 in the EPUB), and the bookmark read "The Spring Trade1"."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # The Spring Trade[^h]

        Body text with a first note.[^a] And a second.[^b]

        [^h]: Headnote on the archive.
        [^a]: Firstnote in the body.
        [^b]: Secondnote in the body.
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    built = build_project(root, ("pdf",))
    (text,) = [" ".join(p.get_textpage().get_text_range().split()) for p in pdfium.PdfDocument(built.pdf)
               if "Firstnote" in p.get_textpage().get_text_range()]
    assert "1. Headnote on the archive." in text and "2. Firstnote in the body." in text
    assert "3. Secondnote" in text
    with pikepdf.open(built.pdf) as pdf, pdf.open_outline() as outline:
        assert "The Spring Trade" in [item.title for item in outline.root]
    assert not [r for r in caplog.records if "No anchor" in r.getMessage()]


def test_verse_keeps_its_stanzas_apart_and_turns_long_lines_over_indented(tmp_path):
    """Line blocks ran their stanzas together in print and on screen, and a line too long for
    the measure wrapped back to the margin, where it read as a new line of verse."""
    built, box = _built_poem(tmp_path, f"""\
        # A Poem

        | First stanza line one
        | First stanza line two

        | {LONG_VERSE_LINE}
        | Second stanza line two

        | Third stanza line one
        |
        | Third stanza after a blank line
        """)
    line_gap = _assert_stanzas_apart_and_turnover_indented(box, "First stanza line one", "First stanza line two")
    blank_gap = box("Third stanza line one")[1] - box("Third stanza after")[1]
    assert 1.8 * line_gap < blank_gap < 2.2 * line_gap  # a blank line kept within the stanza
    page_html = lhtml.fromstring((built.html / "a-poem.html").read_bytes())
    assert len(page_html.xpath("//div[@class='line-block']/span[@class='line']")) == 7
    from test_epub import assert_epubcheck_clean

    assert_epubcheck_clean(built.epub)


LONG_VERSE_LINE = "Second stanza opening, a very long line of verse that has to wrap onto the next line Turnover"


def _built_poem(tmp_path, markdown: str):
    """A book of one poem built with the default styles, and the boxes of its first stanza's page."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": markdown})
    shutil.copytree(REPO / "styles", root / "styles")
    built = build_project(root)
    return built, _boxes_on_page(built.pdf, "First stanza")


def _assert_stanzas_apart_and_turnover_indented(box, line_before: str, last_line: str) -> float:
    """The long line's turnover indented, and the first stanza's `last_line` further from the
    second stanza than from `line_before`; the gap between two lines."""
    assert box("Turnover")[0] > box("Second stanza opening")[0] + 10  # the turnover indented
    line_gap = box(line_before)[1] - box(last_line)[1]
    stanza_gap = box(last_line)[1] - box("Second stanza opening")[1]
    assert stanza_gap > 1.4 * line_gap
    return line_gap


def _boxes_on_page(pdf: Path, needle: str):
    """For the page that holds `needle`: the box of the first place a piece of its text is."""
    (page,) = [p for p in pdfium.PdfDocument(pdf) if needle in p.get_textpage().get_text_range()]
    text = page.get_textpage()
    content = text.get_text_range()
    return lambda word: text.get_charbox(content.index(word))


def test_verse_written_with_hard_line_breaks_is_set_as_verse(tmp_path):
    """Verse written a stanza a paragraph, each line ending in a hard break (`\\`), was set as
    prose: its turnovers went back to the margin, where they read as new lines of verse, and
    its stanzas ran together in print. A paragraph with one break (a letter's close) stays prose,
    unless it stands beside a stanza."""
    built, box = _built_poem(tmp_path, f"""\
        # A Poem

        First stanza line one \\
        First stanza line two \\
        First stanza line three

        {LONG_VERSE_LINE} \\
        Second stanza line two \\
        Second stanza line three

        A closing couplet, \\
        a stanza beside the others.

        The prose that follows.

        Yours ever, \\
        Closing Signature
        """)
    _assert_stanzas_apart_and_turnover_indented(box, "First stanza line two", "First stanza line three")
    page_html = lhtml.fromstring((built.html / "a-poem.html").read_bytes())
    assert len(page_html.xpath("//div[@class='line-block']/span[@class='line']")) == 8  # the couplet's too
    assert page_html.xpath("//p[contains(., 'Yours ever')]/br")  # two lines, not beside verse: a paragraph
    from test_epub import assert_epubcheck_clean

    assert_epubcheck_clean(built.epub)


@pytest.mark.parametrize(("sentences", "what"), [
    (69, "fits on no page with the line that calls it and is printed a page after its call"),
])
def test_a_footnote_longer_than_a_page_is_named(tmp_path, caplog, sentences, what):
    """A note that fits on a page but not with its call's line went overleaf from its call, unsaid."""
    long_note = " ".join(f"Sentence {n} of the long note about the archive." for n in range(1, sentences + 1))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"""\
        # Notes

        A call to a short note.[^s] A call to a long one.[^l]

        [^s]: A short note.
        [^l]: {long_note}
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    with caplog.at_level("WARNING", logger="publish"):
        build_project(root, ("pdf",))
    said = [r.getMessage() for r in caplog.records if "footnote" in r.getMessage()]
    assert said == [f'print edition: the footnote "Sentence 1 of the long note about the…" {what}; shorten or '
                    "split it, or set the notes at the chapters' ends (print: notes: end)"]


def test_a_footnote_longer_than_a_page_is_set_at_its_chapters_end(tmp_path, caplog):
    """A note longer than a page holds ran off its foot, its end lost in print (WeasyPrint carries
    no note over to the next page): it is set at its chapter's end, after its number, and the
    note at its call's foot says the page it is on."""
    long_note = " ".join(f"Sentence {n} of the long note about the archive." for n in range(1, 120))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"""\
        # Notes

        A call to a short note.[^s] A call to a long one.[^l]

        {"The text goes on. " * 60}

        [^s]: A short note.
        [^l]: {long_note}
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    with caplog.at_level("INFO", logger="publish"):
        built = build_project(root, ("pdf",))
    said = [r.getMessage() for r in caplog.records if "footnote" in r.getMessage()]
    assert said == ["print edition: 1 footnote longer than a page holds set at the end of its chapter, the note "
                    "at its call saying the page (→ 24)"]
    doc = pdfium.PdfDocument(built.pdf.read_bytes())
    pages = [page.get_textpage().get_text_range() for page in doc]
    called = next(i for i, text in enumerate(pages) if "A call to a long one" in text)
    pointer = re.search(r"2\. \u2192\s?(\d+)", pages[called].replace("\u00a0", " "))
    assert pointer, pages[called]
    at = next(i for i, text in enumerate(pages) if "2. Sentence 1 of the long note" in text)
    assert int(pointer[1]) == int(pages[at].split()[-1])  # the page the note is on, by its folio
    assert at >= called and "The text goes on." in " ".join(pages[called:at + 1])
    last = next(i for i, text in enumerate(pages) if "Sentence 119 of the long note" in text)
    text = doc[last].get_textpage()
    where = text.get_text_range().index("Sentence 119")
    assert text.get_charbox(where)[1] > 0.5 * 72  # on the page, not run off its foot


def test_footnotes_longer_than_a_page_are_said_in_one_line(tmp_path, caplog):
    """A history's long notes were named a line each (80 lines for four chapters of Gibbon)."""
    notes = [" ".join(f"Sentence {n} of note {k} about the archive." for n in range(1, 96)) for k in range(4)]
    text = "# Notes\n\n" + "".join(f"A call to note {k}.[^n{k}]\n\n" for k in range(4))
    text += "".join(f"[^n{k}]: {note}\n\n" for k, note in enumerate(notes))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    with caplog.at_level("INFO", logger="publish"):
        build_project(root, ("pdf",))
    said = [r.getMessage() for r in caplog.records if "footnote" in r.getMessage()]
    assert said == ["print edition: 4 footnotes longer than a page holds set at the end of their chapter, the note "
                    "at its call saying the page (→ 24)"]


@pytest.mark.parametrize(("title", "head"), [
    ("Stubb and Flask Kill a Right Whale; and Then Have a Talk About Whales and Other Matters at Length",
     "Stubb and Flask Kill a Right Whale"),
    ("The Manchurian Operation of Marshal A. M. Vasilevsky and General Kh. Stalin of the Red Army",
     "The Manchurian Operation of Marshal A. M. Vasilevsky and…"),  # never cut at an initial
    ("ДАЛЬНЕВОСТОЧНАЯ СОВЕТСКАЯ РАЗВЕДКА НА ПОРОГЕ ВОЙНЫ С ЯПОНИЕЙ",
     "ДАЛЬНЕВОСТОЧНАЯ СОВЕТСКАЯ РАЗВЕДКА НА…"),  # capitals set wider: cut though shorter
    ("The Far Eastern Patrol", "The Far Eastern Patrol"),
])
def test_a_running_head_is_cut_to_one_line_at_a_pause_or_a_word(title, head):
    from publish.editions.pdf import running_head
    from publish.model import Chapter

    assert running_head(Chapter("x", 1, title, title, "", Path("a.md"), 1)) == head


def test_a_running_head_is_cut_to_the_text_blocks_width(tmp_path):
    """A pocket trim with margins of its own (2.85 in of text across): a 57-letter title, which
    fits over the default 4.15 in, took two lines as the rectos' running head."""
    title = "The Intelligence Chiefs of the Fronts and of the Fleet Before August"
    yaml = SMALL_YAML + "print:\n  trim: 4.25x6.87in\n  margins: 0.7in 0.6in 0.8in 0.8in\n"
    root = write_project(tmp_path, yaml, {"01.md": f"# {title}\n\n" + filler(3, 10)})
    pdf = pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
    pages = [page.get_textpage().get_text_range() for page in pdf]
    heads = [line for text in pages if "Before August" not in text  # not the title's own page
             for line in text.split("\r\n") if "Chiefs" in line or "Fleet" in line]
    assert heads and set(heads) == {"The Intelligence Chiefs of the Fronts…"}, heads


def test_a_long_book_title_is_cut_to_one_line_over_the_versos(tmp_path):
    title = "Soviet Military Intelligence in the Far East and the Secret War with Imperial Japan"
    root = write_project(tmp_path, SMALL_YAML.replace("title: Harbour Lights", f"title: {title}"),
                         {"01.md": "# One\n\n" + filler(3, 10)})
    pages = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)]
    # On a verso of text its running head is drawn last but its folio: the last two lines.
    heads = [text.split("\r\n")[-3:-1] for text in pages if text.split("\r\n")[-1].isdigit()
             and "Soviet" in text.split("\r\n")[-2] + text.split("\r\n")[-3]]
    assert heads and all(lines[-1] == "Soviet Military Intelligence in the Far East and the…" for lines in heads), heads


def test_display_lines_of_the_front_and_back_matter_are_not_hyphenated(tmp_path):
    """A long series name wrapped on the series page as "GREAT NOVELS OF THE NINETEENTH CEN-/TURY":
    a display line breaks between words only, as the book's title always did."""
    yaml_text = SMALL_YAML.replace("name: Test Series", "name: Great Novels of the Nineteenth Century")
    root = write_project(tmp_path, yaml_text, {"01.md": "# One\n\n" + filler(1, 2)})
    pdf = Pdf(build_project(root, ("pdf",)).pdf)
    series_pages = [text for text in pdf.texts if text.startswith("great novels")]
    assert len(series_pages) == 2  # the series page and the closing series page
    for text in series_pages:
        assert "nineteenth century" in text.lower(), text


def test_short_inline_code_is_never_broken_at_its_hyphens(tmp_path):
    """`--syntax-highlighting` broken after a hyphen reads as a word hyphenated over the line
    (print_layout.SHORT_CODE): a short piece of code stays on one line."""
    filler = "the option and its value go together on the command line when the book is built".split()
    words = []
    for n in range(160):  # the code at every place in the line, one run after another
        words += filler[: n % 7 + 1] + ["`--syntax-highlighting`"]
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# Options\n\n" + " ".join(words) + "\n"})
    document = pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
    lines = [line.strip() for page in document for line in page.get_textpage().get_text_range().splitlines()]
    assert sum(line.count("--syntax-highlighting") for line in lines) == 160
    assert not [line for line in lines if re.search(r"(^|\s)-?-?(syntax-?)?$|^(-?syntax-)?highlighting\b", line)]


def test_a_range_in_the_subtitle_is_not_broken_over_the_title_pages_lines(tmp_path):
    """A history's subtitle ends in its years: the title page set "…, 1898–" over "1905", the
    ranges of the matter pages not kept whole as the text's are."""
    yaml_text = MINIMAL_YAML + "subtitle: Port Arthur and the Kwantung Leased Territory, 1898-1905\n"
    root = write_project(tmp_path, yaml_text, {"a.md": "# One\n\nText.\n"})
    document = pdfium.PdfDocument(build_project(root, ("pdf",)).pdf)
    pages = [page.get_textpage().get_text_range() for page in document]
    title_page = next(text for text in pages if "Kwantung" in text and "Test Series" in text)
    assert "1898–1905" in title_page


def test_a_contents_entry_is_never_split_over_two_pages(tmp_path):
    """Les Misérables' 26 pages of contents: an entry wrapped over three lines ("CHAPTER IV – MADEMOISELLE
    GILLENORMAND ENDS BY NO LONGER THINKING IT A BAD" | "THING THAT … HIS ARM ….. 2271") began at
    the foot of one page and ended, with its page number, at the head of the next."""
    titles = [f"Chapter {n}: The Long Title of a Chapter That Turns Over {'Four Lines or Even Five ' * (n % 5)}"
              f"Number {n}".strip() for n in range(1, 61)]
    files = {f"{n:02}.md": f"# {title}\n\n{filler(n, 1, 30)}\n" for n, title in enumerate(titles, 1)}
    root = write_project(tmp_path, SMALL_YAML, files)
    pdf = Pdf(build_project(root, ("pdf",)).pdf)
    first = dict(pdf.outline)["Contents"]
    pages = [_squeeze(text) for text in pdf.texts[first:first + 12]]
    for title in titles:
        assert any(_squeeze(title) in page for page in pages), f"{title!r} split over two pages"


def test_a_paragraph_after_a_section_break_or_a_subheading_is_not_indented(tmp_path):
    """A Word author's "* * *" between scenes, and a "## Sub": the paragraph after each was indented
    in print, as `.chapter p` outweighed the stylesheet's `hr + p` and `h2 + p`; it starts flush."""
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"text.md": """\
        # Scenes

        Firstpara opens the chapter.

        Secondpara is indented.

        * * *

        Afterbreak starts a scene.

        ## Sub

        Aftersub starts a section.
        """}), ("pdf",))
    document = pdfium.PdfDocument(built.pdf)
    (page,) = [p for p in document if "Firstpara" in p.get_textpage().get_text_range()]
    textpage = page.get_textpage()
    text = textpage.get_text_range()

    def left(word: str) -> float:
        return textpage.get_charbox(text.index(word))[0]

    assert left("Secondpara") > left("Firstpara") + 5  # running text is indented
    assert abs(left("Afterbreak") - left("Firstpara")) < 1 and abs(left("Aftersub") - left("Firstpara")) < 1


def test_a_chapters_epigraph_is_set_apart_from_its_text(tmp_path):
    """The Captain's Daughter from FB2: each chapter's <epigraph> (`::: epigraph`, its source last)
    was printed as the chapter's first paragraphs, "Княжнин" a paragraph of the text. It is a
    narrower block to the right in a smaller size, its source flush right; the text opens flush."""
    yaml = MINIMAL_YAML.replace("language: en", "language: ru")
    built = build_project(write_project(tmp_path, yaml, {"text.md": """\
        # Глава I

        ::: epigraph
        Эпиграфстрока был бы гвардии он завтра капитан.

        Княжнин
        :::

        Первыйабзац открывает главу.

        Второйабзац идет с отступом.
        """}), ("pdf",))
    document = pdfium.PdfDocument(built.pdf)
    (page,) = [p for p in document if "Первыйабзац" in p.get_textpage().get_text_range()]
    textpage = page.get_textpage()
    text = textpage.get_text_range()

    def box(word: str) -> tuple[float, float, float, float]:
        return textpage.get_charbox(text.index(word))

    def right(word: str) -> float:
        return textpage.get_charbox(text.index(word) + len(word) - 1)[2]

    margin = box("Первыйабзац")[0]
    assert box("Эпиграфстрока")[0] > margin + 72  # an inch and more to the right
    assert right("Княжнин") > right("Эпиграфстрока") + 20  # the source flush right, under a shorter line
    size = lambda word: box(word)[3] - box(word)[1]  # noqa: E731
    assert size("Эпиграфстрока") < size("Первыйабзац")  # smaller
    assert box("Второйабзац")[0] > margin + 5  # the text's second paragraph indented, its first flush


def test_a_picture_without_a_description_is_decoration_in_the_tagged_pdf(tmp_path):
    """`![](ornament.png)` (alt="", a decoration to the web edition and the EPUB) was a /Figure
    without /Alt, which PDF/UA forbids (pdfua UA-13-004 on pandoc's DocBook test). It is an
    artifact, still drawn; a described picture stays a figure with its /Alt."""
    from PIL import Image

    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nA fleuron ![](images/orn.png) here.\n\n"
                                                          "![A map of the coast](images/map.png)\n"})
    (root / "manuscript" / "images").mkdir()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(root / "manuscript" / "images" / "orn.png")
    Image.new("RGB", (900, 600), (30, 30, 200)).save(root / "manuscript" / "images" / "map.png")
    built = build_project(root, ("pdf",))
    figures = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids]:
                if kid is not None and hasattr(kid, "get_object"):
                    walk(kid)

    reader = pypdf.PdfReader(built.pdf)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert figures == ["A map of the coast"]
    page = next(p for p in reader.pages if "fleuron" in p.extract_text())
    assert b"/Artifact" in page.get_contents().get_data() and len(page["/Resources"]["/XObject"]) >= 1
    result = subprocess.run([sys.executable, "-m", "pdfua", "check", str(built.pdf)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_linked_picture_without_a_description_is_described_by_where_it_leads(tmp_path):
    """`[![](seal.png)](https://…)` (pandoc's Vimwiki test) was a figure without /Alt inside a link,
    which PDF/UA forbids, and an empty link to screen readers in the EPUB and on the web. It is
    described by the link's title, else its address as said ("example.org/about"), or the words
    of the heading a link within the chapter leads to."""
    from lxml import html as lxml_html
    from PIL import Image

    text = ("# One\n\nA badge [![](seal.png)](https://www.example.org/about/) here.\n\n"
            "[![](seal.png)](https://example.org \"The society's page\")\n\n[![](seal.png)](#one) within.\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    Image.new("RGB", (300, 200), (200, 30, 30)).save(root / "manuscript" / "seal.png")
    built = build_project(root, ("pdf", "html"))
    page = lxml_html.parse(str(built.html / "one.html")).getroot()
    assert [img.get("alt") for img in page.xpath("//article//a/img")] == [
        "example.org/about", "The society's page", "One"]  # a link within: the words of its target
    result = subprocess.run([sys.executable, "-m", "pdfua", "check", str(built.pdf)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_div_of_the_books_own_notes_is_set_as_text_not_floated_to_a_pages_foot(tmp_path):
    """Gutenberg's HTML keeps its notes in <div class="footnote"> (The Ancient Art of the Province
    of Chiriqui: 18 of them, imported as `::: footnote`): print.css floated the whole div into
    one page's footnote area, as it floats publish's own notes, and it ran past the foot of the
    page over the folio and off the trim, notes 17 and 18 lost."""
    notes = "\n\n".join(f"[{n}.](#tag{n}){{#note{n}}} Merritt, report on the huacals of Chiriqui, "
                        f"Bulletin of the American Ethnological Society, 1860, page {n}." for n in range(1, 41))
    text = f"# Notes\n\nThe graves were opened.\n\n::: footnote\n#### Footnotes\n\n{notes}\n:::\n"
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf",))
    doc = pdfium.PdfDocument(built.pdf)
    lowest = min(obj.get_bounds()[1] for page in doc for obj in page.get_objects(max_depth=3))
    assert lowest >= 0.25 * 72  # nothing in the outer quarter inch (a printer's safe zone), let alone off the page
    done = subprocess.run(["pdftotext", str(built.pdf), "-"], capture_output=True, text=True)
    printed = " ".join(done.stdout.split())
    assert "page 40." in printed and "page 1." in printed


def test_a_manuscripts_own_footnote_box_is_no_note(tmp_path):
    """Chiriqui (Gutenberg's HTML) kept its notes in a <div class="footnote">, imported as a
    '::: footnote' box: print.css floated it to the page's foot as one note numbered '1.', as
    long as a page. A manuscript's own class is its own: only the edition's notes float."""
    text = ("# A\n\nText before the box.\n\n::: footnote\n#### Footnotes\n\nThe box of notes.\n:::\n\n"
            "Text after the box.[^1]\n\n[^1]: A real note.\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf",))
    page = next(p.extract_text() for p in pypdf.PdfReader(built.pdf).pages if "Text before" in p.extract_text())
    lines = [line.replace("\xa0", " ").strip() for line in page.splitlines()]
    assert lines.index("The box of notes.") < lines.index("Text after the box.1")
    assert "1. A real note." in lines and "1." not in lines


def test_an_index_sets_each_entrys_turnover_in_under_it(tmp_path):
    """Chiriqui's index (Gutenberg's <div class="index">, imported as '::: index') was set as
    paragraphs of text: each entry's first line indented, its turnover flush left under it
    ('Otis, F. M., paper on Panama ornaments by, mentioned' over '46'). An index hangs: the
    entry flush left, its turnover set in."""
    entry = "Merritt, J. K., exploration of the Bugaba cemetery and the graves of the Chiriquians by {}, 30, 50"
    entries = "\n\n".join(entry.format(n) for n in range(10, 14))
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# Index\n\n::: index\n{entries}\n:::\n"}),
                          ("pdf", "html", "epub"))
    pdf = pdfium.PdfDocument(str(built.pdf))
    rows = next(r for r in (pdf_rows(p) for p in pdf) if any(t.startswith("Merritt") for t, _, _ in r))
    entry_rows = [n for n, (text, _, _) in enumerate(rows) if text.startswith("Merritt")]
    firsts = [rows[n][1] for n in entry_rows]
    turnovers = [rows[n + 1][1] for n in entry_rows if n + 1 < len(rows) and not rows[n + 1][0].startswith("Merritt")]
    assert len(firsts) == len(turnovers) == 4
    assert all(turnover > first + 15 for first, turnover in zip(sorted(firsts), sorted(turnovers), strict=True))
    with zipfile.ZipFile(built.epub) as epub:
        assert ".index p" in epub.read("EPUB/css/book.css").decode()


def test_an_index_is_set_in_two_columns_and_its_list_without_bullets(tmp_path):
    """An index typed as a list (Critical and Historical Essays', imported in '::: index') was
    printed with a bullet before each entry, in one column of the text's size, 24 pages of it:
    an index is set in two columns, smaller, its entries (paragraphs or a list's items) flush
    left with no bullet, a sub-entry set in under its entry."""
    items = "\n".join(f"- Beethoven {n}, 16, 18, 23, 173, 177, 183, 185, 186, 187, 188, 214, 224\n"
                      f"    - sonatas {n}, 12" for n in range(40))
    text = f"# Story\n\nText.\n\n# Index\n\n::: index\n#### B.\n\n{items}\n:::\n"
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf",))
    pdf = pdfium.PdfDocument(str(built.pdf))
    rows = next(r for r in (pdf_rows(p) for p in pdf) if any(t.startswith("Beethoven") for t, _, _ in r))
    entries = [left for t, left, _ in rows if t.startswith("Beethoven")]
    subs = [left for t, left, _ in rows if t.startswith("sonatas")]
    columns = sorted({round(x) for x in entries})
    assert len(columns) == 2 and columns[1] - columns[0] > 100  # two columns
    assert all(round(x) in columns for x in entries)  # each entry flush left in its column
    assert all(min(abs(x - c - 12) for c in columns) < 4 for x in subs)  # a sub-entry set in
    assert not any(t.startswith(("•", "◦")) for t, _, _ in rows)


def test_an_index_sets_a_sub_entry_paragraph_in_under_its_entry(tmp_path):
    """Chiriqui's sub-entries (its index's <p class="indent">, imported as '::: subentry') were
    printed flush left as entries: set in under the entry, in print, the EPUB and the web."""
    entries = "\n\n".join(f"Kunz {n}, G. F., on use of insects as models 38\n\n::: subentry\n"
                          f"plating {n}, on Chiriquian methods of plating 39\n:::" for n in range(6))
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# Index\n\n::: index\n{entries}\n:::\n"}),
                          ("pdf", "html", "epub"))
    rows = next(r for r in (pdf_rows(p) for p in pdfium.PdfDocument(str(built.pdf)))
                if any(t.startswith("Kunz") for t, _, _ in r))
    columns = sorted({round(left) for t, left, _ in rows if t.startswith("Kunz")})
    subs = [left for t, left, _ in rows if t.startswith("plating")]
    assert len(subs) == 6 and all(min(abs(x - c - 12) for c in columns) < 4 for x in subs)
    with zipfile.ZipFile(built.epub) as epub:
        assert ".index .subentry p { padding-left: 2.4em; }" in epub.read("EPUB/css/book.css").decode()
    assert any(".index .subentry p" in css.read_text(encoding="utf-8") for css in built.html.rglob("*.css"))
    assert any('<div class="subentry">' in page.read_text(encoding="utf-8") for page in built.html.glob("*.html"))


def test_page_references_print_this_books_pages_said_once():
    """page_refs.with_pages: an old edition's numbers (index, contents, "see p.") print the pages
    their anchors fell on; a page said twice goes with its comma, a range on one page is one
    number, a range runs to the page its last page ends on (where the next page's anchor is, the
    page before when that anchor opens its page), "136–9" in one link too; a paragraph's or a
    figure's number, and a link's words, are no page."""
    from publish.editions.page_refs import Places, has_page_refs, with_pages

    body = ('<div class="index">\n<p>Alligator <a href="#page130">130</a>-<a href="#page140">140</a>, '
            '<a href="#page080">80</a>, <a href="#page081">81</a>, <a href="#page082">82</a>, note</p>\n'
            '<p>Bach, <a href="#sec">12</a>, <a href="#sec">12</a></p>\n</div>\n'
            '<p>See <a href="#Page_47">Page\u00a047</a> and <a href="#page236"><span class="nowrap">236–9</span></a>; '
            'par. <a href="#para_4">4</a>, Fig. <a href="#fig1">1.</a>, <a href="#page200">the map</a>.</p>')
    places = Places({"page130": "201", "page140": "215", "page141": "216", "page080": "127", "page081": "127",
                     "page082": "128", "page083": "129", "sec": "9", "Page_47": "70", "page236": "305",
                     "page239": "309"}, {"page140": 0.5, "page141": 0.0})
    out, missing = with_pages(body, places)
    text = lhtml.fromstring(f"<div>{out}</div>").text_content()
    assert "Alligator 201–215, 127, 128, note" in text  # 141 opens its page: 140 ends on 215; 80 and 81 on one
    assert "Bach, 9\n" in text
    assert "See Page\u00a070 and 305–309; par. 4, Fig. 1., the map." in text  # 240 unknown: 239's own page
    assert 'href="#page140"' in out and 'href="#page081"' not in out  # each number a link to its page
    assert 'href="#page239">309</a>' in out
    ends_further, _ = with_pages(body, dataclasses.replace(places, downs={"page140": 0.5, "page141": 0.3}))
    assert '<a href="#page130">201</a>–<a href="#page141">216</a>' in ends_further  # old 140 ends on 216
    assert missing == []
    assert has_page_refs(body) and not has_page_refs('<p>par. <a href="#para_4">4</a>, <a href="#fn1">1</a></p>')
    unknown, missing = with_pages('<p>See p. <a href="#page7">7</a>.</p>', Places({}))
    assert "See p. 7." in lhtml.fromstring(unknown).text_content() and missing == ["page7"]


def test_an_old_contents_rows_page_is_its_titles():
    """An old edition's contents in a table links each title to its section and the number beside
    it to the old page (Chiriqui's "The cemeteries | 16", page016 a page before the heading, as
    often): the number prints the page of the title's section; a cell of words and numbers
    (the Midē'wiwin's "following Plate X.b … pages 213") keeps each number's own."""
    from publish.editions.page_refs import Places, with_pages

    body = ('<table><tr><td></td><td>Page.</td></tr>'
            '<tr><td><a href="#cem">The cemeteries</a></td><td><a href="#page016">16</a></td></tr>'
            '<tr><td>Music: following <a href="#plateX">Plate X</a> pages <a href="#page213">213</a></td></tr></table>')
    out, _ = with_pages(body, Places({"cem": "28", "page016": "27", "page213": "300"}))
    rows = [[" ".join(cell.text_content().split()) for cell in row] for row in lhtml.fromstring(out).iter("tr")]
    assert rows[1:] == [["The cemeteries", "28"], ["Music: following Plate X pages 300"]]
    assert out.count('href="#cem"') == 2


def test_an_old_page_prints_as_the_page_that_holds_most_of_it():
    """An old page set larger than this book's runs over two of its pages or more: one begun in
    the last lines of a page (Chiriqui's 35 under 57's foot, its Balboa on 58) prints the page
    that holds most of it, its link leading there; a range still opens where its first begins."""
    from publish.editions.page_refs import Places, with_pages

    places = Places({"page035": "57", "page036": "58", "page037": "59", "page038": "61"},
                    {"page035": 0.85, "page036": 0.6, "page037": 0.1, "page038": 0.3})
    body = ('<p>Balboa <a href="#page035">35</a>; Darien <a href="#page036">36</a>; '
            'Gold <a href="#page037">37</a>; Celts <a href="#page035">35</a>-<a href="#page036">36</a></p>')
    out, _ = with_pages(body, places)
    text = lhtml.fromstring(out).text_content()
    assert text == "Balboa 58; Darien 58; Gold 60; Celts 57–59"  # 37 runs over 59, 60 and 61: 60 all of it
    assert '<a href="#page036">58</a>' in out.split(";")[0]  # Balboa's leads to 58


def test_an_old_page_without_the_next_ones_anchor_is_shared_out():
    """An import keeps only the anchors links lead to: where the next old page has none, the old
    pages between two anchors are taken as of one length (Chiriqui's 35, under 57's foot, has no
    36 after it: its Balboa is on 58)."""
    from publish.editions.page_refs import Places, with_pages

    places = Places({"page035": "57", "fig26": "58", "fig27": "58", "page038": "62"}, {"page035": 0.8, "page038": 0.0})
    out, _ = with_pages('<p>Balboa <a href="#page035">35</a>; Celts <a href="#page035">35–37</a></p>', places)
    assert lhtml.fromstring(out).text_content() == "Balboa 58; Celts 57–61"  # 37 ends as 38 opens 62
    assert '<a href="#fig26">58</a>' in out  # its link leads to its page: to the first anchor on it
