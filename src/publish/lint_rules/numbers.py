"""Dates (M001) and numbers (M002) written in more than one style across the book.

Each aspect (how a date is written, how thousands are grouped, how a percentage is written)
has a few styles. The style used most often is taken as the book's own (the first met on a
tie), and every occurrence of another style is reported where it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from publish.lint_rules.findings import Finding, LintContext
from publish.lint_rules.source import Paragraph


@dataclass(frozen=True)
class Style:
    name: str  # as the report shows it: "'July 17, 1945'"
    pattern: re.Pattern[str]


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTHS_RU = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_NO_NUMBER_BEFORE = r"(?<![\w.,\-/–])"
_NO_NUMBER_AFTER = r"(?![\w\-/–]|[.,]\d)"

DATE_STYLES = (
    Style("'July 17, 1945'", re.compile(rf"\b(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?, \d{{4}}\b")),
    Style("'17 July 1945'", re.compile(rf"\b\d{{1,2}} (?:{_MONTHS}),? \d{{4}}\b")),
    Style("'17 июля 1945'", re.compile(rf"(?<!\w)\d{{1,2}} (?:{_MONTHS_RU}) \d{{4}}(?!\w)")),
    Style("'17.07.1945'", re.compile(_NO_NUMBER_BEFORE + r"[0-3]?\d\.[01]\d\.\d{4}" + _NO_NUMBER_AFTER)),
    Style("'1945-07-17'", re.compile(_NO_NUMBER_BEFORE + r"\d{4}-[01]\d-[0-3]\d" + _NO_NUMBER_AFTER)),
)
# Only numbers of five digits or more: four-digit ones are mostly years, never grouped.
THOUSANDS_STYLES = (
    Style("'10,000'", re.compile(_NO_NUMBER_BEFORE + r"\d{1,3}(?:,\d{3})+" + _NO_NUMBER_AFTER)),
    Style("'10 000'", re.compile(_NO_NUMBER_BEFORE + r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+" + _NO_NUMBER_AFTER)),
    Style("'10000'", re.compile(_NO_NUMBER_BEFORE + r"\d{5,}" + _NO_NUMBER_AFTER)),
)
_AMOUNT = r"(?<![\w.,])\d+(?:[.,]\d+)?"
PERCENT_STYLES = (
    Style("'20%'", re.compile(_AMOUNT + r"%")),
    Style("'20 %'", re.compile(_AMOUNT + r"[ \u00a0\u202f]%")),
    Style("'20 per cent'", re.compile(_AMOUNT + r"[ \u00a0]per cent\b", re.I)),
    Style("'20 percent'", re.compile(_AMOUNT + r"[ \u00a0]percent\b", re.I)),
    Style("'20 процентов'", re.compile(_AMOUNT + r"[ \u00a0]процент(?:а|ов)?(?!\w)", re.I)),
)
ASPECTS = (("M001", "date", DATE_STYLES), ("M002", "number", THOUSANDS_STYLES), ("M002", "percentage", PERCENT_STYLES))


def check_numbers(paragraphs: list[Paragraph], context: LintContext) -> Iterator[Finding]:
    for code, what, styles in ASPECTS:
        yield from _mixed(paragraphs, code, what, styles)


def _mixed(paragraphs: list[Paragraph], code: str, what: str, styles: tuple[Style, ...]) -> Iterator[Finding]:
    found: dict[Style, list[tuple[Paragraph, re.Match[str]]]] = {}
    first: dict[Style, tuple[int, int]] = {}  # where each style is first met: (paragraph, offset)
    for index, paragraph in enumerate(paragraphs):
        taken: list[tuple[int, int]] = []  # "20 %" is not also a "20%"; "10,000" is not a "000"
        for style in styles:
            for match in style.pattern.finditer(paragraph.text):
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                taken.append(match.span())
                found.setdefault(style, []).append((paragraph, match))
                first[style] = min(first.get(style, (index, match.start())), (index, match.start()))
    if len(found) < 2:
        return
    usual = min(found, key=lambda s: (-len(found[s]), first[s]))
    for style, places in found.items():
        if style is usual:
            continue
        for paragraph, match in places:
            line, column = paragraph.position(match.start())
            shown = match[0].strip().replace("\u00a0", " ").replace("\u202f", " ")
            yield Finding(
                paragraph.source.path, line, column, code,
                f"{what} '{shown}' written differently from the book's usual {usual.name} ({len(found[usual])}×)",
            )
