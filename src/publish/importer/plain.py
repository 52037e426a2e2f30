"""Plain text: lines, the series blocks at the start and end, and the paragraph rule.

* Line endings CRLF/CR become LF; a form feed is a page break and counts as a blank line.
* Series front matter: the short unindented lines at the top, up to and including the first
  "No X of XL" line (roman or arabic, "No." or "№"). The first line is the series name, short
  lines before the first long (prose) line are series lines, the first prose line is the series
  blurb, the second the collection description, a short line after the prose is the tagline.
  Without such a line there is no series block: the lines at the top are a title page (see
  `titlepage`), an epigraph or a cast list, never series lines.
* Series closing block: the trailing run of short unindented lines that starts with the series
  name or a "No X of Y" line. Lines made of series words repeat the series; a line after the
  number line is the motto. Lines that fit no slot are kept as comments at the top of book.yaml.
* Paragraphs: text with long lines has one paragraph per line, and blank lines are page-layout
  artefacts, never breaks. Hard-wrapped text (all lines short) is joined into paragraphs that end
  at a blank line, or, when lines are indented, start at an indented line. A chapter heading
  line always stands alone (unless it runs on into its paragraph: see `runs_on`), and so does
  a short line underlined with = - * ~ # or _ (a setext heading: "The Ledger" over
  "=========="); the underline is dropped. Any other line of one mark ("* * *", lib.ru's
  frame of dashes) stands alone: a break in the text. In double-spaced text (every line set
  apart by a blank line, paragraphs by more) one blank line ends a line, two or more a paragraph.
* Control characters other than tabs and line ends are dropped; HTML character references
  (`&eacute;`) and TeX's quotes (``so'') become the characters they stand for, three or more.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from publish.errors import PublishError
from publish.importer.headings import ends_like_sentence, heading_title, is_heading, is_numeral
from publish.importer.report import ImportReport, words
from publish.numbering import from_roman

RULE_LINE = "one paragraph per line; blank lines are page-layout artefacts, not breaks"
RULE_BLANK = "hard-wrapped lines joined; a blank line ends a paragraph"
RULE_INDENT = "hard-wrapped lines joined; an indented line starts a paragraph"

SHORT_LINE = 80  # series lines, taglines and colophon lines are shorter than this
FRONT_MAX_LINES = 12  # the series front block is a handful of lines
BACK_MAX_LINES = 8
WRAP_WIDTH = 100  # a text whose lines are all this short is hard-wrapped
LONG_LINES_SHARE = 0.02  # ...but for a few longer ones (a text one paragraph a line has many)
RUN_IN_MAX_WORDS = 6
PARAGRAPH_STARTS = 0.1  # lines, at least, that an indent sets apart from the one above: paragraphs' first lines
PROSE_STARTS = 0.04  # ...in prose, whose paragraphs may run to twenty lines
PROSE_LINE = 50  # the middle line of hard-wrapped prose is this long at least; verse's shorter
_SENTENCE_END = tuple(".!?:;…\"'’”»)")

MIN_SPEECHES = 5  # a play has many: a text with fewer names over its blocks is none
_ROMAN_NUMERAL = re.compile(r"[IVXLCDM]{1,12}\.")
_SPEAKER_LABEL = re.compile(r"(?:\d{1,2}\.?\s+)?(?:[A-Z][\w’'-]*\.?\s+){0,3}[A-Z][\w’'-]*\.")
_SERIES_NUMBER = re.compile(
    r"^(?:No\.?|№)\s*(?P<number>[IVXLCDM]+|\d+)\s+of\s+(?P<total>[IVXLCDM]+|\d+)\.?$", re.IGNORECASE
)
# A run-in heading: capitalised words (letters, digits, inner hyphen or apostrophe), then a colon.
_RUN_IN = re.compile(
    r"^(?P<head>[^\W\d_][\w’'-]*(?: [\w’'-]+)*?)(?P<colon> ?:)(?P<gap>\s+)(?P<rest>\S.*)$", re.DOTALL
)


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based source line where it starts
    text: str  # source text, stripped, lines joined with a space, otherwise untouched
    raw: tuple[str, ...] = ()  # its source lines as they were (indentation kept)
    underline: str = ""  # the line of = or - under a heading ("" for other paragraphs)


_UNDERLINE = re.compile(r"^(=|-|\*|~|#|_)\1{2,}$")
_LETTER = re.compile(r"[^\W\d_]")
MAX_UNDERLINED = 80


def is_underline(line: str, above: str) -> bool:
    """A run of one mark (=====) about as long as the short line above it, and under it: that
    line's underline; not under a table's row, its cells parted by bars ("Legs  |  1  |  1")."""
    mark, title = line.strip(), above.strip()
    # A page number over a rule ("{30}" over "--------") is no title.
    return (bool(_UNDERLINE.match(mark)) and 0 < len(title) <= MAX_UNDERLINED and _LETTER.search(title) is not None
            and "|" not in title
            and not _UNDERLINE.match(title) and len(title) / 2 <= len(mark) <= len(title) * 2 + 2
            and _under(line, above))


def _under(line: str, above: str) -> bool:
    """The mark starts where the line above starts, or is centred on it: lib.ru's frame of dashes,
    from the margin to past an indented edition note, underlines nothing."""
    start, top = _indent(line), _indent(above)
    end, top_end = start + len(line.strip()), top + len(above.strip())
    return abs(start - top) <= 1 or abs((start + end) - (top + top_end)) <= 2


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# A line of one mark, spaced or not ("* * *", "-----------"): a break in the text, not words.
_RULE = re.compile(r"^([-=*~_#])(?:\s*\1){2,}$")


def is_rule(line: str) -> bool:
    return bool(_RULE.match(line.strip()))


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def split_lines(text: str) -> tuple[list[str], str]:
    """Lines without endings, and the line-ending style found ("LF", "CRLF", "CR", "mixed")."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    styles = [name for name, n in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if n]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    # Other control characters are no text (Onegin's headings are wrapped in \x14 … \x15).
    text = _CONTROLS.sub("", text)
    return text.split("\n"), (styles[0] if len(styles) == 1 else "mixed" if styles else "none")


