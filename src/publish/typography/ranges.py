"""A number range ("1941–1945", "pp. 12–14") kept on one line in every edition: a break after
its dash reads as two numbers, and browsers and reading systems break there (the web edition
set "for the period 1941–" / "1944."). The text pass (text.py) sets each range in the text as
a span of class `nowrap`, which every edition's stylesheet sets `white-space: nowrap`."""

from __future__ import annotations

import re

# Digits, a dash or hyphen, digits; not a piece of a longer run such as a date 2026-11-26.
RANGE = re.compile(r"(?<![\d–-])\d{1,6}[–-]\d{1,6}(?![–-]?\d)")


def range_spans(word: str) -> list[dict]:
    """A word of the text (no spaces) as pandoc nodes, each number range in it a nowrap span."""
    out, at = [], 0
    for match in RANGE.finditer(word):
        if match.start() > at:
            out.append({"t": "Str", "c": word[at:match.start()]})
        out.append({"t": "Span", "c": [["", ["nowrap"], []], [{"t": "Str", "c": match.group()}]]})
        at = match.end()
    if at < len(word):
        out.append({"t": "Str", "c": word[at:]})
    return out
