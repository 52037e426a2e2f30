"""Heading ids pandoc's Markdown writer leaves off that its reader would not make again.

The writer leaves a heading's id off when it is the one made from the heading's words, but it
makes it without the heading's notes, and the reader with the note's label: Spoon River's
"Jonathan Swift Somers[^1]", given the id jonathan-swift-somers (its poem's <article id>), came
back as jonathan-swift-somers1, and the endnote's link to the poem led nowhere. Such a heading
is written with its id, `## Jonathan Swift Somers[^1] {#jonathan-swift-somers}`.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(?:```|~~~)")
_ATX = re.compile(r"^(?:> ?)*#{1,6} \S")
_ATTRS_AT_END = re.compile(r" \{([^{}]*)\}$")


def nested_headers(blocks: list) -> list[dict]:
    """The headings among `blocks`, also those inside divs and quotations, in order."""
    found = []
    for block in blocks:
        if block.get("t") == "Header":
            found.append(block)
        elif block.get("t") == "Div":
            found += nested_headers(block["c"][1])
        elif block.get("t") == "BlockQuote":
            found += nested_headers(block["c"])
    return found


def with_heading_ids(markdown: str, written: list, read: list) -> tuple[str, int]:
    """`markdown`, pandoc's for the blocks `written`, with the ids of the headings it reads back
    (`read`) with another id; and how many. Unchanged when its heading lines cannot be told."""
    wanted, got = nested_headers(written), nested_headers(read)
    if len(wanted) != len(got):
        return markdown, 0
    missing = {n: w["c"][1][0] for n, (w, g) in enumerate(zip(wanted, got, strict=True))
               if w["c"][1][0] and w["c"][1][0] != g["c"][1][0]}
    if not missing:
        return markdown, 0
    lines, fence, heading_lines = markdown.split("\n"), False, []
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fence = not fence
        elif not fence and _ATX.match(line):
            heading_lines.append(i)
    if len(heading_lines) != len(wanted):
        return markdown, 0
    for n, ident in missing.items():
        i = heading_lines[n]
        if attrs := _ATTRS_AT_END.search(lines[i]):
            lines[i] = f"{lines[i][:attrs.start()]} {{#{ident} {attrs[1]}}}"
        else:
            lines[i] += f" {{#{ident}}}"
    return "\n".join(lines), len(missing)
