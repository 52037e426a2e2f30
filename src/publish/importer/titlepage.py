"""The author and the title on a plain text's title page: the short lines at its top.

An author's line with the title under it ("Лев Николаевич Толстой" over "АННА КАРЕНИНА"), or the
title over "by" and the author ("THE HARBOUR MASTER", "by", "Edith Marlow Crane"), become
`authors` and `title` in book.yaml. Nothing else is taken: an epigraph, an edition note or a
cast list stays in the text, or goes with the other title-page lines to the file set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from publish.importer.headings import ends_like_sentence, is_heading
from publish.importer.plain import SHORT_LINE, Paragraph, series_number
from publish.importer.report import ImportReport

TOP_LINES = 12  # a title page is a handful of lines
_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,3}$")  # "Ф.", "Н.В."
_PATRONYMIC = re.compile(r"(?:ович|евич|ьич|овна|евна|ична|инична)$", re.IGNORECASE)
# "by" on a title page, in the languages of the books: "von Franz Kafka", "par Guy de Maupassant".
_BY_WORDS = ("by", "von", "par", "por")
_BY = re.compile(rf"^(?P<by>{'|'.join(_BY_WORDS)})\s+(?P<name>\S.*)$", re.IGNORECASE)
_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", re.IGNORECASE)
_TRANSLATED_BY = re.compile(r"^translated\s+by\s+(?P<name>\S.*)$", re.IGNORECASE)
_RUNS_ON = (",", ";", ":", "—", "–", "-")
# What a book is, set under its title: "Roman", "Erzählung", "Nouvelle", "Powieść" (its subtitle).
_GENRES = frozenset("roman novel novella novelle erzählung erzählungen geschichte geschichten récit récits nouvelle "
                    "nouvelles conte contes romanzo racconto racconti novela cuento cuentos relato relatos "
                    "powieść opowiadanie opowiadania opowieść nowela poems poèmes gedichte poesie poesías poesia "
                    "wiersze drama dramma drame tragödie komödie comédie tragédie stories "
                    "роман повесть рассказ рассказы".split())
_ARTICLES = frozenset("the a an der die das ein eine le la les un une el los las il lo gli una".split())
_PARTICLES = frozenset("de du des d’ von van der den di da del della dos y zu ten ter le la".split())
# A dedication's opening ("For my mother, who…", "In memory of…", "Моей матери"), no book's title.
_DEDICATED = re.compile(r"^(?:(?:to|for)\s+(?:my|our)\b|in (?:loving )?memory of\b|dedicated to\b"
                        r"|(?:моей|моему|моим|посвящается|памяти)\s)", re.IGNORECASE)
_NOT_A_TITLE = ("—", "–", "-", "(", "[", "©")  # dialogue, an edition note, a copyright line


@dataclass(frozen=True)
class _Found:
    strength: int  # how sure: 3 "by Author", 2 initials or a patronymic, 1 capitalised words
    author: int  # paragraph index of the author's line
    title: int
    by: int | None = None  # paragraph index of a "by" line of its own
    cut: int | None = None  # author and title on one line ("Антон Павлович Чехов. Палата No 6"): the stop's place
    subtitle: int | None = None  # a line between title and author that says what the book is ("A Novel")


def take_title_page(paragraphs: list[Paragraph], language: str, report: ImportReport,
                    known_title: str | None = None) -> list[Paragraph]:
    """The paragraphs without the author's and title's lines, which go to report.moved, and a
    translator's line under them ("Translated by Constance Garnett"). With the title known (a
    Gutenberg header's), only a title page of that title is taken: it is not left in the text."""
    top = _top_lines(paragraphs)
    found = _author_and_title(top, language)
    if found is None and (lines := _lines_apart(paragraphs[0]) if paragraphs else []):
        # The author's line over the title's with no blank line between (RusLit's "Николай Некрасов"
        # over "КОМУ НА РУСИ ЖИТЬ ХОРОШО" over "ЧАСТЬ ПЕРВАЯ"): read as one paragraph, no title was found.
        apart = lines + paragraphs[1:]
        if (found := _author_and_title(_top_lines(apart), language)) is not None:
            paragraphs, top = apart, _top_lines(apart)
    if found is None or known_title and _folded(top[found.title]) != _folded(known_title):
        return paragraphs
    author, title = paragraphs[found.author].text, paragraphs[found.title].text
    if found.cut is not None:
        author, title = author[: found.cut], author[found.cut + 1 :].strip()
    by = _BY.match(author)
    if by or found.by is not None:  # "by" is the title page's wording, not the author's name
        report.markup_words[(by["by"] if by else top[found.by]).lower()] += 1
    report.moved += [("title", title), ("authors", _name_cased(by["name"] if by else author))]
    used = {found.author, found.title, found.by, found.subtitle}
    after = max(i for i in used if i is not None) + 1
    if found.subtitle is not None:
        report.moved.append(("subtitle", top[found.subtitle].strip(" .")))
    if after < len(top) and _says_what_it_is(top[after]):  # "Erzählung", "РОМАН В ДВУХ ЧАСТЯХ" under the title
        report.moved.append(("subtitle", top[after].strip(" .")))
        used.add(after)
        after += 1
    translator = _TRANSLATED_BY.match(top[after]) if after < len(top) else None
    if translator and name_strength(translator["name"], language):
        report.markup_words["by"] += 1
        report.markup_words["translated"] += 1
        report.moved += [("translators", name) for name in person_names(translator["name"])]
        used.add(after)
    return [p for i, p in enumerate(paragraphs) if i not in used]


