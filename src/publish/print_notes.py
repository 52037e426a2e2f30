"""Footnotes too long for a page set at their chapter's end; those printed away from their calls reported.

WeasyPrint sets a page's footnotes in one area and does not carry a note over to the next
page: a note longer than the page can hold runs off its foot, over the folio and past the
trim, and its end is lost in print (a print shop refuses the file). Such a note is set at the
end of its chapter, as `print: notes: end` sets them all, and the note at its call's foot says
the page it is on ("2. → 24"); the document is typeset again so. One that could still run off
its page is named by its opening words, as is a note that fits on no page together with its
call's line, which WeasyPrint prints on a later page than its call.
"""

from __future__ import annotations

SLACK_PT = 0.5  # overflow below this is rounding


def notes_off_the_page(pages) -> list[str]:
    """The opening words of each footnote that runs past the foot of its page."""
    from weasyprint.formatting_structure import boxes

    found: list[str] = []
    for page in pages:
        page_box = page._page_box
        bottom = page_box.margin_height()
        for area in page_box.children:
            if not isinstance(area, boxes.FootnoteAreaBox):
                continue
            for note in area.children:
                if note.position_y + note.margin_height() > bottom + SLACK_PT:
                    found.append(_opening(note))
    return list(dict.fromkeys(found))


def notes_away_from_their_calls(pages) -> list[str]:
    """The opening words of each footnote printed on another page than its call: one that fits
    on no page together with its call's line (WeasyPrint carries it over alone)."""
    from weasyprint.formatting_structure import boxes

    called: dict[int, int] = {}  # id(the note's element) → the page of its call
    printed: dict[int, tuple[int, object]] = {}  # … → the page it is printed on, its box
    for number, page in enumerate(pages):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.FootnoteAreaBox):
                for note in box.children:
                    printed.setdefault(id(note.element), (number, note))
                continue
            if (box.element_tag or "").endswith("::footnote-call") and getattr(box, "footnote", None) is not None:
                called.setdefault(id(box.footnote.element), number)
            stack.extend(getattr(box, "children", None) or ())
    return list(dict.fromkeys(_opening(note) for key, (number, note) in printed.items()
                              if key in called and called[key] != number))


def _opening(note) -> str:
    words = " ".join(note.element.itertext()).split() if note.element is not None else []
    text = " ".join(words[:8])
    return f'"{text}…"' if len(words) > 8 else f'"{text}"'


# A footnote longer than a page, set at its chapter's end: the note at the foot of its call's page
# points to the page it is on ("→ 24"), and it opens with its number, as the chapter's notes do.
LONG_NOTE_CSS = """
.long-notes { break-before: auto; }
.long-note { display: block; margin-bottom: 0.4em; text-indent: 0; }
.long-note-number::before { content: target-counter(attr(href), footnote) ". "; }
.long-note-page::before { content: "\\2192\\00a0" target-counter(attr(href), page); }
"""


def long_notes(root, pages) -> list[int]:
    """The footnotes of `root` (by their place among its `span.footnote`s) that run past the
    foot of their page on the laid-out `pages`."""
    from weasyprint.formatting_structure import boxes

    index = {id(span): i for i, span in enumerate(_note_spans(root))}
    found: list[int] = []
    for page in pages:
        page_box = page._page_box
        bottom = page_box.margin_height()
        for area in page_box.children:
            if isinstance(area, boxes.FootnoteAreaBox):
                found += [index[id(note.element)] for note in area.children
                          if note.position_y + note.margin_height() > bottom + SLACK_PT
                          and id(note.element) in index]
    return sorted(set(found))


def notes_to_the_end(root, numbers: list[int]) -> None:
    """The footnotes of `root` numbered in `numbers` (long_notes) set at the end of their chapter:
    each note's words there, after its number, and at the foot of its call's page, in their
    place, the page they are on."""
    if not numbers:
        return
    spans = _note_spans(root)
    parents = {id(child): parent for parent in root.iter() for child in parent}
    blocks: dict[int, object] = {}
    for number in numbers:
        if number >= len(spans):
            continue
        span = spans[number]
        key = span.get("id") or f"long-note-{number}"
        span.set("id", key)
        chapter = _chapter_of(span, parents) or root
        block = blocks.get(id(chapter))
        if block is None:
            block = blocks[id(chapter)] = chapter.makeelement("div", {"class": "footnotes long-notes"})
            block.append(chapter.makeelement("hr", {}))
            chapter.append(block)
        note = chapter.makeelement("div", {"class": "footnote long-note", "id": f"{key}-text"})
        mark = note.makeelement("a", {"class": "long-note-number", "href": f"#{key}-call"})
        mark.tail, note.text = span.text, None
        note.append(mark)
        for child in list(span):
            span.remove(child)
            note.append(child)
        block.append(note)
        span.text = None
        span.append(span.makeelement("a", {"class": "long-note-page", "href": f"#{key}-text"}))
        # Just after the note: the footnote counter there is the note's number (target-counter).
        after = span.makeelement("span", {"id": f"{key}-call"})
        parent = parents[id(span)]
        after.tail, span.tail = span.tail, None
        parent.insert(list(parent).index(span) + 1, after)


def _note_spans(root) -> list:
    return [e for e in root.iter("span") if "footnote" in (e.get("class") or "").split()]


def _chapter_of(element, parents: dict):
    while id(element) in parents:
        element = parents[id(element)]
        if element.tag == "section" and "chapter" in (element.get("class") or "").split():
            return element
    return None
