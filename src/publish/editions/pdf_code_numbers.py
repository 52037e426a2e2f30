"""A numbered code block's line numbers (`{.python .numberLines}`) kept out of its text in the
tagged PDF.

print.css draws each number as the line's `::before` content, which WeasyPrint tags with the code:
a screen reader read "1 def f(): 2 return 1", and a reader copying the code from Acrobat got the
numbers with it. Each number's structure element is given an empty /ActualText, the text that
stands for it when the PDF is read or copied (ISO 32000-1, 14.9.4), as the screens' editions
draw the numbers from a CSS counter, no part of the code's text either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def code_numbers_unread() -> Iterator[None]:
    """While open, WeasyPrint tags a numbered code line's number as standing for no text."""
    import pydyf
    from weasyprint.pdf import tags

    build_box_tree = tags._build_box_tree

    def unread(box, *args):
        number = box.element is not None and box.element_tag.endswith("::before") and _line_number(box)
        for element in build_box_tree(box, *args):
            if number:
                element["ActualText"] = pydyf.String("")
            yield element

    tags._build_box_tree = unread
    try:
        yield
    finally:
        tags._build_box_tree = build_box_tree


def _line_number(box) -> bool:
    """A code line's `::before` holding a number: only print.css's `pre.numberLines` gives one."""
    if "code-line" not in (box.element.get("class") or "").split():
        return False
    text = "".join(getattr(child, "text", "") for child in box.descendants())
    return text.strip().isdigit()
