"""Chapters' epigraphs in a text of one paragraph a line (RusLit's, lib.ru's saved from FB2),
where nothing sets them in: The Captain's Daughter heads each chapter with lines of verse or a
proverb over their source, flush left like the text after them —

    ГЛАВА I / СЕРЖАНТ ГВАРДИИ / — Был бы гвардии он завтра ж капитан. / … / Княжнин. / Отец мой…

and they were the chapter's first paragraphs. Under a chapter's heading (and title), short lines
up to the first line of prose are its epigraphs when the last is a source: a name or what the
lines are ("Княжнин.", "Старинная песня.", "Пословица.": three words at most, each opening with a
capital but for a genre's, no comma), no sentence ("Шел снег."); a source in the middle ends an
epigraph and another begins (chapter III's song, then "Старинные люди, мой батюшка." over
"Недоросль."). A book shows it so in half its chapters at least, two or more: a chapter opening
"Был вечер." over "Шел снег." is no epigraph's.
"""

from __future__ import annotations

import re

from publish.importer.plain import Paragraph

EPIGRAPH_LINE = 80  # a line of verse or a proverb; a longer one is the chapter's prose
EPIGRAPH_LINES = 16  # an epigraph block's lines, its sources among them, at most (chapter VII's song: 13)
CHAPTERS_MIN = 2
_SOURCE = re.compile(r"(?:[А-ЯЁA-Z][\w’'-]*\.?)(?: [\w’'-]+\.?){0,2}\.?")
_NOT_A_SOURCE = re.compile(r"^[—–-]|[,;:!?…]")
_GENRE = re.compile(r"(?i)\b(?:песн|послови|поговор|присловь|присказ|сказк|былин|из\b|эпиграм|надпис)")


def line_epigraphs(paragraphs: list[Paragraph], headings: dict[int, int | None]) -> dict[int, int]:
    """Each epigraph's first paragraph → its source's, in a book where two chapters or more open so."""
    found: dict[int, int] = {}
    chapters = 0
    for heading, title in sorted(headings.items()):
        start = (heading if title is None else title) + 1
        block = _short_lines(paragraphs, headings, start)
        if len(block) < 2 or not _is_source(paragraphs, block[-1]):
            continue
        first = start
        for k in block[1:]:
            if k > first and (k == block[-1] or _is_source(paragraphs, k, within=True)):
                found[first] = k
                first = k + 1
        chapters += 1
    return found if chapters >= max(CHAPTERS_MIN, len(headings) / 2) else {}


BOOK_EPIGRAPH_LINES = 6  # the book's epigraph over its source, among its title page's lines


def book_epigraph(lines: list[Paragraph]) -> int | None:
    """Where the book's epigraph begins among the short lines over its first chapter (the title
    page's, set aside): its last lines, the last a source ("Береги честь смолоду." over
    "Пословица."), or None."""
    if len(lines) < 2 or not _is_source(lines, len(lines) - 1):
        return None
    start = len(lines) - 1
    while start > 0 and len(lines) - start <= BOOK_EPIGRAPH_LINES and not _is_source(lines, start - 1):
        if lines[start - 1].text.isupper() or any(c.isdigit() for c in lines[start - 1].text):
            break  # the title's line, in capitals; a publisher's or a date's
        start -= 1
    return start if start < len(lines) - 1 else None


def _short_lines(paragraphs: list[Paragraph], headings: dict, start: int) -> list[int]:
    """The short one-line paragraphs from `start`, up to the first of prose; none when no prose
    follows them in the chapter (a poem's lines, a chapter of dialogue)."""
    block = []
    for k in range(start, min(start + EPIGRAPH_LINES + 1, len(paragraphs))):
        para = paragraphs[k]
        if k in headings or len(para.raw) != 1:
            return []
        if len(para.text) > EPIGRAPH_LINE:
            return block
        block.append(k)
    return []


def _is_source(paragraphs: list[Paragraph], k: int, within: bool = False) -> bool:
    """A source: a name ("Княжнин.", "А. Сумароков."), a genre's ("Солдатская песня.") or "То же.",
    not a sentence ("Шел снег."); `within` a block, between two epigraphs, a name of one word
    ("Недоросль.") or a genre's, not a line of verse ("Зарядим картечью пушку.")."""
    text = paragraphs[k].text.strip(" _*")  # "_Пословица._" in italics
    words = text.split()
    if not _SOURCE.fullmatch(text) or _NOT_A_SOURCE.search(text) or any(c.isdigit() for c in text):
        return False
    if _GENRE.search(text):
        return True
    named = all(word[0].isupper() for word in words) or text.rstrip(".") == "То же"
    return named and (not within or len(words) == 1)
