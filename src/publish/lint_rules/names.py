"""Names spelled two ways across the book (N001): Nikolaevich / Nikolayevich, Yan / Jan."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from publish.lint_rules.findings import Finding, LintContext
from publish.lint_rules.source import Paragraph

_NAME = re.compile(r"(?<![\w’'-])([A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?)(?![\w’'-])")
# Transliteration variants of Russian names, reduced to one spelling for comparison.
_VARIANTS = [
    (re.compile(r"(?<=[aeiouy])y(?=[aeiou])"), ""),  # Nikolayevich → Nikolaevich
    (re.compile(r"^(?:y|j)(?=[aeiou])"), "y"),  # Yan / Jan
    (re.compile(r"(?:iy|ii|yi)$"), "y"),  # Vasiliy / Vasilii / Vasily
    (re.compile(r"ks"), "x"),
    (re.compile(r"tz"), "ts"),
    (re.compile(r"ye"), "e"),
    (re.compile(r"ё"), "е"),
]
MIN_LENGTH = 3


def variant_key(name: str) -> str:
    key = name.casefold()
    for pattern, replacement in _VARIANTS:
        key = pattern.sub(replacement, key)
    return key


def check_names(paragraphs: list[Paragraph], context: LintContext) -> Iterator[Finding]:
    counts: Counter[str] = Counter()
    places: dict[str, list[tuple[Paragraph, int]]] = defaultdict(list)
    for paragraph in paragraphs:
        for match in _NAME.finditer(paragraph.text):
            counts[match[1]] += 1
            places[match[1]].append((paragraph, match.start(1)))
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        if len(name) >= MIN_LENGTH:
            groups[variant_key(name)].append(name)
    common = _lowercase_words(paragraphs)
    for spellings in groups.values():
        if len(spellings) < 2 or any(name.lower() in common for name in spellings):
            continue
        # The most frequent spelling (the first met on a tie) is taken as the book's own.
        usual = max(spellings, key=lambda n: (counts[n], -_first(places[n])))
        for name in spellings:
            if name == usual:
                continue
            paragraph, offset = places[usual][0]
            line, column = paragraph.position(offset)
            where = f"{paragraph.source.path.name}:{line}:{column}"
            for other, at in places[name]:
                l2, c2 = other.position(at)
                yield Finding(
                    other.source.path, l2, c2, "N001",
                    f"'{name}' is also spelled '{usual}' ({counts[usual]}×, first at {where}); choose one",
                )


def _lowercase_words(paragraphs: list[Paragraph]) -> set[str]:
    """The words the text also writes in small letters: capitalised only at a sentence's start,
    they are no names (Russian "Все" and "Всё" are two words, not one name spelled two ways)."""
    return {w for paragraph in paragraphs for w in _LOWER.findall(paragraph.text)}


_LOWER = re.compile(r"(?<![\w’'-])([a-zа-яё]+)(?![\w’'-])")


def _first(found: list[tuple[Paragraph, int]]) -> int:
    paragraph, offset = found[0]
    return paragraph.first_line * 100000 + offset
