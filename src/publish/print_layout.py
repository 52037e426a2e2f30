"""Print-only layout: the page box (trim, mirrored margins, gutter) and print HTML transforms.

The transforms work on a chapter's HTML fragment and return a new one; the model is not
touched, so the other editions keep pandoc's endnotes and plain capitals.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata

import lxml.html

from publish.editions.pdf_x import is_pdf_x, output_profile_css
from publish.footnotes import notes_at_the_end
from publish.importer.headings import is_bare_number
from publish.model import Book
from publish.poems import numbered_poems
from publish.print_code import code_fitted
from publish.print_notes import LONG_NOTE_CSS
from publish.print_turns import turned_css
from publish.trim import DEFAULT, parse_length, parse_margins, parse_trim
from publish.typography.ranges import RANGE

# Extra inside margin as the book gets thicker (pages, inches): the spine curls more.
GUTTER_STEPS = ((150, 0.0), (300, 0.0625), (500, 0.125), (700, 0.1875))
GUTTER_MAX = 0.25
WORDS_PER_PAGE = 330  # at the default trim and type size; scaled by the text block area
DEFAULT_BLOCK = (4.15, 6.95)  # inches: the text block at the default trim and margins


PRINTER_BLEED = "0.125in"  # 3 mm: what print shops and print-on-demand services ask for
# For the printer, text and rules in black ink only (K): RGB black would be separated into
# four inks by the printer's conversion, fuzzy at text sizes. Images keep their own colours.
PRINTER_CSS = """
html, .footnote, .footnotes { color: device-cmyk(0 0 0 1); }
th, td { border-bottom-color: device-cmyk(0 0 0 0.75); }
.footnotes hr { border-top-color: device-cmyk(0 0 0 1); }
@page { @footnote { border-top-color: device-cmyk(0 0 0 1); } }
.callout { border-left-color: device-cmyk(0 0 0 0.47); }
:where(hr) { color: device-cmyk(0 0 0 0.5); }
:where(table, th, td) { border-color: device-cmyk(0 0 0 0.5); }
mark { background-color: device-cmyk(0 0 0 0.13); }
"""
# The last two stand for the browsers' grey (WeasyPrint's too: a scene break's asterisk, a
# bordered table's rules), which was RGB; :where() leaves any colour print.css gives them.


# Small capitals set from capitals (acronyms) come from this family: the same files as
# "Book Serif", declared again (see with_caps_faces).
CAPS_FAMILY = "Book Serif Caps"
_BOOK_FAMILY = re.compile(r"""(font-family:\s*)(["'])Book Serif\2""")


def with_caps_faces(font_css: str) -> str:
    """The book's @font-face rules, and again under CAPS_FAMILY. The face draws a small
    capital with one glyph whether it comes from a capital (c2sc) or a lower-case letter
    (smcp), and a PDF font maps each glyph to one character: acronyms and first lines in one
    font would copy out as "ussr" or "defeatS". A family of its own is a font of its own in
    the PDF (a second subset, of the few glyphs acronyms use), so acronyms copy out as USSR
    and first lines as typed."""
    return font_css + "\n" + _BOOK_FAMILY.sub(rf'\1"{CAPS_FAMILY}"', font_css)


def for_printer(book: Book) -> Book:
    """The book as `publish build --print` sets it: bleed unless book.yaml chose its own (`0`
    too), black text in black ink, and the cover rendered beside the interior. Printer's marks
    only when book.yaml asks for them: KDP, IngramSpark and Lulu refuse files with crop marks."""
    settings = book.meta.print_settings
    settings = dataclasses.replace(settings, bleed=settings.bleed or PRINTER_BLEED, for_printer=True)
    return dataclasses.replace(book, meta=dataclasses.replace(book.meta, print_settings=settings))


def trim_of(book: Book) -> tuple[float, float]:
    return parse_trim(book.meta.print_settings.trim) or parse_trim(DEFAULT)  # type: ignore[return-value]


def estimated_pages(book: Book, trim: tuple[float, float]) -> int:
    words = sum(_words_in(c.body_html) for c in book.chapters)
    area = trim[0] * trim[1] / (396.0 * 612.0)
    if book.meta.print_settings.margins:  # the editor's margins: the text block's own area, not the page's
        width, height = text_block(book)
        area = width * height / (DEFAULT_BLOCK[0] * DEFAULT_BLOCK[1])
    return int(words / (WORDS_PER_PAGE * area)) + 2 * len(book.chapters) + 12


@functools.lru_cache(maxsize=2048)
def _words_in(body_html: str) -> int:
    """A chapter's words, counted once: the estimate is asked for each chapter typeset (the
    turned pages' text block), and counting every chapter each time cost a 440-chapter book 22 s."""
    # As a fragment: a chapter of a processing instruction alone (`<?php … ?>`) is no document.
    return len(lxml.html.fragment_fromstring(body_html, create_parent="div").text_content().split())


def gutter_extra(pages: int) -> float:
    """Inches added to the inside margin for a book of `pages` pages."""
    for limit, extra in GUTTER_STEPS:
        if pages <= limit:
            return extra
    return GUTTER_MAX


def _margins(book: Book, width: float, height: float) -> tuple[float, float, float, float]:
    """Top, outside, bottom and inside margins in inches for a trim in points, before the
    gutter's extra: book.yaml's print.margins, else the default trim's, scaled with the page.
    Head and foot never shrink below the default trim's: they hold the running heads and folios,
    whose type does not shrink, 0.5 in inside the trim as IngramSpark asks (print_preflight.py)."""
    if given := parse_margins(book.meta.print_settings.margins):
        return tuple(length / 72 for length in given)  # type: ignore[return-value]
    scale, vscale = width / 396.0, max(height / 612.0, 1.0)
    return 0.75 * vscale, 0.6 * scale, 0.8 * vscale, 0.75 * scale


def text_block(book: Book) -> tuple[float, float]:
    """The text block's width and height in inches, without the gutter's extra: the most a
    picture can fill (print.css: `img { max-width: 100% }`), whatever the book's length."""
    width, height = trim_of(book)
    top, outside, bottom, inside = _margins(book, width, height)
    return width / 72 - outside - inside, height / 72 - top - bottom


def page_margins(book: Book) -> tuple[float, float, float, float]:
    """Top, outside, bottom and inside margins in inches, the gutter's extra included, as the
    @page rules give them (to the thousandth)."""
    width, height = trim_of(book)
    gutter = book.meta.print_settings.gutter
    extra = gutter_extra(estimated_pages(book, (width, height))) if gutter == "auto" else (
        (parse_length(gutter) or 0.0) / 72
    )
    top, outside, bottom, inside = _margins(book, width, height)
    return round(top, 3), round(outside, 3), round(bottom, 3), round(inside + extra, 3)


def page_area(book: Book) -> tuple[float, float]:
    """The text block's width and height in inches as the pages set it, the gutter's extra taken
    from its width: what a picture turned on a page of its own has (print_turns.py)."""
    width, height = trim_of(book)
    top, outside, bottom, inside = page_margins(book)
    return round(width / 72 - outside - inside, 3), round(height / 72 - top - bottom, 3)


def verso_shift(book: Book) -> float:
    """How far, in points, a recto's text block moves to stand where a verso's does."""
    _, outside, _, inside = page_margins(book)
    return (outside - inside) * 72


def page_css(book: Book) -> str:
    """The @page size and mirrored margins for this book (appended after print.css)."""
    width, height = trim_of(book)
    top, outside, bottom, inside = page_margins(book)
    settings = book.meta.print_settings
    recto_only = settings.chapter_start != "any"
    bleed = parse_length(settings.bleed) or 0.0
    return (
        f"@page {{ size: {width:.2f}pt {height:.2f}pt; "
        f"margin: {top:.3f}in {outside:.3f}in {bottom:.3f}in {inside:.3f}in; "
        f"bleed: {bleed:.2f}pt; marks: {settings.marks}; }}\n"
        f"@page :left {{ margin-left: {outside:.3f}in; margin-right: {inside:.3f}in; }}\n"
        # Any page for a chapter; the text's opening (folio 1) and a part's title still on a recto.
        + ("" if recto_only else ".text > .chapter:not(:first-child, .part) { break-before: page; }\n")
        # A chapter before the text (a preface) on a recto of its own, whatever print.css says:
        # typeset in parts, its margins are counted from one (pdf_parts).
        + ".front-matter > .chapter { break-before: right; }\n"
        # Notes numbered from 1 in each chapter (note_numbers: chapter), as the EPUB's are.
        + ("body > :is(.front-matter, .text) > .chapter { counter-reset: footnote; }\n"
           if book.meta.note_numbers == "chapter" else "")
        + turned_css(page_area(book))  # a wide map turned on a page of its own (print_turns.py)
        + LONG_NOTE_CSS  # a footnote longer than a page set at its chapter's end (print_notes.py)
        + (PRINTER_CSS if settings.for_printer or is_pdf_x(book) else "")  # PDF/X: no RGB
        + (output_profile_css(book) if is_pdf_x(book) else "")  # the press's profile, for PDF/X's output intent
    )


# print.css's text type, as page_measure reckons with it: its size, leading and average letter width.
TEXT_PT, LEADING, LETTER_EM = 10.5, 1.4, 0.48


def page_measure(book: Book) -> tuple[int, int]:
    """About how many lines of text a page holds, and how many letters a line of verse (set in
    by 3 em), in print.css's type: for keeping a short poem on one page (poems_whole)."""
    width, height = text_block(book)
    return int(height * 72 / (TEXT_PT * LEADING)), int((width * 72 - 3 * TEXT_PT) / (TEXT_PT * LETTER_EM))


def print_body(body_html: str, notes: str = "foot", language: str = "",
               measure: tuple[int, int] = (0, 0), width_pt: float = 0.0) -> str:
    """A chapter's HTML for print: footnotes moved to their calls (for `float: footnote`),
    or gathered at the chapter's end when `notes` is "end". `language`: the chapter's, which
    its notes are written in; `measure`: page_measure's; `width_pt`: the text block's width,
    which code blocks are fitted to (print_code.py)."""
    if not body_html.strip():
        return body_html
    if notes == "end":
        body_html = notes_at_the_end(body_html)
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    if notes != "end":
        _footnotes_in_place(root, language)
    _keep_ranges(root)
    _lone_pictures_as_figures(root)
    _lead_ins_kept(root)
    _short_code_whole(root)
    code_fitted(root, width_pt)  # after the notes are set in place: a note's code is no block
    _display_math_apart(root)
    _no_space_at_block_ends(root)
    _no_runts(root)
    _paragraph_languages(root)
    _poems_whole(root, *measure)
    for media in list(root.iter("embed", "video", "audio")):  # nothing to print (the build warns: images.py)
        media.drop_tree()
    return (root.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)


_VERSE_BLOCKS = {"line-block", "subhead", "epigraph"}  # a poem's stanzas, and its date or epigraph


def _poems_whole(root, page_lines: int, line_letters: int) -> None:
    """A poem (a section of verse alone, under its `##` title, not a numeral) short enough for a
    page is marked `whole`: print.css sets it on one page, not split over two with its title or
    a few lines alone. A longer one is not: moved whole to the next page, it would leave this
    one's foot empty."""
    if not page_lines:
        return
    for section in root.iter("section"):
        blocks = [c for c in section if isinstance(c.tag, str)]
        if "level2" not in section.get("class", "").split() or not blocks or blocks[0].tag != "h2" \
                or not all(b.tag == "div" and _VERSE_BLOCKS & set(b.get("class", "").split()) for b in blocks[1:]) \
                or is_bare_number(" ".join(blocks[0].text_content().split())) and not _among_numbered_poems(section):
            continue  # a numbered part of a longer poem (Song of Myself's "6") runs on as its text does
        spans = [[len(line.text_content()) for line in block if line.tag == "span"] for block in blocks[1:]
                 if "line-block" in block.get("class", "").split()]
        # Each line and its turnovers, the title's three and a line's gap between stanzas.
        lines = 3 + sum(1 + sum(-(-max(letters, 1) // line_letters) for letters in stanza) for stanza in spans)
        if lines <= page_lines:
            section.set("class", section.get("class") + " whole")


def _among_numbered_poems(section) -> bool:
    """A section numbered alone among sections numbered with titles (Dickinson's "II" between "I.
    SUCCESS." and "III. ROUGE ET NOIR."): a poem of a collection (poems.py), kept whole as the others."""
    parent = section.getparent()
    titles = [" ".join(s[0].text_content().split()) for s in parent if s.tag == "section" and len(s)
              and s[0].tag == "h2"] if parent is not None else []
    return numbered_poems(titles)


# Where a paragraph of a picture alone stands in the text's flow (not in a table's cell or a list).
_FLOW_PARENTS = {"div", "section", "blockquote", "article", "aside"}


def _lone_pictures_as_figures(root) -> None:
    """A paragraph of a picture alone, without a caption (`![](plan.svg)`, a Word file's pictures,
    South's six sketch maps) is set as a figure: it stood at the paragraph's indent, off the
    centre, and when it did not fit at a page's foot it left that foot empty (five lines under
    "…illustrated roughly in the appended diagram."), where a figure lets the text after it fill
    the page (print_figures.py)."""
    for para in list(root.iter("p")):
        picture = para[0] if len(para) == 1 else None
        if (picture is None or picture.tag != "img" or (para.text or "").strip() or (picture.tail or "").strip()
                or (picture.get("class") or "").startswith("math") or para.getparent().tag not in _FLOW_PARENTS):
            continue
        para.tag = "figure"


_LEAD_IN = re.compile(r"[:：][—–-]?\s*$")  # "as follows:", "the figures were:—"


def _lead_ins_kept(root) -> None:
    """A paragraph ending in a colon right before a table (its lead-in: "A multiline table:")
    was left at a page's foot with the table on the next: it is marked to go over with it; so is
    one before a list or a code block (pandoc's MANUAL: "For example:" over its command)."""
    for table in root.iter("table", "ul", "ol", "dl", "pre", "div"):
        if table.tag == "div" and "sourceCode" not in (table.get("class") or "").split():
            continue
        para = table.getprevious()
        if para is not None and para.tag == "p" and _LEAD_IN.search(para.text_content()):
            para.set("class", " ".join(filter(None, [para.get("class"), "lead-in"])))


def _paragraph_languages(root) -> None:
    """A paragraph that is one language span (`[…]{lang=ru}`, a quotation in another language)
    takes the span's language itself: inside the span, WeasyPrint (overflow-wrap, issue #2102)
    broke the first word of an <em> or a link at a line's end, unhyphenated."""
    for para in root.iter("p"):
        span = para[0] if len(para) == 1 else None
        if (span is not None and span.tag == "span" and set(span.attrib) == {"lang"} and "lang" not in para.attrib
                and not (para.text or "").strip() and not (span.tail or "").strip()):
            para.set("lang", span.get("lang"))
            span.drop_tag()


# Blocks whose text pandoc (a definition's <dd>) or an author's raw HTML may end with a newline.
_TEXT_BLOCKS = ("p", "dd", "dt", "li", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6")


# A paragraph's last word this short goes down with the word before it ("him." alone on a line).
RUNT_LETTERS = 7
# What follows a word bound to it by word joiners: Standard Ebooks set a closing ellipsis so
# ("stupid\u2060\u200a\u2060…”"), and "…”" alone was read as the last word.
_JOINED_TAIL = r"(?:\u2060\s\u2060\S*)?"
_LAST_TWO = re.compile(rf"(\S) +(\S{{1,{RUNT_LETTERS}}}{_JOINED_TAIL})$")


def _no_runts(root) -> None:
    """A paragraph's short last word bound to the one before it by a no-break space, so that it
    never stands alone on the last line (a runt: 16 in the seed, "him." among them); a longer
    one is never hyphenated (as TeX's final-hyphen demerits have it): "hos-" over "pital." left
    a piece of a word alone on the last line."""
    for para in root.iter("p"):
        if len(para):
            last = para[-1]
            if last.tail and last.tail.strip():
                last.tail = _LAST_TWO.sub("\\1\u00a0\\2", last.tail)
                _last_word_whole(para, last, "tail")
        elif para.text:
            para.text = _LAST_TWO.sub("\\1\u00a0\\2", para.text)
            _last_word_whole(para, None, "text")


_LONG_LAST_WORD = re.compile(rf"(?<=\s)[^\s\u00a0]{{{RUNT_LETTERS + 1},}}{_JOINED_TAIL}$")


def _last_word_whole(para, last, where: str) -> None:
    """The long word that ends `para`'s text (or `last`'s tail) in a span set unhyphenated."""
    holder = last if where == "tail" else para
    text = getattr(holder, where)
    match = _LONG_LAST_WORD.search(text)
    if match is None:
        return
    setattr(holder, where, text[:match.start()])
    word = lxml.html.Element("span", {"class": "whole"})
    word.text = match[0]
    para.insert(len(para) if last is not None else 0, word)


def _no_space_at_block_ends(root) -> None:
    """No white space at the end of a block's text: WeasyPrint (with `overflow-wrap`) broke a
    block whose words just filled its last line after its first word ("Very / natural, I am
    sure. That will do, Lane, thank you.", a play's speech as a definition)."""
    for block in root.iter(*_TEXT_BLOCKS):
        if len(block):
            block[-1].tail = block[-1].tail.rstrip(" \t\r\n") if block[-1].tail else block[-1].tail
        elif block.text:
            block.text = block.text.rstrip(" \t\r\n")


_NO_SPANS = {"pre", "code", "script", "style", "math", "svg"}


def ranges_whole(fragment: str) -> str:
    """An HTML fragment (a matter page) with its number ranges kept whole, as the text's are:
    a history's subtitle on the title page broke "…, 1898–" / "1905"."""
    if not RANGE.search(fragment):
        return fragment
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    _keep_ranges(root)
    return (root.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)


def _keep_ranges(root) -> None:
    """Wrap each number range in a no-break span (the font has no word joiner to use instead):
    those of raw HTML and the matter pages (the text's are wrapped by typography.ranges)."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in _NO_SPANS or "nowrap" in element.classes:
            continue
        if any(a.tag in _NO_SPANS or "nowrap" in a.classes for a in element.iterancestors()):
            continue
        _split_ranges(element, None)
        for child in list(element):
            _split_ranges(element, child)


def _split_ranges(parent, after) -> None:
    """Ranges in `parent.text` (after=None) or in `after.tail` become spans after it."""
    text = parent.text if after is None else after.tail
    match = RANGE.search(text or "")
    while match:
        span = lxml.html.Element("span", {"class": "nowrap"})
        span.text = match.group()
        span.tail = text[match.end():]
        if after is None:
            parent.text = text[:match.start()]
            parent.insert(0, span)
        else:
            after.tail = text[:match.start()]
            after.addnext(span)
        after, text = span, span.tail
        match = RANGE.search(text)


# Inline code up to this long is never broken over a line: a break after one of its hyphens
# ("--syntax-" / "highlighting") reads as a word hyphenated, and the reader types it wrong.
SHORT_CODE = 30


def _short_code_whole(root) -> None:
    for code in root.iter("code"):
        text = code.text_content()
        if "-" in text and len(text) <= SHORT_CODE and code.getparent() is not None \
                and code.getparent().tag != "pre":
            code.set("class", " ".join(filter(None, [code.get("class"), "nowrap"])))


def _display_math_apart(root) -> None:
    """A paragraph with display math in it → the text before, the formula in a block of its
    own, and the text after as a paragraph "continued" (not indented, as the same paragraph
    goes on): WeasyPrint would indent the text after a block inside a paragraph. A numbered
    formula (crossref_numbers.py: its span, the formula and its number) goes whole."""
    for math in root.xpath(".//p/math[@display='block'] | .//p/span[@class='equation'][math[@display='block']]"):
        para = math.getparent()
        before = lxml.html.Element("p", dict(para.attrib))
        before.text = para.text
        after = lxml.html.Element("p", {"class": "continued"})
        after.text = math.tail
        math.tail = None
        target = before
        for child in list(para):
            if child is math:
                target = after
            else:
                target.append(child)
        block = lxml.html.Element("div", {"class": "display-math"})
        block.append(math)
        parts = [part for part in (before, block, after) if part is block or _has_content(part)]
        for part in reversed(parts):
            para.addnext(part)
        para.getparent().remove(para)


def _has_content(element) -> bool:
    return bool((element.text or "").strip() or len(element))


# Blocks a note may hold. The note is set inside the paragraph of its call, where HTML allows
# no block: each run of its text becomes a span of its own, one after another.
_NOTE_BLOCKS = {"p", "pre", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption",
                "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "hr", "colgroup",
                "h1", "h2", "h3", "h4", "h5", "h6", "section", "aside", "header", "footer"}
# The blocks whose look print.css gives a note's spans: `footnote-pre`, `footnote-li`, …, and
# `footnote-verse` for a line block (its lines of spans and <br>).
_NOTE_LOOKS = ("pre", "blockquote", "li", "dd", "verse")
# A note's first run set inline after its number (not a block of its own like a list or code).
_OPENING_RUNS = ("footnote-para", "footnote-para footnote-verse")


def _note_parts(element, within: tuple[str, ...] = (), marker: str = "") -> list:
    """A note's blocks as spans, one a run of text, set one after another: a code block, list or
    quotation in a note was dropped from the print edition, which kept only its paragraphs."""
    parts: list = []
    run = lxml.html.Element("span", {"class": " ".join(
        ["footnote-para"] + [f"footnote-{tag}" for tag in _NOTE_LOOKS if tag in within])})
    run.text = marker + (element.text or "")
    numbers = _list_markers(element)
    for child in list(element):
        if not isinstance(child.tag, str) or child.tag not in _NOTE_BLOCKS:
            if child.tag == "br":  # WeasyPrint sets the newline after it as a blank line in a note
                child.tail = (child.tail or "").lstrip()
            run.append(child)
            continue
        tail, child.tail = child.tail, None
        _keep_run(run, parts)
        look = "verse" if "line-block" in (child.get("class") or "").split() else child.tag
        parts += [_note_table(child)] if child.tag == "table" else _note_parts(child, within + (look,),
                                                                                  numbers.get(child, ""))
        run = lxml.html.Element("span", {"class": run.get("class")})
        run.text = tail
    _keep_run(run, parts)
    return parts


def _note_table(table):
    """A table in a note as spans that print.css lays out as a table (`footnote-table`, rows and
    cells): as runs of text, each cell was set on a line of its own and the rows were lost."""
    out = lxml.html.Element("span", {"class": "footnote-table"})
    caption = table.find("caption")
    if caption is not None:
        out.append(_note_cell(caption, "footnote-caption"))
    for row in table.iter("tr"):
        cells = lxml.html.Element("span", {"class": "footnote-tr"})
        out.append(cells)
        for cell in row:
            if cell.tag in ("th", "td"):
                cells.append(_note_cell(cell, f"footnote-{cell.tag}"))
    out.tail = None
    return out


def _note_cell(cell, kind: str):
    """A cell (or caption) as a span: its paragraphs one after another, its alignment kept."""
    span = lxml.html.Element("span", {"class": kind})
    if cell.get("style"):
        span.set("style", cell.get("style"))
    span.text = cell.text
    for child in list(cell):
        span.append(child)
    for inner in span.iter():
        if inner is not span and inner.tag in _NOTE_BLOCKS:
            inner.tag = "span"
            inner.tail = " " + (inner.tail or "")
    return span


def _keep_run(run, parts: list) -> None:
    if (run.text or "").strip() or len(run):
        run.text = (run.text or "").lstrip()
        parts.append(run)


def _direction_of(text: str) -> str:
    """"rtl" when the text's first letter of a direction is Hebrew or Arabic, else "ltr"."""
    strong = next((kind for kind in map(unicodedata.bidirectional, text) if kind in ("L", "R", "AL")), "L")
    return "ltr" if strong == "L" else "rtl"


def _list_markers(element) -> dict:
    """Each item of a list its marker, which a span does not draw: "1. " or "• "."""
    if element.tag == "ul":
        return {li: "• " for li in element if li.tag == "li"}
    if element.tag == "ol":
        start = element.get("start", "1")
        first = int(start) if start.isdigit() else 1
        return {li: f"{n}. " for n, li in enumerate((c for c in element if c.tag == "li"), first)}
    return {}


def _footnotes_in_place(root, language: str = "") -> None:
    """Pandoc's notes section → each note at its call, for CSS `float: footnote`. A note called
    in a passage in another language (a Hebrew paragraph in an English book) is in the chapter's
    `language` and runs in its own text's direction, not the passage's: an English note called in
    Hebrew was set right to left, its number and stops at the wrong ends."""
    notes = {li.get("id"): li for li in root.xpath(".//*[contains(@class,'footnotes')]//li[@id]")}
    if not notes:
        return
    for ref in root.xpath(".//a[contains(concat(' ', @class, ' '), ' footnote-ref ')]"):
        note = notes.get((ref.get("href") or "").lstrip("#"))
        if note is None:
            continue
        for back in note.xpath(".//a[contains(@class,'footnote-back')]"):
            back.drop_tree()
        span = lxml.html.Element("span", {"class": "footnote", "id": note.get("id")})
        parts = _note_parts(note)
        if parts and parts[0].get("class") in _OPENING_RUNS:
            # The note's opening words are its own text, not a span in it: WeasyPrint broke the
            # first word of an <em> or link inside such a span at a line's end, unhyphenated.
            opening = parts.pop(0)
            span.text = opening.text
            span.extend(opening)
        span.extend(parts)
        span.tail = ref.tail
        if language and any(e.get("lang") for e in ref.iterancestors()):
            span.set("lang", language)
        if any(e.get("dir") for e in ref.iterancestors()):
            span.set("dir", _direction_of(span.text_content()))
        ref.getparent().replace(ref, span)
    for section in root.xpath(".//*[contains(@class,'footnotes')]"):
        if not section.xpath(".//li[@id]"):
            continue
        section.drop_tree()


# --------------------------------------------------------------------------- rendered pages

def flow_boxes(box, kind: type):
    """The boxes of `kind` in the page's text flow (not its margin boxes or footnotes), in
    order, not looking inside them."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
        return
    if isinstance(box, kind):
        yield box
        return
    for child in getattr(box, "children", None) or ():
        yield from flow_boxes(child, kind)
