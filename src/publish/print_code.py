"""Code blocks for print: set to fit the measure where a little smaller type does it, and each
line that still wraps turned over under itself, indented, so that no turnover reads as a line.

print.css sets code at 7.5 pt and wraps a line longer than the measure where it must (it never
runs off the page). A turnover started at the left edge, like a new line of code: Vim's help
tags ("Invalid or" / "unset key…", "*:Fnl*" alone), a shell command's options read as commands.
A block whose longest line fits at 7 or 6.5 pt is set so (classes `code-7`, `code-6-5`); every
line is a span of its own (`.code-line`, code_lines.py) whose turnovers stand two letters in
from its own indent, as listings in technical books are set.
"""

from __future__ import annotations

from publish.code_lines import lines_hung

CODE_PT = 7.5  # print.css's `pre`
SMALLER = ((7.0, "code-7"), (6.5, "code-6-5"))  # the sizes a wide block may be set at, largest first
ADVANCE_EM = 0.6  # Book Mono (JetBrains Mono): every glyph is 600/1000 em wide
# How far print.css sets a block in, in points: a definition's 40px, a list item's 40px, a
# quotation's 1.5em at 9.5pt on each side.
_SET_IN = {"dd": 30.0, "li": 30.0, "blockquote": 28.5}


def code_fitted(root, measure_pt: float) -> None:
    """Every `pre` under `root` fitted to `measure_pt` (the text block's width), its lines hung."""
    for pre in root.iter("pre"):
        lines = pre.text_content().expandtabs(8).split("\n")
        longest = max(len(line.rstrip()) for line in lines)
        ancestors = [a.tag for a in pre.iterancestors()]
        if measure_pt and longest and not {"td", "th"} & set(ancestors):  # a cell's width is not known here
            width = measure_pt - sum(_SET_IN.get(tag, 0.0) for tag in ancestors)
            size = _size(width, [len(line.rstrip()) for line in lines])
            if size:
                pre.set("class", " ".join(filter(None, [pre.get("class"), size])))
        lines_hung(pre, ADVANCE_EM, "em")


def _size(width: float, lengths: list[int]) -> str:
    """The class of the largest size at which every line fits `width`; else of the size at which
    fewest turn over, if smaller type saves any ("" for print.css's own)."""
    turning = [sum(n * pt * ADVANCE_EM > width for n in lengths) for pt, _ in ((CODE_PT, ""), *SMALLER)]
    if turning[0] == 0:
        return ""
    if 0 in turning:
        return SMALLER[turning.index(0) - 1][1]
    fewest = min(turning)
    return "" if turning[0] == fewest else SMALLER[turning.index(fewest) - 1][1]
