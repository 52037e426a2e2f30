"""The print edition: HTML typeset by WeasyPrint with styles/print.css.

A book with chapters is typeset in parts, in parallel and cached (pdf_parts.py,
pdf_assemble.py); one without, as one document. Render first (a WeasyPrint
Document of pages), then write: the page where the text starts is read from the rendered
pages, so the PDF's page labels match the printed folios.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import logging
import re

from publish.editions import Artifact
from publish.editions.page_refs import NUMBERING_PASSES, Places, has_page_refs, marks_page, with_pages
from publish.editions.pdf_x import fixed_document_id, is_pdf_x, press_ready
from publish.errors import user_error_behind
from publish.first_lines import unstyled_in_print
from publish.matter import EditionContext, MatterPage, render_matter
from publish.model import Book, Chapter, front_run, parts_by_chapter
from publish.pagelabels import LabelRange, page_labels_finisher
from publish.print_figures import FigureMove, gapped_figures, move_figures
from publish.print_images import coarse_pictures, say_coarse
from publish.print_layout import (
    page_area,
    page_css,
    page_measure,
    print_body,
    ranges_whole,
    text_block,
    with_caps_faces,
)
from publish.print_math import print_math
from publish.print_notes import long_notes, notes_away_from_their_calls, notes_off_the_page, notes_to_the_end
from publish.print_tables import MIN_PT, TableFit, TableWidth, cramped_captions, fit, overflowing, widen
from publish.print_tails import REACHES, chapter_lengths, tails, tighten, tightened
from publish.print_turns import turn_figures
from publish.progress import ChapterHook
from publish.styles import print_font_css
from publish.text_direction import dir_attribute

log = logging.getLogger("publish")

# Matter pages that get no bookmark of their own (the outline starts at the title page).
UNBOOKMARKED = {"half-title", "limitation"}
FIGURE_PASSES = 8  # at most; and one a figure: moving one moves the page breaks after it (print_figures.py)
NOTES_NAMED = 3  # footnotes named (by their opening words) in a warning, the rest counted
TABLE_FIT_PASSES = 3  # and to set tables wider than the text block smaller (print_tables.py)


class PdfEdition:
    name = "pdf"

    def render(self, book: Book, on_chapter: ChapterHook | None = None) -> Artifact:
        from publish.editions import pdf_parts
        from publish.editions.picture_lists import with_picture_pages

        book = with_picture_pages(book)  # a list of illustrations' pages: print's alone
        texts = None
        if unstyled_in_print(book):
            log.warning("%s: no rules for the index of first lines (a copy of styles/ made before it): its "
                        "lines print without their pages; copy the `first-lines` rules and `.toc li.back-page` "
                        "from publish's default print.css", book.styles_dir / "print.css")
        if front_chapters(book) and _without_front_chapters(book):
            log.warning("%s: no rules for chapters before the text (a copy of styles/ made before them): "
                        "the foreword or preface prints without its running heads or a recto of its own; copy "
                        "the `front-chapter` rules and `.front-matter > .chapter` from publish's default print.css",
                        book.styles_dir / "print.css")
        try:  # in parts, WeasyPrint is not even loaded here: the workers typeset
            if pdf_parts.can_render_in_parts(book):
                pdf, pages, texts = pdf_parts.render_in_parts(book, on_chapter)
            else:
                pdf, pages = single_pass(book)
        except Exception as exc:
            error = user_error_behind(exc)  # what our fetcher told WeasyPrint, e.g. a missing image
            if error is None:
                raise
            raise error from None
        log.info("print edition: %d pages", pages)
        if is_pdf_x(book):
            pdf = press_ready(pdf)
        if book.meta.print_settings.bleed_sides == 3:
            from publish.editions.spine_bleed import cut_spine_bleed

            pdf = cut_spine_bleed(pdf)
        files = {f"{book.meta.slug}.pdf": pdf}
        if book.meta.print_settings.for_printer:
            from publish.print_cover import render_cover
            from publish.print_preflight import preflight

            preflight(pdf, pages)  # what the print shop's check would say of the interior
            files[f"{book.meta.slug}-cover.pdf"] = render_cover(book, pages)
        return Artifact(self.name, files, page_texts=texts)


def _without_front_chapters(book: Book) -> bool:
    """Whether the book's print.css, a copy of styles/ made before chapters were printed before the
    text (in roman folios), has no rules for their pages."""
    sheet = book.styles_dir / "print.css"
    return sheet.is_file() and "front-chapter" not in sheet.read_text(encoding="utf-8", errors="replace")


def single_pass(book: Book) -> tuple[bytes, int]:
    """The whole book typeset as one document: the PDF and its page count. With page references
    (page_refs.py), typeset again with the pages of their anchors until these stay put."""
    document = print_math(print_document(book), book)
    typesetter = Typesetter(book, page_css(book))
    rendered = typesetter.typeset(document)
    for _ in range(NUMBERING_PASSES if any(has_page_refs(c.body_html) for c in book.chapters) else 0):
        numbered = print_math(print_document(book, anchor_places(book, rendered.pages)), book)
        if numbered == document:
            break
        document, rendered = numbered, typesetter.typeset(numbered)
    say_coarse(pictures_coarse(document, rendered.pages))
    rendered.metadata.keywords = keywords(book)
    labels = page_labels(book, rendered.pages)
    pdf = typesetter.write(rendered, document, page_labels_finisher(labels))
    return pdf, len(rendered.pages)


class Typesetter:
    """WeasyPrint set up for one book: its stylesheets, fonts, fetcher and PDF variant."""

    def __init__(self, book: Book, page_style: str) -> None:
        from publish.editions import weasyprint_import  # noqa: F401, I001 (first: loaded quickly, its log filtered)
        from publish.editions.print_sheets import PrintSheets
        from publish.editions.old_spelling_hyphens import old_spelling_hyphenated
        from publish.editions.yo_hyphens import yo_hyphenated
        from publish.fetch import LocalFetcher, fonts_must_load

        yo_hyphenated()  # Russian words with ё break as with е
        old_spelling_hyphenated()  # and those with ѣ, і, ѵ, ѳ and a last ъ as in the new spelling
        styles = book.styles_dir
        self.book = book
        self.sheets = PrintSheets(LocalFetcher(book, text_block(book)))  # images scaled to the page (image_copies)
        with fonts_must_load(styles):  # @font-face rules load their files here
            self.css = [
                self.sheets.sheet(with_caps_faces(print_font_css(styles)) + print_font_css(styles, "mono.css")),
                self.sheets.sheet(filename=styles / "print.css"),
                self.sheets.sheet(page_style),
            ]
        self.long_notes: list[int] = []  # footnotes longer than a page, set at their chapter's end (print_notes)
        variant = book.meta.print_settings.variant
        self.options = {} if variant == "none" else {"pdf_variant": variant}

    def typeset(self, document: str, extra_css: str = ""):
        """The laid-out pages. A table wider than the text block is set in smaller type, a
        narrow one whose caption ran down in many lines wider, a
        figure that left the foot of a page empty is set after the text that fills it, the
        document typeset again for each (each pass a full layout, its lines remembered from the
        passes before), and a chapter whose last line or two stand alone on its last page is set
        tighter on the pages before (print_tails.py); a word hyphenated over the turn of a recto is
        set whole as the page is made (recto_words.py), a verso's too. `extra_css` comes after the others."""
        from publish.editions.layout_shortcuts import shortcuts
        from publish.editions.recto_words import recto_words_whole

        css = self.css + ([self.sheets.sheet(extra_css)] if extra_css else [])
        self.long_notes = []  # this document's, found below
        # every page: a verso's foot too (a proofreader marks it; typeset_defects counted 5.7 a hundred pages)
        with shortcuts(), recto_words_whole(every_page=True):  # shortcuts: a later pass sets most lines as before
            fits: list[TableFit] = []
            moves: list[FigureMove] = []
            page, rendered = self._layout(document, fits, css, moves)
            squeezed: dict[str, None] = {}  # tables too wide even in MIN_PT, in the order found
            for passes in range(TABLE_FIT_PASSES + 1 if "<table" in document else 0):
                found, hopeless = overflowing(page.etree_element, rendered.pages, fits)
                squeezed.update(dict.fromkeys(hopeless))
                if not found or passes == TABLE_FIT_PASSES:
                    for name in squeezed:
                        log.warning("print edition: the table %s is wider than the text block even in "
                                    "%g pt type, and is set in columns across it, its longest words broken; "
                                    "split it into narrower tables", name, MIN_PT)
                    break
                fits = [f for f in fits if f.index not in {n.index for n in found}] + found
                page, rendered = self._layout(document, fits, css, moves)
            widths = cramped_captions(page.etree_element, rendered.pages) if "<caption" in document else []
            if widths:
                page, rendered = self._layout(document, fits, css, moves, widths)
            for _ in range(min(FIGURE_PASSES, document.count("<figure") + 1)):
                moved = gapped_figures(page.etree_element, rendered.pages, moves)
                if not moved:
                    break
                moves = [m for m in moves if m.index not in {n.index for n in moved}] + moved
                page, rendered = self._layout(document, fits, css, moves, widths)
            page, rendered, tight = self._tails_back(document, fits, css, moves, widths, page, rendered)
            if "footnote" in document and (long := long_notes(page.etree_element, rendered.pages)):
                # Longer than a page holds, run off its foot: set at the chapter's end instead.
                self.long_notes = long
                page, rendered = self._layout(document, fits, css, moves, widths, tight)
                log.info("print edition: %d footnote%s longer than a page holds set at the end of %s "
                         "chapter, the note at its call saying the page (→ 24)", len(long),
                         "s" * (len(long) != 1), "their" if len(long) != 1 else "its")
        # Said once for all the notes of the document (a chapter, in parts): Gibbon's had a line each, 80.
        off_the_page = notes_off_the_page(rendered.pages)
        if off_the_page:
            log.warning("print edition: %s; shorten or split %s, or set the notes at the chapters' ends "
                        "(print: notes: end)", _notes_named(off_the_page, "is longer than a page holds and runs "
                        "off its foot", "are longer than a page holds and run off its foot"),
                        "it" if len(off_the_page) == 1 else "them")
        away = [n for n in notes_away_from_their_calls(rendered.pages) if n not in off_the_page]
        if away:
            log.warning("print edition: %s; shorten or split %s, or set the notes at the chapters' ends "
                        "(print: notes: end)", _notes_named(away, "fits on no page with the line that calls it "
                        "and is printed a page after its call", "fit on no page with the lines that call them "
                        "and are printed a page after their calls"), "it" if len(away) == 1 else "them")
        return rendered

    def _tails_back(self, document: str, fits: list[TableFit], css: list, moves: list[FigureMove],
                    widths: list[TableWidth] | tuple, page, rendered):
        """The layout with no chapter's last line or two alone on its last page, where setting the
        pages before it tighter brings them back (print_tails.py); else the layout as it was."""
        tried: dict[int, int] = {}
        tight: list[int] = []  # returned: the layout's, for a pass after
        for _ in range(len(REACHES) if 'class="chapter' in document else 0):
            found = tails(page.etree_element, rendered.pages, tried)
            if not found:
                break
            more = list(tight)
            for tail in found:
                more += tightened(page.etree_element, rendered.pages, tail)
                tried[tail.chapter] = tail.reach + 1
            trial = self._layout(document, fits, css, moves, widths, more)
            before = chapter_lengths(page.etree_element, rendered.pages)
            after = chapter_lengths(trial[0].etree_element, trial[1].pages)
            if any(after.get(n, 0) < length for n, length in before.items()) \
                    and not any(after.get(n, 0) > length for n, length in before.items()):
                (page, rendered), tight = trial, more
        return page, rendered, tight

    def _layout(self, document: str, fits: list[TableFit], css: list, moves: list[FigureMove],
                widths: list[TableWidth] | tuple = (), tight: list[int] | tuple = ()):
        import weasyprint

        from publish.fetch import MANUSCRIPT_URL

        # Images in the text are written relative to the manuscript, as in the EPUB and HTML
        # (read from its folder by the fetcher, under an address that does not name the folder).
        page = weasyprint.HTML(string=document, base_url=MANUSCRIPT_URL, url_fetcher=self.sheets.fetcher)
        notes_to_the_end(page.etree_element, self.long_notes)
        fit(page.etree_element, fits)  # first: a table turned is set in a figure (print_tables.py)
        widen(page.etree_element, list(widths))
        move_figures(page.etree_element, moves)
        tighten(page.etree_element, list(tight))
        # HTML's presentational hints honoured, as browsers and reading systems do: pandoc's
        # <ol start="2" type="A">, and a raw <img width="24"> or <td align="right">.
        return page, page.render(stylesheets=css, presentational_hints=True, **self.sheets.rendering, **self.options)

    def write(self, rendered, document: str, finisher=None) -> bytes:
        from publish.editions.pdf_code_numbers import code_numbers_unread
        from publish.editions.pdf_langs import languages_tagged
        from publish.editions.pdf_layout_tables import layout_tables_untagged

        identifier = hashlib.sha256(document.encode()).hexdigest()[:32].encode()
        # A passage in another language read in its own, a table of pictures as no table (PDF/UA),
        # a code line's number as no text of the code.
        with languages_tagged(), layout_tables_untagged(), code_numbers_unread(), fixed_document_id(identifier):
            return rendered.write_pdf(pdf_identifier=identifier, finisher=finisher, **self.options)


