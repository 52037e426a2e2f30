"""Links between chapters once each chapter is its own file (EPUB and HTML editions)."""

from __future__ import annotations

import re

from publish.model import Chapter

_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="#([^"]+)"')


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
