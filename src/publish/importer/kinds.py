"""What a file is when its name does not say it: an XML document by its root element, a man page by
its macros, pandoc's own JSON; and the files that are no manuscript at all (a bibliography, slides,
a spreadsheet, a zip archive), refused with what to do rather than read as plain text, where a
notebook's JSON or a BibTeX file printed as the book's words.
"""

from __future__ import annotations

import re
from pathlib import Path

from publish.errors import PublishError

_ROOT = re.compile(rb"<([A-Za-z][\w.:-]*)")
_PROLOGUE = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*",
                       re.S)
_DOCBOOK_ROOTS = {"book", "article", "chapter", "part", "section", "sect1", "preface", "appendix", "refentry", "set"}
# A JATS body's parts, as pandoc's JATS writer writes a fragment (no <article>): elements only JATS has.
_JATS_PARTS = {"sec", "table-wrap", "table-wrap-group", "fig", "fig-group", "boxed-text", "disp-quote", "ref-list",
               "fn-group", "def-list"}
# ...and, in a fragment opening with a paragraph (pandoc's tables.jats_archiving), its marks.
_JATS_MARKS = re.compile(rb"<(?:table-wrap|sec|ext-link|list list-type|disp-quote)[\s>]")
_JSON_OPENING = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*(?:\{\s*"|\[\s*\{\s*")')
_MAN_PAGE = re.compile(rb"\A(?:\.\\\".*\n|'\\\".*\n|\s*\n)*\.(?:TH|Dd)\s", re.M)

# A wiki's heading, as many "=" after it as before: "====== Title ======" (DokuWiki's first level),
# "= Title =" (Creole's); the inline markup both wikis share, **bold**, //italic// (not a URL's
# "://"), [[a link]]; and MediaWiki's, which has "=" headings too.
_WIKI_HEADING = re.compile(rb"(?m)^(={1,6})[ \t]*[^=\s][^\n]*?[ \t]*\1[ \t]*\r?$")
_WIKI_INLINE = re.compile(rb"\*\*[^*\s][^*\n]*\*\*|(?<![:/])//[^/\s][^/\n]*(?<![:/])//|\[\[[^\]\n]+\]\]")
_MEDIAWIKI = re.compile(rb"'''|^\{\||<ref[ >]", re.M)

_BIBLIOGRAPHY = ("a bibliography, not a manuscript",
                 "copy it beside text.md, name it in book.yaml (bibliography: FILE) and cite its entries "
                 "in the text ([@key]); import the manuscript itself")
_NOT_MANUSCRIPTS = {
    ".bib": _BIBLIOGRAPHY, ".bibtex": _BIBLIOGRAPHY, ".biblatex": _BIBLIOGRAPHY, ".ris": _BIBLIOGRAPHY,
    ".enl": _BIBLIOGRAPHY,
    ".pptx": ("a presentation (slides), not a manuscript",
              "save its text as a Word document or as Rich Text (.docx, .rtf) and import that"),
    ".ppt": ("a presentation (slides), not a manuscript",
             "save its text as a Word document or as Rich Text (.docx, .rtf) and import that"),
    ".odp": ("a presentation (slides), not a manuscript",
             "save its text as a Word document or as Rich Text (.docx, .rtf) and import that"),
    ".key": ("a presentation (slides), not a manuscript",
             "save its text as a Word document or as Rich Text (.docx, .rtf) and import that"),
    ".xlsx": ("a spreadsheet, not a manuscript", "save the sheet as CSV and import that (a book of its table), or "
              "put its table into the manuscript"),
    ".xls": ("a spreadsheet, not a manuscript", "save the sheet as CSV and import that (a book of its table), or "
             "put its table into the manuscript"),
    ".ods": ("a spreadsheet, not a manuscript", "save the sheet as CSV and import that (a book of its table), or "
             "put its table into the manuscript"),
    ".fodt": ("a flat OpenDocument text (.fodt), which pandoc does not read",
              "open it in LibreOffice and save it as .odt, then import that"),
    ".ms": ("roff with the ms macros, which pandoc does not read",
            "make HTML of it (`groff -ms -Thtml FILE.ms > FILE.html`) and import that"),
    ".texi": ("Texinfo, which pandoc does not read", "convert it to DocBook (`texi2any --docbook FILE.texi`) "
              "and import that"),
    ".texinfo": ("Texinfo, which pandoc does not read", "convert it to DocBook (`texi2any --docbook FILE.texi`) "
                 "and import that"),
}


def sniffed_kind(source: Path, data: bytes) -> str | None:
    """The kind of a file its name does not tell (None: plain text), or an error for one that is
    no manuscript."""
    suffix = source.suffix.lower()
    if suffix in _NOT_MANUSCRIPTS:
        what, hint = _NOT_MANUSCRIPTS[suffix]
        raise PublishError(what, file=source, hint=hint)
    if data.startswith(b"PK\x03\x04"):
        raise PublishError("a zip archive of a kind publish does not read", file=source,
                           hint="import a .docx, .odt, .epub or .fbz as it is, or the manuscript inside the archive")
    head = data[:20000]
    if _MAN_PAGE.match(head):
        return "man"
    if suffix == ".json" or _JSON_OPENING.match(head):
        return _json_kind(source, head)
    root = _ROOT.match(head, _PROLOGUE.match(head).end())
    if not root:
        return None
    return _xml_kind(source, head, root[1].decode("ascii", "replace").split(":")[-1])


def wiki_kind(data: bytes) -> str | None:
    """'dokuwiki' or 'creole' for a plain text's name over a text written in one, by strong cues
    only: two headings or more set between "="s, the first level as that wiki writes it
    (DokuWiki's "====== Title ======", six or five "="; Creole's "= Title =", one) and none of
    the other's, and the wikis' **bold**, //italic// or [[links]] in the text. A text that only
    looks so (a heading set off by "===" lines, no wiki markup; MediaWiki's '''bold''') is None."""
    head = data[:200_000]
    levels = [len(m[1]) for m in _WIKI_HEADING.finditer(head)]
    if len(levels) < 2 or not _WIKI_INLINE.search(head) or _MEDIAWIKI.search(head):
        return None
    if max(levels) >= 5 and 1 not in levels:
        return "dokuwiki"
    if 1 in levels and max(levels) < 5:
        return "creole"
    return None


_MEDIAWIKI_MARKS = re.compile(rb"''|^\{\||<ref[ >]|\[\[(?:Category|File|Image):", re.M)


def vimwiki(data: bytes) -> bool:
    """A `.wiki` file (MediaWiki's name, and Vimwiki's) written in Vimwiki: headings set between
    "="s, its first level "= Title =" among them, and nothing only MediaWiki writes (two or three
    quotes round emphasis, tables opened with a brace and a bar, refs, categories)."""
    head = data[:200_000]
    levels = [len(m[1]) for m in _WIKI_HEADING.finditer(head)]
    return len(levels) >= 2 and 1 in levels and not _MEDIAWIKI_MARKS.search(head)


def _xml_kind(source: Path, head: bytes, root: str) -> str | None:
    """The kind of an XML document by its root; None for a text that only opens with a tag."""
    if root == "FictionBook":
        return "fb2"
    if root in ("html", "xhtml"):
        return "html"
    if root == "opml":
        return "opml"
    if root == "article" and (b"JATS" in head or b"NLM//DTD" in head or b"<article-meta" in head or b"<front>" in head):
        return "jats"
    if root in _JATS_PARTS:
        return "jats"
    if root in _DOCBOOK_ROOTS:
        return "docbook"
    if root in ("document", "document-content") and b"urn:oasis:names:tc:opendocument" in head:
        what, hint = _NOT_MANUSCRIPTS[".fodt"]
        raise PublishError(what, file=source, hint=hint)
    if root == "xml" and b"<records" in head:
        raise PublishError("an EndNote library (XML), a bibliography, not a manuscript", file=source,
                           hint=_BIBLIOGRAPHY[1])
    if source.suffix.lower() == ".xml" and root in ("p", "title") and _JATS_MARKS.search(head):
        return "jats"
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"<?xml", b"<!DOCTYPE")):
        return None
    raise PublishError(f"an XML document of a kind publish does not read (its root is <{root}>)", file=source,
                       hint="DocBook, JATS, FictionBook and XHTML are read: convert it to one of them (or to "
                            ".docx) and import that")


def _json_kind(source: Path, head: bytes) -> str:
    if b'"pandoc-api-version"' in head:
        return "json"
    if b'"nbformat"' in head or b'"cells"' in head:
        return "ipynb"
    if re.search(rb'"(?:id|citation-key)"\s*:', head) and re.search(rb'"type"\s*:', head):
        raise PublishError("a bibliography (CSL JSON), not a manuscript", file=source, hint=_BIBLIOGRAPHY[1])
    raise PublishError("a JSON file, not a manuscript", file=source,
                       hint="import the manuscript itself (.md, .docx, .odt, .epub, .html, .txt …)")
