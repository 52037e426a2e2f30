"""Lines of verse indented by a class: Standard Ebooks' `<span class="i1">` … `i4` (O Captain! My
Captain!'s "But O heart! heart! heart!" over "O the bleeding drops of red," each further in).

The class survived in the Markdown (`[But O heart!]{.i1}`) but meant nothing to the editions: the
poems' indented lines were set flush with the others. A stanza with such a line becomes a line
block, each indented line opening with em spaces as deep as Standard Ebooks set it (i1 two ems in,
i2 three, …: beyond a long line's turnover, which hangs 1.5 em in), as the editions keep a line
block's opening spaces (`|   O the bleeding drops of red,`).
"""

from __future__ import annotations

import re

_INDENT = re.compile(r"^i(\d)$")
EM_SPACE = "\u2003"  # an em wide in any font, where a no-break space is a fifth of one or less


def indent_verse(blocks: list) -> int:
    """Make each stanza of `blocks` with an indented line a line block; how many there were."""
    found = 0
    for n, block in enumerate(blocks):
        kind = block.get("t")
        if kind in ("Para", "Plain") and (lines := _indented_lines(block["c"])):
            blocks[n] = {"t": "LineBlock", "c": lines}
            found += 1
        elif kind == "Div":
            found += indent_verse(block["c"][1])
        elif kind == "BlockQuote":
            found += indent_verse(block["c"])
    return found


def _indented_lines(inlines: list) -> list | None:
    """The stanza's lines, its indented ones opening with em spaces; None when it has none."""
    lines: list[list] = [[]]
    for inline in inlines:
        if inline.get("t") == "LineBreak":
            lines.append([])
        else:
            lines[-1].append(inline)
    lines = [_trimmed(line) for line in lines]
    indented = [_indented(line) for line in lines]
    if len(lines) < 2 or not any(step for step, _ in indented):
        return None
    return [[{"t": "Str", "c": EM_SPACE * (step + 1)}, *line] if step else line
            for step, line in indented]


def _trimmed(line: list) -> list:
    start, end = 0, len(line)
    while start < end and line[start].get("t") in ("Space", "SoftBreak"):
        start += 1
    while end > start and line[end - 1].get("t") in ("Space", "SoftBreak"):
        end -= 1
    return line[start:end]


def _indented(line: list) -> tuple[int, list]:
    """How many steps the line is indented by its opening span's class, and the line without it."""
    if not line or line[0].get("t") != "Span":
        return 0, line
    (ident, classes, attrs), content = line[0]["c"]
    steps = [int(m[1]) for c in classes if (m := _INDENT.match(c))]
    if not steps:
        return 0, line
    rest = [c for c in classes if not _INDENT.match(c)]
    opening = [{"t": "Span", "c": [[ident, rest, attrs], content]}] if ident or rest or attrs else content
    return steps[0], [*opening, *line[1:]]
