"""Each footnote in the chapter that cites it, for every edition.

Pandoc writes a section's notes at the end of that section; text before the first level-1
heading has no section, so its notes land in the first chapter's block. Here every note
moves to the notes block of the chapter whose text cites it, keeping its number.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from lxml import html as lhtml

from publish.model import Chapter

log = logging.getLogger("publish")

_BLOCK = re.compile(r'<aside id="footnotes[^"]*" class="footnotes[^"]*"[^>]*>.*?</aside>', re.S)
_REF = re.compile(r'<a\b[^>]*\bclass="footnote-ref"[^>]*>')
_HREF = re.compile(r'\bhref="#([^"]+)"')
# pandoc's HTML for notes, exactly as it writes it: the call, the note, the way back, the block.
_CALL = re.compile(r'<a href="#fn(\d+)" class="footnote-ref" id="fnref(\d+)" role="doc-noteref"><sup>(\d+)</sup></a>')
_ITEM = re.compile(r'<li id="fn(\d+)">')
_BACK = re.compile(r'<a href="#fnref(\d+)" class="footnote-back" role="doc-backlink">')
_NOTES_OPEN = re.compile(
    r'<aside id="footnotes(?:-(\d+))?" class="footnotes footnotes-end-of-section" role="doc-footnote">'
    r'\n<hr />\n<ol(?: start="(\d+)")?>'
)


def notes_with_their_calls(chapters: list[Chapter]) -> list[Chapter]:
    """The chapters with every note in the block of the chapter that cites it."""
    cited_in: dict[str, int] = {}
    for index, chapter in enumerate(chapters):
        for tag in _REF.findall(chapter.body_html):
            href = _HREF.search(tag)
            if href:
                cited_in.setdefault(href.group(1), index)
    moved: dict[int, list[tuple[int, lhtml.HtmlElement]]] = {}
    bodies = [c.body_html for c in chapters]
    for index, body in enumerate(bodies):
        for block in _BLOCK.findall(body):
            aside = lhtml.fragment_fromstring(block)
            items = _numbered_items(aside)
            kept = [(n, li) for n, li in items if cited_in.get(li.get("id"), index) == index]
            if len(kept) == len(items):
                continue
            for number, li in items:
                if (number, li) not in kept:
                    moved.setdefault(cited_in[li.get("id")], []).append((number, li))
            bodies[index] = bodies[index].replace(block, _block_html(aside, kept) if kept else "", 1)
    for index, items in moved.items():
        bodies[index] = _add_notes(bodies[index], chapters[index].id, items)
    return [c if body == c.body_html else replace(c, body_html=body) for c, body in zip(chapters, bodies, strict=True)]


_CALL_NUMBER = re.compile(r'(<a\b[^>]*\bclass="footnote-ref"[^>]*><sup>)(\d+)(</sup></a>)')


def notes_numbered_by_chapter(chapters: list[Chapter]) -> list[Chapter]:
    """The chapters with their notes numbered from 1 in each (book.yaml `note_numbers: chapter`),
    as histories number them (Gibbon's 8,000 notes ran to four figures): the numbers printed at
    the calls and before the notes change, not the notes' ids, so each link still leads to its
    note and back."""
    out = []
    for chapter in chapters:
        numbers = [int(m[2]) for m in _CALL_NUMBER.finditer(chapter.body_html)]
        shift = min(numbers) - 1 if numbers else 0
        if shift <= 0:
            out.append(chapter)
            continue
        out.append(replace(chapter, body_html=_shifted_notes(chapter.body_html, shift)))
    return out


def _shifted_notes(body: str, shift: int) -> str:
    body = _CALL_NUMBER.sub(lambda m: f"{m[1]}{int(m[2]) - shift}{m[3]}", body)
    return _BLOCK.sub(lambda m: _shifted_block(m[0], shift), body)


def _shifted_block(block: str, shift: int) -> str:
    aside = lhtml.fragment_fromstring(block)
    items = _numbered_items(aside)
    for _, li in items:
        if li.get("value", "").isdigit():
            li.set("value", str(int(li.get("value")) - shift))
    return _block_html(aside, [(number - shift, li) for number, li in items])


def notes_at_the_end(body: str) -> str:
    """A chapter's body with all its notes in one block at its end. pandoc ends each section with
    the notes called in it (--reference-location=section): the endnotes of a chapter in sections
    (Onegin's stanzas "## I", "## II", …) were printed after each section, not at its end."""
    blocks = _BLOCK.findall(body)
    if not blocks or len(blocks) == 1 and body.rstrip().endswith(blocks[0]):
        return body
    items = [item for block in blocks for item in _numbered_items(lhtml.fragment_fromstring(block))]
    rest = _BLOCK.sub("", body).rstrip("\n")
    return rest + "\n" + _block_html(lhtml.fragment_fromstring(blocks[0]), items) + "\n"


def _numbered_items(aside: lhtml.HtmlElement) -> list[tuple[int, lhtml.HtmlElement]]:
    out = []
    for ol in aside.findall("ol"):
        start = ol.get("start", "1")
        first = int(start) if start.isdigit() else 1
        out.extend((first + i, li) for i, li in enumerate(ol.findall("li")))
    return out


def _add_notes(body: str, chapter_id: str, items: list[tuple[int, lhtml.HtmlElement]]) -> str:
    """The body with `items` joined to its notes block (a new one at its end if it has none)."""
    block = _BLOCK.search(body)
    if block:
        aside = lhtml.fragment_fromstring(block.group(0))
        items = sorted(_numbered_items(aside) + items, key=lambda item: item[0])
        return body[: block.start()] + _block_html(aside, items) + body[block.end():]
    aside = lhtml.fragment_fromstring(
        f'<aside id="footnotes-{chapter_id}" class="footnotes footnotes-end-of-section" role="doc-footnote">'
        "\n<hr>\n</aside>"
    )
    return body.rstrip("\n") + "\n" + _block_html(aside, sorted(items, key=lambda item: item[0])) + "\n"


def _block_html(aside: lhtml.HtmlElement, items: list[tuple[int, lhtml.HtmlElement]]) -> str:
    """The notes block holding `items` in one list, numbered as pandoc numbered them."""
    for ol in aside.findall("ol"):
        aside.remove(ol)
    ol = lhtml.Element("ol")
    first = items[0][0]
    if first != 1:
        ol.set("start", str(first))
    ol.text = "\n"
    for expected, (number, li) in enumerate(items, first):
        if number != expected:  # a gap in the numbers: say each one
            li.set("value", str(number))
        li.tail = "\n"
        ol.append(li)
    ol.tail = "\n"
    aside.append(ol)
    return lhtml.tostring(aside, encoding="unicode")


def count_notes(html: str) -> tuple[int, int] | None:
    """(notes, note blocks) in pandoc's HTML of one part; None unless each note has its call,
    its item and its way back, numbered 1, 2, … as pandoc numbers a document of its own."""
    calls = _CALL.findall(html)
    expected = list(range(1, len(calls) + 1))
    if [int(a) for a, b, c in calls if a == b == c] != expected:
        return None
    if [int(n) for n in _ITEM.findall(html)] != expected or [int(n) for n in _BACK.findall(html)] != expected:
        return None
    blocks = [int(k or 1) for k, _ in _NOTES_OPEN.findall(html)]
    if blocks != list(range(1, len(blocks) + 1)):
        return None
    return len(calls), len(blocks)


def shift_notes(html: str, notes_before: int, blocks_before: int) -> str:
    """One part's HTML numbered as pandoc numbers it inside the whole document: its notes after
    the `notes_before` of the parts before it, its note blocks after their `blocks_before`."""
    if not notes_before and not blocks_before:
        return html

    def call(m: re.Match) -> str:
        n = int(m.group(1)) + notes_before
        return (f'<a href="#fn{n}" class="footnote-ref" id="fnref{n}" role="doc-noteref">'
                f'<sup>{n}</sup></a>')

    def block(m: re.Match) -> str:
        k = int(m.group(1) or 1) + blocks_before
        first = int(m.group(2) or 1) + notes_before
        start = f' start="{first}"' if first != 1 else ""
        suffix = f"-{k}" if k > 1 else ""
        return (f'<aside id="footnotes{suffix}" class="footnotes footnotes-end-of-section" '
                f'role="doc-footnote">\n<hr />\n<ol{start}>')

    html = _CALL.sub(call, html)
    html = _ITEM.sub(lambda m: f'<li id="fn{int(m.group(1)) + notes_before}">', html)
    html = _BACK.sub(lambda m: f'<a href="#fnref{int(m.group(1)) + notes_before}" class="footnote-back" '
                     'role="doc-backlink">', html)
    return _NOTES_OPEN.sub(block, html)


# An empty raw block: pandoc writes nothing for it, but a section holding it is not empty.
_FILLER = {"t": "RawBlock", "c": ["html", ""]}


def keep_notes_of_empty_sections(blocks: list[dict]) -> list[dict]:
    """The blocks with a filler under each heading (level 2 and below) that has nothing under
    it before the next heading of its level or higher: with --reference-location=section,
    pandoc's HTML writer hands the notes called before such an empty section to it, then drops
    them with its empty content (Onegin's chapter four: its epigraph's note, then the omitted
    stanzas "## I. II. III. IV. V. VI" over "## VII", lost from every edition)."""
    out = []
    for n, block in enumerate(blocks):
        out.append(block)
        if block.get("t") == "Header" and block["c"][0] >= 2:
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            if following is None or following.get("t") == "Header" and following["c"][0] <= block["c"][0]:
                out.append(dict(_FILLER))
    return out


_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def warn_repeated_note_labels(files: list[Path], texts: list[str]) -> None:
    """A note label defined twice (`[^1]:` in two chapters, as exported from a word processor
    chapter by chapter): pandoc matches calls to notes by label across the whole book, so one
    of the two notes may take the other's text. Said, with both places."""
    first: dict[str, tuple[Path, int]] = {}
    for path, text in zip(files, texts, strict=True):
        for number, line in _unfenced(text):
            found = _DEFINITION.match(line)
            if found is None:
                continue
            label = found[1].lower()  # pandoc's labels ignore case
            if label in first:
                where, at = first[label]
                log.warning(
                    "%s:%d: the note [^%s] is defined again (first at %s:%d): pandoc matches notes to "
                    "their calls by label across the whole book, so one of them may print the other's "
                    "text; give each note a label of its own", path, number, found[1], where, at)
            else:
                first[label] = (path, number)
    _warn_calls_without_notes(files, texts, set(first))


def _unfenced(text: str) -> Iterator[tuple[int, str]]:
    """The text's lines (numbered from 1) outside its code blocks, whose `[^1]:` is code: fenced,
    or indented four spaces after a blank line where no list item or note holds it (pandoc's
    MANUAL shows its footnotes' syntax so)."""
    fence, code, blank, held = "", False, True, False
    for number, line in enumerate(text.split("\n"), 1):
        opened = _FENCE.match(line)
        indented = bool(line.strip()) and _INDENTED.match(line) is not None
        if opened and (not fence or opened[1].startswith(fence)):
            fence = "" if fence else opened[1][0] * 3
        elif fence:
            pass
        elif indented and (code or (blank and not held)):
            code = True
        else:
            yield number, line
        if line.strip() and not indented:
            code, held = False, _HOLDS_INDENTED.match(line) is not None
        blank = not line.strip()


_INDENTED = re.compile(r"^(?: {4}|\t)")
# A line whose indented paragraphs after it are its own, not code: a list item, a note, a definition.
_HOLDS_INDENTED = re.compile(r"^ {0,3}(?:[-+*]|\(?(?:\d+|#|[a-zA-Z]|[ivxlcIVXLC]+)[.)]|[:~]|\[\^[^\]\s]+\]:)(?:\s|$)")


_CALL_TEXT = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_CODE_SPAN = re.compile(r"(`+).+?\1")


def _warn_calls_without_notes(files: list[Path], texts: list[str], labels: set[str]) -> None:
    """A call `[^12]` whose note is never written is printed as it is typed, "[^12]", in every
    edition (pandoc takes it for text). Said, with its place."""
    for path, text in zip(files, texts, strict=True):
        for number, line in _unfenced(text):
            for call in _CALL_TEXT.finditer(_CODE_SPAN.sub("", line)):
                if call[1].lower() not in labels:
                    labels.add(call[1].lower())  # said once
                    log.warning("%s:%d: the note [^%s] is called but never written: every edition prints "
                                "'[^%s]' as text; write the note ([^%s]: …) or remove the call",
                                path, number, call[1], call[1], call[1])
