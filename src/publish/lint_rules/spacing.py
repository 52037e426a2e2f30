"""Spaces and dashes: space before punctuation (S001), double spaces (S002), a hyphen used as
a dash (D001), a hyphen in a number range (D002), repeated words (W001)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from publish.lint_rules.findings import Finding, Fix, LintContext
from publish.lint_rules.source import MASK, Paragraph
from publish.typography.rules import spaced_ranges

_BEFORE_PUNCT = re.compile(r"(?<=[^\s" + MASK + r"])( +)([,.;:!?])(?=[\s\"'”’»)\]]|$)")
_FRENCH_SPACED = ";:!?"
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
# A hyphen after a space and before a digit is a minus ("fell to -40"; the typography pass sets
# −40): `publish fix` made it a dash, "fell to – 40".
_HYPHEN_DASH = re.compile(r"(?<=[\w\"”’»)])( +-{1,2} +| +(?:--|-(?!\d))(?=\w)|-{2,3}(?=\w))(?=[\w\"“‘«(])")
_RANGE = re.compile(r"(?<![\w\-–.,/])(\d{1,4})-(\d{1,4})(?![\w\-–/]|[.,]\d)")
_WORD = re.compile(r"\b\w+\b")
# Doubled words that English, Russian, French, German and Polish grammar allow ("Ну, так так и
# делай", "si vous vous permettez": War and Peace's French and Anna Karenina's Russian, 10 findings;
# a relative pronoun before its article, "Menschen, die die Welt retten", "Haben Sie sie gesehen?";
# Polish "To to samo").
_ALLOWED_DOUBLES = {"had", "that", "is", "bye", "very", "no", "so", "ha", "да", "нет", "что", "очень", "так",
                    "vous", "nous", "die", "der", "das", "den", "dem", "sie", "to"}


def check_spacing(paragraphs: list[Paragraph], context: LintContext) -> Iterator[Finding]:
    for paragraph in paragraphs:
        yield from _space_before_punctuation(paragraph, context)
        yield from _double_spaces(paragraph)
        spaced = spaced_ranges(paragraph.text)
        if not paragraph.heading:
            yield from _hyphen_dashes(paragraph, context, spaced)
        yield from _ranges(paragraph, spaced)
        yield from _repeated_words(paragraph)


def _finding(paragraph: Paragraph, start: int, end: int, code: str, message: str, fix: str | None) -> Finding:
    line, column = paragraph.position(start)
    end_line, end_column = paragraph.position(end)
    edit = Fix(line, column, end_column, fix) if fix is not None and end_line == line else None
    return Finding(paragraph.source.path, line, column, code, message, edit)


def _space_before_punctuation(paragraph: Paragraph, context: LintContext) -> Iterator[Finding]:
    text = paragraph.text
    for match in _BEFORE_PUNCT.finditer(text):
        mark = match[2]
        if paragraph.language_at(match.start(), context.language) == "fr" and mark in _FRENCH_SPACED:
            continue  # French sets a (thin) space there: the typography pass makes it no-break
        if mark == "." and text[match.end(2):match.end(2) + 2] == "..":
            continue  # "and ... then": an ellipsis
        if mark == "." and (text[match.end(2):].startswith(" .") or text[:match.start(1)].endswith(".")):
            continue  # "and . . . then", "seminary . . . . 1,500 livres": spaced dots, an ellipsis or a leader
        yield _finding(paragraph, match.start(1), match.end(1), "S001",
                       f"space before '{mark}'", "")


def _double_spaces(paragraph: Paragraph) -> Iterator[Finding]:
    for match in _DOUBLE_SPACE.finditer(paragraph.text):
        yield _finding(paragraph, match.start(), match.end(), "S002",
                       f"{len(match[0])} spaces between words", " ")


def _hyphen_dashes(paragraph: Paragraph, context: LintContext, ranges: list[re.Match[str]]) -> Iterator[Finding]:
    in_ranges = {r.start(2) for r in ranges}
    for match in _HYPHEN_DASH.finditer(paragraph.text):
        if match[1].strip() == "--" or match[1] == "---":
            continue  # pandoc's own dash markup: -- and --- become – and —
        if match.start(1) in in_ranges:
            continue  # "1806 - 07": a range (D002)
        # Spanish: the raya where the hyphen stands, its spaces as typed ("-Hola -dijo él-." →
        # "-Hola —dijo él-."); the typography closes it up to its words ("—Hola —dijo él—.").
        raya = (context.language, context.dash) == ("es", "—")
        fix = match[1].replace(match[1].strip(), "—") if raya else context.dash
        yield _finding(paragraph, match.start(1), match.end(1), "D001",
                       f"hyphen used as a dash: '{match[1].strip()}' between words", fix)


def _ranges(paragraph: Paragraph, spaced: list[re.Match[str]]) -> Iterator[Finding]:
    for match in _RANGE.finditer(paragraph.text):
        start = match.start() + len(match[1])
        yield _finding(paragraph, start, start + 1, "D002",
                       f"hyphen in the number range {match[0]}; use an en dash (–)", "–")
    for match in spaced:
        yield _finding(paragraph, match.start(2), match.end(2), "D002",
                       f"spaced hyphen in the number range {match[0]}; use an en dash, closed up "
                       f"({match[1]}–{match[3]})", "–")


def _repeated_words(paragraph: Paragraph) -> Iterator[Finding]:
    words = list(_WORD.finditer(paragraph.text))
    for previous, word in zip(words, words[1:], strict=False):
        between = paragraph.text[previous.end():word.start()]
        same = previous[0].casefold() == word[0].casefold()
        if same and between.strip() == "" and not word[0].isdigit() and word[0].casefold() not in _ALLOWED_DOUBLES:
            yield _finding(paragraph, previous.start(), word.end(), "W001",
                           f"repeated word '{word[0]}'", None)
