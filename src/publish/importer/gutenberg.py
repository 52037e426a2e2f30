"""Project Gutenberg conventions (also common in other hard-wrapped plain text).

* The licence boilerplate before "*** START OF …" and after "*** END OF …" (and a "Produced by"
  credit at the start of the text) goes to a separate file beside the manuscript, word for word.
* Title, Author and Language from the header become book.yaml keys.
* `_italics_` becomes emphasis, `--` a dash (—).
* `[Illustration: caption]` becomes an `::: illustration` block with the caption.
* `[1]` markers and the notes under a `FOOTNOTES:` line (or `[Footnote 1: …]` blocks) become
  pandoc footnotes at the marker. A note nobody calls stays text, with a warning.
* `*` and `*(2)` markers with their notes in indented `* …` and `* (2) …` paragraphs after
  them become pandoc footnotes too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from publish.importer.markdown import Inline, ast_text

# The header ends at "*** START OF THE PROJECT GUTENBERG EBOOK …", or, in an etext of the 1990s
# (Romeo and Juliet, #1513, 1998), at the last line of its licence, "*END*THE SMALL PRINT! …*END*".
_START = re.compile(r"^\s*(?:\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG|\*END\*?\s*THE SMALL PRINT!)",
                    re.IGNORECASE)
_END = re.compile(
    r"^\s*(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg)", re.IGNORECASE
)
# War and Peace's header says "Translators: Louise and Aylmer Maude": read as "Translator".
_HEADER_FIELD = re.compile(r"^(?P<key>Title|Author|Language|Translator|Subtitle)s?:\s*(?P<value>\S.*)$")
_PRODUCED = re.compile(r"^(?:Produced|Transcribed|E-text prepared"
                       r"|This e-?(?:text|book) was (?:produced|prepared|transcribed)) by\b", re.IGNORECASE)
_ILLUSTRATION = re.compile(r"^\[Illustration(?::\s*(?P<caption>.*?))?\]$", re.DOTALL)
_SIDENOTE = re.compile(r"^\[Sidenote:\s*(?P<text>[^\[\]]*?)\s*\]$")
_FOOTNOTES_LINE = re.compile(r"^(?:FOOTNOTES|NOTES|Footnotes|ПРИМЕЧАНИЯ|Примечания|СНОСКИ):?$")
_DEFINITION = re.compile(r"^\[(?P<label>\d{1,3}|[A-Za-z])\]\s*(?P<text>\S.*)$", re.DOTALL)
_INLINE_DEFINITION = re.compile(r"^\[Footnote (?P<label>\d{1,3}|[A-Z]):\s*(?P<text>.*)\]$", re.DOTALL)
# Gutenberg's War and Peace calls its notes with an asterisk after a word, "*(2)" for the second
# in a paragraph, and sets each in an indented "* text" or "* (2) text" paragraph after the call.
_STAR = r"(?<=[\w.,;:!?’”»…)])\s?\*(?:\s?\((?P<star>\d{1,2})\))?(?![\w*])"
# Royallib's texts (FB2 saved as text) keep each note in its call: "повеса[3 - Писано в Бесарабии.]".
_IN_CALL = r"\[(?P<own>\d{1,3}) - (?P<own_text>[^\[\]\n]*[^\[\]\s])\s?\]"
_MARKER = re.compile(rf"\[(?P<label>\d{{1,3}}|[A-Za-z])\]|{_IN_CALL}|{_STAR}")
_STAR_DEFINITION = re.compile(r"^\*\s*(?:\((?P<label>\d{1,2})\)\s*)?(?P<text>[^\s*][^*]*)$", re.DOTALL)
_EMPH = re.compile(r"(?<![\w_])_(?=\S)(?P<text>[^_]+?)(?<=\S)_(?![\w_])")
# Bold in a plain text, as Distributed Proofreaders mark it: =word=, or #word# (Harold Speed's
# "#rhythm#"; a # before a figure is a number sign: "plates #1 and #2").
_STRONG = re.compile(r"(?<![\w=#])(?:=(?=[^\s=])(?P<strong>[^=]+?)(?<=\S)="
                     r"|#(?=[^\W\d_])(?P<hashed>[^#]+?)(?<=\S)#)(?![\w=#])")
_MARKED = re.compile(f"{_EMPH.pattern}|{_STRONG.pattern}")
_DASHES = re.compile(r"(?<!-)-{2,}(?!-)")
LANGUAGES = {"english": "en", "russian": "ru", "french": "fr", "german": "de", "spanish": "es",
             "italian": "it", "polish": "pl", "portuguese": "pt", "dutch": "nl", "czech": "cs", "catalan": "ca",
             "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi", "hungarian": "hu",
             "ukrainian": "uk", "latin": "la", "greek": "el"}


@dataclass
class Licence:
    """The Project Gutenberg header and footer, and the metadata the header gives."""

    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    credit: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        parts = ["\n".join(self.header).strip("\n")]
        if self.credit:
            parts.append("\n".join(self.credit))
        parts.append("\n".join(self.footer).strip("\n"))
        return "\n\n[…the text of the book…]\n\n".join(p for p in parts if p) + "\n"


def split_licence(lines: list[str]) -> tuple[list[str], Licence | None, int]:
    """(body lines, licence or None, index of the first body line in `lines`)."""
    start = next((i for i, line in enumerate(lines) if _START.match(line)), None)
    if start is None:
        return lines, None, 0
    end = next((i for i in range(start + 1, len(lines)) if _END.match(lines[i])), len(lines))
    licence = Licence(header=lines[: start + 1], footer=lines[end:])
    for line in licence.header:
        match = _HEADER_FIELD.match(line.strip())
        if match and match["key"] not in licence.fields:
            licence.fields[match["key"]] = match["value"].strip()
    body = lines[start + 1 : end]
    first = start + 1
    # A "Produced by …" credit (up to the next blank line) opens the text: it belongs to the licence,
    # with an older e-text's heading over it and the producers' thanks under it.
    filled = next((i for i, line in enumerate(body) if line.strip()), None)
    credit = _credit_line(body, filled)
    if filled is not None and credit is not None:
        stop = next((i for i in range(credit, len(body)) if not body[i].strip()), len(body))
        while (more := _thanks(body, stop)) is not None:
            stop = more
        licence.credit = [line.strip() for line in body[filled:stop] if line.strip()]
        body, first = body[stop:], first + stop
    return body, licence, first


# An older e-text's own heading over its credit: Candide's "The Project Gutenberg Etext of Candide",
# "by Voltaire", "(#6 in our series by Voltaire)", "***".
_ETEXT_HEADING = re.compile(r"^(?:the project gutenberg e-?(?:text|book) of\b.*|by\s.*"
                            r"|\(#\d+ in our series\b.*\)|\*+)$", re.IGNORECASE)
ETEXT_HEADING_LINES = 6
# The producers' thanks under their credit: to a library for its scans, in any language.
_THANKS = re.compile(r"\b(?:e-?texts?|e-?books?|OCR|scans|image files|Distributed Proofread\w*|Internet Archive"
                     r"|gallica|www[.:])", re.IGNORECASE)
THANKS_LINES = 12  # a paragraph of thanks, at most
THANKS_GAP = 3  # blank lines between the credit and its thanks, at most


def _credit_line(body: list[str], filled: int | None) -> int | None:
    """Where the "Produced by" credit starts: the first line, or the first after an old e-text's heading."""
    if filled is None:
        return None
    lines = [i for i in range(filled, len(body)) if body[i].strip()][:ETEXT_HEADING_LINES + 1]
    for i in lines:
        if _PRODUCED.match(body[i].strip()):
            return i
        if not _ETEXT_HEADING.match(body[i].strip()):
            return None
    return None


