"""No word hyphenated over the turn of a recto, settled as each page is made (and a page made
again keeps its paragraphs' first letters as they were made); the print edition asks it of
every page, a verso's foot too.

A reader who turns a recto mid-word loses the word; one who reads a word across a spread's
gutter stumbles on it, and a proofreader marks both. When WeasyPrint has made a recto whose
last line ends in a hyphenated word, that line is set without hyphenating its last word and
the page is made again, before the next page is begun: the pages after it are made once,
from the page as it now is. (Typesetting the whole document again for such words cost about
half a layout more.) With `print.chapter_start: any` a chapter is typeset once for either
side it may open on, so no page of it may end so.

A line is known by its text as WeasyPrint set it, hyphen included: whenever the same text is
set again (a page made again for its counters or footnotes) it is set whole again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

TRIES = 3  # a page made again at most this many times: its new last line may end hyphenated too


@contextmanager
def recto_words_whole(every_page: bool = False) -> Iterator[None]:
    """While open, a recto's last line never ends in a hyphenated word (where it can be helped);
    with `every_page`, no page's (a chapter that may open on either side, typeset once for
    both); under another WeasyPrint than the one whose internals this follows, it may."""
    from publish.editions.layout_shortcuts import checked_weasyprint
    from publish.editions.line_layout import unhyphenated

    if not checked_weasyprint():
        yield
        return
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline, preferred
    from weasyprint.layout import page as pages

    split_first_line, remake_page, first_letter_to_box = inline.split_first_line, pages.remake_page, \
        inline.first_letter_to_box
    whole: set[str] = set()  # the lines to set without hyphenating their last word
    manual = unhyphenated()

    def line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        result = split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if whole and result[0].text in whole:
            return split_first_line(text, manual(style), context, max_width, justification_spacing,
                                    is_line_start, minimum)
        return result

    def remake(index, context, root_box, html):
        before = _State(context, index)
        page, resume_at = remake_page(index, context, root_box, html)
        for _ in range(TRIES if every_page or index % 2 == 0 else 0):  # page 1 and every other: the rectos
            end = hyphenated_end(page) if resume_at is not None else None
            if end is None or end in whole:
                break
            whole.add(end)
            before.restore(context)
            page, resume_at = remake_page(index, context, root_box, html)
        return page, resume_at

    def first_letter_once(box, skip_stack, first_letter_style):
        """A paragraph laid out again (its page made again) already holds its `::first-letter`
        box: WeasyPrint made a box round the box's own letter, and a floated one (a drop cap)
        failed an assertion in its float layout (a crash)."""
        if box.children and (box.children[0].element_tag or "").endswith("::first-letter") \
                and not isinstance(box.children[0], boxes.TextBox):
            return skip_stack
        return first_letter_to_box(box, skip_stack, first_letter_style)

    inline.split_first_line = preferred.split_first_line = line
    pages.remake_page = remake
    inline.first_letter_to_box = first_letter_once
    try:
        yield
    finally:
        inline.split_first_line = preferred.split_first_line = split_first_line
        pages.remake_page = remake_page
        inline.first_letter_to_box = first_letter_to_box


class _State:
    """What making page `index` takes from WeasyPrint's layout context, to make it again."""

    def __init__(self, context, index: int) -> None:
        self.index = index
        self.footnotes = list(context.footnotes)
        self.reported_footnotes = list(context.reported_footnotes)
        self.broken_out_of_flow = context.broken_out_of_flow  # replaced, not changed, by make_page
        self.rendered_notes = len(context.rendered_notes or ())
        self.running = {name: list(by_page.get(index + 1, ()))
                        for name, by_page in context.running_elements.items()}

    def restore(self, context) -> None:
        context.footnotes[:] = self.footnotes
        context.reported_footnotes = list(self.reported_footnotes)
        context.broken_out_of_flow = self.broken_out_of_flow
        if context.rendered_notes is not None:
            del context.rendered_notes[self.rendered_notes:]
        for name, by_page in context.running_elements.items():
            by_page.pop(self.index + 1, None)
            if self.running.get(name):
                by_page[self.index + 1] = list(self.running[name])
        state = context.page_maker[self.index][-1]  # as make_all_pages leaves it for the page
        state.update(content_changed=False, pages_wanted=False, anchors=[], content_lookups=[])


def hyphenated_end(page) -> str | None:
    """The text of the page's last line when it ends in a hyphenated word, as WeasyPrint set it."""
    from weasyprint.formatting_structure import boxes

    from publish.print_layout import flow_boxes

    lines = list(flow_boxes(page, boxes.LineBox))
    texts = list(flow_boxes(lines[-1], boxes.TextBox)) if lines else []
    if not texts:
        return None
    text, hyphen = texts[-1].text, texts[-1].style["hyphenate_character"]
    if hyphen and re.search(rf"\w{re.escape(hyphen)}$", text):
        return text
    return None
