"""The print edition typeset in parts — the front matter, each chapter, the back matter — in
parallel worker processes, each part cached, then assembled into one PDF (pdf_assemble.py).

With `print.chapter_start: recto` every chapter and the back matter open on a recto, as the
first page of a WeasyPrint document does, so a part's layout does not depend on the parts
before it: only its folios do. With `any` a chapter may open on a verso: its lines and page
breaks are the same on either side (the text block is as wide; no page may end hyphenated,
recto_words.py), so it is typeset as from a recto and its pages moved across to the other
side's margins when assembled. Chapters are typeset without their margins (folios, running
heads); a fast render of empty pages per chapter, its frame, draws those from the right folio
on, typeset as soon as the lengths of its chapters and of those before it are known, between
the chapters still waiting. After the last chapter, the front matter, whose contents page
needs the chapters' first folios, is typeset, while the rest is assembled. Every part is
cached, with what its typesetting logged (said again by every build that uses it): after a one-word
correction only that chapter is typeset again (and, when its length changed, the frames
after it).
"""

from __future__ import annotations

import dataclasses
import html
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote

from publish import memory, workers
from publish.cache import Cache, digest, files_digest, tool_versions, tree_files
from publish.editions.layout_shortcuts import MARGIN_BOXES
from publish.editions.page_refs import NUMBERING_PASSES, Places, has_page_refs
from publish.errors import PublishError
from publish.manuscript_batches import MIN_BATCH_CHARS
from publish.matter import MatterPage, contents_poems
from publish.model import Book, Chapter
from publish.print_images import Coarse, say_coarse
from publish.progress import ChapterHook
from publish.workers import Failed

if TYPE_CHECKING:
    from publish.editions.pdf_assemble import Body

log = logging.getLogger("publish")

CACHE_KIND = "pdf-part"
CACHE_FORMAT = 6  # 2: a part keeps its pages' text; 3: and what its typesetting said; 4, 5: and its anchors' places
# 6: the front matter's part, the margins of the chapters before the text
# The contents page links to chapters in other parts: an outside link while typeset, made a
# link to the chapter's page when the parts are assembled.
CHAPTER_HREF = "publish-chapter:"
# A chapter is typeset without its margins: the frame draws them with the right folios, and
# the printer's marks (a chapter's own would move with its pages when it opens on a verso).
NO_MARGINS = ("@page { marks: none !important; "
              + " ".join(f"@{m} {{ content: none !important; }}" for m in MARGIN_BOXES) + " }\n")
POOL_MIN_CHARS = 40_000  # HTML to typeset (about 25 pages) worth starting worker processes for
# A book this long (HTML, about 600 pages) has its front matter typeset in a worker of its own
# while the others end, to give their memory back; a shorter one's in a worker already running.
ALONE_MIN_CHARS = 1_000_000
FRAME_PAGES = 48  # pages of margins typeset in one document (see _frame_groups)
FRAME_SHARE = 4  # and at most a quarter of the book's chapters: a short book's frames come early
FRAME_CSS = """
.frame-page + .frame-page { break-before: page; }
.frame-end { page: bare; break-before: right; }
"""


@dataclass
class Settings:
    """What the build sets for the print edition: worker processes and the part cache."""

    jobs: int = 0  # 0: one per core
    cache: Cache = dataclasses.field(default_factory=lambda: Cache(None))
    enabled: bool = True  # False: always the single-pass render
    # True in a process that builds again and again (the watcher's builder): a typeset part
    # made here keeps its stylesheets and fonts for the next build while they are unchanged.
    keep_typesetters: bool = False


settings = Settings()
renders: list[str] = []  # the parts typeset (not taken from the cache) by the last build: for tests


def configure(cache: Cache | None = None, jobs: int | None = None, enabled: bool | None = None,
              keep_typesetters: bool | None = None) -> None:
    if cache is not None:
        settings.cache = cache
    if jobs is not None:
        settings.jobs = jobs
    if enabled is not None:
        settings.enabled = enabled
    if keep_typesetters is not None:
        settings.keep_typesetters = keep_typesetters


def can_render_in_parts(book: Book) -> bool:
    return settings.enabled and bool(book.chapters)


@dataclass(frozen=True)
class Job:
    """One document for a worker to typeset; the book without its chapters (styles, fonts)."""

    name: str
    book: Book
    page_style: str
    document: str
    extra_css: str = ""
    chapter: Chapter | None = None  # reported to the progress display when typeset
    inputs: str = ""  # the digest of what else its pages depend on (inputs_digest)
    # The build's cache, as set when the job is made: a worker keeps its images' print copies
    # there (image_copies), for the next build that typesets them.
    cache: Cache = dataclasses.field(default_factory=lambda: settings.cache)
    again: bool = False  # a chapter typeset again with its page references' numbers: not reported
    # The front matter's: its document's last pages are the margins of the chapters before the
    # text (a preface), written apart as the Part's frame.
    frame_pages: int = 0


