"""The structure of the text: brackets (B001), footnotes (F001, F002, F003), images without alt
text (I001), headings that skip a level (H001)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from publish.lint_rules.findings import Finding, LintContext
from publish.lint_rules.source import MASK, Paragraph

PAIRS = {"(": ")", "[": "]", "{": "}"}
# "a) … b)" is a list, not a bracket, when no "(" is open: "(203 m)" closes its bracket.
_ENUMERATOR = re.compile(r"(?:^|(?<=\s))\w{1,2}$")
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTE_DEF = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:", re.M)
_IMAGE = re.compile(r"!\[([^\]]*)\](?=" + MASK + ")")  # the target is masked


def check_structure(paragraphs: list[Paragraph], context: LintContext) -> Iterator[Finding]:
    for paragraph in paragraphs:
        yield from _brackets(paragraph)
        yield from _images(paragraph)
    yield from _footnotes(paragraphs)
    yield from _headings(paragraphs)


def _at(paragraph: Paragraph, offset: int, code: str, message: str) -> Finding:
    line, column = paragraph.position(offset)
    return Finding(paragraph.source.path, line, column, code, message)


def _brackets(paragraph: Paragraph) -> Iterator[Finding]:
    text = paragraph.text
    stack: list[tuple[str, int]] = []
    for offset, char in enumerate(text):
        if char in PAIRS:
            stack.append((char, offset))
        elif char == ")" and not any(opening == "(" for opening, _ in stack) \
                and _ENUMERATOR.search(text, max(0, offset - 3), offset):
            continue
        elif char in PAIRS.values():
            if stack and PAIRS[stack[-1][0]] == char:
                stack.pop()
            elif stack:
                opening, at = stack.pop()
                line, column = paragraph.position(at)
                yield _at(paragraph, offset, "B001", f"'{char}' closes the '{opening}' opened at {line}:{column}")
            else:
                yield _at(paragraph, offset, "B001", f"unmatched closing bracket '{char}'")
    for opening, at in stack:
        yield _at(paragraph, at, "B001", f"unmatched opening bracket '{opening}' (not closed in this paragraph)")


def _images(paragraph: Paragraph) -> Iterator[Finding]:
    for match in _IMAGE.finditer(paragraph.text):
        if not match[1].strip():
            yield _at(paragraph, match.start(), "I001", "image without alt text")


def _footnotes(paragraphs: list[Paragraph]) -> Iterator[Finding]:
    calls: dict[str, tuple[Paragraph, int]] = {}
    notes: dict[str, tuple[Paragraph, int]] = {}
    for paragraph in paragraphs:
        for match in _NOTE_DEF.finditer(paragraph.text):
            if match[1] in notes:
                first, at = notes[match[1]]
                line, _ = first.position(at)
                yield _at(paragraph, match.start(1) - 2, "F003", f"note [^{match[1]}] is defined again "
                          f"(first at {first.source.path.name}:{line}): give each note a label of its own")
            notes.setdefault(match[1], (paragraph, match.start(1) - 2))
        for match in _NOTE_REF.finditer(paragraph.text):
            if paragraph.text[match.end():match.end() + 1] != ":":
                calls.setdefault(match[1], (paragraph, match.start()))
    for name, (paragraph, offset) in calls.items():
        if name not in notes:
            yield _at(paragraph, offset, "F001", f"footnote [^{name}] is called but has no note")
    for name, (paragraph, offset) in notes.items():
        if name not in calls:
            yield _at(paragraph, offset, "F002", f"note [^{name}] is never called in the text")


def _headings(paragraphs: list[Paragraph]) -> Iterator[Finding]:
    level = 0
    for paragraph in paragraphs:
        if paragraph.heading:
            if level and paragraph.heading > level + 1:
                yield _at(paragraph, 0, "H001",
                          f"heading level {paragraph.heading} after level {level}: a level is skipped")
            level = paragraph.heading
