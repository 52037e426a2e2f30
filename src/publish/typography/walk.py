"""A small walker over pandoc's JSON AST that knows where text may be changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Never changed: their text is literal (code, math, raw HTML/TeX).
LITERAL = frozenset({"Code", "CodeBlock", "Math", "RawInline", "RawBlock"})
INLINES = frozenset({
    "Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps",
    "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link",
    "Image", "Note", "Span",
})
# Inlines without content of their own to walk into.
LEAVES = frozenset({"Space", "SoftBreak", "LineBreak"})
# Links whose text is their address (autolinks) keep it as it is.
_ADDRESS_CLASSES = frozenset({"uri", "email"})

InlineFn = Callable[[list[dict], str], list[dict]]


def language_of(node: dict, inherited: str) -> str:
    """The language in force inside a Div or Span: its lang attribute, else the inherited one."""
    if node.get("t") in ("Div", "Span"):
        for key, value in node["c"][0][2]:
            if key == "lang" and value:
                return value
    return inherited


def base_language(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def is_inline_list(value: Any) -> bool:
    # pandoc's lists are all blocks or all inlines: the ends tell (a full scan per pass was hot).
    return (
        isinstance(value, list) and bool(value)
        and all(isinstance(item, dict) and item.get("t") in INLINES for item in (value[0], value[-1]))
    )


def walk(node: Any, language: str, on_inlines: InlineFn) -> Any:
    """Rebuild `node`, passing every list of inlines (outside literal nodes) to `on_inlines`.

    `on_inlines` receives the list and the language in force, and is responsible for
    walking into the container inlines of that list (with `walk`).
    """
    if is_inline_list(node):
        return on_inlines(node, language)
    if isinstance(node, list):
        return [walk(item, language, on_inlines) for item in node]
    if not isinstance(node, dict) or "c" not in node or node.get("t") in LITERAL:
        return node
    if node["t"] == "Link" and _ADDRESS_CLASSES & set(node["c"][0][1]):
        return node
    if node["t"] == "Link" and _shows_its_address(node):
        return _as_address(node)
    return {**node, "c": walk(node["c"], language_of(node, language), on_inlines)}


def _shows_its_address(link: dict) -> bool:
    """A link whose text is its own address, as pandoc's citation processor writes a reference's
    URL or DOI (with no class): its "..." was set as an ellipsis, which a reader would type."""
    inlines, (target, _) = link["c"][1], link["c"][2]
    return (len(inlines) == 1 and inlines[0]["t"] == "Str"
            and inlines[0]["c"] in (target, target.removeprefix("mailto:")))


def _as_address(link: dict) -> dict:
    """The link as an autolink: class "uri", which the later passes leave alone and print.css
    sets unhyphenated (also where pandoc writes it as a <span> inside a citation's link)."""
    (ident, classes, pairs), *rest = link["c"]
    return {**link, "c": [[ident, [*classes, "uri"], pairs], *rest]}
