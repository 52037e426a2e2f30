"""Print: a figure that does not fit at the foot of a page lets the text after it fill that page.

WeasyPrint keeps a figure whole (print.css: break-inside: avoid), so one that does not fit
goes to the next page and leaves the foot of the page before it empty: half a page under a
tall picture. A book sets the text on and the figure after it. Each pass finds the figures
that open a page after such a gap and moves each past as many blocks of the text after it as
fill the gap, when it is then seen to fit under them (the document is typeset again, as for
the other passes). A figure never moves past a heading,
another figure or out of its section, and one whose caption calls a note stays (the notes keep
their order). A figure that cannot move so (a long paragraph after it, which it would not fit
under) is set smaller to fit the gap, as a typesetter would, when that takes a quarter of its
picture's height at most. A figure turned a quarter on a page of its own (print_turns.py) is
set after the blocks that fill the gap, never smaller.
"""

from __future__ import annotations

from dataclasses import dataclass

from publish.paragraph_split import split_after, words_in_lines

GAP_LINES = 3  # a page ending this many lines or more short of its foot, a figure opening the next
SMALLEST = 0.75  # of its picture's height: the least a figure is set at to fit the gap before it
FIT_SLACK = 2.0  # CSS px: a figure set smaller to fit just so did not, by a fraction of a pixel
TOP_SLACK_PT = 2.0
TURNED_PAGES = 4  # the pages after a turned figure whose blocks are measured to fill the pages before it
STOPS = {"h1", "h2", "h3", "h4", "h5", "h6", "header", "figure"}  # what a figure is not moved past


@dataclass(frozen=True)
class FigureMove:
    index: int  # the figure's number among the document's figures
    past: int  # how many blocks of the text after it it is set after
    height: float | None = None  # its picture's height (CSS px), when set smaller to fit a gap
    words: int = 0  # a turned figure's: the last of those blocks parted after so many words, the figure between


def gapped_figures(root, pages, moves: list[FigureMove]) -> list[FigureMove]:
    """The moves, further on, of the figures of `root` (laid out as `pages`, `moves` made) that
    open a page after a gap at the foot of the page before; [] when there are none."""
    from weasyprint.formatting_structure import boxes

    figures = {id(f): i for i, f in enumerate(root.iter("figure"))}
    parents = _parents(root)
    made = {m.index: m.past for m in moves}
    smaller = {m.index for m in moves if m.height is not None}  # set smaller once, not again and again
    split = {m.index for m in moves if m.words}  # a turned figure set within a paragraph stays there
    found = []
    for at in range(1, len(pages)):
        before, page, after = pages[at - 1], pages[at], pages[at + 1: at + TURNED_PAGES]
        figure = _opening_figure(page._page_box, boxes)
        number = figures.get(id(figure.element)) if figure is not None else None
        if number is None or number in split:
            continue
        gap, line = _gap(before._page_box, boxes)
        if not line or gap < GAP_LINES * line:
            continue
        following = _following(parents[id(figure.element)], figure.element)
        page_boxes = [page._page_box, *(a._page_box for a in after)]
        blocks, words = (_blocks_to_page_end(gap, line, page_boxes, following, boxes) if _turned(figure.element)
                         else (_blocks_to_fill(gap, page_boxes[:2], figure, following, boxes), 0))
        while blocks and not _movable(figure.element, parents, blocks):
            blocks, words = blocks - 1, 0  # as far as it may go: the gap partly filled
        if blocks:
            found.append(FigureMove(number, made.get(number, 0) + blocks, words=words))
        elif number not in smaller and not _turned(figure.element) \
                and (height := _height_to_fit(figure, gap, boxes)) is not None:
            found.append(FigureMove(number, made.get(number, 0), height))
    return found


def _height_to_fit(figure, gap: float, boxes) -> float | None:
    """The height its one picture must be set at for the figure to fit `gap` (its top margin,
    dropped at the page's head, counted), if no less than SMALLEST of what it is."""
    pictures = [box for box in _descendants(figure) if isinstance(box, boxes.ReplacedBox)]
    if len(pictures) != 1:
        return None
    picture = pictures[0]
    over = figure.margin_height() + figure.style["font_size"] - gap  # an em: the top margin, about
    height = picture.height - over - FIT_SLACK
    return round(height, 1) if height >= SMALLEST * picture.height else None


def _blocks_to_page_end(gap: float, line: float, page_boxes: list, following: list,
                        boxes) -> tuple[int, int]:
    """How many of the blocks after a turned figure it must be set after for them to fill `gap`
    (and the pages after it, to within GAP_LINES of a page's foot), and after how many words of
    the last of them, a paragraph parted at the page's foot, when that is how they fill it (0:
    after the whole block). The figure takes a page of its own, and the text runs on round it
    as in a printed history. Heights and lines are read where they are laid out after the figure."""
    heights = _heights(page_boxes, boxes)
    page_height = _text_height(page_boxes[0], boxes)
    room = gap
    for count, element in enumerate(following, 1):
        if id(element) not in heights:
            return count - 1, 0
        height = heights[id(element)]
        if height > room >= GAP_LINES * line and (words := _words_to_fill(element, room, page_boxes, boxes)):
            return count, words
        room = room - height if height <= room else page_height - (height - room) % page_height
        if room < GAP_LINES * line:
            return count, 0
    return len(following), 0


