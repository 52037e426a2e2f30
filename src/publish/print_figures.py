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
picture's height at most.
"""

from __future__ import annotations

from dataclasses import dataclass

GAP_LINES = 3  # a page ending this many lines or more short of its foot, a figure opening the next
SMALLEST = 0.75  # of its picture's height: the least a figure is set at to fit the gap before it
FIT_SLACK = 2.0  # CSS px: a figure set smaller to fit just so did not, by a fraction of a pixel
TOP_SLACK_PT = 2.0
STOPS = {"h1", "h2", "h3", "h4", "h5", "h6", "header", "figure"}  # what a figure is not moved past


@dataclass(frozen=True)
class FigureMove:
    index: int  # the figure's number among the document's figures
    past: int  # how many blocks of the text after it it is set after
    height: float | None = None  # its picture's height (CSS px), when set smaller to fit a gap


def gapped_figures(root, pages, moves: list[FigureMove]) -> list[FigureMove]:
    """The moves, further on, of the figures of `root` (laid out as `pages`, `moves` made) that
    open a page after a gap at the foot of the page before; [] when there are none."""
    from weasyprint.formatting_structure import boxes

    figures = {id(f): i for i, f in enumerate(root.iter("figure"))}
    parents = _parents(root)
    made = {m.index: m.past for m in moves}
    smaller = {m.index for m in moves if m.height is not None}  # set smaller once, not again and again
    found = []
    for at in range(1, len(pages)):
        before, page, after = pages[at - 1], pages[at], pages[at + 1: at + 2]
        figure = _opening_figure(page._page_box, boxes)
        number = figures.get(id(figure.element)) if figure is not None else None
        if number is None:
            continue
        gap, line = _gap(before._page_box, boxes)
        if not line or gap < GAP_LINES * line:
            continue
        following = _following(parents[id(figure.element)], figure.element)
        blocks = _blocks_to_fill(gap, [page._page_box, *(a._page_box for a in after)], figure, following, boxes)
        while blocks and not _movable(figure.element, parents, blocks):
            blocks -= 1  # as far as it may go: the gap partly filled
        if blocks:
            found.append(FigureMove(number, made.get(number, 0) + blocks))
        elif number not in smaller and (height := _height_to_fit(figure, gap, boxes)) is not None:
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


def _blocks_to_fill(gap: float, page_boxes: list, figure, following: list, boxes) -> int:
    """How many of the blocks after the figure it must be set after for them to fill `gap`,
    their heights as laid out on its page and the next; 0 when the figure would then not fit
    under what runs on of them onto its page (it would go on again, leaving another gap)."""
    heights: dict[int, float] = {}
    for page_box in page_boxes:
        seen: set[int] = set()
        for box in _flow(page_box, boxes):
            key = id(box.element)
            if box.element is not None and key not in seen and isinstance(box, boxes.BlockBox):
                seen.add(key)  # its outermost box on this page: a fragment of a block split over the turn
                heights[key] = heights.get(key, 0.0) + box.margin_height()
    filled = 0.0
    for count, element in enumerate(following, 1):
        if id(element) not in heights:
            return 0  # further on: where the figure would land is not known
        filled += heights[id(element)]
        if filled >= gap:
            runs_on = filled - gap
            return count if runs_on + figure.margin_height() <= _text_height(page_boxes[0], boxes) else 0
    return 0


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
    return len(following) >= past and not any(e.tag in STOPS or e.find(".//h1") is not None
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
