"""A definition's paragraphs kept apart, in every edition.

In a compact definition list (no blank line between a term and its definition) pandoc reads
each paragraph of a definition as Plain, and its HTML writer sets Plain blocks one after
another with nothing between them: a chronology's entry of two paragraphs read as one.
"""

from __future__ import annotations


def definitions_apart(blocks: list[dict]) -> list[dict]:
    """The blocks with each definition of two or more Plain blocks made of paragraphs (Para),
    in the text and in its quotations, divs and lists (not in tables or notes)."""
    return [_block(block) for block in blocks]


def _block(block: dict) -> dict:
    kind, c = block.get("t"), block.get("c")
    if kind == "DefinitionList":
        return {**block, "c": [[term, [_definition(d) for d in definitions]] for term, definitions in c]}
    if kind == "BlockQuote":
        return {**block, "c": definitions_apart(c)}
    if kind == "Div":
        return {**block, "c": [c[0], definitions_apart(c[1])]}
    if kind == "BulletList":
        return {**block, "c": [definitions_apart(item) for item in c]}
    if kind == "OrderedList":
        return {**block, "c": [c[0], [definitions_apart(item) for item in c[1]]]}
    return block


def _definition(blocks: list[dict]) -> list[dict]:
    blocks = definitions_apart(blocks)
    if sum(b.get("t") == "Plain" for b in blocks) < 2:
        return blocks
    return [{**b, "t": "Para"} if b.get("t") == "Plain" else b for b in blocks]