def _notes_named(notes: list, one: str, many: str) -> str:
    """The footnote and what `one` says of it, or the footnotes (a few named, the rest counted)
    and what `many` says of them."""
    if len(notes) == 1:
        return f"the footnote {notes[0]} {one}"
    shown, more = notes[:NOTES_NAMED], len(notes) - NOTES_NAMED
    named = ", ".join(shown) + f" and {more} more" if more > 0 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"the footnotes {named} {many}"


def pictures_coarse(document: str, pages) -> list:
    """The pictures too coarse for print on these pages (print_images.py)."""
    return coarse_pictures(pages) if "<img" in document else []


def front_chapters(book: Book) -> int:
    """How many chapters print before the text, as front matter in roman folios counted on from the
    half title's (model.front_run: a foreword, a preface); none when no chapter of the text follows."""
    run = front_run(book.chapters)
    return run if run < len(book.chapters) else 0


def text_start(book: Book, pages) -> int:
    """The index of the page where the text's first chapter opens (folio 1)."""
    if not book.chapters:
        return 0
    anchor = book.chapters[front_chapters(book)].id
    for index, page in enumerate(pages):
        if anchor in page.anchors:
            return index
    return 0


def page_labels(book: Book, pages) -> list[LabelRange]:
    """Roman folios for the front matter, arabic from 1 where the text starts (as printed)."""
    start = text_start(book, pages)
    if start == 0:
        return [LabelRange(0, "arabic")]
    return [LabelRange(0, "lower-roman"), LabelRange(start, "arabic")]


