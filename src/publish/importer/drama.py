"""A play's speeches set as a table, a speaker's cell beside each speech (Standard Ebooks mark the
speaker's cell `epub:type="z3998:persona"`, which pandoc reads as its class).

The Markdown a table is written in keeps no cell's class: the speakers came out as plain words,
and the play as a data table, ruled under every row in small type. Here each speaker's name is
set in small capitals (`[Algernon]{.smallcaps}`), and so is bold in the table: a speaker named in
a stage direction (`<b epub:type="z3998:persona">`, which pandoc reads as bold alone); the table
goes in a `::: drama` div, which the editions set as a play: speakers beside speeches, no rules.
"""

from __future__ import annotations

PERSONA = "z3998:persona"
DRAMA_CLASS = "drama"
CAST = "z3998:dramatis-personae"
CAST_CLASS = "dramatis-personae"


def mark_plays(blocks: list) -> int:
    """Mark the tables of speeches in `blocks` (at any depth of divs and quotations); how many."""
    found = 0
    for n, block in enumerate(blocks):
        kind = block.get("t")
        if kind == "Table" and _speakers_in_small_caps(block):
            blocks[n] = {"t": "Div", "c": [["", [DRAMA_CLASS], []], [block]]}
            found += 1
        elif kind == "Div" and DRAMA_CLASS not in block["c"][0][1]:
            found += mark_plays(block["c"][1])
        elif kind == "BlockQuote":
            found += mark_plays(block["c"])
    return found


def _speakers_in_small_caps(table: dict) -> bool:
    """Set each speaker's cell of `table` in small capitals; whether it had any."""
    _, _, _, head, bodies, foot = table["c"]
    rows = head[1] + [row for body in bodies for row in body[2] + body[3]] + foot[1]
    speakers = 0
    for _, cells in rows:
        for cell in cells:
            if PERSONA in cell[0][1]:
                speakers += 1
                for content in cell[4]:
                    if content.get("t") in ("Plain", "Para") and content["c"]:
                        content["c"] = [{"t": "SmallCaps", "c": content["c"]}]
    if speakers:
        _bold_in_small_caps(rows)
    return speakers > 0


def _bold_in_small_caps(node: object) -> None:
    if isinstance(node, list):
        for n, item in enumerate(node):
            if isinstance(item, dict) and item.get("t") == "Strong":
                node[n] = item = {"t": "SmallCaps", "c": item["c"]}
            _bold_in_small_caps(item)
    elif isinstance(node, dict):
        _bold_in_small_caps(node.get("c"))


def mark_cast_lists(blocks: list) -> int:
    """Put the lists of a play's cast (a section typed `z3998:dramatis-personae`, which the import
    unwraps) in a `::: dramatis-personae` div, which the editions set as a cast list, not as a
    list of bullets; how many."""
    found = 0
    for block in blocks:
        if block.get("t") != "Div":
            continue
        inner = block["c"][1]
        if CAST in block["c"][0][1]:
            for n, child in enumerate(inner):
                if child.get("t") in ("BulletList", "OrderedList"):
                    inner[n] = {"t": "Div", "c": [["", [CAST_CLASS], []], [child]]}
                    found += 1
        else:
            found += mark_cast_lists(inner)
    return found