@dataclass(frozen=True)
class Part:
    name: str
    pdf: bytes
    pages: int
    texts: tuple[str, ...] = ()  # each page's text (pdfium), for the EPUB's page list; none for a frame
    said: tuple[tuple[int, str], ...] = ()  # what its typesetting logged (level, message), said by each build
    anchors: tuple[tuple[str, int, float], ...] = ()  # a chapter's ids: page, how far down (pdf.page_anchors)
    coarse: tuple[Coarse, ...] = ()  # its pictures too coarse for print, said for the whole book at once
    frame: bytes = b""  # the front matter's: the margins of the chapters before the text (Job.frame_pages)


@dataclass(frozen=True)
class Layout:
    """Where the chapters go: each one's first page in the text (0-based, counting the blank
    versos; its first folio is one more), and the text's length in pages (even: the back
    matter opens on a recto)."""

    starts: tuple[int, ...]
    length: int
    pages: tuple[int, ...]  # each chapter's

    @staticmethod
    def of(chapter_pages: Iterable[int], on_recto: tuple[bool, ...]) -> Layout:
        """`on_recto[i]`: chapter i opens on a recto (a blank verso before it when needed);
        the chapters known so far."""
        starts, pages, at = [], tuple(chapter_pages), 0
        for count, recto in zip(pages, on_recto, strict=False):
            at += at % 2 if recto else 0
            starts.append(at)
            at += count
        return Layout(tuple(starts), at + at % 2, pages)

    def blank_after(self, chapter: int) -> bool:
        """Whether a blank verso follows the chapter, before the next or the back matter."""
        ends = (*self.starts[1:], self.length)
        return ends[chapter] > self.starts[chapter] + self.pages[chapter]

    def flipped(self, chapter: int) -> bool:
        """Whether the chapter opens on a verso: its pages, typeset from a recto, change sides."""
        return self.starts[chapter] % 2 == 1


def opens_on_recto(book: Book) -> tuple[bool, ...]:
    """Which chapters open on a recto: all with `chapter_start: recto`; else the text's first (folio 1),
    the parts' openings and the chapters before the text (a foreword, a preface: pdf.front_chapters)."""
    from publish.editions.pdf import front_chapters

    recto, opening = book.meta.print_settings.chapter_start != "any", front_chapters(book)
    return tuple(recto or number <= opening or chapter.part for number, chapter in enumerate(book.chapters))


