"""What the line rules (balanced_lines.py, hyphen_ladders.py, recto_words.py) share: where
WeasyPrint's block layout takes a paragraph's lines from, replaced, and styles that do not
hyphenate."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def lines_by(make: Callable) -> Iterator[None]:
    """While open, block layout takes its lines from `make(the iter_line_boxes before)`."""
    from weasyprint.layout import block

    before = block.iter_line_boxes
    replaced = make(before)
    # The line layout may be a corrected copy compiled in a namespace of its own (layout_shortcuts).
    namespaces = {id(space): space for space in (vars(block), block._linebox_layout.__globals__)}.values()
    for space in namespaces:
        space["iter_line_boxes"] = replaced
    try:
        yield
    finally:
        for space in namespaces:
            space["iter_line_boxes"] = before


def unhyphenated() -> Callable:
    """A style → the same style with `hyphens: manual` (each copy made once, the style kept alive)."""
    copies: dict[int, tuple] = {}

    def manual(style):
        known = copies.get(id(style))
        if known is None:
            copy = style.copy()
            copy["hyphens"] = "manual"
            known = copies[id(style)] = (style, copy)
        return known[1]

    return manual
