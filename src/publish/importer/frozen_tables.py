"""The tables a Quarto book's code printed when it last ran, kept in `_freeze/`.

Quarto keeps each chapter's rendered Markdown in `_freeze/<chapter>/execute-results/html.json`
(`result.markdown`): every code cell a `::: {.cell}` div holding its code (```` ```{.r .cell-code} ````)
and its outputs, a table (knitr::kable's, a data frame's, gt's) in a `::: {.cell-output-display}`
div, as a Markdown table or raw HTML. The import put in the figures Quarto froze but left these
out: a chapter showed the code and not the table it makes. A cell is found by its label
(`#| label: tbl-cars`, `::: {#tbl-cars .cell}`) or else by its code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_DIV = re.compile(r"^ {0,3}(:{3,})\s*(.*?)\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass
class Cell:
    label: str = ""
    code: list[str] = field(default_factory=list)
    tables: list[list[str]] = field(default_factory=list)  # each a table's Markdown lines


def frozen_tables(chapter: Path, base: Path) -> list[Cell]:
    """The cells of the chapter's frozen run, in their order (a chunk left out, `include: false`,
    has none)."""
    results = base / "_freeze" / chapter.relative_to(base).with_suffix("") / "execute-results"
    found = sorted(results.glob("*.json"), key=lambda p: (p.name != "html.json", p.name)) if results.is_dir() else []
    for path in found:
        try:
            markdown = json.loads(path.read_text(encoding="utf-8"))["result"]["markdown"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(markdown, str):
            return _cells(markdown.split("\n"))
    return []


def _cells(lines: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    stack: list[str] = []  # the open divs' kinds: "cell", "display", ""
    output: list[str] | None = None
    fence = ""
    code: list[str] | None = None
    for line in lines:
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence, code = "", None
            elif code is not None:
                code.append(line)
            if output is not None:
                output.append(line)
            continue
        if match := _FENCE.match(line):
            fence = match[1]
            if stack and stack[-1] == "cell" and ".cell-code" in line and cells:
                code = cells[-1].code
            if output is not None:
                output.append(line)
            continue
        div = _DIV.match(line)
        if div and div[2]:  # an opening
            kind = "cell" if re.search(r"\.cell\b(?!-)", div[2]) else \
                "display" if ".cell-output-display" in div[2] else ""
            if kind == "cell":
                label = re.search(r"#([\w:.-]+)", div[2])
                cells.append(Cell(label[1] if label else ""))
            elif kind == "display" and cells:
                output = []
            stack.append(kind)
            continue
        if div:  # a closing
            if stack and stack.pop() == "display" and output is not None:
                if _is_table(output):
                    cells[-1].tables.append(_trimmed(output))
                output = None
            continue
        if output is not None:
            output.append(line)
    return cells


def _is_table(lines: list[str]) -> bool:
    text = "\n".join(lines)
    return bool(re.search(r"<table\b", text, re.I)) or any(
        _TABLE_RULE.match(line) and "-" in line and n and "|" in lines[n - 1] for n, line in enumerate(lines))


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def cell_of(cells: list[Cell], label: str, code: list[str], position: int) -> Cell | None:
    """The chunk's cell: by its label, else by its code (as Quarto wrote it, options left out),
    else, for a chunk whose code is not shown, the cell at its place (the `position`th chunk run)."""
    if label:
        found = next((cell for cell in cells if cell.label == label), None)
        if found:
            return found
    written = _lines(code)
    found = next((cell for cell in cells if written and _lines(cell.code) == written), None)
    if found is None and position < len(cells) and not cells[position].code and not cells[position].label:
        return cells[position]
    return found


def _lines(code: list[str]) -> list[str]:
    return [line.rstrip() for line in code if line.strip()]


def table_lines(cell: Cell, options: dict, indent: str) -> list[str]:
    """The cell's tables as Markdown, the first captioned (`tbl-cap`) and given the label as its id
    when that is a table's (`tbl-…`), as the book numbers it."""
    out: list[str] = []
    label = options.get("label", "")
    caption = " ".join(str(options.get("tbl-cap") or options.get("tbl.cap") or "").split())
    for n, table in enumerate(cell.tables):
        out += [indent + line if line else "" for line in table] + [""]
        raw = any(line.lstrip().startswith("```") for line in table)
        if n == 0 and caption and not raw:
            ident = f" {{#{label}}}" if label.startswith("tbl-") else ""
            out += [f"{indent}: {caption}{ident}", ""]
    return out
