"""Page references in the print edition: a number that links to an anchor in the book prints
the page the anchor falls on.

An old edition's index ("Bach, J.S., 136, 185") and contents, and its "see p. 136", link their
numbers to the anchors that mark that edition's pages (Project Gutenberg's `<a id="page136">`,
an EPUB's `Page_136`): in the EPUB and the web edition the links lead there, but printed, the
numbers are another book's pages. A page reference is a link whose target marks a page and whose
text is that page's number ("136", "p. 136", "Page 136", "136–9"), or, in an index (`::: index`),
any link whose text is a number. In print each shows this book's page of its target (of an old
page, the page that holds most of it), and a range ("130–140") runs from where its first page
begins to where its last ends, where the next page's anchor is; within a
run ("12, 12, 14–14") a number said already goes and a range whose ends fall on one page is one
number ("12, 14"). The chapters that hold them are typeset once more with the numbers found
(pdf_parts.py, and pdf.single_pass for the book typeset whole). So is a link of class `page-of`
to any anchor: a list of illustrations' page (picture_lists.py).
"""

from __future__ import annotations

import dataclasses
import functools
import html
import math
import re
from collections.abc import Container, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from publish.editions.picture_lists import PAGE_OF

# An anchor that marks a page: page136, Page_136, pg136, p-136, page087, pagevi, page87a.
_PAGE_ID = re.compile(r"(?:page|pg|p)[_-]?(0*)(\d+|[ivxlcdm]+)([a-z]?)", re.I)
_LINK = re.compile(r'<a\b([^>]*?)\bhref="#([^"]+)"([^>]*)>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
# A link's text: a number (or a range), after "p.", "pp.", "page" or "pages" if any.
_NUMBER = re.compile(r"((?:pp?\.|pages?|pgs?\.)[\s\u00a0]*)?(\d{1,5}|[ivxlcdm]{1,8})"
                     r"(?:[\s\u00a0]*[–-][\s\u00a0]*(\d{1,5}))?", re.I)
# What parts the numbers of a run: a comma (a list), a dash (a range).
_SEPARATOR = re.compile(r"\s*([,;])\s*|[\s\u00a0]*([–—-])[\s\u00a0]*")
_INDEX_OPEN = re.compile(r'<div\b[^>]*\bclass="(?:[^"]*\s)?index(?:\s[^"]*)?"[^>]*>')
_DIV = re.compile(r"<(/?)div\b[^>]*>")
DASH = "\u2013"
# At most: the chapters with page references typeset again with their numbers while these change
# (a chapter grown by a page moves the anchors after it), in parts as in one document.
NUMBERING_PASSES = 3
MAX_GAP = 20  # old pages without an anchor between two with one, at most, to share out between them


@dataclass(frozen=True)
class _Ref:
    """One page reference as written: where it is in the HTML, its target and its number."""

    start: int
    end: int
    target: str
    attrs: str  # the link's other attributes
    prefix: str  # "p. ", "Page ", or none
    last: str  # a range's end as written ("9" in "136–9"), or none
    first_number: str  # the number as written ("136")
    place: str = ""  # the anchor whose page it prints, when not its target's: a contents row's title's


@dataclass(frozen=True)
class Places:
    """Where the text's anchors fell: each one's folio, and an old edition's page's how far down
    its page's text block (0: it opens the page, no line before it; up to 1)."""

    folios: Mapping[str, str]
    downs: Mapping[str, float] = dataclasses.field(default_factory=dict)

    def end(self, anchor: str, step: int = 0) -> str | None:
        """The folio of the page where the old page `step` pages after the one `anchor` marks
        ends, where the next begins (the page before when that one opens its page); where it
        begins when that is not known."""
        own, end = self.folios.get(anchor), self._begins(anchor, step + 1)
        if own is None or end is None:  # where its own anchor is, if it has one
            return self.folios.get(_page_anchor(anchor, step), own) if own and step else own
        page = math.floor(end)
        return str(max(int(own), page - 1 if end == page else page))

    def most(self, anchor: str) -> str | None:
        """The folio of the page that holds most of the old page `anchor` marks: an old page set
        larger than this book's runs over two or three of its pages, and one begun near a page's
        foot is mostly on the next (Chiriqui's page 35 opens under the last lines of 57: its
        Balboa, Castillo del Oro and El Dorado are on 58)."""
        own, span = self.folios.get(anchor), self._span(anchor)
        if own is None or span is None:
            return own
        start, end = span
        shares = {page: min(end, page + 1) - max(start, page) for page in range(math.floor(start), math.ceil(end))}
        return str(max(shares, key=lambda page: (shares[page], -page))) if shares else own

    def _place(self, anchor: str) -> float | None:
        """Where an old page's anchor is: its page's folio and how far down it."""
        folio, down = self.folios.get(anchor), self.downs.get(anchor)
        return None if folio is None or down is None else int(folio) + down

    def _span(self, anchor: str) -> tuple[float, float] | None:
        """Where the old page `anchor` marks begins and ends (_begins)."""
        start, end = self._place(anchor), self._begins(anchor, 1)
        return None if start is None or end is None else (start, end)

    def _begins(self, anchor: str, step: int) -> float | None:
        """Where the old page `step` pages after the one `anchor` marks begins (_place): at its
        anchor, or, when the book has none (an import keeps only the anchors links lead to), a
        share of the way between the nearest before and after it that have one, the old pages
        taken as of one length."""
        before = next(((k, p) for k in range(step, -1, -1)
                       if (p := self._place(_page_anchor(anchor, k) if k else anchor)) is not None), None)
        if before is None or before[0] == step:
            return before[1] if before else None
        after = next(((k, p) for k in range(step + 1, step + MAX_GAP + 1)
                      if (p := self._place(_page_anchor(anchor, k))) is not None), None)
        if after is None or after[1] <= before[1]:
            return None
        return before[1] + (after[1] - before[1]) * (step - before[0]) / (after[0] - before[0])

    def anchor_on(self, anchor: str, folio: str | None, step: int = 0) -> str | None:
        """An anchor on the page printed `folio` for the old page `step` after `anchor`'s, for its
        link to lead there: that page's own or the next one's, else the page's first (none when the
        page has none)."""
        candidates = (_page_anchor(anchor, step) if step else anchor, _page_anchor(anchor, step + 1))
        return next((a for a in candidates if a and self.folios.get(a) == folio), None) or self._first_on.get(folio)

    @functools.cached_property
    def _first_on(self) -> dict[str | None, str]:
        """Each page's first anchor, by its folio."""
        first: dict[str | None, str] = {}
        for anchor, folio in self.folios.items():
            first.setdefault(folio, anchor)
        return first


def marks_page(anchor: str) -> bool:
    """Whether `anchor` is named as one that marks an old edition's page (page136, Page_136)."""
    return _PAGE_ID.fullmatch(anchor) is not None


def has_page_refs(body: str) -> bool:
    return bool(_refs(body))


def with_pages(body: str, places: Places) -> tuple[str, list[str]]:
    """`body` with each page reference's number the folio of its target (`places`); those whose
    target has none (not typeset) are left as written and named."""
    refs = _refs(body)
    if not refs:
        return body, []
    out, at, missing = [], 0, []
    for run in _runs(body, refs):
        out.append(body[at:run[0].start])
        out.append(_run_html(body, run, places, missing))
        at = run[-1].end
    out.append(body[at:])
    return "".join(out), missing


@dataclass(frozen=True)
class DeadRef:
    """A page reference whose anchor the book lacks, and the entry it stood in."""

    number: str
    target: str
    entry: str


def without_dead(body: str, known: Container[str]) -> tuple[str, list[DeadRef]]:
    """`body` without its page references to anchors not `known` (another edition's page that
    leads nowhere, which no edition could print as a page of this book), each with the comma or
    dash that joined it to the others; and those."""
    refs = _refs(body)
    if all(unquote(ref.target) in known for ref in refs):
        return body, []
    out, at, dead = [], 0, []
    for run in _runs(body, refs):
        kept = [ref for ref in run if unquote(ref.target) in known]
        if len(kept) == len(run):
            continue
        dead += [DeadRef(html.unescape(_TAG.sub("", body[r.start:r.end])), unquote(r.target), _entry(body, r))
                 for r in run if r not in kept]
        before = body[at:run[0].start]
        if not kept:  # the whole run: the comma that led to it too ("Bach, J.S., 136")
            before = re.sub(r"[,;]?\s*$", "", before)
        out.append(before)
        for k, ref in enumerate(kept):
            if k:
                # What joined them, a comma rather than a dash: "130-[dead], 166" is "130, 166".
                joins = [m for m in _SEPARATOR.finditer(body[kept[k - 1].end:ref.start]) if m[0]]
                out.append(next((m[0] for m in joins if m[1]), joins[-1][0] if joins else ", "))
            out.append(body[ref.start:ref.end])
        at = run[-1].end
    out.append(body[at:])
    return "".join(out), dead


_BLOCK_OPEN = re.compile(r"<(?:p|li|td|th|dd|dt|h[1-6])\b[^>]*>")
_BLOCK_CLOSE = re.compile(r"</(?:p|li|td|th|dd|dt|h[1-6])>")


def _entry(body: str, ref: _Ref) -> str:
    """The words of the paragraph (an index's entry) that holds `ref`, shortened."""
    opened = [m.end() for m in _BLOCK_OPEN.finditer(body, 0, ref.start)]
    start = opened[-1] if opened else max(0, ref.start - 200)
    close = _BLOCK_CLOSE.search(body, ref.end)
    words = " ".join(html.unescape(_TAG.sub("", body[start:close.start() if close else ref.end + 200])).split())
    return words if len(words) <= 60 else words[:59].rsplit(" ", 1)[0] + "…"


def _refs(body: str) -> list[_Ref]:
    index_spans = _index_spans(body)
    titles = _row_titles(body)
    refs = []
    for match in _LINK.finditer(body):
        target = html.unescape(match[2])
        text = html.unescape(_TAG.sub("", match[4])).strip()
        number = _NUMBER.fullmatch(text)
        if number is None:
            continue
        page = _PAGE_ID.fullmatch(target)
        marks_it = page is not None and _same_number(page[2], number[2])
        in_index = number[2].isdigit() and any(a <= match.start() < b for a, b in index_spans)
        made = f'class="{PAGE_OF}"' in match[1] + match[3]  # a list of illustrations' (picture_lists.py)
        if marks_it or in_index or made:
            refs.append(_Ref(match.start(), match.end(), target, (match[1] + match[3]).strip(),
                             number[1] or "", number[3] or "", number[2], titles.get(match.start(), "")))
    return refs


_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.S)


