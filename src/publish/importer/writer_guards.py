r"""Blocks pandoc's Markdown writer sets so that its reader reads them back as something else,
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
- A paragraph opening with a space, also inside its first emphasis (Creole's `# // italic item 3 //`):
  in a list item the writer sets the text further in (`3.   *italic item 3*`), and the list under
  it, indented less, was read back as that text's lines, its words twice. The space goes.
- Code ending or opening with a space (Haddock's `@…code block @` before `/emphasis/`): Markdown
  reads a code span without the spaces at its ends, and the words either side were one
  ("blockinterprets"). The space is set outside the code.
- A table's header of empty cells (TikiWiki's tables have none, and its reader gives one of
  empty strings): the writer set it as a line of spaces over the rule, read back as no header,
  the rule then the table's top, and its rows split inside words ("Appl" | "e"). It goes.
- A span (or small capitals, an underline) whose words open or end with a space (TeX4ht's
  `<span class="cmmi-10">AB </span>is equal`, each letter of a figure in Casey's Euclid): the writer
  keeps the space inside, `[AB ]{.cmmi-10}is`, and the reader drops it, "ABis". The space goes
  outside the span.
- An attribute whose name is no name (Gutenberg's Huckleberry Finn writes a picture's
  `height="1004&rdquo; width=&rdquo; />`: the value runs on to the next quote, and the word after
  it, `preserve"`, is an attribute named with a quote): the writer sets it as it is, and the reader
  read the picture's braces back as words. It goes; the picture and its other attributes stay.

And what it cannot write at all: a table's or figure's short caption (LaTeX's `\caption[Nordic
countries]{States belonging to …}`, for a list of tables), which it left out, and the import
refused the book for the words lost. `short_captions` takes them out, to be kept in book.yaml.

And one line the writer sets wrong, mended in the Markdown it writes (`quoted_table_borders`): a
table without a header row inside a quotation (Standard Ebooks' Moby-Dick lists the Dutch
whalers' larders so, "400,000 | lbs. of beef") has its first rule written two spaces short of its
last; its figures, set flush right, then stood past the rule and were read back cut ("400,00" "0").
"""

from __future__ import annotations

import re

from publish.importer.markdown import ast_text
from publish.importer.typed_layout import seen_inlines

_LETTER_MARKER = re.compile(r"[A-Z]\.")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_][\w:.-]*")
_ATTRIBUTED = {"Image": 0, "Link": 0, "Span": 0, "Div": 0, "Code": 0, "CodeBlock": 0, "Figure": 0,
               "Table": 0, "Header": 1}  # where a node's attributes are in its "c"
_QUOTED_RULE = re.compile(r"((?:> )+)(-+(?: +-+)*)")


def guard_read_back(node: object) -> int:
    """Guard the blocks in place; return how many were guarded."""
    return _code_spaces_out(node) + _guard(node) + _unnamed_attributes_out(node)


def short_captions(node: object) -> list[str]:
    """The short captions of the tables and figures, each taken off (in place) as its text."""
    found: list[str] = []
    if isinstance(node, list):
        for item in node:
            found += short_captions(item)
    elif isinstance(node, dict):
        caption = node["c"][1] if node.get("t") in ("Table", "Figure") else None
        if caption and caption[0]:
            found.append(" ".join(ast_text(caption[0]).split()))
            caption[0] = None
        found += short_captions(node.get("c"))
    return found


def _unnamed_attributes_out(node: object) -> int:
    """The attributes whose names the Markdown reader reads as no name taken off, in place."""
    if isinstance(node, list):
        return sum(_unnamed_attributes_out(item) for item in node)
    if not isinstance(node, dict):
        return 0
    taken = 0
    if node.get("t") in _ATTRIBUTED:
        attr = node["c"][_ATTRIBUTED[node["t"]]]
        named = [kv for kv in attr[2] if _ATTRIBUTE_NAME.fullmatch(kv[0])]
        taken, attr[2] = len(attr[2]) - len(named), named
    return taken + _unnamed_attributes_out(node.get("c"))


