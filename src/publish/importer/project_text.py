"""What the readers of a book project's chapters share: the state carried from one file into the
next, and changes made to the text outside its fenced code."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass
class State:
    """What runs on from one file into the next: Leanpub's `{backmatter}`, bookdown's `(APPENDIX)`."""

    matter: str = ""
    counts: Counter = field(default_factory=Counter)  # what was done, for the report
    set_aside: list[str] = field(default_factory=list)  # code the book did not show, with its place
    warnings: list[str] = field(default_factory=list)
    markup: Counter = field(default_factory=Counter)  # source words that were the tool's markup


def outside_fences(text: str, change) -> str:
    """The text with `change` made to each run of lines outside fenced code."""
    lines, out, run, fence = text.split("\n"), [], [], ""
    for line in lines:
        match = FENCE.match(line)
        if fence or match:
            if run:
                out.append(change("\n".join(run)))
                run = []
            out.append(line)
            fence = "" if fence and line.strip().startswith(fence) else fence or match[1]
        else:
            run.append(line)
    if run:
        out.append(change("\n".join(run)))
    return "\n".join(out)
