"""A table's first row of words over columns of figures made its head.

A table whose source marked no head (a Gutenberg page's first row of <td>: the Infantry Drill
Regulations' "Thrusts and lunges." | "Cuts." | "Butt of rifle." over its scores, Chiriqui's
"Page." over the pages of its 277 figures; a grid table without its `+===+` line) had that row
set as a row of data: not repeated on the pages a long table runs over, its words flush left over
figures set right, a screen reader naming no column. When the first row's cells are words (no
figure, no picture) and one of them stands over a column of figures, the row is the table's head,
`<thead>` of header cells, in every edition.
"""

from __future__ import annotations

from lxml import html as lxml_html

from publish.table_figures import FIGURE, NOTHING, cells_by_column, figures_only
from publish.table_headers import own_rows

MIN_ROWS = 3  # a head and two rows: a pair of rows is no column


def words_over_figures_as_head(blocks: list) -> None:
    """Make the first row of each such table among `blocks` (lxml elements) its head."""
    for block in blocks:
        if isinstance(block, lxml_html.HtmlElement):
            for table in list(block.iter("table")):
                rows = own_rows(table)
                if len(rows) >= MIN_ROWS and _heads_figures(table, rows):
                    _into_head(table, rows[0])


def _heads_figures(table, rows: list) -> bool:
    first = rows[0]
    if table.find("thead") is not None or any(cell.tag == "th" for row in rows for cell in row):
        return False  # the table says which are its headers
    cells = [cell for cell in first if cell.tag in ("td", "th")]
    if (first.getparent().tag != "tbody" or any(c.get("rowspan") not in (None, "1") for c in cells)
            or any(True for c in cells for _ in c.iter("img", "svg", "math", "table"))
            or not any(_says(c) for c in cells) or any(_says(c) and FIGURE.fullmatch(_text(c)) for c in cells)):
        return False
    places = cells_by_column(rows)
    return any(_says(cell) and figures_only([below[n] for below in places[1:] if n in below])
               for n, cell in places[0].items())


def _text(cell) -> str:
    return " ".join(cell.text_content().split())


def _says(cell) -> bool:
    return not NOTHING.fullmatch(_text(cell))


def _into_head(table, row) -> None:
    body = row.getparent()
    head = lxml_html.Element("thead")
    body.addprevious(head)
    head.append(row)
    for cell in row:
        if cell.tag == "td" and cell.text_content().strip():
            cell.tag = "th"
