"""An e-library's own lines round the book it gives as text: royallib.ru opens with "Спасибо, что
скачали книгу в бесплатной электронной библиотеке Royallib.ru: http://royallib.ru", its links and
"Приятного чтения!", and ends with the thanks and links again (before the notes, which follow under
"notes", the name of an FB2's body of notes). lib.ru frames its own under the title between two
rules of dashes (" Источник: …", " OCR, spellcheck: …", " Date: …"). They are no part of the
book: the import sets them aside, and the title page under them is the text's top again.
"""

from __future__ import annotations

import re

_THANKS = re.compile(r"^Спасибо, что скачали книгу\b")
_GOODBYE = re.compile(r"^Приятного чтения!?$")
_LINK = re.compile(r"https?://")
CREDIT_LINES = 12  # a library's lines at the start or the end, at most, blank ones among them
_RULE = re.compile(r"^-{20,}$")
# A line of lib.ru's frame: a key and its value ("Источник: …", "OCR: …", "Date: 2 May 2004").
_KEYED = re.compile(r"^[^\W\d_][\w ,.&/-]{0,40}:\s")
_LIBRARY_KEY = re.compile(r"^(?:Источник|OCR|Spellcheck|Вычитка|Сканирование|Распознавание|Оцифровка)\b", re.I)
TOP_LINES = 30  # the frame opens this near the file's top


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
    aside.update(_framed(texts))
    credits = [lines[i].strip() for i in sorted(aside) if texts[i]]
    return [("" if i in aside else line) for i, line in enumerate(lines)], credits


def _framed(texts: list[str]) -> range:
    """lib.ru's lines between two rules of dashes near the top, each a key and its value, one of
    them a scan's or its source's ("OCR: …", "Источник: …"), rules included."""
    opening = next((i for i, text in enumerate(texts[:TOP_LINES]) if _RULE.match(text)), None)
    if opening is None:
        return range(0)
    closing = next((i for i in range(opening + 1, min(opening + CREDIT_LINES, len(texts))) if _RULE.match(texts[i])),
                   None)
    inside = [text for text in texts[opening + 1:closing] if text] if closing is not None else []
    if not all(_KEYED.match(text) for text in inside) or not any(_LIBRARY_KEY.match(text) for text in inside):
        return range(0)
    return range(opening, closing + 1)
