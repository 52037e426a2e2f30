"""Roman and arabic numerals and the series label "No. X of XL"."""

from __future__ import annotations

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def to_roman(n: int) -> str:
    if not 0 < n < 4000:
        raise ValueError(f"roman numerals cover 1 to 3999, not {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int:
    """Parse a roman numeral strictly: only canonical forms round-trip."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    upper = text.strip().upper()
    if not upper or any(c not in values for c in upper):
        raise ValueError(f"not a roman numeral: {text!r}")
    total = 0
    for i, c in enumerate(upper):
        v = values[c]
        total += -v if i + 1 < len(upper) and values[upper[i + 1]] > v else v
    if to_roman(total) != upper:
        raise ValueError(f"not a canonical roman numeral: {text!r}")
    return total


def numeral(n: int, style: str) -> str:
    return to_roman(n) if style == "roman" else str(n)


def series_label(number: int, total: int, style: str = "roman", pattern: str = "No.\u00a0{number} of {total}") -> str:
    """The series position as printed: "No. X of XL" (the pattern is in the book's language: labels.py)."""
    return pattern.format(number=numeral(number, style), total=numeral(total, style))
