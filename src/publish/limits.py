"""Limits on what a manuscript may ask of the tools: clear errors instead of hangs and crashes.

Checked on the Markdown source before pandoc runs (pandoc's Markdown reader takes exponential
time on nested brackets and minutes on thousands of nested block quotes), then on the HTML
pandoc wrote (raw HTML and fenced divs nest too). WeasyPrint and the JSON reader recurse
once per nesting level and fail near 100 list levels; the limits stay well below that.
"""

from __future__ import annotations

import re
from pathlib import Path

from publish.errors import PublishError

MAX_LINE_CHARS = 1_000_000  # a "paragraph" longer than this is a wrong file, not prose
MAX_NESTING = 32  # block quotes, list levels and fenced divs inside one another
MAX_BRACKET_DEPTH = 6  # [ inside [ inside [ …: pandoc's time grows threefold per level
MAX_ELEMENT_DEPTH = 80  # HTML elements inside one another in a chapter, after pandoc

_CONTAINER = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t]|$)|(?:\d{1,9}|#)[.)](?=[ \t]|$))[ \t]?")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_DIV_OPEN = re.compile(r"^:{3,}[ \t]*[^:\s]")
_DIV_CLOSE = re.compile(r"^:{3,}[ \t]*$")
_CODE_SPAN = re.compile(r"(`+).*?\1")
# A tag's name ends at a space, "/" or ">": `<https://…>` and `<someone@example.org>` are links,
# not tags left open (forty of them in a book's notes stopped its build as "nested 33 deep").
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^<>]*?(/?)>")
# Elements that never hold others, or whose end tag may be left out: they do not nest.
_FLAT_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "rt", "rp",
}


def check_source(path: Path, text: str) -> None:
    """Refuse lines, nesting and brackets beyond what the tools can take, naming the line."""
    fence = ""
    divs = 0
    tags = 0
    brackets = 0
    for n, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            raise PublishError(
                f"line of {len(line):,} characters, above the limit of {MAX_LINE_CHARS:,}", file=path, line=n,
                hint="break it into paragraphs (a blank line between them); is this the right file?",
            )
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if not line.strip():
            brackets = 0  # a blank line ends the paragraph, and with it any open bracket
            continue
        if _DIV_OPEN.match(line):
            divs += 1
        elif _DIV_CLOSE.match(line):
            divs = max(0, divs - 1)
        tags, deepest = _tag_depth(line, tags)
        depth = divs + deepest + _container_depth(line)
        if depth > MAX_NESTING:
            raise PublishError(
                f"block quotes, lists, divs or HTML tags nested {depth} deep, above the limit of {MAX_NESTING}",
                file=path, line=n, hint="a book needs a few levels at most; flatten the nesting",
            )
        brackets = _bracket_depth(line, brackets, path, n)


def _container_depth(line: str) -> int:
    """Block quote and list markers opening the line, plus its indentation (two spaces a level)."""
    markers = 0
    pos = 0
    indent = len(line) - len(line.lstrip(" \t"))
    while match := _CONTAINER.match(line, pos):
        if match.end() == pos:
            break
        markers += 1
        pos = match.end()
    return markers + (indent // 2 if markers else 0)


def _tag_depth(line: str, depth: int) -> tuple[int, int]:
    """Raw HTML elements open after this line, and the most open on it (pandoc nests <div>, <span>)."""
    deepest = depth
    for match in _TAG.finditer(_CODE_SPAN.sub("", line)):
        closing, name, empty = match.groups()
        if empty or name.lower() in _FLAT_TAGS:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return depth, deepest


def _bracket_depth(line: str, depth: int, path: Path, n: int) -> int:
    if "[" not in line and (depth == 0 or "]" not in line):
        return depth  # most lines: nothing opens, nothing open can close (read char by char below)
    line = _CODE_SPAN.sub("", line)
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                raise PublishError(
                    f"square brackets nested more than {MAX_BRACKET_DEPTH} deep", file=path, line=n,
                    hint="close the brackets, or write \\[ for a bracket that is only text",
                )
        elif char == "]":
            depth = max(0, depth - 1)
    return depth


def check_depth(element, file: Path, line: int | None) -> None:
    """Refuse HTML (raw or from pandoc) nested deeper than the typesetters can follow."""
    depths = {element: 1}
    for el in element.iterdescendants():
        depth = depths[el.getparent()] + 1
        if depth > MAX_ELEMENT_DEPTH:
            raise PublishError(
                f"the text is nested {MAX_ELEMENT_DEPTH}+ elements deep (raw HTML, divs, lists or quotes)",
                file=file, line=line, hint="flatten the nesting in this chapter",
            )
        depths[el] = depth
