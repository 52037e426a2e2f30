"""A book's divisions, which pandoc's LaTeX and DocBook readers leave out: its parts, its front
and back matter.

Pandoc reads `\\part{The Voyage}` (DocBook's `<part>`) as a heading a level over the chapters,
which a publish book takes for a chapter holding the others as its sections; and `\\frontmatter`,
`\\backmatter` (DocBook's `<preface>`, `<appendix>`) as nothing. The import marks each part's
heading `{.part}` (the chapters then level-1 headings, as a publish book opens them), and each
chapter of the front or back matter `{.frontmatter}` or `{.backmatter}`.
"""

from __future__ import annotations

import re

from lxml import etree

from publish.importer.inputs import SYNTAX
from publish.importer.markdown import ast_text
from publish.importer.report import words

# DocBook's elements that open a division of a book, by the matter they belong to.
_DOCBOOK = {"part": "part", "chapter": "main", "preface": "front", "acknowledgements": "front",
            "appendix": "back", "glossary": "back", "bibliography": "back", "index": "back", "colophon": "back",
            "afterword": "back"}
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DIVISION = re.compile(r"\\(frontmatter|mainmatter|backmatter)\b|\\(part|chapter)\*?\s*(?:\[[^\]]*\])?\s*\{")


def latex_divisions(text: str) -> list[tuple[str, str]]:
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


def docbook_divisions(text: str) -> list[tuple[str, str]]:
    """(kind, title words) of each part and chapter-like element of a DocBook book, in order."""
    root = _docbook_root(text)
    found = []
    for element in root.iter() if root is not None else ():
        kind = _DOCBOOK.get(etree.QName(element).localname) if isinstance(element.tag, str) else None
        title = _child(element, "title") if kind else None
        if kind and title is None and (info := _child(element, "info")) is not None:
            title = _child(info, "title")  # DocBook 5 may put it in <info>
        if title is not None:
            found.append((kind, " ".join(words("".join(title.itertext())))))
    return found


def docbook_authors(text: str) -> list[str]:
    """The book's authors as DocBook names them (<author><personname><firstname>…<surname>):
    pandoc's reader runs the parts of a name together, "AnnaField"."""
    root = _docbook_root(text)
    info = _child(root, "info") if root is not None else None
    info = info if info is not None else (_child(root, "bookinfo") if root is not None else None)
    names = []
    for author in (c for c in (info if info is not None else ()) if isinstance(c.tag, str)
                   and etree.QName(c).localname == "author"):
        person = _child(author, "personname")
        person = person if person is not None else author
        parts = [" ".join("".join(c.itertext()).split()) for c in person if isinstance(c.tag, str)
                 and etree.QName(c).localname in ("honorific", "firstname", "givenname", "othername", "surname")]
        names.append(" ".join(p for p in parts if p) or " ".join("".join(person.itertext()).split()))
    return [n for n in names if n]


def _docbook_root(text: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=True)
    try:
        return etree.fromstring(_DECLARATION.sub("", text, count=1).encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None


def _child(element, name: str):
    return next((c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == name), None)


def mark_divisions(blocks: list, listed: list[tuple[str, str]]) -> int:
    """Mark the parts' headings and the front and back matter's chapters; return how many."""
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
