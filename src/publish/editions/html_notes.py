"""Footnotes of the web edition: each note at the end of the chapter that cites it, with a way back.

Pandoc writes a chapter's notes as an <aside> at the end of its section (publish.footnotes has
already moved each note into the chapter that cites it). Here each chapter's notes become one
labelled section, every note keeping its number (li value).
"""

from __future__ import annotations

import html as htmllib
import re

from lxml import html as lhtml

from publish.labels import Labels

# An <aside> at a section's end; a <section> at the document's where the chapter has no heading
# (a Word document's untitled text): left so, the web page had a section without a heading.
_BLOCK = re.compile(r'<(aside|section) id="footnotes[^"]*" class="footnotes[^"]*"[^>]*>.*?</\1>', re.S)


def gather_notes(bodies: dict[str, str], labels: Labels) -> tuple[dict[str, str], dict[str, str]]:
    """Chapter bodies by id → (bodies without note blocks, the notes section of each chapter that has any)."""
    stripped: dict[str, str] = {}
    notes: dict[str, list[tuple[int, str]]] = {}
    for chapter, body in bodies.items():
        for block in (match[0] for match in _BLOCK.finditer(body)):
            for number, item in _items(block):
                notes.setdefault(chapter, []).append((number, _item_html(item, number, labels)))
        stripped[chapter] = _BLOCK.sub("", body)
    return stripped, {chapter: _section(sorted(items), labels) for chapter, items in notes.items()}


def _items(block: str) -> list[tuple[int, lhtml.HtmlElement]]:
    out = []
    for ol in lhtml.fragment_fromstring(block, create_parent="div").iter("ol"):
        if ol.getparent() is None or ol.getparent().tag not in ("aside", "section"):
            continue
        start = int(ol.get("start", "1")) if ol.get("start", "1").isdigit() else 1
        out.extend((int(li.get("value")) if (li.get("value") or "").isdigit() else start + i, li)
                   for i, li in enumerate(ol.findall("li")))
    return out


def _item_html(item: lhtml.HtmlElement, number: int, labels: Labels) -> str:
    item.set("value", str(number))
    for back in item.xpath('.//a[contains(concat(" ", @class, " "), " footnote-back ")]'):
        back.set("aria-label", labels.back_to_text.format(number=number))
    return lhtml.tostring(item, encoding="unicode", method="html").strip()


def _section(items: list[tuple[int, str]], labels: Labels) -> str:
    body = "\n".join(html for _, html in items)
    return ('<section class="footnotes" aria-labelledby="notes-heading" role="doc-endnotes">\n'
            f'<h2 id="notes-heading">{htmllib.escape(labels.notes)}</h2>\n<ol>\n{body}\n</ol>\n</section>\n')
