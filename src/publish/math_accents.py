"""A formula's accents as spacing characters: pandoc writes `\\hat{x}` as a combining circumflex
(U+0302) alone in its `<mo>`, a combining character with nothing to combine with, which the HTML
checker warns about ("Text run starts with a composing character") and MathML Core does not
stretch; its spacing form (ˆ, U+02C6) is the accent MathML's operator dictionary knows. For the
screens' editions only: the print edition's formulas (ziamath) stretch a combining \\widehat over
its letters, and set a spacing one over their middle."""

from __future__ import annotations

import re

SPACING = {
    "\u0300": "\u0060", "\u0301": "\u00b4", "\u0302": "\u02c6", "\u0303": "\u02dc", "\u0304": "\u00af",
    "\u0306": "\u02d8", "\u0307": "\u02d9", "\u0308": "\u00a8", "\u030a": "\u02da", "\u030c": "\u02c7",
    "\u20d7": "\u2192",
}
_ACCENT = re.compile(r"(<mo\b[^>]*>)\s*([" + "".join(SPACING) + r"])\s*(</mo>)")


def spacing_accents(html: str) -> str:
    """The HTML with each formula's combining accent written as its spacing form."""
    return _ACCENT.sub(lambda m: m[1] + SPACING[m[2]] + m[3], html) if "<mo" in html else html
