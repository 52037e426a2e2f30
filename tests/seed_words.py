"""The seed manuscript and its body words, found without the importer, to check what tools keep.

The seed lives beside the checkout: <repo>/../shared/seeds/ (CI clones to $d/p and links $d/shared).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

# absolute(), not resolve(): the seed is found beside the checkout as the user sees it.
SEED = Path(__file__).absolute().parents[2] / "shared" / "seeds" / "000_2e8cce0ba512242f.txt"

# Apostrophe-like symbols that Unicode does not class as punctuation.
_QUOTE_SYMBOLS = "`´"


def require_seed() -> Path:
    """The seed's path; skips the calling test when the seed is not there."""
    if not SEED.is_file():
        pytest.skip(f"seed manuscript not found at {SEED}")
    return SEED


def seed_lines() -> list[str]:
    text = require_seed().read_text(encoding="utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _body_range() -> tuple[int, int]:
    """The body runs from the first indented line to the last indented one.

    The series blocks at the top and bottom are never indented, while the body's paragraphs
    mostly are (with spaces or no-break spaces), and both its first and last lines are.
    (Line length does not work: the series blurb at the top is over 200 characters long.)
    """
    lines = seed_lines()
    indented = [i for i, line in enumerate(lines) if line[:1].isspace() and line.strip()]
    return indented[0], indented[-1] + 1


def seed_body_lines() -> list[str]:
    """The seed's non-blank body lines, stripped: one per paragraph."""
    start, end = _body_range()
    return [line.strip() for line in seed_lines()[start:end] if line.strip()]


def seed_metadata_lines() -> list[str]:
    """The non-blank lines outside the body: the series front block and closing block."""
    start, end = _body_range()
    lines = seed_lines()
    return [line.strip() for line in lines[:start] + lines[end:] if line.strip()]


def seed_body_words() -> list[str]:
    return words(" ".join(seed_body_lines()))


def words(text: str) -> list[str]:
    """Words for comparison: casefolded, NFKC, with punctuation, quotes and dashes as spaces.

    Punctuation becomes a space rather than vanishing so typographic spacing changes
    ("agreed :" → "agreed:", "I.V." → "I. V.", "a – b" → "a—b") compare equal, while any
    lost, added or changed letter or digit does not. Soft hyphens and other invisible
    format characters are dropped.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        out.append(" " if category.startswith("P") or char in _QUOTE_SYMBOLS else char)
    return "".join(out).split()
