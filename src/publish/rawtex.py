"""Raw LaTeX in a Markdown manuscript, or raw markup of another format but HTML (`{=mediawiki}`,
`{=openxml}`): no edition can show it, so say where it was dropped."""

from __future__ import annotations

import logging
import re
from pathlib import Path

log = logging.getLogger("publish")

# pandoc --verbose: [INFO] Not rendering RawInline (Format "tex") "\\textbf{x}"
_DROPPED = re.compile(r'Not rendering Raw(Block|Inline) \(Format "([^"]+)"\) "((?:[^"\\]|\\.)*)"')
_NAMES = {"latex": "LaTeX", "tex": "LaTeX", "context": "ConTeXt", "openxml": "Word (OpenXML)", "rtf": "RTF",
          "mediawiki": "MediaWiki", "opendocument": "OpenDocument"}
_ESCAPE = re.compile(r'\\(\d+|[\\"nt&])')
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def dropped_raw_latex(pandoc_log: str, files: list[Path], texts: list[str]) -> list[tuple[Path, int, str]]:
    """(file, line, snippet) for each piece of raw LaTeX that pandoc left out of HTML."""
    return [(path, line, snippet) for path, line, name, snippet in dropped_raw(pandoc_log, files, texts)
            if name == "LaTeX"]


def dropped_raw(pandoc_log: str, files: list[Path], texts: list[str]) -> list[tuple[Path, int, str, str]]:
    """(file, line, format's name, snippet) for each piece of raw markup pandoc left out of HTML."""
    found = []
    seen: set[tuple[Path, int, str]] = set()
    for match in _DROPPED.finditer(pandoc_log):
        snippet = _unescape(match.group(3)).strip()
        where = _locate(snippet, files, texts, seen)
        found.append((*where, _NAMES.get(match.group(2).lower(), match.group(2)), snippet))
        seen.add((*where, snippet))
    return found


def warn_dropped_raw_latex(pandoc_log: str, files: list[Path], texts: list[str]) -> None:
    for path, line, name, snippet in dropped_raw(pandoc_log, files, texts):
        short = snippet if len(snippet) <= 60 else snippet[:57] + "..."
        log.warning("%s:%d: raw %s %s left out: the editions are made from HTML", path, line, name, short)


def _unescape(text: str) -> str:
    """Undo Haskell's `show` escaping, which pandoc uses in its log."""
    def repl(m: re.Match) -> str:
        code = m.group(1)
        return chr(int(code)) if code.isdigit() else {"n": "\n", "t": "\t", "&": ""}.get(code, code)

    return _ESCAPE.sub(repl, text)


def _without_comments(text: str) -> str:
    """The text with its HTML comments blanked, line for line: a comment that names a command
    ("the \\mainmatter below") is not where the command is."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def _locate(snippet: str, files: list[Path], texts: list[str], seen: set) -> tuple[Path, int]:
    first = snippet.split("\n", 1)[0].strip()
    fallback = None
    for path, text in zip(files, texts, strict=True):
        for n, line in enumerate(_without_comments(text).split("\n"), 1):
            if first and first in line:
                if (path, n, snippet) not in seen:
                    return path, n
                fallback = fallback or (path, n)
    return fallback or (files[0], 1)
