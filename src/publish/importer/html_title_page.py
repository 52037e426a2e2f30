"""The rest of a Project Gutenberg HTML book's title page, set as headings under its title.

Gutenberg's HTML sets a title page in headings of falling sizes: Herodotus's `<h1>` title over
`<h2>By Herodotus</h2>`, `<h3>Translated into English by G. C. Macaulay</h3>`, `<h4>IN TWO
VOLUMES</h4>`; MacDowell's Essays its editor and three publishers' addresses in `<h3>` and `<h4>`.
Imported, each was a chapter or a section of nothing ("By Herodotus" the first in the contents).
Once the title is taken (to book.yaml), the headings after it with nothing under them are taken
too, to be set aside, unless the book's own headings go as high (a part over its first chapter).
"""

from __future__ import annotations

from publish.importer.markdown import ast_text


def title_page_headings(blocks: list) -> list[str]:
    """Take the headings right after a title page's title (already taken) that have nothing
    under them but the next heading; return their lines."""
    stop = next((i for i, b in enumerate(blocks) if b.get("t") != "Header" and not _blank(b)), None)
    heads = [i for i in range(stop or 0) if blocks[i].get("t") == "Header"]
    if len(heads) < 2:
        return []
    levels = [blocks[i]["c"][0] for i in heads]
    # Falling sizes: a heading larger than the one before it opens the book (Gibbon's empty
    # "Introduction" after his title page's <h4>); else the last heads the text under it.
    cut = next((n for n in range(1, len(heads)) if levels[n] < levels[n - 1]), len(heads) - 1)
    run = heads[:cut]
    later = [b["c"][0] for b in blocks[heads[cut]:] if b.get("t") == "Header"]
    if min(later) > min(blocks[i]["c"][0] for i in run):
        return []  # the book's own headings are deeper: these head it (a part over its chapters)
    lines = [" ".join(ast_text(blocks[i]["c"][2]).split()) for i in run]
    blocks[: run[-1] + 1] = [b for i, b in enumerate(blocks[: run[-1] + 1]) if i not in run]
    return lines


def _blank(block: dict) -> bool:
    """Nothing to read: a rule, an empty paragraph or anchor, a spacer <div>."""
    kind = block.get("t")
    if kind == "Div":
        return all(_blank(b) for b in block["c"][1])
    if kind in ("Para", "Plain"):
        return not ast_text(block).strip()
    return kind in ("HorizontalRule", "Null")
