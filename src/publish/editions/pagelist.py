"""Print page numbers in the EPUB: where each page of the PDF edition begins, found in the text.

The print edition's pages are read back from its PDF (text and page labels, with pdfium);
each page's opening words are found in the EPUB's chapter text by a run of words in order,
and a `doc-pagebreak` marker goes in front of that word, so a reader of the ebook can cite
"p. 23" of the printed book.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from lxml import etree

from publish.editions.xhtml import EPUB_TYPE, MATHML_NS, classes, h

RUN = 6  # consecutive words that must agree: titles on a contents page rarely run this long
LOOK = 20  # words at the top of a page that may be running head or folio
_WORD = re.compile(r"\w+")
_LINE_HYPHEN = re.compile(r"[-\u2010\u00ad]\s*[\r\n]+\s*")


@dataclass(frozen=True)
class PrintPage:
    index: int  # 0-based page of the PDF
    label: str  # the printed folio, e.g. "23" or "xi"
    words: tuple[str, ...]


@dataclass(frozen=True)
class PageBreak:
    section: int  # which of the marked sections
    id: str  # the marker's id: "page-23"
    label: str


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def print_pages(pdf: bytes) -> list[PrintPage]:
    """The text of every page of a PDF; a word hyphenated across pages counts on its first page."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        texts, labels = [], []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
            labels.append(doc.get_page_label(i) or str(i + 1))
    finally:
        doc.close()
    pages: list[PrintPage] = []
    carry = False
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        text = _LINE_HYPHEN.sub("", text.replace("\u00ad", "")).rstrip()
        found = words(text)
        if carry and found and pages and pages[-1].words:
            # The previous page ended "intelli-": this page's first word finishes that word.
            found = found[1:]
        carry = bool(re.search(r"\w[-\u2010]$", text))
        pages.append(PrintPage(i, label, tuple(found)))
    return pages


@dataclass(frozen=True)
class _Token:
    node: etree._Element
    tail: bool  # the word is in node.tail, else in node.text
    start: int
    section: int


def _tokens(sections: list[etree._Element]) -> tuple[list[str], list[_Token]]:
    """Every word of the running text, with where it is; notes and MathML left out."""
    found_words: list[str] = []
    tokens: list[_Token] = []

    def add(text: str | None, node: etree._Element, tail: bool, section: int) -> None:
        if not text:
            return
        for match in _WORD.finditer(text):
            for word in words(match.group()):  # NFKC may split a character: "½" → 1, 2
                found_words.append(word)
                tokens.append(_Token(node, tail, match.start(), section))

    def walk(el: etree._Element, section: int) -> None:
        skip = (
            not isinstance(el.tag, str)
            or el.tag.startswith(f"{{{MATHML_NS}}}")
            or "footnotes" in classes(el)
            or el.get(EPUB_TYPE) == "noteref"
        )
        if not skip:
            add(el.text, el, False, section)
            for child in el:
                walk(child, section)
        add(el.tail, el, True, section)

    for n, section in enumerate(sections):
        add(section.text, section, False, n)
        for child in section:
            walk(child, n)
    return found_words, tokens


def page_starts(pages: list[PrintPage], text_words: list[str]) -> list[tuple[PrintPage, int]]:
    """(page, index of its first word in text_words) for the pages of running text, in order."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(len(text_words) - RUN + 1):
        index[tuple(text_words[i:i + RUN])].append(i)
    found: list[tuple[PrintPage, int]] = []
    cursor, window = 0, 3000
    for page in pages:
        if not page.label.isdigit():  # front matter in roman numerals
            continue
        for s in range(min(LOOK, len(page.words) - RUN + 1)):
            positions = index.get(page.words[s:s + RUN])
            if not positions:
                continue
            at = bisect.bisect_left(positions, cursor)
            if at < len(positions) and positions[at] - cursor <= window:
                found.append((page, positions[at]))
                cursor = positions[at] + 1
                window = max(3000, 4 * len(page.words))
                break
    return found


def mark_pages(sections: list[etree._Element], pages: list[PrintPage]) -> list[PageBreak]:
    """Insert a page-break marker where each printed page begins; returns them in order."""
    text_words, tokens = _tokens(sections)
    starts = page_starts(pages, text_words)
    breaks: list[PageBreak] = []
    seen: set[str] = set()
    placed: list[tuple[_Token, etree._Element]] = []
    for page, position in starts:
        ident = f"page-{page.label}"
        while ident in seen:
            ident += "-b"
        seen.add(ident)
        marker = etree.Element(h("span"), {EPUB_TYPE: "pagebreak", "role": "doc-pagebreak", "id": ident})
        marker.set("aria-label", page.label)
        token = tokens[position]
        placed.append((token, marker))
        breaks.append(PageBreak(token.section, ident, page.label))
    # Insert from the end of each text node backwards, so earlier offsets stay right.
    for token, marker in sorted(placed, key=lambda p: (id(p[0].node), p[0].tail, -p[0].start)):
        _insert(token, marker)
    return breaks


def _insert(token: _Token, marker: etree._Element) -> None:
    node = token.node
    if token.tail:
        text = node.tail or ""
        node.addnext(marker)
        node.tail = text[: token.start]
        marker.tail = text[token.start:]
    else:
        text = node.text or ""
        node.insert(0, marker)
        node.text = text[: token.start]
        marker.tail = text[token.start:]
