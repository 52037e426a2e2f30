"""`publish errata OLD NEW`: every textual change, placed by page and line in the OLD print edition.

The words of both texts (chapter titles and bodies, as typeset) are compared word by word. The
OLD edition's PDF gives where each of its words was printed: its text is read line by line
per page (running heads and folios left out, a word hyphenated at a line end joined and placed
on its first line), and the book's words are matched to the printed words in order. So the
page and line are those of the real layout, not an estimate.
"""

from __future__ import annotations

import difflib
import html
import io
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import lxml.html

from publish.errors import PublishError
from publish.labels import Labels
from publish.model import Book

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "section", "aside",
          "tr", "td", "th", "figcaption", "pre", "dt", "dd", "hr", "br", "table", "ol", "ul", "dl"}
HYPHENS = ("\u2010", "-", "\u00ad")
_NUMERAL = re.compile(r"^(\d+|[ivxlcdm]+)$", re.I)


@dataclass(frozen=True)
class Correction:
    page: str  # the printed folio ("23"), from the PDF's page labels
    page_index: int  # 0-based page of the PDF
    line: int  # line on the page, counted from the top of the text block
    line_end: int  # the last line the old words touch (same page)
    old: str
    new: str

    @property
    def text(self) -> str:
        return self.text_in(Labels(), "en")

    def text_in(self, labels: Labels, language: str) -> str:
        """The line as an editor reads it, in the book's language and quotation marks."""
        from publish.typography.quotes import marks

        if self.line_end == self.line:
            lines = labels.errata_line.format(line=self.line)
        else:
            lines = labels.errata_lines.format(first=self.line, last=self.line_end)
        opening, closing = marks(language, "SingleQuote", 0)
        return (f"{labels.errata_page.format(page=self.page)}, {lines}: {labels.errata_for} "
                f"{opening}{self.old}{closing} {labels.errata_read} {opening}{self.new}{closing}")


@dataclass(frozen=True)
class PrintedLine:
    page_index: int
    page: str
    line: int
    text: str
    heading: str = ""  # on a page's first line of text: the heading above it (normalised), if any


@dataclass(frozen=True)
class Side:
    """One side of the comparison: the book, and (for OLD) its print edition's PDF."""

    label: str
    book: Book
    pdf: bytes | None
    release: bool = False  # a stored release (its book.yaml's last edition entry is its own)


# --- the words of the book and of the printed page -------------------------------------------

def book_words(book: Book) -> list[str]:
    """Every word of the text in reading order, as typeset (quotes, dashes, no-break spaces)."""
    return [word for chapter in chapter_words(book) for word in chapter]


def chapter_words(book: Book) -> list[list[str]]:
    """The words of each chapter: its title, then its text (with its notes, as pandoc places them)."""
    out = []
    for chapter in book.chapters:
        root = lxml.html.fragment_fromstring(chapter.body_html or "<p></p>", create_parent="div")
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag in BLOCKS:
                el.tail = " " + (el.tail or "")
                if el.text is not None or len(el):
                    el.text = " " + (el.text or "")
        for el in root.xpath("//a[contains(@class,'footnote-back')]"):
            el.drop_tree()
        out.append(chapter.title.split() + root.text_content().split())
    return out


def norm(word: str) -> str:
    """What survives printing and extraction: letters and digits, without case or ligatures."""
    return re.sub(r"\W", "", unicodedata.normalize("NFKC", word).casefold())


