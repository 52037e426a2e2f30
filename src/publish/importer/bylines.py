"""An anthology's bylines as its stories' authors: "By Anton Chekhov" under "The Lady with the
Dog", and "By Nikolai Gogol" under "The Overcoat", were paragraphs of the text, so the contents
named no author and the running heads none. Each becomes its heading's `{author="…"}` (the build
sets it under the title, in the contents and over the versos). Only in a book whose chapters
carry two names or more: a collection by one hand keeps its bylines as they were.
"""

from __future__ import annotations

import re
from collections import Counter

from publish.importer.markdown import ast_text
from publish.importer.report import words

BYLINES_DECISION = ("headings:        the stories' bylines ('By Anton Chekhov') as their headings' authors, "
                    '{author="…"}: under the title, in the contents, over the versos')
_PARTICLE = r"(?:de|da|di|del|van|von|der|du|la|le|y)"
_NAME_WORD = r"[A-ZÀ-ÞА-ЯЁ][\w’'.-]*"
BYLINE = re.compile(rf"^(?:by|By|BY)\s+(?P<name>{_NAME_WORD}(?:,?\s+(?:{_NAME_WORD}|{_PARTICLE})){{0,5}})\.?$")


def bylines_as_authors(blocks: list) -> Counter:
    """Give each chapter heading (the top level) whose next paragraph, alone or as its subhead, is a
    byline that name as its author, the byline taken out; return the words taken (they are in
    the heading's attribute now, no longer the text's), none when the book has one name or none."""
    top = min((b["c"][0] for b in blocks if b.get("t") == "Header"), default=1)  # the chapters' ("##" read as "#")
    found = [(i, name) for i in range(len(blocks) - 1) if (name := _byline_after(blocks, i, top))]

    def give(heading: dict, name: str) -> None:
        heading["c"][1][2] = [*heading["c"][1][2], ["author", name]]

    return _taken(blocks, found, ast_text, give)


def _byline_after(blocks: list, at: int, top: int) -> str:
    block, after = blocks[at], blocks[at + 1]
    if block.get("t") != "Header" or block["c"][0] != top or any(k == "author" for k, _ in block["c"][1][2]):
        return ""
    if after.get("t") == "Div" and "subhead" in after["c"][0][1] and len(after["c"][1]) == 1:
        after = after["c"][1][0]
    return byline_name(ast_text(after["c"])) if after.get("t") in ("Para", "Plain") else ""


def byline_name(text: str) -> str:
    """The name a byline gives ("BY ANTON CHEKHOV": "Anton Chekhov"), else ""."""
    match = BYLINE.match(" ".join(text.split()))
    if not match:
        return ""
    name, last = match["name"], match["name"].split()[-1]
    if name.endswith(".") and "." not in last[:-1] and len(last) > 2:  # a full stop, not "M.A." or "S."
        name = name[:-1]
    return name.title() if name.isupper() else name


def plain_bylines_as_authors(blocks: list) -> Counter:
    """bylines_as_authors for a plain text's blocks (importer.markdown.Block)."""
    top = min((b.level for b in blocks if b.kind == "Header"), default=1)
    found = [(i, name) for i in range(len(blocks) - 1) if blocks[i].kind == "Header" and blocks[i].level == top
             and blocks[i + 1].kind == "Para" and (name := byline_name(blocks[i + 1].text()))]
    return _taken(blocks, found, lambda block: block.text(), lambda heading, name: setattr(heading, "author", name))


def _taken(blocks: list, found: list[tuple[int, str]], text_of, give) -> Counter:
    """The bylines `found` (the heading's index, the name) given to their headings and taken out,
    when they name two people or more; the words taken."""
    if len({name for _, name in found}) < 2:
        return Counter()
    taken: Counter = Counter()
    for at, name in reversed(found):
        taken.update(words(text_of(blocks[at + 1])))
        give(blocks[at], name)
        del blocks[at + 1]
    return taken