def keywords(book: Book) -> list[str]:
    series = book.meta.series
    words = [series.name, *series.lines, series.label.replace("\u00a0", " ")]
    words.append(book.meta.labels.volume.format(number=series.number, total=series.total))
    return list(dict.fromkeys(w for w in words if w))


def anchor_places(book: Book, pages) -> Places:
    """Where the anchors of the text fell, the book typeset whole (page_refs.Places)."""
    from publish.editions.links import anchor_owners

    start, owned = text_start(book, pages), anchor_owners(book.chapters)
    found = [(name, index, down) for name, index, down in page_anchors(pages[start:]) if name in owned]
    return Places({name: str(index + 1) for name, index, _ in found}, {n: down for n, _, down in found if down >= 0})


def page_anchors(pages) -> list[tuple[str, int, float]]:
    """Each id on the typeset `pages`, the page (0-based) it falls on first (a chapter's section
    runs over all its pages), and, for an old edition's page's (page_refs.marks_page), how far
    down the text block: 0 when it opens the page (no line before it), else up to 1; -1 for the others."""
    from weasyprint.formatting_structure.boxes import LineBox

    found: dict[str, tuple[str, int, float]] = {}
    for index, page in enumerate(pages):
        first = None
        for name, place in page.anchors.items():
            if name in found:
                continue
            down = -1.0
            if marks_page(name):
                box = page._page_box
                if first is None:  # the first line of the document's, not the margins'
                    lines = (b.position_y for b in box.children[0].descendants() if isinstance(b, LineBox))
                    first = min(lines, default=-1)
                top, height = box.content_box_y(), box.height or 1
                down = 0.0 if place[1] <= first + 0.5 else round(min(1.0, max(0.0, (place[1] - top) / height)), 4)
            found[name] = (name, index, down)
    return list(found.values())


