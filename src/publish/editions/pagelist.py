"""Print page numbers in the EPUB: where each page of the PDF edition begins, found in the text.

The print edition's pages are read back from its PDF (text and page labels, with pdfium);
each page's opening words are found in the EPUB's chapter text by a run of words in order,
and a `doc-pagebreak` marker goes in front of that word, so a reader of the ebook can cite
"p. 23" of the printed book.

Incremental: a page's text is cached under the hash of its content (pikepdf), so after a
correction only the pages that changed are read again; the markers go in section by section
(`place_pages`, then `mark_section`), so an unchanged chapter keeps its marked XHTML.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from publish.cache import digest
from publish.editions import chapter_cache
from publish.editions.xhtml import EPUB_TYPE, MATHML_NS, classes, h

RUN = 6  # consecutive words that must agree: titles on a contents page rarely run this long
LOOK = 20  # words at the top of a page that may be running head or folio
_WORD = re.compile(r"\w+")
_LINE_HYPHEN = re.compile(r"[-\u2010\u00ad]\s*[\r\n]+\s*")
PAGE_TEXT = "pdf-page-text"  # cache kind: a print page's text, keyed by its content
PDF_TEXTS = "pdf-texts"  # cache kind: the page texts the parts gave a PDF, keyed by the PDF's hash
PAGES_PER_WORKER = 300  # pages to read (about a second's work) worth a worker of their own
# What a page's text is made from; /Parent and the like lead back to the whole document.
_PAGE_PARTS = ("/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate", "/UserUnit")
_BACK_LINK = re.compile(rb"/(?:Parent|P|StructParents?)\s+(?:\d+\s+\d+\s+R|\d+)")
_REFERENCE = re.compile(rb"(\d+) (\d+) R\b")


@dataclass(frozen=True)
class PrintPage:
    index: int  # 0-based page of the PDF
    label: str  # the printed folio, e.g. "23" or "xi"
    words: tuple[str, ...]
    leaders: bool = False  # dotted leaders to page numbers: a contents page


@dataclass(frozen=True)
class PageBreak:
    section: int  # which of the marked sections
    id: str  # the marker's id: "page-23"
    label: str


@dataclass(frozen=True)
class PageMark:
    """Where a printed page begins in one section."""

    position: int  # the index of its first word in the section's words
    id: str  # the marker's id: "page-23"
    label: str


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def print_pages(pdf: bytes, texts: list[str] | None = None) -> list[PrintPage]:
    """The text of every page of a PDF; a word hyphenated across pages counts on its first page.
    `texts`: the pages' texts as typeset in parts (pdf_parts), without their margins; kept by
    the PDF's hash, so that an EPUB made again from the same PDF finds the same text."""
    key = digest("texts", chapter_cache.versions(), hashlib.sha256(pdf).hexdigest())
    if texts is not None:
        chapter_cache.put_json(PDF_TEXTS, key, texts)
    else:
        found = chapter_cache.get_json(PDF_TEXTS, key)
        texts = found if isinstance(found, list) and all(isinstance(t, str) for t in found) else _page_texts(pdf)
    labels = _labels(pdf)
    pages: list[PrintPage] = []
    carry = False
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        text = _LINE_HYPHEN.sub("", text.replace("\u00ad", "")).rstrip()
        found = words(text)
        if carry and found and pages and pages[-1].words:
            # The previous page ended "intelli-": this page's first word finishes that word.
            found = found[1:]
        carry = bool(re.search(r"\w[-\u2010]$", text))
        pages.append(PrintPage(i, label, tuple(found), "....." in text))
    return pages


