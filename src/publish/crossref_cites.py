"""Cross-references written as Quarto and pandoc-crossref write them, read as links, not citations.

`@fig-plan`, `[@tbl-obs]`, `see @sec-intro`, `@eq:wave` are citations to pandoc's reader: with a
bibliography the book printed "fig-plan?" in bold and warned of a missing entry, without one
"@fig-plan" as typed. A citation whose every key names a figure, table, equation or section
(`fig-`, `tbl-`, `eq-`, `sec-`, or the same with a colon, the prefixes those tools keep for
cross-references) is made a link to that id, classed `crossref`; the book's HTML pass
(crossref_numbers.py) numbers what they point at and gives each its words. A display formula
followed by `{#eq-name}` is given that id, as both tools number equations so. Quarto's figure
written as a div (`::: {#fig-elephants}`: pictures, or figures of their own, and a last
paragraph that is the caption) is made a figure, its figures within it its subfigures, set side by
side in as many columns as its `layout-ncol` says (a class `layout-ncol-N` the stylesheets read); its table
written so (`::: {#tbl-rates}`: a table and its caption) is that table, captioned.
"""

from __future__ import annotations

import re

CROSSREF_KEY = re.compile(r"^(fig|tbl|eq|sec)[-:]\w")
_FIGURE_ID = re.compile(r"^fig[-:]\w")
_TABLE_ID = re.compile(r"^tbl[-:]\w")
_EQUATION_ID = re.compile(r"^\{#(eq[-:][\w:.-]*\w)\}$")
MOST_COLUMNS = 4  # the stylesheets set a figure's pictures in 2 to 4 columns; more would be too small to read


def crossref_links(blocks: list) -> list:
    """The blocks with cross-reference citations made links and numbered formulas given their ids."""
    return _walk(blocks)


def _walk(node):
    if isinstance(node, list):
        if node and all(isinstance(item, dict) and "t" in item for item in (node[0], node[-1])):
            node = _inlines(node)
        return [_walk(item) for item in node]
    if isinstance(node, dict) and node.get("t") not in ("Code", "CodeBlock", "Math", "RawInline", "RawBlock"):
        return {key: _walk(value) for key, value in _div_figure(node).items()}
    return node


def _div_figure(node: dict) -> dict:
    """Quarto's `::: {#fig-x}` of pictures and a caption as a figure, its `::: {#tbl-x}` of a table
    and a caption as the table; any other node as it is.
    A picture alone in a paragraph in it, uncaptioned, is set plain: a figure in a figure is a
    subfigure, and only one with an id of its own is numbered so."""
    if node.get("t") != "Div":
        return node
    attr, blocks = node["c"]
    if _TABLE_ID.match(attr[0]) and [block["t"] for block in blocks] == ["Table", "Para"]:
        table = blocks[0]["c"]
        return {"t": "Table", "c": [[attr[0], table[0][1], table[0][2]], [None, [{"t": "Plain", "c": blocks[1]["c"]}]],
                                    *table[2:]]}
    if not _FIGURE_ID.match(attr[0]):
        return node
    if len(blocks) < 2 or blocks[-1]["t"] != "Para" or not any(_pictured(block) for block in blocks[:-1]):
        return node
    caption = blocks[-1]["c"]
    content = [{"t": "Plain", "c": _described(block["c"], caption)} if _pictured(block) and block["t"] == "Para"
               else block for block in blocks[:-1]]
    return {"t": "Figure", "c": [_in_columns(attr), [None, [{"t": "Plain", "c": caption}]], content]}


def _in_columns(attr: list) -> list:
    """The figure's attributes with its `layout-ncol=2` as the class `layout-ncol-2` (the HTML
    keeps no other attribute of a figure); a count not a number, or one, is left out."""
    ident, classes, pairs = attr
    columns = dict(pairs).get("layout-ncol", "").strip()
    if not columns.isdigit() or int(columns) < 2:
        return attr
    return [ident, [*classes, f"layout-ncol-{min(int(columns), MOST_COLUMNS)}"], pairs]


def _described(inlines: list, caption: list) -> list:
    """Pictures without a description described by the figure's caption, as pandoc's own figures
    are: a reading system reads none, and an EPUB checker refuses a picture without one."""
    return [{"t": "Image", "c": [i["c"][0], caption, i["c"][2]]} if i["t"] == "Image" and not i["c"][1] else i
            for i in inlines]


def _pictured(block: dict) -> bool:
    """A figure, or a paragraph of pictures alone (and the spaces between them)."""
    if block["t"] == "Figure":
        return True
    inlines = block["c"] if block["t"] in ("Para", "Plain") else []
    return any(i["t"] == "Image" for i in inlines) and all(i["t"] in ("Image", "Space", "SoftBreak") for i in inlines)


def _inlines(items: list) -> list:
    """A run of inlines with its cross-reference citations as links and `$$…$$ {#eq-x}` as one
    span with that id (a list of blocks passes unchanged)."""
    out: list = []
    for item in items:
        kind = item.get("t")
        if kind == "Cite" and all(CROSSREF_KEY.match(c["citationId"]) for c in item["c"][0]):
            out += _links(item["c"][0])
            continue
        if kind == "Str" and _EQUATION_ID.match(item["c"]):
            at = len(out) - (1 if out and out[-1].get("t") in ("Space", "SoftBreak") else 0)
            if at and out[at - 1].get("t") == "Math" and out[at - 1]["c"][0]["t"] == "DisplayMath":
                ident = _EQUATION_ID.match(item["c"])[1]
                out[at - 1:] = [{"t": "Span", "c": [[ident, ["equation"], []], [out[at - 1]]]}]
                continue
        out.append(item)
    return out


def _links(citations: list) -> list:
    """`[see @fig-a; @fig-b, left]` as "see " + a link + ", " + a link + ", left"."""
    out: list = []
    for n, citation in enumerate(citations):
        if n:
            out += [{"t": "Str", "c": ","}, {"t": "Space"}]
        prefix = citation.get("citationPrefix") or []
        out += prefix + ([{"t": "Space"}] if prefix else [])
        key = citation["citationId"]
        out.append({"t": "Link", "c": [["", ["crossref"], []], [{"t": "Str", "c": "@" + key}], ["#" + key, ""]]})
        out += citation.get("citationSuffix") or []
    return out
