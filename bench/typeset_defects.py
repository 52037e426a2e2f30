"""Typesetting defects in a built PDF, as a print shop's proofreader marks them, per 100 pages.

Reads each page's text with pypdfium2 (every character's box, baseline, size and weight),
rebuilds the lines, tells the text block's lines from the running heads and folios, and
counts:

  widows       a paragraph's last line alone at the head of a page
  orphans      a paragraph's first line alone at the foot of a page
  ladders      three or more lines in a row ending in a hyphen (a run of four counts once)
  loose        lines whose word spaces average over twice the book's normal space
               (justified lines; a paragraph's last line is set at its natural spaces)
  overfull     lines running past the text block's right edge by half an em or more
  short_pages  pages whose text ends two lines or more above the block's foot though the
               chapter runs on overleaf (a chapter's last page may end short)
  unaligned    spreads whose two pages' last lines do not share a baseline (both pages full
               pages of running text: neither a chapter's last)
  stranded     a heading with fewer than two lines of text under it at a page's foot, or a
               section break (a centred "*", "* * *", "⁂") first or last on a page
  turn_hyphen  a word hyphenated over a page turn (recto_turn: over a leaf's turn, a recto's
               last line, the worst of them)
  runts        a paragraph's last line holding one short word (four letters or fewer) or the
               broken tail of a word alone
  tail_pages   a chapter's last page holding fewer than three lines of text
  cut_notes    pages whose last line is a footnote's line ending mid-sentence (a note
               continued overleaf, away from its call)

Paragraphs are read from the page: a line starts one when it is indented by the book's
paragraph indent (the commonest indent found) or stands below a gap; ragged-right text is
read as well as justified. Chapter openings are pages with no running head above the text
block (publish's print.css drops it there) or whose first line is larger than the text; a
book without running heads (pandoc's default) has its headings found by size and weight.

    python bench/typeset_defects.py BOOK.pdf [MORE.pdf …]       # one row a PDF
    python bench/typeset_defects.py --list widows,orphans BOOK.pdf  # the pages, to look at
    python bench/typeset_defects.py --json BOOK.pdf               # figures for another script

The counts are a proofreader's first pass, not a verdict: a page ending short may be the
price of keeping a widow away, and the script cannot see why a figure moved. Look at the pages
it lists (`pdftoppm -png -r 60 -f N -l N BOOK.pdf /tmp/p`).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

HYPHENS = "-\u2010\u00ad"
BREAK_MARKS = re.compile(r"^[\s*⁂•·∗✱❧~—–#_.]+$")  # a section break's ornament
METRICS = ("widows", "orphans", "ladders", "loose", "overfull", "short_pages", "unaligned",
           "stranded", "turn_hyphen", "recto_turn", "runts", "tail_pages", "cut_notes")


@dataclass
class Char:
    ch: str
    x0: float
    x1: float
    base: float  # baseline, PDF units from the page's foot
    size: float
    bold: bool


@dataclass
class Line:
    chars: list[Char]
    base: float
    size: float = 0.0
    bold: bool = False
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    gaps: list[float] = field(default_factory=list)  # word spaces, in ems
    kind: str = "body"  # body, note, heading, break, margin, small
    starts: bool = False  # a paragraph's first line
    ends: bool = False  # a paragraph's last line

    def finish(self) -> None:
        self.chars.sort(key=lambda c: c.x0)
        sizes = Counter(round(c.size, 1) for c in self.chars if c.ch.strip())
        self.size = sizes.most_common(1)[0][0] if sizes else 0.0
        letters = [c for c in self.chars if c.ch.strip()]
        self.bold = bool(letters) and sum(c.bold for c in letters) > 0.8 * len(letters)
        self.x0, self.x1 = letters[0].x0 if letters else 0, max((c.x1 for c in letters), default=0)
        text, gaps, last = [], [], None
        for c in self.chars:
            if not c.ch.strip():
                continue
            if last is not None and c.x0 - last.x1 > 0.12 * self.size:
                text.append(" ")
                gaps.append((c.x0 - last.x1) / self.size)
            text.append(c.ch)
            last = c
        self.text, self.gaps = "".join(text).strip(), gaps


@dataclass
class Page:
    number: int  # 1-based
    width: float
    lines: list[Line]
    images: list[tuple[float, float]]  # (bottom, top) of each picture
    head: bool = False  # a running head above the text block
    folio: str = ""
    front: bool = False  # front matter (before the first arabic folio): not counted
    verse: bool = False  # most lines well short of the measure: stanzas part at gaps only
    opening: bool = False  # a chapter starts here
    body: list[Line] = field(default_factory=list)

    @property
    def recto(self) -> bool:
        return self.number % 2 == 1

    @property
    def content_bottom(self) -> float | None:
        bottoms = [ln.base for ln in self.lines if ln.kind != "margin"] + [b for b, _ in self.images]
        return min(bottoms) if bottoms else None


def read_pages(path: str) -> list[Page]:
    pdf = pdfium.PdfDocument(path)
    pages = []
    for index in range(len(pdf)):
        page = pdf[index]
        text = page.get_textpage()
        chars = []
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        ox, oy = ctypes.c_double(), ctypes.c_double()
        for i in range(text.count_chars()):
            code = raw.FPDFText_GetUnicode(text.raw, i)
            if raw.FPDFText_IsGenerated(text.raw, i) == 1 or code in (10, 13, 0xFFFE):
                continue
            raw.FPDFText_GetCharBox(text.raw, i, left, right, bottom, top)
            raw.FPDFText_GetCharOrigin(text.raw, i, ox, oy)
            size = raw.FPDFText_GetFontSize(text.raw, i)
            chars.append(Char(chr(code), left.value, right.value, oy.value, size, is_bold(text, i)))
        images = []
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
            _, b, _, t = obj.get_bounds()
            images.append((b, t))
        pages.append(Page(index + 1, page.get_width(), group_lines(chars), images))
    return pages


_NAME = ctypes.create_string_buffer(256)


def is_bold(text, i: int) -> bool:
    if raw.FPDFText_GetFontWeight(text.raw, i) >= 600:
        return True
    raw.FPDFText_GetFontInfo(text.raw, i, _NAME, 256, None)
    return b"Bold" in _NAME.value or b"Heavy" in _NAME.value or b"Black" in _NAME.value


def group_lines(chars: list[Char]) -> list[Line]:
    """Characters into lines by baseline; a note call's raised figures join the line they sit on."""
    lines: list[Line] = []
    for c in sorted(chars, key=lambda c: -c.base):
        if lines and abs(lines[-1].base - c.base) < 1.0:
            lines[-1].chars.append(c)
        else:
            lines.append(Line([c], c.base))
    for ln in lines:
        ln.finish()
    merged: list[Line] = []
    for ln in lines:
        host = next((m for m in merged[-2:] if ln.size < 0.8 * m.size and 0 < m.base - ln.base < 0.45 * m.size
                     or ln.size < 0.8 * m.size and 0 < ln.base - m.base < 0.55 * m.size), None)
        if host is not None and ln.x0 < host.x1 + 2 and ln.x1 > host.x0 - 2:
            host.chars.extend(ln.chars)
            host.finish()
        else:
            merged.append(ln)
    return [ln for ln in merged if ln.text]


