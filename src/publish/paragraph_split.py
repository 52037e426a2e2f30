"""Print: a paragraph parted in two at the end of a laid-out line, for a page set between them.

A map turned on a page of its own (print_turns.py) stands between two pages of text, as in a
printed history, the paragraph running on over it: the paragraph is made two at the word that
ended the line at the page's foot, the second half unindented (print.css: `figure + p`).
"""

from __future__ import annotations

import re

_HYPHENS = ("-", "\u2010", "\u00ad")  # a line ending so broke a word: that word is not counted whole


def words_in_lines(lines, boxes) -> int:
    """How many whole words the laid-out `lines` (LineBoxes) hold: a word hyphenated over the
    last line's end is not counted, one hyphenated between two of them once."""
    text = ""
    for line in lines:
        part = "".join(box.text for box in _descendants(line) if isinstance(box, boxes.TextBox)).strip()
        text += part if text.endswith(_HYPHENS) or not text else " " + part
    words = text.split()
    return len(words) - 1 if words and text.endswith(_HYPHENS) else len(words)


def split_after(paragraph, words: int, parent):
    """`paragraph` (a child of `parent`; lxml or ElementTree, as WeasyPrint parses) parted after
    its `words`th word, not counting the words of its notes (set at the page's foot): the two
    paragraphs in its place, or None when it has no more words."""
    place = _place(paragraph, words)
    if place is None:
        return None
    element, slot, offset = place
    holder = element if slot == "text" else _parent_of(paragraph, element)
    second = _cut(paragraph, _path(paragraph, holder), element, slot, offset)
    second.tail, paragraph.tail = paragraph.tail, None
    parent.insert(list(parent).index(paragraph) + 1, second)
    return paragraph, second


def _cut(node, path: list, element, slot: str, offset: int):
    """`node` cut at the place: it keeps what comes before, and what comes after is returned, in
    a copy of it (its id left to the first) and of the inline elements the place is within."""
    second = node.makeelement(node.tag, {k: v for k, v in node.attrib.items() if k != "id"})
    children = list(node)
    if node is element and slot == "text":
        second.text, node.text = (node.text or "")[offset:], (node.text or "")[:offset]
        moved = children
    else:
        child = element if len(path) == 1 else path[1]
        at = children.index(child)
        if child is element and slot == "tail":
            second.text, child.tail = (child.tail or "")[offset:], (child.tail or "")[:offset]
        else:
            inner = _cut(child, path[1:], element, slot, offset)
            inner.tail, child.tail = child.tail, None
            second.append(inner)
        moved = children[at + 1:]
    for kept in moved:
        node.remove(kept)
        second.append(kept)
    return second


def _path(paragraph, holder) -> list:
    """The elements from `paragraph` down to `holder`."""
    if paragraph is holder:
        return [paragraph]
    for child in paragraph:
        if isinstance(child.tag, str) and (below := _path(child, holder)):
            return [paragraph, *below]
    return []


def _parent_of(root, element):
    return next(parent for parent in root.iter() for child in parent if child is element)


def _place(paragraph, words: int):
    """(element, "text" or "tail", offset) just after the paragraph's `words`th word."""
    slots = [(element, slot, getattr(element, slot) or "") for element, slot in _slots(paragraph)]
    whole = "".join(text for _, _, text in slots)
    ends = [m.end() for m in re.finditer(r"\S+", whole)]
    if not 0 < words < len(ends):
        return None
    at = ends[words - 1]
    for index, (element, slot, text) in enumerate(slots):
        if at <= len(text):
            if at == len(text):  # a note called after the word goes with it
                for after, after_slot, after_text in slots[index + 1:]:
                    if after_slot != "tail" or not _is_note(after):
                        break
                    element, slot, at = after, after_slot, 0
                    if after_text:
                        break
            return element, slot, at
        at -= len(text)
    return None


def _is_note(element) -> bool:
    return "footnote" in (element.get("class") or "").split()


def _slots(element, inside: bool = False):
    """The text and tails of `element`'s content in reading order, a note's (`footnote`) left out."""
    if _is_note(element) and inside:
        return
    yield element, "text"
    for child in element:
        if isinstance(child.tag, str):
            yield from _slots(child, True)
        yield child, "tail"


def _descendants(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _descendants(child)