def print_document(book: Book, places: Places | None = None) -> str:
    matter = print_matter(book)
    opening = front_chapters(book)  # a foreword, a preface: with the front matter, before folio 1
    front = matter_html([p for p in matter if not p.back], book)
    if opening:
        front += "\n" + chapters_html(book.chapters[:opening], book, places)
    back = matter_html([p for p in matter if p.back], book)
    return wrap_document(book, front, chapters_html(book.chapters[opening:], book, places), back)


def print_matter(book: Book, href=lambda c: f"#{c.id}") -> list[MatterPage]:
    """Front and back matter as printed; `href` is the contents page's link to a chapter. The
    contents' links to the chapters printed before the text are of class `front-folio`: their
    pages are roman (print.css)."""
    pages = render_matter(book, EditionContext("pdf", book.meta.isbn_print, href))
    roman = {href(chapter) for chapter in book.chapters[:front_chapters(book)]}
    if not roman:
        return pages
    return [dataclasses.replace(p, html=_front_folios(p.html, roman)) if p.id == "contents" else p for p in pages]


_CONTENTS_LINK = re.compile(r'<a href="([^"]*)"')


def _front_folios(contents: str, hrefs: set[str]) -> str:
    """The contents page with its links to `hrefs` of class `front-folio`."""
    def marked(match: re.Match) -> str:
        return f'{match[0]} class="front-folio"' if html.unescape(match[1]) in hrefs else match[0]

    return _CONTENTS_LINK.sub(marked, contents)


