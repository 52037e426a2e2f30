"""Display lines balanced: a title that takes two lines shares its words evenly between them
("Soviet Military Intelligence / and the War with Japan, 1941–1945", not a full line over
"1941–1945"), as browsers do for `text-wrap-style: balance`, which WeasyPrint 70 does not know.

The print styles ask for it with the custom property `--text-wrap-style: balance`, inherited as
text-wrap-style is. A block's lines are set at its full measure first; when they are two or
more, the narrowest measure is sought (by halving) at which the text still takes as many lines
and as many words (no word hyphenated or cut that was whole), and the lines are set at it,
aligned across the full measure as before (a centred title stays centred).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from publish.editions.line_layout import lines_by

STYLE_KEY = "__text_wrap_style"  # how WeasyPrint keys the custom property --text-wrap-style
PRECISION = 1.0  # CSS px: how close to the narrowest measure the search comes


@contextmanager
def balanced_lines() -> Iterator[None]:
    """While open, blocks styled `--text-wrap-style: balance` have their lines balanced."""
    from weasyprint.layout import inline

    split_inline_box = inline.split_inline_box

    def split(context, box, position_x, max_x, *args):
        return split_inline_box(context, box, position_x, max_x - getattr(box, "publish_narrowed", 0), *args)

    def make(iter_line_boxes):
        def lines(context, box, position_y, bottom_space, skip_stack, containing_block, absolute_boxes,
                  fixed_boxes, first_letter_style, first_line_style):
            if skip_stack is None and first_letter_style is None and _asked(containing_block.style):
                def trial(narrowed: float) -> list | None:
                    return _set(iter_line_boxes, context, box, narrowed, position_y, bottom_space,
                                containing_block, first_line_style)

                full = trial(0)
                narrowed = _narrowing(trial, full, containing_block.width)
                if narrowed:
                    return _narrowed(iter_line_boxes(context, box, position_y, bottom_space, skip_stack,
                                                     containing_block, absolute_boxes, fixed_boxes,
                                                     first_letter_style, first_line_style), box, narrowed)
                if full is not None:  # set as WeasyPrint sets them, nothing else made: taken as they are
                    return iter(full)
            return iter_line_boxes(context, box, position_y, bottom_space, skip_stack, containing_block,
                                   absolute_boxes, fixed_boxes, first_letter_style, first_line_style)

        return lines

    inline.split_inline_box = split
    try:
        with lines_by(make):
            yield
    finally:
        inline.split_inline_box = split_inline_box


def _asked(style) -> bool:
    value = style[STYLE_KEY]
    return bool(value) and getattr(value[0], "value", None) == "balance" and style["text_align_all"] != "justify"


def _narrowing(trial, full: list | None, width: float) -> float:
    """How much narrower than `width` the lines (`full`, set at it) may be set, keeping their
    number and words."""
    if full is None or len(full) < 2:
        return 0
    count, words = len(full), _words(full)

    def keeps(narrowed: float) -> bool:
        lines = trial(narrowed)
        return lines is not None and len(lines) == count and _words(lines) == words

    # keeps(low); at `high` the measure is the text's width shared out exactly, too narrow.
    low, high = 0.0, width - sum(line.width for line, _ in full) / count
    while high - low > PRECISION:
        middle = (low + high) / 2
        low, high = (middle, high) if keeps(middle) else (low, middle)
    return low


def _set(iter_line_boxes, context, box, narrowed, position_y, bottom_space, containing_block, first_line_style):
    """The block's lines set `narrowed` px narrower, each with where the next starts, or None
    when setting them had effects beyond the lines (positioned or floating boxes among them):
    those are not set twice."""
    absolute, fixed, shapes = [], [], list(context.excluded_shapes)
    try:
        lines = list(_narrowed(iter_line_boxes(context, box, position_y, bottom_space, None, containing_block,
                                               absolute, fixed, None, first_line_style), box, narrowed))
    finally:
        moved = context.excluded_shapes != shapes
        context.excluded_shapes = shapes
    return None if absolute or fixed or moved else lines


def _narrowed(lines, box, narrowed: float):
    box.publish_narrowed = narrowed
    try:
        yield from lines
    finally:
        box.publish_narrowed = 0


def _words(lines) -> int:
    from weasyprint.formatting_structure import boxes

    return sum(len(descendant.text.split()) for line, _ in lines for descendant in line.descendants()
               if isinstance(descendant, boxes.TextBox))
