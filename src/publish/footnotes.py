"""Each footnote in the chapter that cites it, for every edition.

Pandoc writes a section's notes at the end of that section; text before the first level-1
heading has no section, so its notes land in the first chapter's block. Here every note
moves to the notes block of the chapter whose text cites it, keeping its number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import html as lhtml

from publish.model import Chapter

_BLOCK = re.compile(r'<aside id="footnotes[^"]*" class="footnotes[^"]*"[^>]*>.*?</aside>', re.S)
_REF = re.compile(r'<a\b[^>]*\bclass="footnote-ref"[^>]*>')
_HREF = re.compile(r'\bhref="#([^"]+)"')


def notes_with_their_calls(chapters: list[Chapter]) -> list[Chapter]:
    """The chapters with every note in the block of the chapter that cites it."""
    cited_in: dict[str, int] = {}
    for index, chapter in enumerate(chapters):
        for tag in _REF.findall(chapter.body_html):
            href = _HREF.search(tag)
            if href:
                cited_in.setdefault(href.group(1), index)
    moved: dict[int, list[tuple[int, lhtml.HtmlElement]]] = {}
    bodies = [c.body_html for c in chapters]
    for index, body in enumerate(bodies):
        for block in _BLOCK.findall(body):
            aside = lhtml.fragment_fromstring(block)
            items = _numbered_items(aside)
            kept = [(n, li) for n, li in items if cited_in.get(li.get("id"), index) == index]
            if len(kept) == len(items):
                continue
            for number, li in items:
                if (number, li) not in kept:
                    moved.setdefault(cited_in[li.get("id")], []).append((number, li))
            bodies[index] = bodies[index].replace(block, _block_html(aside, kept) if kept else "", 1)
    for index, items in moved.items():
        bodies[index] = _add_notes(bodies[index], chapters[index].id, items)
    return [c if body == c.body_html else replace(c, body_html=body) for c, body in zip(chapters, bodies, strict=True)]


def _numbered_items(aside: lhtml.HtmlElement) -> list[tuple[int, lhtml.HtmlElement]]:
    out = []
    for ol in aside.findall("ol"):
        start = ol.get("start", "1")
        first = int(start) if start.isdigit() else 1
        out.extend((first + i, li) for i, li in enumerate(ol.findall("li")))
    return out


def _add_notes(body: str, chapter_id: str, items: list[tuple[int, lhtml.HtmlElement]]) -> str:
    """The body with `items` joined to its notes block (a new one at its end if it has none)."""
    block = _BLOCK.search(body)
    if block:
        aside = lhtml.fragment_fromstring(block.group(0))
        items = sorted(_numbered_items(aside) + items, key=lambda item: item[0])
        return body[: block.start()] + _block_html(aside, items) + body[block.end():]
    aside = lhtml.fragment_fromstring(
        f'<aside id="footnotes-{chapter_id}" class="footnotes footnotes-end-of-section" role="doc-footnote">'
        "\n<hr>\n</aside>"
    )
    return body.rstrip("\n") + "\n" + _block_html(aside, sorted(items, key=lambda item: item[0])) + "\n"


def _block_html(aside: lhtml.HtmlElement, items: list[tuple[int, lhtml.HtmlElement]]) -> str:
    """The notes block holding `items` in one list, numbered as pandoc numbered them."""
    for ol in aside.findall("ol"):
        aside.remove(ol)
    ol = lhtml.Element("ol")
    first = items[0][0]
    if first != 1:
        ol.set("start", str(first))
    ol.text = "\n"
    for expected, (number, li) in enumerate(items, first):
        if number != expected:  # a gap in the numbers: say each one
            li.set("value", str(number))
        li.tail = "\n"
        ol.append(li)
    ol.tail = "\n"
    aside.append(ol)
    return lhtml.tostring(aside, encoding="unicode")