def _words_to_fill(element, room: float, page_boxes: list, boxes) -> int:
    """How many words of the paragraph `element` fill `room` at a page's foot, its lines as laid
    out (at least two on each side of the turn: print.css's orphans and widows); 0 when none do."""
    if element.tag != "p":
        return 0
    lines = [line for page_box in page_boxes for box in _flow(page_box, boxes)
             if isinstance(box, boxes.BlockBox) and box.element is element
             for line in box.children if isinstance(line, boxes.LineBox)]
    if not lines:
        return 0
    fit = int((room + FIT_SLACK) // lines[0].height)
    if fit < 2 or len(lines) - fit < 2:
        return 0
    return words_in_lines(lines[:fit], boxes)


def _heights(page_boxes: list, boxes) -> dict[int, float]:
    """The height of each block laid out on `page_boxes`, by its element's id (a block split over
    a page's turn, its parts')."""
    heights: dict[int, float] = {}
    for page_box in page_boxes:
        seen: set[int] = set()
        for box in _flow(page_box, boxes):
            key = id(box.element)
            if box.element is not None and key not in seen and isinstance(box, boxes.BlockBox):
                seen.add(key)  # its outermost box on this page: a fragment of a block split over the turn
                heights[key] = heights.get(key, 0.0) + box.margin_height()
    return heights


def _blocks_to_fill(gap: float, page_boxes: list, figure, following: list, boxes) -> int:
    """How many of the blocks after the figure it must be set after for them to fill `gap`,
    their heights as laid out on its page and the next; 0 when the figure would then not fit
    under what runs on of them onto its page (it would go on again, leaving another gap)."""
    heights = _heights(page_boxes, boxes)
    filled = 0.0
    for count, element in enumerate(following, 1):
        if id(element) not in heights:
            return 0  # further on: where the figure would land is not known
        filled += heights[id(element)]
        if filled >= gap:
            runs_on = filled - gap
            if _turned(figure.element):  # on a page of its own after the page they run on to
                return count
            return count if runs_on + figure.margin_height() <= _text_height(page_boxes[0], boxes) else 0
    return 0


def _turned(figure) -> bool:
    """A figure turned on a page of its own (print_turns.py): set after the text filling the gap
    before it, never smaller."""
    return "turned" in (figure.get("class") or "").split()


def _text_height(page_box, boxes) -> float:
    top, foot = page_box.content_box_y(), page_box.content_box_y() + page_box.height
    for area in page_box.children:
        if isinstance(area, boxes.FootnoteAreaBox) and area.children:
            foot = min(foot, area.position_y)
    return foot - top


def move_figures(root, moves: list[FigureMove]) -> None:
    """Each figure of `moves` set after `past` blocks of the text that follows it (the
    document as WeasyPrint parses it)."""
    figures = list(root.iter("figure"))
    parents = _parents(root)
    for move in sorted(moves, key=lambda m: -m.index):  # from the last: the others stay where they are
        if move.height is not None and move.index < len(figures):
            for picture in figures[move.index].iter("img"):
                picture.set("style", f"{picture.get('style') or ''}; max-height: {move.height}px".lstrip("; "))
        if move.past and move.index < len(figures) and _movable(figures[move.index], parents, move.past):
            figure = figures[move.index]
            parent = parents[id(figure)]
            after = _following(parent, figure)[move.past - 1]
            if move.words and (halves := split_after(after, move.words, parent)) is not None:
                after = halves[0]  # the figure between the paragraph's halves
            after.tail, figure.tail = figure.tail, after.tail  # whitespace goes with its element
            parent.remove(figure)
            parent.insert(list(parent).index(after) + 1, figure)


def _movable(figure, parents: dict, past: int) -> bool:
    """Whether the figure may be set `past` blocks later: that many follow it in its section,
    none a heading or another figure (the figures keep their order), and its caption calls no
    note."""
    if any("footnote" in (e.get("class") or "").split() for e in figure.iter()):
        return False
    following = _following(parents[id(figure)], figure)
    tables = figure.find(".//table") is not None  # a turned table keeps its place among the tables (print_tables)
    return len(following) >= past and not any(e.tag in STOPS or e.find(".//h1") is not None
                                              or tables and (e.tag == "table" or e.find(".//table") is not None)
                                              for e in following[:past])


def _following(parent, figure) -> list:
    siblings = [e for e in parent if isinstance(e.tag, str)]
    return siblings[siblings.index(figure) + 1:]


def _parents(root) -> dict:
    """Each element's parent, by the element's id (ElementTree keeps no parent links)."""
    return {id(child): parent for parent in root.iter() for child in parent}


def _opening_figure(page_box, boxes):
    """The figure whose box opens the page's text flow, if one does."""
    top = page_box.content_box_y() + TOP_SLACK_PT
    for box in _flow(page_box, boxes):
        if isinstance(box, boxes.LineBox) or isinstance(box, boxes.ReplacedBox):
            return None  # text, or a picture not in a figure, comes first
        if box.element_tag == "figure" and isinstance(box, boxes.BlockBox):
            return box if box.position_y <= top else None
    return None


def _gap(page_box, boxes) -> tuple[float, float]:
    """How far short of the foot of its text area the page's flow ends, and its last line's height."""
    foot = page_box.content_box_y() + _text_height(page_box, boxes)
    end, line = None, 0.0
    for box in _flow(page_box, boxes):
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox, boxes.TableBox)):
            bottom = box.position_y + box.margin_height()
            if end is None or bottom >= end:
                end, line = bottom, box.margin_height() if isinstance(box, boxes.LineBox) else line
    return (foot - end if end is not None else 0.0), line


def _descendants(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _descendants(child)


def _flow(box, boxes):
    """The boxes of the page's text flow in order (not its margins or footnotes), a line's
    contents left out."""
    if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
        return
    yield box
    if isinstance(box, (boxes.LineBox, boxes.ReplacedBox, boxes.TableBox)):
        return
    for child in getattr(box, "children", None) or ():
        yield from _flow(child, boxes)
