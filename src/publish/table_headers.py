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
                if _blank(cell):
                    cell.tag = "td"
                    cell.attrib.pop("scope", None)


def row_labels_as_headers(blocks: list) -> None:
    """A table with no header cell at all (no head row: Keynes's coal, a label and its figure in
    each row) gets its first column as row headers, `<th scope="row">`: the tagged PDF had a table
    with nothing to say what its cells mean, which PDF/UA checkers refuse, and a screen reader
    named no row. A table of one column (a list set as a table) has each cell head its row, and one
    whose first column is nearly all blank (a ditto under a label: a quarter of its rows labelled
    at most) each row's first cell with words. Set as before: not bold, flush left (print.css,
    epub.css, screen.css)."""
    for block in blocks:
        if isinstance(block, lxml_html.HtmlElement):
            for table in block.iter("table"):
                rows = own_rows(table)
                cells = [[c for c in row if c.tag in ("td", "th")] for row in rows]
                if not rows or any(c.tag == "th" for row in cells for c in row) or table.get("role") == "presentation":
                    continue  # headers given, or a table of pictures (table_layout.py)
                # A first column nearly all blank is a ditto (Chiriqui's list of illustrations: "Fig."
                # once over 277 figures' numbers), or empty (Typst's `| | -- document body here -- |`):
                # a row's first cell that says something heads it.
                labels = sum(1 for row in cells if row and not _blank(row[0]))
                ditto = labels == 0 or len(cells) >= DITTO_ROWS and labels * 4 <= len(cells)
                for row in cells:
                    label = next((c for c in row if not _blank(c)), None) if ditto else (row or [None])[0]
                    if label is not None and label.text_content().strip() and not label.get("colspan") \
                            and _may_head(label):
                        label.tag = "th"
                        label.set("scope", "row")


def _blank(cell) -> bool:
    """A cell with no text and no picture."""
    return not cell.text_content().strip() and not any(True for _ in cell.iter("img", "svg", "math"))


DITTO_ROWS = 4  # a ditto runs down this many rows at least (a total's blank label is none)


# What a header cell may not hold (HTML: no heading, sectioning, header or footer inside a <th>).
_NOT_IN_HEADER = ("h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "header", "footer", "section", "article", "aside",
                  "nav")


def _may_head(cell) -> bool:
    """A cell that can be made a header cell: one holding a heading (pandoc's test of a grid table
    whose cells open with `# col 1`) stays a data cell, as a <th> may hold none."""
    return not any(True for _ in cell.iter(*_NOT_IN_HEADER))


def own_rows(table) -> list:
    """The table's rows, not those of a table in one of its cells."""
    return [row for row in table.iter("tr") if _table_of(row) is table]


def _table_of(row):
    node = row.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node
