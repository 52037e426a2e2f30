"""Lines remembered while one document is typeset: WeasyPrint breaks the same text at the same
width again and again — when a page is made again for its footnotes, and in every keep-word
pass (pdf.Typesetter), where all but one paragraph are set as before. Each break costs several
Pango layouts; a remembered one costs a dictionary lookup.

`weasyprint.text.line_break.split_first_line` is a function of its text, width, the text's
style and the font configuration alone (its `context` argument only caches hyphenation
dictionaries), so a remembered result is the one it would compute: the PDF is the same, byte
for byte (tests/test_pdf_parts.py).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager

# Every property split_first_line and its pango Layout read (weasyprint/text/line_break.py
# and fonts.py, WeasyPrint 70).
TEXT_PROPERTIES = (
    "direction", "font_family", "font_feature_settings", "font_kerning", "font_language_override",
    "font_size", "font_stretch", "font_style", "font_variant_alternates", "font_variant_caps",
    "font_variant_east_asian", "font_variant_ligatures", "font_variant_numeric",
    "font_variant_position", "font_variation_settings", "font_weight", "hyphenate_character",
    "hyphenate_limit_chars", "hyphenate_limit_zone", "hyphens", "lang", "letter_spacing",
    "line_height", "overflow_wrap", "tab_size", "text_decoration_line", "white_space",
    "word_break", "word_spacing",
)


@contextmanager
def remembered_lines() -> Iterator[None]:
    """While open, WeasyPrint's line breaking remembers each break it made."""
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    split_first_line = line_break.split_first_line
    results: dict[tuple, tuple] = {}
    style_keys: dict[int, tuple] = {}  # id(style) → (style, key): the style is kept alive

    def style_key(style) -> tuple:
        known = style_keys.get(id(style))
        if known is None:
            key = (id(style.font_config), *(repr(style[name]) for name in TEXT_PROPERTIES))
            known = style_keys[id(style)] = (style, key)
        return known[1]

    def remembered(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        key = (text, max_width, justification_spacing, is_line_start, minimum, style_key(style))
        result = results.get(key)
        if result is None:
            result = results[key] = split_first_line(
                text, style, context, max_width, justification_spacing, is_line_start, minimum)
        layout, *metrics = result
        # The layout comes back inactive (plain values); each box gets a copy of its own, as
        # drawing activates it again for that box.
        return (copy.copy(layout), *metrics)

    inline.split_first_line = preferred.split_first_line = remembered
    try:
        yield
    finally:
        inline.split_first_line = preferred.split_first_line = split_first_line