def _thanks(body: list[str], stop: int) -> int | None:
    """The end of a paragraph of thanks for the e-text starting after line `stop`, else None."""
    start = next((i for i in range(stop, len(body)) if body[i].strip()), None)
    if start is None or start - stop > THANKS_GAP:
        return None
    end = next((i for i in range(start, len(body)) if not body[i].strip()), len(body))
    return end if _THANKS.search(" ".join(body[start:end])) and end - start <= THANKS_LINES else None


def language_code(name: str | None) -> str | None:
    return LANGUAGES.get(name.strip().lower()) if name else None


def illustration(text: str) -> str | None:
    """The caption of an `[Illustration: …]` paragraph ("" for a bare one), else None."""
    match = _ILLUSTRATION.match(text)
    if not match:
        return None
    return (match["caption"] or "").strip()


def sidenote(text: str) -> str | None:
    """The text of a `[Sidenote: …]` paragraph (Distributed Proofreaders' mark for a note set in
    the margin beside the paragraph after it: "[Sidenote: Parallelism]"), else None."""
    match = _SIDENOTE.match(text)
    return match["text"] if match and match["text"] else None


def is_footnotes_line(text: str) -> bool:
    return bool(_FOOTNOTES_LINE.match(text.strip()))


def definition(text: str) -> tuple[str, str] | None:
    """(label, note text) of a footnote paragraph: "[1] text" or "[Footnote 1: text]"."""
    match = _INLINE_DEFINITION.match(text) or _DEFINITION.match(text)
    return (match["label"], match["text"].strip()) if match else None


