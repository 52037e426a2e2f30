"""Heading identifiers across chunks read apart, made as pandoc makes them for the whole text.

pandoc gives a heading without an id of its own the id made from its words (its base) and,
when an earlier heading of the text has that id already, the base with the first free "-1",
"-2" … after it. A novel whose books each restart at "CHAPTER I" has "chapter-i", "chapter-i-1"
and on. A chunk read alone knows only its own headings; so each heading's base and whether its
id was written by the author are kept, and the ids are given again over the whole book in order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

_SUFFIXED = re.compile(r"^(.*)-(\d+)$")
_ATTRIBUTES = re.compile(r"\{([^{}\n]*)\}")
_WRITTEN_ID = re.compile(r"""(?:^|\s)(?:#([^\s}]+)|id=(?:"([^"]*)"|'([^']*)'|([^\s}]+)))""")
_LAST_LETTER_OR_DIGIT = re.compile(r"[^\W_](?=[\W_]*$)")


@dataclass(frozen=True)
class Head:
    """A heading as pandoc read it."""

    ident: str
    written: bool  # the id is the author's ({#id}), not made from the words
    ends_in_digit: bool  # its words end in a digit: "chapter-1" may be its base, not a made-unique id
    digits: int  # at least as many ASCII digits as its words give its base (a made-unique id adds some)


def written_ids(*markdown: str) -> set[str]:
    """Every id written in an attribute block of the Markdown texts: those of headings among them."""
    found = set()
    for attributes in (a for text in markdown for a in _ATTRIBUTES.findall(text)):
        for match in _WRITTEN_ID.finditer(attributes):
            found.add(next(group for group in match.groups() if group is not None))
    return found


def headers(blocks: list) -> list[dict]:
    """The Header nodes of pandoc JSON blocks, in order, at any depth (pandoc names them all)."""
    return [node for node in _elements(blocks, _NO_HEADINGS) if node.get("t") == "Header"]


_LEAVES = frozenset(("Str", "Space", "SoftBreak", "LineBreak", "RawBlock", "RawInline", "Code", "CodeBlock", "Math"))
_NO_HEADINGS = _LEAVES | {"Header"}  # a paragraph is entered: a note in it may hold a heading


def _elements(nodes: list, closed: frozenset[str]) -> Iterator[dict]:
    """Every element of pandoc JSON in document order; those named in `closed` are not entered.
    Only lists and elements are entered: a book's words are most of its nodes."""
    for node in nodes:
        if type(node) is list:
            yield from _elements(node, closed)
        elif type(node) is dict:
            yield node
            if node.get("t") not in closed and type(node.get("c")) is list:
                yield from _elements(node["c"], closed)


def heads(nodes: list[dict], written: set[str]) -> list[Head]:
    """Header nodes as read: id, whether written by the author, whether the words end in a digit."""
    found = []
    for node in nodes:
        ident = node["c"][1][0]
        last = _LAST_LETTER_OR_DIGIT.search(_words(node["c"][2]))
        digits = _count_digits(json.dumps(node["c"][2], ensure_ascii=False))  # every digit its inlines hold
        found.append(Head(ident, ident in written, bool(last and last.group().isdigit()), digits))
    return found


def rename(nodes: list[dict], ids: list[str]) -> None:
    """Give the Header nodes these ids, in order."""
    for node, ident in zip(nodes, ids, strict=True):
        node["c"][1][0] = ident


def _count_digits(text: str) -> int:
    return sum(char in "0123456789" for char in text)


def _words(inlines: list) -> str:
    """A heading's text as pandoc makes its id from it: notes and raw markup left out."""
    out: list[str] = []
    for node in _elements(inlines, frozenset(("Note", "RawInline", *_LEAVES))):
        element = node.get("t")
        if element == "Str":
            out.append(node["c"])
        elif element in ("Code", "Math"):
            out.append(node["c"][1])
        elif element in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
    return "".join(out)


def bases(read: list[Head]) -> list[str | None]:
    """Each heading's base, from the ids of one text read by pandoc (its headings in order):
    None where a made-unique id cannot be told from a base of that shape ("Part 1" after
    "Part"). An id with more digits than the heading's words ("chapter-1-1" of a second
    "Chapter 1") cannot be its base: pandoc's base keeps digits of the words, never adds any."""
    used: set[str] = set()
    found: list[str | None] = []
    for head in read:
        base: str | None = head.ident
        suffixed = _SUFFIXED.match(head.ident)
        if not head.written and suffixed and suffixed.group(1) in used:
            stem, n = suffixed.group(1), int(suffixed.group(2))
            if all(f"{stem}-{k}" in used for k in range(1, n)):  # the first free one: made unique
                made_unique = not head.ends_in_digit or _count_digits(head.ident) > head.digits
                base = stem if made_unique else None
        used.add(head.ident)
        found.append(base)
    return found


def assign(heads_bases: list[tuple[str | None, bool]], used: set[str] | None = None) -> list[str] | None:
    """The ids pandoc gives headings with these bases (and written flags) in one text; None
    when a base is unknown or a written id repeats one (pandoc warns; the caller reads whole)."""
    used = set() if used is None else used
    ids = []
    for base, written in heads_bases:
        if base is None:
            return None
        ident = base
        if ident in used:
            if written:
                return None
            n = 1
            while f"{base}-{n}" in used:
                n += 1
            ident = f"{base}-{n}"
        used.add(ident)
        ids.append(ident)
    return ids
