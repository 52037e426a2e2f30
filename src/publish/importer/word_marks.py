"""A word processor's marks that a printed book does not carry as they are: a highlight, which
an author or reviewer puts on a passage to come back to (pandoc reads it as `[…]{.mark}`, and
the web edition showed it yellow), and an underline, which in a manuscript asks for italics
(pandoc reads it as `[…]{.underline}`, printed underlined)."""

from __future__ import annotations


def highlights_and_underlines(node: object) -> tuple[int, int]:
    """Take the highlights off (their words stay) and set underlined words in italics, in place
    (words already in italics, or with italics inside, are left as they are): how many of each."""
    counts = [0, 0]

    def visit(inlines: list, italic: bool) -> list:
        out = []
        for item in inlines:
            if not isinstance(item, dict):
                out.append(item)
                continue
            kind = item.get("t")
            if kind == "Span" and item["c"][0] == ["", ["mark"], []]:
                counts[0] += 1
                out += visit(item["c"][1], italic)
                continue
            if kind == "Underline":
                counts[1] += 1
                inner = visit(item["c"], True)
                # italics in italics would be written `**…**`, read back as bold
                out += inner if italic or _has_italics(inner) else [{"t": "Emph", "c": inner}]
                continue
            walk(item, italic)
            out.append(item)
        return out

    def walk(item: object, italic: bool) -> None:
        if isinstance(item, dict):
            walk(item.get("c"), italic or item.get("t") == "Emph")
        elif isinstance(item, list):
            if any(isinstance(c, dict) and c.get("t") in ("Span", "Underline") for c in item):
                item[:] = visit(item, italic)
            else:
                for child in item:
                    walk(child, italic)

    walk(node, False)
    return counts[0], counts[1]


def _has_italics(node: object) -> bool:
    if isinstance(node, list):
        return any(_has_italics(item) for item in node)
    return isinstance(node, dict) and (node.get("t") == "Emph" or _has_italics(node.get("c")))