def printed_lines(pdf: bytes, titles: set[str], margins: tuple[float, float] | None = None) -> list[PrintedLine]:
    """The text lines of each page, top to bottom: running heads and folios (in the top and bottom
    margins, in pt, when given) left out, and a chapter heading (its text in `titles`) too."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    labels = list(reader.page_labels)
    out = []
    for index, page in enumerate(reader.pages):
        rows: dict[float, list[tuple[float, str]]] = {}

        def visit(text, cm, tm, font, size, rows=rows):
            if not text or not text.strip():
                return
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            rows.setdefault(round(y), []).append((x, text))

        page.extract_text(visitor_text=visit)
        if margins:
            box = page.trimbox
            top, bottom = float(box.top) - margins[0], float(box.bottom) + margins[1]
            rows = {y: row for y, row in rows.items() if bottom < y < top}
        lines = ["".join(t for _, t in sorted(row)) for row in _baselines(rows)]
        lines = [" ".join(line.split()) for line in lines if line.strip()]
        lines, heading = _without_heading(lines, titles)
        if lines and not margins and _NUMERAL.match(lines[-1].strip()):
            lines = lines[:-1]
        out += [PrintedLine(index, labels[index], n, text, heading if n == 1 else "")
                for n, text in enumerate(lines, 1)]
    return out


def _without_heading(lines: list[str], titles: set[str]) -> tuple[list[str], str]:
    """Lines are counted from the top of the text: a running head or a chapter's heading (of up
    to three lines) at the top of the page is not counted. Returns the lines and the heading."""
    for k in (1, 2, 3):
        if len(lines) >= k and (key := norm("".join(lines[:k]))) in titles:
            return lines[k:], key
    return lines, ""


def page_margins(book: Book) -> tuple[float, float]:
    """The top and bottom page margins of the print edition, in pt, as the print layout sets them."""
    from publish.print_layout import page_margins as margins

    top, _, bottom, _ = margins(book)
    return top * 72, bottom * 72


def _baselines(rows: dict[float, list[tuple[float, str]]]) -> list[list[tuple[float, str]]]:
    """Fragments grouped into lines, top to bottom: a raised note call or superscript (a few
    points off the baseline, far less than the leading) belongs to the line it sits on."""
    ys = sorted(rows, reverse=True)
    gaps = sorted(a - b for a, b in zip(ys, ys[1:], strict=False))
    close = max(2.0, 0.4 * gaps[len(gaps) // 2]) if gaps else 0.0
    lines: list[list[tuple[float, str]]] = []
    last_y = None
    for y in ys:
        if last_y is not None and last_y - y < close:
            lines[-1] += rows[y]
        else:
            lines.append(list(rows[y]))
        last_y = y
    return lines


def printed_words(lines: list[PrintedLine]) -> list[tuple[str, PrintedLine]]:
    """Each printed word with the line it starts on; a word broken by a hyphen is joined."""
    words: list[tuple[str, PrintedLine]] = []
    carry: tuple[str, PrintedLine] | None = None
    for line in lines:
        tokens = line.text.split()
        for n, token in enumerate(tokens):
            if carry is not None:
                token, place = carry[0] + token, carry[1]
                carry = None
            else:
                place = line
            last = n == len(tokens) - 1
            if last and token.endswith(HYPHENS) and len(token) > 1:
                carry = (token.rstrip("".join(HYPHENS)), place)
                continue
            words.append((token, place))
    if carry is not None:
        words.append(carry)
    return words


# --- comparing ---------------------------------------------------------------------------------

def corrections(old: Side, new: Side) -> list[Correction]:
    if old.pdf is None:
        raise PublishError(f"{old.label} has no print edition to take pages and lines from")
    before, after = chapter_words(old.book), chapter_words(new.book)
    if len(before) != len(after):  # chapters added or removed: compare the texts whole
        before, after = [sum(before, [])], [sum(after, [])]
    titles = {norm(old.book.meta.title)} | {norm(c.title) for c in old.book.chapters if c.title}
    printed = printed_words(printed_lines(old.pdf, titles, page_margins(old.book)))
    starts = _chapter_starts(before, printed, old.book)
    found = []
    # Chapter by chapter: comparing word lists costs the square of their length.
    for n, (a, b) in enumerate(zip(before, after, strict=True)):
        if a == b:
            continue
        lo = starts[n]
        hi = next((s for s in starts[n + 1:] if s is not None), len(printed))
        window = printed[lo:hi] if lo is not None else printed
        found += _changes(a, b, _placement(a, window))
    return found


def _chapter_starts(chapters: list[list[str]], printed: list[tuple[str, PrintedLine]],
                    book: Book) -> list[int | None]:
    """Where each chapter's text starts in the printed words: after its heading, in order."""
    if len(book.chapters) != len(chapters):
        return [0] + [None] * (len(chapters) - 1)
    starts: list[int | None] = []
    cursor = 0
    for chapter in book.chapters:
        title = norm(chapter.title)
        found = 0 if not title and cursor == 0 else None
        for i in range(cursor, len(printed)) if title else ():
            line = printed[i][1]
            if line.heading == title and (i == 0 or printed[i - 1][1] is not line):
                found = i
                break
        starts.append(found)
        cursor = found + 1 if found is not None else cursor
    return starts


