"""Footnotes too long for a page, reported.

WeasyPrint sets a page's footnotes in one area and does not carry a note over to the next
page: a note longer than the page can hold runs off its foot, over the folio and past the
trim, and its end is lost in print. Such a note is named by its opening words on every build
(also when its chapter comes from the cache): shorten or split it, or set the notes at the
chapters' ends (`print: notes: end`).
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


def _opening(note) -> str:
    words = " ".join(note.element.itertext()).split() if note.element is not None else []
    text = " ".join(words[:8])
    return f'"{text}…"' if len(words) > 8 else f'"{text}"'