def _page_texts(pdf: bytes) -> list[str]:
    """Each page's text; a page whose content is unchanged is not read again (cache). Many
    pages are read by the build's workers, a run of pages each."""
    from publish import workers

    keys = [digest("page text", chapter_cache.versions(), k) for k in page_digests(pdf)]
    texts: list[str | None] = []
    for key in keys:
        data = chapter_cache.get(PAGE_TEXT, key)
        texts.append(None if data is None else data.decode("utf-8", "surrogatepass"))
    missing = [i for i, text in enumerate(texts) if text is None]
    runs = max(1, min(workers.count(), len(missing) // PAGES_PER_WORKER))
    chunks = [missing[n * len(missing) // runs:(n + 1) * len(missing) // runs] for n in range(runs)]
    for chunk, found in zip(chunks, workers.map_jobs(read_texts, [(pdf, c) for c in chunks], here=runs == 1),
                            strict=True):
        for index, text in zip(chunk, found, strict=True):
            texts[index] = text
            chapter_cache.put(PAGE_TEXT, keys[index], text.encode("utf-8", "surrogatepass"))
    if runs > 1:
        workers.stop()  # the last of their work: their memory goes back before the EPUB is packed
    return [t or "" for t in texts]


def _labels(pdf: bytes) -> list[str]:
    """Each page's label (its printed folio), else its number."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc.get_page_label(i) or str(i + 1) for i in range(len(doc))]
    finally:
        doc.close()


def read_texts(job: tuple[bytes, list[int]]) -> list[str]:
    """The text of the PDF's pages at these indexes (pdfium), in a worker or here."""
    import pypdfium2 as pdfium

    pdf, indexes = job
    doc = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for index in indexes:
            page = doc[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def page_digests(pdf: bytes) -> list[str]:
    """A hash of each page's content: its content streams and everything its resources name
    (fonts with their ToUnicode maps and widths, forms, images), read with pikepdf."""
    import pikepdf

    memo: dict[tuple[int, int], bytes] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [
            digest(*(_object_digest(doc, _inherited(page.obj, name), memo) for name in _PAGE_PARTS))
            for page in doc.pages
        ]


def _inherited(page, name: str):
    """A page's entry, or the one it inherits from the page tree (resources, boxes, rotation)."""
    node, hops = page, 0
    while node is not None and hops < 64:
        if name in node:
            return node.get(name)
        node, hops = node.get("/Parent"), hops + 1
    return None


def _object_digest(doc, obj, memo: dict[tuple[int, int], bytes]) -> bytes:
    """The hash of a PDF object and of every object it refers to, each indirect one hashed once.

    An object is read as its PDF syntax (one call, fast) with references left as "12 0 R";
    the objects referred to are hashed in turn, all but the links back up the page tree."""
    import pikepdf

    if not isinstance(obj, pikepdf.Object):  # None, or a number pikepdf gives as Python's
        return repr(obj).encode()
    ident = obj.objgen if obj.is_indirect else None
    if ident is not None:
        if ident in memo:
            return memo[ident]
        memo[ident] = f"cycle {ident}".encode()  # a loop back to an object being hashed
    if isinstance(obj, pikepdf.Stream):
        own = obj.stream_dict.unparse(resolved=True) + hashlib.sha256(obj.read_raw_bytes()).digest()
    else:
        own = obj.unparse(resolved=True)
    own = _BACK_LINK.sub(b"", own)
    h = hashlib.sha256(own)
    for number, generation in dict.fromkeys(_REFERENCE.findall(own)):
        h.update(_object_digest(doc, doc.get_object((int(number), int(generation))), memo))
    found = h.digest()
    if ident is not None:
        memo[ident] = found
    return found


class _Token(NamedTuple):  # a tuple: a long book has hundreds of thousands
    node: etree._Element
    tail: bool  # the word is in node.tail, else in node.text
    start: int
    section: int


def _tokens(sections: list[etree._Element]) -> tuple[list[str], list[_Token]]:
    """Every word of the running text, with where it is; notes and MathML left out."""
    found_words: list[str] = []
    tokens: list[_Token] = []
    for text, node, tail, section in _text_runs(sections):
        for match in _WORD.finditer(text):
            word = match.group()
            # NFKC may split a character ("½" → 1, 2); an ASCII word it leaves as it is (and fast).
            for each in ((word.lower(),) if word.isascii() else words(word)):
                found_words.append(each)
                tokens.append(_Token(node, tail, match.start(), section))
    return found_words, tokens


def _tokens_at(section: etree._Element, positions: list[int]) -> dict[int, _Token]:
    """The tokens at the given word positions (as `_tokens` counts them) of one section,
    without making a token for every word: a run of plain ASCII text is only counted."""
    wanted = sorted(set(positions))
    wanted_set = set(wanted)
    found: dict[int, _Token] = {}
    count = 0
    for text, node, tail, _ in _text_runs([section]):
        if text.isascii():
            ahead = len(_WORD.findall(text))
            at = bisect.bisect_left(wanted, count)
            if at == len(wanted) or wanted[at] >= count + ahead:
                count += ahead
                continue
        for match in _WORD.finditer(text):
            word = match.group()
            for _ in (word,) if word.isascii() else words(word):
                if count in wanted_set:
                    found[count] = _Token(node, tail, match.start(), 0)
                count += 1
    return found


def _text_runs(sections: list[etree._Element]) -> Iterator[tuple[str, etree._Element, bool, int]]:
    """(text, its node, whether it is the node's tail, section) for the running text in order."""

    def walk(el: etree._Element, section: int) -> Iterator[tuple[str, etree._Element, bool, int]]:
        skip = (
            not isinstance(el.tag, str)
            or el.tag.startswith(f"{{{MATHML_NS}}}")
            or "footnotes" in classes(el)
            or el.get(EPUB_TYPE) == "noteref"
        )
        if not skip:
            if el.text:
                yield el.text, el, False, section
            for child in el:
                yield from walk(child, section)
        if el.tail:
            yield el.tail, el, True, section

    for n, section in enumerate(sections):
        if section.text:
            yield section.text, section, False, n
        for child in section:
            yield from walk(child, n)


def page_starts(pages: list[PrintPage], text_words: list[str]) -> list[tuple[PrintPage, int]]:
    """(page, index of its first word in text_words) for the pages of running text, in order:
    the first place at or after the last page's where `RUN` of the page's words follow each
    other, not further on than `window` words."""
    index: dict[str, list[int]] = defaultdict(list)  # by one word: a tuple of RUN for each word cost more
    for i, word in enumerate(text_words[:len(text_words) - RUN + 1]):
        index[word].append(i)
    found: list[tuple[PrintPage, int]] = []
    cursor, window = 0, 3000
    numberless: tuple | None = None  # the text and its index with every number alike, made when first needed
    for page in pages:
        if not page.label.isdigit() and _matter_page(page):  # in roman folios: a preface's pages are looked for
            continue
        at = _page_at(index, text_words, page.words, cursor, window)
        if at is None and any(word.isdigit() for word in page.words[:LOOK + RUN]):
            # An index's or a contents' page: its numbers are this book's pages (page_refs.py),
            # the text's the old edition's.
            numberless = numberless or _numberless(text_words)
            index_alike, alike, origins = numberless
            start = bisect.bisect_left(origins, cursor)
            at = _page_at(index_alike, alike, _numbers_alike(page.words)[0], start, window)
            at = None if at is None else origins[at]
        if at is not None:
            found.append((page, at))
            cursor = at + 1
            window = max(3000, 4 * len(page.words))
    return found


def _matter_page(page: PrintPage) -> bool:
    """Whether a page in roman folios is the contents (its dotted leaders: a chapter's long title
    there, "The First Networks in the Far East", read as its heading in the text), not a preface's;
    the title pages match no text."""
    return page.leaders


def _page_at(index: dict[str, list[int]], text_words: list[str], words, cursor: int, window: int) -> int | None:
    """Where a page's first words (after its running head, if any) stand in text_words."""
    for s in range(min(LOOK, len(words) - RUN + 1)):
        if (at := _run_at(index, text_words, list(words[s:s + RUN]), cursor, window)) is not None:
            return at
    return None


def _numbers_alike(words) -> tuple[list[str], list[int]]:
    """The words with each run of numbers one word, "#" ("Alpha, 11, 11, 12-13" and "Alpha, 3–4"
    alike), and where each came from."""
    alike, origins = [], []
    for at, word in enumerate(words):
        if not (word.isdigit() and alike and alike[-1] == "#"):
            alike.append("#" if word.isdigit() else word)
            origins.append(at)
    return alike, origins


def _numberless(text_words: list[str]) -> tuple[dict[str, list[int]], list[str], list[int]]:
    alike, origins = _numbers_alike(text_words)
    index: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(alike[:len(alike) - RUN + 1]):
        index[word].append(i)
    return index, alike, origins


def _run_at(index: dict[str, list[int]], text_words: list[str], run: list[str], cursor: int,
            window: int) -> int | None:
    """Where `run` first stands in text_words at or after `cursor`, if within `window` of it."""
    positions = index.get(run[0], ())
    for n in range(bisect.bisect_left(positions, cursor), len(positions)):
        at = positions[n]
        if at - cursor > window:
            return None
        if text_words[at:at + RUN] == run:
            return at
    return None


def section_words(section: etree._Element) -> list[str]:
    """The words of one section's running text, as the page list matches them (`_tokens`'
    words, without a token made for each)."""
    found: list[str] = []
    for text, _, _, _ in _text_runs([section]):
        if text.isascii():  # lowering ASCII moves no word boundary
            found += _WORD.findall(text.lower())
            continue
        for word in _WORD.findall(text):
            found.extend((word.lower(),) if word.isascii() else words(word))
    return found


def place_pages(sections_words: list[list[str]], pages: list[PrintPage]) -> list[list[PageMark]]:
    """Where each printed page begins, per section: found in the words of all sections at once
    (a page may begin in any chapter), given as a position in its own section's words."""
    offsets, total = [], 0
    for found in sections_words:
        offsets.append(total)
        total += len(found)
    starts = page_starts(pages, [w for found in sections_words for w in found])
    marks: list[list[PageMark]] = [[] for _ in sections_words]
    seen: set[str] = set()
    for page, position in starts:
        ident = f"page-{page.label}"
        while ident in seen:
            ident += "-b"
        seen.add(ident)
        n = bisect.bisect_right(offsets, position) - 1  # an empty section shares its offset with the next
        marks[n].append(PageMark(position - offsets[n], ident, page.label))
    return marks


def mark_section(section: etree._Element, marks: list[PageMark]) -> None:
    """Insert a page-break marker in front of the word where each of `marks` begins."""
    tokens = _tokens_at(section, [mark.position for mark in marks])
    placed = []
    for mark in marks:
        marker = etree.Element(h("span"), {EPUB_TYPE: "pagebreak", "role": "doc-pagebreak", "id": mark.id})
        marker.set("aria-label", mark.label)
        placed.append((tokens[mark.position], marker))
    # Insert from the end of each text node backwards, so earlier offsets stay right.
    for token, marker in sorted(placed, key=lambda p: (id(p[0].node), p[0].tail, -p[0].start)):
        _insert(token, marker)


def _hidden_ancestor(element: etree._Element | None) -> etree._Element | None:
    """The outermost element with aria-hidden="true" round `element` (itself included), if any."""
    found = None
    while element is not None:
        if element.get("aria-hidden") == "true":
            found = element
        element = element.getparent()
    return found


def _insert(token: _Token, marker: etree._Element) -> None:
    node = token.node
    hidden = _hidden_ancestor(node.getparent() if token.tail else node)
    if hidden is not None:
        # A page that opens in a figure's caption (pandoc hides it from screen readers, the
        # picture's description saying the same): the marker goes before the figure, where a
        # screen reader's "go to page" can land and announce it.
        hidden = hidden.getparent() if hidden.tag == h("figcaption") and hidden.getparent() is not None else hidden
        hidden.addprevious(marker)
        return
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
