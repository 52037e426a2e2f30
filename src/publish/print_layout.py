"""Print-only layout: the page box (trim, mirrored margins, gutter) and print HTML transforms.

The transforms work on a chapter's HTML fragment and return a new one; the model is not
touched, so the other editions keep pandoc's endnotes and plain capitals.
"""

from __future__ import annotations

import lxml.html

from publish.model import Book
from publish.trim import DEFAULT, parse_length, parse_trim

# Extra inside margin as the book gets thicker (pages, inches): the spine curls more.
GUTTER_STEPS = ((150, 0.0), (300, 0.0625), (500, 0.125), (700, 0.1875))
GUTTER_MAX = 0.25
WORDS_PER_PAGE = 330  # at the default trim and type size; scaled by the text block area


def trim_of(book: Book) -> tuple[float, float]:
    return parse_trim(book.meta.print_settings.trim) or parse_trim(DEFAULT)  # type: ignore[return-value]


def estimated_pages(book: Book, trim: tuple[float, float]) -> int:
    words = sum(len(lxml.html.fromstring(c.body_html or "<p></p>").text_content().split())
                for c in book.chapters)
    area = trim[0] * trim[1] / (396.0 * 612.0)
    return int(words / (WORDS_PER_PAGE * area)) + 2 * len(book.chapters) + 12


def gutter_extra(pages: int) -> float:
    """Inches added to the inside margin for a book of `pages` pages."""
    for limit, extra in GUTTER_STEPS:
        if pages <= limit:
            return extra
    return GUTTER_MAX


def page_css(book: Book) -> str:
    """The @page size and mirrored margins for this book (appended after print.css)."""
    width, height = trim_of(book)
    scale = width / 396.0
    vscale = height / 612.0
    gutter = book.meta.print_settings.gutter
    extra = gutter_extra(estimated_pages(book, (width, height))) if gutter == "auto" else (
        (parse_length(gutter) or 0.0) / 72
    )
    inside = 0.75 * scale + extra
    outside = 0.6 * scale
    top, bottom = 0.75 * vscale, 0.8 * vscale
    settings = book.meta.print_settings
    recto_only = settings.chapter_start != "any"
    bleed = parse_length(settings.bleed) or 0.0
    return (
        f"@page {{ size: {width:.2f}pt {height:.2f}pt; "
        f"margin: {top:.3f}in {outside:.3f}in {bottom:.3f}in {inside:.3f}in; "
        f"bleed: {bleed:.2f}pt; marks: {settings.marks}; }}\n"
        f"@page :left {{ margin-left: {outside:.3f}in; margin-right: {inside:.3f}in; }}\n"
        + ("" if recto_only else ".text > .chapter { break-before: page; }\n")
    )


def print_body(body_html: str, notes: str = "foot") -> str:
    """A chapter's HTML for print: footnotes moved to their calls (for `float: footnote`),
    or left where pandoc put them (the chapter's end) when `notes` is "end"."""
    if not body_html.strip() or notes == "end":
        return body_html
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    _footnotes_in_place(root)
    return (root.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)


def _footnotes_in_place(root) -> None:
    """Pandoc's notes section → each note at its call, for CSS `float: footnote`."""
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
        paragraphs = [c for c in note if c.tag == "p"] or [note]
        for para in paragraphs:
            part = lxml.html.Element("span", {"class": "footnote-para"})
            part.text = para.text
            for child in list(para):
                part.append(child)
            span.append(part)
        span.tail = ref.tail
        ref.getparent().replace(ref, span)
    for section in root.xpath(".//*[contains(@class,'footnotes')]"):
        if not section.xpath(".//li[@id]"):
            continue
        section.drop_tree()
