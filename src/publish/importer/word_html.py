"""A web page saved from Word ("Save as Web Page"): its scaffolding taken off pandoc's blocks.

Word wraps the text in `<div class=WordSection1>`, every run in a `<span style='mso-…'>`, spaces
the text with paragraphs of a no-break space, breaks pages with a `<br style='page-break-before'>`
and keeps its footnotes as links (`#_ftn1`) to a list at the end of the page. Read as they are,
the chapters stayed inside one div (no heading found in it), the spans and empty paragraphs
cluttered the Markdown and every note was a link to the page's foot.
"""

from __future__ import annotations

import re

_SECTION = re.compile(r"^WordSection\d+$")
_NOTE_ID = re.compile(r"^_?(?:ftn|edn)\d+$")  # footnotes and endnotes
_NOTE_LIST = re.compile(r"mso-element:\s*(?:footnote|endnote)-list")
_BLANK = "\u00a0 \t"


def is_word_html(doc: dict) -> bool:
    """Whether the page came from Word: its section divs or its mso- styles."""
    text = repr(doc["blocks"])
    return "WordSection" in text or "mso-" in text or "Mso" in text


def clean_word_html(blocks: list) -> tuple[list, int]:
    """The blocks without Word's scaffolding, its notes made footnotes; and how many notes."""
    notes: dict[str, list] = {}
    blocks = _take_notes(blocks, notes)
    count = len(notes)
    return _blocks(blocks, notes), count


def _take_notes(blocks: list, notes: dict[str, list]) -> list:
    """The note list's divs out of the blocks, each note's text kept by its id."""
    out = []
    for block in blocks:
        if block.get("t") == "Div":
            ident, _, attributes = block["c"][0]
            style = dict(attributes).get("style", "")
            if _NOTE_LIST.search(style):
                for inner in block["c"][1]:
                    if inner.get("t") == "Div" and _NOTE_ID.match(inner["c"][0][0]):
                        notes[inner["c"][0][0].lstrip("_")] = _without_backlink(inner["c"][1])
                continue
            block["c"][1] = _take_notes(block["c"][1], notes)
        out.append(block)
    return out


def _without_backlink(blocks: list) -> list:
    """A note's paragraphs without the "[1]" link back to its call that Word opens it with."""
    if blocks and blocks[0].get("t") in ("Para", "Plain"):
        inlines = blocks[0]["c"]
        while inlines and (inlines[0].get("t") in ("Space", "Link") or blank_inline(inlines[0])):
            inlines.pop(0)
    return blocks


def _blocks(blocks: list, notes: dict[str, list]) -> list:
    out: list = []
    for block in blocks:
        kind = block.get("t")
        if kind == "Div" and any(_SECTION.match(c) for c in block["c"][0][1]):
            out += _blocks(block["c"][1], notes)
            continue
        if kind == "Div":
            block["c"][1] = _blocks(block["c"][1], notes)
        elif kind == "BlockQuote":
            block["c"] = _blocks(block["c"], notes)
        elif kind in ("Para", "Plain"):
            block["c"] = _inlines(block["c"], notes)
            if all(blank_inline(i) for i in block["c"]):
                continue  # a paragraph of a no-break space, or a page break: layout
        out.append(block)
    return out


def _inlines(inlines: list, notes: dict[str, list]) -> list:
    out: list = []
    for node in inlines:
        kind = node.get("t")
        if kind == "Link" and node["c"][2][0].startswith("#") and node["c"][2][0][1:].lstrip("_") in notes:
            out.append({"t": "Note", "c": _blocks(notes[node["c"][2][0][1:].lstrip("_")], notes)})
            continue
        if kind == "Span" and _styling_only(node["c"][0]):
            out += _inlines(node["c"][1], notes)
            continue
        if kind in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            node["c"] = _inlines(node["c"], notes)
        elif kind in ("Span", "Link"):
            node["c"][1] = _inlines(node["c"][1], notes)
        out.append(node)
    return out


def _styling_only(attr: list) -> bool:
    """A span that carries only Word's look: a style, Mso classes; not an id or a language."""
    ident, classes, attributes = attr
    return not ident and all(c.startswith("Mso") for c in classes) and all(k == "style" for k, _ in attributes)


def blank_inline(node: dict) -> bool:
    """Nothing a reader sees: spaces, no-break spaces, line breaks, or emphasis round them."""
    kind = node.get("t")
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return True
    if kind == "Str":
        return not node["c"].strip(_BLANK)
    if kind in ("Emph", "Strong", "Underline", "SmallCaps"):
        return all(blank_inline(i) for i in node["c"])
    if kind == "Span":
        return all(blank_inline(i) for i in node["c"][1])
    return False
