"""Blocks of imported text → pandoc Markdown that pandoc reads back as exactly those blocks.

Text is escaped so nothing in it reads as markup; the only markup is what the importer
decided on (headings, emphasis, footnotes, quotations, verse, illustrations). Before anything
is written, pandoc reads the Markdown back and every block must come back as its kind with
its text (verify), else nothing is written.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from publish.errors import PublishError
from publish.importer.text_tables import TextTable, pipe_markdown
from publish.pandoc import run_pandoc

# Characters pandoc Markdown may read as markup wherever they stand.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<$~^@])|&(?=#?\w+;)")
# Characters that start a block (heading, quote, list, table, line block, div…) at line start.
_START_SPECIAL = "#>%|:+-="
# Ordered-list markers: 1945.  1)  (iv)  A.  #.
_LIST_MARKER = re.compile(r"^(?P<open>\()?(?:\d+|[A-Za-z]|[IVXLCDMivxlcdm]+|#)(?P<delim>[.)])(?=\s|$)")


@dataclass(frozen=True)
class Inline:
    # "text", "emph", "strong", "note", "run-in", "speaker" (a play's, in small capitals), "lang" (another language's)
    kind: str
    text: str = ""
    note: tuple[Inline, ...] = ()  # a footnote's own text
    verse: tuple[tuple[Inline, ...], ...] = ()  # a footnote set as verse: its lines, for a line block
    more: tuple[tuple[Inline, ...], ...] = ()  # a footnote's further paragraphs (a letter in a note)
    lang: str = ""  # a passage's language: written `[…]{lang=fr}`


@dataclass
class Block:
    kind: str  # "Para", "Header", "BlockQuote", "LineBlock", "BulletList", "Div" (of `div_class`), "HorizontalRule",
    # "Table"
    line: int  # the source line it starts on, for errors
    inlines: list[Inline] = field(default_factory=list)  # Para, Header, Div caption, Table caption
    verse: list[list[Inline]] = field(default_factory=list)  # LineBlock: one list a line; BulletList: an item
    children: list[Block] = field(default_factory=list)  # BlockQuote, a Div of blocks
    level: int = 1
    part: bool = False  # a Header that opens a part: written `# Part One {.part}`
    backmatter: bool = False  # a Header that ends the parts: written `# Afterword {.backmatter}`
    frontmatter: bool = False  # a preface before the text: written `# Preface {.frontmatter}`
    volume: bool = False  # a part that holds parts: written `# Volume I {.volume}`
    author: str = ""  # an anthology's story by another hand: written `# Title {author="…"}`
    div_class: str = "illustration"  # a Div's: an illustration's caption, a sidenote
    cells: list[list[list[Inline]]] = field(default_factory=list)  # a Table's rows of cells
    table: TextTable | None = None  # a Table's shape: header, columns of figures

    def text(self) -> str:
        """Its text as pandoc gives it back, footnotes left out."""
        if self.kind == "BlockQuote" or self.children:  # a quotation, a div of blocks (an epigraph)
            return " ".join(child.text() for child in self.children)
        if self.kind in ("LineBlock", "BulletList"):
            return " ".join(inline_text(line) for line in self.verse)
        if self.kind == "Table":  # as pandoc gives a table's text: its caption, then its cells
            return " ".join([inline_text(self.inlines), *(inline_text(cell) for row in self.cells for cell in row)])
        return inline_text(self.inlines)

    def notes(self) -> list[str]:
        if self.kind == "BlockQuote" or self.children:
            return [n for child in self.children for n in child.notes()]
        lines = self.verse if self.kind in ("LineBlock", "BulletList") else [self.inlines]
        return [note_text(i) for line in lines for i in line if i.kind == "note"]


def para(text: str, line: int) -> Block:
    return Block("Para", line, [Inline("text", text)])


def inline_text(inlines: list[Inline] | tuple[Inline, ...]) -> str:
    return "".join(i.text for i in inlines if i.kind != "note")


def note_text(note: Inline) -> str:
    lines = note.verse or (note.note, *note.more)
    return " ".join(inline_text(line) for line in lines)


def escape_inline(text: str) -> str:
    r"""Backslash-escape what pandoc Markdown reads as inline markup: \ ` * _ [ ] < $ ~ ^ @ &entity;"""
    return _INLINE_SPECIAL.sub(lambda m: "\\" + m[0], text)


def escape_paragraph(text: str) -> str:
    """A paragraph as one Markdown line that pandoc reads back as exactly this text."""
    md = escape_inline(text)
    return _escape_start(md)


def _escape_start(md: str) -> str:
    if md[:1] in _START_SPECIAL:
        return "\\" + md
    marker = _LIST_MARKER.match(md)
    if marker:
        # "1945. On…" would start an ordered list, "(I) Does…" a roman-numbered one.
        cut = marker.start("open") if marker["open"] else marker.start("delim")
        return md[:cut] + "\\" + md[cut:]
    return md


class _Notes:
    """Numbers the footnotes of a document and keeps their definitions."""

    def __init__(self) -> None:
        self.definitions: list[str] = []

    def call(self, note: Inline) -> str:
        if note.verse:  # a line block, indented under the note's label: `[^1]:` then `    | …`
            self.definitions.append("".join("\n    | " + _inlines_md(list(line), self) for line in note.verse))
        else:
            self.definitions.append(_inlines_md(list(note.note), self, start=True) + "".join(
                "\n\n    " + _inlines_md(list(paragraph), self, start=True) for paragraph in note.more))
        return f"[^{len(self.definitions)}]"


def _inlines_md(inlines: list[Inline], notes: _Notes, start: bool = False) -> str:
    if not inlines:
        return ""
    if len(inlines) == 1 and inlines[0].kind == "text":
        return escape_paragraph(inlines[0].text) if start else escape_inline(inlines[0].text)
    out = []
    for inline in inlines:
        if inline.kind == "text":
            out.append(escape_inline(inline.text))
        elif inline.kind == "emph":
            out.append(f"*{escape_inline(inline.text)}*")
        elif inline.kind == "strong":
            out.append(f"**{escape_inline(inline.text)}**")
        elif inline.kind == "run-in":
            out.append(f"[{escape_inline(inline.text)}]{{.run-in}}")
        elif inline.kind == "speaker":
            out.append(f"[{escape_inline(inline.text)}]{{.smallcaps}}")
        elif inline.kind == "lang":
            out.append(f"[{escape_inline(inline.text)}]{{lang={inline.lang}}}")
        else:
            out.append(notes.call(inline))
    md = "".join(out)
    return _escape_start(md) if start and inlines[0].kind == "text" else md


def _block_md(block: Block, notes: _Notes) -> str:
    if block.kind == "Header":
        text = _inlines_md(block.inlines, notes).replace("#", "\\#").replace("{", "\\{")
        mark = (".volume" if block.volume else ".part" if block.part else ".backmatter" if block.backmatter
                else ".frontmatter" if block.frontmatter else "")
        if block.author:
            mark = " ".join(filter(None, [mark, 'author="' + block.author.replace('"', "'") + '"']))
        return "#" * block.level + " " + text + (" {" + mark + "}" if mark else "")
    if block.kind == "BlockQuote":
        inner = "\n\n".join(_block_md(child, notes) for child in block.children)
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if block.kind == "LineBlock":
        return "\n".join("| " + _inlines_md(line, notes) for line in block.verse)
    if block.kind == "BulletList":  # a play's cast, one person an item
        return "\n".join("- " + _inlines_md(item, notes, start=True) for item in block.verse)
    if block.kind == "HorizontalRule":
        return "* * *"
    if block.kind == "Table" and block.table is not None:
        pipes = pipe_markdown(block.table, [[_inlines_md(cell, notes) for cell in row] for row in block.cells])
        return pipes + (f"\n\nTable: {_inlines_md(block.inlines, notes)}" if block.inlines else "")
    if block.kind == "Div" and block.children:  # a div of blocks: a chapter's epigraph
        return f"::: {block.div_class}\n" + "\n\n".join(_block_md(child, notes) for child in block.children) + "\n:::"
    if block.kind == "Div":
        caption = _inlines_md(block.inlines, notes, start=True)
        return f"::: {block.div_class}\n" + (caption + "\n" if caption else "") + ":::"
    if block.kind == "Para" and block.inlines and block.inlines[0].kind == "run-in":
        return _inlines_md(block.inlines, notes)
    return _inlines_md(block.inlines, notes, start=True)


def render(blocks: list[Block]) -> str:
    """The Markdown of the blocks, footnote definitions after the block that calls them."""
    notes = _Notes()
    out = []
    for block in blocks:
        before = len(notes.definitions)
        out.append(_block_md(block, notes))
        for n in range(before, len(notes.definitions)):
            definition = notes.definitions[n]
            separator = "" if definition.startswith("\n") else " "  # a line block starts on the next line
            out.append(f"[^{n + 1}]:{separator}{definition}")
    return "\n\n".join(out) + "\n"


def task_boxes(node: object) -> None:
    """A list item opening with "[ ]" or "[x]" (a to-do list typed in a wiki or a Word document)
    opens with the box pandoc's Markdown reads there, escaped or not (☐, ☒): written as typed, it
    came back a box, and the import refused the document as its own bug."""
    if isinstance(node, list):
        for item in node:
            task_boxes(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("t") in ("BulletList", "OrderedList"):
        for item in node["c"] if node["t"] == "BulletList" else node["c"][1]:
            first = item[0] if item and item[0].get("t") in ("Plain", "Para") else None
            inlines = first["c"] if first else []
            texts = [i.get("c") if i.get("t") == "Str" else " " if i.get("t") == "Space" else None
                     for i in inlines[:4]]
            if texts[:4] == ["[", " ", "]", " "]:
                inlines[:3] = [{"t": "Str", "c": "\u2610"}]
            elif texts[:2] in (["[x]", " "], ["[X]", " "]):
                inlines[:1] = [{"t": "Str", "c": "\u2612"}]
            elif inlines and _vimwiki_box(inlines[0]):  # Vimwiki's [ ] to [X]: an empty span, class done0-4
                box = {"t": "Str", "c": "\u2612" if inlines[0]["c"][0][1] == ["done4"] else "\u2610"}
                inlines[:1] = [box, {"t": "Space"}] if len(inlines) > 1 else []  # a box over nothing read back as none
    task_boxes(node.get("c"))


def _vimwiki_box(node: dict) -> bool:
    return (node.get("t") == "Span" and not node["c"][1] and not node["c"][0][0]
            and len(node["c"][0][1]) == 1 and re.fullmatch(r"done[0-4]", node["c"][0][1][0]) is not None)


def trimmed_terms(node: object) -> None:
    """A definition list's terms without a space at their ends (a man page's `.IP " i." 4`):
    pandoc's Markdown writer escapes a term that opens like a list's marker ("i\\.") but not one
    opening with a space, which it read back as an empty item of a list numbered "i.", the
    term lost, and the import refused the document as its own bug."""
    if isinstance(node, list):
        for item in node:
            trimmed_terms(item)
    elif isinstance(node, dict):
        if node.get("t") == "DefinitionList":
            for term, _ in node["c"]:
                while term and term[0].get("t") in ("Space", "SoftBreak"):
                    del term[0]
                while term and term[-1].get("t") in ("Space", "SoftBreak"):
                    del term[-1]
        trimmed_terms(node.get("c"))


# The classes HTML and EPUB books give a verse line's number in the margin ("Hofgarten, 10").
_LINE_NUMBER_CLASSES = {"lnum", "linenum", "linenumber", "line-num", "linenr", "line-number"}


def line_number_spans(node: object) -> int:
    """A verse line's number set at the right by the source's stylesheet (`<span class="lnum">10`,
    as The Waste Land's EPUB has it) as `[10]{.line-number}`, which every edition sets in the
    margin: kept as its own class, it ran into the line, "Hofgarten,10". Return how many."""
    found = 0
    if isinstance(node, list):
        for item in node:
            found += line_number_spans(item)
    elif isinstance(node, dict):
        if node.get("t") == "Span" and _LINE_NUMBER_CLASSES & set(node["c"][0][1]) \
                and ast_text(node["c"][1]).strip().isdigit():
            classes = node["c"][0][1]
            node["c"][0][1] = ["line-number", *(c for c in classes if c not in _LINE_NUMBER_CLASSES)]
            return 1
        found += line_number_spans(node.get("c"))
    return found


_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def entities_as_read(node: object) -> None:
    """Text holding an HTML character reference as its letters ("AT&amp;T", as pandoc's Textile
    reader leaves it) says the character: pandoc's Markdown writes the reference as it is and
    reads it back as the character ("AT&T"), and the import refused the document as its own bug."""
    if isinstance(node, list):
        for item in node:
            entities_as_read(item)
    elif isinstance(node, dict):
        if node.get("t") == "Str" and "&" in node["c"]:
            node["c"] = _ENTITY.sub(lambda m: html.unescape(m[0]), node["c"])
        elif node.get("t") not in ("Code", "CodeBlock", "RawInline", "RawBlock", "Math"):
            entities_as_read(node.get("c"))


# --- reading back ------------------------------------------------------------------------------


_BLOCKS = {"Para", "Plain", "Header", "BlockQuote", "LineBlock", "Div", "BulletList", "OrderedList",
           "DefinitionList", "Table", "Figure", "Note", "CodeBlock", "RawBlock", "HorizontalRule"}


_TAG = re.compile(r"<[^<>]*>")


def ast_text(node: object) -> str:
    """All the text of pandoc JSON (a document, blocks or inlines): notes and image descriptions too."""
    if isinstance(node, list):
        return "".join(ast_text(n) for n in node)
    if not isinstance(node, dict):
        return ""
    if "blocks" in node:
        return ast_text(node["blocks"])
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        text = content
    elif kind in ("Space", "SoftBreak", "LineBreak"):
        text = " "
    elif kind in ("RawInline", "RawBlock") and content[-1].lstrip().startswith("<!--"):
        text = ""  # a comment: pandoc's `<!-- -->` between two lists that would otherwise join
    elif kind in ("RawInline", "RawBlock") and content[0] == "html":
        text = _TAG.sub(" ", content[-1])  # its words, not its tags: the import may drop a wrapper <div>
    elif kind in ("Code", "Math", "RawInline", "CodeBlock", "RawBlock"):
        text = content[-1]
    elif kind == "Cite":  # its keys and notes, not how the reader wrote it (\\cite{…}, [@…])
        text = " ".join(f"{ast_text(c['citationPrefix'])} {c['citationId']} {ast_text(c['citationSuffix'])}"
                        for c in content[0])
    elif kind in ("LineBlock", "BulletList", "OrderedList"):  # lists of lines or items
        text = " ".join(ast_text(item) for item in (content if kind != "OrderedList" else content[1]))
    elif kind == "Image" and not content[1]:
        # A picture without a caption keeps its description in an attribute: `![](f.jpg){alt="…"}`.
        text = dict(content[0][2]).get("alt", "")
    else:
        text = ast_text(content)
    return f" {text} " if kind in _BLOCKS else text


def _inline_run(node: dict, notes: list[str]) -> str:
    """A block's text as one run, its footnotes' texts collected in `notes`."""
    kind, content = node["t"], node.get("c")
    if kind in ("Div", "BlockQuote"):
        return " ".join(_inline_run(b, notes) for b in (content[1] if kind == "Div" else content))
    if kind == "LineBlock":
        return " ".join(_inline_run({"t": "Plain", "c": line}, notes) for line in content)
    if kind in ("Para", "Plain", "Header"):
        return "".join(_flat(i, notes) for i in (content[2] if kind == "Header" else content))
    return ast_text(node)


def _flat(node: dict, notes: list[str]) -> str:
    kind, content = node["t"], node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "Note":
        notes.append(_squash(" ".join(_inline_run(b, []) for b in content)))
        return ""
    if kind in ("Code", "Math", "RawInline"):
        return content[-1]
    if kind in ("Span", "Link", "Image", "Quoted", "Cite"):  # [attr or kind, inlines, …]
        return "".join(_flat(i, notes) for i in content[1])
    return "".join(_flat(i, notes) for i in content)


def _squash(text: str) -> str:
    return " ".join(text.split())


def read_back(markdown: str, what: str) -> list[dict]:
    """Pandoc's blocks for the Markdown, read without smart punctuation so text comes back exact."""
    tree, _ = run_pandoc(markdown, ["--from=markdown-smart", "--to=json"], what=what)
    return json.loads(tree)["blocks"]


def verify(blocks: list[Block], markdown: str, source: Path) -> list[dict]:
    """Refuse Markdown that pandoc reads as anything but the blocks; returns pandoc's blocks."""
    parsed = read_back(markdown, str(source))
    for i, block in enumerate(blocks):
        node = parsed[i] if i < len(parsed) else {"t": "nothing", "c": []}
        notes: list[str] = []
        text = _inline_run(node, notes) if node["t"] != "nothing" else ""
        if node["t"] != block.kind or _squash(text) != _squash(block.text()) or notes != [
            _squash(n) for n in block.notes()
        ]:
            raise PublishError(
                f"pandoc reads this paragraph back as {node['t']} {_excerpt(text)!r}", file=source,
                line=block.line, hint="a bug in `publish import`: nothing was written; please report it",
            )
    if len(parsed) != len(blocks):
        raise PublishError(
            f"pandoc reads {len(parsed)} blocks back, not {len(blocks)} paragraphs", file=source,
            hint="a bug in `publish import`: nothing was written; please report it",
        )
    return parsed


def _excerpt(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table_cells(table: dict) -> list:
    """Every cell of a pandoc table: its head's, its bodies' and its foot's."""
    head, bodies, foot = table["c"][3], table["c"][4], table["c"][5]
    rows = head[1] + [row for body in bodies for row in body[2] + body[3]] + foot[1]
    return [cell for row in rows for cell in row[1]]