@dataclass
class Book:
    pages: list[Page]
    size: float  # the text's size
    pitch: float  # its line spacing
    indent: float  # the paragraph indent, in points
    space: float  # the normal word space, in ems
    left: dict[bool, float]  # the text block's left edge, on rectos (True) and versos
    right: dict[bool, float]
    foot: dict[bool, float]  # the baseline of a full page's last line


def classify(pages: list[Page]) -> Book:
    sizes = Counter()
    for p in pages:
        for ln in p.lines:
            sizes[ln.size] += len(ln.text)
    if not sizes:
        raise SystemExit("no text in the PDF (pictures only, or text drawn as outlines): nothing to measure")
    size = sizes.most_common(1)[0][0]
    steps = Counter()
    for p in pages:
        for a, b in zip(p.lines, p.lines[1:], strict=False):
            if abs(a.size - size) < 0.3 and abs(b.size - size) < 0.3:
                steps[round(a.base - b.base, 1)] += 1
    pitch = steps.most_common(1)[0][0] if steps else size * 1.2
    for p in pages:
        mark_margins(p, size, pitch)
    first = next((k for k, p in enumerate(pages) if p.folio.isdigit()), 0)
    for p in pages[:first]:
        p.front = True
    for p in pages:
        for ln in p.lines:
            if ln.kind == "margin":
                continue
            if BREAK_MARKS.match(ln.text) and len(ln.text) <= 12:
                ln.kind = "break"
            elif ln.size > size * 1.03 or ln.bold and len(ln.text) < 120:
                ln.kind = "heading"
            elif ln.size < size * 0.93:
                ln.kind = "small"
        p.body = [ln for ln in p.lines if ln.kind == "body"]
    left, right = {}, {}
    for side in (True, False):
        lines = [ln for p in pages if p.recto == side for ln in p.body]
        if not lines:
            lines = [ln for p in pages for ln in p.body]
        left[side] = Counter(round(ln.x0) for ln in lines).most_common(1)[0][0] if lines else 0
        ends = sorted(ln.x1 for ln in lines)
        right[side] = ends[int(0.99 * (len(ends) - 1))] if ends else 0
    heads = [ln for p in pages for ln in p.lines if ln.kind == "margin" and not ln.text.isdigit()]
    if heads:  # publish's running heads: a verso's starts at the block's left edge, a recto's ends at its right
        width = pages[0].width
        verso = [round(ln.x0) for p in pages if not p.recto for ln in p.lines if ln in heads]
        recto = [round(ln.x1) for p in pages if p.recto for ln in p.lines if ln in heads]
        if verso and recto:
            left[False] = Counter(verso).most_common(1)[0][0]
            right[True] = Counter(recto).most_common(1)[0][0]
            left[True] = width - right[False]  # the margins mirrored
    for p in pages:  # verse: most lines set in from the left edge, past a paragraph's indent
        inset = sorted(ln.x0 - left[p.recto] for ln in p.body)
        p.verse = len(inset) >= 4 and inset[len(inset) // 2] > 1.35 * size
    indents = Counter()
    for p in pages:
        if p.verse:
            continue
        for a, b in zip(p.body, p.body[1:], strict=False):
            d = round(a.x0 - b.x0, 1)
            if 0.5 * size < d < 3 * size and abs(b.x0 - left[p.recto]) < 1:
                indents[d] += 1
    lines = sum(len(p.body) for p in pages)
    indent = indents.most_common(1)[0][0] if indents else 0.0
    if not indents or indents[indent] < 0.02 * lines:  # a list's or a quotation's, not the paragraphs'
        indent = 0.0
    gaps = [g for p in pages for ln in p.body for g in ln.gaps]
    space = statistics.median(gaps) if gaps else 0.25
    book = Book(pages, size, pitch, indent, space, left, right, {})
    for p in pages:
        mark_paragraphs(book, p)
    mark_openings(book)
    for side in (True, False):
        feet = Counter(round(p.content_bottom) for k, p in enumerate(pages)
                       if p.recto == side and p.content_bottom is not None and runs_on(book, k))
        book.foot[side] = feet.most_common(1)[0][0] if feet else 0
    return book


def mark_margins(page: Page, size: float, pitch: float) -> None:
    """The running head over the text block and the folio under it."""
    lines = page.lines
    if len(lines) >= 2 and lines[0].size < size * 0.95 and lines[0].base - lines[1].base > 1.3 * pitch:
        lines[0].kind, page.head = "margin", True
    if lines and len(lines[-1].text) <= 8 and (len(lines) == 1 or lines[-2].base - lines[-1].base > 1.3 * pitch) \
            and re.fullmatch(r"[\divxlcdmIVXLCDM]+", lines[-1].text):
        lines[-1].kind, page.folio = "margin", lines[-1].text


def mark_paragraphs(book: Book, page: Page) -> None:
    body, left = page.body, book.left[page.recto]
    for ln in body:
        above = page.lines[page.lines.index(ln) - 1] if page.lines.index(ln) > 0 else None
        indented = not page.verse and book.indent > 0 and abs(ln.x0 - left - book.indent) < 1.5
        gap = above is not None and above.kind != "margin" and above.base - ln.base > 1.3 * book.pitch
        ln.starts = indented or gap or above is not None and above.kind in ("heading", "break")
    for k, ln in enumerate(body):
        nxt = body[k + 1] if k + 1 < len(body) else None
        after = page.lines[page.lines.index(ln) + 1] if page.lines.index(ln) + 1 < len(page.lines) else None
        ln.ends = nxt is not None and nxt.starts or after is not None and after.kind in ("heading", "break") \
            or after is not None and after.kind != "margin" and ln.base - after.base > 1.3 * book.pitch


def mark_openings(book: Book) -> None:
    heads = sum(p.head for p in book.pages)
    for p in book.pages:
        first = next((ln for ln in p.lines if ln.kind != "margin"), None)
        if first is None:
            continue
        if heads > len(book.pages) / 3:
            p.opening = not p.head and first.kind == "heading"
        else:  # no running heads: a page opening with a heading in a larger size
            p.opening = first.kind == "heading" and first.size > book.size * 1.3


def runs_on(book: Book, k: int) -> bool:
    """The text of page k goes on overleaf: the next page is neither blank nor a chapter's opening."""
    if k + 1 >= len(book.pages):
        return False
    nxt = book.pages[k + 1]
    return bool(nxt.body) and not nxt.opening and nxt.content_bottom is not None \
        and book.pages[k].content_bottom is not None and not starts_apart(nxt)


def starts_apart(page: Page) -> bool:
    """A page that opens with a heading in a larger size (a part's or appendix's page)."""
    first = next((ln for ln in page.lines if ln.kind != "margin"), None)
    return first is not None and first.kind == "heading" and first.size > 1.3 * page.body[0].size \
        if page.body else False


def runs_over(book: Book, page: Page) -> bool:
    """The paragraph at the page's foot goes on overleaf. Paragraphs set without an indent (pandoc's
    default) part at a gap, which a page's head hides: then its last line must fill the measure."""
    if book.indent or not page.body:
        return True
    return page.body[-1].x1 > book.right[page.recto] - 2.5 * book.size


def count(book: Book) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {m: [] for m in METRICS}
    pages = book.pages
    run = 0
    for k, p in enumerate(pages):
        if p.front:
            continue
        on = runs_on(book, k)
        nxt = pages[k + 1] if on else None
        body = p.body
        if body and k > 0 and runs_on(book, k - 1) and pages[k - 1].body:
            first = body[0]
            top_is_text = next(ln for ln in p.lines if ln.kind != "margin") is first
            if top_is_text and not first.starts and first.ends and len(body) > 1 and runs_over(book, pages[k - 1]):
                found["widows"].append(p.number)
        if body and nxt is not None and nxt.body:
            last = body[-1]
            foot_is_text = [ln for ln in p.lines if ln.kind not in ("margin", "small")][-1] is last
            if foot_is_text and last.starts and not nxt.body[0].starts and runs_over(book, p):
                found["orphans"].append(p.number)
            if foot_is_text and last.text[-1:] in HYPHENS and not nxt.body[0].starts:
                found["turn_hyphen"].append(p.number)
                if p.recto:
                    found["recto_turn"].append(p.number)
        for ln in body:
            if ln.text[-1:] in HYPHENS and len(ln.text) > 1:
                run += 1
                if run == 3:
                    found["ladders"].append(p.number)
            else:
                run = 0
            if not ln.ends and len(ln.gaps) >= 2 and statistics.mean(ln.gaps) > 2 * book.space:
                found["loose"].append(p.number)
            if ln.x1 > book.right[p.recto] + 0.5 * book.size:
                found["overfull"].append(p.number)
        for a, b in zip(body, body[1:] if not p.verse else [], strict=False):  # verse: its lines end short
            words = b.text.split()
            if b.ends and not b.starts and len(words) == 1 and (
                    len(re.sub(r"\W", "", words[0])) <= 4 or a.text[-1:] in HYPHENS):
                found["runts"].append(p.number)
        if on:
            bottom = p.content_bottom
            if bottom - book.foot[p.recto] > 1.8 * book.pitch:
                found["short_pages"].append(p.number)
            if p.lines:
                shown = [ln for ln in p.lines if ln.kind != "margin"]
                for pos, ln in ((0, shown[0]), (-1, shown[-1])):
                    if ln.kind == "break" and not (pos == 0 and p.opening):
                        found["stranded"].append(p.number)
                tail = shown[-6:]
                for j, ln in enumerate(tail):
                    if ln.kind == "heading" and not (p.opening and ln is shown[0]):
                        under = [x for x in tail[j + 1:] if x.kind in ("body", "small")]
                        top = next(x for x in nxt.lines if x.kind != "margin")
                        if len(under) < 2 and not (under and under[-1].ends or top.kind == "heading"):
                            found["stranded"].append(p.number)
                            break
                if is_cut_note(book, shown):
                    found["cut_notes"].append(p.number)
        elif body and k > 0 and not p.opening and len(body) < 3 and runs_on(book, k - 1):
            found["tail_pages"].append(p.number)
        if p.recto and k > 0 and on and runs_on(book, k - 1):
            verso = pages[k - 1]
            if abs(verso.content_bottom - p.content_bottom) > 1.0:
                found["unaligned"].append(p.number)
    return found


def is_cut_note(book: Book, shown: list[Line]) -> bool:
    """The page ends in a footnote's line that stops mid-sentence: the notes, smaller lines under
    a gap after the text, the first opening with its number."""
    k = len(shown)
    while k > 0 and shown[k - 1].kind == "small":
        k -= 1
    if k == len(shown) or k == 0 or shown[k - 1].base - shown[k].base < 1.3 * book.pitch:
        return False
    return shown[k].text[:1].isdigit() and shown[-1].text[-1:] not in ".!?»”\"’)]:…"


def measure(path: str) -> tuple[Book, dict[str, list[int]]]:
    book = classify(read_pages(path))
    return book, count(book)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="+")
    parser.add_argument("--list", default="", help="comma-separated metrics whose pages to print")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    rows = {}
    for path in args.pdfs:
        book, found = measure(path)
        n = len(book.pages)
        rows[path] = {"pages": n, **{m: len(v) for m, v in found.items()},
                      "per100": {m: round(100 * len(v) / n, 1) for m, v in found.items()}}
        for m in filter(None, args.list.split(",")):
            print(f"{path}: {m}: {found[m]}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    short = {"short_pages": "short", "turn_hyphen": "turn-", "recto_turn": "recto-", "tail_pages": "tails",
             "cut_notes": "notes", "unaligned": "unalgn", "stranded": "strand", "overfull": "overf"}
    print(f"{'per 100 pages':<40}{'pages':>6}" + "".join(f"{short.get(m, m)[:7]:>8}" for m in METRICS))
    for path, row in rows.items():
        print(f"{path[-40:]:<40}{row['pages']:>6}" + "".join(f"{row['per100'][m]:>8}" for m in METRICS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
