"""Columns of figures set flush right when the table gives them no alignment.

A pipe table's `|---|` (and a grid table's, and every table an EPUB or a Word file brings in,
whose alignment was in a stylesheet) leaves each column to the default, which is flush left:
the monthly means of a weather table ("2.2", "−3.8", "−13.6") and Keynes's tons ("6,500,000",
"139,000,000") stood with their units out of line, as no table of figures is printed. A column
whose cells are all figures (signs, currency, separators, a per cent or degree sign, and an
empty or dashed cell among them) is set flush right, its header with it, in every edition; an
alignment the table gives is kept.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from publish.table_headers import own_rows

FIGURE = re.compile(r"[(\[]?[−\-+±~≈<>]?\s?[$£€¥]?\s?\d[\d,.\u00a0\u2009\u202f ]*(?:[%‰°′″)\]]|[½¼¾⅓⅔])*")
NOTHING = re.compile(r"[\s\u00a0—–\-.…”\"]*")  # an empty cell, a dash, dots or a ditto mark


def figures_flush_right(blocks: list) -> None:
    """Give the columns of figures of the tables among `blocks` (lxml elements) right alignment."""
    for block in blocks:
        if isinstance(block, lxml_html.HtmlElement):
            for table in block.iter("table"):
                _align(table)


def _align(table) -> None:
    rows = own_rows(table)
    if any(cell.get("colspan") or cell.get("rowspan") for row in rows for cell in _cells(row)):
        return  # the columns are not the cells' places
    body = [_cells(row) for row in rows if row.getparent().tag != "thead"]
    columns = max((len(cells) for cells in body), default=0)
    for n in range(columns):
        column = [cells[n] for cells in body if n < len(cells)]
        texts = [" ".join(_text(cell).split()) for cell in column]
        if any("text-align" in (cell.get("style") or "") for cell in column):
            continue
        figures = [t for t in texts if not NOTHING.fullmatch(t)]
        if figures and all(FIGURE.fullmatch(t) for t in figures):
            for row in rows:
                cells = _cells(row)
                if n < len(cells) and "text-align" not in (cells[n].get("style") or ""):
                    cells[n].set("style", "text-align: right;" + (cells[n].get("style") or ""))


def _cells(row) -> list:
    return [cell for cell in row if cell.tag in ("td", "th")]


def _text(cell) -> str:
    """The cell's text without its footnote calls (`$2,500,000,000` with note 98 is a figure)."""
    parts = [cell.text or ""]
    for child in cell:
        if "footnote-ref" not in (child.get("class") or ""):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)
