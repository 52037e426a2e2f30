"""A word processor's marks that a printed book does not carry as they are: a highlight, which
an author or reviewer puts on a passage to come back to (pandoc reads it as `[…]{.mark}`, and
the web edition showed it yellow), and an underline, which in a manuscript asks for italics
(pandoc reads it as `[…]{.underline}`, printed underlined)."""

from __future__ import annotations


def highlights_and_underlines(node: object) -> tuple[int, int]:
    """Take the highlights off (their words stay) and set underlined words in italics, in place
    (words already in italics are left as they are, italics inside are the whole's): how many of each."""
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
                # italics in italics would be written `**…**`, read back as bold: the inner ones go
                out += inner if italic else [{"t": "Emph", "c": _without_italics(inner)}]
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


def _without_italics(inlines: list) -> list:
    """The inlines with their italics' words in their place (the whole is set in italics)."""
    out = []
    for item in inlines:
        if isinstance(item, dict) and item.get("t") == "Emph":
            out += _without_italics(item["c"])
        else:
            out.append(item)
    return out
