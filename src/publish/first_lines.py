"""The Index of Titles and First Lines at the back of a book of poems: each poem's first line and
its title, alphabetised, each leading to its poem (with its page, in print).

A reader looks a poem up by the words they remember, more often its first line than its title
(Dickinson's and Shakespeare's sonnets have none but a number). The poems are those the contents
lists (poems.py) and the chapters that are a poem each. A title that is its poem's first line, or
its opening words ("I Hear America Singing": "I hear America singing, the varied carols I
hear"), is listed once, as the line. Entries are alphabetised letter by letter as indexes of
first lines are: punctuation, spaces and accents aside, "A" and "The" where they stand; Cyrillic
in its own order, ё with е. A line's last comma, semicolon or colon is left off.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from publish.importer.headings import is_bare_number
from publish.model import Book, Chapter
from publish.poems import Poem, chapter_poems, whole_chapter_poem

MIN_POEMS = 12  # a book with fewer is read through, not looked up (book.yaml first_lines: true makes one)
# Letters filed as the letters they are written for (æ as ae, ß as ss), ё with е as Russian files it.
_SPELLED = str.maketrans({"æ": "ae", "œ": "oe", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "þ": "th", "ё": "е"})
_NOT_LETTER = re.compile(r"[\W_]+")  # accents (combining marks once decomposed), punctuation, spaces

# A line's last comma, semicolon or colon, which an index leaves off; "?", "!", "…" and a dash
# (Dickinson's "“Hope” is the thing with feathers—") stay.
_TRAILING = re.compile(r"[\s\u00a0\u2009]*[,;:]+$")


@dataclass(frozen=True)
class Entry:
    """One line of the index: a poem's first line, or its title (`title`), and where the poem is."""

    text: str
    chapter: Chapter
    anchor: str
    title: bool = False

    @property
    def key(self) -> tuple[str, str, bool]:
        return sort_key(self.text), self.text.casefold(), self.title


def book_poems(book: Book) -> list[tuple[Chapter, Poem]]:
    """Every poem of the book, with its chapter, in the book's order."""
    poems = []
    for chapter in book.chapters:
        found = chapter_poems(chapter) or [p for p in [whole_chapter_poem(chapter)] if p is not None]
        poems += [(chapter, poem) for poem in found if poem.first_line]
    return poems


def wanted(book: Book, poems: list[tuple[Chapter, Poem]]) -> bool:
    """Whether the book has the index: as book.yaml's first_lines says, else with MIN_POEMS poems."""
    setting = book.meta.first_lines
    return bool(poems) and (setting if setting is not None else len(poems) >= MIN_POEMS)


def index_entries(book: Book) -> list[Entry]:
    """The index's entries in alphabetical order; none when the book has no index (`wanted`)."""
    poems = book_poems(book)
    if not wanted(book, poems):
        return []
    entries = []
    for chapter, poem in poems:
        entries.append(Entry(_TRAILING.sub("", poem.first_line) or poem.first_line, chapter, poem.anchor))
        if poem.title and not _opens_line(poem.title, poem.first_line) and not is_bare_number(poem.title):
            entries.append(Entry(poem.title, chapter, poem.anchor, title=True))
    return sorted(entries, key=lambda e: e.key)


def sort_key(text: str) -> str:
    """`text` as it is alphabetised: letters and digits only, lower case, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPELLED))
    return _NOT_LETTER.sub("", decomposed.replace("и\u0306", "й"))  # й: a letter of its own in Russian


def initial(entry: Entry) -> str:
    """The letter an entry is filed under: the first of its sort key."""
    return sort_key(entry.text)[:1]


def _opens_line(title: str, line: str) -> bool:
    """Whether the title is the line, or the line's opening words ("Me", not of "Meantime")."""
    title_words, line_words = _words(title), _words(line)
    return bool(title_words) and line_words[:len(title_words)] == title_words


def _words(text: str) -> list[str]:
    return [key for word in text.replace("\u2014", " ").replace("\u2013", " ").split() if (key := sort_key(word))]


def unstyled_in_print(book: Book) -> bool:
    """Whether the book has the index but its print.css, a copy of styles/ made before the index
    existed, has no rules for it: its entries would print without their pages."""
    sheet = book.styles_dir / "print.css"
    return bool(index_entries(book)) and sheet.is_file() and "first-lines-index" not in sheet.read_text(
        encoding="utf-8", errors="replace")
