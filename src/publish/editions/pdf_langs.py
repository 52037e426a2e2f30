"""A passage in another language is declared so in the tagged PDF, as PDF/UA asks.

WeasyPrint 70 gives the document its language (the catalog's /Lang) and no structure element
one of its own: a screen reader read `[μῆνιν ἄειδε θεὰ]{lang=grc}`, a Hebrew paragraph or a
French chapter with the book's English voice. The element made for an HTML element with a
`lang` attribute gets it as its /Lang.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_NOT_ELEMENTS = ("html", "body")  # WeasyPrint makes no structure element of these


@contextmanager
def languages_tagged() -> Iterator[None]:
    """While open, WeasyPrint's structure elements carry their HTML element's language."""
    import pydyf
    from weasyprint.pdf import tags

    build_box_tree = tags._build_box_tree

    def with_languages(box, *args):
        lang = None
        if box.element is not None and box.element_tag not in _NOT_ELEMENTS:
            lang = box.element.get("lang") or box.element.get("{http://www.w3.org/XML/1998/namespace}lang")
        for element in build_box_tree(box, *args):
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    tags._build_box_tree = with_languages
    try:
        yield
    finally:
        tags._build_box_tree = build_box_tree
