"""Tables that only set pictures side by side marked as layout, not data.

Project Gutenberg sets plates two or three to a row in a table (Chiriqui's 60 `<table
class="picture">`: a row of pictures over a row of their captions). Such a table has no header
cell, and none can be found for it; the tagged PDF had a table of data cells alone on each of
their pages (pdfua UA-15-003), and a screen reader announced rows and columns of pictures. A
table whose rows each hold pictures only, or words without a picture (captions), and a picture
in one row at least, is `role="presentation"`: read as its pictures and captions in every
edition, and tagged without table structure in the PDF (pdf_layout_tables.py). So is a table
of empty cells alone (pandoc's test "Empty cells"), which has nothing to head.
"""

from __future__ import annotations

from lxml import html as lxml_html

from publish.table_headers import own_rows

PICTURES = ("img", "svg")


def pictures_as_layout(blocks: list) -> None:
    """Mark the tables of pictures, and of empty cells, among `blocks` (lxml elements)
    `role="presentation"`."""
    for block in blocks:
        if isinstance(block, lxml_html.HtmlElement):
            for table in block.iter("table"):
                if _sets_pictures(table) or all(_blank(cell) for cell in table.iter("td", "th")):
                    table.set("role", "presentation")


def _sets_pictures(table) -> bool:
    if table.find("thead") is not None or table.find("caption") is not None:
        return False
    rows = [[c for c in row if c.tag in ("td", "th")] for row in own_rows(table)]
    if any(c.tag == "th" for row in rows for c in row):
        return False
    pictured = [[_pictured(c) for c in row if not _blank(c)] for row in rows]
    return any(any(row) for row in pictured) and all(all(row) or not any(row) for row in pictured)


def _pictured(cell) -> bool:
    return any("math" not in (img.get("class") or "") for img in cell.iter(*PICTURES))


def _blank(cell) -> bool:
    return not cell.text_content().strip() and not _pictured(cell)
