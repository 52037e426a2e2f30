"""Footnotes too long for a page, or printed away from their calls, reported.

WeasyPrint sets a page's footnotes in one area and does not carry a note over to the next
page: a note longer than the page can hold runs off its foot, over the folio and past the
trim, and its end is lost in print. Such a note is named by its opening words on every build
(also when its chapter comes from the cache): shorten or split it, or set the notes at the
chapters' ends (`print: notes: end`). So is a note that fits on no page together with its call's
line, which WeasyPrint prints on a later page than its call.
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
