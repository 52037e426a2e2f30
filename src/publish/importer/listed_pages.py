"""An old list of illustrations' page numbers, linked to the old pages they name.

A Short History of the World (Gutenberg 35461) lists its 208 pictures in a table, each title a
link to its picture and beside it the old edition's page, a number alone: "[Luminous Spiral Clouds
of Matter](#img-2) | 2", a map's "*Map* 50"). Printed, those were another book's pages. The number is made a link to
the anchor that marks that old page (`P2`, kept where the page number was taken out), the shape
the print edition's page references read (Chiriqui's contents, "[The cemeteries](#intro) |
[16](#page016)"): it prints this book's page of the picture, and the EPUB and the web edition
keep the number, a link to the place.
"""

from __future__ import annotations

import re

from publish.importer.index_lists import links_in
from publish.importer.markdown import ast_text

# An anchor that marks an old page, as the print edition's page references read them.
_PAGE_ID = re.compile(r"(?:page|pg|p)[_-]?0*(\d+)", re.IGNORECASE)
# A page's number alone, or after a word saying what the picture is (Wells's "*Map* 50").
_PAGE_CELL = re.compile(r"(?:[^\W\d]+\.?\s+)?\d{1,4}")


def linked_list_pages(blocks: list, is_list_heading) -> int:
    """Link the page numbers of the tables under each heading `is_list_heading` takes (its text);
    return how many."""
    pages = _page_anchors(blocks)
    linked, listing = 0, False
    for block in blocks:
        if block.get("t") == "Header":
            listing = bool(is_list_heading(" ".join(ast_text(block["c"][2]).split())))
        elif listing and block.get("t") == "Table":
            linked += _linked_rows(block, pages)
    return linked


def _linked_rows(table: dict, pages: dict[str, str]) -> int:
    linked = 0
    for body in table["c"][4]:
        for row in body[3]:
            cells = [cell[4] for cell in row[1]]
            links = [node for cell in cells for node in links_in(cell)]
            numbers = [cell for cell in cells if not links_in(cell) and _PAGE_CELL.fullmatch(ast_text(cell).strip())]
            if len(links) != 1 or len(numbers) != 1 or not links[0]["c"][2][0].startswith("#"):
                continue
            linked += _linked_number(numbers[0], pages)
    return linked


def _linked_number(cell: list, pages: dict[str, str]) -> int:
    """The cell's number (its last word) made a link to its old page's anchor; 1 if it was."""
    inlines = cell[0]["c"] if len(cell) == 1 and cell[0].get("t") in ("Plain", "Para") else []
    last = next((n for n, node in reversed(list(enumerate(inlines))) if node.get("t") == "Str"), None)
    anchor = pages.get(str(int(inlines[last]["c"]))) if last is not None and inlines[last]["c"].isdigit() else None
    if anchor:
        inlines[last] = {"t": "Link", "c": [["", [], []], [inlines[last]], ["#" + anchor, ""]]}
    return int(bool(anchor))


def _page_anchors(node: object, found: dict[str, str] | None = None) -> dict[str, str]:
    """Each old page's number → the first anchor marking it."""
    found = {} if found is None else found
    if isinstance(node, list):
        for item in node:
            _page_anchors(item, found)
    elif isinstance(node, dict):
        if node.get("t") == "Span" and (match := _PAGE_ID.fullmatch(node["c"][0][0])):
            found.setdefault(str(int(match[1])), node["c"][0][0])
        _page_anchors(node.get("c"), found)
    return found
