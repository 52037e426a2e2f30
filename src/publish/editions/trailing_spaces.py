"""Text before an inline box kept on its line when only its closing space overflows.

WeasyPrint breaks a text box's line with Pango, which lets a space at a line's end hang: a
text box that ends in a space (or a no-break space) before an inline box (`Chamber, <abbr>M.</abbr>\u00a0Klotz`,
`fast at 3\u00a0<abbr>p.m.</abbr>`, `in\u00a0<em>War</em>`) and just fits without that space comes
back from Pango as one line that is wider than the measure. WeasyPrint then takes the line for
one word too long and keeps only the text's first word: "108. In" alone on a footnote's first
line over the rest of the note (Keynes, The Economic Consequences of the Peace), "endangered"
alone in The Worst Journey in the World. About one width in fifteen sets such a paragraph so.
Such a text is set whole: the space hangs, as it does at the end of any other line, and what
follows goes to the next line if it must (a correction, Kozea/WeasyPrint line_break.py 70).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# A space, and the no-break ones the typography binds words with (`3\u00a0p.m.`, `40\u202fkm`).
_SPACES = (" ", "\u00a0", "\u202f", "\u2009")


@contextmanager
def closing_spaces_hang() -> Iterator[None]:
    """While open, a text that fits but for its closing spaces is one line."""
    from weasyprint.layout import inline

    split_first_line = inline.split_first_line

    def line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        result = split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if result[2] is None or minimum or max_width is None or not text.endswith(_SPACES) or "\n" in text:
            return result
        if result[3] >= FULL_LINE * max_width:
            return result  # a line broken where it was full: not cut to its first word
        words = text.rstrip("".join(_SPACES))
        if not words:
            return result
        whole = split_first_line(words, style, context, max_width, justification_spacing, is_line_start)
        if whole[2] is not None or whole[3] > max_width:
            return result  # the words themselves do not fit: a real break
        return split_first_line(text, style, context, None, justification_spacing, is_line_start)

    inline.split_first_line = line
    try:
        yield
    finally:
        inline.split_first_line = split_first_line


# A first line at least this full was broken as lines are: only a line cut short ("108. In" over
# the rest) is set twice more to see. Most paragraphs' texts end in a space now, before their
# last word's span (print_layout._no_runts): each of their lines was set three times.
FULL_LINE = 0.6
