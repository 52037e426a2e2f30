"""Links between chapters once each chapter is its own file (EPUB and HTML editions)."""

from __future__ import annotations

import hashlib
import re

from publish.metadata import slugify
from publish.model import Chapter

_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="#([^"]+)"')
_ASCII_NAME = re.compile(r"[A-Za-z0-9._-]+")  # a file name every reading system and server takes


def file_name(ident: str) -> str:
    """A chapter's file name (without its suffix) in the EPUB and the web edition, from its id:
    in ASCII, as some reading systems, stores and servers mishandle others (глава-первая →
    glava-pervaia-c9372a; the hash keeps two ids that read alike in Latin letters apart)."""
    if _ASCII_NAME.fullmatch(ident):
        return ident
    return f"{slugify(ident)}-{hashlib.sha256(ident.encode()).hexdigest()[:6]}"


# Dots in a name: "chapter-1.-loomings." made chapter-1.-loomings..html, a path some servers'
# filters refuse; a file name holds none, and at most MAX_NAME characters, cut between words.
_DOTTED = re.compile(r"[.-]*\.[.-]*")
MAX_NAME = 80


def file_names(ids: list[str], reserved: frozenset[str] = frozenset()) -> list[str]:
    """Each chapter's file name (without its suffix), from its id (file_name), without dots and
    not too long; unique in the book and apart from the `reserved` names (the editions' own pages):
    a second name alike is numbered ("-2")."""
    taken: set[str] = set(reserved)
    names = []
    for ident in ids:
        base = _DOTTED.sub("-", file_name(ident)).strip("-") or "chapter"
        if len(base) > MAX_NAME:
            base = base[:MAX_NAME].rsplit("-", 1)[0]
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name)
        names.append(name)
    return names


def page_name(chapter: Chapter) -> str:
    """A chapter's file name (without its suffix): the one the book gave it (Chapter.file)."""
    return chapter.file or file_name(chapter.id)


def page_names(chapters) -> dict[str, str]:
    """Chapter id → its file name (page_name), for relink."""
    return {chapter.id: page_name(chapter) for chapter in chapters}


def ids_in(html: str) -> set[str]:
    """The ids an HTML fragment gives its elements."""
    return set(_ID.findall(html))


def anchor_owners(chapters: tuple[Chapter, ...]) -> dict[str, str]:
    """Every id in the text → the id of the chapter that holds it."""
    owners: dict[str, str] = {}
    for chapter in chapters:
        owners[chapter.id] = chapter.id
        for anchor in _ID.findall(chapter.body_html + chapter.title_html):
            owners.setdefault(anchor, chapter.id)
    return owners


def relink(html: str, current: str, owners: dict[str, str], suffix: str, name=lambda ident: ident) -> str:
    """Point "#anchor" links at the file of the chapter that holds the anchor: `name(its id)`
    and `suffix`."""

    def repl(match: re.Match) -> str:
        anchor = match.group(1)
        owner = owners.get(anchor)
        if owner is None or owner == current:
            return match.group(0)
        target = f"{name(owner)}{suffix}" if anchor == owner else f"{name(owner)}{suffix}#{anchor}"
        return f'href="{target}"'

    return _HREF.sub(repl, html)
