"""What a lint rule reports: a finding at a place in a file, perhaps with a safe fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Fix:
    """Replace columns [column, end) of one line (1-based, in characters) by `text`."""

    line: int
    column: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int
    column: int
    code: str
    message: str
    fix: Fix | None = None


@dataclass(frozen=True)
class LintContext:
    """What the rules need to know about the book."""

    language: str = "en"  # base language: en, ru, de, fr, …
    dash: str = " – "  # the house dash as it should be typed in the source
