"""Callouts as authors write them in Markdown: set apart, titled, in every edition.

Quarto writes a note, tip or warning as `::: {.callout-note}` (its title as `title="…"` or as a
heading inside it), GitHub as an alert, a quotation opening `> [!NOTE]`, and Obsidian so too, in any
case, of more kinds and with a title after the mark (`> [!info] Read me first`, `> [!tip]-` folded).
The book printed Quarto's as plain paragraphs, its heading a section of the chapter, and an alert as
a quotation opening "[!NOTE]". Each is made the `::: callout` that `publish import` writes of a Quarto book's (the
stylesheets rule it at its left): classes `callout callout-note`, its title in bold as its first
paragraph, `role="note"` for screen readers.
"""

from __future__ import annotations

import re

KINDS = ("note", "tip", "important", "warning", "caution")
# A callout without a title of its own is titled by its kind, in the book's language (English else).
TITLES = {
    "en": {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"},
    "ru": {"note": "Примечание", "tip": "Совет", "important": "Важно", "warning": "Предупреждение",
           "caution": "Осторожно"},
    "de": {"note": "Hinweis", "tip": "Tipp", "important": "Wichtig", "warning": "Warnung", "caution": "Vorsicht"},
    "fr": {"note": "Remarque", "tip": "Astuce", "important": "Important", "warning": "Avertissement",
           "caution": "Attention"},
    "es": {"note": "Nota", "tip": "Consejo", "important": "Importante", "warning": "Advertencia",
           "caution": "Precaución"},
}

_ALERT = re.compile(r"^\[!([A-Za-z][\w-]*)\][+-]?$")  # GitHub's `[!NOTE]`, Obsidian's `[!info]-`


def callouts_titled(blocks: list, language: str) -> list:
    """The blocks with Quarto's callouts and GitHub's and Obsidian's alerts made titled `callout` divs."""
    titles = TITLES.get(language.split("-")[0].lower(), TITLES["en"])
    return [_block(block, titles) for block in blocks]


def _block(node, titles: dict[str, str]):
    if isinstance(node, list):
        return [_block(item, titles) for item in node]
    if not isinstance(node, dict) or node.get("t") in ("CodeBlock", "RawBlock", "Math", "Code", "RawInline"):
        return node
    if node.get("t") == "Div":
        node = _callout(node, titles) or node
    elif node.get("t") == "BlockQuote":
        node = _alert(node, titles) or node
    return {key: _block(value, titles) for key, value in node.items()}


def _callout(div: dict, titles: dict[str, str]) -> dict | None:
    (ident, classes, pairs), blocks = div["c"]
    if "callout" in classes:  # written so already (`publish import` writes a Quarto book's so): made a note
        if "role" in dict(pairs):
            return None
        return {"t": "Div", "c": [[ident, classes, [*pairs, ["role", "note"]]], blocks]}
    kind = next((c.removeprefix("callout-") for c in classes
                 if c.startswith("callout-") and c.removeprefix("callout-") in KINDS), None)
    if kind is None:
        return None
    title, blocks = _quarto_title(dict(pairs).get("title", ""), blocks)
    pairs = [(k, v) for k, v in pairs if k != "title"]
    return _titled(ident, kind, classes, pairs, title or _words(titles[kind]), blocks)


def _alert(quote: dict, titles: dict[str, str]) -> dict | None:
    """A quotation opening `[!KIND]` (the title, if any, after it on its line) as a callout."""
    blocks = quote["c"]
    first = blocks[0] if blocks and blocks[0]["t"] in ("Para", "Plain") else None
    mark = _ALERT.match(first["c"][0].get("c", "")) if first and first["c"] and first["c"][0]["t"] == "Str" else None
    if not mark:
        return None
    kind = mark[1].lower()
    inlines = first["c"][1:]
    end = next((n for n, i in enumerate(inlines) if i["t"] in ("SoftBreak", "LineBreak")), len(inlines))
    title = _trimmed(inlines[:end])
    rest = _trimmed(inlines[end + 1:])
    named = titles.get(kind) or TITLES["en"].get(kind) or kind.capitalize()
    body = ([{"t": first["t"], "c": rest}] if rest else []) + blocks[1:]
    return _titled("", kind, [], [], title or _words(named), body)


def _trimmed(inlines: list) -> list:
    while inlines and inlines[0]["t"] in ("Space", "SoftBreak"):
        inlines = inlines[1:]
    while inlines and inlines[-1]["t"] in ("Space", "SoftBreak"):
        inlines = inlines[:-1]
    return inlines


def _quarto_title(given: str, blocks: list) -> tuple[list, list]:
    """The callout's title (its `title="…"`, else the heading it opens with, which Quarto takes
    for its title and the book should not take for a section of its own) and its other blocks."""
    if given.strip():
        return _words(given.strip()), blocks
    if blocks and blocks[0]["t"] == "Header":
        return blocks[0]["c"][2], blocks[1:]
    return [], blocks


def _titled(ident: str, kind: str, classes: list, pairs: list, title: list, blocks: list) -> dict:
    kept = [c for c in classes if c != f"callout-{kind}"]
    attr = [ident, ["callout", f"callout-{kind}", *kept], [*pairs, ["role", "note"]]]
    return {"t": "Div", "c": [attr, [{"t": "Para", "c": [{"t": "Strong", "c": title}]}, *blocks]]}


def _words(text: str) -> list:
    out: list = []
    for n, word in enumerate(text.split()):
        out += ([{"t": "Space"}] if n else []) + [{"t": "Str", "c": word}]
    return out