def render_in_parts(book: Book, on_chapter: ChapterHook | None = None) -> tuple[bytes, int, list[str]]:
    """The print PDF, its page count and each page's text but the margins', typeset part by part."""
    from publish.editions import pdf_worker
    from publish.editions.pdf import matter_html, print_matter, wrap_document
    from publish.print_layout import page_css
    from publish.print_math import print_math

    renders.clear()
    page_style = page_css(book)
    slim = dataclasses.replace(book, chapters=())
    inputs = inputs_digest(book)
    back = [p for p in print_matter(book, _chapter_href) if p.back]
    jobs = []
    notes = [0]  # footnotes before each chapter, and in all
    for number in range(len(book.chapters)):
        jobs.append(_chapter_job(book, slim, page_style, inputs, number, notes[-1]))
        by_chapter = book.meta.note_numbers == "chapter"  # each chapter's from 1: none counted before
        notes.append(0 if by_chapter else notes[-1] + jobs[-1].document.count('<span class="footnote"'))
    back_doc = print_math(wrap_document(book, None, None, matter_html(back, book)), book)
    jobs.insert(0, Job("back", slim, page_style, back_doc, inputs=inputs))  # first: it waits for nothing
    started = time.perf_counter()
    after = _AfterChapters(book, slim, page_style, inputs, notes, back)
    assembled: list[Body] = []
    # The back matter with an index of first lines waits, as the front matter does, for the
    # chapters' folios: it is made with them (its job told apart from the chapters' by its index).
    first, follow = (1, lambda index, part: after.follow(index + 1, part)) if after.back_waits else (0, after.follow)

    def assemble_early(parts: dict[str, Part]) -> None:
        """Once every part but the front matter is typeset: the rest assembled while it is."""
        if not assembled and "front" not in parts and after.complete() \
                and all(job.name in parts for job in jobs + after.frame_jobs):
            assembled.append(_assemble_body(parts, jobs, after))

    with _Workers(settings.jobs, on_chapter) as typesetting:
        parts = typesetting.typeset(jobs[first:], follow, assemble_early)
        if after.numbering:
            parts = _with_numbers(typesetting, parts, jobs, after, assemble_early)
    if after.back_job is not None:
        jobs[0] = after.back_job
    say_coarse(picture for part in parts.values() for picture in part.coarse)
    log.debug("print edition: %d chapters, contents and frames typeset in %.1f s",
              len(book.chapters), time.perf_counter() - started)
    if not settings.keep_typesetters:
        pdf_worker.release()  # their fonts go now, not at the interpreter's exit
    # Imported here, not before the parts are sent: pikepdf takes 70 ms to import, and the
    # workers would wait for it (the body is assembled while the front matter is typeset).
    from publish.editions.pdf_assemble import Opening, Tagging, assemble

    documents = [job.document for job in jobs] + [after.front_document]
    opening = Opening([parts[job.name] for job in jobs[1:1 + after.opening]], after.front_layout().starts,
                      [job.chapter.depth if job.chapter else 1 for job in jobs[1:1 + after.opening]])
    pdf, pages = assemble(parts["front"], assembled[0] if assembled else _assemble_body(parts, jobs, after),
                          Tagging.of(documents), opening)
    log.debug("print edition: %d parts assembled at %.1f s", len(parts), time.perf_counter() - started)
    chapters = [parts[job.name] for job in jobs[1:]]
    texts = _texts_in_book_order(parts["front"], chapters, parts["back"], after)
    if len(texts) != pages:
        raise AssertionError(f"{len(texts)} page texts for {pages} pages")
    del parts, chapters
    assembled.clear()
    memory.give_back()  # what the assembly used, before the EPUB is made beside it
    return pdf, pages, texts


def _with_numbers(typesetting: _Workers, parts: dict[str, Part], jobs: list[Job], after: _AfterChapters,
                  assemble_early) -> dict[str, Part]:
    """The chapters with page references typeset again with the pages of their anchors (page_refs.py)
    while these move, then the frames and the front matter, which waited for their lengths; the
    body assembled while the front matter is typeset, as without."""
    for _ in range(NUMBERING_PASSES):
        again = after.numbered(parts, jobs)
        if not again:
            break
        parts = {**parts, **typesetting.typeset(again, _nothing_follows)}
        after.lengths(parts, jobs)
    after.numbering = False
    done = parts
    return {**done, **typesetting.typeset(after.rest(), _nothing_follows, lambda new: assemble_early({**done, **new}))}


def _nothing_follows(index: int, part: Part) -> list[Job]:
    return []


def _assemble_body(parts: dict[str, Part], jobs: list[Job], after: _AfterChapters) -> Body:
    from publish.editions.pdf_assemble import Place, assemble_body
    from publish.print_layout import verso_shift

    text = jobs[1 + after.opening:]  # the chapters before the text go with the front matter
    chapters = [parts[job.name] for job in text]
    layout = after.layout()
    shift = verso_shift(after.book)
    # Where each chapter's margins are (which frame, from which of its pages), whether a blank
    # verso follows it, and how far its pages move when it opens on a verso.
    places = [Place(g, layout.starts[i] - layout.starts[group[0]], layout.blank_after(i),
                    shift if layout.flipped(i) else 0.0)
              for g, group in enumerate(after.text_groups()) for i in group]
    depths = [job.chapter.depth if job.chapter else 1 for job in text]  # how the bookmarks nest
    _frames_fit(parts, after, layout)
    return assemble_body(chapters, parts["back"], [parts[job.name] for job in after.frame_jobs], places, depths)


def _frames_fit(parts: dict[str, Part], after: _AfterChapters, layout: Layout) -> None:
    """Each frame (the margins of a run of chapters, typeset apart) has a page for every page of
    its chapters: it has fewer when print.css lets a chapter run on after the one before, which a
    book typeset chapter by chapter cannot do (an editor's stylesheet without the default's
    `break-before` on chapters crashed the assembly)."""
    for group, frame in zip(after.text_groups(), after.frame_jobs, strict=True):
        last = group[-1]
        needed = layout.starts[last] - layout.starts[group[0]] + layout.pages[last] + layout.blank_after(last)
        if parts[frame.name].pages < needed:
            raise PublishError(
                "the print edition's chapters do not each open on a new page", file=after.book.styles_dir / "print.css",
                hint="keep `.text > .chapter { page: chapter; break-before: right; }` (or `break-before: page`) "
                     "as in the default print.css: the print edition is typeset chapter by chapter",
            )


