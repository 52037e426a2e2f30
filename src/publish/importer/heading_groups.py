"""A heading and its title or subtitle grouped in an <hgroup> as one heading.

Standard Ebooks set a numbered chapter's title so: `<hgroup><h2>IX</h2><p epub:type="title">The
Polar Journey</p></hgroup>`. Pandoc's readers know no <hgroup>: they keep its tags as raw HTML
round a heading "IX" and a paragraph, so the contents listed "IX" alone, the title was set as
text, and the tags, which may hold only headings, made every chapter's page invalid in the EPUB
and the web edition. The group becomes one heading, its parts joined in their order by a colon,
as those books' own contents list them ("IX: The Polar Journey"). A heading broken over two
lines, a label over a title, is joined too (`broken_headings`).
"""

from __future__ import annotations

import re

from publish.importer.headings import is_heading
from publish.importer.markdown import ast_text

_OPEN = re.compile(r"\s*<hgroup\b[^<>]*>\s*", re.I)
_CLOSE = re.compile(r"\s*</hgroup>\s*", re.I)


def join_heading_groups(blocks: list) -> int:
    """Make each <hgroup>'s heading and paragraphs one heading, at any depth; return how many."""
    joined, out, i = 0, [], 0
    while i < len(blocks):
        block = blocks[i]
        end = _group_end(blocks, i)
        if end is not None:
            out.append(_joined(blocks[i + 1:end]))
            joined += 1
            i = end + 1
            continue
        if block.get("t") == "Div":
            joined += join_heading_groups(block["c"][1])
        elif block.get("t") == "BlockQuote":
            joined += join_heading_groups(block["c"])
        out.append(block)
        i += 1
    blocks[:] = out
    return joined


def _group_end(blocks: list, start: int) -> int | None:
    """The index of the closing tag of a group opening at `start` that holds one heading and
    paragraphs only, else None."""
    if not _is_raw(blocks[start], _OPEN):
        return None
    for end in range(start + 1, len(blocks)):
        if _is_raw(blocks[end], _CLOSE):
            inner = blocks[start + 1:end]
            kinds = [b.get("t") for b in inner]
            return end if kinds.count("Header") == 1 and set(kinds) <= {"Header", "Para", "Plain"} else None
    return None


def _is_raw(block: dict, tag: re.Pattern) -> bool:
    return block.get("t") == "RawBlock" and block["c"][0] == "html" and bool(tag.fullmatch(block["c"][1]))


def _joined(inner: list) -> dict:
    heading = next(b for b in inner if b.get("t") == "Header")
    inlines: list = []
    for block in inner:
        part = block["c"][2] if block is heading else block["c"]
        if inlines:
            closed = inlines[-1].get("t") == "Str" and inlines[-1]["c"][-1:] in (".", ":", "!", "?")
            # A subtitle in brackets follows as it is (Moby-Dick's "Etymology (Supplied by a Late…)").
            bracketed = ast_text(part).lstrip().startswith(("(", "["))
            inlines += [{"t": "Space"}] if closed or bracketed else [{"t": "Str", "c": ":"}, {"t": "Space"}]
        inlines += part
    return {"t": "Header", "c": [heading["c"][0], heading["c"][1], inlines]}


def numbered_sections(blocks: list) -> int:
    """Make a section's header that holds only a line of text, no heading, its heading, a level
    under the heading before it that the book gave (Keynes's chapter IV: `<section><header><p>I
    </p></header>`, its sections' numerals, were paragraphs "I", "II" in the text). Pandoc's EPUB
    reader keeps a chapter's sections but not the chapter's own, so their nesting says nothing
    of their level. Return how many."""
    made, last = 0, 1
    stack = list(reversed(blocks))
    while stack:
        block = stack.pop()
        if block.get("t") == "Header":
            last = block["c"][0]
        elif block.get("t") == "Div":
            inner = block["c"][1]
            if "section" in block["c"][0][1] and inner and _header_line(inner[0]) \
                    and not any(b.get("t") == "Header" for b in inner):
                inner[0] = {"t": "Header", "c": [last + 1, ["", [], []], inner[0]["c"][1][0]["c"]]}
                made += 1
                inner = inner[1:]  # its own heading: not one the headings after it are under
            stack.extend(reversed(inner))
    return made


def header_subheads(blocks: list) -> int:
    """Mark the lines under a heading in its <header> (Standard Ebooks' bridgeheads and bylines:
    Leaves of Grass's "(1859–60)" under "Year of Meteors", South's "By J. M. Wordie, M.A." under
    "Physics"), which pandoc's reader leaves plain paragraphs of the text, as a `::: subhead`;
    return how many."""
    made = 0
    for block in blocks:
        if block.get("t") == "Div":
            inner = block["c"][1]
            if block["c"][0] == ["", [], []] and len(inner) > 1 and inner[0].get("t") == "Header" \
                    and all(b.get("t") in ("Para", "Plain") for b in inner[1:]):
                inner[1:] = [{"t": "Div", "c": [["", ["subhead"], []], inner[1:]]}]
                made += 1
            else:
                made += header_subheads(inner)
        elif block.get("t") == "BlockQuote":
            made += header_subheads(block["c"])
    return made


def _header_line(block: dict) -> bool:
    """A <header> as pandoc reads it (a Div without attributes) holding one short line of text."""
    if block.get("t") != "Div" or block["c"][0] != ["", [], []] or len(block["c"][1]) != 1:
        return False
    line = block["c"][1][0]
    return line.get("t") in ("Para", "Plain") and 0 < len(line["c"]) <= 40  # twenty words or so


def broken_headings(blocks: list) -> int:
    """A heading set on two lines, a label over a title (`Глава первая<br/>Застава` in Word or
    HTML, an .fb2's title of two paragraphs): a Markdown heading is one line, and pandoc ran the
    two together, "Глава первая Застава". They are joined as a plain text's are, "Глава первая.
    Застава"; other lines with a space, as before. Return how many."""
    joined = 0
    for block in blocks:
        if block.get("t") == "Header":
            inlines = block["c"][2]
            cut = next((i for i, node in enumerate(inlines) if node.get("t") == "LineBreak"), None)
            if cut and is_heading(" ".join(ast_text(inlines[:cut]).split())) and ast_text(inlines[cut + 1:]).strip():
                stop = inlines[cut - 1].get("t") == "Str" and inlines[cut - 1]["c"][-1:] in tuple(".:!?")
                inlines[cut:cut + 1] = [{"t": "Space"}] if stop else [{"t": "Str", "c": "."}, {"t": "Space"}]
                joined += 1
        elif block.get("t") in ("Div", "BlockQuote"):
            joined += broken_headings(block["c"][1] if block["t"] == "Div" else block["c"])
    return joined
