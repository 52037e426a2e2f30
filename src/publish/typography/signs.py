"""Signs inside one word: primes in measures (5′10″, 45°30′15″) and ordinal superscripts (21st, 2e).

Primes are set on pandoc's Str nodes before the quotation marks are rendered, so a closing
quote after a number ("Catch 22") is never taken for one: only a complete measure is, a
digit, a mark, digits and a second mark (5'10", 5’10”), or minutes after degrees (45°30').
"""

from __future__ import annotations

import re

from publish.typography.walk import LEAVES, walk

PRIME, DOUBLE_PRIME = "′", "″"

_FEET_INCHES = re.compile(r"(?<=\d)[’'](\d{1,2}(?:[.,]\d+)?)[”\"]")
_DEGREE_MINUTES = re.compile(r"(°\d{1,2}(?:[.,]\d+)?)[’'](?!\w)")


def set_primes(text: str) -> str:
    """5'10" → 5′10″ and 45°30'15" → 45°30′15″; a quote anywhere else is left alone."""
    text = _FEET_INCHES.sub(PRIME + r"\1" + DOUBLE_PRIME, text)
    return _DEGREE_MINUTES.sub(r"\1" + PRIME, text)


def mark_primes(blocks: list, language: str) -> list:
    return walk(blocks, language, _primes_in)


def _primes_in(inlines: list[dict], language: str) -> list[dict]:
    out = []
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            text = node["c"]
            # Both kinds of measure have an apostrophe; most words have none (this pass is hot).
            out.append({"t": "Str", "c": set_primes(text)} if "'" in text or "’" in text else node)
        else:
            out.append(node if kind in LEAVES else walk(node, language, _primes_in))
    return out


# ---- ordinals ------------------------------------------------------------------------------------

_ORDINAL = re.compile(r"(?<![\w.,])(\d+)([a-z]+)(?![\w])")
_FRENCH_SUFFIXES = {"er", "re", "ers", "res", "e", "es", "nd", "nde", "nds", "ndes"}


def _english_suffix(number: str) -> str:
    if number[-2:] in ("11", "12", "13"):
        return "th"
    return {"1": "st", "2": "nd", "3": "rd"}.get(number[-1], "th")


def is_ordinal(number: str, suffix: str, language: str) -> bool:
    """21st is an English ordinal and 21nd is not; 1er, 2e, 2nde are French ones."""
    if language == "en":
        return suffix == _english_suffix(number)
    if language == "fr":
        if suffix.startswith("nd"):
            return number == "2"
        if suffix in ("er", "re", "ers", "res"):
            return number == "1"
        return suffix in _FRENCH_SUFFIXES and number != "1"
    return False


def ordinal_parts(token: str, language: str) -> list[tuple[str, bool]]:
    """Split a word into (text, is_superscript) parts: "21st," → [("21", F), ("st", T), (",", F)]."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for match in _ORDINAL.finditer(token):
        if not is_ordinal(match[1], match[2], language):
            continue
        parts.append((token[at:match.end(1)], False))
        parts.append((match[2], True))
        at = match.end()
    if at < len(token):
        parts.append((token[at:], False))
    return [(text, sup) for text, sup in parts if text]