def _texts_in_book_order(front: Part, chapters: list[Part], back: Part, after: _AfterChapters) -> list[str]:
    """The parts' page texts in the book's order, a blank verso's empty (as pdf_assemble lays
    them out: the chapters before the text after the front matter, each on a recto, the text and
    the back matter opening on a recto, and the text's chapters where `after.layout()` says)."""
    texts = list(front.texts)
    for start, part in zip(after.front_layout().starts, chapters[:after.opening], strict=True):
        texts += [""] * (front.pages + start - len(texts)) + list(part.texts)
    texts += [""] * (len(texts) % 2)
    layout = after.layout()
    for number, part in enumerate(chapters[after.opening:]):
        texts += [*part.texts, *[""] * layout.blank_after(number)]
    return texts + list(back.texts)


class _AfterChapters:
    """The jobs that need the chapters' lengths, made as soon as those are known (the chapters
    come in order): each frame once its chapters and those before it are typeset, and the
    front matter, whose contents page gives every chapter's first folio, after the last. The
    chapters before the text (a foreword, a preface: pdf.front_chapters) have their margins,
    roman folios counted on from the half title's, typeset with the front matter: blank pages
    after it, which its contents' links to them count to (no second pass: the front matter's
    length depends on how many lines its contents has, not on the numbers)."""

    def __init__(self, book: Book, slim: Book, page_style: str, inputs: str, notes: list[int],
                 back: list[MatterPage]) -> None:
        from publish.editions.pdf import front_chapters

        self.book, self.slim, self.page_style, self.inputs = book, slim, page_style, inputs
        self.opening = front_chapters(book)  # chapters before the text, in the front matter's part
        # The back matter's index of first lines gives the poems' folios: it is typeset with them.
        self.back = back
        self.back_waits = any(page.id == "first-lines" for page in back)
        self.back_job: Job | None = None
        self.notes = notes  # footnotes before each chapter
        self.pages: list[int] = []
        self.groups: list[list[int]] = []
        self.frame_jobs: list[Job] = []
        self.front_document = ""
        self.on_recto = opens_on_recto(book)
        # Chapters with page references (page_refs.py): the frames and the front matter wait for
        # them to be typeset with their numbers, which may change their lengths.
        self.referring = [i for i, chapter in enumerate(book.chapters) if has_page_refs(chapter.body_html)]
        self.numbering = bool(self.referring)
        # The contents lists a collection's poems too, each with its page (the chapter's first
        # folio and the anchor's page in the chapter typeset alone, as its part records it).
        poems = contents_poems(book)
        self.poem_anchors = [{p.anchor for p in poems.get(c.id, [])} for c in book.chapters]
        self.anchor_pages: list[dict[str, int]] = []

    def layout(self) -> Layout:
        """Where the text's chapters typeset so far go (those before it left out)."""
        return Layout.of(self.pages[self.opening:], self.on_recto[self.opening:])

    def front_layout(self) -> Layout:
        """Where the chapters before the text go, from the recto after the front matter's pages."""
        return Layout.of(self.pages[:self.opening], self.on_recto[:self.opening])

    def text_groups(self) -> list[list[int]]:
        """The frames' groups of chapters, each chapter numbered among the text's."""
        return [[number - self.opening for number in group] for group in self.groups]

    def complete(self) -> bool:
        """Whether every chapter's length is known: every frame job and the front's are made."""
        return len(self.pages) == len(self.book.chapters) and not self.numbering

    def numbered(self, parts: dict[str, Part], jobs: list[Job]) -> list[Job]:
        """The chapters with page references whose numbers, read from the parts typeset, are not
        yet those they were typeset with: their jobs, put in `jobs` too."""
        starts = self.layout().starts
        found = [(name, starts[number] + page, down) for number, job in enumerate(jobs[1 + self.opening:])
                 for name, page, down in parts[job.name].anchors]
        places = Places({name: str(page + 1) for name, page, _ in found},
                        {name: down for name, _, down in found if down >= 0})
        again = []
        for number in self.referring:
            job = _chapter_job(self.book, self.slim, self.page_style, self.inputs, number, self.notes[number], places)
            if job.document != jobs[number + 1].document:
                jobs[number + 1] = job
                again.append(job)
        return again

    def lengths(self, parts: dict[str, Part], jobs: list[Job]) -> None:
        """The chapters' lengths as typeset last."""
        self.pages = [parts[job.name].pages for job in jobs[1:]]
        self.anchor_pages = [self._poem_pages(number, parts[job.name]) for number, job in enumerate(jobs[1:])]

    def _poem_pages(self, number: int, part: Part) -> dict[str, int]:
        """The page (0-based, in the part) of each poem chapter `number` lists on the contents page."""
        wanted = self.poem_anchors[number]
        return {name: page for name, page, _ in part.anchors if name in wanted} if wanted else {}

    def rest(self) -> list[Job]:
        """Once the chapters with page references are typeset with their numbers: the frames and
        the front matter."""
        self.groups = self._groups(_frame_chapters(len(self.book.chapters) - self.opening))
        starts = self.layout().starts
        self.frame_jobs = [self._frame(group, starts[group[0] - self.opening]) for group in self.groups]
        return [*self.frame_jobs, self._front(starts), *self._back(starts)]

    def _groups(self, most: int) -> list[list[int]]:
        """The text's chapters typeset so far in their frames' groups (_frame_groups), by their numbers."""
        return [[number + self.opening for number in group]
                for group in _frame_groups(self.pages[self.opening:], most) if group]

    def follow(self, index: int, part: Part) -> list[Job]:
        """Told each job's part in order: the back matter's, then each chapter's."""
        if index == 0:  # the back matter
            return []
        self.pages.append(part.pages)
        self.anchor_pages.append(self._poem_pages(len(self.pages) - 1, part))
        if self.numbering or len(self.pages) <= self.opening:
            # The frames wait for the chapters' lengths with their page references' numbers; the
            # margins of the chapters before the text are typeset with the front matter.
            return []
        complete = self.complete()
        most = _frame_chapters(len(self.book.chapters) - self.opening)
        groups = self._groups(most)
        last = groups[-1]
        if not complete and sum(p + p % 2 for p in self.pages[last[0]:]) < FRAME_PAGES and len(last) < most:
            groups.pop()  # the next chapter may still join it
        starts = self.layout().starts
        jobs = [self._frame(group, starts[group[0] - self.opening]) for group in groups[len(self.groups):]]
        self.groups = groups
        self.frame_jobs += jobs
        return jobs + ([self._front(starts), *self._back(starts)] if complete else [])

    def _frame(self, group: list[int], start: int) -> Job:
        """The frame of the chapters in `group`, the first of which opens on page `start`."""
        book = self.book
        return Job(f"frame {book.chapters[group[0]].id}", self.slim, self.page_style,
                   _frame_document(book, [(book.chapters[i], self.pages[i]) for i in group]),
                   FRAME_CSS + _chapter_css(group[0] == self.opening, 0, book.chapters[group[0]].part)
                   + f"@page :first {{ counter-reset: page {start + 1}; }}\n"
                   + ("html { break-before: left; }\n" if start % 2 else ""),  # it opens on a verso
                   inputs=self.inputs)

    def _front(self, starts: tuple[int, ...]) -> Job:
        from publish.editions.pdf import matter_html, print_matter, wrap_document
        from publish.print_math import print_math

        book = self.book
        front = [p for p in print_matter(book, _chapter_href) if not p.back]
        opening = [(chapter, self.pages[number]) for number, chapter in enumerate(book.chapters[:self.opening])]
        matter = _with_folios(matter_html(front, book), self._folios(starts), {c.id for c, _ in opening})
        front_doc = print_math(wrap_document(book, matter + _frame_sections(book, opening, ids=True), None, None), book)
        self.front_document = front_doc
        layout = self.front_layout()
        frame_pages = layout.starts[-1] + layout.pages[-1] if self.opening else 0
        return Job("front", self.slim, self.page_style, front_doc, self._contents_css() + (FRAME_CSS * bool(opening)),
                   inputs=self.inputs, frame_pages=frame_pages)

    def _back(self, starts: tuple[int, ...]) -> list[Job]:
        """The back matter with its index of first lines' folios, when it has one (else it was
        typeset first), its folios counted on from the text's last."""
        from publish.editions.pdf import matter_html, wrap_document
        from publish.print_math import print_math

        if not self.back_waits:
            return []
        back_html = _with_folios(matter_html(self.back, self.book), self._folios(starts))
        document = print_math(wrap_document(self.book, None, None, back_html), self.book)
        folio = f"@page :first {{ counter-reset: page {self.layout().length + 1}; }}\n"
        self.back_job = Job("back", self.slim, self.page_style, document, self._contents_css() + folio,
                            inputs=self.inputs)
        return [self.back_job]

    def _folios(self, starts: tuple[int, ...]) -> dict[str, int]:
        """Each chapter's first folio, and each poem's (contents_poems) by its anchor."""
        text = self.book.chapters[self.opening:]
        folios = {chapter.id: start + 1 for chapter, start in zip(text, starts, strict=True)}
        for start, anchors in zip(starts, self.anchor_pages[self.opening:], strict=True):
            folios.update({anchor: start + page + 1 for anchor, page in anchors.items()})
        if self.back_waits:  # the contents lists it: the back matter's first page, a recto after the text
            folios["first-lines"] = self.layout().length + 1
        return folios

    def _contents_css(self) -> str:
        return _contents_css((self.book.styles_dir / "print.css").read_text(encoding="utf-8"))