GENRE_LINE_WORDS = 6  # "Roman in drei Teilen", "A Novel in Three Books": a few words


def _says_what_it_is(line: str) -> bool:
    """A line that says what the book is: a genre ("Erzählung") or one and a few words more
    (Herzen's "РОМАН В ДВУХ ЧАСТЯХ", "A Novel in Three Books")."""
    words = line.strip(" .").split()
    if words and words[0].casefold() in _ARTICLES:
        words = words[1:]
    return bool(words) and words[0].casefold() in _GENRES and len(words) <= GENRE_LINE_WORDS and not is_heading(line)


def person_names(line: str) -> list[str]:
    """The people a credit names, one each: "Edgar Taylor and Marian Edwardes" is two, and "Louise
    and Aylmer Maude" two who share a surname, "Louise Maude" and "Aylmer Maude" (the title page
    joins them again: "Translated by Louise and Aylmer Maude")."""
    parts = [p for p in _AND.split(line.strip()) if p]
    if len(parts) < 2:
        return parts
    *first, last = [p.split() for p in parts]
    if len(last) >= 2 and all(len(name) == 1 for name in first):
        return [f"{name[0]} {' '.join(last[1:])}" for name in first] + [" ".join(last)]
    return [" ".join(p) for p in (*first, last)] if all(len(p) >= 2 for p in (*first, last)) else [line.strip()]


def _folded(title: str) -> str:
    return " ".join(title.split()).casefold()


FIRST_LINES = 3  # an author's, a title's and a subtitle's line, typed with no blank line between


def _lines_apart(para: Paragraph) -> list[Paragraph]:
    """The text's first paragraph of two or three short lines, none closing a sentence, a
    paragraph a line; none for another."""
    raw = [line for line in para.raw if line.strip()]
    if not 2 <= len(raw) <= FIRST_LINES or any(len(line.strip()) > SHORT_LINE or ends_like_sentence(line)
                                                for line in raw):
        return []
    return [Paragraph(para.line + k, line.strip(), (line,)) for k, line in enumerate(raw)]


def _top_lines(paragraphs: list[Paragraph]) -> list[str]:
    """The short single lines the text opens with, up to its first heading or prose."""
    top: list[str] = []
    for para in paragraphs[:TOP_LINES]:
        if (len(para.raw) > 1 or len(para.text) > SHORT_LINE or para.underline or is_heading(para.text)
                or _reads_as_a_sentence(para.text)):  # the text has begun: a title page stands above it
            break
        top.append(para.text)
    return top


def _author_and_title(top: list[str], language: str) -> _Found | None:
    """The surest author-and-title pair among the top lines; the first of equally sure ones."""
    found: list[_Found] = []
    for k, line in enumerate(top):
        after = top[k + 1] if k + 1 < len(top) else ""
        strength = name_strength(line, language)
        if strength and _is_book_title(after):
            found.append(_Found(strength, k, k + 1))
        by = _BY.match(after)
        if _is_book_title(line) and by and _named_after_by(by["name"], language):
            found.append(_Found(3, k + 1, k))
        # A title over its author's name, with no "by" (as Word and ODT title pages are typed):
        # only at the top, and when the title is no name itself.
        if k == 0 and _is_book_title(line) and not name_strength(line, language) and name_strength(after, language):
            found.append(_Found(1, k + 1, k))
        # The title, what the book is ("A Novel"), the author: a title block as ODT's writer leaves one.
        if (k == 0 and _is_book_title(line) and not name_strength(line, language) and _says_what_it_is(after)
                and k + 2 < len(top) and name_strength(top[k + 2], language)):
            found.append(_Found(2, k + 2, k, subtitle=k + 1))
        if (_is_book_title(line) and after.lower() in _BY_WORDS and k + 2 < len(top)
                and _named_after_by(top[k + 2], language)):
            found.append(_Found(3, k + 2, k, by=k + 1))
        # lib.ru heads its texts "Author. Title" on one line: a name sure by its patronymic or
        # initials, or any name on the file's first line ("Михаил Лермонтов. Герой нашего времени").
        for stop in re.finditer(r"\. ", line):
            strength = name_strength(line[: stop.start()], language)
            if (strength == 2 or strength and k == 0) and _is_book_title(line[stop.end() :]):
                found.append(_Found(strength, k, k, cut=stop.start()))
                break
    return max(found, key=lambda f: f.strength, default=None)


