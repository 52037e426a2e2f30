"""An e-library's own lines round the book it gives as text: royallib.ru opens with "Спасибо, что
скачали книгу в бесплатной электронной библиотеке Royallib.ru: http://royallib.ru", its links and
"Приятного чтения!", and ends with the thanks and links again (before the notes, which follow under
"notes", the name of an FB2's body of notes). They are no part of the book: the
import sets them aside, and the title page under them is the text's top again.
"""

from __future__ import annotations

import re

_THANKS = re.compile(r"^Спасибо, что скачали книгу\b")
_GOODBYE = re.compile(r"^Приятного чтения!?$")
_LINK = re.compile(r"https?://")
CREDIT_LINES = 12  # a library's lines at the start or the end, at most, blank ones among them


def blank_credits(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the lines with the library's blanked, so that line numbers hold; the library's lines)."""
    texts = [line.strip() for line in lines]
    aside: set[int] = set()
    first = next((i for i, text in enumerate(texts) if text), 0)
    if texts and _THANKS.match(texts[first]):  # at the start: the thanks, then links, up to "Приятного чтения!"
        top = range(first, min(first + CREDIT_LINES, len(texts)))
        end = next((i for i in top if _GOODBYE.match(texts[i])), None)
        aside.update(range(first, end + 1) if end is not None else ())
    for thanks in (i for i, text in enumerate(texts) if _THANKS.match(text) and i not in aside):
        # At the end, or before the notes: the thanks, its links, and FB2's name of its notes' body, "notes".
        end = thanks + 1
        while end < len(texts) and (not texts[end] or _LINK.search(texts[end])):
            end += 1
        end += end < len(texts) and texts[end] == "notes"
        aside.update(range(thanks, end))
    credits = [lines[i].strip() for i in sorted(aside) if texts[i]]
    return [("" if i in aside else line) for i, line in enumerate(lines)], credits