def matter_html(pages: list[MatterPage], book: Book) -> str:
    return "\n".join(_matter(p, book) for p in pages)


def chapters_html(chapters, book: Book, places: Places | None = None) -> str:
    """The chapters as printed; `places` (where the anchors fell) numbers their page references,
    which print as written without."""
    parts = parts_by_chapter(book.chapters)
    return "\n".join(_chapter(c, book, parts.get(c.id), places) for c in chapters)


def wrap_document(book: Book, front: str | None, body: str | None, back: str | None, style: str = "") -> str:
    """The print document around its three parts (None: left out); `style` goes in the head."""
    meta = book.meta
    authors = "".join(
        f'<meta name="author" content="{html.escape(p.name)}">\n' for p in meta.creators
    )
    stamp = f"{book.build_date}T00:00:00Z"
    subject = meta.subtitle or f"{meta.series.name}, {meta.series.label}"
    head_style = f"<style>\n{style}</style>\n" if style else ""
    return f"""<!DOCTYPE html>
<html lang="{html.escape(meta.language)}"{dir_attribute(meta.language)}>
<head>
<meta charset="utf-8">
<title>{html.escape(meta.title)}</title>
{authors}<meta name="description" content="{html.escape(subject)}">
<meta name="generator" content="publish">
<meta name="dcterms.created" content="{stamp}">
<meta name="dcterms.modified" content="{stamp}">
{head_style}</head>
<body data-book-title="{html.escape(meta.title)}">
{_wrapper("div", "front-matter", front)}{_wrapper("main", "text", body)}{_wrapper("div", "back-matter", back)}</body>
</html>
"""


def _wrapper(tag: str, name: str, content: str | None) -> str:
    """A part of the document; None leaves it out (an empty wrapper would still take a page)."""
    return "" if content is None else f'<{tag} class="{name}">\n{content}\n</{tag}>\n'



def _matter(page: MatterPage, book: Book) -> str:
    """A matter page in its own wrapper: the page name and the bookmark come from here."""
    label = bookmark_label(page, book)
    attrs = f' data-bookmark="{html.escape(label)}"' if label else ""
    return f'<div class="page page-{page.id}"{attrs}>\n{ranges_whole(page.html)}\n</div>'


def bookmark_label(page: MatterPage, book: Book) -> str:
    if page.id in UNBOOKMARKED:
        return ""
    if page.id == "series":
        return book.meta.series.name
    if page.id == "series-end":
        return f"{book.meta.series.name}, {book.meta.series.label}".replace("\u00a0", " ")
    return page.title


