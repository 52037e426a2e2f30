"""Russian words in the old spelling (before 1918) hyphenated as the same words in the new.

Pyphen's Russian patterns know neither ѣ, і, ѵ, ѳ nor a ъ ending a word: a word holding one
matched only the patterns around it, so it broke in fewer places ("свирѣ-пой" where "сви-ре-пой"
breaks twice), and a ъ after a last consonant made it a syllable of its own: "Оренбур-гъ",
"домо-мъ", "пол-къ" left two letters with no vowel on the next line. Every pattern with е, и or ф
is given twins with ѣ, і and ѵ, ѳ, each pattern for a word's end after a consonant one with ъ
before the end ("орке-стръ" as "оркестр" is not), and no word breaks before its last consonant and ъ.
"""

from __future__ import annotations

import itertools

from publish.editions.yo_hyphens import russian_patterns_patched

_OLD_LETTERS = {"е": "ѣ", "и": "іѵ", "ф": "ѳ"}  # the new spelling's letter → the old ones it stands for
_CONSONANTS = "бвгджзклмнпрстфхцчшщ"
_NO_BREAK = 8  # an even value higher than any pattern's: no break there
_DONE = "_publish_old_spelling"  # set on a dictionary given its twins (shared by every Pyphen of its file)


def old_spelling_hyphenated() -> None:
    """Give the Russian hyphenation patterns their old-spelling twins, once a process."""
    russian_patterns_patched(_DONE, _with_old_spelling)


def _with_old_spelling(patterns) -> None:
    patterns.patterns.update(with_old_letters(patterns.patterns))
    patterns.patterns.update(with_hard_sign_ending(patterns.patterns))
    for consonant in _CONSONANTS:
        patterns.patterns.setdefault(f"{consonant}ъ.", (0, (_NO_BREAK,)))  # "Оренбур-гъ": none before "гъ"
    patterns.maxlen = max(patterns.maxlen, 3)


def with_hard_sign_ending(patterns: dict[str, tuple]) -> dict[str, tuple]:
    """The twins of the patterns for a word's end after a consonant, with ъ before the end: the
    new spelling's "орке-стр" is never broken there, nor is "оркестръ"."""
    return {f"{key[:-1]}ъ.": value for key, value in patterns.items()
            if key.endswith(".") and key[-2:-1] in _CONSONANTS and f"{key[:-1]}ъ." not in patterns}


def with_old_letters(patterns: dict[str, tuple]) -> dict[str, tuple]:
    """The twins of the patterns holding е, и or ф: each may be written in the old spelling, with
    the same values; a pattern already there is kept."""
    twins: dict[str, tuple] = {}
    for key, value in patterns.items():
        places = [(at, _OLD_LETTERS[letter]) for at, letter in enumerate(key) if letter in _OLD_LETTERS]
        for chosen in itertools.chain.from_iterable(itertools.combinations(places, n)
                                                    for n in range(1, len(places) + 1)):
            for letters in itertools.product(*(old for _, old in chosen)):
                twin = list(key)
                for (at, _), letter in zip(chosen, letters, strict=True):
                    twin[at] = letter
                if (word := "".join(twin)) not in patterns:
                    twins[word] = value
    return twins
