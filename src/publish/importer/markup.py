"""Manuscripts in a markup of plain text that pandoc reads: LaTeX, reStructuredText, Org,
AsciiDoc, Typst, FictionBook, DocBook and others (and HTML, read the same way).

Each is decoded as a plain text is (encoding detected), its included files put in their places
(`inputs`), and read by pandoc's reader, sandboxed; a LaTeX or DocBook book's divisions are
marked (`divisions`), and the file of references it names comes with it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from publish.errors import PublishError
from publish.importer.divisions import docbook_authors, docbook_divisions, latex_divisions, mark_divisions
from publish.importer.encoding import decode
from publish.importer.fb2 import poem_feet_marked
from publish.importer.html_figures import marked_captions
from publish.importer.html_verse import verse_pres
from publish.importer.index_subentries import index_subentries, marked_subentries
from publish.importer.inputs import SYNTAX as INCLUDING
from publish.importer.inputs import with_inputs
from publish.importer.markdown import ast_text
from publish.importer.report import ImportReport
from publish.pandoc import run_pandoc

# Markup in a text file: decoded as plain text is, its pictures found beside it as HTML's are.
MARKUP = {"latex": "LaTeX", "rst": "reStructuredText", "org": "Org", "asciidoc": "AsciiDoc", "typst": "Typst",
          "fb2": "FictionBook (.fb2)", "docbook": "DocBook", "textile": "Textile", "mediawiki": "MediaWiki",
          "djot": "Djot", "muse": "Muse", "t2t": "txt2tags", "ipynb": "Jupyter notebook (.ipynb)",
          "man": "man page (roff)", "pod": "Perl POD", "opml": "OPML outline", "dokuwiki": "DokuWiki",
          "creole": "Creole", "jira": "Jira markup", "tikiwiki": "TikiWiki", "twiki": "TWiki",
          "csv": "CSV table", "tsv": "TSV table", "jats": "JATS XML", "json": "pandoc's JSON",
          "haddock": "Haddock markup", "vimwiki": "Vimwiki"}
_INCLUDED = re.compile(r"Could not load include file (?P<name>\S+)|File (?P<name2>\S+) not found in resource path")


def read_markup(source: Path, data: bytes, kind: str, media: Path, encoding: str | None, language: str | None,
                 report: ImportReport) -> dict:
    """HTML or markup, decoded as a plain text is, its included files put in their places."""
    decoded = decode(data, source, encoding=encoding, language=language or "")
    report.encoding, report.warnings = decoded.encoding, list(decoded.warnings)
    text = decoded.text
    if kind in INCLUDING and (put := with_inputs(text, kind, source, encoding))[1]:
        text = put[0]
        report.decisions.append(f"includes:        {put[1]} file{'s' * (put[1] != 1)} the main file includes "
                                "read in their places")
    if kind == "html" and (verse := verse_pres(text))[1]:
        text = verse[0]
        report.decisions.append(f"verse:           {verse[1]} <pre> of words (not code, nor a table in spaces) as "
                                "line blocks, their lines and links kept")
    if kind == "html":
        text = marked_subentries(marked_captions(text))
    if kind == "fb2":
        text = poem_feet_marked(text)
    if kind == "csv" and (commas := _comma_separated(text)) != text:
        text = commas
        report.decisions.append("table:           its values separated by semicolons (as a spreadsheet saves CSV "
                                "where the comma is the decimal mark), read as separated by commas")
    doc = json.loads(_read_text(text, kind, media, source))
    if kind == "html" and (subentries := index_subentries(doc["blocks"])):
        report.decisions.append(f"index:           {subentries} sub-entr{'ies' if subentries != 1 else 'y'} "
                                "(<p class=\"indent\">) in '::: subentry' divs, set in under their entries")
    if kind == "docbook" and (authors := docbook_authors(text)):
        doc["meta"]["author"] = {"t": "MetaList", "c": [{"t": "MetaString", "c": name} for name in authors]}
    listed = latex_divisions(text) if kind == "latex" else docbook_divisions(text) if kind == "docbook" else []
    if marked := mark_divisions(doc["blocks"], listed):
        report.decisions.append(f"divisions:       {marked} heading{'s' * (marked != 1)} of a part or of front or "
                                "back matter (\\part, \\backmatter; <part>, <appendix>) marked so")
    return doc


def _comma_separated(text: str) -> str:
    """A table whose values are separated by semicolons, every row alike, with commas: pandoc's CSV
    reader reads commas only, and stopped at the first ';' (pandoc's test/command/01.csv)."""
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=";") if row]
        head = next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        return text
    if not rows or len(head) > 1 or len(rows[0]) < 2 or len({len(row) for row in rows}) != 1:
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _read_text(text: str, kind: str, media: Path, source: Path) -> str:
    """HTML or markup through pandoc's reader, refused when it includes a file (pandoc under
    --sandbox reads none: LaTeX's \\input was left out with a warning, a chapter lost)."""
    # Standalone, the rst reader takes a lone top-level title (and a lone one under it) as the
    # document's title and subtitle, and its field list as authors and date, as docutils does.
    standalone = ["--standalone"] if kind == "rst" else []
    try:
        tree, said = run_pandoc(text, [f"--from={kind}", *standalone, f"--extract-media={media}", "--to=json"],
                                what=str(source))
    except PublishError as exc:
        if not _INCLUDED.search(exc.diagnostic.message):
            raise _unreadable(exc.diagnostic.message, kind, source) from None
        tree, said = "", exc.diagnostic.message
    if included := _INCLUDED.search(said):
        raise PublishError(f"includes another file, {included['name'] or included['name2']}, which the import "
                           "does not read", file=source,
                           hint="join the files into one (paste each included file in its place), then import that")
    # Typst's #h(1em) comes as an en or em quad, which Unicode's normal form (NFC) writes as the en or
    # em space: the Nu checker warned of every one in the web edition (201 in undergradmath.typ).
    return tree.translate(_QUADS)


