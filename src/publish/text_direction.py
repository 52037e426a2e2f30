"""A passage in a language written right to left runs right to left, in every edition.

`::: {lang=he}` round a Hebrew paragraph, or `[كتاب]{lang=ar}` in a line, says the language and
not the direction, and pandoc writes only what it is given: the paragraph ran left to right
(flush left, its closing stop at its left end, and print's indent at the wrong side), and a word
in a line was not isolated from the text round it (a number or a stop after it could join it).
A div, span or heading whose `lang` is written right to left (Hebrew, Arabic, Persian, Urdu,
Yiddish…, or a script subtag such as `-Arab`) and which has no `dir` gets `dir="rtl"`; one in
another language inside such a passage (or chapter, or book) gets `dir="ltr"`: a romanisation
(`ar-Latn`) or an English phrase in a Hebrew chapter keeps its stop at its right.
"""

from __future__ import annotations

from typing import Any

RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "prs", "ps", "sd", "syr", "ug",
                           "ur", "yi"})
RTL_SCRIPTS = frozenset({"adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"})
# Nodes holding no div, span or heading: passed over without looking inside.
_NONE_INSIDE = frozenset({"Str", "Space", "SoftBreak", "LineBreak", "Code", "Math", "RawInline", "RawBlock",
                          "CodeBlock", "HorizontalRule"})
_ATTR_AT = {"Div": 0, "Span": 0, "Header": 1}  # where each keeps its attributes in "c"


def written_right_to_left(tag: str) -> bool:
    """Whether a BCP 47 language tag names a language or script written right to left."""
    primary, *rest = tag.strip().lower().replace("_", "-").split("-")
    script = next((s for s in rest if len(s) == 4 and s.isalpha()), None)
    return script in RTL_SCRIPTS if script else primary in RTL_LANGUAGES


def dir_attribute(lang: str) -> str:
    """` dir="rtl"` for the root of a book in a language written right to left, else ""."""
    return ' dir="rtl"' if written_right_to_left(lang) else ""


def directions_given(blocks: list[dict], language: str) -> list[dict]:
    """The blocks with `dir` on each div, span and heading whose `lang` runs otherwise than the
    text round it (`language`: the book's) and which has none. Unchanged nodes are shared."""
    outer = "rtl" if written_right_to_left(language) else "ltr"
    out, inside, changed = [], outer, False
    for block in blocks:
        if block.get("t") == "Header" and block["c"][0] == 1:  # a chapter, in its own language or the book's
            inside = _direction(block["c"][1], outer)
        new = _given(block, outer if block.get("t") == "Header" else inside)
        changed = changed or new is not block
        out.append(new)
    return out if changed else blocks


def _direction(attr: list, inherited: str) -> str:
    """The direction a div, span or heading with these attributes sets its text in."""
    pairs = dict(attr[2])
    if pairs.get("dir") in ("rtl", "ltr"):
        return pairs["dir"]
    if pairs.get("lang"):
        return "rtl" if written_right_to_left(pairs["lang"]) else "ltr"
    return inherited


def _given(node: Any, direction: str) -> Any:
    if isinstance(node, dict):
        at = _ATTR_AT.get(node.get("t"))
        inner = direction if at is None else _direction(node["c"][at], direction)
        inside = _given(node["c"], inner) if "c" in node else None
        node = node if inside is None or inside is node["c"] else {**node, "c": inside}
        return node if at is None else _directed(node, at, direction)
    if not isinstance(node, list):
        return node
    changed = None
    for n, item in enumerate(node):
        if isinstance(item, dict) and item.get("t") in _NONE_INSIDE:
            continue
        new = _given(item, direction)
        if new is not item:
            changed = changed or list(node)
            changed[n] = new
    return node if changed is None else changed


def _directed(node: dict, at: int, around: str) -> dict:
    """The node with `dir` when its language runs otherwise than the text `around` it."""
    ident, classes, pairs = node["c"][at]
    if any(key == "dir" for key, _ in pairs) or not any(key == "lang" and value for key, value in pairs):
        return node
    direction = _direction(node["c"][at], around)
    if direction == "ltr" and around == "ltr":  # the common case: French in an English book
        return node
    content = list(node["c"])
    content[at] = [ident, classes, [*pairs, ["dir", direction]]]
    return {**node, "c": content}
