"""A chapter's epigraph set as an indented quotation under its heading over its source, as
English novels have them (Middlemarch's '    "Since I can do no good because a woman,' …
'          --The Maid's Tragedy:  BEAUMONT AND FLETCHER.', '    These little things are great to
little man.--GOLDSMITH.'): the quotation and its source, parted, for a `::: epigraph`."""

from __future__ import annotations

import re
from dataclasses import replace

from publish.importer.plain import Paragraph, is_indented

EPIGRAPH_PARAGRAPHS = 4  # Middlemarch's Spanish proverb and its English: two
EPIGRAPH_LINES = 16  # longer, it is a letter or a passage quoted, the chapter's text
SOURCE_WORDS = 10  # "SHAKESPEARE: Twelfth Night.", "Paradise Lost, B. vii."
RIGHT_SET = 12  # a source without a dash stands this much further in than the quotation
_SMALL_WORDS = {"of", "the", "and", "de", "la", "von", "van", "in", "on", "to", "a", "an"}

_SOURCE_LINE = re.compile(r"(?:--|—|―)\s*\S")  # "--The Maid's Tragedy", "— Byron"
# A source run on after the quotation's last mark: '…lasse."--PASCAL.', '…little man.--GOLDSMITH.'
_SOURCE_RUN_ON = re.compile(r"(?<=[.!?,;\"'”’])(?:--|—|―)(?=[A-Z])[^-—―]+$")


def split_source(para: Paragraph) -> tuple[Paragraph | None, str] | None:
    """The quotation without its source (None when the paragraph is the source alone) and the
    source as typed, when the paragraph's last line ends in one; else None."""
    *body, last = para.raw
    line = last.strip()
    if _SOURCE_LINE.match(line) and len(line.split()) <= SOURCE_WORDS:
        return (_lines(para, tuple(body)) if body else None), line
    margin = min(len(r) - len(r.lstrip()) for r in para.raw)
    if body and len(last) - len(last.lstrip()) >= margin + RIGHT_SET and _names(line):
        return _lines(para, tuple(body)), line
    run_on = _SOURCE_RUN_ON.search(last)
    if run_on and len(run_on.group().split()) <= SOURCE_WORDS and run_on.start() > len(last) - len(line):
        return _lines(para, (*body, last[:run_on.start()])), run_on.group()
    return None


def quoted_epigraph(paragraphs: list[Paragraph], start: int, quotes: set[int], headings: dict,
                    sourced: bool = True) -> int | None:
    """The last paragraph of the epigraph paragraph start opens under a chapter's heading: a few
    quoted (indented) paragraphs, the last ending in its source, the chapter's text after them.
    Not sourced: in a book whose chapters open with epigraphs (Middlemarch's unsigned mottoes,
    George Eliot's own)."""
    end = start
    while end + 1 in quotes and end + 1 - start < EPIGRAPH_PARAGRAPHS:
        end += 1
    if start not in quotes or end + 1 in quotes or end + 1 in headings or end + 1 >= len(paragraphs):
        return None
    if sum(len(paragraphs[i].raw) for i in range(start, end + 1)) > EPIGRAPH_LINES:
        return None
    if not sourced:
        return end
    split = split_source(paragraphs[end])
    return end if split is not None and (split[0] is not None or end > start) else None


def opens_with_source(para: Paragraph) -> bool:
    """An indented line of a quotation run on into its source ('    "Qui veut delasser hors de
    propos, lasse."--PASCAL.' under 'CHAPTER XXX.'): an epigraph, no title."""
    return len(para.raw) == 1 and is_indented(para.raw[0]) and split_source(para) is not None


def _names(line: str) -> bool:
    """A right-set line that names (its words capitalised: "Pope's Odyssey", "BYRON"), not a
    verse's last half-line set in ("That brings the iron.")."""
    words = line.strip(".,;").split()
    return 0 < len(words) <= SOURCE_WORDS and all(w[0].isupper() or w in _SMALL_WORDS for w in words)


def _lines(para: Paragraph, raw: tuple[str, ...]) -> Paragraph:
    return replace(para, raw=raw, text=" ".join(line.strip() for line in raw))
