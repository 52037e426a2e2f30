"""Column widths that only the separator line's dashes gave, let go.

When a line of a pipe table is longer than 72 characters, pandoc sizes its columns by the
dashes under the header: `|---|---|---|` makes three equal columns, and a year squeezed the
way a long description is ("Subject" cramped beside "Year"). Columns all of one width are
taken as widths nobody chose: the table is set by its contents, as a short one is.
"""

from __future__ import annotations


def equal_widths_let_go(blocks: list[dict]) -> list[dict]:
    """The blocks with each table whose columns all have one width given the default widths,
    in the text and in its quotations, divs, lists and figures (not in notes)."""
    return [_block(block) for block in blocks]


def _block(block: dict) -> dict:
    kind, c = block.get("t"), block.get("c")
    if kind == "Table":
        return {**block, "c": [c[0], c[1], _let_go(c[2]), *c[3:]]}
    if kind == "BlockQuote":
        return {**block, "c": equal_widths_let_go(c)}
    if kind == "BulletList":
        return {**block, "c": [equal_widths_let_go(item) for item in c]}
    if kind in ("Div", "Figure"):
        return {**block, "c": [*c[:-1], equal_widths_let_go(c[-1])]}
    if kind == "OrderedList":
        return {**block, "c": [c[0], [equal_widths_let_go(item) for item in c[1]]]}
    if kind == "DefinitionList":
        return {**block, "c": [[term, [equal_widths_let_go(d) for d in definitions]] for term, definitions in c]}
    return block


def _let_go(colspecs: list) -> list:
    widths = [spec[1].get("c") for spec in colspecs if spec[1].get("t") == "ColWidth"]
    if len(colspecs) < 2 or len(widths) != len(colspecs) or max(widths) - min(widths) > 1e-9:
        return colspecs
    return [[alignment, {"t": "ColWidthDefault"}] for alignment, _ in colspecs]
