"""Paragraphs of plain text → blocks: chapter headings, quotations, verse, illustrations,
footnotes and emphasis. Every decision is counted in the report; every word stays.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from publish.importer import gutenberg as pg
from publish.importer.bylines import byline_name
from publish.importer.diary_dates import diary_dates, wrap_dates
from publish.importer.headings import (
    MAX_TITLE,
    NOTE_CALL,
    ends_like_sentence,
    has_number,
    has_title,
    heading_key,
    is_bare_number,
    is_dashed_numeral,
    is_heading,
    is_named,
    is_numeral,
    is_numeral_run,
    is_part,
    is_preface,
    is_short_title,
    is_title,
    join_title,
    names_a_chapter,
    names_a_part,
    number_of,
    numeral_value,
    opens_with_numeral,
)
from publish.importer.languages import mark_languages
from publish.importer.letters import find_letters, wrap_letters
from publish.importer.line_epigraphs import line_epigraphs
from publish.importer.markdown import Block, Inline
from publish.importer.note_restarts import label_restarts, notes_by_chapter
from publish.importer.plain import (
    CONTENTS_LINE,
    RULE_BLANK,
    RULE_LINE,
    Paragraph,
    is_capitals_title,
    is_entries,
    is_indented,
    is_parenthesized,
    is_rule,
    is_speaker_label,
    split_run_in,
)
from publish.importer.quoted_epigraphs import opens_with_source, quoted_epigraph, split_source
from publish.importer.report import ImportReport, words
from publish.importer.run_in_speeches import DIRECTION, run_in_speakers, split_speech
from publish.importer.stage_directions import is_cast_heading, is_setting, is_stage_direction
from publish.importer.text_tables import MIN_ROWS, TextTable, is_caption, read_table

VERSE_WIDTH = 55  # lines of verse are short; hard-wrapped quotations fill the width


@dataclass
class _Note:
    index: int  # the paragraph it was defined in
    label: str
    text: str
    used: bool = False
    verse: tuple[str, ...] = ()  # its lines, when the note is verse
    more: tuple[str, ...] = ()  # its further paragraphs
    number_at: int | None = None  # the paragraph of its number, when that stands on a line of its own


def build_blocks(paragraphs: list[Paragraph], rule: str, conventions: bool, report: ImportReport,
                 listed: dict[str, int] | None = None) -> list[Block]:
    """The blocks of the body. `conventions` turns on the plain-text markup conventions; `listed`:
    the entries of a contents list set aside with the title pages (contents_list)."""
    headings = _headings(paragraphs, listed)
    under = listed_under(paragraphs, headings, listed if listed is not None else contents_list(paragraphs)[0])
    levels = _underline_levels(paragraphs, report)
    parts = _part_openings(paragraphs, sorted(headings))
    # A part's page prints no notes: a call on its heading keeps its note as text.
    notes = _footnotes(paragraphs, headings, report, conventions, frozenset(parts))
    notes_by_chapter(report, label_restarts(label for i in sorted({*headings, *notes})
                                            for label in ([None] if i in headings else notes[i] or ())))
    quotes = _quotations(paragraphs, headings) if conventions and rule == RULE_BLANK else set()
    counts = {"emphasis": 0, "dashes": 0, "illustrations": 0, "sidenotes": 0, "strong": 0, "notes": 0,
              "quotations": 0, "breaks": 0, "stanzas": 0, "speeches": 0, "directions": 0, "tables": 0,
              "epigraphs": 0}
    blocks: list[Block] = []
    skip: set[int] = set()
    volumes = _volume_openings(paragraphs, parts)
    back = _back_matter(paragraphs, sorted(headings), parts)
    front = _front_matter(paragraphs, sorted(headings))
    sections = _numbered_sections(paragraphs, sorted(headings)) | _chapter_notes(paragraphs)
    short_verse = rule == RULE_BLANK and short_lines_are_verse(paragraphs)
    verse_book = rule == RULE_BLANK and verse_is_the_rule(paragraphs, short_verse)
    play = conventions and rule == RULE_BLANK and _is_play(paragraphs, headings)
    # A play's names run in are its structure, not a markup convention: read in any text.
    speakers = frozenset() if play else run_in_speakers([p.text for i, p in enumerate(paragraphs) if i not in headings])
    run_ins = rule == RULE_LINE and not is_narrative(paragraphs)
    epigraphs = _chapter_epigraphs(paragraphs, headings)
    if rule == RULE_LINE:  # nothing sets them in: known by their sources (line_epigraphs.py)
        epigraphs = line_epigraphs(paragraphs, headings) | epigraphs
    quoted = _quoted_epigraphs(paragraphs, headings, quotes)
    tables = _tables(paragraphs, headings) if conventions else {}
    for i, (_, captioned, span) in tables.items():
        skip.update(range(i + 1, i + span))  # its rows and rules after its first rule
        skip.update({i - 1} if captioned else set())  # its caption goes with it
    casts = _cast_lists(paragraphs, headings, notes) if speakers else {}
    scene = False  # under an act's heading, before its first speech: its scene
    notes_to_actors = False  # under a heading that numbers no act or scene ("Характеры и костюмы")
    for i, para in enumerate(paragraphs):
        if i in skip or (i in notes and notes[i] is None):
            continue
        if i in casts:
            blocks.append(_cast(paragraphs, i, casts[i], conventions, counts))
            skip.update(range(i, casts[i]))
            continue
        # An act's or a scene's heading opens a scene, its directions before the first speech; a
        # section of notes to the actors does not (Ревизор's "Характеры и костюмы", set in italics).
        acting = i in headings and (has_number(para.text) or is_named(para.text))
        notes_to_actors = notes_to_actors and i not in headings or i in headings and not acting
        scene = scene and i not in headings or acting
        if i in headings:
            title = headings[i]
            calls = notes.get(i) or {}
            line = _without_calls(para.text, report, frozenset(calls))
            text = line if title is None else join_title(line, _without_calls(paragraphs[title].text, report))
            bare = is_bare_number(text) or is_named(text) and not has_title(text)  # "CHAPTER IV.", "PREFACE."
            if title is None and text.endswith(".") and not text.endswith("..") and bare:
                text = text[:-1]  # a typewriter's stop: a heading ends without one
            if title is not None:
                skip.add(title)
            text = _HEADING_DASH.sub(" — ", _dashes(text, conventions, counts))
            level = 2 if i in sections or i in under else levels.get(para.underline, 1)
            # Dracula's "CHAPTER II. JONATHAN HARKER'S JOURNAL--_continued_": emphasis in headings too.
            inlines = pg.inlines(text) if conventions else [Inline("text", text)]
            inlines += _heading_notes(para.text, calls, counts, conventions)
            counts["emphasis"] += sum(inline.kind == "emph" for inline in inlines)
            blocks.append(Block("Header", para.line, inlines, level=level, part=i in parts, backmatter=i in back,
                                frontmatter=i in front, volume=i in volumes))
            report.headings.append(text)
            continue
        if i in epigraphs:
            blocks.append(_epigraph(paragraphs, i, epigraphs[i], conventions, notes, counts))
            skip.update(range(i + 1, epigraphs[i] + 1))
            continue
        if i in quoted:
            blocks.append(_quoted_epigraph(paragraphs, i, quoted[i], notes, counts, report))
            skip.update(range(i + 1, quoted[i] + 1))
            continue
        if i in tables:
            shape, captioned, _ = tables[i]
            caption = _inlines(paragraphs[i - 1].text, {}, counts) if captioned else []
            cells = [[_inlines(cell, {}, counts) for cell in row] for row in shape.rows]
            counts["tables"] += 1
            blocks.append(Block("Table", para.line, caption, cells=cells, table=shape))
            continue
        if is_rule(para.text):
            counts["breaks"] += 1
            report.markup_words.update(words(para.text))  # "=====" counts as a word
            blocks.append(Block("HorizontalRule", para.line))
            continue
        block = _speech(para, counts) if play else None
        if speakers:
            block = _run_in_speech(para, speakers, conventions, notes.get(i, {}), counts)
            scene = scene and block is None
            if block is None and i not in notes and not notes_to_actors and is_stage_direction(para.text, speakers,
                                                                                              scene):
                counts["directions"] += 1  # "Входят Дуняша со свечой и Лопахин с книгой в руке."
                block = Block("Para", para.line, [Inline("emph", _dashes(para.text, conventions, counts))])
            # A speech going on after a pause ("Мужичок… (Перелистывает книгу.) Читал вот книгу…"):
            # its directions in italics, as in the paragraph that names its speaker.
            if (block is None and not scene and i not in quotes and DIRECTION.search(para.text)
                    and not _is_stanza(para.raw, short_verse, verse_book)):
                block = Block("Para", para.line,
                              _speech_inlines(para.text, counts, DIRECTION, conventions, notes.get(i, {})))
        if block is None and blocks and blocks[-1].kind == "LineBlock" and _POEM_DATE.fullmatch(para.text):
            counts["dates"] = counts.get("dates", 0) + 1  # "1818" under "Напишут наши имена!"
            date = Block("Para", para.line, [Inline("emph", _dashes(para.text, conventions, counts))])
            block = Block("Div", para.line, div_class="signature", children=[date])
        block = block or _block(i, para, rule, conventions, notes, quotes, counts, report, short_verse, verse_book,
                                run_ins)
        if block.kind == "BlockQuote" and blocks and blocks[-1].kind == "BlockQuote" and i - 1 in quotes:
            blocks[-1].children += block.children
        else:
            blocks.append(block)
    _unused_notes(notes, paragraphs, headings, report)
    if letters := find_letters(paragraphs, headings):  # structure, read in any text
        blocks = wrap_letters(blocks, paragraphs, letters)
        _letters_said(letters, report)
    if dates := diary_dates(paragraphs, headings, letters):
        blocks = wrap_dates(blocks, paragraphs, dates)
        report.decisions.append(f"diary dates:     {len(dates)} dates alone over their entries as ::: dateline")
    _decisions(counts, conventions, report)
    blocks, passages = mark_languages(blocks, report.language)
    if passages:
        listed = ", ".join(f"{n} in {lang}" for lang, n in passages.most_common())
        report.decisions.append(f"languages:       passages in another language marked [..]{{lang=…}}: {listed}")
    return blocks


def _letters_said(letters: list[dict[int, str]], report: ImportReport) -> None:
    roles = Counter(role for found in letters for role in set(found.values()) if role)
    parts = ", ".join(f"{roles[r]} with a {r}" for r in ("dateline", "salutation", "signature", "postscript")
                      if roles[r])
    report.decisions.append(f"letters:         {len(letters)} as ::: letter ({parts or 'no parts found'})")


def _tables(paragraphs: list[Paragraph], headings: dict) -> dict[int, tuple[TextTable, bool, int]]:
    """Paragraph index → the table it draws (with the paragraphs after it, when its rules of
    dashes stand as breaks of their own: the Infantry Drill Regulations' table of hits), whether
    the paragraph before it is its caption, and how many paragraphs it spans."""
    found = {}
    i = 0
    while i < len(paragraphs):
        span = _ruled_span(paragraphs, i)
        raw = tuple(line for para in paragraphs[i:i + span] for line in para.raw)
        shape = read_table(raw) if i not in headings and len(raw) >= MIN_ROWS else None
        if shape is not None:
            found[i] = (shape, i > 0 and i - 1 not in headings and is_caption(paragraphs[i - 1].text), span)
        i += span if shape is not None else 1
    return found


def _ruled_span(paragraphs: list[Paragraph], i: int) -> int:
    """How many paragraphs from i make one table between rules of dashes (rule, rows, rule…),
    its rows' cells parted by bars; 1 when paragraph i opens none."""
    end = i
    while (end + 2 < len(paragraphs) and is_rule(paragraphs[end].text)
           and all("|" in line for line in paragraphs[end + 1].raw) and is_rule(paragraphs[end + 2].text)):
        end += 2
    return end - i + 1 if end > i else 1


def _block(i: int, para: Paragraph, rule: str, conventions: bool, notes: dict, quotes: set[int],
           counts: dict, report: ImportReport, short_verse: bool = False, verse_book: bool = False,
           run_ins: bool = False) -> Block:
    if not conventions:
        if i in notes:  # the calls of notes found under a "Примечания" line
            return Block("Para", para.line, _inlines(para.text, notes[i], counts, conventions))
        run_in = split_run_in(para.text) if run_ins else None
        if run_in:
            head, separator, rest = run_in
            report.run_in_headings.append(head)
            return Block("Para", para.line, [Inline("run-in", head), Inline("text", separator + rest)])
        return Block("Para", para.line, [Inline("text", para.text)])
    caption = pg.illustration(para.text)
    if caption is not None:
        counts["illustrations"] += 1
        report.markup_words["illustration"] += 1
        return Block("Div", para.line, _inlines(caption, {}, counts) if caption else [])
    side = pg.sidenote(para.text)
    if side is not None:
        counts["sidenotes"] += 1
        report.markup_words["sidenote"] += 1
        return Block("Div", para.line, _inlines(side, {}, counts), div_class="sidenote")
    if i in quotes:
        counts["quotations"] += 1
        if _is_verse(para.raw):
            verse = _indented_lines(para, notes.get(i, {}), counts)
            return Block("BlockQuote", para.line, children=[Block("LineBlock", para.line, verse=verse)])
        inner = Block("Para", para.line, _inlines(para.text, notes.get(i, {}), counts))
        return Block("BlockQuote", para.line, children=[inner])
    if rule == RULE_BLANK and _is_stanza(para.raw, short_verse, verse_book):
        counts["stanzas"] += 1
        return Block("LineBlock", para.line, verse=_indented_lines(para, notes.get(i, {}), counts))
    return Block("Para", para.line, _inlines(para.text, notes.get(i, {}), counts))


def _indented_lines(para: Paragraph, notes: dict, counts: dict) -> list:
    """A stanza's lines, each indented deeper than the stanza's margin keeping that indent
    (pandoc: no-break spaces): Dickinson's short third lines, Blok's every second line in "Скифы"."""
    margin = min(len(line) - len(line.lstrip()) for line in para.raw)
    return [[Inline("text", " " * (len(line) - len(line.lstrip()) - margin))] + _inlines(line.strip(), notes, counts)
            for line in para.raw]


def _is_play(paragraphs: list[Paragraph], headings: dict) -> bool:
    """A play set as plain texts set them: a fifth or more of its paragraphs a speech opening with
    its speaker's name on a line of its own ("Sampson." over "Gregory, o' my word, …")."""
    text = [p for i, p in enumerate(paragraphs) if i not in headings]
    return bool(text) and sum(_speaker(p) for p in text) >= len(text) / 5


def _speaker(para: Paragraph) -> bool:
    return len(para.raw) > 1 and is_speaker_label(para.raw[0])


def _chapter_epigraphs(paragraphs: list[Paragraph], headings: dict[int, int | None]) -> dict[int, int]:
    """A chapter's epigraph under its heading (and title): its first paragraph → its source's. A
    source is a name: a short poem over its date set in ("Июнь 1909", Blok's) or over a numeral
    is no epigraph."""
    gap = _usual_gap(paragraphs)
    found = {}
    for heading, title in headings.items():
        start = (heading if title is None else title) + 1
        source = epigraph_source(paragraphs, start, gap) if start not in headings else None
        if source is None and _epigraph_over_section(paragraphs, heading, start, headings):
            found[start] = start  # its source its last line
            continue
        if source is None or any(i in headings for i in range(start, source + 1)):
            continue
        if not any(ch.isdigit() for ch in pg.without_notes_in_calls(paragraphs[source].text)):
            found[start] = source
    return found


_CALL_AT_END = re.compile(r"\[\w{1,3}\]$")  # "Князь Вяземский[2]": a note on the source


def _epigraph_over_section(paragraphs: list[Paragraph], heading: int, start: int,
                           headings: dict[int, int | None]) -> bool:
    """Lines under a chapter's heading, the last a name, right over its first section's numeral
    (Onegin's "Глава первая" over "И жить торопится, и чувствовать спешит." / "Князь Вяземский[2]"
    over "I"): an epigraph and its source, typed with no blank line or indent to set them apart."""
    if start + 1 not in headings or not names_a_chapter(paragraphs[heading].text):
        return False
    raw = [line.strip() for line in paragraphs[start].raw if line.strip()]
    source = _CALL_AT_END.sub("", pg.without_notes_in_calls(raw[-1])) if raw else ""
    return (2 <= len(raw) <= EPIGRAPH_LINES + 1 and len(source.split()) <= EPIGRAPH_SOURCE_WORDS
            and source[:1].isupper() and not source.endswith((",", ";", ":", "!", "?", "…"))
            and not any(ch.isdigit() for ch in source) and is_numeral(paragraphs[start + 1].text))


def _quoted_epigraphs(paragraphs: list[Paragraph], headings: dict[int, int | None], quotes: set[int]) -> dict:
    """A chapter's epigraph set as a quotation under its heading (and title), over its source:
    its first paragraph → its last. Where most chapters opening with a quotation have one (and
    three at least), the others' quotations are epigraphs too, unsigned."""
    starts = [(heading if title is None else title) + 1 for heading, title in headings.items()]
    starts = [start for start in starts if start not in headings and start in quotes]
    found = {start: quoted_epigraph(paragraphs, start, quotes, headings) for start in starts}
    signed = {start: end for start, end in found.items() if end is not None}
    if len(signed) >= UNSIGNED_AMONG and len(signed) * 2 >= len(starts):
        unsigned = {start: quoted_epigraph(paragraphs, start, quotes, headings, sourced=False)
                    for start in starts if start not in signed}
        # Its last paragraph verse: one of prose would be set as its source (Middlemarch's Spanish
        # "--CERVANTES." over its English, unsigned).
        signed |= {start: end for start, end in unsigned.items()
                   if end is not None and (end == start or _is_verse(paragraphs[end].raw))}
    return signed


UNSIGNED_AMONG = 3  # signed epigraphs in a book before its unsigned ones are taken for epigraphs


def _quoted_epigraph(paragraphs: list[Paragraph], start: int, end: int, notes: dict, counts: dict,
                     report: ImportReport) -> Block:
    """The quotation's paragraphs (verse or prose, as any quotation's) as a `::: epigraph` div, its
    source, parted from its last line, the div's last paragraph."""
    split = split_source(paragraphs[end])
    last, source = split if split is not None else (paragraphs[end], "")
    quoted = [*paragraphs[start:end], *([last] if last is not None else [])]
    children = [child for k, para in enumerate(quoted, start)
                for child in _block(k, para, RULE_BLANK, True, notes, {k}, counts, report).children]
    by = [Block("Para", paragraphs[end].line, _inlines(source, notes.get(end, {}), counts))] if source else []
    counts["epigraphs"] += 1
    return Block("Div", paragraphs[start].line, div_class="epigraph", children=[*children, *by])


def _epigraph(paragraphs: list[Paragraph], start: int, source: int, conventions: bool, notes: dict,
              counts: dict) -> Block:
    """A chapter's epigraph as a `::: epigraph` div: its lines (verse when more than one), then its
    source; `source` == `start`: one paragraph, its source its last line."""
    if source == start:
        *said, by_line = [line.strip() for line in paragraphs[start].raw if line.strip()]
        lines = [_inlines(line, notes.get(start, {}), counts, conventions) for line in said]
        by_inlines = _inlines(by_line, notes.get(start, {}), counts, conventions)
    else:
        lines = [_inlines(paragraphs[i].text, notes.get(i, {}), counts, conventions) for i in range(start, source)]
        by_inlines = _inlines(paragraphs[source].text, notes.get(source, {}), counts, conventions)
    words = Block("LineBlock", paragraphs[start].line, verse=lines) if len(lines) > 1 else \
        Block("Para", paragraphs[start].line, lines[0])
    by = Block("Para", paragraphs[source].line, by_inlines)
    counts["epigraphs"] += 1
    return Block("Div", paragraphs[start].line, div_class="epigraph", children=[words, by])


def _speech(para: Paragraph, counts: dict) -> Block | None:
    """In a play, a speech's speaker in small capitals: run in to a speech in prose ("Sampson.
    Gregory, o' my word"), on the line over one in verse, which keeps its lines (the name had been
    plain, or a line of the verse); and its stage directions in square brackets, alone ("[Enter
    Chorus.]") or in a speech, in italics. None for other paragraphs."""
    if _STAGE_DIRECTION.fullmatch(para.text) and not pg.illustration(para.text):
        counts["directions"] += 1
        return Block("Para", para.line, [Inline("emph", _dashes(para.text, True, counts))])
    if not _speaker(para):
        return None
    counts["speeches"] += 1
    speaker = Inline("speaker", " ".join(para.raw[0].split()))  # "Lady  Montague."
    lines = [line.strip() for line in para.raw[1:]]
    if len(lines) > 1 and _is_stanza(para.raw[1:]):
        # Lines set deeper than the speech's first keep the difference (the Prologue's sonnet).
        margin = min(len(line) - len(line.lstrip()) for line in para.raw[1:])
        verse = [[Inline("text", " " * (len(raw) - len(raw.lstrip()) - margin))] + _speech_inlines(line, counts)
                 for raw, line in zip(para.raw[1:], lines, strict=True)]
        return Block("LineBlock", para.line, verse=[[speaker], *verse])
    return Block("Para", para.line, [speaker, Inline("text", " "), *_speech_inlines(" ".join(lines), counts)])


# A poem's date under it: "1818", "1825 г.", "1830–1831", "19 октября 1825", "Болдино, 1830", "Май 1836".
_POEM_DATE = re.compile(r"(?:[^\W\d_][\w.-]*(?: [^\W\d_][\w.-]*)?,? )?(?:\d{1,2} [^\W\d_]+ )?"
                        r"1[5-9]\d\d(?: ?[-–—] ?(?:1[5-9])?\d\d)?(?: ?гг?\.)?")


# A note under a "Примечания" line numbered as a list is ("1. Пиквикский клуб — …", "2) …"), called "[1]".
_NUMBERED_DEFINITION = re.compile(r"(?P<label>\d{1,3})[.)]\s+(?P<text>\S.*)", re.DOTALL)


def _numbered_definition(text: str) -> tuple[str, str] | None:
    match = _NUMBERED_DEFINITION.fullmatch(text)
    return (match["label"], match["text"].strip()) if match else None


def _cast_lists(paragraphs: list[Paragraph], headings: dict, notes: dict) -> dict[int, int]:
    """A play's cast under its heading ("Действующие лица"): its first paragraph → the index after
    its last (the next heading's), when it is short lines, none calling a note."""
    found = {}
    for i in sorted(headings):
        if not is_cast_heading(paragraphs[i].text):
            continue
        start = (headings[i] if headings[i] is not None else i) + 1
        end = next((k for k in sorted(headings) if k > i), len(paragraphs))
        people = range(start, end)
        if people and all(len(paragraphs[k].text) <= CAST_LINE and k not in notes for k in people):
            found[start] = end
    return found


CAST_LINE = 200  # "Симеонов-Пищик Борис Борисович, помещик."; a longer paragraph is no cast list


def _cast(paragraphs: list[Paragraph], start: int, end: int, conventions: bool, counts: dict) -> Block:
    """The cast as a `::: dramatis-personae` list, one person an item, and the play's setting
    under it ("Действие происходит в имении…") in italics."""
    people = [k for k in range(start, end) if not (k == end - 1 and is_setting(paragraphs[k].text))]
    children = [Block("BulletList", paragraphs[start].line,
                      verse=[_inlines(paragraphs[k].text, {}, counts, conventions) for k in people])]
    if people[-1] != end - 1:
        children.append(Block("Para", paragraphs[end - 1].line,
                              [Inline("emph", _dashes(paragraphs[end - 1].text, conventions, counts))]))
    counts["casts"] = counts.get("casts", 0) + 1
    return Block("Div", paragraphs[start].line, div_class="dramatis-personae", children=children)


def _run_in_speech(para: Paragraph, speakers: frozenset[str], conventions: bool, calls: dict,
                   counts: dict) -> Block | None:
    """In a play typed with its speakers' names run in ("Лопахин (прислушивается). Нет…"), a
    speech's name in small capitals, its stage directions in parentheses in italics; and so a
    paragraph that is a direction alone ("(Уходит.)"). None for other paragraphs."""
    if DIRECTION.fullmatch(para.text):
        counts["directions"] += 1
        return Block("Para", para.line, [Inline("emph", _dashes(para.text, conventions, counts))])
    parts = split_speech(para.text, speakers)
    if parts is None:
        return None
    name, direction, speech = parts
    counts["speeches"] += 1
    opening = [Inline("speaker", name), Inline("text", " "), Inline("emph", direction), Inline("text", ". ")] \
        if direction else [Inline("speaker", name + "."), Inline("text", " ")]
    return Block("Para", para.line, [*opening, *_speech_inlines(speech, counts, DIRECTION, conventions, calls)])


def _speech_inlines(text: str, counts: dict, directions: re.Pattern[str] | None = None, conventions: bool = True,
                    calls: dict | None = None) -> list[Inline]:
    """A speech's words, its stage directions in square brackets ("[Aside.]", "[Beats down their
    swords.]"), or in parentheses in a play that sets them so, in italics; a note's call ("[1]") is none."""
    out: list[Inline] = []
    done = 0
    for match in (directions or _STAGE_DIRECTION).finditer(text):
        if match[0][1:2].isdigit():
            continue
        out += _inlines(text[done:match.start()], calls or {}, counts, conventions) if match.start() > done else []
        out.append(Inline("emph", _dashes(match[0], conventions, counts)))
        counts["directions"] += 1
        done = match.end()
    return out + (_inlines(text[done:], calls or {}, counts, conventions) if done < len(text) else [])


_STAGE_DIRECTION = re.compile(r"\[[^\[\]]+\]")


def _inlines(text: str, calls: dict[str, str | tuple[str, ...]], counts: dict,
             conventions: bool = True) -> list[Inline]:
    """Dashes, then emphasis (with the plain-text conventions), and the footnote calls (by label)
    replaced by their notes."""
    text = _dashes(text, conventions, counts)
    notes = {offset: _note(calls[label], counts, conventions)
             for offset, label in pg.marker_offsets(text) if label in calls}
    counts["notes"] += len(notes)
    out = pg.inlines(text, notes, emphasis=conventions)
    counts["emphasis"] += sum(i.kind == "emph" for i in out)
    counts["strong"] += sum(i.kind == "strong" for i in out)
    return out


def _note(note: str | tuple[str, ...] | list[str], counts: dict, conventions: bool = True) -> Inline:
    """A note's text, its lines of verse (a tuple) or its paragraphs (a list), as a footnote."""
    if isinstance(note, list):
        first, *more = (tuple(_inlines(text, {}, counts, conventions)) for text in note)
        return Inline("note", note=first, more=tuple(more))
    if isinstance(note, tuple):
        return Inline("note", verse=tuple(tuple(_inlines(line, {}, counts, conventions)) for line in note))
    return Inline("note", note=tuple(_inlines(note, {}, counts, conventions)))


# --- headings ----------------------------------------------------------------------------------


# A dash closed up between a heading's words ("CHAPTER III—THE LARK"), spaced: pandoc makes the
# heading's id, the chapter's file name in the EPUB and on the web, of its words, and would run
# "iii" and "the" together ("chapter-iiithe-lark"). The house dash is set as before either way.
_HEADING_DASH = re.compile(r"(?<=[\w.,;:!?])—(?=\w)")


def _dashes(text: str, conventions: bool, counts: dict) -> str:
    if not conventions:
        return text
    text, n = pg.dashes(text)
    counts["dashes"] += n
    return text


DIALOGUE_SHARE = 0.1  # novels: a third to a half of their paragraphs; a report quotes a few (3 %)


def is_narrative(paragraphs: list[Paragraph]) -> bool:
    """A story told in dialogue: one paragraph in ten or more opens with a dash ("— Да, — сказал
    он."). Its "Мы пошли: …" and "Между тем все это молодое поколение: Борис — офицер" are
    sentences, not run-in headings, which label the paragraphs of a report."""
    spoken = sum(p.text.lstrip()[:1] in "—–" for p in paragraphs)
    return spoken >= len(paragraphs) * DIALOGUE_SHARE


def _part_openings(paragraphs: list[Paragraph], headings: list[int]) -> set[int]:
    """The headings that open parts, in a book divided into parts (a part's, book's or act's name
    over a chapter's heading: "ЧАСТЬ ПЕРВАЯ" over "I"): every such name, and a named section
    right over chapters of its own ("ЭПИЛОГ" over "I")."""
    pairs = list(zip(headings, headings[1:], strict=False))
    text = [p.text for p in paragraphs]
    # Ulysses' "— II —" right over its episode "[ 4 ]": a numeral between dashes over a heading.
    dashed = {i for i, j in pairs if j == i + 1 and is_dashed_numeral(text[i]) and not is_dashed_numeral(text[j])}
    titled = part_titles(paragraphs) | (dashed if len(dashed) >= PART_TITLES_MIN else set())
    # A part's own preface, over its chapters, is inside it (Gogol's "Часть ПЕРВАЯ" over "Предисловие").
    # Parts found by their titles make a named one a part as well, over its prologue (Nekrasov's
    # "ЧАСТЬ ПЕРВАЯ" over "Пролог", beside "ПОСЛЕДЫШ" and "КРЕСТЬЯНКА").
    if not titled and not any(names_a_part(text[i]) and (not is_part(text[j]) or is_preface(text[j]))
                              for i, j in pairs):
        return titled
    found = titled | {i for i in headings if names_a_part(text[i])}
    return found | {i for i, j in pairs if is_named(text[i]) and j == i + 1 and not is_part(text[j])}


def _volume_openings(paragraphs: list[Paragraph], parts: set[int]) -> set[int]:
    """The part openings that open volumes: in a book whose parts are named by two words, the
    first named's, when each holds the other's (Les Misérables' "VOLUME I.--FANTINE" over its
    "BOOK FIRST--A JUST MAN"s, War and Peace's "ТОМ ПЕРВЫЙ" over its "ЧАСТЬ ПЕРВАЯ"s)."""
    named = [(i, paragraphs[i].text.split()[0].upper()) for i in sorted(parts) if names_a_part(paragraphs[i].text)]
    words = [word for _, word in named]
    if len(set(words)) != 2:
        return set()
    outer = words[0]
    inner = next(word for word in words if word != outer)
    # Each volume holds a part at least, and there are more parts than volumes.
    holds = all(after == inner for word, after in zip(words, words[1:] + [None], strict=True) if word == outer)
    if not holds or words.count(inner) <= words.count(outer):
        return set()
    volumes = {i for i, word in named if word == outer}
    # A named section over chapters of its own after them stands beside them: the Brothers
    # Karamazov's EPILOGUE after its PART IV, not in it.
    return volumes | {i for i in parts if i > min(volumes) and not names_a_part(paragraphs[i].text)}


PART_TITLES_MIN = 2  # chapters numbered from one again, twice at least, show the parts
_FIRST = {"I", "1", "ONE", "FIRST"}


def part_titles(paragraphs: list[Paragraph]) -> set[int]:
    """Lines of capitals alone right over a chapter numbered one ("PARADISE" over "CANTO I",
    "HELL (OR THE INFERNO)" over "CANTO I"): the titles of parts named, not numbered, as the
    Divine Comedy's canticles are. The numbering starting again shows them, so two at least."""
    found = {i for i, p in enumerate(paragraphs[:-1])
             if _capitals_line(p) and _numbered_one(paragraphs[_under_subtitle(paragraphs, i + 1)].text)
             and not _byline_line(p)}
    # Titles over what they are in parentheses ("ПОСЛЕДЫШ" over "(Из второй части…)"), one of them
    # over a chapter's heading ("Глава I", "Пролог"): the parts of Nekrasov's poem, each so set.
    subtitled = {i for i, p in enumerate(paragraphs[:-2]) if _capitals_line(p) and _is_subtitle(paragraphs[i + 1])}
    if len(subtitled) >= PART_TITLES_MIN and any(is_heading(paragraphs[i + 2].text) and not is_part(
            paragraphs[i + 2].text) for i in subtitled):
        found |= subtitled
    return found if len(found) >= PART_TITLES_MIN else set()


def _is_subtitle(para: Paragraph) -> bool:
    return len(para.raw) == 1 and is_parenthesized(para.text)


def _under_subtitle(paragraphs: list[Paragraph], i: int) -> int:
    """Paragraph i, or the one after it when i is a title's subtitle in parentheses."""
    return i + 1 if i + 1 < len(paragraphs) and _is_subtitle(paragraphs[i]) else i


BYLINED_NAMES_MIN = 2  # an anthology's bylines name two people at least


def bylined_titles(paragraphs: list[Paragraph]) -> set[int]:
    """Lines of capitals alone, each over a byline ("THE CLOAK" over "BY NIKOLAY V. GOGOL", Best
    Russian Short Stories): an anthology's stories' titles, bare of any numeral. They were lines
    of the text, a byline over a story's first numbered section taken as a part's title, and the
    story before ran on. Only where the bylines name two people or more (a pseudonym in brackets
    after a name, "BY M.Y. SALTYKOV [_N.Shchedrin_]", aside)."""
    named = {i: name for i, p in enumerate(paragraphs[:-1]) if _capitals_line(p)
             and (name := _byline_line(paragraphs[i + 1]))}
    return set(named) if len(set(named.values())) >= BYLINED_NAMES_MIN else set()


def _byline_line(para: Paragraph) -> str:
    return byline_name(re.sub(r"\s*\[[^\]]*\]$", "", para.text)) if len(para.raw) == 1 else ""


def _capitals_line(para: Paragraph) -> bool:
    text = para.text
    return (len(para.raw) == 1 and sum(c.isalpha() for c in text) >= 3 and not any(c.islower() for c in text)
            and is_title(text) and not is_heading(text) and not is_rule(text))


def _numbered_one(text: str) -> bool:
    return is_heading(text) and is_bare_number(text) and not is_part(text) and number_of(text).upper() in _FIRST


def _back_matter(paragraphs: list[Paragraph], headings: list[int], parts: set[int]) -> set[int]:
    """The named sections after the parts began that hold no chapters ("Afterword" after the
    last part, "ЭПИЛОГ" alone): they end the part before them (`{.backmatter}`)."""
    first, last = min(parts, default=None), max(parts, default=None)
    # One before a later part is in the part it opens or ends (Nekrasov's "КРЕСТЬЯНКА" over "Пролог").
    return {i for i in headings if first is not None and last is not None and i > last and i not in parts
            and is_named(paragraphs[i].text) and not is_preface(paragraphs[i].text)}


def _front_matter(paragraphs: list[Paragraph], headings: list[int]) -> set[int]:
    """The prefaces and forewords the text opens with, before its first other heading: front
    matter (`{.frontmatter}`), so that the text's start is its first chapter or part."""
    front = set()
    for i in headings:
        if not is_preface(paragraphs[i].text):
            break
        front.add(i)
    return front


def _numbered_sections(paragraphs: list[Paragraph], headings: list[int]) -> set[int]:
    """Roman numerals alone after a chapter's heading or a story's centred title, up to the next
    other heading ("ГЛАВА ПЕРВАЯ", then Onegin's stanzas "I", "II", …; "ШВЕДСКАЯ СПИЧКА", then
    "I", "II"): sections of that chapter (level 2), not chapters; so are stanzas left out, numbered
    in one line ("XXXIX. XL. XLI"), and the stanzas after them. Under a story's title a numeral
    with a title of its own is one too (Gogol's "Майская ночь, или Утопленница" over "I. Ганна"),
    but not under a preface's."""
    centred = centred_titles(paragraphs)
    stories = centred | apart_titles(paragraphs) | bylined_titles(paragraphs)
    books = _collection_books(paragraphs, headings)
    found: set[int] = set()
    in_chapter = in_story = False
    for i in headings:
        text = paragraphs[i].text
        if i in books:
            in_chapter, in_story = True, False
        elif is_numeral(text) or is_numeral_run(text) \
                or in_story and opens_with_numeral(text) and not names_a_chapter(text) and not names_a_part(text):
            if in_chapter:
                found.add(i)
        else:
            # A preface numbers no sections: the numeral after it opens the text (Lermontov's
            # "Предисловие" to Pechorin's journal, then its first story, "I" over "ТАМАНЬ").
            in_chapter = (names_a_chapter(text) or i in stories or _titled_over_numeral(paragraphs, i, headings)) \
                and not is_preface(text)
            in_story = in_chapter and i in stories
    return found


def _titled_over_numeral(paragraphs: list[Paragraph], i: int, headings: list[int]) -> bool:
    """A named section over its title and a numeral ("Эпилог" over "Гриша Добросклонов" over "I"):
    a chapter numbering its sections; "ЭПИЛОГ" right over "I" is a part over its chapters."""
    return (is_named(paragraphs[i].text) and i + 1 not in headings and i + 2 in headings
            and is_numeral(paragraphs[i + 2].text))


def _collection_books(paragraphs: list[Paragraph], candidates: list[int]) -> set[int]:
    """The books of a collection of poems, each a numeral and its title over its first poem's
    numeral, "I." (Dickinson's "I. LIFE." over "I." over "SUCCESS.", "II. LOVE." over "I."): read as
    headings in a row, a table of contents, they were lines of text, and a series' poems the
    sections of the heading before them, one poem."""
    return {i - 1 for i in candidates if i > 0 and len(paragraphs[i - 1].raw) <= 1
            and _BOOK_OF_POEMS.fullmatch(paragraphs[i - 1].text)
            and is_numeral(paragraphs[i].text) and numeral_value(paragraphs[i].text) == 1}


_BOOK_OF_POEMS = re.compile(r"[IVXL]{1,6}\. [A-Z][A-Z ,'’-]{2,40}\.?")


def _headings(paragraphs: list[Paragraph], listed: dict[str, int] | None = None) -> dict[int, int | None]:
    """Heading paragraph index → index of its title paragraph (or None); `listed`: the entries
    of the book's contents list (contents_list), when it is no longer among the paragraphs."""
    entries, listing = contents_list(paragraphs) if listed is None else (listed, range(0))
    named = listed_titles(paragraphs, entries, listing.stop)
    centred = centred_titles(paragraphs, listed) | apart_titles(paragraphs) | named
    figures = _counted_figures(paragraphs, set(listing))
    candidates = sorted(centred | figures | {i for i, p in enumerate(paragraphs)
                                             if len(p.raw) <= 1 and is_heading(p.text) and not p.underline})
    # A contents list's lines are no headings (A Tale of Two Cities' books, each over its chapters);
    # what it names after it is (the Brothers Karamazov's "PART I" over "Book I", right after it).
    listed_lines = set(listing) if len(entries) >= CONTENTS_MIN_ENTRIES else set()
    contents = (_contents_entries(paragraphs, candidates) - named) | listed_lines
    candidates = [i for i in candidates if i not in contents]
    # An underlined line is a heading by the author's own mark, even right before another one.
    found: dict[int, int | None] = {i: None for i, p in enumerate(paragraphs) if p.underline}
    # A chapter's label the contents list names ("CHAPTER IV." over "OF WHAT HAPPENED TO OUR KNIGHT…",
    # Don Quixote's) takes the line under it as its title, as an unlisted one does.
    untitled = [i for i in candidates if not has_title(paragraphs[i].text)
                and (i not in centred or is_heading(paragraphs[i].text))]
    titles = _Titles(paragraphs, _titles_are_the_rule(paragraphs, untitled), _usual_gap(paragraphs),
                     _wrapped_titles_are_the_rule(paragraphs, untitled))
    taken: set[int] = set()  # lines taken as a title ("Заключение" under "Глава X") are no headings
    over_heading: dict[int, int] = {}  # heading → the line taken as its title, a heading under that
    for i in candidates:
        if i in taken:
            continue
        title = None
        nxt = i + 1
        # A part's preface is a section of the part, not its title (Gogol's "Часть ПЕРВАЯ" over "Предисловие").
        named_under_part = nxt < len(paragraphs) and names_a_part(paragraphs[i].text) and is_named(paragraphs[nxt].text)
        if (i in untitled and titles.is_title(nxt) and not named_under_part) or _wraps_on(paragraphs, i):
            title, nxt = nxt, nxt + 1
            taken.add(title)
        # A heading is followed by text; headings in a row are a table of contents.
        if nxt < len(paragraphs) and not is_heading(paragraphs[nxt].text) and not is_entries(paragraphs[nxt].raw):
            found[i] = title
        elif title is not None:
            over_heading[i] = title
    found.update(dict.fromkeys(part_titles(paragraphs)))
    found.update(dict.fromkeys(_chapter_notes(paragraphs)))
    found.update(dict.fromkeys(_collection_books(paragraphs, candidates)))
    found.update(dict.fromkeys(untitled_poems(paragraphs)))
    _headings_over_headings(paragraphs, candidates, found, centred, over_heading)
    _parts_over_a_line(paragraphs, found, over_heading)
    # Once a book over its title and chapter is found, the part over it is (the Karamazovs' "Часть
    # первая" over "Книга первая" over "История одной семейки" over "I").
    _headings_over_headings(paragraphs, candidates, found, centred, over_heading)
    for i in _lone_numerals(paragraphs, found, centred) + _stanza_numbers(paragraphs, found):
        del found[i]
    for i in bylined_titles(paragraphs):  # the story's title heads it, its byline is no part's
        found[i] = None
        found.pop(i + 1, None)
    return found


_ASTERISM = re.compile(r"^\*\s*\*\s*\*$")


def untitled_poems(paragraphs: list[Paragraph]) -> set[int]:
    """The "* * *" over each untitled poem of a book of verse (Blok's books, 231 of them in the
    first): the poem's heading, as Russian books set one; in prose the same line parts two scenes."""
    if not verse_is_the_rule(paragraphs, short_lines_are_verse(paragraphs)):
        return set()
    return {i for i, p in enumerate(paragraphs[:-1]) if len(p.raw) <= 1 and _ASTERISM.match(p.text)
            and not is_rule(paragraphs[i + 1].text)}


def _stanza_numbers(paragraphs: list[Paragraph], found: dict) -> list[int]:
    """Roman numerals alone set in among the indented lines of a poem quoted in prose (Pamela's
    "VERSES ON MY GOING AWAY." over "I." over its first stanza, "II." over the next): the poem's
    stanzas' numbers, lines of the quotation, not chapters."""
    quoted = _quotations(paragraphs, {})

    def in_poem(i: int) -> bool:
        return {i, i + 1} <= quoted and is_numeral(paragraphs[i].text) and len(paragraphs[i + 1].raw) > 1

    # The first may open the quotation, over the poem's first stanza and "II."; in a book whose
    # chapters are named ("LETTER XXXII"), a numeral is no chapter's even between prose paragraphs.
    labelled = any(names_a_chapter(paragraphs[i].text) for i in found)
    return [i for i in found if in_poem(i) and (labelled or i - 1 in quoted or in_poem(i + 2))]


def _headings_over_headings(paragraphs: list[Paragraph], candidates: list[int], found: dict, centred: set[int],
                            over_heading: dict[int, int]) -> None:
    """The headings right over a heading found: a part's over its first chapter's ("ЧАСТЬ
    ПЕРВАЯ", then "I"), and a chapter's over its first numbered section ("ГЛАВА ПЕРВАЯ", then stanza "I")."""
    for i in reversed(candidates):
        if i not in found and i + 1 in found:
            below = paragraphs[i + 1].text
            if _opens(paragraphs[i].text, below) or i in centred and is_numeral(below):
                found[i] = None
        # ...and for a chapter's heading and title over its first numbered section (Bryusov's
        # "Глава 5." over "Как мы изучали магию…" over "I": the chapter was lost, its sections ran on;
        # Nekrasov's "Эпилог" over "Гриша Добросклонов" over "I").
        elif i not in found and (title := over_heading.get(i)) is not None and title + 1 in found \
                and (names_a_chapter(paragraphs[i].text) or is_named(paragraphs[i].text)) \
                and is_numeral(paragraphs[title + 1].text):
            found[i] = title


STRAY_AMONG = 3  # other headings, at least, for each numeral that numbers nothing
FIGURES_MIN = 5  # chapters numbered by a figure alone, at least, for such figures to be headings
_FIGURE_ALONE = re.compile(r"^\d{1,3}\.?$")
# An editor's numbered comments at the end (War and Peace's "Комментарии", each number over its comment).
# A chapter's own numbered notes, after it: the History of Pugachev's "Примечания к главе первой".
_CHAPTER_NOTES = re.compile(r"^(?:ПРИМЕЧАНИЯ К|NOTES TO) (?:ГЛАВЕ|CHAPTER) \w+\.?$", re.IGNORECASE)
_COMMENTARY = re.compile(r"^(?:КОММЕНТАРИИ|COMMENTARY|COMMENTS|ENDNOTES|EXPLANATORY NOTES)\.?$"
                         rf"|{_CHAPTER_NOTES.pattern}", re.IGNORECASE)
_OPENING = "\"“‘'«„(_*"  # before a title's or a sentence's first letter ('"Pieces of Eight"')


def _counted_figures(paragraphs: list[Paragraph], listing: set[int]) -> set[int]:
    """Figures alone on their line that number chapters (Treasure Island's "1" over "The Old
    Sea-dog at the Admiral Benbow", then "2"…"34"): each after more blank lines than stand between
    paragraphs, before a line that opens with a capital (after a dash or dots too), and counting
    up by one from 1 (from 1 again in a new part), in runs of three or more. A page number left in
    a text stands between paragraphs as they do, or breaks a sentence; a figure in a list or a
    table is no paragraph; a number under a "Notes", "Комментарии" or "Примечания к главе первой"
    line is a note's."""
    usual = _usual_gap(paragraphs)
    seen: list[tuple[int, int]] = []
    notes = False  # under a "Примечания" or "Комментарии" line: numbered notes, up to a heading
    # The first paragraph too: the title page over Blok's "1" is taken out before.
    for i, para in enumerate(paragraphs[:-1]):
        notes = (pg.is_footnotes_line(para.text) or bool(_COMMENTARY.match(para.text))
                 or notes and not is_heading(para.text))
        if (not notes and i not in listing and len(para.raw) <= 1 and _FIGURE_ALONE.match(para.text)
                and (i == 0 or _gap_after(paragraphs, i - 1) > usual) and _opens_sentence(paragraphs[i + 1].text)):
            seen.append((i, int(para.text.rstrip("."))))
    counted: list[int] = []
    run: list[tuple[int, int]] = []
    for i, value in [*seen, (-1, 0)]:  # the last: ends the last run
        if run and value == run[-1][1] + 1:
            run.append((i, value))
            continue
        counted += [j for j, _ in run] if len(run) >= 3 else []
        run = [(i, value)] if value == 1 else []
    return set(counted) if len(counted) >= FIGURES_MIN else set()


def _chapter_notes(paragraphs: list[Paragraph]) -> set[int]:
    """A chapter's notes' line after its text ("Примечания к главе первой"): a section of that
    chapter (level 2), over its notes."""
    return {i for i, para in enumerate(paragraphs[:-1])
            if len(para.raw) <= 1 and _CHAPTER_NOTES.match(para.text.strip())}


def _opens_sentence(text: str) -> bool:
    """A capital first, after quotation marks, a dialogue's dash or dots (Blok's "6" over "...Опять")."""
    return text.lstrip(_OPENING + "—–-.… ")[:1].isupper()


def _lone_numerals(paragraphs: list[Paragraph], found: dict, centred: set[int]) -> list[int]:
    """Roman numerals alone that number nothing, none numbered one less or one more, in a book
    whose headings are of another kind (Ulysses' "M", Milly's signature, and Bloom's "I." written
    in the sand, among its episodes "[ 1 ]" to "[ 18 ]"): lines of text."""
    values = {i: v for i in found if i not in centred and (v := numeral_value(paragraphs[i].text)) is not None}
    numbered = set(values.values())
    if any(v - 1 in numbered or v + 1 in numbered for v in numbered):
        return []  # numerals that count: chapters
    return list(values) if len(found) - len(values) >= STRAY_AMONG * len(values) else []


def _parts_over_a_line(paragraphs: list[Paragraph], found: dict, over_heading: dict[int, int]) -> None:
    """A part's heading over one line and its first chapter's heading is a heading too (Anna
    Karenina's "Часть первая" over the novel's epigraph, "Мне отмщение, и Аз воздам", over "I": it
    was taken for a table of contents and set aside with the title page). The line is the part's
    title, unless the book's other parts stand right over their chapters: then it is text, an
    epigraph on the part's page."""
    # (A named section over its chapters is no such part: the Karamazovs' "Эпилог" over "I".)
    bare = any(names_a_part(paragraphs[j].text) and j + 1 in found for j in found)
    for i, line in over_heading.items():
        if i not in found and line + 1 in found and names_a_part(paragraphs[i].text):
            found[i] = None if bare else line


CENTRED_MIN_INDENT = 10  # a title's indent, at least: deeper than any paragraph's
CENTRED_MIN_TITLES = 2  # a collection's stories: one such line alone may be anything
# The page lib.ru and typed texts centre a title on, whatever they wrap to: a book of poems' lines,
# 40 characters long, gave a "width" that put "К ЧААДАЕВУ", centred on the page, off its centre.
PAGE_WIDTH = 72


def centred_titles(paragraphs: list[Paragraph], entries: dict[str, int] | None = None) -> set[int]:
    """The stories' titles of a collection laid out the lib.ru way ("ЕГЕРЬ", "ЧЕЛОВЕК В ФУТЛЯРЕ"):
    a line of capitals alone, centred in the width the text is wrapped to and indented far deeper
    than its paragraphs, between blank lines, with text after it. Two such lines at least, none
    after a chapter's heading ("CHAPTER XI"): in a novel's chapters they are lines of its text."""
    width = _wrap_width(paragraphs)
    indents = Counter(_indent(p.raw[0]) for p in paragraphs if len(p.raw) > 1)
    deep = max(CENTRED_MIN_INDENT, 2 * indents.most_common(1)[0][0]) if indents else CENTRED_MIN_INDENT
    shaped = [i for i, p in enumerate(paragraphs) if _centred_capitals(p, width, deep)]
    found = {i for i in shaped if i + 1 < len(paragraphs) and i + 1 not in shaped
             and not is_rule(paragraphs[i + 1].text) and (i == 0 or _gap_after(paragraphs, i - 1) > 0)
             and _gap_after(paragraphs, i) > 0}
    # A novel of "CHAPTER XI" headings centres lines inside its chapters: Dracula's newspaper
    # headlines ("THE ESCAPED WOLF."), Les Misérables' inscriptions ("CARPE HO RAS."); only the
    # sections before its first chapter are titled so (Montaigne's "THE LIFE OF MONTAIGNE").
    first = next((i for i, p in enumerate(paragraphs) if len(p.raw) <= 1 and names_a_chapter(p.text)), None)
    found = {i for i in found if first is None or i < first}
    # In a book with a contents list, those before the first line it names are its title page's
    # (Dracula's "GROSSET & DUNLAP", "HOMMY-BEG" over "CONTENTS" and "CHAPTER I").
    if entries is None:
        entries, listing = contents_list(paragraphs)
    else:
        listing = range(0)
    named = next((i for i in range(listing.stop, len(paragraphs))
                  if len(paragraphs[i].raw) == 1 and _entry(paragraphs[i].text) in entries.keys() - {""}), None)
    found = {i for i in found if named is None or i >= named}
    return found if len(found) >= CENTRED_MIN_TITLES else set()


_CONTENTS_LABEL = re.compile(r"^(?:(?:table\s+of\s+)?contents|оглавление|содержание|table\s+des\s+matières"
                             r"|inhalt(?:sverzeichnis)?)\s*[.:]?$", re.IGNORECASE)  # the label alone on its line
LISTED_MIN_TITLES = 2
LIST_GAP = 2  # blank lines within a contents list, at most (A Tale of Two Cities' books stand apart by two)


def contents_list(paragraphs: list[Paragraph]) -> tuple[dict[str, int], range]:
    """The entries of the contents list at the start of a book (Dubliners' "THE SISTERS",
    "ARABY"; Grimms' "THE GOLDEN BIRD"), as _entry gives them, and the paragraphs it spans: from
    its label ("Contents", "CONTENTS:") over short lines, up to the first that is
    not (the text), that it names again (the first title, over its text), or that stands further
    apart from the one before than the entries do from each other (and than LIST_GAP)."""
    start = next((i for i, p in enumerate(paragraphs) if _CONTENTS_LABEL.match(_label(p))), None)
    if start is None:
        return {}, range(0)
    return _listed_from(paragraphs, start)


_PICTURES_LABEL = re.compile(r"^(?:list\s+of\s+(?:the\s+)?(?:(?:full[- ]page\s+)?illustrations|plates|diagrams|maps"
                             r"|figures|engravings|portraits)|illustrations|plates|список\s+иллюстраций)\s*[.:]?$",
                             re.IGNORECASE)  # the label alone on its line


def picture_lists(paragraphs: list[Paragraph]) -> list[range]:
    """The paragraphs of an old edition's lists of illustrations, plates, maps or diagrams (Harold
    Speed's "LIST OF PLATES", numerals over captions; Franklin's "ILLUSTRATIONS", captions over
    page numbers), each up to a section's heading ("INTRODUCTION"): spans as contents_list's."""
    spans = [_listed_from(paragraphs, i, pictures=True) for i, p in enumerate(paragraphs)
             if _PICTURES_LABEL.match(_label(p))]
    return [span for entries, span in spans if len(entries) >= CONTENTS_MIN_ENTRIES]


def _label(para: Paragraph) -> str:
    """A list's label: the paragraph, or its first line when the entries follow with no blank
    line ("CONTENTS." over "Introduction    149": the Bureau of Ethnology's reports)."""
    return (para.raw[0] if len(para.raw) > 1 else para.text).strip()


def _listed_from(paragraphs: list[Paragraph], start: int, pictures: bool = False) -> tuple[dict[str, int], range]:
    """The entries under the list's label at `start`, and the paragraphs the list spans; a
    list of `pictures` has its entries' numerals left out of their length, and ends before a
    section's heading."""
    entries: dict[str, int] = {}  # entry → where its title starts
    entries.update((_entry(line), _title_column(line)) for line in paragraphs[start].raw[1:] if line.strip())
    group = {_entry(line): line for line in paragraphs[start].raw[1:] if line.strip()}  # since the last part's title
    numerals_only = True  # every entry a part's title or a numeral (Madame Bovary's "DEUXIÈME PARTIE" over "I"…)
    end = start + 1
    while end < len(paragraphs):
        lines = [line for line in paragraphs[end].raw if line.strip()]
        # A contents list ends at its first title again, over its text (an entry again with a
        # page number is an entry still: "Descriptive notes  220", "… 236"); a list of pictures
        # may repeat one (Huckleberry Finn's lists its first eighteen twice). A part's numerals
        # start again under its title.
        if not lines or any(_too_long(_NUMBERED_ENTRY.sub("", line)) if pictures else
                            _too_long(line) or _entry(line) in (group if _numeral_entry(line) else entries)
                            and not _PAGE_NUMBER.search(line)
                            for line in lines):
            break
        # A list of numerals under parts' titles ends at the first line that is neither (the
        # dedication after Madame Bovary's, two blank lines down, as its entries' parts are).
        numerals_only = numerals_only and all(_numeral_entry(line) or _part_entry(line) for line in lines)
        if not numerals_only and group and all(map(_numeral_entry, group.values())) \
                and len(entries) >= CONTENTS_MIN_ENTRIES:
            break
        if pictures and (is_named(paragraphs[end].text) or names_a_chapter(paragraphs[end].text)):
            break
        # A chapter's or a named section's heading standing apart after the list opens the text,
        # however far the list's entries stand apart (Vanity Fair's "CHAPTER I" four blank lines
        # under its 67 entries in one block; Don Quixote's "TRANSLATOR'S PREFACE", two under entries one apart).
        text, gap = paragraphs[end].text, _gap_after(paragraphs, end - 1)
        if names_a_chapter(text) and gap > LIST_GAP or is_preface(text) and len(entries) >= CONTENTS_MIN_ENTRIES \
                and _entry(text) not in entries and gap > _gap_after(paragraphs, start + 1):
            break
        entries.update((_entry(line), _title_column(line)) for line in lines)
        group = {} if any(map(_part_entry, lines)) else group | {_entry(line): line for line in lines}
        end += 1
        if end < len(paragraphs) and _gap_after(paragraphs, end - 1) > max(LIST_GAP, _gap_after(paragraphs, start + 1)):
            break
    return entries, range(start, end)


def _numeral_entry(line: str) -> bool:
    return is_numeral(line) or is_bare_number(line) and is_heading(line) and not names_a_part(line)


def _part_entry(line: str) -> bool:
    """A part's title in a contents list: "PART II", or a line of capitals ("DEUXIÈME PARTIE")."""
    line = line.strip()
    return not _numeral_entry(line) and (names_a_part(line) or line.isupper() and is_title(line))


MAX_LISTED_CHAPTER = 160  # a chapter's entry, label and title: Moby Dick's "CHAPTER 56. Of the Less Erroneous…"


def _too_long(line: str) -> bool:
    """Longer than a contents entry: a title's length, or a chapter's label and a long title."""
    return len(_entry(line)) > MAX_TITLE and not is_heading(line, MAX_LISTED_CHAPTER)


def listed_titles(paragraphs: list[Paragraph], entries: dict[str, int], after: int) -> set[int]:
    """The stories' titles that the contents list names: a line alone, from paragraph `after`
    on, that is one of its entries, with a paragraph after it. Two at least."""
    # A rule typed in the list ("=====", "* * *") is no entry: it would name every rule in the text.
    listed = entries.keys() - {""}
    misspelt = {entry for entry in listed if len(entry) >= MISSPELT_MIN}
    found = {i for i in range(after, len(paragraphs) - 1) if len(paragraphs[i].raw) == 1
             and ((line := _entry(paragraphs[i].text)) in listed
                  or len(line) >= MISSPELT_MIN and any(_one_letter_apart(line, entry) for entry in misspelt))}
    # A list of chapters by their labels ("CHAPTER XIV" over "Mina Harker's Journal") names the
    # chapters' titles, which stand under the labels: one alone among the chapters is a line of the
    # text (Dracula's "MINA HARKER'S JOURNAL." in mid-chapter), not one before or after them.
    chapters = [i for i in range(after, len(paragraphs))
                if len(paragraphs[i].raw) <= 1 and names_a_chapter(paragraphs[i].text)]
    if sum(names_a_chapter(entry) for entry in entries) >= LISTED_MIN_TITLES and chapters:
        found = {i for i in found if is_heading(paragraphs[i].text) or not chapters[0] < i < chapters[-1]}
    return found if len(found) >= LISTED_MIN_TITLES else set()


MISSPELT_MIN = 8  # letters of a title the contents may misspell by one


def _one_letter_apart(a: str, b: str) -> bool:
    """One letter more, less or other: Gutenberg's Dubliners lists "Couterparts", its story is
    "COUNTERPARTS", which stayed a line of "A Little Cloud"."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    start = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return a[start + (len(a) >= len(b)):] == b[start + (len(b) >= len(a)):]


def listed_under(paragraphs: list[Paragraph], headings: dict, entries: dict[str, int]) -> set[int]:
    """The headings found only by the contents list whose titles it indents under another entry's
    (Grimms' "1. HOW THEY WENT TO THE MOUNTAINS TO EAT NUTS" under "THE ADVENTURES OF CHANTICLEER
    AND PARTLET"): sections of the story above them."""
    return {i for i in headings if not is_heading(paragraphs[i].text)
            and entries.get(_entry(paragraphs[i].text), 0) > _top_column(entries)}


def _top_column(entries: dict[str, int]) -> int:
    """Where the contents list's top entries' titles start: the leftmost column that two
    entries or more share (a lone "PREFACE" further left is not the top; the Bureau of
    Ethnology's sections stand left of their more numerous subsections)."""
    shared = [column for column, n in Counter(entries.values()).items() if n >= 2]
    return min(shared) if shared else min(entries.values(), default=0)


def _entry(line: str) -> str:
    """A contents entry as compared with the headings: without its page number, the case, the
    spaces and the stops folded ("Shamans        156" is the heading "SHAMANS."; Moby-Dick's
    contents lists "EXTRACTS (Supplied by a Sub-Sub-Librarian).", its heading has "EXTRACTS. (…")."""
    return " ".join(_PUNCTUATION.sub(" ", _PAGE_NUMBER.sub("", line)).split()).casefold()


_PUNCTUATION = re.compile(r"[^\w\s]+")
# A page number after a run of spaces or a leader of dots: "Shamans      156", "Vision ..... xii".
_PAGE_NUMBER = re.compile(r"(?:\s{2,}|\s*(?:\.\s*){2,})(?:\d{1,4}(?:[-–]\d{1,4})?|[ivxlcdm]{1,7})\s*$")


def apart_titles(paragraphs: list[Paragraph]) -> set[int]:
    """The stories' titles of a collection of one paragraph a line, its paragraphs with no blank
    line between them (Turgenev's "Записки охотника": "Хорь и Калиныч", "Бежин луг", "Стучит!"):
    a short line alone between blank lines, shaped like a title (not closed by a stop, not a line
    of dialogue), with text after it. Two such lines at least, as for centred titles."""
    if len(paragraphs) < 2 or _usual_gap(paragraphs) > 0:
        return set()
    found = {i for i, p in enumerate(paragraphs[:-1]) if _apart(paragraphs, i) and not _apart(paragraphs, i + 1)}
    over_text = {i for i in range(len(paragraphs) - 1) if _capitals_over_text(paragraphs, i)}
    found |= over_text if over_text - {0} else set()  # the first story's, under the title page taken
    return found if len(found) >= CENTRED_MIN_TITLES else set()


TITLE_GAP = 2  # blank lines over a title in capitals set right over its story's first paragraph


def _capitals_over_text(paragraphs: list[Paragraph], i: int) -> bool:
    """A title in capitals after blank lines, right over its story's first paragraph (a collection
    of Chekhov's stories typed as RusLit types each: "КРЫЖОВНИК" over "Еще с раннего утра…")."""
    text = paragraphs[i].text
    return (len(paragraphs[i].raw) == 1 and (i == 0 or _gap_after(paragraphs, i - 1) >= TITLE_GAP)
            and _gap_after(paragraphs, i) == 0 and is_capitals_title(text) and is_title(text)
            and not ends_like_sentence(text) and not is_rule(text) and not pg.is_footnotes_line(text)
            and not is_capitals_title(paragraphs[i + 1].text))


def _apart(paragraphs: list[Paragraph], i: int) -> bool:
    text = paragraphs[i].text.strip()
    # Not a note under its number: "5" over "Прежде всего скажите, как ваше здоровье, милый друг?"
    return (len(paragraphs[i].raw) == 1 and text[:1].isupper() and is_title(text) and not text.endswith((".", "…"))
            and (i == 0 or _gap_after(paragraphs, i - 1) > 0) and i + 1 < len(paragraphs)
            and _gap_after(paragraphs, i) > 0 and not pg.is_footnotes_line(text) and not is_rule(text)
            and not any(_NOTE_NUMBER.match(paragraphs[j].text.strip()) for j in (i - 1, i + 1) if j >= 0))


def _centred_capitals(para: Paragraph, width: int, deep: int) -> bool:
    text, indent = para.text, _indent(para.raw[0]) if para.raw else 0
    letters = [c for c in text if c.isalpha()]
    numeral = all(c in _NUMERAL_LETTERS for c in letters)  # Onegin's "XXXIX. ХL", typed with a Cyrillic Х
    return (len(para.raw) == 1 and len(letters) >= 3 and not numeral and len(text) <= MAX_TITLE and indent >= deep
            and not any(c.islower() or c.isdigit() for c in text) and "[" not in text
            and any(abs(indent + len(text) / 2 - w / 2) <= w / 4 for w in (width, PAGE_WIDTH))
            and not _set_right(indent, len(text), width) and not is_heading(text) and not pg.is_footnotes_line(text)
            and not is_rule(text))


def _set_right(indent: int, length: int, width: int) -> bool:
    """A line set to the right, as a signature is (Candide's preface's "BEUCHOT." over its date):
    its left margin far wider than what is left on its right, of the text's width and of a page's
    (a poem's title centred on the page stands right of its short lines' centre)."""
    return all(indent > RIGHT_SET_RATIO * max(w - indent - length, 1) for w in (width, PAGE_WIDTH))


RIGHT_SET_RATIO = 3
_NUMERAL_LETTERS = set("IVXLCDMХІМС")  # Latin, and the Cyrillic letters OCR takes for them


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


_NUMBERED_ENTRY = re.compile(r"^\s*(?:[IVXLCDM]{1,12}|\d{1,3})\.\s+")


def _title_column(line: str) -> int:
    """Where an entry's title starts, after its numeral: Harold Speed's "          APPENDIX"
    stands level with "I.        INTRODUCTION", not under it."""
    numbered = _NUMBERED_ENTRY.match(line)
    return numbered.end() if numbered else _indent(line)


def _opens(heading: str, below: str) -> bool:
    """A heading that may stand right over the first heading inside it."""
    return is_part(heading) or names_a_chapter(heading) and is_numeral(below) \
        or is_dashed_numeral(heading) and not is_dashed_numeral(below)


CONTENTS_MIN_ENTRIES = 3
CONTENTS_MIN_CHAPTERS = 2  # a list names several chapters; parts over one chapter open a volume


def _contents_entries(paragraphs: list[Paragraph], candidates: list[int]) -> set[int]:
    """The heading-like lines of a contents list: a run of single short lines, at least half of
    them heading-like, whose labels come again later in the book as its chapters. Headings in a
    row are caught anyway; this catches a list whose entries are not all headings (an entry
    too long for one, a "Notes:" line after it) and whose last entry is followed by prose."""
    found: set[int] = set()
    is_candidate = set(candidates)
    i = 0
    while i < len(paragraphs):
        end = i
        while end < len(paragraphs) and len(paragraphs[end].raw) <= 1 and len(paragraphs[end].text) <= CONTENTS_LINE:
            end += 1
        found |= _listed(paragraphs, range(i, end), is_candidate)
        i = end + 1
    return found


def _listed(paragraphs: list[Paragraph], run: range, is_candidate: set[int]) -> set[int]:
    """The entries of a contents list at the start of a run of short lines: the run up to the
    first label met twice (there the chapters themselves begin, "CHAPTER I" right after the list)."""
    entries: dict[str, int] = {}
    stop = run.stop
    for i in run:
        key = heading_key(paragraphs[i].text) if i in is_candidate else None
        if key in entries:
            stop = i
            break
        if key:
            entries[key] = i
    later = {heading_key(paragraphs[j].text) for j in is_candidate if j >= stop}
    repeated = [key for key in entries if key in later]
    # Les Misérables' "VOLUME II", "BOOK FIRST", "CHAPTER I" over its text is a volume opening, not a list.
    chapters = [i for i in entries.values() if not names_a_part(paragraphs[i].text)]
    listed = (len(entries) >= CONTENTS_MIN_ENTRIES and len(repeated) * 3 >= len(entries) * 2
              and len(chapters) >= CONTENTS_MIN_CHAPTERS)
    span = max(entries.values(), default=run.start) - run.start + 1
    return set(entries.values()) if listed and len(entries) * 2 >= span else set()


@dataclass(frozen=True)
class _Titles:
    """Which line under a chapter heading is its title ("CHAPTER II" over "THE STORM").

    A line closed like a sentence ("II" over "Левин выпил свой бокал, и они помолчали.") is
    mostly the chapter's first paragraph: it is taken as the title only when it is a short
    name ("Loomings."), when it stands apart from the text below (more blank lines after it
    than between paragraphs, as Gutenberg sets "Ce que devint Candide parmi les Bulgares."),
    or when the book's headings have titles as a rule ("Глава X" over "Что за человек был мой отец?").
    """

    paragraphs: list[Paragraph]
    expected: bool
    usual_gap: int
    wrapped: bool = False  # the titles run over two lines as a rule (Candide's)

    def is_title(self, j: int) -> bool:
        shaped = _title_shaped(self.paragraphs, j) or self.wrapped and _wrapped_title(self.paragraphs, j)
        if not shaped or self._opens_epigraph(j) or opens_with_source(self.paragraphs[j]):
            return False
        if self.wrapped and _wrapped_title(self.paragraphs, j):
            return True
        text = self.paragraphs[j].text
        return not ends_like_sentence(text) or is_short_title(text) or self.expected or self._stands_apart(j)

    def _opens_epigraph(self, j: int) -> bool:
        return epigraph_source(self.paragraphs, j, self.usual_gap) is not None

    def _stands_apart(self, j: int) -> bool:
        # The notes set under a title ("[1] Sur le pays d'Eldorado…") stand apart with it.
        while j + 1 < len(self.paragraphs) and pg.definition(self.paragraphs[j + 1].text):
            j += 1
        return j + 1 < len(self.paragraphs) and _gap_after(self.paragraphs, j) > self.usual_gap


def epigraph_source(paragraphs: list[Paragraph], j: int, usual_gap: int) -> int | None:
    """The paragraph of the source of the chapter's epigraph line j opens, or None: a line or few
    flush left, then its source, a name set in, standing apart from the text below (Onegin's
    "Глава восьмая" over "Fare thee well, and if for ever" / "Still for ever, fare thee well." /
    "    Byron"); such a line is no title."""
    if j >= len(paragraphs):
        return None
    for k in range(j + 1, min(j + 1 + EPIGRAPH_LINES, len(paragraphs) - 1)):
        para = paragraphs[k]
        if len(para.raw) != 1 or is_heading(para.text):
            return None
        if is_indented(para.raw[0]):
            source = pg.without_notes_in_calls(para.text)
            apart = len(source.split()) <= EPIGRAPH_SOURCE_WORDS and _gap_after(paragraphs, k) > usual_gap
            return k if apart and not is_indented(paragraphs[j].raw[0]) else None
    return None


EPIGRAPH_LINES = 4  # an epigraph's lines over its source, at most
EPIGRAPH_SOURCE_WORDS = 4  # "Князь Вяземский", "Жуковский", "Из частного письма"
CAPITALS_TITLE_LINES = 3  # "THAT MEN ARE JUSTLY PUNISHED FOR BEING OBSTINATE IN THE DEFENCE" over "OF A FORT…"


def _title_shaped(paragraphs: list[Paragraph], j: int) -> bool:
    """Paragraph j is one short line shaped like a title (or a title in capitals, which may be
    longer and wrapped), and not a picture nor a stanza's first line."""
    if j >= len(paragraphs):
        return False
    para = paragraphs[j]
    shaped = (len(para.raw) <= 1 and is_title(para.text)
              or para.text.isupper() and len(para.raw) <= CAPITALS_TITLE_LINES
              and is_title(para.text, CAPITALS_TITLE_LINES * MAX_TITLE))
    # A line in square brackets is a stage direction ("THE PROLOGUE" over "[Enter Chorus.]"); a number
    # of three digits or fewer is a note's or a section's ("Комментарии" over "1"), a year no title.
    # A line wholly in italics is a letter's heading or a date line ("CHAPTER V" over Dracula's
    # "_Letter from Miss Mina Murray to Miss Lucy Westenra._"), the chapter's text.
    return (shaped and pg.illustration(para.text) is None and not _opens_stanza(paragraphs, j)
            and not _STAGE_DIRECTION.fullmatch(para.text) and not _NOTE_NUMBER.match(para.text.strip())
            and not _IN_ITALICS.fullmatch(para.text.strip()))


_IN_ITALICS = re.compile(r"_[^_]+_[.:]?")


def _opens_stanza(paragraphs: list[Paragraph], j: int) -> bool:
    """Line j, indented deeper than the heading above it, runs on into a line of its indent with
    no blank line between: a stanza's first line (Onegin's "IV" over "Когда же юности мятежной",
    one line a paragraph), which was taken as the stanza's title and left the verse."""
    if not 0 < j < len(paragraphs) - 1 or _gap_after(paragraphs, j) > 0:
        return False
    heading, line, nxt = (_indent(paragraphs[k].raw[0]) if paragraphs[k].raw else 0 for k in (j - 1, j, j + 1))
    return line > heading and nxt == line


def _titles_are_the_rule(paragraphs: list[Paragraph], untitled: list[int]) -> bool:
    """Most headings without a title of their own have a title line under them, not closed
    like a sentence (Tolstoy's "Глава I" over "Учитель Карл Иваныч")."""
    titled = sum(_title_shaped(paragraphs, i + 1) and not ends_like_sentence(paragraphs[i + 1].text)
                 for i in untitled)
    return titled > len(untitled) / 2


WRAPPED_TITLES_MIN = 5  # chapters' labels
WRAPPED_TITLES_SHARE = 0.9


def _wrapped_titles_are_the_rule(paragraphs: list[Paragraph], untitled: list[int]) -> bool:
    """Nearly every chapter's label stands over a line or two that read as its title, wrapped
    where it is long (Candide's "CHAPITRE I." over "Comment Candide fut élevé dans un beau
    château, et comment il fut" / "chassé d'icelui."): those lines are the titles, though a
    sentence closes them. A chapter's first paragraph is that short only now and then."""
    labels = [i for i in untitled if names_a_chapter(paragraphs[i].text)]
    titled = sum(_wrapped_title(paragraphs, i + 1) for i in labels)
    return len(labels) >= WRAPPED_TITLES_MIN and titled >= WRAPPED_TITLES_SHARE * len(labels)


def _wrapped_title(paragraphs: list[Paragraph], j: int) -> bool:
    """Paragraph j is a title's line or two: a capital first, no speech, a text after it."""
    if j + 1 >= len(paragraphs):
        return False
    para = paragraphs[j]
    return (len(para.raw) <= 2 and len(para.text) <= 2 * MAX_TITLE and para.text[:1].isupper()
            and not is_heading(para.text) and _gap_after(paragraphs, j) > 0)


def _gap_after(paragraphs: list[Paragraph], j: int) -> int:
    """Blank lines between paragraph j and the next (its lines may have blank lines between them)."""
    return paragraphs[j + 1].line - paragraphs[j].line - len(paragraphs[j].raw)


def _usual_gap(paragraphs: list[Paragraph]) -> int:
    """The commonest number of blank lines between paragraphs."""
    gaps = Counter(_gap_after(paragraphs, j) for j in range(len(paragraphs) - 1))
    return gaps.most_common(1)[0][0] if gaps else 1


def heading_indices(paragraphs: list[Paragraph], listed: dict[str, int] | None = None) -> list[int]:
    return sorted(_headings(paragraphs, listed))


def _underline_levels(paragraphs: list[Paragraph], report: ImportReport) -> dict[str, int]:
    """Underline → heading level: the mark under chapter headings ("CHAPTER IV") is level 1, the
    others follow in the order they first appear (as in reStructuredText)."""
    underlined = [p for p in paragraphs if p.underline]
    levels: dict[str, int] = {p.underline[0]: 1 for p in underlined if is_heading(p.text)}
    for para in underlined:
        levels.setdefault(para.underline[0], min(len(levels) + 1, 3))
        report.markup_words.update(words(para.underline))
    if levels:
        marks = ", ".join(f"{mark * 3} as level {level}" for mark, level in levels.items())
        report.decisions.append(f"underlined headings: {len(underlined)} ({marks}); the underlines are dropped")
    return {p.underline: levels[p.underline[0]] for p in underlined}

def _wraps_on(paragraphs: list[Paragraph], i: int) -> bool:
    """Heading i's title is wrapped onto the next line (two, in capitals): left open, with that line right under
    it and a blank line after ("CHAPTER 56. Of the Less Erroneous Pictures of Whales, and the True"
    over "Pictures of Whaling Scenes.")."""
    line = paragraphs[i].text
    if not has_title(line) or ends_like_sentence(line) or line.endswith((":", ";")) or i + 2 >= len(paragraphs):
        return False
    nxt = paragraphs[i + 1]
    # Capitals: Les Misérables' three-line titles; a line going on in lower case, Don Quixote's
    # ("Capítulo VIII. Del buen suceso que el valeroso don Quijote tuvo en la" over two more).
    lines = 2 if line.isupper() and nxt.text.isupper() or nxt.text[:1].islower() else 1
    return (_gap_after(paragraphs, i) == 0 and len(nxt.raw) <= lines and not is_heading(nxt.text)
            and _gap_after(paragraphs, i + 1) > 0 and nxt.text[:1].isalpha())


# --- illustrations ----------------------------------------------------------------------------


ILLUSTRATION_MAX_PARAGRAPHS = 12  # a caption set over several lines, with blank lines between
CAPTION_MAX_CHARS = 240  # a caption's paragraph after a heading-shaped line, at most (else it is prose)


def join_illustrations(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """An `[Illustration: …]` whose caption runs over blank lines ("[Illustration:" … "]") made one
    paragraph, lines shaped like headings and all (Harold Speed's "D. TAKING LINE 3-4 AS DOMINANT
    LINE" in a diagram's caption). When its last line is a chapter heading ("Chapter I.]":
    illustrated editions print the heading as a picture), that line stands after it as the
    chapter's heading."""
    out: list[Paragraph] = []
    i = 0
    while i < len(paragraphs):
        para = paragraphs[i]
        end = None
        if para.text.startswith("[Illustration") and "]" not in para.text:
            end = _caption_end(paragraphs, i)
        if end is None:
            out.append(para)
            i += 1
            continue
        last = paragraphs[end].text[:-1].strip()
        heading = None
        if len(paragraphs[end].raw) == 1 and is_heading(last):
            heading = Paragraph(paragraphs[end].line, last, (paragraphs[end].raw[0].rstrip()[:-1],))
            end -= 1
        parts = paragraphs[i:end + 1]
        text = " ".join(p.text for p in parts) + ("]" if heading else "")
        out.append(Paragraph(para.line, text, tuple(line for p in parts for line in p.raw)))
        if heading:
            out.append(heading)
        i = end + (2 if heading else 1)
    return out


def _caption_end(paragraphs: list[Paragraph], start: int) -> int | None:
    """The paragraph whose "]" closes the caption opened at `start`; None past another bracket,
    or past a heading followed by prose: a chapter's, the caption never closed."""
    headed = False
    for j in range(start + 1, min(start + ILLUSTRATION_MAX_PARAGRAPHS, len(paragraphs))):
        text = paragraphs[j].text
        if "[" in text or headed and len(text) > CAPTION_MAX_CHARS:
            return None
        if "]" in text:
            return j if text.endswith("]") and text.count("]") == 1 else None
        headed = headed or is_heading(text)
    return None


# --- footnotes ---------------------------------------------------------------------------------


def _footnotes(paragraphs: list[Paragraph], headings: dict, report: ImportReport, conventions: bool = True,
               parts: frozenset[int] = frozenset()) -> dict:
    """paragraph index → {label: note text, or its lines of verse} for callers; index → None for
    definitions and the FOOTNOTES line (they are used up: their text moves to the calls). Without
    the plain-text conventions only the notes under a FOOTNOTES line ("Примечания") are read.
    `parts`: the headings that open parts, whose calls keep their notes as text."""
    defined: list[_Note] = []
    width = _wrap_width(paragraphs)
    in_section = False
    called: set[str] = set()  # the labels called since the last heading, not yet defined
    titles = {t for t in headings.values() if t is not None}  # a heading's title line: no notes there
    numbered_text: set[int] = set()  # a note's text under its number
    for i, para in enumerate(paragraphs):
        note = (pg.definition(para.text) or (_star_note(para) if conventions else None)
                or (_numbered_definition(para.text) if in_section else None))
        if i in numbered_text:
            continue
        if i in headings or i in titles:
            in_section = False
            called = set()
        elif pg.is_footnotes_line(para.text):
            in_section = True
            defined.append(_Note(i, "", para.text))
        elif in_section and _numbered_note(paragraphs, i, headings):
            # The notes of a book saved as text from FB2 (lib.ru, War and Peace's 365 translations
            # of its French): each number on a line of its own, the note's text under it.
            label = para.text.strip().rstrip(".")
            more = _note_paragraphs(paragraphs, i + 2, headings)
            texts = tuple(paragraphs[j].text for j in (i + 1, *more))
            verse = texts if _short_lines(texts) else ()  # Strauss's quatrain in Anna Karenina
            defined.append(_Note(i + 1, label, texts[0], number_at=i, more=texts[1:], verse=verse))
            numbered_text.update([i + 1, *more])
        elif note and (in_section or conventions and (pg.is_inline_definition(para.text) or note[0] in called)):
            # A "[1] text" paragraph is a note in a FOOTNOTES section, or after its call in the
            # same chapter (as Gutenberg's Candide sets each note below its paragraph).
            defined.append(_Note(i, *note, verse=_note_verse(para, note[1], width)))
            called.discard(note[0])
        else:
            in_section = False
            called.update(label for _, label in pg.marker_offsets(para.text))
    result: dict[int, dict | None] = {}
    in_calls: dict[str, str] = {}  # the notes written in their calls, to find them again at the end
    for i, para in enumerate(paragraphs):
        if any(n.index == i for n in defined) or i in titles:
            continue
        own = pg.notes_in_calls(para.text) if conventions else {}
        for offset, label in pg.marker_offsets(para.text):
            if offset == 0 and pg.definition(para.text) and not _numbered(defined, label):
                continue  # a note's own label, in a note left as text; not a call opening a paragraph
            if i in headings and (i in parts or not _numbered_note_called(defined, label, para.text)):
                continue  # a heading's call keeps its note below it, unless that note is numbered
            if label in own:
                result.setdefault(i, {})[label] = in_calls[label] = own[label]
                report.markup_words.update(words(label))
                continue
            note = _match(defined, label, i)
            if note:
                note.used = True
                result.setdefault(i, {})[label] = note.verse or ([note.text, *note.more] if note.more else note.text)
                report.markup_words.update(words(label) * 2)
                if pg.is_inline_definition(paragraphs[note.index].text):
                    report.markup_words["footnote"] += 1
    for note in defined:
        if note.used:
            result[note.index] = None
            if note.number_at is not None:
                result[note.number_at] = None
            for j in range(note.index + 1, note.index + 1 + len(note.more)):
                result[j] = None
    _notes_again(paragraphs, in_calls, result, report)
    uncalled = [n for n in defined if n.number_at is not None and not n.used and n.number_at not in result]
    if uncalled:  # Anna Karenina's 31 notes to an introduction the text left out
        first, last = uncalled[0], uncalled[-1]
        report.warnings.append(f"line {paragraphs[first.number_at].line}: {len(uncalled)} numbered notes "
                               f"({first.label}–{last.label}) are never called; kept as text")
    sections = [n for n in defined if not n.label]
    for line in sections:  # the FOOTNOTES: lines go when any of their notes found its call
        if any(n.used and n.index > line.index for n in defined):
            result[line.index] = None
            line.used = True
            report.markup_words.update(words(line.text))
    return result


def _notes_again(paragraphs: list[Paragraph], in_calls: dict[str, str], result: dict, report: ImportReport) -> None:
    """Royallib's texts keep each note in its call ("[1 - Проникнутый тщеславием…]") and print
    them all again at the end, under "Примечания", each number alone over its note: that list is
    taken out when each of its notes is the one of that number in its call (but for spaces and line
    breaks: Onegin's note 66 holds a stanza, its number "XLVII" among its lines)."""
    def bare(text: str) -> str:
        return "".join(text.split())
    for start, para in enumerate(paragraphs):
        if in_calls and pg.is_footnotes_line(para.text):
            end = _listed_again(paragraphs, start + 1, {label: bare(text) for label, text in in_calls.items()})
            if end > start + 1:
                for j in range(start, end):
                    result[j] = None
                    report.markup_words.update(words(paragraphs[j].text))
                report.decisions.append(f"notes again:     lines {para.line}–{paragraphs[end - 1].line}, the notes "
                                        "printed again after their calls ('[1 - …]'), taken out")
                return


def _listed_again(paragraphs: list[Paragraph], j: int, notes: dict[str, str]) -> int:
    """The paragraph after a run of numbered notes from j on, each a note in `notes` (its text
    without spaces), or j when one of them is not."""
    begin = j
    while j < len(paragraphs) and (label := paragraphs[j].text.strip().rstrip(".")) in notes:
        j, text = j + 1, ""
        while j < len(paragraphs) and len(text) < len(notes[label]):
            text += "".join(paragraphs[j].text.split())
            j += 1
        if text != notes[label]:
            return begin
    return j


def _numbered_note(paragraphs: list[Paragraph], i: int, headings: dict) -> bool:
    """Paragraph i is a note's number alone ("1"), with the note's text in the next paragraph."""
    after = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
    return (bool(_NOTE_NUMBER.match(paragraphs[i].text.strip())) and after is not None
            and i + 1 not in headings and not _NOTE_NUMBER.match(after.text.strip()))


_NOTE_NUMBER = re.compile(r"^\d{1,3}\.?$")


def _short_lines(texts: tuple[str, ...]) -> bool:
    """Paragraphs that are lines of verse: short, and most running on past their end (no stop)."""
    running_on = sum(not ends_like_sentence(text) for text in texts[:-1])
    return len(texts) > 1 and all(len(text) <= VERSE_WIDTH for text in texts) and running_on * 2 >= len(texts) - 1


def _note_paragraphs(paragraphs: list[Paragraph], j: int, headings: dict) -> list[int]:
    """The paragraphs from j on that carry on a numbered note (Julie's letter, a note of five), up
    to the next note's number, a heading, or a section's title ("Комментарии": a word or few
    without a closing mark; a line of verse has one: "Свою земную страсть;")."""
    more = []
    while j < len(paragraphs) and j not in headings and not _numbered_note(paragraphs, j, headings):
        text = paragraphs[j].text.strip()
        if pg.is_footnotes_line(text) or (len(text.split()) <= 3 and text[-1:].isalnum()):
            break
        more.append(j)
        j += 1
    return more


def _wrap_width(paragraphs: list[Paragraph]) -> int:
    """The width the text was hard-wrapped to: its longest lines but for a few strays."""
    lengths = sorted(len(line.rstrip()) for para in paragraphs if len(para.raw) > 1 for line in para.raw)
    return lengths[len(lengths) * 99 // 100] if lengths else 0


def _note_verse(para: Paragraph, text: str, width: int) -> tuple[str, ...]:
    """The lines of a note that is verse (War and Peace translates a poem in a note), else ().
    Verse opens each line with a capital, and a line ends well before the width the text was
    wrapped to where the next line's first word would have fitted; prose fills its lines."""
    starts, offset = [], 0
    for line in para.raw:  # where each source line starts in the paragraph's text
        starts.append(offset)
        offset += len(line.strip()) + 1
    begin = para.text.rfind(text)
    bounds = [0, *(start - begin for start in starts if begin < start < begin + len(text)), len(text)]
    lines = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    if begin < 0 or len(lines) < 2 or not all(line.lstrip(_OPENING_MARKS)[:1].isupper() for line in lines):
        return ()
    raw = [line.rstrip() for line in para.raw]
    short = any(len(line) + 1 + len(after.split()[0]) < width * 0.85
                for line, after in zip(raw, raw[1:], strict=False))
    return tuple(lines) if short else ()


def _star_note(para: Paragraph) -> tuple[str, str] | None:
    """An indented "* text" paragraph: a note when a call before it in its chapter has its label."""
    indented = bool(para.raw) and all(is_indented(line) for line in para.raw)
    return pg.star_definition(para.text) if indented else None


def _match(defined: list[_Note], label: str, index: int) -> _Note | None:
    after = [n for n in defined if n.label == label and not n.used and n.index > index]
    before = [n for n in defined if n.label == label and not n.used and n.index < index]
    return after[0] if after else (before[-1] if before else None)


def _unused_notes(notes: dict, paragraphs: list[Paragraph], headings: dict, report: ImportReport) -> None:
    section = False
    for i, para in enumerate(paragraphs):
        section = (section or pg.is_footnotes_line(para.text)) and i not in headings
        note = pg.definition(para.text)
        if note and i not in notes and (section or pg.is_inline_definition(para.text)):
            report.warnings.append(f"line {para.line}: footnote [{note[0]}] is never called; kept as text")


def _without_calls(text: str, report: ImportReport, noted: frozenset[str] = frozenset()) -> str:
    """A heading's line without its note calls: the note stays text below it (those `noted`, made
    footnotes on the heading, are counted with their notes)."""
    report.markup_words.update(words(" ".join(c for c in NOTE_CALL.findall(text) if c.strip("[]") not in noted)))
    return NOTE_CALL.sub("", text)


def _numbered_note_called(defined: list[_Note], label: str, text: str) -> bool:
    """A call at the end of a heading ("Том второй[88]", Dead Souls) whose note is one of the book's
    numbered notes at its end ("88" over its text): a footnote on the heading, not left as text among
    the notes, never called."""
    return f"[{label}]" in NOTE_CALL.findall(text) and _numbered(defined, label)


def _numbered(defined: list[_Note], label: str) -> bool:
    """One of the book's notes is numbered so, its number on a line of its own over its text: a
    "[108]" opening a paragraph (Dead Souls' "[108] – …хлебом в местах", where a page of the
    manuscript was lost) calls it, and is no note's label."""
    return any(n.label == label and n.number_at is not None for n in defined)


def _heading_notes(text: str, calls: dict, counts: dict, conventions: bool) -> list[Inline]:
    """The footnotes a heading's calls were given, to follow its words."""
    labels = [call.strip("[]") for call in NOTE_CALL.findall(text)]
    notes = [_note(calls[label], counts, conventions) for label in labels if label in calls]
    counts["notes"] += len(notes)
    return notes


# --- quotations --------------------------------------------------------------------------------


def _quotations(paragraphs: list[Paragraph], headings: dict) -> set[int]:
    """Paragraphs whose every line is indented, in text whose paragraphs are not; not a paragraph
    of one line indented as the others' first lines are (the last line of Dostoevsky's "Сон
    смешного человека", its paragraphs' first lines seven spaces in, the rest two)."""
    firsts = Counter(_indent(p.raw[0]) for p in paragraphs if len(p.raw) > 1 and not is_indented(p.raw[1]))
    usual = firsts.most_common(1)[0][0] if firsts else None
    indented = {i for i, p in enumerate(paragraphs)
                if i not in headings and p.raw and all(is_indented(line) for line in p.raw)
                and not (len(p.raw) == 1 and _indent(p.raw[0]) == usual)}
    return indented if len(indented) < len(paragraphs) / 2 else set()


def _is_verse(raw: tuple[str, ...]) -> bool:
    if len(raw) < 2 or _hanging(raw):
        return False
    indents = {len(line) - len(line.lstrip()) for line in raw}
    longest = max(len(_BRACKETED.sub("", line.strip())) for line in raw)
    return len(indents) > 1 or longest <= VERSE_WIDTH


# A list's or a note's marker: "5", "12.", "(a)", "iv)", "*", "•".
_ITEM_MARKER = re.compile(r"\s*(?:\d{1,3}[.)]?|\(?[a-zivx]{1,4}\)|[*•–-])\s+(?=\S)")


def _hanging(raw: tuple[str, ...]) -> bool:
    """An item set with a hanging indent, its lines after the first under its text, not under
    its marker: prose wrapped (The Brothers Karamazov's FOOTNOTES, "5 Probably the public event…"
    over "  of December 1825, …", had each note set as verse)."""
    marker = _ITEM_MARKER.match(raw[0])
    return marker is not None and all(len(line) - len(line.lstrip()) == marker.end()
                                      for line in raw[1:] if line.strip())


# A note set in the line in brackets, as e-libraries do ("Как dandy[4 - Dandy, франт.] лондонский
# одет —"), is no part of the verse's measure: a stanza with a long one was joined as prose.
_BRACKETED = re.compile(r"\[[^\[\]]*\]")


_OPENING_MARKS = "\"'«„“‘(—–-…. "


_LINE_STOPS = ",.;:!?…—–-»”’\"'"


def _is_stanza(raw: tuple[str, ...], short_verse: bool = False, verse_book: bool = False) -> bool:
    """A stanza set flush left (Onegin in a plain text): two short lines or more, each opening
    with a capital as verse sets its lines; hard-wrapped prose fills the width and runs on in
    small letters. Two lines are a couplet only when the first ends on a stop, or in a book of
    verse: a line of dialogue wrapped before a name ("“And is / Denísov nice?” she asked.") is
    prose, a couplet quoted in Onegin's preface ("I wouldn't be remotely human / Did I…") not. Lines
    broken by hand (many would have taken the next line's first word) are verse at four or more
    when they open in small letters (Johnston's Onegin), or are longer when nearly all open with
    capitals (Cary's blank verse). `short_verse`: the book's short lines are verse as a rule."""
    lines = [line.strip() for line in raw if line.strip(". …")]  # Pushkin's dotted lines mark cut verses
    if not lines and len([line for line in raw if line.strip()]) > 1:
        return True  # a stanza left out, its rows of dots kept as rows (Onegin's "XIII. XIV")
    couplet = len(lines) > 2 or len(lines) == 2 and (lines[0][-1:] in _LINE_STOPS or verse_book)
    capitals = [line.lstrip(_OPENING_MARKS)[:1].isupper() for line in lines]
    longest = max(map(len, lines), default=0)
    if couplet and longest <= VERSE_WIDTH and all(capitals):
        return True
    # A slip of the typist's ("from the world, to follow her, when young") leaves it verse.
    mostly = sum(capitals) >= len(lines) * CAPITALS_SHARE
    by_hand = short_verse and longest <= VERSE_WIDTH or _broken_by_hand(lines)
    return len(lines) >= STANZA_BY_HAND and longest <= (VERSE_LONG if mostly else VERSE_WIDTH) and by_hand


STANZA_BY_HAND = 4
VERSE_LONG = 80  # blank verse's longest lines, (nearly) each opening with a capital
CAPITALS_SHARE = 0.9


VERSE_BOOK_SHARE = 0.9  # the Comedy's and Onegin's: 99 and 94 %


def verse_is_the_rule(paragraphs: list[Paragraph], short_verse: bool) -> bool:
    """Nearly all paragraphs of two lines or more are stanzas: a book of verse (the Comedy, Onegin)."""
    several = [p.raw for p in paragraphs if len(p.raw) > 1]
    return sum(_is_stanza(raw, short_verse) for raw in several) >= len(several) * VERSE_BOOK_SHARE > 0


def short_lines_are_verse(paragraphs: list[Paragraph]) -> bool:
    """Most paragraphs of four short lines or more are broken by hand: then they all are verse,
    as some of Onegin's stanzas, their tetrameters all but equal, would have been wrapped so."""
    short = [lines for p in paragraphs if len(lines := [line.strip() for line in p.raw if line.strip(". …")])
             >= STANZA_BY_HAND and max(map(len, lines)) <= VERSE_WIDTH]
    return sum(map(_broken_by_hand, short)) * 2 > len(short)


def _broken_by_hand(lines: list[str]) -> bool:
    """A third of the lines or more would have taken the next line's first word within the
    longest line, one is a quarter shorter than it or more, and none ends on a word broken with
    a hyphen: no text wrapped to a width, nor a printed page's lines kept by OCR, which fill it.
    No lines (a stanza only of dots, marking verses cut) are none."""
    if not lines:
        return False
    longest = max(map(len, lines))
    room = sum(len(line) + 1 + len(nxt.split()[0]) <= longest for line, nxt in zip(lines, lines[1:], strict=False))
    ragged = any(len(line) <= longest * RAGGED for line in lines[:-1])
    broken_word = any(_BROKEN_WORD.search(line) for line in lines[:-1])
    return room * 3 >= len(lines) - 1 and ragged and not broken_word


RAGGED = 0.75
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")


def _decisions(counts: dict, conventions: bool, report: ImportReport) -> None:
    if counts["breaks"]:
        report.decisions.append(f"breaks:          {counts['breaks']} lines of one mark (* * *, -----) as * * *")
    if counts["epigraphs"]:
        report.decisions.append(f"epigraphs:       {counts['epigraphs']} chapters' epigraphs (lines or a quotation "
                                "under the heading, over their source) as ::: epigraph blocks")
    if counts["speeches"]:  # a play's speakers are read in any text (run in, in Russian plays)
        report.decisions.append(f"play:            {counts['speeches']} speeches, their speakers in small capitals; "
                                f"{counts['directions']} stage directions in italics"
                                + ("; its cast as a '::: dramatis-personae' list" if counts.get("casts") else ""))
    if counts.get("dates"):
        report.decisions.append(f"verse:           {counts['dates']} poems' dates under their lines ('1818') as "
                                "'::: signature', in italics")
    if not conventions:
        return
    report.decisions += [
        "plain-text conventions: _x_ is emphasis, -- a dash, [n] or * a footnote call, [Illustration: …] a figure",
        f"emphasis:        {counts['emphasis']} _…_ spans as *…*",
        f"dashes:          {counts['dashes']} -- as —",
        f"footnotes:       {counts['notes']} [n] or * calls with their notes as pandoc footnotes",
        f"quotations:      {counts['quotations']} indented blocks as > quotations (verse keeps its lines)",
        f"verse:           {counts['stanzas']} stanzas (short lines, capitals or broken by hand) as | lines",
        f"illustrations:   {counts['illustrations']} [Illustration] as ::: illustration blocks",
    ]
    if counts["tables"]:
        report.decisions.append(f"tables:          {counts['tables']} grids (+--+) or columns of figures aligned "
                                "with spaces as tables, a TABLE line over one as its caption")
    if counts["strong"]:
        report.decisions.append(f"bold:            {counts['strong']} =…= or #…# spans as **…**")
    if counts["sidenotes"]:
        report.decisions.append(f"sidenotes:       {counts['sidenotes']} [Sidenote: …] as ::: sidenote labels "
                                "over their paragraphs")

