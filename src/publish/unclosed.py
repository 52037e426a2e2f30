"""Fences left open in the Markdown: a code block (```) or a div (:::) whose closing line is
missing runs to the end of its file, where pandoc closes it, taking every paragraph and
chapter after it with it. Each is said, with the line that opened it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

log = logging.getLogger("publish")

_CODE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_DIV_OPEN = re.compile(r"^ {0,3}(:{3,})\s*\S")  # an opening fence has a class or attributes
_DIV_CLOSE = re.compile(r"^ {0,3}(:{3,})\s*$")


def warn_unclosed_fences(files: list[Path], texts: list[str]) -> None:
    for path, text in zip(files, texts, strict=True):
        code, divs = None, []  # (line, fence) of the open code block; of each open div
        for number, line in enumerate(text.split("\n"), 1):
            fence = _CODE.match(line)
            if code is not None:
                closes = fence and fence[1][0] == code[1][0] and len(fence[1]) >= len(code[1])
                if closes and not line[fence.end():].strip():
                    code = None
            elif fence:
                code = (number, fence[1])
            elif _DIV_CLOSE.match(line) and divs:
                divs.pop()
            elif _DIV_OPEN.match(line):
                divs.append((number, line.strip()))
        if code is not None:
            log.warning("%s:%d: the code block opened here (%s) is never closed: the rest of the file is set as code; "
                        "add a line %s where it ends", path, code[0], code[1], code[1])
        for number, opened in divs:
            log.warning("%s:%d: the div opened here (%s) is never closed: it runs to the end of the file; "
                        "add a line ::: where it ends", path, number, opened[:40])
