"""A long poem typed without blank lines between its stanzas, each chapter's notes under its last
line: RusLit's «Кому на Руси жить хорошо», its chapters four hundred lines apiece, each closed by
"1" over "Кукушка перестает куковать, когда заколосится хлеб (…)" and "2" over the next note.

The notes' long lines made the whole chapter no stanza: it was joined as one paragraph of prose,
six of its 23 chapters (its prologue too) four hundred lines run together. Here the notes are
parted from the verse above them, each a paragraph of its own ("1 Кукушка перестает…"), and the
verse is read as the verse it is.
"""

from __future__ import annotations

import re

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
