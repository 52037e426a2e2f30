"""Footnotes of the web edition: each note at the end of the chapter that cites it, with a way back.

Pandoc writes a chapter's notes as an <aside> at the end of its section; notes cited in text
before the first heading land in the next chapter's block. Here every note moves to the page
of its reference and keeps its number (li value), whatever block pandoc put it in.
"""

from __future__ import annotations

import re

from lxml import html as lhtml

_BLOCK = re.compile(r'<aside id="footnotes[^"]*" class="footnotes[^"]*"[^>]*>.*?</aside>', re.S)
_REF = re.compile(r'<a\b[^>]*\bclass="footnote-ref"[^>]*>')
_HREF = re.compile(r'\bhref="#([^"]+)"')


def gather_notes(bodies: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Chapter bodies by id → (bodies without note blocks, the notes section of each chapter that cites any)."""
    cited_in: dict[str, str] = {}
    for chapter, body in bodies.items():
        for tag in _REF.findall(body):
            href = _HREF.search(tag)
            if href:
                cited_in.setdefault(href.group(1), chapter)
    stripped: dict[str, str] = {}
    notes: dict[str, list[tuple[int, str]]] = {}
    for chapter, body in bodies.items():
        for block in _BLOCK.findall(body):
            for number, item in _items(block):
                owner = cited_in.get(item.get("id", ""), chapter)
                notes.setdefault(owner, []).append((number, _item_html(item, number)))
        stripped[chapter] = _BLOCK.sub("", body)
    return stripped, {chapter: _section(sorted(items)) for chapter, items in notes.items()}


def _items(block: str) -> list[tuple[int, lhtml.HtmlElement]]:
    out = []
    for ol in lhtml.fragment_fromstring(block, create_parent="div").iter("ol"):
        if ol.getparent() is None or ol.getparent().tag != "aside":
            continue
        start = int(ol.get("start", "1")) if ol.get("start", "1").isdigit() else 1
        out.extend((start + i, li) for i, li in enumerate(ol.findall("li")))
    return out


def _item_html(item: lhtml.HtmlElement, number: int) -> str:
    item.set("value", str(number))
    for back in item.xpath('.//a[contains(concat(" ", @class, " "), " footnote-back ")]'):
        back.set("aria-label", f"Back to the text of note {number}")
    return lhtml.tostring(item, encoding="unicode", method="html").strip()


def _section(items: list[tuple[int, str]]) -> str:
    body = "\n".join(html for _, html in items)
    return ('<section class="footnotes" aria-labelledby="notes-heading" role="doc-endnotes">\n'
            f'<h2 id="notes-heading">Notes</h2>\n<ol>\n{body}\n</ol>\n</section>\n')
