"""Raw HTML tags pandoc's readers keep that no edition can set as they are."""

from __future__ import annotations

import re

_TIME_OPEN = re.compile(r"<time\b[^>]*>", re.I)
_TIME_CLOSE = re.compile(r"</time\s*>", re.I)


def without_bare_time_tags(node: object) -> int:
    """`<time>` tags without a `datetime` round their text (an EPUB's "released on <time>TBD</time>")
    taken off, the text kept: such an element may hold only a date written as HTML reads one, and
    neither "TBD" nor the small capitals the typography sets in it are (epubcheck RSC-005, Nu).
    How many."""
    taken = 0
    if isinstance(node, list):
        open_bare = False
        keep = []
        for item in node:
            if isinstance(item, dict) and item.get("t") == "RawInline" and item["c"][0] == "html":
                raw = item["c"][1]
                if _TIME_OPEN.fullmatch(raw.strip()) and "datetime" not in raw.lower():
                    open_bare, taken = True, taken + 1
                    continue
                if open_bare and _TIME_CLOSE.fullmatch(raw.strip()):
                    open_bare = False
                    continue
            taken += without_bare_time_tags(item)
            keep.append(item)
        node[:] = keep
    elif isinstance(node, dict) and node.get("t") not in ("Code", "CodeBlock", "RawBlock", "Math"):
        taken += without_bare_time_tags(node.get("c"))
    return taken


def unread_markup_as_code(node: object, kind: str) -> int:
    """Markup the reader left unread in its own format (MediaWiki's `{{{ … }}}`, a template), kept
    raw, `{=mediawiki}`, which no edition prints: its words were lost from the book unsaid. It is
    set as code, as typed. How many."""
    taken = 0
    if isinstance(node, list):
        for item in node:
            taken += unread_markup_as_code(item, kind)
    elif isinstance(node, dict):
        if node.get("t") in ("RawInline", "RawBlock") and node["c"][0] == kind:
            node["t"], node["c"] = ("Code" if node["t"] == "RawInline" else "CodeBlock"), [["", [], []], node["c"][1]]
            return 1
        taken += unread_markup_as_code(node.get("c"), kind)
    return taken


_SCRIPT_TAG = re.compile(r"\s*</?script\b[^>]*>\s*", re.I)


def without_lone_script_tags(node: object) -> int:
    """A `<script>` tag standing alone, its closing tag in another block (pandoc's Textile reader
    reads `<script>document.write('…');</script>` so): written as raw HTML, the opening tag took
    every line after it up to the closing one as script, which no edition prints, and the import
    refused the document as its own bug ("added 'html'"). The tags go; the text between them stays.
    How many."""
    taken = 0
    if isinstance(node, list):
        keep = []
        for item in node:
            if (isinstance(item, dict) and item.get("t") in ("RawBlock", "RawInline") and item["c"][0] == "html"
                    and _SCRIPT_TAG.fullmatch(item["c"][1])):
                taken += 1
                continue
            taken += without_lone_script_tags(item)
            keep.append(item)
        node[:] = keep
    elif isinstance(node, dict) and node.get("t") not in ("Code", "CodeBlock", "Math"):
        taken += without_lone_script_tags(node.get("c"))
    return taken
