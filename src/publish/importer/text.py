"""A plain-text manuscript → manuscript/: decode, set aside what is not the book, find the
paragraphs and the structure, write Markdown that pandoc reads back as the source text, and
check that every word of the source is somewhere in what was written.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from publish.errors import PublishError
from publish.importer import gutenberg as pg
from publish.importer import markdown as md
from publish.importer.bylines import BYLINES_DECISION, plain_bylines_as_authors
from publish.importer.encoding import decode
from publish.importer.headings import has_title, is_numeral, is_preface, names_a_chapter, numeral_value
from publish.importer.library_credits import blank_credits
from publish.importer.line_epigraphs import book_epigraph
from publish.importer.plain import (
    RULE_BLANK,
    RULE_LINE,
    SHORT_LINE,
    Paragraph,
    body_bounds,
    character_references,
    choose_rule,
    is_double_spaced,
    is_indented,
    is_listed,
    is_rule,
    split_lines,
    split_paragraphs,
    tex_quotes,
    text_bounds,
    without_margin,
)
from publish.importer.project import Found, book_yaml, check_target, write
from publish.importer.report import ImportReport, words
from publish.importer.structure import (
    CONTENTS_MIN_ENTRIES,
    build_blocks,
    contents_list,
    heading_indices,
    join_illustrations,
    picture_lists,
)
from publish.importer.titlepage import person_names, take_title_page
from publish.importer.verse_notes import notes_apart, titles_apart

LICENCE_FILE = "gutenberg-licence.txt"
FRONT_FILE = "source-title-pages.txt"
CREDITS_FILE = "source-library-credits.txt"
INDEX_FILE = "source-index.txt"
FRONT_SHOWN = 4  # title-page lines named in the report


def import_plain(source: Path, into: Path, data: bytes, *, force: bool = False, language: str | None = None,
                 encoding: str | None = None) -> ImportReport:
    check_target(into, force)
    report = ImportReport(source)
    decoded = decode(data, source, encoding=encoding, language=language or "")
    report.encoding, report.warnings = decoded.encoding, list(decoded.warnings)
    lines, report.line_endings = split_lines(decoded.text)
    lines, references = character_references(lines)
    lines, quotes = tex_quotes(lines)
    source_lines = lines
    lines, credits = blank_credits(lines)
    if credits:
        report.decisions.append(f"library credits: the e-library's {len(credits)} lines of its own "
                                f"('{credits[0][:40]}…') moved to {CREDITS_FILE}")
    _warn_markdown_markup(lines, report)
    body, licence, offset = pg.split_licence(lines)
    found = Found()
    if licence:
        report.kind = "Project Gutenberg text"
        fields = licence.fields
        found = Found(fields.get("Title"), fields.get("Subtitle"),
                      person_names(fields.get("Author") or ""),
                      person_names(fields.get("Translator") or ""))
        language = language or pg.language_code(fields.get("Language"))
        report.decisions.append(
            f"licence:         the Project Gutenberg header and licence ({len(licence.header) + len(licence.footer)}"
            f" lines) moved to {LICENCE_FILE}" + (", with the 'Produced by' credit" if licence.credit else ""))
        start, end = text_bounds(body, report)
    else:
        start, end = body_bounds(body, report)
    report.language = language or detect_language(decoded.text)
    text = without_margin(body[start:end])
    report.paragraph_rule = choose_rule(text)
    paragraphs = split_paragraphs(text, report.paragraph_rule, first_line=offset + start + 1)
    if report.paragraph_rule == RULE_BLANK:
        paragraphs = titles_apart(notes_apart(paragraphs))
    if references:
        report.decisions.append(f"characters:      {references} HTML character references (&eacute;) as the characters")
    if quotes:
        report.decisions.append(f"quotes:          {quotes} TeX quotations (``…'') as \"…\"")
    if report.paragraph_rule == RULE_BLANK and is_double_spaced(text):
        report.decisions.append("double spacing:  one blank line ends a line, two or more a paragraph")
    conventions = licence is not None or report.paragraph_rule != RULE_LINE
    if conventions:
        paragraphs = join_illustrations(paragraphs)
    paragraphs = take_title_page(paragraphs, report.language, report, found.title)
    listed, listing = contents_list(paragraphs)  # read before the list may go with the title pages
    listing = listing if len(listed) >= CONTENTS_MIN_ENTRIES else range(0)
    paragraphs, front = _title_pages(paragraphs, report, listing, found.title, found.authors)
    paragraphs, index = _old_index(paragraphs, report)
    blocks = build_blocks(paragraphs, report.paragraph_rule, conventions, report, listed if front else None)
    if bylines := plain_bylines_as_authors(blocks):
        report.markup_words += bylines
        report.decisions.append(BYLINES_DECISION)
    markdown = md.render(blocks)
    parsed = md.verify(blocks, markdown, source)
    files: dict[str, str | bytes] = {"book.yaml": book_yaml(report, found, markdown=markdown), "text.md": markdown}
    set_aside = ""
    if licence:
        files[LICENCE_FILE] = licence.text()
        set_aside = "\n".join(licence.header + licence.credit + licence.footer)
    if credits:
        files[CREDITS_FILE] = "\n".join(credits) + "\n"
        set_aside += "\n" + files[CREDITS_FILE]
    for name, aside in ((FRONT_FILE, front), (INDEX_FILE, index)):
        if aside:
            files[name] = "\n\n".join("\n".join(line.strip() for line in p.raw) or p.text for p in aside) + "\n"
            set_aside += "\n" + files[name]
    _check_words(report, "\n".join(source_lines), md.ast_text(parsed), set_aside)
    report.paragraphs = len(paragraphs)
    report.body_lines = (paragraphs[0].line, paragraphs[-1].line)
    report.first_paragraph, report.last_paragraph = paragraphs[0].text, paragraphs[-1].text
    report.files = write(into, files)
    return report


# Lines only pandoc Markdown writes: a table's rule row, a code fence, a citation, a note's text.
_MARKDOWN_LINES = (
    # (A grid of + - | is as much a plain text's table as Markdown's: imported as a table.)
    ("a table", re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$|^\s*-{3,}( +-{3,})+\s*$")),
    ("a code fence", re.compile(r"^ {0,3}(`{3,}|~{3,})")),
    ("a citation", re.compile(r"\[-?@[\w]")),
    ("a footnote", re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")),
)
MARKDOWN_SHOWN = 3  # lines named in the warning


def _warn_markdown_markup(lines: list[str], report: ImportReport) -> None:
    """A plain-text file written in pandoc Markdown (pandoc's tables.txt, pipe-tables.txt) is
    imported as text, its tables as rows of bars and dashes: said, with where, and what to do."""
    found: dict[str, list[int]] = {}
    for number, line in enumerate(lines, 1):
        for what, pattern in _MARKDOWN_LINES:
            if pattern.search(line):
                found.setdefault(what, []).append(number)
    if not found:
        return
    kinds = ", ".join(f"{what} at line{'s' if len(at) > 1 else ''} "
                      f"{', '.join(map(str, at[:MARKDOWN_SHOWN]))}{', …' if len(at) > MARKDOWN_SHOWN else ''}"
                      for what, at in found.items())
    report.warnings.append(f"this reads as pandoc Markdown ({kinds}), but was imported as plain text, its "
                           "marks kept as text: if it is Markdown, name it .md and import it again")


def _title_pages(paragraphs: list[Paragraph], report: ImportReport, listing: range = range(0),
                 title: str | None = None, authors: list[str] | tuple = ()) -> tuple[list[Paragraph], list[Paragraph]]:
    """(body, set aside): the title page and contents before the first chapter heading, when
    they are only short single lines or the contents list (`listing`: A Tale of Two Cities' books,
    each over its chapters' lines): the book's own title pages and table of contents are made
    from book.yaml and the headings. Before a dedication or a poem, which stay, only the contents
    list, the book's `title` alone at the start or over the first chapter, and a title page that
    names the title or one of the `authors` and ends at a rule or a picture (Harold Speed's, with
    his titles, publisher and frontispiece) are set aside. The contents list and the lists of
    plates or illustrations go wherever they stand before the text, after a preface too (Speed's,
    whose plates' numerals were taken for chapters)."""
    if half := _centred_half_title(paragraphs, title):
        report.decisions.append(f"title pages:     a half title ({len(half)} centred lines from line "
                                f"{paragraphs[half.start].line}) over the first chapter moved to {FRONT_FILE}")
        kept = [p for i, p in enumerate(paragraphs) if i not in half]
        shifted = range(listing.start, listing.stop) if listing.stop <= half.start else range(0)
        body, aside = _title_pages(kept, report, shifted, title, authors)
        return body, aside + [paragraphs[i] for i in half]
    if page := _centred_title_page(paragraphs, title, authors):
        report.decisions.append(f"title pages:     the old edition's title page ({page} centred lines from line "
                                f"{paragraphs[0].line}) moved to {FRONT_FILE}")
        shifted = range(max(listing.start - page, 0), max(listing.stop - page, 0)) if listing else listing
        body, aside = _title_pages(paragraphs[page:], report, shifted, title, authors)
        return body, paragraphs[:page] + aside
    headings = heading_indices(paragraphs)
    first = _first_chapter(paragraphs, headings)
    lists = set(listing).union(*picture_lists(paragraphs))
    text = next((h for h in headings if h >= first and h not in lists and not is_preface(paragraphs[h].text)),
                len(paragraphs))
    lists = {i for i in lists if i < text} | _transcribers_note(paragraphs[:text])
    before = paragraphs[:first]
    if not before or not all(is_listed(p) or i in lists for i, p in enumerate(before)):
        again = {i for at in (0, first - 1, text - 1) if at >= 0  # the title over the text, after a preface too
                 for i in _title_again(paragraphs, at, title, authors) if i not in headings}
        start = next((i for i in range(len(before)) if i not in lists), len(before))  # after a note set aside
        aside = {i - start for i in lists if i >= start}  # a title page may run up to the contents set aside
        page = set(range(start, start + _title_page(before[start:], title, authors, aside)))
        return _contents_aside(paragraphs, report, sorted(lists | again | page))
    if (epigraph := book_epigraph(before)) is not None:  # "Береги честь смолоду." over "Пословица."
        report.moved += [("epigraph", "\n".join(p.text for p in before[epigraph:-1])),
                         ("epigraph source", before[-1].text)]
        before, paragraphs = before[:epigraph], paragraphs[:epigraph] + paragraphs[first:]
        first = epigraph
        if not before:
            return paragraphs, []
    shown = [p.text for p in before[:FRONT_SHOWN]] + (["…"] if len(before) > FRONT_SHOWN else [])
    lines = f"{len(before)} short line" + ("s" if len(before) > 1 else "")
    report.decisions.append(
        f"title pages:     {lines} before the first chapter heading (title page, contents) moved to "
        f"{FRONT_FILE}: " + " / ".join(shown))
    later = sorted(i for i in lists if i >= first)
    body, aside = _contents_aside(paragraphs[first:], report, [i - first for i in later])
    return body, before + aside


def _contents_aside(paragraphs: list[Paragraph], report: ImportReport,
                    aside: list[int]) -> tuple[list[Paragraph], list[Paragraph]]:
    """(body, set aside): the paragraphs `aside` (a contents list with an old edition's page
    numbers, Treasure Island's, after its dedication and poem; lists of plates; the title
    again) taken out."""
    if not aside:
        return paragraphs, []
    report.decisions.append(
        f"contents:        the old edition's title page, contents and lists of illustrations, a transcriber's note "
        f"({len(aside)} paragraphs from line {paragraphs[aside[0]].line}) moved to {FRONT_FILE}; "
        "a dedication, poem or preface among them stays")
    return [p for i, p in enumerate(paragraphs) if i not in aside], [paragraphs[i] for i in aside]


_INDEX_LABEL = re.compile(r"^(?:general\s+)?index\.?$", re.IGNORECASE)
# An index entry's page numbers at its line's end: "Bach, J.S., 136, 185, 186", "Ballet, 177.", "48-52".
_PAGE = r"\d{1,4}(?:[-–]\d{1,4})?"
_PAGES_AT_END = re.compile(rf"(?:,\s*|\s{{2,}})(?:{_PAGE}|[ivxlc]{{1,6}})(?:,\s*{_PAGE})*[.,]?$")
INDEX_SHARE = 0.6  # of the lines after the label: entries with page numbers


def _old_index(paragraphs: list[Paragraph], report: ImportReport) -> tuple[list[Paragraph], list[Paragraph]]:
    """(body, set aside): an old edition's index at the end ("INDEX" over "Bach, J.S., 136, 185"):
    its page numbers are that edition's, and its letters ("C.", "D.") were read as chapters'
    roman numerals (MacDowell's Critical and Historical Essays: six of them)."""
    label = next((i for i in range(len(paragraphs) - 1, -1, -1) if _INDEX_LABEL.match(paragraphs[i].text.strip())),
                 None)
    if label is None:
        return paragraphs, []
    lines = [line for p in paragraphs[label + 1:] for line in p.raw if line.strip() and len(line.strip()) > 2]
    if len(lines) < CONTENTS_MIN_ENTRIES or sum(bool(_PAGES_AT_END.search(line.rstrip())) for line in lines) \
            < INDEX_SHARE * len(lines):
        return paragraphs, []
    report.decisions.append(
        f"index:           the old edition's index ({len(lines)} lines from line {paragraphs[label].line}, "
        f"with that edition's page numbers) moved to {INDEX_FILE}")
    return paragraphs[:label], paragraphs[label:]


TITLE_PAGE_MAX = 24  # paragraphs: a title page's lines, rules and frontispiece
TITLE_PAGE_LINES = 5  # short lines one over another in one of its paragraphs
NOTE_MAX = 12  # paragraphs of a transcriber's note
_TRANSCRIBERS = re.compile(r"^\[\s*transcriber[’'`]?s?[’'`]?s?\s+notes?\b", re.IGNORECASE)


def _transcribers_note(paragraphs: list[Paragraph]) -> set[int]:
    """The paragraphs of a bracketed transcriber's note before the text ("[Transcriber’s Note:"
    … "]"): it tells of the e-text (the characters it needs, its music files), not of the book."""
    start = next((i for i, p in enumerate(paragraphs) if _TRANSCRIBERS.match(p.text)), None)
    if start is None:
        return set()
    for end in range(start, min(start + NOTE_MAX, len(paragraphs))):
        if paragraphs[end].text.rstrip().endswith("]"):
            return set(range(start, end + 1))
        if end > start and paragraphs[end].text.startswith("["):
            break  # another bracketed block: this note was never closed
    return set()


def _title_page(before: list[Paragraph], title: str | None, authors: list[str] | tuple,
                aside: set[int] | frozenset = frozenset()) -> int:
    """How many paragraphs at the start make a title page: short ones (a line or two), rules and
    pictures, up to the last rule or picture among them, or up to the contents or a list
    `aside` (or all, up to the first heading), naming the title or an author's surname. What
    stands after the last rule (a dedication, a poem) stays."""
    run, end = 0, 0
    for para in before[:TITLE_PAGE_MAX]:
        if run in aside:
            end = run
            break
        boundary = is_rule(para.text) or para.text.startswith("[Illustration")
        if not (boundary or _title_page_lines(para)):
            break
        run += 1
        end = run if boundary else end
    end = run if run == len(before) else end
    said = _squeezed(" ".join(p.text for p in before[:end]))
    names = [_squeezed(title or ""), *_surnames(authors)]
    return end if any(name and name in said for name in names) else 0


CENTRED_INDENT = 6  # spaces before a centred line of an old title page
CENTRED_PAGE_MIN = 3  # paragraphs
YEAR_NUMERAL = 1000  # a roman numeral from here is the imprint's year
HALF_TITLE_MIN_CHARS = 4  # a shorter title ("It") is found in any line


def _centred_title_page(paragraphs: list[Paragraph], title: str | None, authors: list[str] | tuple) -> int:
    """How many paragraphs at the start are an old edition's title page set centred, line under
    line (Candide's "OEUVRES / DE / VOLTAIRE. / TOME XXXIII / DE L'IMPRIMERIE DE A. FIRMIN DIDOT,
    …", taken for eleven headings), up to the first line not centred or a chapter's heading; it
    must name the title or an author."""
    run = next((n for n, para in enumerate(paragraphs[:TITLE_PAGE_MAX]) if not _centred_line(para)),
               min(len(paragraphs), TITLE_PAGE_MAX))
    return run if run >= CENTRED_PAGE_MIN and run < len(paragraphs) and _names(paragraphs[:run], title, authors) else 0


def _centred_half_title(paragraphs: list[Paragraph], title: str | None) -> range:
    """The paragraphs of a half title set centred right over the first chapter, after a preface
    (Candide's "CANDIDE, / ou / L'OPTIMISME, / TRADUIT DE L'ALLEMAND / … / 1759" over "CHAPITRE
    I."): they name the title; else an empty range."""
    first = next((i for i, p in enumerate(paragraphs) if len(p.raw) == 1 and names_a_chapter(p.text)), None)
    if not first:
        return range(0)
    start = first
    while start > 0 and first - start < TITLE_PAGE_MAX and _centred_line(paragraphs[start - 1]):
        start -= 1
    named = len(_squeezed(title or "")) >= HALF_TITLE_MIN_CHARS and _names(paragraphs[start:first], title, ())
    return range(start, first) if first - start >= CENTRED_PAGE_MIN and start > 0 and named else range(0)


def _centred_line(para: Paragraph) -> bool:
    """A paragraph of an old title page: lines set centred, not a chapter's heading or a preface's."""
    centred = all(len(line) - len(line.lstrip()) >= CENTRED_INDENT and len(line.strip()) <= SHORT_LINE
                  for line in para.raw)
    numbered = is_numeral(para.text) and (numeral_value(para.text) or 0) < YEAR_NUMERAL  # not "MDCCCXXIX."
    return bool(para.raw) and centred and not (names_a_chapter(para.text) or numbered or is_preface(para.text))


def _names(paragraphs: list[Paragraph], title: str | None, authors: list[str] | tuple) -> bool:
    said = _squeezed(" ".join(p.text for p in paragraphs))
    return any(name and name in said for name in [_squeezed(title or ""), *_surnames(authors)])


def _title_page_lines(para: Paragraph) -> bool:
    """A title page's paragraph: a line or two (a credential: "Member of the Royal Society of
    Portrait Painters, &c."), or a few short lines set one over another ("WITH ILLUSTRATIONS" /
    "by" / "E. BOYD SMITH")."""
    if len(para.raw) <= 2:
        return len(para.text) <= 2 * SHORT_LINE
    # Lines centred may be longer (Dracula's imprint: "THE COUNTRY LIFE PRESS, GARDEN CITY, N.Y.").
    longest = SHORT_LINE if all(is_indented(line) for line in para.raw) else SHORT_LINE // 2
    return len(para.raw) <= TITLE_PAGE_LINES and all(len(line.strip()) <= longest for line in para.raw)


def _title_again(paragraphs: list[Paragraph], at: int, title: str | None, authors: list[str] | tuple) -> set[int]:
    """{at} when paragraph `at` is the book's title alone; with the one before it when it is a
    byline under the title ("THE MIDĒ´WIWIN … OF THE OJIBWAY." over "By W. J. Hoffman.")."""
    text = paragraphs[at].text
    if title and _same(text, title):
        return {at}
    named = any(surname in _squeezed(text) for surname in _surnames(authors))
    byline = text[:3].casefold() == "by " and len(text) <= SHORT_LINE and named
    if byline and at > 0 and title and _squeezed(title) in _squeezed(paragraphs[at - 1].text):
        return {at - 1, at}
    return set()


def _surnames(authors: list[str] | tuple) -> list[str]:
    """The authors' last names, squeezed: "Walter James Hoffman" is named by "W. J. HOFFMAN"."""
    return [_squeezed(name.split()[-1]) for name in authors if name.split()]


def _squeezed(text: str) -> str:
    """Letters and figures only, folded: "MIDĒ´WIWIN" is "Mide'wiwin", "&" is "and"."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", "and"))
    return re.sub(r"\W+", "", "".join(c for c in text if not unicodedata.combining(c)))


def _same(line: str, title: str) -> bool:
    return " ".join(line.split()).casefold() == " ".join(title.split()).casefold()


def _first_chapter(paragraphs: list[Paragraph], headings: list[int]) -> int:
    """The first heading, but for contents entries taken for headings: a titled heading over
    short lines only, whose line comes again later in the book (Les Misérables' last entry,
    "CHAPTER VI--THE GRASS COVERS AND THE RAIN EFFACES", over its list of illustrations)."""
    if not headings:
        return 0
    lines = [" ".join(p.text.split()) for p in paragraphs]
    start = None
    for h, nxt in zip(headings, headings[1:] + [len(paragraphs)], strict=True):
        start = h if start is None else start
        if nxt == h + 1:
            continue  # a part's heading over its first chapter's: the chapter decides
        entry = has_title(lines[h]) and lines[h] in lines[nxt:]
        if not (entry and all(is_listed(p) for p in paragraphs[h + 1 : nxt])):
            return start
        start = None
    return headings[0]


# The commonest short words of the Latin-script languages publish sets, none shared between them.
FUNCTION_SHARE = 0.1
_FUNCTION_WORDS = {
    "en": {"the", "and", "of", "to", "was", "that", "he", "it", "his", "with", "is", "for", "you", "had"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "que", "qui", "dans", "pour", "pas", "il", "du"},
    "de": {"der", "die", "und", "das", "nicht", "ist", "ein", "eine", "sich", "mit", "zu", "den", "er", "auf"},
    "es": {"el", "los", "las", "del", "y", "en", "no", "lo", "por", "su", "al", "pero", "como", "para", "más", "muy"},
    "it": {"il", "di", "e", "che", "non", "per", "della", "gli", "si", "è", "ma", "nel", "alla", "anche"},
    "pl": {"i", "w", "nie", "się", "na", "z", "że", "do", "jak", "jest", "od", "po", "jego", "tak"},
}


def detect_language(text: str) -> str:
    """"ru" when Cyrillic letters outnumber Latin ones, else "en", "fr", "de", "es", "it" or "pl": the
    language whose commonest words are the most frequent in the text."""
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in text)
    latin = sum(c.isascii() and c.isalpha() for c in text)
    if cyrillic > latin:
        return "ru"
    counts = Counter(re.findall(r"[^\W\d_]+", text[:200_000].lower()))
    scores = {lang: sum(counts[w] for w in words) for lang, words in _FUNCTION_WORDS.items()}
    best = max(scores, key=scores.get)
    # These words are a sixth of any text in their language; a few of them (Spanish "la", "que")
    # in another language must not make it French.
    return best if scores[best] >= FUNCTION_SHARE * sum(counts.values()) else "en"


def _check_words(report: ImportReport, source_text: str, body_text: str, set_aside: str) -> None:
    """Every source word is in the body, book.yaml, the set-aside file or the counted markup."""
    source = Counter(words(source_text))
    out = Counter(words(body_text))
    moved = Counter(w for _, text in report.moved for w in words(text))
    aside = Counter(words(set_aside))
    kept = out + moved + aside
    report.words_in, report.words_out = sum(source.values()), sum(out.values())
    report.words_moved, report.words_set_aside = sum(moved.values()), sum(aside.values())
    lost, added = source - kept - report.markup_words, kept + report.markup_words - source
    if lost or added:
        raise PublishError(
            f"the import would change words: lost {_few(lost)}, added {_few(added)}", file=report.source,
            hint="a bug in `publish import`: nothing was written; please report it",
        )


def _few(counter: Counter) -> str:
    items = [f"{word!r}×{n}" for word, n in counter.most_common(8)]
    return ", ".join(items) or "none"
