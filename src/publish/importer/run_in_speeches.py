"""A play whose speeches open with their speaker's name run in, as Russian plays are typed
("Лопахин. Пришел поезд, слава богу.", "Лопахин (прислушивается). Нет…"; Gogol's Ревизор,
Chekhov's Вишнёвый сад): the names are found by recurring, and each speech's name is split from
its stage direction in parentheses and its words, which structure.py sets (the name in small
capitals, the directions in italics)."""

from __future__ import annotations

import re
from collections import Counter

from publish.importer.plain import MIN_SPEECHES

# A name: a capitalised word, then up to three more ("Аммос Федорович", "Начальник станции",
# "Бобчинский и Добчинский", "Симеонов-Пищик"), its stop, or a direction in parentheses before it.
_WORD = r"[^\W\d_][^\W\d_’']*(?:[-’'][^\W\d_]+)*"
# After a direction the speech may follow the stop with no space, as typed ("Добчинский (перебивая).Недурной").
_SPEECH = re.compile(rf"(?P<name>{_WORD}(?: {_WORD}){{0,3}})(?: (?P<direction>\([^()]{{1,200}}\))\.\s*|\.\s+)"
                     r"(?P<speech>\S.*)", re.S)
# Titles and abbreviations a paragraph of prose may open with ("Mr. Pickwick", "Dr. Watson").
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "mme", "mlle", "messrs", "no", "vol", "ch", "fig",
                            "gen", "col", "capt", "rev", "sr", "jr", "lt", "sgt", "prof", "hon", "gov", "г", "гг", "т"})
MAX_NAME = 40
RECURS = 3  # a speaker speaks three times at least
# Speeches are most of a play's paragraphs (The Government Inspector: 864 of 1168); a story's
# paragraphs opening with "Да." or "Нет." are a few.
SPEECH_SHARE = 0.4
DIRECTION = re.compile(r"\([^()]{1,300}\)")


def _name(text: str) -> str | None:
    match = _SPEECH.fullmatch(text)
    if not match or not match["name"][0].isupper() or not 2 <= len(match["name"]) <= MAX_NAME:
        return None
    return None if match["name"].lower() in _ABBREVIATIONS else match["name"]


def run_in_speakers(texts: list[str]) -> frozenset[str]:
    """The speakers of a play typed with its names run in, or none: names that open three
    speeches or more, two of them at least, opening 40 % of the paragraphs between them."""
    names = Counter(name for text in texts if (name := _name(text)))
    speakers = {name: n for name, n in names.items() if n >= RECURS}
    speeches = sum(speakers.values())
    if len(speakers) < 2 or speeches < MIN_SPEECHES or speeches < len(texts) * SPEECH_SHARE:
        return frozenset()
    return frozenset(speakers)


def split_speech(text: str, speakers: frozenset[str]) -> tuple[str, str, str] | None:
    """(name, direction, speech) of a speech by one of `speakers`; the direction may be ""."""
    match = _SPEECH.fullmatch(text)
    if not match or match["name"] not in speakers:
        return None
    return match["name"], match["direction"] or "", match["speech"]
