"""One module per edition; each turns the Book into files. A new edition is one new module."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from publish.model import Book


@dataclass(frozen=True)
class Artifact:
    """An edition's files, by path relative to the output folder, before anything is written."""

    edition: str
    files: dict[str, bytes] = field(default_factory=dict)
    folder: str | None = None  # set when the edition is a whole folder replaced at once
    page_texts: list[str] | None = None  # the PDF's: each page's text but its margins, when typeset in parts


class Edition(Protocol):
    name: str

    def render(self, book: Book) -> Artifact: ...


def editions() -> dict[str, Edition]:
    from publish.editions import epub, html, pdf

    return {e.name: e for e in (pdf.PdfEdition(), epub.EpubEdition(), html.HtmlEdition())}
