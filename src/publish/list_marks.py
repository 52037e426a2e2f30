"""An ordered list numbered "(a)" or "1)" keeps its parentheses, in every edition.

pandoc's HTML writer keeps a list's kind of numbering (`<ol type="a">`) but drops its
delimiter (jgm/pandoc#11326): a contract's clauses "(a)", "(b)" printed as "a.", "b.". Such a
list goes into a div whose class names the numbering; the stylesheets give each class a
@counter-style with the parentheses. A reader that knows no @counter-style shows "a." as before.
"""

from __future__ import annotations

from typing import Any

_DELIMITERS = {"OneParen": "paren", "TwoParens": "parens"}
_KINDS = {"LowerAlpha": "lower-alpha", "UpperAlpha": "upper-alpha", "LowerRoman": "lower-roman",
          "UpperRoman": "upper-roman"}  # any other (Decimal, DefaultStyle, Example): decimal
# Nodes that hold no list: passed over without looking inside.
_NO_LISTS = frozenset({"Str", "Space", "SoftBreak", "LineBreak", "Code", "Math", "RawInline", "RawBlock",
                       "CodeBlock", "HorizontalRule"})


def list_marks_kept(blocks: list[dict]) -> list[dict]:
    """The blocks with each list numbered in parentheses in a div of class, e.g.,
    `parens-lower-alpha` ("(a)") or `paren-decimal` ("1)"), wherever it stands (quotations,
    other lists, tables, notes). Unchanged nodes are shared, not copied."""
    return _kept(blocks)


def _kept(node: Any) -> Any:
    if isinstance(node, dict):
        inside = _kept(node["c"]) if "c" in node else None
        return node if inside is None or inside is node["c"] else {**node, "c": inside}
    if not isinstance(node, list):
        return node
    changed = None
    for n, item in enumerate(node):
        if isinstance(item, dict) and item.get("t") in _NO_LISTS:
            continue  # most nodes: words and spaces, passed over without a call
        new = _marked(_kept(item))
        if new is not item:
            changed = changed or list(node)
            changed[n] = new
    return node if changed is None else changed


def _marked(node: Any) -> Any:
    if not isinstance(node, dict) or node.get("t") != "OrderedList":
        return node
    _, style, delimiter = node["c"][0]
    if delimiter.get("t") not in _DELIMITERS:
        return node
    name = f"{_DELIMITERS[delimiter['t']]}-{_KINDS.get(style.get('t'), 'decimal')}"
    return {"t": "Div", "c": [["", [name], []], [node]]}
