"""Russian words with ё hyphenated as the same words with е.

Pyphen's Russian patterns (hyph_ru_RU.dic, the ones WeasyPrint reads) have no ё at all: Russian
print mostly writes е for it, and a word holding ё matched only the patterns around it, so it
broke in fewer places or none ("зе-лё-ный" only "зелё-ный", "при-шёл-ся" only "пришёл-ся",
"учё-но-го" only "учёно-го"): its line could not end hyphenated where the same word with е did.
Every pattern with е is given a twin with ё, so ё breaks as е does. Belarusian's patterns know ё
already; Ukrainian has no ё.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

_LANGUAGES = ("ru_RU",)
_DONE = "_publish_yo"  # set on a dictionary given its twins (it is shared by every Pyphen of its file)


def yo_hyphenated() -> None:
    """Give the Russian hyphenation patterns their ё twins, once a process."""
    russian_patterns_patched(_DONE, lambda patterns: patterns.patterns.update(with_yo(patterns.patterns)))


def russian_patterns_patched(done: str, patch: Callable) -> None:
    """Patch the Russian hyphenation patterns with `patch(HyphDict)` once a process, marked by the
    attribute `done` (pyphen caches each dictionary by its file, so every Pyphen WeasyPrint makes
    for Russian reads them)."""
    import pyphen

    for language in _LANGUAGES:
        path = pyphen.LANGUAGES.get(language)
        if path is None:
            continue
        patterns = pyphen.hdcache.get(path)
        if patterns is None:
            patterns = pyphen.hdcache[path] = pyphen.HyphDict(path)
        if getattr(patterns, done, False):
            continue
        patch(patterns)
        patterns.cache.clear()
        setattr(patterns, done, True)


def with_yo(patterns: dict[str, tuple]) -> dict[str, tuple]:
    """The twins of the patterns holding е: each е may be ё (one pattern of a few letters has
    two at most), with the same values; a pattern already there is kept."""
    twins: dict[str, tuple] = {}
    for key, value in patterns.items():
        places = [at for at, letter in enumerate(key) if letter == "е"]
        for chosen in itertools.chain.from_iterable(itertools.combinations(places, n)
                                                    for n in range(1, len(places) + 1)):
            twin = "".join("ё" if at in chosen else letter for at, letter in enumerate(key))
            if twin not in patterns:
                twins[twin] = value
    return twins