def _row_titles(body: str) -> dict[int, str]:
    """A contents row's page number, a link alone in its cell, and the one link of another cell,
    its title's (Chiriqui's "[The cemeteries](#intro_cemeteries) | [16](#page016)"): the number's
    place in `body` → the title's anchor, whose page it prints (the old page began a page before
    the section's heading, as often)."""
    titles = {}
    for row in _ROW.finditer(body):
        numbers, others = [], []
        for cell in _CELL.finditer(row[0]):
            links = list(_LINK.finditer(cell[1]))
            alone = len(links) == 1 and not _TAG.sub("", cell[1].replace(links[0][0], "")).strip()
            if alone and _NUMBER.fullmatch(html.unescape(_TAG.sub("", links[0][4])).strip()):
                numbers.append(row.start(0) + cell.start(1) + links[0].start())
            else:
                others += [html.unescape(link[2]) for link in links]
        if len(others) == 1:
            titles.update(dict.fromkeys(numbers, others[0]))
    return titles


def _same_number(a: str, b: str) -> bool:
    return int(a) == int(b) if a.isdigit() and b.isdigit() else a.lower() == b.lower()


def _index_spans(body: str) -> list[tuple[int, int]]:
    """Where the `::: index` divs are in `body` (start, end), nested divs counted."""
    spans = []
    for opening in _INDEX_OPEN.finditer(body):
        depth = 0
        for tag in _DIV.finditer(body, opening.start()):
            depth += -1 if tag[1] else 1
            if depth == 0:
                spans.append((opening.start(), tag.end()))
                break
    return spans


