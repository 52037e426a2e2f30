"""The header cells of the tagged PDF's tables given their /Scope.

WeasyPrint tags a table's header cells /TH and ties each data cell to its headers by /Headers,
but writes no /Scope: PDF/UA checkers read the tie from the header cells, and warned of every
table, on every page it runs over (99 times for the speeches of The Importance of Being
Earnest). A header cell in a row of data cells heads that row (a play's speaker, `<th
scope="row">`), and so does the one cell of a row in a table of one column; one in a row of
headers, or in the table's head, heads its column.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name


def scope_table_headers(pdf: pikepdf.Pdf) -> int:
    """Give every /TH of the structure tree its /Scope; how many had none."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    scoped = 0
    stack: list[tuple[object, bool]] = [(root, False)]
    seen: set[tuple[int, int]] = set()
    while stack:
        element, in_head = stack.pop()
        if not isinstance(element, Dictionary):
            continue
        if element.is_indirect:
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        kids = [kid for kid in _kids(element.get("/K")) if isinstance(kid, Dictionary)]
        if element.get("/S") == Name.TR:
            cells = [kid for kid in kids if kid.get("/S") in (Name.TH, Name.TD)]
            # A row of the table's head heads columns, also beside an empty corner (a data cell).
            # A row of one cell out of the head (a table of one column) heads itself: its row.
            data = not in_head and (any(cell.get("/S") == Name.TD for cell in cells) or len(cells) == 1)
            scope = Name.Row if data else Name.Column
            scoped += sum(_scope(cell, scope) for cell in cells if cell.get("/S") == Name.TH)
        in_head = in_head or element.get("/S") == Name.THead
        stack.extend((kid, in_head) for kid in kids)
    return scoped


def _scope(cell: Dictionary, scope: Name) -> bool:
    attributes = cell.get("/A")
    if attributes is None:
        cell.A = Dictionary(O=Name.Table, Scope=scope)
        return True
    for owned in _kids(attributes):
        if isinstance(owned, Dictionary) and owned.get("/O") == Name.Table:
            if "/Scope" in owned:
                return False
            owned.Scope = scope
            return True
    cell.A = Array([*_kids(attributes), Dictionary(O=Name.Table, Scope=scope)])
    return True


def _kids(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]