def _changes(old_words: list[str], new_words: list[str], place: list[PrintedLine]) -> list[Correction]:
    found = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2 or j1 == j2:  # an insertion or a deletion: name the (unchanged) word before
            if i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            else:  # at the very start: the word after
                i2, j2 = i2 + 1, j2 + 1
        first, last = place[min(i1, len(place) - 1)], place[min(max(i2 - 1, i1), len(place) - 1)]
        before, after = _trim(" ".join(old_words[i1:i2]), " ".join(new_words[j1:j2]))
        found.append(Correction(
            first.page, first.page_index, first.line,
            last.line if last.page_index == first.page_index else first.line, before, after,
        ))
    return found


def _trim(old: str, new: str) -> tuple[str, str]:
    """Punctuation both sides share at the ends is not part of the correction: ‘Spaatsu’, not ‘Spaatsu,’."""
    while old and new and old[-1] == new[-1] and not old[-1].isalnum() and len(old) > 1 and len(new) > 1:
        old, new = old[:-1], new[:-1]
    while old and new and old[0] == new[0] and not old[0].isalnum() and len(old) > 1 and len(new) > 1:
        old, new = old[1:], new[1:]
    return old, new


def _placement(old_words: list[str], printed: list[tuple[str, PrintedLine]]) -> list[PrintedLine]:
    """The printed line of every word of the old book, matched in order."""
    keyed = [(i, norm(w)) for i, w in enumerate(old_words)]
    keyed = [(i, k) for i, k in keyed if k]
    matcher = difflib.SequenceMatcher(None, [k for _, k in keyed], [norm(w) for w, _ in printed], autojunk=False)
    where: dict[int, PrintedLine] = {}
    for a, b, size in matcher.get_matching_blocks():
        for n in range(size):
            where[keyed[a + n][0]] = printed[b + n][1]
    if not where:
        raise PublishError("the old print edition's text could not be read from its PDF")
    out: list[PrintedLine] = []
    first = where[min(where)]
    for i in range(len(old_words)):
        out.append(where.get(i) or (out[-1] if out else first))
    return out


# --- where OLD and NEW come from -------------------------------------------------------------

def resolve(project: Path, spec: str, work: Path, need_pdf: bool, into: Path | None = None) -> Side:
    """A release id ("1", "1.2"), a release folder, "." for the working manuscript, or a git revision."""
    from publish.manuscript import load_book
    from publish.release import MANIFEST, RELEASES

    project = project.resolve()
    candidates = [Path(spec), (into or project / RELEASES) / spec]
    for folder in candidates:
        if (folder / MANIFEST).is_file():
            pdfs = [p for p in sorted(folder.glob("*.pdf")) if not p.name.endswith("-cover.pdf")]
            book = load_book(folder / "source")
            return Side(book.meta.labels.errata_release.format(name=folder.name), book,
                        pdfs[0].read_bytes() if pdfs else None, release=True)
    if spec in (".", "current", "working"):
        book = load_book(project)
        return Side(book.meta.labels.errata_working, book, _pdf_of(book.root, work / "current") if need_pdf else None)
    root = _checkout(project, spec, work / re.sub(r"\W", "_", spec))
    book = load_book(root)
    label = book.meta.labels.errata_revision.format(name=spec)
    return Side(label, book, _pdf_of(root, work / "build") if need_pdf else None)


def _checkout(project: Path, rev: str, target: Path) -> Path:
    """The manuscript (and styles) as they were at a git revision, in a folder of their own."""
    if not shutil.which("git"):
        raise PublishError(f"'{rev}' is not a release, and git is not installed to look it up")
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=project, capture_output=True, text=True)
    ok = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=project,
                        capture_output=True, text=True)
    if top.returncode != 0 or ok.returncode != 0:
        raise PublishError(
            f"'{rev}' is neither a release nor a git revision", key="errata",
            hint="give a release number (see editions/), a release folder, '.', or a commit",
        )
    prefix = project.relative_to(Path(top.stdout.strip()).resolve()).as_posix()
    archive = subprocess.run(["git", "archive", "--format=tar", rev, "--", *_paths(project, prefix)],
                             cwd=project, capture_output=True)
    if archive.returncode != 0:
        raise PublishError(f"git could not read the manuscript at {rev}: {archive.stderr.decode()[:300]}")
    import tarfile

    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target / prefix if prefix != "." else target


def _paths(project: Path, prefix: str) -> list[str]:
    names = [n for n in ("manuscript", "styles") if (project / n).exists()] or ["."]
    return [n if prefix == "." else f"{prefix}/{n}" for n in names]


def _pdf_of(root: Path, out: Path) -> bytes:
    from publish.build import build

    result = build(root, out, ("pdf",))
    pdf = [p for p in (*result.written, *result.unchanged) if p.suffix == ".pdf" and not p.name.endswith("-cover.pdf")]
    return pdf[0].read_bytes()


