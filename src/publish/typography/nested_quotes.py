"""A quotation inside a quotation typed with the same straight marks, taken apart again.

Russian e-texts (lib.ru's The Fiery Angel) type both levels with '"': '"Рената! … глас:
"Надлежит ей преступить и эту ступень". Ныне … тебя!"'. Pandoc's reader pairs the first two
marks, the quotation's opening one and the inner one's, as a quotation ending before "Надлежит",
and turns the other two into closing curly marks: the book printed «Рената! … глас:»Надлежит …
ступень”. … тебя!”. Such a pair is one pandoc closed right before a word (no space between the
closing mark and the next word) with curly marks left after it in the paragraph. Its two marks are
openings, and each mark after it opens or closes by what stands around it; quotes.retype_marks
then nests them in the language's marks, «…„…“…», when they pair up.
"""

from __future__ import annotations

from publish.typography.quotes import MARKS
from publish.typography.walk import base_language, walk

_OPENS_AFTER = " \u00a0\n([«„“—–-"  # a mark after a space, or these, opens a quotation
_MARKS = "“”"


def quotes_taken_apart(blocks: list, language: str) -> list:
    """Pandoc's pairs of a quotation's opening mark with an inner quotation's, in a language
    that nests its own marks (Russian, German, French, …; English keeps what pandoc read)."""
    return walk(blocks, language, _inlines)


def _inlines(inlines: list[dict], language: str) -> list[dict]:
    out = [walk(node, language, _inlines) if node["t"] not in ("Str", "Space", "SoftBreak") else node
           for node in inlines]
    if base_language(language) not in MARKS and language.lower() not in MARKS:
        return out
    flat: list[dict] = []
    first = None  # where the first such pair stood
    for at, node in enumerate(out):
        if _mispaired(out, at):
            first = len(flat) if first is None else first
            flat += [{"t": "Str", "c": "“"}, *node["c"][1], {"t": "Space"}, {"t": "Str", "c": "“"}]
        else:
            flat.append(node)
    if first is None:
        return out
    after = [{"t": "Str", "c": node["c"]} if node["t"] == "Str" else node for node in flat[first:]]
    _by_context(after)
    return [*flat[:first], *after]


def _mispaired(inlines: list[dict], at: int) -> bool:
    node = inlines[at]
    if node["t"] != "Quoted" or node["c"][0]["t"] != "DoubleQuote" or at + 1 >= len(inlines):
        return False
    following = inlines[at + 1]
    if following["t"] != "Str" or not following["c"][:1].isalnum():
        return False
    return any(node["t"] == "Str" and any(mark in node["c"] for mark in _MARKS) for node in inlines[at + 1:])


def _by_context(inlines: list[dict]) -> None:
    """Each curly mark in these inlines' words (copies) made an opening one after a space or an
    opening bracket, else a closing one."""
    before = " "  # they start with the quotation's own opening mark
    for node in inlines:
        if node["t"] != "Str":
            before = " " if node["t"] in ("Space", "SoftBreak") else "x"
            continue
        text = node["c"]
        chars = []
        for ch in text:
            if ch in _MARKS:
                ch = "“" if before in _OPENS_AFTER else "”"
            chars.append(ch)
            before = ch
        node["c"] = "".join(chars)
