"""Tables in a plain text → pandoc pipe tables.

A history's tables come in three shapes: a grid drawn with `+`, `-` and `|` (as pandoc's own
grid tables are), rules of dashes over and under rows whose cells are parted by bars, or
columns aligned with spaces, with figures in them ("1850   1,200,000   3,400"). All were read
as verse in a quotation, their columns lost in the proportional type of
every edition. A line over the table that names it ("TABLE I.--EXPORTS, 1850-1870.") is its
caption. The first row is the header when its cells have no figures and the others' do; a
column of figures is set flush right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_ROWS = 3  # lines of aligned columns, at least: two are a pair of lines, not a table
_RULE = re.compile(r"^(?=.*[-=]{3})[-=:+]+$")  # a grid's rule: +----+----+, or -----+----- without outer bars
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
    """A grid's rows and whether it has a header; None when the lines are no grid. A grid is
    ruled above and below (`+----+----+`, or `-----+-----` or `----------` without the outer
    bars), its columns parted by bars. The lines over a rule inside it are its header, one row;
    under it, a line is a row, or goes on the row above when its first cell is empty (a cell's
    words wrapped onto the next line: the Infantry Drill Regulations' signals); a rule ends a
    row too."""
    if not (_RULE.match(lines[0]) and _RULE.match(lines[-1]) and "|" in "".join(lines)):
        return None
    outer = lines[0].startswith("+")
    body = next(line for line in lines if "|" in line)
    columns = lines[0].count("+") - 1 if outer else body.count("|") + 1
    groups: list[list[list[str]]] = [[]]  # the lines between rules, each split into cells
    for line in lines[1:-1]:
        if _RULE.match(line):
            groups.append([])
            continue
        inner = line[1:-1] if outer and line.startswith("|") and line.endswith("|") else line
        cells = [cell.strip() for cell in inner.split("|")]
        if len(cells) != columns or outer and inner is line:
            return None
        groups[-1].append(cells)
    groups = [group for group in groups if group]
    header = len(groups) > 1
    rows: list[list[list[str]]] = []
    for n, group in enumerate(groups):
        for cells in group:
            if not rows or cells[0] and not (header and n == 0) or cells is group[0]:
                rows.append([[] for _ in range(columns)])
            for parts, cell in zip(rows[-1], cells, strict=True):
                if cell:
                    parts.append(cell)
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