_SENTENCE_WORDS = 4  # small words in a line ending in a stop: "This is a test of FORMATTING."


def _reads_as_a_sentence(line: str) -> bool:
    """A line ending in a stop, four words or more of it in small letters: a text's first sentence
    (pandoc's formatting.rtf: "This is a test of FORMATTING. This is hidden: ." over "Small
    Caps" and "bold", read as a title page), not a title ("The Old Man and the Sea.", "Герой
    нашего времени.")."""
    return line.rstrip().endswith((".", ":")) and sum(w[:1].islower() for w in line.split()) >= _SENTENCE_WORDS


def name_strength(line: str, language: str) -> int:
    """2: a person's name by its initials or a patronymic ("Ф. ДОСТОЕВСКИЙ", "Лев Николаевич
    Толстой"); 1: two to four capitalised words in the book's alphabet, not in capitals, which
    title pages set titles in ("Александр Грин"; not "Author Info" in a Russian book, not
    "AVEC LES ADDITIONS"); 0: not a name."""
    words = line.split()
    # "Guy de Maupassant", "Ludwig van Beethoven": a particle between the name's words.
    inner = [w for k, w in enumerate(words) if not (0 < k < len(words) - 1 and w in _PARTICLES)]
    if not 2 <= len(words) <= 5 or not all(_is_initials(w) or _is_name_word(w) for w in inner):
        return 0
    if words[0].casefold() in _ARTICLES:  # "The Keeper's Daughter", "Der Prozess" are titles
        return 0
    if not any(_is_name_word(w) for w in words) or _is_cyrillic(line) != (language == "ru"):
        return 0
    if any(_is_initials(w) or _PATRONYMIC.search(w) for w in words):
        return 2
    return 0 if line.isupper() else 1


def author_line(line: str, language: str) -> list[str]:
    """The people a line alone under a title names as its authors ("by Margaret Ellison",
    "Маргарита Элисова"), each as a name is written; none when it names nobody."""
    line = " ".join(line.split())
    return by_line(line, language) or ([line] if name_strength(line, language) else [])


def by_line(line: str, language: str) -> list[str]:
    """The people a "by" line names ("by Margaret Ellison", "von Franz Kafka"); none for another line."""
    by = _BY.match(" ".join(line.split()))
    return person_names(_name_cased(by["name"])) if by and _named_after_by(by["name"], language) else []


def _named_after_by(line: str, language: str) -> bool:
    """A name after "by": also in capitals ("par" over "GUY DE MAUPASSANT"), as "by" says what it is."""
    return bool(name_strength(line, language) or name_strength(_name_cased(line), language))


def _name_cased(name: str) -> str:
    """A name set in capitals as a name is written ("GUY DE MAUPASSANT" → "Guy de Maupassant")."""
    if not name.isupper():
        return name
    words = [w.capitalize() for w in name.split()]
    return " ".join(w.lower() if 0 < k < len(words) - 1 and w.lower() in _PARTICLES else w
                    for k, w in enumerate(words))


def _is_initials(word: str) -> bool:
    return bool(_INITIALS.match(word)) and word[0].isupper()


def _is_name_word(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and all(c.isalpha() or c in "-'’" for c in word)


def _is_cyrillic(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return sum("\u0400" <= c <= "\u04ff" for c in letters) > len(letters) / 2


def _is_book_title(line: str) -> bool:
    """A line that can be a book's title ("Детство. Отрочество. Юность"): not running on, not
    dialogue, an edition note or a copyright line, not a heading or a series number."""
    line = line.strip()
    return (0 < len(line) <= SHORT_LINE and any(c.isalpha() for c in line) and line.lower() not in _BY_WORDS
            and not _DEDICATED.match(line)
            and not line.endswith(_RUNS_ON) and not line.startswith(_NOT_A_TITLE)
            and not is_heading(line) and not series_number(line))
