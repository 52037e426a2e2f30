"""Manuscript sources as a linter sees them: lines, paragraphs, and the parts to leave alone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from publish.errors import PublishError
from publish.manuscript import decode_source

MASK = "\0"  # stands in for code, math, addresses and markup: same length, so columns hold
_LINE_END = re.compile(r"(\r\n|\r|\n)")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_DIRECTIVE = re.compile(r"<!--\s*lint:\s*(disable|disable-file)\s*=\s*([A-Za-z0-9, ]+?)\s*-->")
_MASKED = [
    re.compile(r"<!--.*?-->"),
    re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)"),  # code spans
    re.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d)"),  # math
    re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"),  # link and image targets
    # Reference link definitions, their address and title on lines of their own too ("[bar]:" over
    # "/url" over "\"title\"": `publish fix` curled the title's quotes, and it became text).
    re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*(?:\n[ \t]*)?[^\s\"'(].*"
               r"(?:\n[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\))[ \t]*$)?", re.M),
    re.compile(r"<(?:https?|mailto|ftp):[^>\s]+>|(?<![(\w])https?://[^\s)>\]]+"),  # addresses
    re.compile(r"</?[A-Za-z][^>\n]*>"),  # HTML tags
    # Raw LaTeX commands with their arguments (\cite[22-23]{smith.1899}), which no edition prints.
    re.compile(r"\\[A-Za-z]+\*?(?:\[[^\]\n]*\])*(?:\{[^{}\n]*\})+"),
    re.compile(r"\{[^{}\n]*[#.=][^{}\n]*\}"),  # attributes: {#id .class lang=ru}
    re.compile(r"^(?:[ \t]*>[ \t]?)*[ \t]*\|[ \t]+", re.M),  # a line block's "| " and the verse's indent
    # A list item's or a definition's marker and the spaces after it, which set the column its
    # nested blocks line up with (pandoc's manual's ":   " and "-   "): closed up, they broke.
    re.compile(r"^(?:[ \t]*>[ \t]?)*[ \t]*(?:[-+*:~]|\(?(?:\d{1,9}|#|[A-Za-z]|[ivxlcdmIVXLCDM]{1,6})[.)])[ \t]+", re.M),
    # Other editors' marks the build reads (markdown_dialects.py): an MkDocs admonition's line, whose
    # title's quotes `publish fix` curled (it then printed as text), Obsidian's %%comments%% and
    # [[wiki links]], CriticMarkup's comments, none of them printed as typed.
    re.compile(r"^ {0,3}(?:!!!|\?\?\?\+?)[ \t]+[\w-]+.*$", re.M),
    re.compile(r"%%[\s\S]*?%%|!?\[\[[^\[\]\n]*\]\]|\{>>[\s\S]*?<<\}"),
]
_ESCAPE = re.compile(r"\\(?=[^\s])")  # "\(" is a literal "(": hide the backslash, keep the mark


@dataclass
class SourceFile:
    """One Markdown file, with what is needed to write it back exactly as it was."""

    path: Path
    lines: list[str]  # without line endings
    endings: list[str]  # the ending of each line ("" for a last line without one)
    bom: bool
    disabled: dict[int, set[str]] = field(default_factory=dict)  # line → codes off there
    disabled_file: set[str] = field(default_factory=set)
    encoding: str = "utf-8"  # the codec the file is written in, kept by `publish fix`
    encoding_name: str = "UTF-8"  # the same, for a report: "cp1251 (Windows Cyrillic)"

    def text(self) -> str:
        body = "".join(line + end for line, end in zip(self.lines, self.endings, strict=True))
        return ("\ufeff" if self.bom else "") + body

    def encode(self) -> bytes:
        return self.text().encode(self.encoding)


def read_source(path: Path, language: str = "") -> SourceFile:
    text, codec, name = _decode(path, language)
    bom = text.startswith("\ufeff")
    parts = _LINE_END.split(text[1:] if bom else text)
    lines, endings = parts[0::2], parts[1::2] + [""]
    source = SourceFile(path, lines, endings, bom, encoding=codec, encoding_name=name)
    _read_directives(source)
    return source


def _decode(path: Path, language: str) -> tuple[str, str, str]:
    """(text with any BOM kept, codec, its name): UTF-8 as the build reads it, else as `publish import` does.

    A file in cp1251 or UTF-16 can be linted and fixed in its own encoding; the build itself
    needs UTF-8, which the lint report says (E001).
    """
    from publish.importer.encoding import decode

    try:
        return decode_source(path), "utf-8", "UTF-8"
    except PublishError as exc:
        raw = path.read_bytes()
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff")) and not raw.startswith(b"\xff\xfe\x00\x00")
        if not (utf16 or exc.diagnostic.message.startswith("not valid UTF-8")):
            raise
        decoded = decode(raw, path, language=language)
        return ("\ufeff" if utf16 else "") + decoded.text, decoded.codec, decoded.encoding


def _read_directives(source: SourceFile) -> None:
    """<!-- lint: disable=Q001 --> on a line of text: that line; alone on a line: the next one."""
    pending: set[str] = set()
    for number, line in enumerate(source.lines, 1):
        codes_here: set[str] = set()
        for match in _DIRECTIVE.finditer(line):
            codes = {c.strip().upper() for c in match[2].split(",") if c.strip()}
            if match[1] == "disable-file":
                source.disabled_file |= codes
            else:
                codes_here |= codes
        rest = _DIRECTIVE.sub("", line).strip()
        if rest:
            source.disabled[number] = codes_here | pending
            pending = set()
        else:
            pending |= codes_here


@dataclass(frozen=True)
class Paragraph:
    """A block of consecutive text lines (or a heading), with markup masked out."""

    source: SourceFile
    first_line: int  # 1-based
    raw: str  # the lines joined by "\n"
    text: str  # the same with code, math, addresses and markup masked (same length)
    heading: int = 0  # level of an ATX or setext heading, 0 for other blocks
    language: str = ""  # from an enclosing ::: {lang=xx} div; "" for the book's language
    table: bool = False  # a table: its columns aligned by spaces, which no fix may shift

    @property
    def lines(self) -> range:
        """The file's line numbers the block spans."""
        return range(self.first_line, self.first_line + self.raw.count("\n") + 1)

    def language_at(self, offset: int, default: str) -> str:
        """The base language at an offset: a [span]{lang=xx} around it, the div's, or the book's."""
        for match in _LANG_SPAN.finditer(self.raw):
            if match.start() <= offset < match.end():
                return match[2].split("-")[0].lower()
        return self.language.split("-")[0].lower() or default

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file of a character offset in the paragraph."""
        before = self.raw[:offset]
        line = self.first_line + before.count("\n")
        column = offset - (before.rfind("\n") + 1) + 1
        return line, column


def mask(text: str) -> str:
    for pattern in _MASKED:
        text = pattern.sub(lambda m: MASK * len(m[0]), text)
    return _ESCAPE.sub(MASK, text)


_HEADING = re.compile(r"^(#{1,6})\s")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")  # under a one-line paragraph: a level-1 or level-2 heading
_DIV = re.compile(r"^:{3,}\s*(?:\{([^}]*)\}|[\w-]+)?\s*$")
_LANG = re.compile(r"lang=[\"']?([A-Za-z0-9-]+)")
_LANG_SPAN = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\{[^}]*lang=[\"']?([A-Za-z0-9-]+)[^}]*\}")
_HTML_BLOCK = re.compile(r"^\s*</?[A-Za-z!][^>]*>\s*$")
# A scene break of stars or underscores, spaced as typed ("*   *   *"): markup, not words apart.
# (A line of dashes may be a simple table's rule, whose words are linted.)
_BREAK = re.compile(r"^ {0,3}([*_])(?:[ \t]*\1){2,}[ \t]*$")
_TEX_BEGIN = re.compile(r"^\s*\\begin\{([A-Za-z*]+)\}")  # a raw LaTeX environment, which no edition prints
_QUOTED = re.compile(r"^(?: {0,3}>[ \t]?)+")  # a block quote's marks, nested ones too
# The rules of pandoc's tables: a grid table's border, the row of dashes under a pipe table's
# header (an orgtbl one's with +), the dashes over a simple or multiline table's columns.
_TABLE_RULE = re.compile(r"^\s*(?:\+[-=:+]*[-=]\+|\|?\s*:?-+:?\s*(?:[|+]\s*:?-+:?\s*)+\|?|-{2,}(?:\s+-{2,})+)\s*$")


def paragraphs(source: SourceFile) -> list[Paragraph]:
    """The prose blocks of a file: no fenced or indented code, no YAML block, no HTML lines."""
    out: list[Paragraph] = []
    block: list[tuple[int, str]] = []
    divs: list[str] = []  # languages of the open ::: divs ("" when a div sets none)
    fence: str | None = None
    tex: str | None = None  # the \end{…} that closes an open raw LaTeX environment
    code = False  # inside an indented code block: it runs on while its lines stay indented
    previous_blank = True
    lines = source.lines
    start = _yaml_block_end(lines)

    def flush() -> None:
        if block:
            raw = "\n".join(text for _, text in block)
            language = next((lang for lang in reversed(divs) if lang), "")
            table = len(block) > 1 and any(_TABLE_RULE.match(text) for _, text in block)
            text = _mask_table(mask(raw)) if table else mask(raw)
            out.append(Paragraph(source, block[0][0], raw, text, language=language, table=table))
            block.clear()

    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        # In a block quote, its blocks are read after the "> " marks: a ">" line alone is blank,
        # and ">     code" indented code (`publish fix` closed up pandoc's testsuite's quoted code).
        content = _QUOTED.sub("", line, count=1)
        opening = _FENCE.match(content)
        if fence is not None:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = None
            continue
        if opening:
            flush()
            fence = opening[1]
            continue
        if tex is not None:
            tex = None if tex in content else tex
            continue
        if not block and (begin := _TEX_BEGIN.match(content)):
            tex = None if f"\\end{{{begin[1]}}}" in content else f"\\end{{{begin[1]}}}"
            continue
        if not content.strip():
            flush()
            previous_blank = True
            code = False
            continue
        div = _DIV.match(content)
        if div:
            flush()
            if div[0].strip().strip(":"):
                lang = _LANG.search(div[1] or "")
                divs.append(lang[1] if lang else "")
            elif divs:
                divs.pop()
            previous_blank = True
            continue
        # Indented code, every line of it (`publish fix` closed up the spaces of all but the
        # first), or a line of raw HTML.
        code = content.startswith(("    ", "\t")) and (code or previous_blank and not block)
        if code or _HTML_BLOCK.match(content) or not block and _BREAK.match(content):
            previous_blank = False
            continue
        setext = _SETEXT.match(line)
        if setext and len(block) == 1:  # pandoc takes only a single line as a setext heading
            number_above, above = block.pop()
            out.append(Paragraph(source, number_above, above, mask(above), 1 if setext[1][0] == "=" else 2))
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            out.append(Paragraph(source, number, line, mask(line), len(heading[1])))
        else:
            block.append((number, line))
        previous_blank = False
    flush()
    return out


# A table's layout: its rules (as _TABLE_RULE), the runs of spaces that align its columns, its pipes.
_TABLE_LAYOUT = re.compile(r"^[ \t]*(?:\|?[ \t]*:?-{3,}:?[ \t]*(?:[|+][ \t]*:?-{3,}:?[ \t]*)*\|?"
                           r"|\+[-=:+]+\+|-{3,}(?:[ \t]+-{3,})*)[ \t]*$|[ \t]{2,}|\|", re.M)


def _mask_table(text: str) -> str:
    """A table's layout (its rules, the spaces that align its columns, its pipes) masked: the
    cells' words are linted, the columns are not "2 spaces between words" (S002, whose fix
    ran an imported play's table of speeches into one paragraph)."""
    return _TABLE_LAYOUT.sub(lambda m: MASK * len(m[0]), text)


def _yaml_block_end(lines: list[str]) -> int:
    """Lines of a YAML metadata block at the top of the file (0 when there is none)."""
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], 2):
            if line.strip() in ("---", "..."):
                return number
    return 0
