"""What `publish import` decided, for the user to check."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ImportReport:
    source: Path
    kind: str = "plain text"  # "plain text", "Project Gutenberg text", "docx", "odt", "html", "epub"
    encoding: str = ""
    line_endings: str = ""
    language: str = ""
    paragraph_rule: str = ""
    paragraphs: int = 0
    moved: list[tuple[str, str]] = field(default_factory=list)  # (book.yaml key, source text)
    run_in_headings: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    heading_level: int = 1  # of the headings listed: a document's chapters may be `## ` (an EPUB's <h2>)
    decisions: list[str] = field(default_factory=list)  # conventions applied, one line each
    note_restarts: int = 0  # the source's notes numbered from 1 again so many times (note_restarts.py)
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    body_lines: tuple[int, int] = (0, 0)  # first and last source line of the body
    first_paragraph: str = ""
    last_paragraph: str = ""
    words_in: int = 0
    words_out: int = 0  # in text.md
    words_moved: int = 0  # in book.yaml
    words_set_aside: int = 0  # in the files set aside (licence, title pages)
    markup_words: Counter = field(default_factory=Counter)  # source words that were markup ([1], Illustration)
    markup_kinds: str = "[1] calls, Illustration"  # what that markup was, for the report

    def summary(self) -> str:
        first, last = self.body_lines
        out = [f"Imported {self.source} ({self.kind})"]
        if self.encoding:
            out.append(f"  encoding:        {self.encoding}" + (
                f", line endings {self.line_endings}" if self.line_endings else ""))
        out.append(f"  language:        {self.language}")
        if self.paragraph_rule:
            out.append(f"  paragraph rule:  {self.paragraph_rule}")
        where = f"lines {first}–{last}, " if last else ""
        out += [
            f"  body:            {where}{self.paragraphs} paragraphs",
            f"    first: {_excerpt(self.first_paragraph)}",
            f"    last:  {_excerpt(self.last_paragraph)}",
        ]
        out += [f"  {line}" for line in self.decisions]
        out.append(f"  headings ({len(self.headings)}), written as '{'#' * self.heading_level} ' "
                   "(an underlined one by its level):")
        out += [f"    {_excerpt(h, 66)}" for h in self.headings]
        if self.moved:
            out.append(f"  taken out of the body ({len(self.moved)}), as book.yaml key:")
            out += [f"    {what:<24} {_excerpt(text, 60)}" for what, text in self.moved]
        if self.paragraph_rule.startswith("one paragraph per line"):
            out.append(f"  run-in headings ({len(self.run_in_headings)}), marked [..]{{.run-in}}:")
            out += [f"    {head}" for head in self.run_in_headings]
        markup = sum(self.markup_words.values())
        out += [
            "  round trip:      pandoc reads every block back as the source text",
            f"  words:           {self.words_in} in the source: {self.words_out} in text.md"
            + (f", {self.words_moved} in book.yaml" if self.words_moved else "")
            + (f", {self.words_set_aside} set aside" if self.words_set_aside else "")
            + (f", {markup} markup ({self.markup_kinds})" if markup else ""),
            "  written:         " + listed([str(p) for p in self.files]),
        ]
        out += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(out)


def listed(names: list[str], most: int = 8) -> str:
    """The names, the first `most` of a long list and how many more (a history's 365 pictures)."""
    shown = ", ".join(names[:most])
    return shown + (f", and {len(names) - most} more" if len(names) > most else "")


def words(text: str) -> list[str]:
    """Words for comparison: case, quotes, dashes and other punctuation do not count (nor "=",
    a mark of bold in a plain text as much as a sign, nor a text table's bars and crosses)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(" " if unicodedata.category(c)[0] in "PZ" or c in "`´=|+" else c for c in text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf").split()


def _excerpt(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
