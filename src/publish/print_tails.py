"""Print: a chapter's last line or two are not left alone on a page of their own.

A chapter whose last page holds one or two lines (a paragraph's end, kept in twos by
`widows`) reads as a page wasted, and a proofreader sends it back: the chapter should end on
the page before. A compositor brings the lines back by setting the paragraphs of the pages
before a little tighter, so that one or two of them end a line sooner. This pass does that:
the paragraphs laid out on the chapter's last pages are set with word spaces a fifth narrower
(the least a typesetter's justification settings allow, and no narrower than a justified
line's tightest), first on the two pages before the tail, then on the four; a tightening that
does not end the chapter a page sooner is not kept. Letters are never set closer: that would
break up the ligatures.
"""

from __future__ import annotations

from dataclasses import dataclass

TAIL_LINES = 3  # a chapter's last page holding fewer lines than this is a tail
REACHES = (2, 4, 99)  # pages before the tail whose paragraphs are set tighter, tried in turn (99: all)
TIGHTER = "word-spacing: -0.04em"  # a fifth of Literata's word space (0.2 em)
TIGHTENED = ("p", "li", "dd")  # blocks of running text, not verse's lines or code


@dataclass(frozen=True)
class Tail:
    chapter: int  # the chapter's number among the document's chapters
    pages: int  # pages it is laid out on
    reach: int  # the index in REACHES of the tightening tried next


def tails(root, pages, tried: dict[int, int]) -> list[Tail]:
    """The chapters of `root` (laid out as `pages`) whose last page holds fewer than TAIL_LINES
    lines and nothing else; `tried`: a chapter's tightenings tried so far, by its number."""
    from weasyprint.formatting_structure import boxes

    chapters = _chapters(root)
    found = []
    for number, spread in _chapter_pages(root, pages, chapters).items():
        reach = tried.get(number, 0)
        if len(spread) < 2 or reach >= len(REACHES):
            continue
        last = pages[spread[-1]]._page_box
        if _only_lines(last, chapters[number], _parents(root), boxes) < TAIL_LINES:
            found.append(Tail(number, len(spread), reach))
    return found


def tightened(root, pages, tail: Tail) -> list[int]:
    """The blocks (by number among root's elements) laid out on the last pages of the tailed
    chapter: those of the tail's page and the REACHES[tail.reach] pages before it."""
    from weasyprint.formatting_structure import boxes

    from publish.print_layout import flow_boxes

    chapters = _chapters(root)
    spread = _chapter_pages(root, pages, chapters)[tail.chapter]
    numbers = {id(e): n for n, e in enumerate(root.iter())}
    chosen: dict[int, None] = {}
    for index in spread[-1 - REACHES[tail.reach]:]:
        for line in flow_boxes(pages[index]._page_box, boxes.LineBox):
            if line.element is not None and line.element_tag in TIGHTENED and id(line.element) in numbers:
                chosen[numbers[id(line.element)]] = None
    return list(chosen)


def tighten(root, blocks: list[int]) -> None:
    """The blocks of `blocks` (by number among root's elements) set with narrower word spaces."""
    wanted = set(blocks)
    for number, element in enumerate(root.iter()):
        if number in wanted:
            style = element.get("style") or ""
            element.set("style", f"{style}; {TIGHTER}".lstrip("; "))


def chapter_lengths(root, pages) -> dict[int, int]:
    """Each chapter's pages, by its number among the document's chapters."""
    return {n: len(spread) for n, spread in _chapter_pages(root, pages, _chapters(root)).items()}


def _chapters(root) -> list:
    return [e for e in root.iter("section") if "chapter" in (e.get("class") or "").split()]


def _chapter_pages(root, pages, chapters: list) -> dict[int, list[int]]:
    """The pages each chapter's lines are laid out on, by the chapter's number: a line belongs
    to the innermost chapter holding it."""
    from weasyprint.formatting_structure import boxes

    from publish.print_layout import flow_boxes

    parents = _parents(root)
    numbers = {id(c): n for n, c in enumerate(chapters)}
    found: dict[int, list[int]] = {}
    for index, page in enumerate(pages):
        for line in flow_boxes(page._page_box, boxes.LineBox):
            number = _chapter_of(line.element, parents, numbers)
            if number is not None and index not in found.setdefault(number, []):
                found[number].append(index)
    return found


def _chapter_of(element, parents: dict, numbers: dict) -> int | None:
    while element is not None:
        if id(element) in numbers:
            return numbers[id(element)]
        element = parents.get(id(element))
    return None


def _only_lines(page_box, chapter, parents: dict, boxes) -> int:
    """The lines of `chapter` on the page; TAIL_LINES when a picture or table stands there too
    (then it is no tail of lines to bring back)."""
    from publish.print_layout import flow_boxes

    if any(True for _ in flow_boxes(page_box, (boxes.ReplacedBox, boxes.TableBox))):
        return TAIL_LINES
    numbers = {id(chapter): 0}
    return sum(1 for line in flow_boxes(page_box, boxes.LineBox)
               if _chapter_of(line.element, parents, numbers) is not None)


def _parents(root) -> dict:
    return {id(child): parent for parent in root.iter() for child in parent}