def _runs(body: str, refs: list[_Ref]) -> list[list[_Ref]]:
    """The references in runs: one after another with only a comma or a dash between."""
    runs: list[list[_Ref]] = []
    for ref in refs:
        if runs and _SEPARATOR.fullmatch(body[runs[-1][-1].end:ref.start]):
            runs[-1].append(ref)
        else:
            runs.append([ref])
    return runs


def _steps(ref: _Ref) -> int:
    """How many pages after its first a range written in one link ends ("136–9": 3); 0 for none."""
    first = ref.first_number
    if not ref.last or not first.isdigit():
        return 0
    last = first[:max(0, len(first) - len(ref.last))] + ref.last  # 136–9 is 136–139
    return max(0, int(last) - int(first))


def _page_anchor(anchor: str, step: int) -> str:
    """The anchor of the page `step` pages after the one `anchor` marks, written alike
    (page080 → page081); none for a page numbered in Roman numerals."""
    page = _PAGE_ID.fullmatch(anchor)
    if page is None or not page[2].isdigit():
        return ""
    digits = page[1] + page[2]
    return anchor[:page.start(1)] + str(int(page[2]) + step).zfill(len(digits))


@dataclass
class _Span:
    """A number or a range of a run as printed: from page `start` (None: as written, `before`)
    to `end`, linked by its reference, a range's end to an anchor on its page (`last`) if any."""

    before: str  # the comma or the dash before it
    first: _Ref
    start: int | None
    end: int = 0
    last: str | None = None


