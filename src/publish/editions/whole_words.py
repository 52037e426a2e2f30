"""Words a line's end does not hyphenate where another break serves.

A word joined to another by a hyphen is broken at that hyphen only: WeasyPrint hyphenated
either part ("to-mor-" / "row", "self-destruc-" / "tion", "foster-fath-" / "er": 23 lines in
The Brothers Karamazov, 17 in South), a second hyphen in a word that has one, which the reader
cannot tell from the first (Chicago: a hyphenated compound is divided at its hyphen).

In English a capitalised word, a name, is not hyphenated ("Rus-" / "sia", "Ivan-" / "ovna",
"Ger-" / "many": a line or more a page of The Brothers Karamazov), as house styles ask; the text
is set ragged right, so the line only ends a word earlier.

When a line would end in such a break, it is set again without hyphenating: it ends at the
compound's own hyphen ("to-" / "morrow") or before the word. A word that opens its text
(nothing before it to break at) may still be hyphenated, as may one the unhyphenated line
would overflow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from publish.editions.line_layout import unhyphenated

JOINERS = "-\u2010"  # a hyphen typed in the text (hyphen-minus, or the hyphen itself)
_AFTER_A_JOINER = re.compile(rf"[{JOINERS}]\w+$")  # the broken word's head follows a hyphen
_BEFORE_A_JOINER = re.compile(rf"\w+[{JOINERS}]\w")  # its tail runs on to a hyphen
_ROOM_BEFORE = re.compile(r"\S\s+\S*\w+$")  # words before the broken one on the line: somewhere else to break
_NAME_HEAD = re.compile(r"(?<![\w'’])[^\W\d_]\w*$")  # the broken word's head, from its first letter


@contextmanager
def compounds_and_names_whole() -> Iterator[None]:
    """While open, no line ends in a hyphenated part of a hyphenated compound, or in an English
    name hyphenated, where it can be helped."""
    from weasyprint.layout import inline

    split_first_line = inline.split_first_line
    manual = unhyphenated()

    def line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        result = split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if result[2] is None or style["hyphens"] != "auto" or not _better_unbroken(text, result, style):
            return result
        again = split_first_line(text, manual(style), context, max_width, justification_spacing,
                                 is_line_start, minimum)
        return again if max_width is None or again[3] <= max_width else result

    inline.split_first_line = line
    try:
        yield
    finally:
        inline.split_first_line = split_first_line


def _better_unbroken(text: str, result, style) -> bool:
    """Whether WeasyPrint's line (`result` of split_first_line) ends in a word it hyphenated that
    is part of a hyphenated compound, or an English name, with another place to break before it."""
    layout, resume, hyphen = result[0], result[2], style["hyphenate_character"]
    if not hyphen or not (layout.text or "").endswith(hyphen):
        return False
    encoded = text.encode()
    before, after = encoded[:resume].decode(errors="ignore"), encoded[resume:].decode(errors="ignore")
    if not (before[-1:].isalnum() and after[:1].isalnum()):
        return False  # broken at a space, a typed hyphen or a soft hyphen
    if _AFTER_A_JOINER.search(before):
        return True  # "to-mor|row": the compound's own hyphen is on the line
    if not _ROOM_BEFORE.search(before):
        return False
    if _BEFORE_A_JOINER.match(after):
        return True  # "Com|mander-in-Chief"
    head = _NAME_HEAD.search(before)
    return bool(head and head[0][0].isupper() and (style["lang"] or "").lower().startswith("en"))