RUNNING_HEAD_MOST = 58  # widths of a lower-case letter: one line of 9 pt italic over the text block
DEFAULT_MEASURE = 4.15  # inches: the text block's width at the default trim and margins, which that fits
# Where a long title may be cut short: a pause, but not the full stop of an initial ("Kh. Stalin").
_HEAD_BREAK = re.compile(r"(?<!\b\w)(?<!\b\w\w)(?<!\b\w\w\w)[.]\s|[;:!?—–]\s|\s[—–]\s|,\s")


def running_head(chapter: Chapter, most: float = RUNNING_HEAD_MOST) -> str:
    """The chapter's running head: the editor's own (`running-head` on the heading), else its
    title, cut short at a pause ("Stubb and Flask Kill a Right Whale") or a word ("…") when it
    is too wide for one line (`most`, head_room): a head never wraps or breaks a word."""
    return cut_head(chapter.running_head or chapter.title, most)


def cut_head(title: str, most: float = RUNNING_HEAD_MOST) -> str:
    """`title`, or as much of it as fits `most` letters' widths, cut at a pause or a word."""
    if _width(title) <= most:
        return title
    fits = max(n for n in range(len(title) + 1) if _width(title[:n]) <= most)
    # A pause late enough to leave a head that says something; its ? or ! kept.
    pauses = [m.start() + (m[0][0] in "?!") for m in _HEAD_BREAK.finditer(title) if fits // 2 <= m.start() < fits]
    if pauses:
        return title[:pauses[-1]].rstrip(" ,;:.—–")
    return title[:fits - 1].rsplit(" ", 1)[0].rstrip(" ,;:.—–") + "…"


def verso_head(book: Book, part: Chapter | None) -> str:
    """The running head of a chapter's versos: the part it is in (War and Peace's seventeen
    "CHAPTER I"s need their book: verso "BOOK ONE: 1805", recto "CHAPTER I"), else the book's title
    (cut as a chapter's is: a title of 84 letters took two lines over the versos' text)."""
    return running_head(part, head_room(book)) if part is not None else cut_head(book.meta.title, head_room(book))


def head_room(book: Book) -> float:
    """How wide a running head may be on this book's pages: RUNNING_HEAD_MOST, less on a narrower
    text block (a pocket trim with print.margins of its own, 2.85 in: a 58-letter head took two lines)."""
    return RUNNING_HEAD_MOST * min(1.0, text_block(book)[0] / DEFAULT_MEASURE)


def _width(text: str) -> float:
    """About how wide `text` sets, in widths of a lower-case letter: capitals are wider."""
    return sum(1.4 if ch.isupper() else 0.55 if ch == " " else 1.0 for ch in text)


def section_class(chapter: Chapter) -> str:
    """A chapter's section, a part's too (pdf_parts' frames name their pages by the same)."""
    return chapter.css_class


def _chapter(chapter: Chapter, book: Book, part: Chapter | None = None, places: Places | None = None) -> str:
    # The bookmark is the plain title: without a note called from the heading (its number, its text).
    title = html.escape(chapter.title, quote=True)
    heading = (
        f'<h1 class="chapter-title" data-title="{title}">{chapter.title_html}</h1>\n'
        if chapter.title else ""
    )
    # The heading goes through with the body: a note called from it is set as the body's are.
    text = chapter.body_html if places is None else with_pages(chapter.body_html, places)[0]
    body = print_body(heading + text, book.meta.print_settings.notes, chapter.lang or book.meta.language,
                      page_measure(book), text_block(book)[0] * 72)
    body = turn_figures(body, book.manuscript_dir, page_area(book))  # a wide map turned a quarter
    return (
        f'<section class="{section_class(chapter)}" id="{chapter.id}"{chapter.lang_attribute}'
        f'{running_heads(chapter, book, part)}>\n'
        f"{body}\n</section>"
    )


def running_heads(chapter: Chapter, book: Book, part: Chapter | None) -> str:
    """A chapter's section's attributes that print.css sets its running heads from (string-set)."""
    recto = html.escape(running_head(chapter, head_room(book)), quote=True)
    # An anthology's story by another hand: its author over the versos, its title over the rectos.
    verso = html.escape(cut_head(chapter.author, head_room(book)) if chapter.author else verso_head(book, part),
                        quote=True)
    return f' data-running-head="{recto}" data-verso-head="{verso}"'