def _chapter_href(chapter: Chapter) -> str:
    return f"{CHAPTER_HREF}{chapter.id}"


def _chapter_job(book: Book, slim: Book, page_style: str, inputs: str, number: int, notes: int,
                 places: Places | None = None) -> Job:
    """Chapter `number` as typeset alone, `notes` footnotes before it; `places` numbers its page
    references (page_refs.py)."""
    from publish.editions.pdf import chapters_html, front_chapters, wrap_document
    from publish.print_math import print_math

    chapter, opening = book.chapters[number], front_chapters(book)
    style = _chapter_css(number == opening, notes, chapter.part)
    body = _links_out(chapters_html([chapter], book, places))
    # A chapter before the text (a preface) is set as with the front matter, on its pages.
    document = print_math(wrap_document(book, body, None, None) if number < opening
                          else wrap_document(book, None, body, None), book)
    return Job(f"chapter {chapter.id}", slim, page_style, document, style + NO_MARGINS, chapter, inputs,
               again=places is not None)


_ANCHOR_LINK = re.compile(r'href="#([^"]+)"')


def _links_out(body: str) -> str:
    """A chapter's links to another chapter, which its document typeset alone lacks (WeasyPrint
    drops such a link): written as the contents page's are, to be pointed at the anchor in the
    assembled book (pdf_assemble._link_within)."""
    from publish.editions.links import ids_in

    own = ids_in(body)
    return _ANCHOR_LINK.sub(lambda m: m[0] if m[1] in own else f'href="{CHAPTER_HREF}{m[1]}"', body)


