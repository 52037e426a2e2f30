"""A table's empty header cells made data cells.

Pandoc makes every cell of a head row a header cell, the empty ones too: a blank corner over a
column of names, or a blank over two columns of figures (`<td colspan="2"/>` in the head of The
Worst Journey's sledge weights). A header with nothing to say is announced as an empty header by
screen readers, and DAISY Ace fails the EPUB for it ("empty-table-header"). An empty one becomes
a `<td>` in every edition; the tagged PDF still scopes the head row's other headers to their
columns (pdf_table_scopes.py).
"""

from __future__ import annotations

from lxml import html as lxml_html


def empty_headers_as_data(blocks: list) -> None:
    """Make the header cells with no text and no picture among `blocks` (lxml elements) data cells."""
    for block in blocks:
        if isinstance(block, lxml_html.HtmlElement):
            for cell in block.iter("th"):
                if not cell.text_content().strip() and not any(True for _ in cell.iter("img", "svg", "math")):
                    cell.tag = "td"
                    cell.attrib.pop("scope", None)
