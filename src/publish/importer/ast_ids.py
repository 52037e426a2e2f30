"""The ids of pandoc JSON and the places its links lead to, at any depth."""

from __future__ import annotations

import re


def ids(node: object) -> set[str]:
    """Every id given: of blocks and inlines (an Attr is [id, classes, pairs])."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.append(item.get("c"))
        elif isinstance(item, list):
            if _is_attr(item) and item[0]:
                found.add(item[0])
            stack.extend(item)
    return found


def _is_attr(item: list) -> bool:
    """An Attr: [id, classes, pairs]."""
    return (len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], list) and isinstance(item[2], list)
            and all(isinstance(c, str) for c in item[1]))


def link_targets(node: object) -> set[str]:
    """The ids the links within the book lead to (`#id`, without its `#`)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("t") == "Link" and item["c"][2][0].startswith("#"):
                found.add(item["c"][2][0][1:])
            stack.append(item.get("c"))
        elif isinstance(item, list):
            stack.extend(item)
    return found


# What pandoc's Markdown reads in `{#id}`: letters, figures and `_-:.%`.
_UNREAD_IN_ID = re.compile(r"[^\w:.%-]+")


def ids_without_spaces(node: object) -> int:
    """Ids with spaces in them (a LibreOffice bookmark named "an anchor") or other marks pandoc's
    Markdown takes for none of an id's (AsciiDoc's "_smart_quotes,_ellipses,_dashes") given
    hyphens instead, and the links to them too: how many. Pandoc wrote `[]{#an anchor}`, which it
    reads back as text, and the import refused the document."""
    known = ids(node)
    renamed = {old: _UNREAD_IN_ID.sub("-", old.strip()).strip("-") or "id" for old in known
               if _UNREAD_IN_ID.search(old)}
    for old, new in renamed.items():
        n = 1
        while renamed[old] in known:
            n += 1
            renamed[old] = f"{new}-{n}"
        known.add(renamed[old])
    if not renamed:
        return 0
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("t") == "Link" and item["c"][2][0][1:] in renamed and item["c"][2][0].startswith("#"):
                item["c"][2][0] = "#" + renamed[item["c"][2][0][1:]]
            stack.append(item.get("c"))
        elif isinstance(item, list):
            if _is_attr(item) and item[0] in renamed:
                item[0] = renamed[item[0]]
            stack.extend(item)
    return len(renamed)
