"""Columns of figures in a document's tables given right alignment before they are written.

An EPUB, a Word file or a web page aligns a table's figures in its stylesheet, which pandoc's
readers leave behind: the columns come in with no alignment of their own. Written as Markdown,
a table without a header row is a simple table, whose columns' alignment is read from where
their cells stand: flush left, so the manuscript said "left", and the build's own setting of
figures flush right (table_figures) kept it: Keynes's "$1,320,000,000" over "85,000,000" stood
out of line in every edition. Such a column is given "right" here, as the build would give it.
"""

from __future__ import annotations

from publish.table_figures import FIGURE, NOTHING


def figure_columns_right(node: object) -> int:
    """Set every column of figures without an alignment of its own, in the tables of the
    pandoc JSON `node`, flush right; how many columns."""
    count = 0
    if isinstance(node, list):
        return sum(figure_columns_right(n) for n in node)
    if not isinstance(node, dict):
        return 0
    if node.get("t") == "Table":
        count += _align(node["c"])
    return count + figure_columns_right(node.get("c"))


def _align(table: list) -> int:
    _, _, colspecs, head, bodies, _ = table
    rows = [row for body in bodies for row in (*body[2], *body[3])]
    if any(cell[2] != 1 or cell[3] != 1 for row in [*head[1], *rows] for cell in row[1]):
        return 0  # cells spanning columns: a cell's place is not its column
    count = 0
    for n, (alignment, _) in enumerate(colspecs):
        if alignment["t"] != "AlignDefault":
            continue
        texts = [" ".join(_text(row[1][n][4]).split()) for row in rows if n < len(row[1])]
        figures = [t for t in texts if not NOTHING.fullmatch(t)]
        if figures and all(FIGURE.fullmatch(t) for t in figures):
            alignment["t"] = "AlignRight"
            count += 1
    return count


def _text(node: object) -> str:
    """A cell's text without its notes (`$2,500,000,000` with note 98 is a figure)."""
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    if not isinstance(node, dict) or node.get("t") == "Note":
        return ""
    if node.get("t") == "Str":
        return node["c"]
    if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
        return " "
    return _text(node.get("c"))