def _run_html(body: str, run: list[_Ref], places: Places, missing: list[str]) -> str:
    """A run of references with this book's numbers: a number said already in it goes (with the
    comma before it), a range whose ends fall on one page is one number, and one that starts on
    the page before it reaches further ("12, 12–13" is "12–13")."""
    items: list[tuple[str, _Ref, _Ref | None]] = []  # (what comes before it, a reference, a range's end)
    for k, ref in enumerate(run):
        separator = body[run[k - 1].end:ref.start] if k else ""
        if k and _SEPARATOR.fullmatch(separator)[2] and items[-1][2] is None and not items[-1][1].last:
            items[-1] = (items[-1][0], items[-1][1], ref)  # the end of a range "[130]-[140]"
        else:
            items.append((separator, ref, None))
    spans: list[_Span] = []
    for separator, first, last in items:
        if first.place in places.folios:
            first = dataclasses.replace(first, target=first.place)  # a contents row's: its title's page
        start = _folio(first.target, places, missing)
        # A range's last page: its link's, or "136–9" in one link, the 3rd page after 136's.
        end_anchor, step = (last.target, 0) if last is not None else (first.target, _steps(first))
        end = (_folio(last.target, places, missing) if last is not None else step) and places.end(end_anchor, step)
        if start is None or (last is not None and end is None):
            spans.append(_Span(separator + body[first.start:(last or first).end], first, None))  # as written
            continue
        if last is None and not first.last:  # one page: the one that holds most of it
            start = places.most(first.target) or start
            first = dataclasses.replace(first, target=places.anchor_on(first.target, start) or first.target)
        span = _Span(separator, first, int(start), int(end or start), places.anchor_on(end_anchor, end, step))
        if span.end <= span.start:
            span.end, span.last = span.start, None
        said = [s for s in spans if s.start is not None]
        if said and said[-1].start <= span.start <= said[-1].end < span.end:
            said[-1].end, said[-1].last = span.end, span.last  # "12, 12–13": "12–13"
        elif not any(s.start <= span.start and span.end <= s.end for s in said):  # type: ignore[operator]
            spans.append(span)
    return "".join(_span_html(span, k > 0) for k, span in enumerate(spans))


def _span_html(span: _Span, after: bool) -> str:
    if span.start is None:
        return span.before
    printed = _link(span.first, str(span.start))
    if span.end != span.start:
        attrs = f" {span.first.attrs}" if span.first.attrs else ""
        tail = f'<a{attrs} href="#{html.escape(span.last, quote=True)}">{span.end}</a>' if span.last else str(span.end)
        printed = f'<span class="nowrap">{printed}{DASH}{tail}</span>'
    return (span.before if after else "") + printed


def _folio(anchor: str, places: Places, missing: list[str]) -> str | None:
    folio = places.folios.get(anchor)
    if folio is None:
        missing.append(anchor)
    return folio


def _link(ref: _Ref, folio: str) -> str:
    attrs = f" {ref.attrs}" if ref.attrs else ""
    return f'<a{attrs} href="#{html.escape(ref.target, quote=True)}">{html.escape(ref.prefix)}{folio}</a>'
