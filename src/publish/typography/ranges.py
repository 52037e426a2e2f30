"""A number range ("1941–1945", "pp. 12–14") kept on one line in every edition: a break after
its dash reads as two numbers, and browsers and reading systems break there (the web edition
set "for the period 1941–" / "1944."). Each range in the text becomes a span of class
`nowrap`, which every edition's stylesheet sets `white-space: nowrap`."""

from __future__ import annotations

import re

from publish.typography.walk import walk

# Digits, a dash or hyphen, digits; not a piece of a longer run such as a date 2026-11-26.
RANGE = re.compile(r"(?<![\d–-])\d{1,6}[–-]\d{1,6}(?![–-]?\d)")


def ranges_unbroken(blocks: list[dict]) -> list[dict]:
    """The blocks with each number range in their text (not in code, math or raw HTML) in a nowrap span."""
    return walk(blocks, "", _inlines)


def _inlines(inlines: list[dict], language: str) -> list[dict]:
    out: list[dict] = []
    for node in inlines:
        if node.get("t") == "Str" and RANGE.search(node["c"]):
            out.extend(_split(node["c"]))
        elif node.get("t") == "Span" and "nowrap" in node["c"][0][1]:
            out.append(node)  # kept whole already
        else:
            out.append(walk(node, language, _inlines))
    return out


def _split(text: str) -> list[dict]:
    out, at = [], 0
    for match in RANGE.finditer(text):
        if match.start() > at:
            out.append({"t": "Str", "c": text[at:match.start()]})
        out.append({"t": "Span", "c": [["", ["nowrap"], []], [{"t": "Str", "c": match.group()}]]})
        at = match.end()
    if at < len(text):
        out.append({"t": "Str", "c": text[at:]})
    return out
