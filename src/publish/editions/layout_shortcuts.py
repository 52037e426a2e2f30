"""Shortcuts through WeasyPrint's layout that give the same pages, byte for byte.

Lines remembered while one document is typeset: WeasyPrint breaks the same text at the same
width again and again — when a page is made again for its footnotes or for a word hyphenated
at the foot of a recto (recto_words.py), and in every pass for tables and figures
(pdf.Typesetter), where all but a few paragraphs are set as before. Each break costs several
Pango layouts; a remembered one costs a dictionary lookup. `split_first_line` is a function
of its text, width, the text's style and the font configuration alone (its `context` argument
only caches hyphenation dictionaries), so a remembered result is the one it would compute.

Empty margins skipped: a chapter is typeset without its margins (pdf_parts.NO_MARGINS), yet
WeasyPrint makes all sixteen margin boxes of every page, styles and all, to find each one
empty — about a tenth of a chapter's layout. A page whose margin boxes all have no content
gets none, as WeasyPrint would conclude.

Page styles shared: WeasyPrint computes the styles of a page and of its sixteen margin boxes
anew for every page, as its page type holds the page's number, and then each property again
as it is read. Pages that the same @page rules match get the same styles: the first such
page's are kept and given to the others (about a third of a frame's layout).

Leaders set as one run: WeasyPrint fills a dot leader (the contents page's) with a copy of
its text box per dot, each drawn as a text object of its own: on the contents of a book of
440 chapters, half the time of the front matter. The copies are made one box of the same
dots at the same places, drawn at once (the dots' positions agree to a thousandth of a point;
the PDF's bytes differ).

Leaders filled to the end of the line: WeasyPrint fills a leader's line to the line's start
plus the block's width, so on a first line set out by `text-indent` (the contents' hanging
indent) the page number stops short by the indent, and a wrapped entry's number stands apart
from the others. The line is filled to the block's edge, as CSS has it, the dots on the same
grid as every other line's (a correction, not a shortcut: the numbers move).

Leaders kept with the words before them: WeasyPrint allows a line to break just before a
leader, so a contents entry whose last line was full set its dots and page number alone on a
line of their own, or, when the line just held them, left no room for a dot ("…About 15 31").
No break is allowed there now, and a leader is laid out with room for two more dots, given back
before it is filled: the entry's last word goes down with its dots (a correction).

Notes kept on the page of their calls: when a paragraph's second line does not fit at a
page's foot (and its first may not stay alone there: `orphans`), WeasyPrint moves the page's
last footnotes to the next page to make room, even a note called far above, in another
paragraph: the reader finds its call and not the note. Only a note called in that paragraph
is moved now; else the paragraph goes over the page, as without notes (a correction: the
pages change).

A paragraph's first line styled once: WeasyPrint gives the first line of every page a
paragraph runs onto its `::first-line` style (and `::first-letter`), so a chapter's opening
small caps came back at the top of the next page. A paragraph taken up again on a new page
has had its first line (a correction).

Words kept whole where they can go over to the next line: WeasyPrint lets `overflow-wrap:
break-word` break a word anywhere when its text box opens the line, and takes "opens the
line" to be "no box of the line laid out before it", counting only the line's own children:
inside an italic phrase that opens the line, a link or small capitals further along counted as
opening it, and a word of theirs that did not fit at the line's end was cut without a hyphen
("Shisho" / "vskaya"). A text box that starts further along than the line does is not at its
start: its word goes to the next line (a correction: Kozea/WeasyPrint#2102).

Text before an inline box kept on its line when only its closing space overflows:
editions/trailing_spaces.py (a correction).

Display lines balanced (`--text-wrap-style: balance`): editions/balanced_lines.py; no more than
`--hyphenate-limit-lines` hyphenated lines in a row: editions/hyphen_ladders.py; a hyphenated
compound broken at its own hyphen only, an English name not hyphenated: editions/whole_words.py; a right-to-left
first line's indent at its right: editions/rtl_indents.py (corrections).

Each is checked against WeasyPrint itself in tests/test_print_hyphens.py (the corrections
by tests of their own), and taken only under the WeasyPrint version they were checked with
(CHECKED_WITH).
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Iterator
from contextlib import contextmanager

from publish.editions.balanced_lines import balanced_lines
from publish.editions.hyphen_ladders import ladders_limited
from publish.editions.rtl_indents import indents_at_the_start
from publish.editions.trailing_spaces import closing_spaces_hang
from publish.editions.whole_words import compounds_and_names_whole

CHECKED_WITH = "70"  # the WeasyPrint major version whose internals these shortcuts follow
# Every property split_first_line and its pango Layout read (weasyprint/text/line_break.py
# and fonts.py, WeasyPrint 70).
TEXT_PROPERTIES = (
    "direction", "font_family", "font_feature_settings", "font_kerning", "font_language_override",
    "font_size", "font_stretch", "font_style", "font_variant_alternates", "font_variant_caps",
    "font_variant_east_asian", "font_variant_ligatures", "font_variant_numeric",
    "font_variant_position", "font_variation_settings", "font_weight", "hyphenate_character",
    "hyphenate_limit_chars", "hyphenate_limit_zone", "hyphens", "lang", "letter_spacing",
    "line_height", "overflow_wrap", "tab_size", "text_decoration_line", "white_space",
    "word_break", "word_spacing",
)


@contextmanager
def remembered_lines() -> Iterator[None]:
    """While open, WeasyPrint's line breaking remembers each break it made."""
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    split_first_line = line_break.split_first_line
    results: dict[tuple, tuple] = {}
    style_keys: dict[int, tuple] = {}  # id(style) → (style, key): the style is kept alive

    def style_key(style) -> tuple:
        known = style_keys.get(id(style))
        if known is None:
            key = (id(style.font_config), *(repr(style[name]) for name in TEXT_PROPERTIES))
            known = style_keys[id(style)] = (style, key)
        return known[1]

    def remembered(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        key = (text, max_width, justification_spacing, is_line_start, minimum, style_key(style))
        result = results.get(key)
        if result is None:
            result = results[key] = split_first_line(
                text, style, context, max_width, justification_spacing, is_line_start, minimum)
        layout, *metrics = result
        # The layout comes back inactive (plain values); each box gets a copy of its own, as
        # drawing activates it again for that box.
        return (copy.copy(layout), *metrics)

    inline.split_first_line = preferred.split_first_line = remembered
    try:
        yield
    finally:
        inline.split_first_line = preferred.split_first_line = split_first_line


# Where WeasyPrint puts a margin box, and the contents that make none (layout/page.py).
MARGIN_BOXES = (
    "top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
    "right-top", "right-middle", "right-bottom",
    "bottom-right-corner", "bottom-right", "bottom-center", "bottom-left", "bottom-left-corner",
    "left-bottom", "left-middle", "left-top",
)
_AT_MARGINS = tuple(f"@{name}" for name in MARGIN_BOXES)
_NO_BOX = ("normal", "inhibit", "none")


@contextmanager
def skipped_empty_margins() -> Iterator[None]:
    """While open, a page whose margin boxes all lack content is given none at once."""
    from weasyprint import layout

    make_margin_boxes = layout.make_margin_boxes

    def margin_boxes(context, page, state):
        for keyword in _AT_MARGINS:
            style = context.style_for(page.page_type, keyword)
            if style is not None and style["content"] not in _NO_BOX:
                return make_margin_boxes(context, page, state)
        return ()

    layout.make_margin_boxes = margin_boxes
    try:
        yield
    finally:
        layout.make_margin_boxes = make_margin_boxes


@contextmanager
def shared_page_styles() -> Iterator[None]:
    """While open, pages that the same @page rules match share one set of computed styles."""
    from weasyprint.layout import page as pages

    set_styles = pages.set_page_type_computed_styles

    def shared(page_type, html, style_for):
        known = style_for.__dict__.setdefault("_publish_page_styles", {})
        matched = tuple(
            style_for._page_type_match(selector[2], page_type)
            for sheet, _, _ in style_for._sheets for _, selectors, _ in sheet.page_rules for selector in selectors
        )
        first = known.get(matched)
        computed = style_for._computed_styles
        if first is None:
            set_styles(page_type, html, style_for)
            known[matched] = (page_type, [p for e, p in style_for._cascaded_styles if e == page_type])
            return
        first_type, pseudo_types = first
        for pseudo_type in {None, *pseudo_types}:
            computed[page_type, pseudo_type] = computed[first_type, pseudo_type]

    pages.set_page_type_computed_styles = shared
    try:
        yield
    finally:
        pages.set_page_type_computed_styles = set_styles


def leaders_in_one_run():
    """While open, a filled leader is one text box of its dots, not a box per dot."""
    from weasyprint.layout.leader import leader_index
    from weasyprint.text.line_break import split_first_line

    def one_run(handle_leader, context, line, containing_block):
        handle_leader(context, line, containing_block)
        _, leader = leader_index(line)
        if leader is None or len(leader.children) < 2 or line.style["direction"] != "ltr":
            return
        first = leader.children[-1]  # filled from the right: the last is the leftmost
        layout, _, _, width, _, _ = split_first_line(
            first.text * len(leader.children), first.style, context, math.inf, 0)
        run = first.copy_with_text(layout.text)
        run.pango_layout, run.width = layout, width
        leader.children = (run,)

    return _leaders_by(one_run)


def leaders_to_the_line_end():
    """While open, a leader fills its line to the block's edge, however the line is indented."""

    def to_the_end(handle_leader, context, line, containing_block):
        indent = getattr(line, "text_indent", 0) or 0
        if not indent or line.style["direction"] != "ltr" or context.excluded_shapes:
            return handle_leader(context, line, containing_block)
        # The dots are placed back from the line's start plus its width: that sum is kept.
        start = line.position_x
        line.position_x = start + indent
        try:
            handle_leader(context, line, _Width(containing_block.width - indent))
        finally:
            line.position_x, line.width = start, containing_block.width

    return _leaders_by(to_the_end)


@contextmanager
def leaders_kept_with_their_words() -> Iterator[None]:
    """While open, a line is not broken just before a leader, and a leader has room for
    LEADER_ROOM more of its dots than WeasyPrint gives it when the line is broken."""
    from weasyprint.layout import inline

    split_inline_box = inline.split_inline_box

    def kept(context, box, *args):
        new_box, resume_at, preserved, first_letter, last_letter, floats = split_inline_box(context, box, *args)
        if box.is_leader:  # WeasyPrint says True: a break allowed before it
            first_letter = False
            if len(new_box.children) == 1 and box.style["direction"] == "ltr":
                new_box.publish_room = LEADER_ROOM * new_box.children[0].width
                new_box.width += new_box.publish_room
        return new_box, resume_at, preserved, first_letter, last_letter, floats

    inline.split_inline_box = kept
    with _leaders_by(_room_given_back):
        try:
            yield
        finally:
            inline.split_inline_box = split_inline_box


LEADER_ROOM = 2  # dots: "…About 15 31" had none between a title's last number and the page's


def _room_given_back(handle_leader, context, line, containing_block):
    """The line as WeasyPrint laid it out, the leader's room taken back, then filled by it."""
    from weasyprint.layout.leader import leader_index

    index, leader = leader_index(line)
    room = getattr(leader, "publish_room", 0)
    if room:
        leader.publish_room = 0
        box = line
        while index is not None:  # as handle_leader widens the leader's boxes and moves what follows
            at, index = index
            for child in box.children[at + 1:]:
                if child.is_in_normal_flow():
                    child.translate(dx=-room)
            box = box.children[at]
            box.width -= room
    return handle_leader(context, line, containing_block)


@contextmanager
def _leaders_by(handle) -> Iterator[None]:
    """While open, WeasyPrint's handle_leader goes through `handle(the one before, …)`."""
    from weasyprint.layout import inline

    handle_leader = inline.handle_leader
    inline.handle_leader = functools.partial(handle, handle_leader)
    try:
        yield
    finally:
        inline.handle_leader = handle_leader


class _Width:
    """A containing block as handle_leader reads it: its width alone."""

    def __init__(self, width: float) -> None:
        self.width = width


# The line of WeasyPrint 70's block._linebox_layout that lets a paragraph's lines move any
# footnote of the page, and what it becomes: only the notes called in this paragraph.
_REPORT_ANY = "while report and context.current_page_footnotes:"
_REPORT_OWN = "while report and context.current_page_footnotes and context.current_page_footnotes[-1] in new_footnotes:"


@contextmanager
def notes_kept_with_their_calls() -> Iterator[None]:
    """While open, a line at a page's foot moves only footnotes called in its own paragraph."""
    from weasyprint.layout import block

    linebox_layout = block._linebox_layout
    corrected = _corrected_linebox_layout(block)
    if corrected is not None:
        block._linebox_layout = corrected
    try:
        yield
    finally:
        block._linebox_layout = linebox_layout


@functools.cache
def _corrected_linebox_layout(block):
    """WeasyPrint's function with its one line changed, compiled in its module's namespace
    (None when the line is not found: that WeasyPrint's own is used)."""
    import inspect
    import textwrap

    source = textwrap.dedent(inspect.getsource(block._linebox_layout))
    if source.count(_REPORT_ANY) != 1:
        return None
    namespace = dict(vars(block))
    exec(compile(source.replace(_REPORT_ANY, _REPORT_OWN), block.__file__, "exec"), namespace)  # noqa: S102
    return namespace["_linebox_layout"]


@contextmanager
def first_lines_once() -> Iterator[None]:
    """While open, a block taken up again on a new page gets no ::first-line or ::first-letter."""
    from weasyprint.layout import block

    layout = block.block_container_layout

    def taken_up(context, box, bottom_space, skip_stack, *args, **kwargs):
        if skip_stack is None or (box.first_line_style is None and box.first_letter_style is None):
            return layout(context, box, bottom_space, skip_stack, *args, **kwargs)
        styles = box.first_line_style, box.first_letter_style
        box.first_line_style = box.first_letter_style = None
        try:
            return layout(context, box, bottom_space, skip_stack, *args, **kwargs)
        finally:
            box.first_line_style, box.first_letter_style = styles

    block.block_container_layout = taken_up
    try:
        yield
    finally:
        block.block_container_layout = layout


@contextmanager
def words_whole_mid_line() -> Iterator[None]:
    """While open, a text box that starts after the line's start is not taken to open it."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline

    split_inline_box, split_inline_level = inline.split_inline_box, inline.split_inline_level
    starts: list[float] = []  # where each line being laid out starts (text-indent included)

    def line_or_inline(context, box, position_x, *args):
        if not isinstance(box, boxes.LineBox):
            return split_inline_box(context, box, position_x, *args)
        starts.append(position_x)
        try:
            return split_inline_box(context, box, position_x, *args)
        finally:
            starts.pop()

    def level(context, box, position_x, max_x, *args):
        # args[7] is line_children: WeasyPrint's "opens the line" is "line_children is empty".
        if isinstance(box, boxes.TextBox) and starts and not args[7] and position_x > starts[-1] + 0.01:
            args = (*args[:7], [None], *args[8:])
        return split_inline_level(context, box, position_x, max_x, *args)

    inline.split_inline_box, inline.split_inline_level = line_or_inline, level
    try:
        yield
    finally:
        inline.split_inline_box, inline.split_inline_level = split_inline_box, split_inline_level


@contextmanager
def shortcuts() -> Iterator[None]:
    """Every shortcut of this module, while open; none under another WeasyPrint than the one
    whose internals they follow (its own layout: slower, but sure)."""
    if not checked_weasyprint():
        yield
        return
    with remembered_lines(), closing_spaces_hang(), skipped_empty_margins(), shared_page_styles(), \
            leaders_to_the_line_end(), \
            leaders_in_one_run(), leaders_kept_with_their_words(), notes_kept_with_their_calls(), first_lines_once(), \
            words_whole_mid_line(), compounds_and_names_whole(), ladders_limited(), balanced_lines(), \
            indents_at_the_start():
        yield


def checked_weasyprint() -> bool:
    import weasyprint

    return weasyprint.__version__.split(".")[0] == CHECKED_WITH