def _chapter_css(opens_text: bool, notes_before: int, part: bool = False) -> str:
    """A chapter typeset alone is its document's first: only the text's first chapter is the
    `first-chapter` page (folio 1), or `first-part`; footnotes count on from the chapters before
    (a preface's, before the text, too)."""
    page, selector = ("part", ".chapter.part") if part else ("chapter", ".chapter")
    css = "" if opens_text else f"body > .text > {selector}:first-child {{ page: {page}; }}\n"
    if notes_before:
        css += f"body > :is(.front-matter, .text) > .chapter {{ counter-reset: footnote {notes_before}; }}\n"
    return css


# A link's page number as print.css writes it, and the rules that hold one.
_TARGET_PAGE = re.compile(r"target-counter\(\s*attr\(\s*href(?:\s+url)?\s*\)\s*,\s*page\s*\)")
# ...and one in a style of its own (a preface's, roman), counted to its margins in the same document.
_TARGET_STYLED = re.compile(r"target-counter\(\s*attr\(\s*href(?:\s+url)?\s*\)\s*,\s*page\s*,")
_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _contents_css(print_css: str) -> str:
    """print.css's rules that write a linked chapter's page number, reading the number from the
    link's data-folio instead: the contents page is typeset apart from the chapters; in a style
    (a preface's roman), counting to the page of the link's data-folio-of (_with_folios)."""
    rules = []
    for match in _RULE.finditer(_COMMENT.sub("", print_css)):
        if _TARGET_PAGE.search(match[2]) or _TARGET_STYLED.search(match[2]):
            content = _TARGET_STYLED.sub("target-counter(attr(data-folio-of url), page,", match[2])
            rules.append(f"{match[1].strip()} {{{_TARGET_PAGE.sub('attr(data-folio)', content)}}}\n")
        if _TARGET_PAGE.search(match[2]):  # a sheet without a style for a preface's: its page as the text's are
            selectors = ", ".join(_folio_of(s.strip()) for s in match[1].split(","))
            counted = _TARGET_PAGE.sub("target-counter(attr(data-folio-of url), page)", match[2])
            rules.append(f"{selectors} {{{counted}}}\n")
    return "".join(rules)


def _folio_of(selector: str) -> str:
    """`selector` for a link with a data-folio-of (before its pseudo-element, if any)."""
    head, pseudo, tail = selector.partition("::")
    return f"{head}[data-folio-of]{pseudo}{tail}"