# A text saved from a web page keeps its character references ("Monsieur l'Abb&eacute;").
_REFERENCE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
MARKS_MIN = 3  # fewer may be the text's own ("write &amp; for an ampersand")


def character_references(lines: list[str]) -> tuple[list[str], int]:
    """The lines with HTML character references (`&eacute;`, `&#233;`) as the characters they
    name, and how many there were; the lines as they are when there are fewer than three."""
    found = sum(html.unescape(ref) != ref for line in lines for ref in _REFERENCE.findall(line))
    if found < MARKS_MIN:
        return lines, 0
    return [_REFERENCE.sub(lambda m: html.unescape(m[0]), line) for line in lines], found


def tex_quotes(lines: list[str]) -> tuple[list[str], int]:
    """The lines with TeX's quotes (``so'', as Johnston's Onegin is typed) as "so", and how many
    were opened so; the lines as they are when fewer than three open so. Straight, as the text's
    other quotes and apostrophes are typed: the typography pass turns them all."""
    found = sum(line.count("``") for line in lines)
    if found < MARKS_MIN:
        return lines, 0
    return [line.replace("``", '"').replace("''", '"') for line in lines], found


def without_margin(lines: list[str]) -> list[str]:
    """The lines without the margin they all share: Herzen's "Кто виноват?" (lib.ru) sets its
    continuation lines two spaces in and its paragraphs' first lines three, so that no line read as
    indented more than the others, and the novel came in as 37 paragraphs, a chapter each. The
    margin is the text's: short lines set further out, such as headings (Bryusov's "Гора Звезды"
    sets its chapters' numbers flush left), and a few long ones (a title page's) lose what they have."""
    indents = sorted(_indent(line) for line in lines if len(line.strip()) >= MARGIN_LINE)
    margin = indents[int(len(indents) * MARGIN_STRAYS)] if indents else 0
    # Only a margin with paragraphs indented inside it: a poem set two tabs in throughout is indented.
    deeper = sum(indent > margin for indent in indents)
    if not margin or deeper < len(indents) * MARGIN_INDENTS:
        return lines
    return [line[min(margin, _indent(line)):] for line in lines]


