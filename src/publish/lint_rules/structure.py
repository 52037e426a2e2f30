"""The structure of the text: brackets (B001), footnotes (F001, F002, F003), images without alt
text (I001), headings that skip a level (H001) or miss their space (H002)."""

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
# "#Chapter Two" alone on its line: pandoc's Markdown needs a space after the marks of a heading.
_UNSPACED_HEADING = re.compile(r"#{1,6}(?=[^\W\d_])[^\n]{1,80}")
_IMAGE = re.compile(r"!\[([^\]]*)\](?=" + MASK + ")")  # the target is masked


def check_structure(paragraphs: list[Paragraph], context: LintContext) -> Iterator[Finding]:
    carried: list[tuple[str, Paragraph, int]] = []
    for paragraph, following in zip(paragraphs, [*paragraphs[1:], None], strict=True):
        carried = yield from _brackets(paragraph, carried)
        if carried and not _stanzas_of_one_poem(paragraph, following):
            for opening, where, at in carried:
                yield _at(where, at, "B001", f"unmatched opening bracket '{opening}' (not closed in this paragraph)")
            carried = []
        yield from _images(paragraph)
    yield from _footnotes(paragraphs)
    yield from _headings(paragraphs)


def _at(paragraph: Paragraph, offset: int, code: str, message: str) -> Finding:
    line, column = paragraph.position(offset)
    return Finding(paragraph.source.path, line, column, code, message)


def _brackets(paragraph: Paragraph, carried: list[tuple[str, Paragraph, int]]):
    """Report the brackets of `paragraph` that pair with none; return those left open, with the
    ones `carried` open from the stanzas before it."""
    text = paragraph.text
    markup = _markup_brackets(text)
    stack = list(carried)
    for offset, char in enumerate(text):
        if offset in markup:
            continue
        if char in PAIRS:
            stack.append((char, paragraph, offset))
        elif char == ")" and not any(opening == "(" for opening, _, _ in stack) \
                and _ENUMERATOR.search(text, max(0, offset - 3), offset):
            continue
        elif char in PAIRS.values():
            if stack and PAIRS[stack[-1][0]] == char:
                stack.pop()
            elif stack:
                opening, where, at = stack.pop()
                line, column = where.position(at)
                yield _at(paragraph, offset, "B001", f"'{char}' closes the '{opening}' opened at {line}:{column}")
            else:
                yield _at(paragraph, offset, "B001", f"unmatched closing bracket '{char}'")
    return stack


def _markup_brackets(text: str) -> set[int]:
    """The offsets of the [ and ] of spans and links (`[line]{.i1}`, `[text](target)`, their
    attributes and targets masked): markup, which may hold a bracket of the text opened before it
    ("(In the foremost ranks … / [And the double grave awaits them.)]{.i1}")."""
    opened: list[int] = []
    markup: set[int] = set()
    for offset, char in enumerate(text):
        if char == "[":
            opened.append(offset)
        elif char == "]" and opened:
            start = opened.pop()
            if text[offset + 1:offset + 2] == MASK:
                markup |= {start, offset}
    return markup


def _stanzas_of_one_poem(paragraph: Paragraph, following: Paragraph | None) -> bool:
    """Two stanzas one after the other (lines ending in hard breaks, or line blocks): a bracket
    opened in one may close in a later one, as Whitman's do ("(Nor for you, for one alone," closes
    two stanzas on)."""
    return (following is not None and following.source is paragraph.source and not following.heading
            and _verse(paragraph) and _verse(following))


def _verse(paragraph: Paragraph) -> bool:
    lines = paragraph.raw.split("\n")
    return not paragraph.heading and (all(line.lstrip(" \t>").startswith("|") for line in lines)
                                      or len(lines) > 1 and all(line.endswith(("\\", "  ")) for line in lines[:-1]))


def _images(paragraph: Paragraph) -> Iterator[Finding]:
    for match in _IMAGE.finditer(paragraph.text):
        # A description given as an attribute counts (`![](map.svg){alt="…"}`, as `publish import`
        # writes a picture an EPUB describes but does not caption).
        if not match[1].strip() and not _ALT_ATTRIBUTE.match(paragraph.raw, match.end()):
            yield _at(paragraph, match.start(), "I001", "image without alt text")


_ALT_ATTRIBUTE = re.compile(r"\((?:[^()\n]|\([^()\n]*\))*\)\{[^{}\n]*\balt=[\"']?[^\s\"'}]")


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
        if not paragraph.heading and not paragraph.table and _UNSPACED_HEADING.fullmatch(paragraph.raw):
            marks = len(paragraph.raw) - len(paragraph.raw.lstrip("#"))
            yield _at(paragraph, 0, "H002", f"'{paragraph.raw}' is a paragraph, not a heading: a heading needs a "
                      f"space after its {'#' * marks}, '{'#' * marks} {paragraph.raw[marks:]}'")
        if paragraph.heading:
            if level and paragraph.heading > level + 1:
                yield _at(paragraph, 0, "H001",
                          f"heading level {paragraph.heading} after level {level}: a level is skipped")
            level = paragraph.heading