def _with_folios(front_html: str, folios: dict[str, int], before_text: Iterable[str] = ()) -> str:
    """Each contents link to a chapter (or an index's to a poem) carries its first folio; to a
    chapter before the text (`before_text`, by id), its margins' place in the document, to count to."""
    link = re.compile(rf'href="{re.escape(CHAPTER_HREF)}([^"]+)"')  # глава-первая written %D0%B3…
    opening = set(before_text)

    def with_folio(match: re.Match) -> str:
        name = unquote(html.unescape(match[1]))
        if name in opening:
            return f'{match[0]} data-folio-of="#{html.escape(name, quote=True)}"'
        folio = folios.get(name)
        return match[0] if folio is None else f'{match[0]} data-folio="{folio}"'

    return link.sub(with_folio, front_html)


def _frame_chapters(chapters: int) -> int:
    """The most chapters in one frame: a short book's first frames are typeset among its
    chapters, not all after the last, where the build waits for them."""
    return max(1, -(-chapters // FRAME_SHARE))


def _frame_groups(chapter_pages: list[int], most: int) -> list[list[int]]:
    """Consecutive chapters whose frames are typeset together, about FRAME_PAGES pages and at
    most `most` chapters each: a document has a cost of its own, and a frame is typeset again
    when a chapter in it or before it changes length."""
    groups: list[list[int]] = [[]]
    pages = 0
    for number, count in enumerate(chapter_pages):
        if pages >= FRAME_PAGES or len(groups[-1]) >= most:
            groups.append([])
            pages = 0
        groups[-1].append(number)
        pages += count + count % 2
    return groups


def _frame_document(book: Book, chapters: list[tuple[Chapter, int]]) -> str:
    """Empty pages named as the chapters' pages, with their running heads: typeset (the first
    folio set by the caller), they carry the margins (folios, heads) and the blank versos, and
    a last blank page, the model for the versos added elsewhere."""
    from publish.editions.pdf import wrap_document

    return wrap_document(book, None, _frame_sections(book, chapters), '<div class="frame-end"></div>')


def _frame_sections(book: Book, chapters: list[tuple[Chapter, int]], ids: bool = False) -> str:
    """Each chapter's empty pages, named as its pages, with its running heads; with `ids`, each
    section has its chapter's id (the front matter's contents counts to a preface's)."""
    from publish.editions.pdf import running_heads, section_class
    from publish.model import parts_by_chapter

    parts = parts_by_chapter(book.chapters)
    sections = []
    for chapter, pages in chapters:
        blank_pages = '<div class="frame-page"></div>' * pages
        kind = section_class(chapter)
        heads = running_heads(chapter, book, parts.get(chapter.id))
        anchor = f' id="{chapter.id}"' if ids else ""
        sections.append(f'<section class="{kind}"{anchor}{heads}>{blank_pages}</section>')
    return "\n".join(sections)


def inputs_digest(book: Book) -> str:
    """What a part's pages depend on besides its HTML: styles, fonts, images, tools."""
    files = tree_files(book.manuscript_dir, skip_outputs=book.manuscript_dir == book.root)
    resources = [p for p in files if p.suffix not in (".md", ".yaml", ".yml")]
    return digest(
        CACHE_FORMAT,
        files_digest(book.styles_dir, tree_files(book.styles_dir)),
        files_digest(book.manuscript_dir, resources),
        sorted(tool_versions().items()),
    )


def _part_key(job: Job) -> str:
    variant = job.book.meta.print_settings.variant
    return digest(job.inputs, job.page_style, job.extra_css, job.document, variant)


class _Workers:
    """The build's worker processes (publish.workers), or this process alone when the work is
    too little to be worth starting them."""

    def __init__(self, jobs: int, on_chapter: ChapterHook | None = None) -> None:
        self.jobs = workers.count(jobs)
        self.on_chapter = on_chapter

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc) -> None:
        workers.stop()  # every part is typeset: their memory goes back before the assembly

    def typeset(self, jobs: list[Job], follow, each=None) -> dict[str, Part]:
        """Each job's part by its name, and those of the jobs `follow` adds as the parts come
        in (workers.map_following); a part whose key is in the cache is not typeset again.
        `each(parts)` is called after each part typeset, while the others are."""
        from publish.editions import pdf_worker

        cache = settings.cache
        parts: dict[str, Part] = {}
        keys: dict[str, str] = {}

        def cached(job: Job) -> Part | None:
            keys[job.name] = key = _part_key(job)
            data = cache.get(CACHE_KIND, key)
            pages = cache.get_json(CACHE_KIND, key + ".pages") if data is not None else None
            texts = cache.get_json(CACHE_KIND, key + ".texts") if isinstance(pages, int) else None
            said = cache.get_json(CACHE_KIND, key + ".said") if isinstance(texts, list) else None
            anchors = cache.get_json(CACHE_KIND, key + ".anchors") if isinstance(said, list) else None
            coarse = cache.get_json(CACHE_KIND, key + ".coarse") if isinstance(anchors, list) else None
            frame = cache.get(CACHE_KIND, key + ".frame") if job.frame_pages else b""
            if data is None or not _strings(texts) or not isinstance(said, list) or not isinstance(anchors, list) \
                    or not isinstance(coarse, list) or frame is None:
                return None
            try:
                told = tuple((int(level), str(message)) for level, message in said)
                marks = tuple((str(name), int(page), float(down)) for name, page, down in anchors)
                soft = tuple(Coarse(str(src), int(ppi), int(pixels), float(inches))
                             for src, ppi, pixels, inches in coarse)
            except (TypeError, ValueError):
                return None
            parts[job.name] = part = Part(job.name, data, cast(int, pages), tuple(texts), told, marks, soft, frame)
            _say(part)
            return part

        def following(index: int, part: Part) -> list[Job]:
            return [job for job in follow(index, part) if cached(job) is None]

        known = {index: part for index, job in enumerate(jobs) if (part := cached(job)) is not None}
        todo = [job for index, job in enumerate(jobs) if index not in known]
        few = len(todo) <= 2 or sum(len(job.document) for job in todo) < POOL_MIN_CHARS
        # Here when workers are not running and the work is little: starting them now costs
        # more than it saves on a short book. Started early (a correction), they are warm.
        here = self.jobs <= 1 or (few and not workers.running())
        # The front matter comes last (its contents need every folio); in a long book, alone: the
        # other workers end while it is typeset and the rest assembled (less memory at once).
        long = sum(len(job.document) for job in jobs) >= ALONE_MIN_CHARS
        for job, result in workers.map_following(pdf_worker.typeset_part, jobs, following, known, here,
                                                 alone=lambda job: long and job.name == "front"):
            if isinstance(result, Failed):
                raise result.error()
            parts[job.name] = result
            renders.append(job.name)
            if not here:  # said in a worker: said here now (typeset here, it was said already)
                _say(result)
            cache.put(CACHE_KIND, keys[job.name], result.pdf)
            cache.put_json(CACHE_KIND, keys[job.name] + ".pages", result.pages)
            cache.put_json(CACHE_KIND, keys[job.name] + ".texts", list(result.texts))
            cache.put_json(CACHE_KIND, keys[job.name] + ".said", [list(item) for item in result.said])
            cache.put_json(CACHE_KIND, keys[job.name] + ".anchors", [list(item) for item in result.anchors])
            cache.put_json(CACHE_KIND, keys[job.name] + ".coarse", [dataclasses.astuple(c) for c in result.coarse])
            if job.frame_pages:
                cache.put(CACHE_KIND, keys[job.name] + ".frame", result.frame)
            if job.chapter is not None and not job.again and self.on_chapter is not None:
                self.on_chapter(job.chapter)
            if each is not None:
                each(parts)
        return parts


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _say(part: Part) -> None:
    for level, message in part.said:
        log.log(level, "%s", message)


def first_build(source_chars: int) -> bool:
    """Whether the print edition is surely to be typeset whole, by workers: no part is cached and
    the book (`source_chars` of Markdown) is long enough to use them."""
    return not _parts_cached() and source_chars >= POOL_MIN_CHARS // 2


def _parts_cached() -> bool:
    folder = settings.cache.path(CACHE_KIND, "") if settings.cache.read else None
    return folder is not None and folder.is_dir() and any(folder.iterdir())


def worth_starting_early(source_chars: int, print_stale: bool) -> bool:
    """Whether a build should start the workers while the book loads: a first build (no part
    cached) of a book long enough to use them (`source_chars` of Markdown), or a correction
    (parts cached, the print edition to make again). A worker forked warm (pdf_warm.py) while
    the book loads typesets the corrected chapter sooner than this process would, which has
    WeasyPrint, the fonts and the stylesheets to load first, unless it keeps them loaded."""
    if _parts_cached():
        return print_stale and not settings.keep_typesetters
    # Without the print edition, only a manuscript long enough to be read in batches needs them.
    return source_chars >= (POOL_MIN_CHARS // 2 if print_stale else MIN_BATCH_CHARS)