MARGIN_STRAYS = 0.01  # lines, at most, that stand out of the margin the others share
MARGIN_LINE = 40  # a line of text this long, at least, shows the margin: not a heading's
MARGIN_INDENTS = 0.05  # lines, at least, set further in than the margin: paragraphs' first lines


def is_indented(line: str) -> bool:
    # str.isspace covers the no-break spaces these files indent with.
    return bool(line) and line[0].isspace() and bool(line.strip())


def series_number(line: str) -> tuple[int, int, str] | None:
    """(number, total, numbering) from a "No X of XL" line, else None."""
    match = _SERIES_NUMBER.match(line.strip())
    if not match:
        return None
    values = [_numeral(match[name]) for name in ("number", "total")]
    if None in values:
        return None
    style = "arabic" if match["number"].isdigit() else "roman"
    return values[0], values[1], style


def _numeral(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    try:
        return from_roman(text)
    except ValueError:
        return None


def text_bounds(lines: list[str], report: ImportReport) -> tuple[int, int]:
    """Indices [start, end) of the text without leading and trailing blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        raise PublishError("no text to import", file=report.source)
    return filled[0], filled[-1] + 1


def body_bounds(lines: list[str], report: ImportReport) -> tuple[int, int]:
    """Indices [start, end) of the body; front and closing blocks go to report.moved."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        raise PublishError("the file is empty", file=report.source)
    front = _front_block(lines, filled, report)
    rest = filled[len(front):]
    back = _back_block(lines, rest, moved(report, "series.name"))
    _classify_back([lines[i].strip() for i in back], report)
    body = rest[: len(rest) - len(back)]
    if not body:
        raise PublishError("no body text between the series front and closing blocks", file=report.source)
    return body[0], body[-1] + 1


def _front_block(lines: list[str], filled: list[int], report: ImportReport) -> list[int]:
    """The line indices of the series front block (may be empty)."""
    head: list[int] = []
    for k, i in enumerate(filled[:FRONT_MAX_LINES]):
        following = lines[filled[k + 1]] if k + 1 < len(filled) and filled[k + 1] == i + 1 else ""
        if is_indented(lines[i]) or is_heading(lines[i]) or is_underline(following, lines[i]):
            break
        head.append(i)
        if series_number(lines[i]):
            _classify_front([lines[j].strip() for j in head], report)
            return head
    # No "No X of Y" line, no series statement: an author over a title (Anna Karenina) or
    # a play's cast list (The Cherry Orchard) are no series lines.
    return []


def _classify_front(texts: list[str], report: ImportReport) -> None:
    prose = 0
    named = tagline = False
    for text in texts:
        if series_number(text):
            what = "series.number/total"
        elif not named:
            what, named = "series.name", True
        elif len(text) > SHORT_LINE:
            prose += 1
            what = {1: "series.blurb", 2: "series.description"}.get(prose, "unplaced")
        elif not prose:
            what = "series.lines"
        elif not tagline:
            what, tagline = "series.tagline", True
        else:
            what = "unplaced"
        report.moved.append((what, text))


def _back_block(lines: list[str], filled: list[int], series_name: str | None) -> list[int]:
    """The closing block: trailing short unindented lines from the series name or number line."""
    run: list[int] = []
    for i in reversed(filled[-BACK_MAX_LINES:]):
        if is_indented(lines[i]) or len(lines[i].strip()) > SHORT_LINE:
            break
        run.insert(0, i)
    name = words(series_name) if series_name else None
    for k, i in enumerate(run):
        if series_number(lines[i]) or words(lines[i]) == name:
            return run[k:]
    return []


def _classify_back(texts: list[str], report: ImportReport) -> None:
    series = {w for t in all_moved(report, "series.name", "series.lines") for w in words(t)}
    after_number = motto = False
    for text in texts:
        repeats = set(words(text)) <= series if series else not after_number
        if series_number(text):
            what, after_number = "closing: repeats number", True
        elif repeats:
            what = "closing: repeats series"
        elif after_number and not motto:
            what, motto = "motto", True
        else:
            what = "unplaced"
        report.moved.append((what, text))


def moved(report: ImportReport, what: str) -> str | None:
    found = all_moved(report, what)
    return found[0] if found else None


def all_moved(report: ImportReport, *what: str) -> list[str]:
    return [text for key, text in report.moved if key in what]


def choose_rule(body: list[str]) -> str:
    """One paragraph per line, unless the lines look hard-wrapped: short, and mostly ending mid-sentence.
    A few long lines (a transcriber's note set as one line in Great Expectations) do not make a
    hard-wrapped novel one paragraph per line: every line of it was a paragraph."""
    filled = [line.strip() for line in body if line.strip()]
    open_ended = sum(not line.endswith(_SENTENCE_END) for line in filled)
    long_lines = sum(len(line) > WRAP_WIDTH for line in filled)
    if long_lines > len(filled) * LONG_LINES_SHARE or open_ended < len(filled) / 2 and not is_play(body) \
            and not _all_verse(body, filled):
        return RULE_LINE
    # An indent right after an unindented line starts a paragraph; indented blocks set off by
    # blank lines (Project Gutenberg's quotations) do not.
    starts = sum(is_indented(line) and bool(prev.strip()) and not is_indented(prev)
                 for prev, line in zip(body, body[1:], strict=False))
    starts += bool(body) and is_indented(body[0])
    # Long paragraphs of prose (Bryusov's "Республика Южного Креста", fifteen lines each) start
    # fewer lines than verse indented by the line (Blok's stanzas) does.
    prose = sorted(map(len, filled))[len(filled) // 2] >= PROSE_LINE if filled else False
    if not prose and _indents_within_stanzas(body):
        return RULE_BLANK
    return RULE_INDENT if starts >= len(filled) * (PROSE_STARTS if prose else PARAGRAPH_STARTS) else RULE_BLANK


MIN_STANZAS = 5
FLUSH_STANZAS = 0.8  # of the blocks after blank lines, at least, open flush left


def _indents_within_stanzas(body: list[str]) -> bool:
    """Verse whose stanzas, set apart by blank lines, open flush left and indent lines within
    them (Dickinson's short third lines, Blok's "Скифы" every second line): those indents start
    no paragraph. Read so, each indented line began one and the stanzas ran together across
    their blank lines, "Монголов и Европы! Века, века ваш старый горн ковал"."""
    openings = [line for prev, line in zip(body, body[1:], strict=False) if line.strip() and not prev.strip()]
    flush = sum(not is_indented(line) for line in openings)
    return len(openings) >= MIN_STANZAS and flush >= len(openings) * FLUSH_STANZAS


VERSE_LINE = 55  # a line of verse is this short at most
VERSE_CAPITALS = 0.8  # of a poem's lines, at least, open with a capital
STANZA_LINES = 16  # a poem's lines for each blank line between them, at most


def _all_verse(body: list[str], filled: list[str]) -> bool:
    """A poem in stanzas: every line short, most opening with a capital, and blank lines between
    runs of them (Blok's "Двенадцать"). Its lines end with a stop or a comma as sentences do, but
    a blank line parts its stanzas: it is no text of one paragraph a line."""
    capitals = sum(line.lstrip("—–-«\"„(…. ")[:1].isupper() for line in filled)
    stanzas = sum(bool(line.strip()) and not prev.strip() for prev, line in zip(body, body[1:], strict=False))
    return (bool(filled) and all(len(line) <= VERSE_LINE for line in filled)
            and capitals >= len(filled) * VERSE_CAPITALS and stanzas * STANZA_LINES >= len(filled))


def is_play(body: list[str]) -> bool:
    """A play hard-wrapped, each speech opening with its speaker's name on a line of its own after
    a blank line ("Sampson." over "Gregory, o' my word, we'll not carry coals."), in a fifth of
    its blocks or more. Those names, and its verse's lines, end like sentences: the text read as
    one paragraph a line, a speech wrapped at "the weakest goes to the" / "wall." made two."""
    blocks = speakers = 0
    for prev, line, nxt in zip(["", *body[:-1]], body, [*body[1:], ""], strict=True):
        if line.strip() and not prev.strip():
            blocks += 1
            speakers += bool(nxt.strip()) and is_speaker_label(line)
    return speakers >= MIN_SPEECHES and speakers >= blocks / 5


def is_speaker_label(line: str) -> bool:
    """A speaker's name alone on its line, as plain-text plays set it: "Sampson.", "Lady Capulet.",
    "ROMEO.", "Chor.", "1 Citizen." — capitalised words, four at most, closed by a full stop; not
    a chapter's numeral ("I." over its title "Ганна", as Gogol numbers a story's chapters)."""
    return bool(_SPEAKER_LABEL.fullmatch(line.strip())) and not _ROMAN_NUMERAL.fullmatch(line.strip())


def is_double_spaced(body: list[str]) -> bool:
    """Every line set apart from the next by one blank line, and some by more (as this Divine
    Comedy is typed): one blank line is then a line's end, two or more end a paragraph."""
    gaps: Counter[int] = Counter()
    run = None  # blank lines since the last filled line (None before the first)
    for line in body:
        if line.strip():
            if run is not None:
                gaps[run] += 1
            run = 0
        elif run is not None:
            run += 1
    return not gaps[0] and gaps[1] > 0 and any(n > 1 for n in gaps)


def split_paragraphs(body: list[str], rule: str, first_line: int = 1) -> list[Paragraph]:
    """Paragraphs of the body; first_line is the source line number of body[0]."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = first_line
    double = rule == RULE_BLANK and is_double_spaced(body)
    for n, line in enumerate(body, first_line):
        above = body[n - first_line - 1] if n > first_line else ""
        if current and above is current[-1] and is_underline(line, above):
            # A setext heading: the line above stands alone, its underline is dropped.
            _flush(paragraphs, current[:-1], start)
            paragraphs.append(Paragraph(n - 1, current[-1].strip(), (current[-1],), line.strip()))
            current = []
            continue
        if is_rule(line):
            # A scene break or a frame line stands alone, never joined to the text around it.
            _flush(paragraphs, current, start)
            paragraphs.append(Paragraph(n, line.strip(), (line,)))
            current = []
            continue
        # A heading-like line inside an indented block (a note's "  chapitre XXXV.  B.") goes on.
        inside = rule == RULE_BLANK and bool(current) and is_indented(line) and is_indented(current[-1])
        k = n - first_line
        heading = (is_heading(line) and not inside and not runs_on(body, k, rule) and not continues(body, k, rule)
                   and not _in_list(body, k, rule))
        after_heading = len(current) == 1 and is_heading(current[0]) and not runs_on(body, k - 1, rule)
        if after_heading and rule == RULE_BLANK and wraps_under(current[0], line):
            current.append(line)  # a contents entry's title wrapped under it: the two lines are one entry
            continue
        breaks = (_breaks_before(line, rule) and not (double and above.strip()) or double and _title_over(body, k)
                  or rule == RULE_INDENT and _stands_alone(body, k)
                  or is_subtitled_title(body, k) or k and is_subtitled_title(body, k - 1))
        if heading or breaks or after_heading or is_wrapped_entry(current):
            _flush(paragraphs, current, start)
            current = []
        if line.strip():
            start = n if not current else start
            current.append(line)
    _flush(paragraphs, current, start)
    return paragraphs


def _in_list(body: list[str], k: int, rule: str) -> bool:
    """Line k opens an indented list of lines that are no headings: Montaigne's contents, "     Preface"
    over "     The Life of Montaigne" and "     The Letters of Montaigne"."""
    nxt = body[k + 1] if k + 1 < len(body) else ""
    return (rule == RULE_BLANK and is_indented(body[k]) and is_indented(nxt) and _indent(nxt) == _indent(body[k])
            and not is_heading(nxt, CONTENTS_LINE))


def wraps_under(heading: str, line: str) -> bool:
    """Line goes on a long heading left open above it, indented deeper: a contents entry wrapped
    as Les Misérables' are ("  CHAPTER II--IN WHICH THE READER WILL PERUSE TWO VERSES, WHICH ARE OF
    THE" over "  \u00a0 \u00a0 DEVIL'S COMPOSITION, POSSIBLY"); a chapter's own heading is flush left."""
    return (is_indented(heading) and _indent(line) > _indent(heading) and len(heading_title(heading)) >= RUN_ON_TITLE
            and not ends_like_sentence(heading))


def is_wrapped_entry(lines: list[str] | tuple[str, ...]) -> bool:
    """A contents entry on two lines, its title wrapped under its heading (see `wraps_under`)."""
    return len(lines) == 2 and is_heading(lines[0]) and wraps_under(lines[0], lines[1])


CONTENTS_LINE = 160  # a contents entry may be longer than a heading ("CHAPTER 56. Of the Less Erroneous…")


def is_entries(lines: list[str] | tuple[str, ...]) -> bool:
    """Lines that are all contents entries, some wrapped (see `wraps_under`): a block of a contents
    list, as Les Misérables indents one for each book."""
    return bool(lines) and all(is_heading(line, CONTENTS_LINE) or k and wraps_under(lines[k - 1], line)
                               for k, line in enumerate(lines))


def is_listed(para: Paragraph) -> bool:
    """A short line alone, or contents entries: what title pages and contents are made of."""
    return (len(para.raw) <= 1 and len(para.text) <= SHORT_LINE) or is_entries(para.raw)


RUN_ON_TITLE = 40  # a heading's title this long, open at the end, is a sentence's first line
_SENTENCE_RUN_IN = re.compile(r"[.!?][)_*”’»]*[—–]+\s*[A-Z]")  # "(Algerine Porpoise).—A pirate": a sentence run in


def runs_on(body: list[str], k: int, rule: str) -> bool:
    """Line k looks like a heading but is the first line of a hard-wrapped paragraph: its long
    "title" is left open ("BOOK I. (Folio), CHAPTER I. (Sperm Whale).—This whale, among the")
    and the paragraph goes on for two more lines at least. A title wrapped once ("CHAPTER 56.
    Of the Less Erroneous Pictures of Whales, and the True" over "Pictures of Whaling Scenes.")
    is two lines, then a blank line; a title in capitals may be three (Les Misérables' "CHAPTER
    IV--MADEMOISELLE GILLENORMAND ENDS BY NO LONGER THINKING IT A", over two more). A line closed
    runs on too when its "title" holds a sentence run in after a stop and a dash ("BOOK III.
    (Duodecimo), CHAPTER II. (Algerine Porpoise).—A pirate." over "Very savage. He is only…")."""
    if rule == RULE_LINE or k + 2 >= len(body):
        return False
    title = heading_title(body[k])
    closed = ((ends_like_sentence(body[k]) or body[k].rstrip().endswith((":", ";")))
              and not _SENTENCE_RUN_IN.search(title))
    capitals = body[k].isupper() and body[k + 1].isupper()  # a title in capitals wrapped twice, not a sentence
    return (len(title) >= RUN_ON_TITLE and not closed and not capitals and not _wrapped_twice(body, k, rule)
            and _same_paragraph(body[k + 1], rule) and _same_paragraph(body[k + 2], rule))


def _wrapped_twice(body: list[str], k: int, rule: str) -> bool:
    """A long title wrapped onto two more lines going on in lower case, then a blank line, with no
    stop at its end (Don Quixote's "Capítulo VIII. Del buen suceso que el valeroso don Quijote tuvo
    en la" / "espantable y jamás imaginada aventura de los molinos de viento, con otros" /
    "sucesos dignos de felice recordación")."""
    ends = k + 3 >= len(body) or not _same_paragraph(body[k + 3], rule)
    return ends and body[k + 1].strip()[:1].islower() and not ends_like_sentence(body[k + 2])


def continues(body: list[str], k: int, rule: str) -> bool:
    """Line k looks like a heading but ends a sentence wrapped onto it: Great Expectations'
    "“Is there no chance person who might identify you in the street?” said" over "I." The
    line above runs on (it ends on a word or a comma) and is no heading or capitals title. Only
    where blank lines part paragraphs: with indents, a heading set flush left may follow the text."""
    if rule != RULE_BLANK or k == 0 or is_indented(body[k]):
        return False
    above = body[k - 1].strip()
    # A heading's title over it ("Эпилог" over "Гриша Добросклонов" over "I") is no sentence.
    titled = k >= 2 and is_heading(body[k - 2]) and not body[k - 2].rstrip().endswith(",") and is_numeral(body[k])
    # ...nor an epigraph's source over the first stanza's numeral, no stop after it ("Жуковский" over "I").
    titled = titled or (is_numeral(body[k]) and not body[k].rstrip().endswith(".") and len(above.split()) <= 2
                        and above[:1].isupper() and (k + 1 == len(body) or not body[k + 1].strip()))
    return (bool(above) and (above[-1].isalpha() or above.endswith(",")) and not above.isupper()
            and not is_heading(above) and not titled)


def _title_over(body: list[str], k: int) -> bool:
    """Line k is in capitals and the next line set is a heading: a part's title over its first
    chapter ("PURGATORY" over "CANTO I"), only one blank line under the verse before it."""
    line = body[k].strip()
    below = next((other for other in body[k + 1:] if other.strip()), "")
    return (sum(c.isalpha() for c in line) >= 3 and not any(c.islower() for c in line)
            and not is_heading(line) and is_heading(below))


def is_capitals_title(line: str) -> bool:
    """A line of capitals that is no chapter's heading ("ПОСЛЕДЫШ", "ПИР НА ВЕСЬ МИР *")."""
    text = line.strip()
    return (sum(c.isalpha() for c in text) >= 3 and not any(c.islower() for c in text)
            and len(text) <= SHORT_LINE and not is_heading(text))


def is_subtitled_title(body: list[str], k: int) -> bool:
    """Line k is in parentheses under a line of capitals that opens a paragraph: a part's title
    and what it is, typed with no blank line before its text (Nekrasov's "ПОСЛЕДЫШ" over "(Из
    второй части «Кому на Руси жить хорошо»)" over "Глава I"; "ПИР НА ВЕСЬ МИР" over "(Посвящается
    Сергею Петровичу Боткину)" over its first line of verse). The three stand apart."""
    return (0 < k and is_parenthesized(body[k]) and is_capitals_title(body[k - 1])
            and (k < 2 or not body[k - 2].strip()))


def is_parenthesized(line: str) -> bool:
    """A short line in parentheses: "(Из второй части «Кому на Руси жить хорошо»)"."""
    line = line.strip()
    return line.startswith("(") and line.endswith(")") and len(line) <= SHORT_LINE


def _stands_alone(body: list[str], k: int) -> bool:
    """Line k is short, set between blank lines, after a closed sentence: a title set flush left
    among indented paragraphs (Lermontov's "ЖУРНАЛ ПЕЧОРИНА" after "     Я уехал один."), not the
    paragraph above going on."""
    above = body[k - 1] if k else ""
    below = body[k + 1] if k + 1 < len(body) else ""
    last = next((other for other in reversed(body[:k]) if other.strip()), "")
    return (bool(body[k].strip()) and not above.strip() and not below.strip() and len(body[k].strip()) <= SHORT_LINE
            and (not last or last.rstrip().endswith(_SENTENCE_END)))


def _same_paragraph(line: str, rule: str) -> bool:
    """A line that goes on with the paragraph above it."""
    return bool(line.strip()) and not is_heading(line) and not (rule == RULE_INDENT and is_indented(line))


def _breaks_before(line: str, rule: str) -> bool:
    if rule == RULE_LINE:
        return True
    if rule == RULE_BLANK:
        return not line.strip()
    return is_indented(line)


def _flush(paragraphs: list[Paragraph], current: list[str], start: int) -> None:
    if current:
        text = ""
        for line in (line.strip() for line in current):
            joined = _WRAPPED_AT_HYPHEN.search(text) and (line[:1].isalnum() or line.startswith("-"))
            text += line if joined else f" {line}" if text else line
        paragraphs.append(Paragraph(start, text, tuple(current)))


# A line wrapped at a compound's hyphen ("au-" over "dessus", "smoking-" over "room"): one word again
# ("pre- and post-war" in one line keeps its space), and a dash wrapped between its hyphens ("came-" over "-With").
_WRAPPED_AT_HYPHEN = re.compile(r"[^\W\d_]-$")


def split_run_in(text: str) -> tuple[str, str, str] | None:
    """(heading, separator, rest) when the paragraph opens with a run-in heading, else None."""
    match = _RUN_IN.match(text)
    if not match or len(match["head"].split()) > RUN_IN_MAX_WORDS:
        return None
    rest = match["rest"]
    if not (rest[0].isupper() or rest[0].isdigit()):
        return None
    return match["head"], match["colon"] + match["gap"], rest