# --- the slip ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Errata:
    old: str
    new: str
    corrections: tuple[Correction, ...]
    files: tuple[Path, ...]
    lines: tuple[str, ...] = ()  # the corrections as the slip prints them, in the book's language


def errata(project: Path, old: str, new: str, out: Path | None = None, into: Path | None = None) -> Errata:
    project = project.resolve()
    out = (out or project / "build" / "errata").resolve()
    with tempfile.TemporaryDirectory(prefix="publish-errata-") as tmp:
        before = resolve(project, old, Path(tmp) / "old", need_pdf=True, into=into)
        after = resolve(project, new, Path(tmp) / "new", need_pdf=False, into=into)
        found = corrections(before, after)
        files = write_slip(before, after, found, out)
    meta = before.book.meta
    lines = tuple(c.text_in(meta.labels, meta.language) for c in found)
    return Errata(before.label, after.label, tuple(found), files, lines)


def write_slip(old: Side, new: Side, found: list[Correction], out: Path) -> tuple[Path, ...]:
    from publish.output import write_atomic

    book = old.book
    stem = "errata"
    data = {
        "book": book.meta.title, "old": old.label, "new": new.label,
        "corrections": [{**asdict(c), "text": c.text_in(book.meta.labels, book.meta.language)} for c in found],
    }
    fragment = _render_template(book, found, old, new)
    paths = []
    write_atomic(out / f"{stem}.json", (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    write_atomic(out / f"{stem}.html", _html_page(book, fragment).encode())
    write_atomic(out / f"{stem}.pdf", _pdf(book, fragment))
    paths += [out / f"{stem}.pdf", out / f"{stem}.html", out / f"{stem}.json"]
    return tuple(paths)


def _render_template(book: Book, found: list[Correction], old: Side, new: Side) -> str:
    from publish import templates
    from publish.project import default_styles_dir

    env = templates.environment([book.styles_dir / "templates", default_styles_dir() / "templates"])
    return templates.render(env, "errata.html", dict(
        meta=book.meta, series=book.meta.series, corrections=found, labels=book.meta.labels,
        old=_describe(old), new=_describe(new), printing=_describe(new, "") if new.release else "",
    )).strip()


def _describe(side: Side, fallback: str | None = None) -> str:
    """"first edition 2026" for a release; its label otherwise."""
    from publish.matter import edition_history

    history = edition_history(side.book)
    if side.release and history:
        last = history[-1].rstrip(".")
        return last[0].lower() + last[1:]
    return side.label if fallback is None else fallback


def _html_page(book: Book, fragment: str) -> str:
    from publish.styles import font_css, stylesheet

    css = font_css(book.styles_dir, "") + stylesheet(book.styles_dir, "screen.css")
    # The fonts are not copied beside the slip: the system's serif stands in for the book face.
    css = re.sub(r"@font-face\s*{[^}]*}", "", css)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(book.meta.language)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(book.meta.labels.errata)} · {html.escape(book.meta.title)}</title>\n"
            f"<style>{css}</style>\n</head>\n"
            f'<body class="page-matter">\n<main id="main">\n{fragment}\n</main>\n</body>\n</html>\n')


def _pdf(book: Book, fragment: str) -> bytes:
    import hashlib

    import weasyprint

    from publish.editions.print_sheets import PrintSheets
    from publish.fetch import LocalFetcher
    from publish.print_layout import page_css
    from publish.styles import print_font_css

    sheets = PrintSheets(LocalFetcher(book))
    css = [sheets.sheet(print_font_css(book.styles_dir)), sheets.sheet(filename=book.styles_dir / "print.css"),
           sheets.sheet(page_css(book))]
    document = (f'<!DOCTYPE html><html lang="{html.escape(book.meta.language)}"><head><meta charset="utf-8">'
                f"<title>{html.escape(book.meta.labels.errata)} · {html.escape(book.meta.title)}</title>"
                f'<meta name="dcterms.created" content="{book.build_date}T00:00:00Z"></head>'
                f'<body data-book-title="{html.escape(book.meta.title)}"><div class="front-matter">'
                f'<div class="page page-errata">{fragment}</div></div></body></html>')
    identifier = hashlib.sha256(document.encode()).hexdigest()[:32].encode()
    page = weasyprint.HTML(string=document, base_url=str(book.styles_dir) + "/", url_fetcher=sheets.fetcher)
    return page.write_pdf(stylesheets=css, pdf_identifier=identifier, **sheets.rendering)
