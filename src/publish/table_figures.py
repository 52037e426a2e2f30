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
    places = cells_by_column(rows)
    body = [cells for row, cells in zip(rows, places, strict=True) if row.getparent().tag != "thead"]
    # A first row of words over the figures is their units (Keynes's "Million Dollars" | "Per cent"
    # under "Destination of Germany's Exports"): set right with them, not counted among them.
    units = 1 if body and not any(FIGURE.fullmatch(" ".join(_text(c).split())) for c in body[0].values()) else 0
    for n in sorted({n for cells in body for n in cells}):
        column = [cells[n] for cells in body if n in cells]
        if any("text-align" in (cell.get("style") or "") for cell in column):
            continue
        if figures_only([cells[n] for cells in body[units:] if n in cells]):
            for cells in places:
                if n in cells and "text-align" not in (cells[n].get("style") or ""):
                    cells[n].set("style", "text-align: right;" + (cells[n].get("style") or ""))


def figures_only(column: list) -> bool:
    """Cells all figures (or empty, a dash, a ditto), one at least."""
    texts = [" ".join(_text(cell).split()) for cell in column]
    figures = [t for t in texts if not NOTHING.fullmatch(t)]
    return bool(figures) and all(FIGURE.fullmatch(t) for t in figures)


def cells_by_column(rows: list) -> list[dict[int, object]]:
    """Each row's cells by the column they stand in (after the cells spanning rows above and
    columns before them), a cell spanning several columns in none: one spanning the table (IDR's
    "Stepping out of bounds, 4 points." under its scores) had every column of figures left flush left."""
    covered: set[tuple[int, int]] = set()
    places = []
    for r, row in enumerate(rows):
        cells, column = {}, 0
        for cell in _cells(row):
            while (r, column) in covered:
                column += 1
            across, down = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            covered.update((r + i, column + j) for i in range(down) for j in range(across))
            if across == 1:
                cells[column] = cell
            column += across
        places.append(cells)
    return places


def _span(value) -> int:
    try:
        return min(max(int(value or 1), 1), 1000)
    except ValueError:
        return 1


def _cells(row) -> list:
    return [cell for cell in row if cell.tag in ("td", "th")]


def _text(cell) -> str:
    """The cell's text without its footnote calls (`$2,500,000,000` with note 98 is a figure)."""
    parts = [cell.text or ""]
    for child in cell:
        # A comment has no text (Standard Ebooks' Moby-Dick notes an issue's address in a cell).
        if isinstance(child.tag, str) and "footnote-ref" not in (child.get("class") or ""):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)