def star_definition(text: str) -> tuple[str, str] | None:
    """(label, note text) of an asterisk note ("* A bastard.", "* (2) For heaven's sake.")."""
    match = _STAR_DEFINITION.match(text)
    return (_star_label(match["label"]), match["text"].strip()) if match else None


def _star_label(number: str | None) -> str:
    return "*" if number in (None, "1") else f"*{number}"


def is_inline_definition(text: str) -> bool:
    return bool(_INLINE_DEFINITION.match(text))


def dashes(text: str) -> tuple[str, int]:
    """`--` → —, `----` → ——; and how many were replaced."""
    count = 0

    def dash(match: re.Match) -> str:
        nonlocal count
        count += 1
        return "—" * (len(match[0]) // 2)

    return _DASHES.sub(dash, text), count


def inlines(text: str, notes: dict[int, Inline] | None = None, emphasis: bool = True) -> list[Inline]:
    """Text → inlines: `_x_` as emphasis, `=x=` and `#x#` as bold, and the `[n]` markers at the
    offsets in `notes` as those notes."""
    out: list[Inline] = []
    cuts = sorted(notes or {})
    pos = 0
    for offset in cuts:
        out += _emphasis(text[pos:offset], emphasis)
        out.append(notes[offset])
        pos = _MARKER.match(text, offset).end()
    out += _emphasis(text[pos:], emphasis)
    return [i for i in out if i.kind == "note" or i.text]


def _emphasis(text: str, on: bool) -> list[Inline]:
    if not on:
        return [Inline("text", text)]
    out, pos = [], 0
    for match in _MARKED.finditer(text):
        bold = match["strong"] or match["hashed"]
        marked = Inline("strong", bold) if bold else Inline("emph", match["text"])
        out += [Inline("text", text[pos : match.start()]), marked]
        pos = match.end()
    return out + [Inline("text", text[pos:])]


def marker_offsets(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m["label"] or m["own"] or _star_label(m["star"])) for m in _MARKER.finditer(text)]


def without_notes_in_calls(text: str) -> str:
    """The text without the notes written in their calls ("Byron[71 - Прощай…]" → "Byron")."""
    return re.sub(_IN_CALL, "", text)


def notes_in_calls(text: str) -> dict[str, str]:
    """label → text of the notes written in their calls ("[3 - Писано в Бесарабии.]")."""
    return {m["own"]: m["own_text"].strip() for m in _MARKER.finditer(text) if m["own"]}


def split_licence_blocks(blocks: list) -> tuple[list, Licence | None]:
    """(body blocks, licence or None) of a Project Gutenberg HTML book read by pandoc: the blocks
    up to the one holding "*** START OF …" (a <pre> in older books, <section id="pg-header"> in
    newer ones), a "Produced by" paragraph (or heading) right after it, and those from "*** END OF …" on."""
    lines = [_block_lines(block) for block in blocks]
    start = next((i for i, block in enumerate(lines) if any(_START.match(line) for line in block)), None)
    if start is None:
        return blocks, None
    end = next((i for i in range(start + 1, len(blocks)) if any(_END.match(line) for line in lines[i])), len(blocks))
    header = [line for block in lines[: start + 1] for line in block]
    licence = Licence(header=header, footer=[line for block in lines[end:] for line in block])
    licence.fields = split_licence(header)[1].fields
    first = start + 1
    credit = next((i for i in range(first, end) if blocks[i].get("t") not in ("Para", "Plain")
                   or any(line.strip() for line in lines[i])), end)
    if credit < end and _PRODUCED.match(lines[credit][0].strip()):  # after empty paragraphs, a heading too
        licence.credit, first = lines[credit], credit + 1
    return blocks[first:end], licence


def _block_lines(block: dict) -> list[str]:
    """A block's text as lines: a <pre>'s lines as they are, a paragraph's words on one line."""
    kind, content = block.get("t"), block.get("c")
    if kind in ("CodeBlock", "RawBlock"):
        return content[-1].splitlines()
    if kind == "Div":
        return [line for child in content[1] for line in _block_lines(child)]
    return [" ".join(ast_text(block).split())]
