"""The typography pass: the pandoc AST of the manuscript → the same AST, set properly.

Two passes over the document model, never over raw text: `quotes` turns pandoc's Quoted
nodes into the marks of the language in force; `text` applies the spacing, dash and sign
rules to each run of words and marks runs of capitals for small caps. Primes in measures
(5′10″) are set first, and ordinal suffixes (21st) are made superscript when the style asks. Code, math, raw
blocks and the targets of links are never touched.
"""

from __future__ import annotations

from publish.callouts import callouts_titled
from publish.crossref_cites import crossref_links
from publish.definitions import definitions_apart
from publish.footnotes import keep_notes_of_empty_sections
from publish.heading_words import short_words_bound
from publish.list_marks import list_marks_kept
from publish.model import TypographySettings
from publish.page_breaks import page_breaks_marked
from publish.table_widths import equal_widths_let_go
from publish.text_direction import directions_given
from publish.typography.nested_quotes import quotes_taken_apart
from publish.typography.quotes import render_quotes, retype_marks
from publish.typography.signs import mark_primes
from publish.typography.text import set_text

__all__ = ["typeset"]


def typeset(doc: dict, language: str, style: TypographySettings | None = None) -> dict:
    """A new pandoc JSON document with the typography of `language` and the house `style`."""
    style = style or TypographySettings()
    # Primes first, so the marks of a measure (5'10") are never taken for quotation marks;
    # render_quotes rebuilds every node it passes, so retype_marks may edit the copies in place.
    # Cross-references written as citations (`@fig-plan`) are links before any of it (crossref_cites.py).
    # A quotation in a quotation typed with the same straight marks is taken apart first (nested_quotes.py).
    # Quarto's callouts and page breaks and GitHub's alerts are what they mean before the text is
    # set (callouts.py, page_breaks.py): "{{< pagebreak >}}" is no text to set.
    blocks = callouts_titled(page_breaks_marked(doc["blocks"]), language)
    blocks = mark_primes(crossref_links(blocks), language)
    blocks = retype_marks(render_quotes(quotes_taken_apart(blocks, language), language), language)
    # Every document on its way to pandoc's HTML writer passes here: its empty sections get
    # what keeps their notes (footnotes.keep_notes_of_empty_sections), and a definition's
    # paragraphs stay paragraphs (definitions.py), columns of one width given by a table's
    # dashes alone are let go (table_widths.py), a heading's "A" stays with the next word, and
    # a list numbered "(a)" keeps its parentheses (list_marks.py), and a passage in Hebrew or
    # Arabic runs right to left (text_direction.py).
    blocks = short_words_bound(equal_widths_let_go(definitions_apart(set_text(blocks, language, style))))
    blocks = directions_given(list_marks_kept(blocks), language)
    return {**doc, "blocks": keep_notes_of_empty_sections(blocks)}