def _code_spaces_out(node: object) -> int:
    """The spaces at the ends of inline code set outside it, in place."""
    moved = 0
    if isinstance(node, list):
        for i in range(len(node) - 1, -1, -1):
            item = node[i]
            if isinstance(item, dict) and item.get("t") == "Code" and item["c"][1].strip(" ") != item["c"][1]:
                code = item["c"][1]
                if code.strip(" "):
                    item["c"][1] = code.strip(" ")
                    node[i:i + 1] = [{"t": "Space"}] * (code[0] == " ") + [item] + [{"t": "Space"}] * (code[-1] == " ")
                    moved += 1
            else:
                moved += _code_spaces_out(item)
    elif isinstance(node, dict) and node.get("t") not in ("CodeBlock", "RawBlock", "RawInline", "Math"):
        moved += _code_spaces_out(node.get("c"))
    return moved


def _guard(node: object) -> int:
    if isinstance(node, list):
        return sum(_guard(item) for item in node)
    if isinstance(node, dict) and node.get("t") == "Table":
        return _empty_head(node["c"][3]) + _guard(node["c"])
    if isinstance(node, dict) and node.get("t") == "Figure" and _uncaptioned_picture(node):
        return 1
    if not isinstance(node, dict) or node.get("t") == "Figure":  # a figure's picture is written as one
        return 0
    if node.get("t") in ("Para", "Plain"):
        return _trim_opening(node["c"]) + _guard_block(node["c"])
    return _guard(node.get("c"))


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
        return _guard(inlines)  # a note's paragraphs
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


def _empty_head(head: list) -> bool:
    """The head's rows taken off (in place) when none of their cells holds a word or a picture."""
    rows = head[1]
    if not rows or any(ast_text(cell[4]).strip() or _has_picture(cell[4]) for row in rows for cell in row[1]):
        return False
    head[1] = []
    return True


def _has_picture(node: object) -> bool:
    if isinstance(node, list):
        return any(_has_picture(item) for item in node)
    return isinstance(node, dict) and (node.get("t") == "Image" or _has_picture(node.get("c")))


_HOLDERS = {"Emph": 0, "Strong": 0, "Underline": 0, "Strikeout": 0, "SmallCaps": 0, "Superscript": 0,
            "Subscript": 0, "Span": 1, "Link": 1, "Quoted": 1}  # where their inlines are in "c", or "c" itself


def _trim_opening(inlines: list) -> int:
    """The spaces opening a block taken off, in the inlines that open it too; 1 if any were."""
    trimmed = 0
    while inlines:
        first = inlines[0]
        if first.get("t") in ("Space", "SoftBreak"):
            del inlines[0]
            trimmed = 1
            continue
        if first.get("t") in _HOLDERS:
            inner = first["c"][_HOLDERS[first["t"]]] if _HOLDERS[first["t"]] else first["c"]
            if not inner:  # an anchor (an empty span with its id) stays
                break
            trimmed |= _trim_opening(inner)
            if not inner and first["t"] not in ("Link", "Span"):  # an emphasis of a space alone
                del inlines[0]
                continue
        break
    return trimmed


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


def quoted_table_borders(markdown: str) -> str:
    """The Markdown with each quoted table's first rule set in as far as its last one is."""
    lines = markdown.split("\n")
    for n, line in enumerate(lines):
        if not (rule := _QUOTED_RULE.fullmatch(line)):
            continue
        prefix, dashes = rule.groups()
        for later in lines[n + 1:]:
            if later == f"{prefix}  {dashes}":
                lines[n] = later
                break
            if not later.startswith(prefix) or not later[len(prefix):].strip():
                break  # past the quotation, or a blank line: no table of this rule's
    return "\n".join(lines)