_QUADS = str.maketrans({"\u2000": "\u2002", "\u2001": "\u2003"})


_AT = re.compile(r"\(line (\d+), column (\d+)\):?\s*|^(\d+):(\d+) \(\d+\)-\d+:\d+ \(\d+\):\s*", re.M)
# An XML reader's element, `EventEndElement (Name {nameLocalName = "sect1", …})`, as its tag.
_XML_NAME = re.compile(r"(?:EventEndElement \()?Name \{nameLocalName = \"([^\"]+)\"[^}]*\}\)?")


def _unreadable(said: str, kind: str, source: Path) -> PublishError:
    """Pandoc's parser error ("Error at (line 639, column 13):", its expectations and a caret on
    lines of their own, or a Typst module's whole dump) as one line: where, and what it met."""
    at = _AT.search(said)
    what = said[at.end():] if at else said.removeprefix("pandoc failed:")
    what = " ".join(what.strip().splitlines()[0].split()) if what.strip() else "it stopped"
    what = _XML_NAME.sub(lambda m: f"</{m[1]}>" if m[0].startswith("EventEnd") else f"<{m[1]}>", what)
    line, column = (at[1] or at[3], at[2] or at[4]) if at else (None, None)
    what = what if len(what) <= 80 else what[:79] + "…"
    hint = ("pandoc reads values separated by commas (.csv) or tabs (.tsv): save the table so"
            if kind in ("csv", "tsv") else
            "correct the text there (or export the document again from the program that made it), then import again")
    return PublishError(f"pandoc's {MARKUP[kind]} reader cannot read it"
                        + (f" at column {column}" if at else "") + f": {what}",
                        file=source, line=int(line) if at else None, hint=hint)


def bibliographies(meta: dict, source: Path, report: ImportReport) -> dict[str, bytes]:
    """The files of references the manuscript names (LaTeX's \\bibliography{refs}, Org's
    #+bibliography:), copied beside text.md, so that the build formats its citations."""
    named = meta.get("bibliography")
    names = [_meta_text(v) for v in named["c"]] if named and named.get("t") == "MetaList" else [_meta_text(named)]
    root, found = source.parent.resolve(), {}
    for name in filter(None, (n.strip() for n in names)):
        path = (root / name).resolve()
        if path.suffix == "" and not path.is_file():
            path = path.with_name(path.name + ".bib")
        if path.is_relative_to(root) and path.is_file():
            found.setdefault(path.name, path.read_bytes())
        else:
            report.warnings.append(f"the bibliography '{name}' is not beside the manuscript: copy it into the "
                                   "manuscript folder and name it in book.yaml (bibliography: FILE)")
    return found




def _meta_text(value: dict | None) -> str:
    """A metadata value's text (a file's name: a string, or inlines)."""
    if not value:
        return ""
    return value["c"] if value.get("t") == "MetaString" else " ".join(ast_text(value.get("c", [])).split())
