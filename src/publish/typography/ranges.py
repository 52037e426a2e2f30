"""A number range ("1941–1945", "pp. 12–14") kept on one line in every edition: a break after
its dash reads as two numbers, and browsers and reading systems break there (the web edition
set "for the period 1941–" / "1944."). The text pass (text.py) sets each range in the text as
a span of class `nowrap`, which every edition's stylesheet sets `white-space: nowrap`.

So is a Russian word joined by a hyphen to a part of one letter ("да-с", "Ура-а-а", "в-третьих"):
a break at its hyphen leaves one letter alone at a line's end or start, which Russian typesetting
never does (The Government Inspector's "да-" / "с, в желудке-то"); and so is a number's case ending
("1-й", "29-го", "XIX-м": The History of Pugachev's "в 1-" / "й армии"). In every language, so are
the initials of a hyphenated first name ("Ж.-Ж. Руссо" in Onegin's notes broke "Ж.-" / "Ж.")."""

from __future__ import annotations

import re

from publish.typography.rules import UPPER

# Digits, a dash or hyphen, digits; not a piece of a longer run such as a date 2026-11-26.
RANGE = re.compile(r"(?<![\d–-])\d{1,6}[–-]\d{1,6}(?![–-]?\d)")
_HYPHENATED = re.compile(r"(?<![\w\u00ad-])[^\W\d_]+(?:-[^\W\d_]+)+(?![\w\u00ad-])")
_CASE_ENDING = re.compile(r"(?<![\w-])(?:\d+|[IVXLCDM]+)-[а-яёії]{1,3}(?![\w-])")
_HYPHENATED_INITIALS = re.compile(rf"(?<![\w.])[{UPPER}]\.-[{UPPER}]\.")
# The languages whose typesetting keeps one letter off a line's end (rules.SHORT_WORDS_BOUND).
ONE_LETTER_PARTS_WHOLE = frozenset({"ru", "uk", "be"})


def _whole(word: str, language: str) -> list[re.Match[str]]:
    found = list(RANGE.finditer(word)) + (list(_HYPHENATED_INITIALS.finditer(word)) if ".-" in word else [])
    if language in ONE_LETTER_PARTS_WHOLE and "-" in word:
        found += [m for m in _HYPHENATED.finditer(word) if any(len(part) == 1 for part in m[0].split("-"))]
        found += [m for m in _CASE_ENDING.finditer(word) if not any(f.start() <= m.start() < f.end() for f in found)]
    return sorted(found, key=lambda m: m.start())


def kept_whole(word: str, language: str) -> bool:
    return bool(_whole(word, language))


def range_spans(word: str, language: str = "en") -> list[dict]:
    """A word of the text (no spaces) as pandoc nodes, each number range in it (and each
    hyphenated word with a part of one letter, in Russian) a nowrap span."""
    out, at = [], 0
    for match in _whole(word, language):
        if match.start() > at:
            out.append({"t": "Str", "c": word[at:match.start()]})
        out.append({"t": "Span", "c": [["", ["nowrap"], []], [{"t": "Str", "c": match.group()}]]})
        at = match.end()
    if at < len(word):
        out.append({"t": "Str", "c": word[at:]})
    return out
