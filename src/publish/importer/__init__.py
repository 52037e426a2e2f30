"""`publish import`: a manuscript as people have it → manuscript/book.yaml + text.md (+ images/).

One module per kind of input: `text` (plain text, with `plain` for lines and paragraphs,
`structure` for headings, quotations and notes, `titlepage` for the author and title at the top,
`gutenberg` for Project Gutenberg's conventions, `encoding` for the bytes), `documents`
(.docx, .odt, .rtf, .html, .epub through pandoc's readers, with `typed_layout` for what authors type
by hand and `word_html` for a page saved from Word; `markup` for LaTeX, reStructuredText, Org,
AsciiDoc, FictionBook (`fb2`) and the other markups of plain text pandoc reads) and `pandoc_markdown` (a manuscript in
Markdown already, kept as written: .md, or a .txt opening with pandoc's title block or a YAML
metadata block). A folder, or another tool's book project (mdBook, GitBook, Leanpub, bookdown,
Quarto, a pandoc project), goes to `project_import`: `book_projects` finds its chapters in the
tool's order, `project_chapters` makes each this manuscript's Markdown (with `project_code` for includes and
code chunks, `project_dialects` for the Markdown pandoc reads otherwise), `project_links` its links.
All of them write through `markdown` (escaped text, read back by pandoc before anything is
written) and `project` (book.yaml), and report what they decided in an ImportReport.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import PublishError

if TYPE_CHECKING:
    from publish.importer.report import ImportReport

DOCUMENTS = {".docx": "docx", ".odt": "odt", ".rtf": "rtf", ".epub": "epub", ".html": "html", ".htm": "html",
             ".xhtml": "html", ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
             ".mmd": "markdown",  # MultiMarkdown (Scrivener's export)
             # other markup pandoc reads, by the names its files go by
             ".tex": "latex", ".latex": "latex", ".ltx": "latex", ".rst": "rst", ".org": "org",
             ".adoc": "asciidoc", ".asciidoc": "asciidoc", ".typ": "typst", ".fb2": "fb2", ".dbk": "docbook",
             ".docbook": "docbook", ".textile": "textile", ".mediawiki": "mediawiki", ".wiki": "mediawiki",
             ".dj": "djot", ".djot": "djot", ".muse": "muse", ".t2t": "t2t", ".ipynb": "ipynb", ".man": "man",
             ".pod": "pod", ".opml": "opml", ".dokuwiki": "dokuwiki", ".creole": "creole", ".jira": "jira",
             ".tikiwiki": "tikiwiki", ".twiki": "twiki", ".csv": "csv", ".tsv": "tsv", ".jats": "jats",
             ".haddock": "haddock",
             # pandoc's writers' names, its tests' files named so (tables/nordics.html4, writer.typst)
             ".html4": "html", ".html5": "html", ".typst": "typst", ".docbook4": "docbook", ".docbook5": "docbook",
             ".jats_archiving": "jats", ".jats_publishing": "jats", ".jats_articleauthoring": "jats"}
# A plain-text file that opens as pandoc Markdown does: a title block ("% Title") or a YAML
# metadata block ("---", "title: …", then "---" or "...").
_MARKDOWN_OPENING = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:% \S"  # a title block
    rb"|---[ \t]*\r?\n(?:[\w-]+:.*\r?\n|[ \t#-].*\r?\n)+?(?:---|\.\.\.)[ \t]*\r?\n)")  # a YAML block

# Markup of pandoc's Markdown that plain texts do not have: ATX headings, fenced code, links and
# notes' calls, table captions, a pipe table's rule.
_MARKDOWN_MARKUP = re.compile(rb"(?m)^#{1,6} \S|^(?:```|~~~)|\]\([^)\s]+\)|\[\^[^\]\s]+\]|^\s*(?:Table)?:  ?\S"
                              rb"|^\|?\s*:?-{3,}:?\s*\|")

_WORD_97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the OLE container of Word's .doc

# Loaded when asked for: a build reads publish.importer.headings and .encoding, and importing
# this package's modules whole cost it 80 ms in each of its processes.
_LAZY = {"RULE_BLANK": "plain", "RULE_INDENT": "plain", "RULE_LINE": "plain", "split_run_in": "plain",
         "ImportReport": "report", "decode": "encoding", "dump_yaml": "project", "escape_inline": "markdown",
         "escape_paragraph": "markdown"}

__all__ = ["DOCUMENTS", "import_text", *_LAZY]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)


def import_text(source: Path, into: Path, *, force: bool = False, language: str | None = None,
                encoding: str | None = None) -> ImportReport:
    """Import `source` into the manuscript folder `into`; the kind of input goes by its name."""
    from publish.importer import fb2
    from publish.importer.book_projects import is_project
    from publish.importer.kinds import sniffed_kind, vimwiki, wiki_kind

    source, into = Path(source), Path(into)
    if is_project(source):  # a folder, or another tool's book project (SUMMARY.md, _quarto.yml…)
        from publish.importer.project_import import import_project

        return import_project(source, into, force=force, language=language)
    data = _read(source)
    kind = DOCUMENTS.get(source.suffix.lower())
    if source.name.lower().endswith(fb2.ZIPPED):
        data, kind = fb2.unzipped(source, data), "fb2"
    if data.startswith(_WORD_97):
        raise PublishError("a Word 97–2003 document (.doc), which publish cannot read", file=source,
                           hint="open it in Word or LibreOffice and save it as .docx (or .odt), then import that")
    if data[60:68] in (b"BOOKMOBI", b"TEXtREAd"):
        raise PublishError("a Kindle book (.mobi, .azw, .azw3), which publish cannot read", file=source,
                           hint="convert it to EPUB (Calibre: `ebook-convert BOOK.azw3 BOOK.epub`), then import that")
    if data.startswith(b"%PDF-"):
        raise PublishError("a PDF, which publish cannot read as a manuscript (its text is laid out in pages)",
                           file=source, hint="import the document it was made from (.docx, .odt, .rtf), or its "
                           "text: `pdftotext FILE.pdf FILE.txt`, then import FILE.txt")
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        kind = "rtf"  # Rich Text, whatever its name (Word's "Save as" often names it .doc or .txt)
    if kind == "mediawiki" and source.suffix.lower() == ".wiki" and vimwiki(data):
        kind = "vimwiki"  # both wikis name their files .wiki
    if not kind:  # an XML document, a man page, a notebook by its content; a bibliography or slides refused
        kind = sniffed_kind(source, data)
    if not kind and source.suffix.lower() in (".txt", ".text", "") and _MARKDOWN_OPENING.match(data[:20000]):
        kind = "markdown"
    wiki = not kind and source.suffix.lower() in (".txt", ".text", "") and wiki_kind(data)
    kind = kind or wiki or None
    if kind == "markdown":
        from publish.importer.pandoc_markdown import import_markdown

        return import_markdown(source, into, data, force=force, language=language, encoding=encoding)
    if kind:
        from publish.importer.documents import import_document

        report = import_document(source, into, data, kind, force=force, language=language, encoding=encoding)
        if wiki:
            report.decisions.insert(0, f"read as:         {report.kind}, by its markup (headings between '='s, "
                                    "**bold**, //italic// or [[links]]), though named as plain text")
        return report
    from publish.importer.text import import_plain

    report = import_plain(source, into, data, force=force, language=language, encoding=encoding)
    if len(_MARKDOWN_MARKUP.findall(data[:2_000_000])) >= 3:
        report.warnings.append("this text holds Markdown's markup (# headings, [links](…), tables with "
                               "'Table:' captions, ``` code): if it is Markdown, name it .md and import it again")
    return report


def _read(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except FileNotFoundError:
        raise PublishError("file not found", file=source) from None
    except IsADirectoryError:
        raise PublishError("is a folder: give the manuscript file", file=source) from None
    except OSError as exc:
        raise PublishError(f"cannot read the file: {exc.strerror}", file=source) from None
