"""Blocks pandoc's Markdown writer sets so that its reader reads them back as something else,
made plain before text.md is written: what the import checked is what the book holds.

- A block of a capital and a full stop alone ("X." in a contents' cell, Plate X's number):
  the writer escapes "IX." and "x." but not "X.", which reads back as an empty list of letters.
- A picture with a description alone in its block but no figure (in a table's cell, or left
  alone when an unlinked anchor beside it went): `![vertical lines](rest.png)` alone reads back
  as a figure captioned "vertical lines". Its description goes into its `alt`.
- A figure of one picture and no caption (Standard Ebooks' `<figure id="illustration-2"><img
  alt="A white rabbit …">`): the writer sets it as raw `<figure>` tags, read back as no words, so
  its description was lost. It is the picture alone, `![](f.svg){#illustration-2 alt="…"}`, which
  every edition sets as a figure without a caption.
- A span (or small capitals, an underline) whose words open or end with a space (TeX4ht's
  `<span class="cmmi-10">AB </span>is equal`, each letter of a figure in Casey's Euclid): the writer
  keeps the space inside, `[AB ]{.cmmi-10}is`, and the reader drops it, "ABis". The space goes
  outside the span.
"""

from __future__ import annotations

import re

from publish.importer.markdown import ast_text
from publish.importer.typed_layout import seen_inlines

_LETTER_MARKER = re.compile(r"[A-Z]\.")


def guard_read_back(node: object) -> int:
    """Guard the blocks in place; return how many were guarded."""
    if isinstance(node, list):
        return sum(guard_read_back(item) for item in node)
    if isinstance(node, dict) and node.get("t") == "Figure" and _uncaptioned_picture(node):
        return 1
    if not isinstance(node, dict) or node.get("t") == "Figure":  # a figure's picture is written as one
        return 0
    if node.get("t") in ("Para", "Plain"):
        return _guard_block(node["c"])
    return guard_read_back(node.get("c"))


_SPACES = ("Space", "SoftBreak")


def spaces_out_of_spans(node: object) -> int:
    """Move the spaces at a span's edges out of it, in place; return how many spans had one."""
    moved = 0
    if isinstance(node, dict):
        return spaces_out_of_spans(node.get("c"))
    if not isinstance(node, list):
        return 0
    for item in node:
        moved += spaces_out_of_spans(item)  # an inner span's space reaches the outer one's edge first
    k = 0
    while k < len(node):
        item = node[k]
        if (inner := _bracketed(item)):
            before = _edge_spaces(inner, 0)
            after = _edge_spaces(inner, -1) if inner else []
            if before or after:
                moved += 1
                node[k:k + 1] = before[:1] + [item] + after[:1]
                k += len(before[:1])
        k += 1
    return moved


def _bracketed(item: object) -> list:
    """The inlines of what the writer sets in brackets, `[…]{…}`: a span, small capitals, an underline."""
    if not isinstance(item, dict):
        return []
    if item.get("t") == "Span":
        return item["c"][1]
    return item["c"] if item.get("t") in ("SmallCaps", "Underline") else []


def _edge_spaces(inlines: list, end: int) -> list:
    """The spaces at one end of a span's inlines, taken off it."""
    taken = []
    while inlines and inlines[end].get("t") in _SPACES:
        taken.append(inlines.pop(end))
    return taken


def _guard_block(inlines: list) -> int:
    seen = seen_inlines(inlines)
    if len(seen) != 1:
        return guard_read_back(inlines)  # a note's paragraphs
    only = seen[0]
    if only.get("t") == "Str" and _LETTER_MARKER.fullmatch(only["c"]):
        only["t"], only["c"] = "RawInline", ["markdown", only["c"][:-1] + "\\."]  # in place: maybe in a span
        return 1
    if only.get("t") == "Image" and only["c"][1]:
        attr = only["c"][0]
        attr[2] = [kv for kv in attr[2] if kv[0] != "alt"] + [["alt", " ".join(ast_text(only["c"][1]).split())]]
        only["c"][1] = []
        return 1
    return 0


def _uncaptioned_picture(figure: dict) -> bool:
    """The figure made its picture alone (in place), its id on the picture, when it has no caption."""
    attr, caption, body = figure["c"]
    if caption[1] or len(body) != 1 or body[0].get("t") not in ("Para", "Plain"):
        return False
    seen = seen_inlines(body[0]["c"])
    if len(seen) != 1 or seen[0].get("t") != "Image":
        return False
    image = seen[0]
    if attr[0] and not image["c"][0][0]:
        image["c"][0][0] = attr[0]
    figure["t"], figure["c"] = "Para", [image]
    _guard_block(figure["c"])
    return True
