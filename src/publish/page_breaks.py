"""A page break the author asks for, as Quarto writes it: `{{< pagebreak >}}` on a line of its own.

The book printed the shortcode as a paragraph, "{{< pagebreak >}}", in every edition. It is made an
empty `<div class="page-break">`: the print edition turns the page there (print.css), the screens,
whose pages are the reader's, set nothing.
"""

from __future__ import annotations

_SHORTCODE = "{{< pagebreak >}}"


def page_breaks_marked(blocks: list) -> list:
    """The blocks with each paragraph that is Quarto's page break a `page-break` div."""
    return [_block(block) for block in blocks]


def _block(node):
    if isinstance(node, list):
        return [_block(item) for item in node]
    if not isinstance(node, dict) or node.get("t") in ("CodeBlock", "RawBlock"):
        return node
    if node.get("t") in ("Para", "Plain") and _is_shortcode(node["c"]):
        return {"t": "Div", "c": [["", ["page-break"], []], []]}
    return {key: _block(value) for key, value in node.items()}


def _is_shortcode(inlines: list) -> bool:
    if not all(i["t"] in ("Str", "Space", "SoftBreak") for i in inlines):
        return False
    return " ".join("".join(i["c"] if i["t"] == "Str" else " " for i in inlines).split()) == _SHORTCODE
