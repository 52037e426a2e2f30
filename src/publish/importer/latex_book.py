"""A LaTeX book's divisions, which pandoc's reader leaves out: its parts, front and back matter.

Pandoc reads `\\part{The Voyage}` as a heading a level over the chapters, which a publish book
takes for a chapter holding the others as its sections; and `\\frontmatter`, `\\backmatter` as
nothing. The import marks each part's heading `{.part}` (the chapters then level-1 headings, as
a publish book opens them) and each chapter after `\\backmatter` `{.backmatter}`, before
`\\mainmatter` `{.frontmatter}`.
"""

from __future__ import annotations

import re

from publish.importer.inputs import SYNTAX
from publish.importer.markdown import ast_text
from publish.importer.report import words

_DIVISION = re.compile(r"\\(frontmatter|mainmatter|backmatter)\b|\\(part|chapter)\*?\s*(?:\[[^\]]*\])?\s*\{")


def divisions(text: str) -> list[tuple[str, str]]:
    """(kind, title words) of each \\part and \\chapter in order, the kind 'part', or the chapter's
    matter: 'front', 'main' or 'back'."""
    text = SYNTAX["latex"].comment.sub("", text)
    found, matter = [], "main"
    for match in _DIVISION.finditer(text):
        if match[1]:
            matter = match[1].removesuffix("matter")
            continue
        title = _braced(text, match.end() - 1)
        found.append(("part" if match[2] == "part" else matter, " ".join(words(_plain(title)))))
    return found


def mark_divisions(blocks: list, text: str) -> int:
    """Mark the parts' headings and the front and back matter's chapters; return how many."""
    listed = divisions(text)
    if not any(kind in ("part", "front", "back") for kind, _ in listed):
        return 0
    parts = {title for kind, title in listed if kind == "part"}
    matter = {title: kind for kind, title in listed if kind in ("front", "back")}
    headers = [b for b in blocks if b.get("t") == "Header"]
    top = min((h["c"][0] for h in headers), default=1)
    marked = 0
    for header in headers:
        level, (ident, classes, attrs), inlines = header["c"]
        title = " ".join(words(ast_text(inlines)))
        if level == top and parts and title in parts:
            classes.append("part")
            marked += 1
        else:
            if parts:
                header["c"][0] = max(1, level - 1)  # the chapters under the parts are the book's chapters
            if header["c"][0] == 1 and title in matter:
                classes.append(f"{matter[title]}matter")
                marked += 1
    return marked


def _braced(text: str, start: int) -> str:
    """The text of the {…} group opening at `start`, its inner groups kept."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i]
    return text[start + 1:]


def _plain(title: str) -> str:
    """A title's words without its commands (\\emph{Amur} → Amur)."""
    return re.sub(r"\\[A-Za-z]+\*?|[{}~]", " ", title)
