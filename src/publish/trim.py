"""Trim sizes for the print edition: by name ('A5', 'royal') or 'W x H' with units."""

from __future__ import annotations

import re

POINTS = {"in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0, "pc": 12.0}

DEFAULT = "5.5x8.5in"

# Common trims by name, in points (width, height).
NAMED = {
    "digest": (396.0, 612.0),  # 5.5 × 8.5 in
    "a5": (148 * POINTS["mm"], 210 * POINTS["mm"]),
    "us-trade": (432.0, 648.0),  # 6 × 9 in
    "royal": (156 * POINTS["mm"], 234 * POINTS["mm"]),
    "demy": (138 * POINTS["mm"], 216 * POINTS["mm"]),
    "b-format": (129 * POINTS["mm"], 198 * POINTS["mm"]),
}

_SIZE = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt|pc)?\s*[x×]\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt|pc)\s*$", re.I
)
# Below this a book is a pamphlet, above it a folio: most likely a typo either way.
SMALLEST, LARGEST = 2 * 72.0, 17 * 72.0


def parse_trim(text: str) -> tuple[float, float] | None:
    """'6x9in', '148 × 210 mm', 'A5', 'royal' → (width, height) in points; None if unreadable."""
    key = text.strip().lower()
    if key in NAMED:
        return NAMED[key]
    match = _SIZE.match(key)
    if not match:
        return None
    width, unit_w, height, unit = match.groups()
    w = float(width) * POINTS[(unit_w or unit).lower()]
    h = float(height) * POINTS[unit.lower()]
    if not (SMALLEST <= w <= LARGEST and SMALLEST <= h <= LARGEST):
        return None
    return w, h


_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt|pc)\s*$", re.I)


def parse_length(text: str) -> float | None:
    """'0.125in', '3mm' → points; None if unreadable."""
    match = _LENGTH.match(text)
    return float(match[1]) * POINTS[match[2].lower()] if match else None


def parse_margins(text: str) -> tuple[float, float, float, float] | None:
    """'0.75in 0.6in 0.8in 0.75in' → (top, outside, bottom, inside) in points, one to four
    lengths as CSS's `margin` reads them on a recto (right is outside); None if unreadable."""
    lengths = [parse_length(part) for part in text.split()]
    if not 1 <= len(lengths) <= 4 or None in lengths:
        return None
    top, outside, bottom, inside = {
        1: lambda a: (a, a, a, a), 2: lambda a, b: (a, b, a, b), 3: lambda a, b, c: (a, b, c, b),
        4: lambda a, b, c, d: (a, b, c, d),
    }[len(lengths)](*lengths)
    return top, outside, bottom, inside
