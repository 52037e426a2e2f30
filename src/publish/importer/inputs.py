"""A book in several files: each file the main one includes put in its place before pandoc reads it.

A LaTeX book is most often a main file that inputs its chapters (`\\include{ch01}`), an AsciiDoc
one a file of `include::ch01.adoc[]` lines, a Typst one a file of `#include "ch01.typ"`. Pandoc
would read them itself, but the import runs it sandboxed, reading no file but the one given; so
the import puts the chapters in first, from the main file's folder and the folders under it only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.importer.encoding import decode


@dataclass(frozen=True)
class _Syntax:
    include: re.Pattern  # its group 1 names the file
    comment: re.Pattern  # where a line's comment starts
    from_main: bool  # TeX finds every input from the main file's folder; the others from the includer's
    extension: str  # added to a name without one


SYNTAX = {
    "latex": _Syntax(re.compile(r"\\(?:input|include)\s*\{([^{}]+)\}"), re.compile(r"(?<!\\)%.*"), True, ".tex"),
    "asciidoc": _Syntax(re.compile(r"^include::([^\[\s]+)\[[^\]]*\][ \t]*$", re.M), re.compile(r"^//.*"), False, ""),
    "typst": _Syntax(re.compile(r"#include\s+\"([^\"]+)\""), re.compile(r"(?<!:)//.*"), False, ""),
}
MAX_DEPTH = 8


def with_inputs(text: str, kind: str, source: Path, encoding: str | None = None) -> tuple[str, int]:
    """The text with its included files' texts in their places; how many files were put in."""
    syntax, root, count = SYNTAX[kind], source.parent.resolve(), [0]

    def expand(text: str, path: Path, depth: int) -> str:
        def replace(match: re.Match) -> str:
            name = match[1].strip()
            wanted = ((root if syntax.from_main else path.parent) / name).resolve()
            if syntax.extension and wanted.suffix != syntax.extension and not wanted.is_file():
                wanted = wanted.with_name(wanted.name + syntax.extension)
            if not wanted.is_relative_to(root):
                raise PublishError(f"includes {name}, outside the book's folder", file=path,
                                   hint="copy that file into the folder of the main file (or under it)")
            if not wanted.is_file():
                raise PublishError(f"includes {name}, which is not there", file=path,
                                   hint="put the file beside the main file, or take its include out")
            if depth >= MAX_DEPTH:
                raise PublishError(f"includes {name} at a depth of {depth}: files that include each other?",
                                   file=path, hint="take out the include that leads back")
            count[0] += 1
            inner = decode(wanted.read_bytes(), wanted, encoding=encoding).text
            return expand(inner, wanted, depth + 1) + "\n"

        # A commented-out include stays out; each line's comment is left for pandoc as it is.
        out = []
        for line in text.splitlines(keepends=True):
            comment = syntax.comment.search(line)
            code, rest = (line[:comment.start()], line[comment.start():]) if comment else (line, "")
            out.append(syntax.include.sub(replace, code) + rest)
        return "".join(out)

    return expand(text, source.resolve(), 0), count[0]
