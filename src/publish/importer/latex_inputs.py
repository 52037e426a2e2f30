"""A LaTeX book in several files: each `\\input{…}` and `\\include{…}` replaced by its file's text.

A book in LaTeX is most often a main file that inputs its chapters (`\\include{ch01}`). Pandoc
would read them itself, but the import runs it sandboxed, reading no file but the one given; so
the import puts the chapters in first, from the main file's folder and the folders under it only.
"""

from __future__ import annotations

import re
from pathlib import Path

from publish.errors import PublishError
from publish.importer.encoding import decode

_INPUT = re.compile(r"\\(?:input|include)\s*\{([^{}]+)\}")
_COMMENT = re.compile(r"(?<!\\)%.*")
MAX_DEPTH = 8


def with_inputs(text: str, source: Path, encoding: str | None = None) -> tuple[str, int]:
    """The text with its inputs' texts in their places; how many files were put in."""
    count = [0]
    root = source.parent.resolve()

    def expand(text: str, path: Path, depth: int) -> str:
        def replace(match: re.Match) -> str:
            name = match[1].strip()
            wanted = (root / name).resolve()  # as TeX runs: from the main file's folder, whoever inputs it
            if wanted.suffix != ".tex" and not wanted.is_file():
                wanted = wanted.with_name(wanted.name + ".tex")
            if not wanted.is_relative_to(root):
                raise PublishError(f"inputs {name}, outside the book's folder", file=path,
                                   hint="copy that file into the folder of the main file (or under it)")
            if not wanted.is_file():
                raise PublishError(f"inputs {name}, which is not there", file=path,
                                   hint="put the file beside the main file, or take the \\input out")
            if depth >= MAX_DEPTH:
                raise PublishError(f"inputs {name} at a depth of {depth}: files that input each other?",
                                   file=path, hint="take out the \\input that leads back")
            count[0] += 1
            inner = decode(wanted.read_bytes(), wanted, encoding=encoding).text
            return expand(inner, wanted, depth + 1) + "\n"

        # A commented-out \input stays out; every line's comment is left for pandoc as it is.
        return "".join(_INPUT.sub(replace, code) + comment for code, comment in _split_comments(text))

    return expand(text, source.resolve(), 0), count[0]


def _split_comments(text: str) -> list[tuple[str, str]]:
    parts = []
    for line in text.splitlines(keepends=True):
        comment = _COMMENT.search(line)
        parts.append((line[:comment.start()], line[comment.start():]) if comment else (line, ""))
    return parts
