"""Pictures captioned by the book's list of illustrations, whose entries link to them.

Gutenberg's Huckleberry Finn sets its 174 drawings uncaptioned, each under an anchor
(`<a name="c01-02"></a>`, then `<div class="fig"><img alt="c01-02.jpg (182K)">`), and names them
only in its list of illustrations, "ILLUSTRATIONS." over a paragraph of links, `[The Widows](#c01-02)`
a line each. Imported, the pictures had no caption and no description, and the list led to the
anchors. Each picture an entry links to (its anchor alone right before it) becomes a figure
captioned by the entry, the anchor's id its own; the list becomes a list of those links, which
the print edition gives each picture's page.
"""

from __future__ import annotations

import copy

from publish.importer.headings import is_heading
from publish.importer.markdown import ast_text
from publish.importer.typed_layout import seen_lines

_BLANK = ("Space", "SoftBreak", "LineBreak")


def listed_captions(blocks: list, is_list_heading) -> int:
    """Caption the pictures the list of illustrations (under a heading `is_list_heading` takes)
    links to, and make the list a list of links; return how many were captioned."""
    entries, lists = _entries(blocks, is_list_heading)
    captioned, pending = 0, []
    for n, block in enumerate(blocks):
        ids = _anchor_ids(block)
        if ids is not None:
            pending += [(block, ident) for ident in ids]
            continue
        picture = lone_picture(block)
        listed = next(((held, ident) for held, ident in pending if ident in entries), None) if picture else None
        if listed:
            held, ident = listed
            held["c"] = [i for i in held["c"] if not (i.get("t") == "Span" and i["c"][0][0] == ident)]
            # Markdown writes it `![The Widows](c01-02.jpg)`, which reads back its description too
            picture["c"][1] = copy.deepcopy(entries[ident])
            blocks[n] = {"t": "Figure", "c": [[ident, [], []], [None, [{"t": "Plain", "c": entries[ident]}]],
                                              [{"t": "Plain", "c": [picture]}]]}
            captioned += 1
        pending = []
    if captioned:
        for block in lists:
            block["t"], block["c"] = "BulletList", [[{"t": "Plain", "c": [link]}] for link in _links(block)]
    return captioned


def _entries(blocks: list, is_list_heading) -> tuple[dict[str, list], list[dict]]:
    """The list's entries, each target id → its words, and the paragraphs that hold them."""
    entries: dict[str, list] = {}
    lists: list[dict] = []
    listing = False
    for block in blocks:
        if block.get("t") == "Header":
            listing = bool(is_list_heading(" ".join(ast_text(block["c"][2]).split())))
        elif listing and (links := _links(block)):
            lists.append(block)
            entries.update((link["c"][2][0][1:], link["c"][1]) for link in links)
    return entries, lists


def _links(block: dict) -> list[dict]:
    """The links of a paragraph of links alone, a line each (line breaks between them); none else."""
    # a no-break space after a link is spacing ("[Tom Sawyer's Band of Robbers](#c02-25)&nbsp;&nbsp;")
    lines = [seen for line in seen_lines(block) if (seen := [i for i in line if not _blank_str(i)])]
    links = [line[0] for line in lines if len(line) == 1 and line[0].get("t") == "Link"
             and line[0]["c"][2][0].startswith("#")]
    return links if len(links) == len(lines) and links else []


def _blank_str(inline: dict) -> bool:
    return inline.get("t") == "Str" and not inline["c"].strip()


def _anchor_ids(block: dict) -> list[str] | None:
    """The ids of a paragraph of empty anchors alone (spacing line breaks aside); None for another block."""
    if block.get("t") not in ("Para", "Plain"):
        return None
    seen = [i for i in block["c"] if i.get("t") not in _BLANK and not _blank_str(i)]
    if not seen or not all(i.get("t") == "Span" and i["c"][0][0] and not ast_text(i["c"][1]).strip() for i in seen):
        return None
    return [i["c"][0][0] for i in seen]


def lone_picture(block: dict) -> dict | None:
    """The picture of a block holding one picture and no caption: a paragraph of it alone (a line
    break after it), a captionless figure, or a div of either (Gutenberg's `<div class="fig">`)."""
    kind = block.get("t")
    if kind == "Div" and len(block["c"][1]) == 1:
        return lone_picture(block["c"][1][0])
    if kind == "Figure" and not block["c"][1][1] and len(block["c"][2]) == 1:
        return lone_picture(block["c"][2][0])
    if kind in ("Para", "Plain"):
        seen = [i for i in block["c"] if i.get("t") not in _BLANK and not _blank_str(i)]
        return seen[0] if len(seen) == 1 and seen[0].get("t") == "Image" else None
    return None


def opening_pictures_after_headings(blocks: list) -> int:
    """Pictures between a chapter's anchor and its heading or label (Huckleberry Finn's `<a
    name="c1">`, then the drawing that opens chapter I, then "CHAPTER I."): they open the chapter
    the anchor marks, and stood at the end of the one before it. They go under the heading, the
    anchor into it; return how many pictures moved."""
    moved, n = 0, 0
    while n < len(blocks):
        if not _heads(blocks[n]):
            n += 1
            continue
        first = n
        while first > 0 and (_picture(blocks[first - 1]) or _spacing(blocks[first - 1])):
            first -= 1
        ids = _anchor_ids(blocks[first - 1]) if 0 < first < n else None
        if ids and any(_picture(b) for b in blocks[first:n]):
            anchors, pictures = blocks[first - 1]["c"], [b for b in blocks[first:n] if not _spacing(b)]
            heading = blocks[n]
            inlines = heading["c"][2] if heading["t"] == "Header" else heading["c"]
            inlines[:0] = [i for i in anchors if i.get("t") == "Span"]
            blocks[first - 1:n + 1] = [heading, *pictures]
            moved += len(pictures)
            n = first - 1 + len(pictures)
        n += 1
    return moved


def _heads(block: dict) -> bool:
    """A chapter's heading or its label alone in a paragraph ("CHAPTER I.", not yet a heading); not
    a picture's caption set as a heading over it (A Christmas Carol's `<h4>Marley's Ghost</h4>`)."""
    inlines = block["c"][2] if block.get("t") == "Header" else block["c"] if block.get("t") == "Para" else []
    return bool(inlines) and is_heading(" ".join(ast_text(inlines).split()))


def _spacing(block: dict) -> bool:
    """A paragraph of line breaks and spaces alone (Gutenberg's `<p><br /> <br /></p>`)."""
    return block.get("t") in ("Para", "Plain") and all(i.get("t") in _BLANK or _blank_str(i) for i in block["c"])


def _picture(block: dict) -> bool:
    return block.get("t") == "Figure" or lone_picture(block) is not None
