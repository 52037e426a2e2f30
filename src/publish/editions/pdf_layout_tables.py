"""A table only setting pictures side by side (`role="presentation"`, table_layout.py) tagged
as the groups it is, not as a table.

WeasyPrint tags every <table> /Table, its rows /TR and cells /TD: a table of plates had data
cells and no header cell on each page (pdfua UA-15-003), and a screen reader read its pictures as
a grid of data. PDF/UA asks that a table used for layout be tagged without table structure: its
table, row groups, rows and cells are /Div, without the table attributes of a cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_TABLE_PARTS = {"/Table", "/TBody", "/THead", "/TFoot", "/TR", "/TD", "/TH"}
_PART_TAGS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")


@contextmanager
def layout_tables_untagged() -> Iterator[None]:
    """While open, WeasyPrint tags the parts of a layout table /Div."""
    from weasyprint.pdf import tags

    build_box_tree = tags._build_box_tree
    tables: list[bool] = []  # the tables the box is in, innermost last: whether each is of layout
    cells: list = []  # a layout table's cells, their table attributes taken once it is tagged

    def untagged(box, *args):
        tag = None if box.element is None else box.element_tag
        if tag == "table":
            tables.append(box.element.get("role") == "presentation")
        layout = bool(tables) and tables[-1] and tag in _PART_TAGS
        try:
            for element in build_box_tree(box, *args):
                if layout and element.get("S") in _TABLE_PARTS:
                    if element["S"] in ("/TD", "/TH"):
                        cells.append(element)
                    elif element["S"] == "/Table":  # its cells' headers are mapped: drop them
                        for cell in cells:
                            cell.pop("A", None)
                            cell.pop("ID", None)
                        cells.clear()
                    element["S"] = "/Div"
                yield element
        finally:
            if tag == "table":
                tables.pop()

    tags._build_box_tree = untagged
    try:
        yield
    finally:
        tags._build_box_tree = build_box_tree

