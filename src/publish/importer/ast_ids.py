"""The ids of pandoc JSON and the places its links lead to, at any depth."""

from __future__ import annotations


def ids(node: object) -> set[str]:
    """Every id given: of blocks and inlines (an Attr is [id, classes, pairs])."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.append(item.get("c"))
        elif isinstance(item, list):
            if len(item) == 3 and isinstance(item[0], str) and item[0] and isinstance(item[1], list) \
                    and isinstance(item[2], list) and all(isinstance(c, str) for c in item[1]):
                found.add(item[0])
            stack.extend(item)
    return found


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
