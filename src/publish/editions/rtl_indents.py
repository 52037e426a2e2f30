"""A right-to-left paragraph's first-line indent at the line's start, its right.

WeasyPrint 70 takes `text-indent` off a first line's width but leaves the room at the line's
left, its end when the paragraph runs right to left (a `::: {dir=rtl}` passage in Hebrew or
Arabic): flush right, the first line looks unindented and stops short at the left; a hanging
indent (verse's turnovers, the contents' entries) hangs at the left, past the text block. A
right-to-left line with an indent is moved left by it, as CSS has it (a correction).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def indents_at_the_start() -> Iterator[None]:
    """While open, a right-to-left first line's indent is at its right."""
    from weasyprint.layout import inline

    get_next_linebox = inline.get_next_linebox

    def next_line(context, linebox, *args):
        indent = linebox.text_indent
        line, resume_at = get_next_linebox(context, linebox, *args)
        if line is not None and indent and linebox.style["direction"] == "rtl":
            line.translate(dx=-indent)
        return line, resume_at

    inline.get_next_linebox = next_line
    try:
        yield
    finally:
        inline.get_next_linebox = get_next_linebox
