"""No more than a few lines in a row ending in a hyphenated word: a ladder of three or four
hyphens down the right edge catches the eye (the seed had eight, War and Peace sixty-one), and
CSS's `hyphenate-limit-lines`, which WeasyPrint 70 does not know, is the rule against it.

The print styles set the limit with the custom property `--hyphenate-limit-lines` (two in
print.css; inherited). When a paragraph's line would end hyphenated after that many lines that
did, it is set again without hyphenating its last word, which goes over to the next line whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from publish.editions.line_layout import lines_by, unhyphenated

STYLE_KEY = "__hyphenate_limit_lines"  # how WeasyPrint keys the custom property --hyphenate-limit-lines


@contextmanager
def ladders_limited() -> Iterator[None]:
    """While open, a block's lines keep to its `--hyphenate-limit-lines`."""
    from weasyprint.layout import inline

    get_next_linebox, split_first_line = inline.get_next_linebox, inline.split_first_line
    whole = [False]  # setting a line again, without hyphenating
    manual = unhyphenated()

    def line_break(text, style, *args, **kwargs):
        return split_first_line(text, manual(style) if whole[0] else style, *args, **kwargs)

    def next_line(context, linebox, position_y, bottom_space, skip_stack, containing_block, absolute_boxes,
                  fixed_boxes, *args):
        limit = getattr(linebox, "publish_hyphen_limit", 0)
        if not limit:
            return get_next_linebox(context, linebox, position_y, bottom_space, skip_stack, containing_block,
                                    absolute_boxes, fixed_boxes, *args)
        shapes, placed = list(context.excluded_shapes), (len(absolute_boxes), len(fixed_boxes))
        line, resume_at = get_next_linebox(context, linebox, position_y, bottom_space, skip_stack, containing_block,
                                           absolute_boxes, fixed_boxes, *args)
        ends = resume_at is not None and _hyphenated(line)
        if ends and linebox.publish_hyphen_run >= limit and placed == (len(absolute_boxes), len(fixed_boxes)):
            context.excluded_shapes = shapes
            whole[0] = True
            try:
                line, resume_at = get_next_linebox(context, linebox, position_y, bottom_space, skip_stack,
                                                   containing_block, absolute_boxes, fixed_boxes, *args)
            finally:
                whole[0] = False
            ends = resume_at is not None and _hyphenated(line)
        linebox.publish_hyphen_run = linebox.publish_hyphen_run + 1 if ends else 0
        return line, resume_at

    def make(iter_line_boxes):
        def lines(context, box, position_y, bottom_space, skip_stack, containing_block, *args):
            box.publish_hyphen_limit = _limit(containing_block.style)
            box.publish_hyphen_run = 0
            return iter_line_boxes(context, box, position_y, bottom_space, skip_stack, containing_block, *args)

        return lines

    inline.get_next_linebox, inline.split_first_line = next_line, line_break
    try:
        with lines_by(make):
            yield
    finally:
        inline.get_next_linebox, inline.split_first_line = get_next_linebox, split_first_line


def _limit(style) -> int:
    value = style[STYLE_KEY]
    number = getattr(value[0], "int_value", None) if value else None
    return number if number and number > 0 and style["hyphens"] == "auto" else 0


def _hyphenated(line) -> bool:
    """Whether the line ends in a word WeasyPrint hyphenated: its last text ends in a word's
    character and the hyphenation character."""
    text = _last_text(line) if line is not None else None
    if text is None:
        return False
    hyphen, ending = text.style["hyphenate_character"], text.text.removesuffix("\n")
    before = ending[-len(hyphen) - 1:-len(hyphen)] if hyphen and ending.endswith(hyphen) else ""
    return before.isalnum() or before == "_"  # a word's character, as \w


def _last_text(box):
    """The last text box inside `box`, in the order of its descendants (called for every line:
    searched from the end, not by listing them all)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box
    for child in reversed(box.children):
        if isinstance(child, boxes.Box) and (found := _last_text(child)) is not None:
            return found
    return None
