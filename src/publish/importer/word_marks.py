"""A word processor's marks that a printed book does not carry as they are: a highlight, which
an author or reviewer puts on a passage to come back to (pandoc reads it as `[…]{.mark}`, and
the web edition showed it yellow), and an underline, which in a manuscript asks for italics
(pandoc reads it as `[…]{.underline}`, printed underlined)."""

from __future__ import annotations


def highlights_and_underlines(node: object) -> tuple[int, int]:
    """Take the highlights off (their words stay) and set underlined words in italics, in place:
    how many of each."""
    counts = [0, 0]

    def visit(inlines: list) -> list:
        out = []
        for item in inlines:
            if isinstance(item, dict) and item.get("t") == "Span" and item["c"][0] == ["", ["mark"], []]:
                counts[0] += 1
                out += visit(item["c"][1])
                continue
            if isinstance(item, dict) and item.get("t") == "Underline":
                counts[1] += 1
                item = {"t": "Emph", "c": item["c"]}
            walk(item)
            out.append(item)
        return out

    def walk(item: object) -> None:
        if isinstance(item, dict):
            walk(item.get("c"))
        elif isinstance(item, list):
            if any(isinstance(c, dict) and c.get("t") in ("Span", "Underline") for c in item):
                item[:] = visit(item)
            else:
                for child in item:
                    walk(child)

    walk(node)
    return counts[0], counts[1]
