"""A long poem typed without blank lines between its stanzas, each chapter's notes under its last
line: RusLit's «Кому на Руси жить хорошо», its chapters four hundred lines apiece, each closed by
"1" over "Кукушка перестает куковать, когда заколосится хлеб (…)" and "2" over the next note.

The notes' long lines made the whole chapter no stanza: it was joined as one paragraph of prose,
six of its 23 chapters (its prologue too) four hundred lines run together. Here the notes are
parted from the verse above them, each a paragraph of its own ("1 Кукушка перестает…"), and the
verse is read as the verse it is.

Its chapters' titles too stand on the line under their labels, no blank line before the verse
("Глава I" over "Поп" over "Широкая дороженька,"): read as the verse's first line, "Поп" was set as
one. Where most chapters' labels stand so over a line ending on a letter (no line of verse yet:
the verse's first lines end on a comma or a stop), that line is the chapter's title.
"""

from __future__ import annotations

import re

from publish.importer.headings import is_bare_number, is_heading, is_numeral
from publish.importer.plain import Paragraph

# A note's mark on a line of its own: its number, or an asterisk (the note on a chapter's title).
_MARK = re.compile(r"\d{1,3}|\*{1,3}")
MIN_VERSE = 4  # lines of verse above the notes, at least: a stanza, not a note's own lines


def notes_apart(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """`paragraphs` with the notes under a run of verse (its marks counting up from "1" or "*")
    made paragraphs of their own."""
    out: list[Paragraph] = []
    for para in paragraphs:
        start = _notes_start(para.raw)
        if start is None:
            out.append(para)
            continue
        verse = para.raw[:start]
        out.append(Paragraph(para.line, _joined(verse), verse))
        out += _notes(para.raw[start:], para.line + start)
    return out


def _notes_start(raw: tuple[str, ...]) -> int | None:
    """Where the notes under the verse begin: the first mark ("1" or "*") after MIN_VERSE lines,
    its later marks counting up, each mark over a note's text."""
    for k in range(MIN_VERSE, len(raw) - 1):
        if raw[k].strip() in ("1", "*") and _notes(raw[k:], 0):
            return k
    return None


def _notes(tail: tuple[str, ...], line: int) -> list[Paragraph]:
    """The notes of `tail`, each its mark over its text; none when `tail` is not all notes so."""
    notes: list[list[str]] = []
    number = 0
    for text in tail:
        mark = _MARK.fullmatch(text.strip())
        if mark and (text.strip().startswith("*") and not notes or text.strip() == str(number + 1)):
            number += text.strip()[0].isdigit()
            notes.append([text])
        elif notes and text.strip() and not (mark and len(notes[-1]) == 1):
            notes[-1].append(text)
        else:
            return []
    if not notes or any(len(note) < 2 for note in notes):
        return []
    found, at = [], line
    for note in notes:
        found.append(Paragraph(at, _joined(note), tuple(note)))
        at += len(note)
    return found


def _joined(lines: tuple[str, ...] | list[str]) -> str:
    return " ".join(line.strip() for line in lines)


TITLE_LINE = 40  # a chapter's title is short
TITLES_SHARE = 0.5  # of the labelled chapters over verse, at least, whose first line is a title so
MIN_TITLES = 3


def titles_apart(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """`paragraphs` with the titles under chapters' labels ("Глава I" over "Поп") made paragraphs of
    their own, where most labelled chapters open so (the import then joins each to its label)."""
    under = [k + 1 for k, para in enumerate(paragraphs[:-1])
             if _label(para.text) and len(paragraphs[k + 1].raw) >= MIN_VERSE]
    titled = [k for k in under if _title_line(paragraphs[k].raw)]
    if len(titled) < MIN_TITLES or len(titled) < len(under) * TITLES_SHARE:
        return paragraphs
    out: list[Paragraph] = []
    for k, para in enumerate(paragraphs):
        if k in titled:
            title, verse = para.raw[:1], para.raw[1:]
            out += [Paragraph(para.line, _joined(title), title), Paragraph(para.line + 1, _joined(verse), verse)]
        else:
            out.append(para)
    return out


def _label(text: str) -> bool:
    """A chapter's label and numeral ("Глава I"), not a numeral alone: "II" over "Григорий шел
    задумчиво" numbers a section of the epilogue, its first line of verse under it."""
    return is_heading(text) and is_bare_number(text) and not is_numeral(text)


def _title_line(raw: tuple[str, ...]) -> bool:
    """A short line opening with a capital and ending on a letter, over a line opening with one."""
    first, second = raw[0].strip(), raw[1].strip()
    return (0 < len(first) <= TITLE_LINE and first[:1].isupper() and first[-1:].isalpha()
            and second.lstrip("«—– ")[:1].isupper())
