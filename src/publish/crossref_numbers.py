"""Numbered figures, tables and formulas, and the cross-references to them, in every edition.

A figure whose id begins `fig-` (`![The plan.](plan.svg){#fig-plan}`), a table whose caption ends
in `{#tbl-obs}` and a display formula followed by `{#eq-wave}` (or `fig:`, `tbl:`, `eq:` as
pandoc-crossref writes them) are numbered through the book in order: "Figure 2." opens the
figure's and the table's caption, "(3)" stands beside the formula. Each cross-reference to one
(crossref_cites.py made `@fig-plan` a link classed `crossref`) reads "Figure 2", "Table 1",
"Equation 3"; one to a section or chapter (`@sec-intro`, or any heading's id) reads its title.
Figures and tables with other ids, or none, stay unnumbered, as the editions set them elsewhere.
A cross-reference to an id the book lacks is printed as typed ("@fig-plan") and said, with its
file and line.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import re

from publish.images import locate
from publish.labels import Labels
from publish.model import Book

log = logging.getLogger("publish")

_NUMBERED = re.compile(r'<(figure|table|span)\b[^>]*?\bid="((fig|tbl|eq)[-:][^"]*)"[^>]*>')
_CAPTION = {"figure": re.compile(r"<figcaption\b[^>]*>"), "table": re.compile(r"<caption\b[^>]*>")}
_END = {"figure": "</figure>", "table": "</table>"}
_REF = re.compile(r'<a\b([^>]*?)\bhref="#([^"]*)"([^>]*?)>(.*?)</a>', re.S)
# A heading's id is on it, or on the section it opens (pandoc's `<section id=…><h2>`).
_HEADING = re.compile(r'<(?:h[1-6]|section)\b[^>]*?\bid="([^"]*)"[^>]*>\s*(?:<h[1-6]\b[^>]*>)?(.*?)</h[1-6]>', re.S)
_TAG = re.compile(r"<[^>]+>")


def numbered(book: Book) -> Book:
    """The book with its figures, tables and formulas of `fig-`, `tbl-` and `eq-` ids numbered and
    its cross-references worded."""
    if not any('class="crossref"' in c.body_html or _NUMBERED.search(c.body_html) for c in book.chapters):
        return book
    labels = book.meta.labels
    words: dict[str, str] = {chapter.id: chapter.title for chapter in book.chapters}
    counts = {"fig": 0, "tbl": 0, "eq": 0}
    bodies = []
    for chapter in book.chapters:
        body = chapter.body_html
        for ident, title in _HEADING.findall(body):
            words.setdefault(html.unescape(ident), " ".join(html.unescape(_TAG.sub("", title)).split()))
        inserts: list[tuple[int, str]] = []  # (where, what): the numbers, put in once all are found
        within: list[tuple[int, str, list[int]]] = []  # the numbered figures open here: end, id, subfigures
        for match in _NUMBERED.finditer(body):
            tag, ident, kind = match[1], html.unescape(match[2]), match[3]
            if (tag == "span") != (kind == "eq") or (tag == "span" and 'class="equation"' not in match[0]):
                continue
            if kind == "eq":  # the formula is the span's one child: the number goes after it
                close = body.find("</span>", body.find("</math>", match.end()))
                if close >= 0:
                    counts[kind] += 1
                    words[ident] = _said(labels, kind, counts[kind])
                    inserts.append((close, f'<span class="equation-number">({counts[kind]})</span>'))
                continue
            end = _end_of(body, tag, match.start())
            within = [open_ for open_ in within if open_[0] > match.start()]
            if kind == "fig" and within:  # a subfigure: (a), (b) in its caption, "Figure 2 (a)" in a reference
                subfigures = within[-1][2]
                subfigures.append(1)
                number = f"({chr(ord('a') + len(subfigures) - 1)})"
                words[ident] = f"{words[within[-1][1]]}\u00a0{number}"
            else:
                counts[kind] += 1
                words[ident] = _said(labels, kind, counts[kind])
                number = f"{words[ident]}."
            if tag == "figure":
                within.append((end, ident, []))
            # Its own caption: after the figures within it, if any.
            inner = body.rfind(_END[tag], match.end(), end)
            caption = _CAPTION[tag].search(body, match.end() if inner < 0 else inner, end)
            if caption:
                inserts.append((caption.end(), f'<span class="{tag}-number">{html.escape(number)}</span> '))
        at, out = 0, []
        for where, what in sorted(inserts, key=lambda insert: insert[0]):
            out += [body[at:where], what]
            at = where
        bodies.append("".join(out) + body[at:])
    chapters = []
    for chapter, body in zip(book.chapters, bodies, strict=True):
        said: list[str] = []

        def worded(match: re.Match, said: list[str] = said) -> str:
            if 'class="crossref"' not in match[1] + match[3]:
                return match[0]
            ident = html.unescape(match[2])
            if ident not in words:
                said.append(ident)
                return match[4]
            return f"<a{match[1]}href=\"#{match[2]}\"{match[3]}>{html.escape(words[ident], quote=False)}</a>"

        body = _REF.sub(worded, body)
        for ident in dict.fromkeys(said):
            where = locate(book, chapter, "@" + ident)
            log.warning("%s:%d: the cross-reference @%s leads nowhere: no figure, table, formula or heading has the "
                        "id '%s'; it is printed as typed. Give the figure (or table, formula, heading) that id, "
                        "or correct the reference", where["file"], where["line"], ident, ident)
        chapters.append(dataclasses.replace(chapter, body_html=body) if body != chapter.body_html else chapter)
    return dataclasses.replace(book, chapters=tuple(chapters))


def _end_of(body: str, tag: str, start: int) -> int:
    """Where the element opened at `start` closes, past the same elements within it."""
    depth = 0
    for match in re.compile(rf"<(/?){tag}\b").finditer(body, start):
        depth += -1 if match[1] else 1
        if not depth:
            return match.start()
    return len(body)


def _said(labels: Labels, kind: str, number: int) -> str:
    template = {"fig": labels.figure_ref, "tbl": labels.table_ref, "eq": labels.equation_ref}[kind]
    return template.format(number=number)
