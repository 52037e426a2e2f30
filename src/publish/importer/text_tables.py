"""Tables in a plain text → pandoc pipe tables.

A history's tables come in two shapes: a grid drawn with `+`, `-` and `|` (as pandoc's own
grid tables are), or columns aligned with spaces, with figures in them ("1850   1,200,000
3,400"). Both were read as verse in a quotation, their columns lost in the proportional type of
every edition. A line over the table that names it ("TABLE I.--EXPORTS, 1850-1870.") is its
caption. The first row is the header when its cells have no figures and the others' do; a
column of figures is set flush right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_ROWS = 3  # lines of aligned columns, at least: two are a pair of lines, not a table
_BORDER = re.compile(r"^\+(?:[-=:]+\+)+$")
_GAP = re.compile(r" {2,}|\t")
_FIGURES = re.compile(r"^[-–—+±(]?[£$€]?\s*[\d.,]*\d[\d.,]*\s*(?:%|[£$€]|\))?\.?$|^(?:\.\s?){2,}$|^[-–—]$|^do\.$")
_CAPTION = re.compile(r"^(?:TABLE|Table)\b")
CAPTION_MAX = 160


@dataclass(frozen=True)
class TextTable:
    rows: tuple[tuple[str, ...], ...]
    header: bool  # the first row is the header
    figures: tuple[bool, ...]  # each column: figures, set flush right


def read_table(raw: tuple[str, ...]) -> TextTable | None:
    """The table a paragraph's lines draw, else None."""
    lines = [line.rstrip() for line in raw if line.strip()]
    if len(lines) < MIN_ROWS:
        return None
    margin = min(len(line) - len(line.lstrip()) for line in lines)
    lines = [line[margin:] for line in lines]
    grid = _grid_rows(lines)
    if grid is not None:
        rows, header = grid
    else:
        rows = [tuple(_GAP.split(line.strip())) for line in lines]
        header = False
        if any(len(row) != len(rows[0]) for row in rows) or len(rows[0]) < 2:
            return None
    data = rows[1:] if len(rows) > 1 else rows
    figures = tuple(all(_FIGURES.match(row[c]) for row in data if row[c]) and any(row[c] for row in data)
                    for c in range(len(rows[0])))
    if grid is None and not any(figures):
        return None  # spaced-out columns of words: verse, a title page, not a table to be sure of
    header = header or not any(_FIGURES.match(cell) for cell in rows[0] if cell) and any(figures)
    return TextTable(tuple(rows), header, figures)


def _grid_rows(lines: list[str]) -> tuple[list[tuple[str, ...]], bool] | None:
    """A grid's rows and whether a `+===+` rule ends its header; None when the lines are no
    grid. A line is a row, or goes on the row above when its first cell is empty (a cell's
    words wrapped onto the next line); a rule ends a row too."""
    if not (_BORDER.match(lines[0]) and _BORDER.match(lines[-1])):
        return None
    columns = lines[0].count("+") - 1
    rows: list[list[list[str]]] = []
    ruled = True  # a rule above: the next line starts a row
    header = False
    for line in lines[1:]:
        if _BORDER.match(line):
            header = header or ("=" in line and len(rows) == 1)
            ruled = True
            continue
        if not (line.startswith("|") and line.endswith("|")):
            return None
        cells = [cell.strip() for cell in line[1:-1].split("|")]
        if len(cells) != columns:
            return None
        if ruled or cells[0]:
            rows.append([[] for _ in range(columns)])
        for parts, cell in zip(rows[-1], cells, strict=True):
            if cell:
                parts.append(cell)
        ruled = False
    joined = [tuple(" ".join(" ".join(parts).split()) for parts in row) for row in rows]
    return (joined, header) if len(joined) >= 2 else None


def is_caption(text: str) -> bool:
    """A line that names the table under it: "TABLE I.--EXPORTS, 1850-1870."."""
    return bool(_CAPTION.match(text)) and len(text) <= CAPTION_MAX and "\n" not in text


def pipe_markdown(table: TextTable, cells: list[list[str]]) -> str:
    """A pandoc pipe table of `cells` (the table's cells as Markdown: inlines, so a cell's
    spaces never read as code), a column of figures set flush right; a header of empty cells
    when the table has none (pandoc leaves it out). Its columns take the widths they need."""
    def row(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    rule = "|" + "|".join("---:" if right else "---" for right in table.figures) + "|"
    head, body = (cells[0], cells[1:]) if table.header else ([""] * len(cells[0]), cells)
    return "\n".join([row(head), rule, *(row(values) for values in body)])
