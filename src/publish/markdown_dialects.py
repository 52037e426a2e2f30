"""Markdown as other editors write it, read as the book's pandoc Markdown.

Obsidian, Typora, iA Writer, MkDocs and Scrivener's or Ulysses' MultiMarkdown export write marks
pandoc's Markdown prints as typed: `%%a comment%%`, `[TOC]`, `[[Note]]` and `![[pic.png]]`,
`!!! tip "Title"` over indented text, a `Title: …` metadata header. Each is made what it means,
line for line (every later stage's line numbers still point at the file as written).
`==highlight==`, `:smile:` and MultiMarkdown's `[pic]: pic.png width=40px` are read by pandoc's own
`mark`, `emoji` and `mmd_link_attributes` extensions (READ_FORMAT).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

log = logging.getLogger("publish")

READ_FORMAT = "markdown+mark+emoji+mmd_link_attributes"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = r"(`+)[\s\S]*?(?<!`)\1(?!`)"  # matched first, so that what is inside stays as written

# A contents marker the editor fills in: Typora's and MultiMarkdown's `[TOC]`, GitLab's `[[_TOC_]]`.
_TOC = re.compile(r"^ {0,3}(?:\[TOC\]|\[\[_?TOC_?\]\]|\{:toc\}|\$\{toc\}|\{\{TOC\}\})[ \t]*$", re.I)
_COMMENT = re.compile(_CODE_SPAN + r"|%%([\s\S]*?)%%")  # Obsidian's, shown only while editing
_WIKI = re.compile(_CODE_SPAN + r"|(!?)\[\[([^\[\]|#\n]*)(#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
_PICTURE = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")
_SIZE = re.compile(r"^\s*(\d+)(?:\s*x\s*(\d+))?\s*$")  # ![[pic.png|300]], ![[pic.png|300x200]]
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+\{[^{}]*\})?(?:[ \t]+#+)?[ \t]*$")
# MkDocs' (Python-Markdown's) admonition and pymdownx's folded `??? note`, over 4-space indented text
_ADMONITION = re.compile(r'^(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*)")?[ \t]*$')
# MultiMarkdown's metadata (Scrivener's and Ulysses' export): `Key: value` lines opening the file
_MMD_LINE = re.compile(r"^([A-Za-z][\w .-]{0,40}?)[ \t]*:[ \t]*(.*)$")
# A header names one of these (a diary's opening "Date: 12 June" is text), and the rest are keys
# MultiMarkdown or its exporters write.
_MMD_KEYS = {"title", "author", "authors", "base header level", "css", "quotes language", "latex config",
             "latex input", "latex footer", "latex mode", "html header", "html footer", "xhtml header",
             "mmd header", "mmd footer", "transclude base", "format"}
_MMD_OTHER = {"date", "language", "keywords", "copyright", "subtitle", "affiliation", "bibtex", "publisher",
              "email", "web", "address", "revision", "comment", "status", "summary", "tags"}


def in_pandoc_markdown(files: list[Path], texts: list[str], folder: Path) -> list[str]:
    """Each file's text with the other editors' marks made pandoc's, line for line."""
    headings = _headings(files, texts)
    out, fonts = [], []
    for path, text in zip(files, texts, strict=True):
        text = _without_mmd_metadata(path, text)
        lines, runs, run, fence = text.split("\n"), [], [], ""
        for line in lines:  # runs of lines outside fenced code, each ended by a fence's line or None
            match = _FENCE.match(line)
            if fence or match:
                runs.append((run, line))
                run = []
                fence = "" if fence and line.strip().startswith(fence) else fence or match[1]
            else:
                run.append(line)
        runs.append((run, None))
        _warn_diagrams(path, lines)
        changed, dead = [], []
        for run, fence_line in runs:
            start = len(changed) + 1
            part = _admonitions(_without_toc("\n".join(run), path, start)).split("\n")
            code = _indented_code(part)
            n = 0
            while run and n < len(part):  # the prose between indented code blocks
                end = next((i for i in range(n, len(part)) if code[i] != code[n]), len(part))
                changed += part[n:end] if code[n] else _marks_read("\n".join(part[n:end]), path, start + n, folder,
                                                                   headings, fonts, dead).split("\n")
                n = end
            changed += [] if fence_line is None else [fence_line]
        out.append("\n".join(changed))
        _warn_dead_links(path, dead)
    if fonts:
        path, line = fonts[0]
        more = f" (and {len(fonts) - 1} more)" if len(fonts) > 1 else ""
        log.warning("%s:%d: a <font> tag's colour, face or size%s is not set: the book's text is in its own face, "
                    "in black ink; the words are kept (style the book in styles/print.css)", path, line, more)
    return out


def _marks_read(text: str, path: Path, start: int, folder: Path, headings, fonts: list, dead: list) -> str:
    """The prose's marks made pandoc's (`start`: its first line's number in the file)."""
    text = _wiki_links(_comments_hidden(text), path, start, folder, headings, dead)
    text = _old_html(text, path, start, fonts)
    text = _obsidian_ids_and_tags(_critic_markup(text, path, start), path, start)
    return _table_captions(_content_blocks(_zoomed_pictures(text, path, folder), path, start))


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#\.|[a-zA-Z][.)])\s")


def _indented_code(lines: list[str]) -> list[bool]:
    """Which lines are an indented code block's, as far as can be told: indented four spaces (or a
    tab) after a blank line, below text that is no list item nor indented (there it runs on the
    item); it holds `%%`, `<center>` or `[[` as code does."""
    out, code, last = [], False, ""
    for n, line in enumerate(lines):
        indented = line.startswith(("    ", "\t"))
        if code:
            code = indented or not line.strip()
        else:
            code = indented and n > 0 and not lines[n - 1].strip() and not (
                _LIST_ITEM.match(last) or last.startswith((" ", "\t")))
        out.append(code)
        last = line if line.strip() else last
    return out


def _without_mmd_metadata(path: Path, text: str) -> str:
    """A MultiMarkdown metadata header (`Title: …`, `Author: …` up to a blank line) printed as a
    paragraph: blanked, with a warning, as a YAML block is (the book's metadata is book.yaml's)."""
    found = mmd_metadata(text)
    if found is None:
        return text
    fields, end = found
    shown = ", ".join(f"{key}: …" for key in list(fields)[:3])
    log.warning("%s:1: the MultiMarkdown metadata (%s) is not printed: the title, authors and date come from "
                "book.yaml; move what it says there and remove these lines", path, shown)
    return "\n" * end + "\n".join(text.split("\n")[end:])


def mmd_metadata(text: str) -> tuple[dict[str, str], int] | None:
    """The MultiMarkdown metadata header a text opens with, its fields as written (`Title`, `Base
    Header Level`, a value run on to indented lines joined) and how many lines it takes; else None."""
    lines = text.split("\n")
    end = next((n for n, line in enumerate(lines) if not line.strip()), len(lines))
    fields: dict[str, str] = {}
    for line in lines[:end]:
        match = _MMD_LINE.match(line)
        if match and match[2].strip() and not match[2].startswith("//"):
            fields[match[1].strip()] = match[2].strip()
        elif fields and line[:1] in " \t":  # a value run on to an indented line
            key = list(fields)[-1]
            fields[key] += " " + line.strip()
        else:
            return None
    keys = {key.lower() for key in fields}
    if not _MMD_KEYS & keys or not keys <= _MMD_KEYS | _MMD_OTHER or end == len(lines):
        return None
    return fields, end


def _without_toc(text: str, path: Path, start: int) -> str:
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if _TOC.match(line):
            log.info("%s:%d: '%s' left out: every edition makes the book's contents", path, start + n, line.strip())
            lines[n] = ""
    return "\n".join(lines)


def _comments_hidden(text: str) -> str:
    """`%%…%%` left out (its lines kept as line breaks, so that the lines after keep their numbers)."""
    def hidden(match: re.Match) -> str:
        if match[1]:
            return match[0]
        lines = match[0].count("\n")
        return "\n" * lines if lines else ""
    return _COMMENT.sub(hidden, text) if "%%" in text else text


def _wiki_links(text: str, path: Path, start: int, folder: Path,
                headings: tuple[dict[str, str], dict[str, str]], dead: list[tuple[int, str]]) -> str:
    """`[[Heading]]`, `[[Heading|shown]]` and `[[file#Heading]]` as links to the book's heading
    (pandoc's reference to a heading by its words); `![[pic.png]]` as the picture. One that leads
    to nothing in the book is printed as its words, and put in `dead` (line, as written)."""
    if "[[" not in text:
        return text
    headings, stems = headings

    def replace(match: re.Match) -> str:
        if match[1]:
            return match[0]
        embed, name, section, shown = match[2], match[3].strip(), (match[4] or "")[1:].strip(), match[5]
        name = re.sub(r"\.md$", "", name, flags=re.I)  # [[02-harbour.md]]
        section = "" if section.startswith("^") else section  # a block's id: the note itself
        line = start + text.count("\n", 0, match.start())
        if embed and name.lower().endswith(_PICTURE):
            return _picture(name, shown, path, folder)
        key = _key(section or name)
        target = headings.get(key) or (None if section else stems.get(key))
        words = (shown or section or (target if key in stems and key not in headings else name)).strip()
        if target is None:
            dead.append((line, match[0]))
            return words
        if embed:
            log.warning("%s:%d: '%s' would embed the note's text, which the build does not do: made a link to it; "
                        "copy the text in if the book should print it", path, line, match[0])
        return f"[{words}][{target}]" if words != target else f"[{target}]"

    return _WIKI.sub(replace, text)


def _warn_dead_links(path: Path, dead: list[tuple[int, str]]) -> None:
    """The wiki links that lead to no heading, said once a file (a vault's note links many notes
    the book does not hold)."""
    if not dead:
        return
    shown = ", ".join(dict.fromkeys(written for _, written in dead[:3]))
    more = f" and {len(dead) - 3} more" if len(dead) > 3 else ""
    log.warning("%s:%d: %s lead%s to no heading of the book (%s%s): printed as %s words; write [[…]] round a "
                "chapter's or a section's heading as written to link to it", path, dead[0][0],
                "a wiki link" if len(dead) == 1 else f"{len(dead)} wiki links", "s" if len(dead) == 1 else "",
                shown, more, "its" if len(dead) == 1 else "their")


def _picture(name: str, shown: str | None, path: Path, folder: Path) -> str:
    """`![[pic.png]]` found as Obsidian finds it: beside the note, else anywhere in the folder."""
    beside = (path.parent / name).resolve()
    found = beside if beside.is_file() and beside.is_relative_to(folder.resolve()) else next(
        iter(sorted(folder.resolve().rglob(Path(name).name), key=lambda p: (len(p.parts), p.as_posix()))), None)
    # one found nowhere is written as given: the build then names the picture it cannot find
    address = name if found is None else found.relative_to(folder.resolve()).as_posix()
    size = _SIZE.match(shown or "")
    attrs = f"{{width={size[1]}px}}" if size else ""
    alt = "" if size or not shown else shown
    return f"![{alt}](<{address}>){attrs}"


# HTML typed by hand that only old browsers know: `<center>`, `align="right"`, `<font color=red>`. The
# print edition set them (in red), the EPUB and the web edition, whose HTML is checked, dropped them
# (its words set bare outside a paragraph).
_OLD_HTML = re.compile(_CODE_SPAN + r"|<(/?)center\s*>|(<(?:p|div|h[1-6])\b[^<>]*?)\s+align\s*=\s*[\"']?"
                       r"(left|center|right|justify)[\"']?([^<>]*>)|<font\b[^<>]*>|</font\s*>", re.I)


def _old_html(text: str, path: Path, start: int, fonts: list[tuple[Path, int]]) -> str:
    """`<center>` as a centred div, `align` as text-align, `<font>` as a plain span (said once)."""
    if "<" not in text:
        return text

    def replace(match: re.Match) -> str:
        written = match[0]
        if match[1]:
            return written
        if match[3] is not None:
            if "style=" in written.lower():
                return written
            return f'{match[3]} style="text-align: {match[4].lower()}"{match[5]}'
        if written.lower().startswith(("<center", "</center")):
            return "</div>" if match[2] else '<div style="text-align: center">'
        if written.startswith("</"):
            return "</span>"
        if re.search(r"\b(color|face|size)\s*=", written, re.I):
            fonts.append((path, start + text.count("\n", 0, match.start())))
        return "<span>"

    return _OLD_HTML.sub(replace, text)


# CriticMarkup (MultiMarkdown, Scrivener, iA Writer, Typora): an editor's changes and comments
_CRITIC = re.compile(_CODE_SPAN + r"|\{>>[\s\S]*?<<\}|\{\+\+([\s\S]*?)\+\+\}|\{--[\s\S]*?--\}"
                     r"|\{~~[\s\S]*?~>([\s\S]*?)~~\}|\{==([\s\S]*?)==\}")


def _critic_markup(text: str, path: Path, start: int) -> str:
    """CriticMarkup's changes taken as accepted (an addition kept, a deletion and a comment left
    out, a substitution's new words), said once a file: they printed as typed ("{++added++}")."""
    if "{" not in text:
        return text
    found = []

    def accepted(match: re.Match) -> str:
        if match[1]:
            return match[0]
        found.append(start + text.count("\n", 0, match.start()))
        kept = next((group for group in match.groups()[1:] if group is not None), "")
        return kept + "\n" * (match[0].count("\n") - kept.count("\n"))  # the lines keep their numbers

    text = _CRITIC.sub(accepted, text)
    if found:
        log.warning("%s:%d: %d CriticMarkup change%s ({++ ++}, {-- --}, {~~ ~> ~~}, {>> <<}) taken as accepted: "
                    "additions kept, deletions and comments left out; accept or reject them in your editor to be "
                    "sure", path, found[0], len(found), "" if len(found) == 1 else "s")
    return text


# Obsidian's block id closing a paragraph (`… ^quote-1`, the target of [[Note#^quote-1]]), and a
# line of tags alone (`#draft #todo`): the vault's, not the book's.
_BLOCK_ID = re.compile(r"(?:^|[ \t]+)\^[A-Za-z0-9-]+[ \t]*$", re.M)
_TAGS_LINE = re.compile(r"^ {0,3}#[\w/-]*[^\W\d][\w/-]*(?:[ \t]+#[\w/-]*[^\W\d][\w/-]*)*[ \t]*$", re.M)


def _obsidian_ids_and_tags(text: str, path: Path, start: int) -> str:
    if "^" in text:
        text = _BLOCK_ID.sub("", text)
    if "#" in text:
        for match in _TAGS_LINE.finditer(text):
            log.info("%s:%d: the tags '%s' left out: they are the vault's, not the book's", path,
                     start + text.count("\n", 0, match.start()), match[0].strip())
        text = _TAGS_LINE.sub("", text)
    return text


# iA Writer's content block: a line of a file's path from the text's folder, a caption after it
_CONTENT_BLOCK = re.compile(r'^ {0,3}/(\S+?\.(\w+))(?:[ \t]+"([^"\n]*)")?[ \t]*$', re.M)


def _content_blocks(text: str, path: Path, start: int) -> str:
    """iA Writer's `/images/harbour.jpg "The harbour"` as the picture and its caption; one of
    another file (a table's .csv, a chapter's .md) is named in a warning, printed as typed."""
    if "/" not in text:
        return text

    def replace(match: re.Match) -> str:
        found = path.parent / match[1]
        if not found.is_file():
            return match[0]
        if f".{match[2].lower()}" in _PICTURE:
            return f"![{match[3] or ''}](<{match[1]}>)"
        log.warning("%s:%d: iA Writer's content block '%s' is not put in: every edition prints it as typed; copy "
                    "the file's text in (a table as a Markdown table)", path,
                    start + text.count("\n", 0, match.start()), match[0].strip())
        return match[0]

    return _CONTENT_BLOCK.sub(replace, text)


# MultiMarkdown's table caption, `[Caption]` on the line over or under a pipe table
_CAPTION = re.compile(r"^ {0,3}\[([^\[\]\n]+)\][ \t]*$")
_TABLE_RULE = re.compile(r"^ {0,3}\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")


def _table_captions(text: str) -> str:
    """`[Caption]` over or under a table as pandoc's caption under it (`: Caption`): it printed as a
    paragraph, or, over the table, ran the table's rows into one paragraph."""
    if "|" not in text:
        return text
    lines = text.split("\n")
    for n in range(1, len(lines)):
        if not _TABLE_RULE.match(lines[n]) or "|" not in lines[n - 1] or "-" not in lines[n]:
            continue
        end = n + 1
        while end < len(lines) and "|" in lines[end] and lines[end].strip():
            end += 1
        top = n - 1
        above = _CAPTION.match(lines[top - 1]) if top else None
        below = _CAPTION.match(lines[end]) if end < len(lines) else None
        if below:
            lines[end] = f": {below[1]}"
        elif above:  # moved under the table: its rows a line up, the lines after it where they were
            lines[top - 1:end] = [*lines[top:end], f": {above[1]}"]
    return "\n".join(lines)


_DIAGRAM = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?(mermaid|plantuml|dot|graphviz|flowchart|sequence|"
                      r"abc|d2|wavedrom)\b")


def _warn_diagrams(path: Path, lines: list[str]) -> None:
    """A diagram GitHub, Obsidian or Typora draw from its code block is printed as its code."""
    fence, first = "", {}
    for n, line in enumerate(lines, 1):
        match = _FENCE.match(line)
        if fence or match:
            if not fence and (diagram := _DIAGRAM.match(line)):
                first.setdefault(diagram[1].lower(), n)
            fence = "" if fence and line.strip().startswith(fence) else fence or match[1]
    for kind, n in first.items():
        log.warning("%s:%d: a ```%s diagram is drawn by the editor (GitHub, Obsidian, Typora), not by the build: "
                    "every edition prints its code; export it as a picture (SVG or PNG) and put that in its place",
                    path, n, kind)


# Typora's picture resized in the editor: `<img src="pic.png" style="zoom:50%;" />`
_ZOOMED = re.compile(r"<img\b[^<>]*?\bstyle\s*=\s*([\"'])([^\"'<>]*?)\bzoom\s*:\s*([\d.]+)(%?)\s*;?"
                     r"([^\"'<>]*)\1[^<>]*>", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*["']([^"'<>]+)["']""", re.I)


def _zoomed_pictures(text: str, path: Path, folder: Path) -> str:
    """Typora's `zoom` (no browser's or WeasyPrint's property: every edition ignored it, WeasyPrint
    with a warning naming no file) as the picture's width in pixels, its own width so scaled."""
    if "zoom" not in text:
        return text

    def replace(match: re.Match) -> str:
        written = match[0]
        scale = float(match[3]) / (100 if match[4] else 1)
        style = (match[2] + match[5]).strip().rstrip(";").strip()
        out = re.sub(r"\s*\bstyle\s*=\s*([\"'])[^\"'<>]*\1", f' style="{style}"' if style else "", written, count=1)
        src = _SRC.search(written)
        width = _pixel_width(src[1], path, folder) if src and not re.search(r"\bwidth\s*=", written, re.I) else None
        if width and 0 < scale:
            out = re.sub(r"^<img\b", f'<img width="{max(1, round(width * scale))}"', out)
        return out

    return _ZOOMED.sub(replace, text)


def _pixel_width(src: str, path: Path, folder: Path) -> int | None:
    from PIL import Image, UnidentifiedImageError

    for base in (path.parent, folder):
        candidate = (base / src.replace("%20", " ")).resolve()
        if candidate.is_file() and candidate.is_relative_to(folder.resolve()):
            try:
                with Image.open(candidate) as picture:
                    return picture.size[0]
            except (OSError, UnidentifiedImageError, ValueError):
                return None
    return None


def _headings(files: list[Path], texts: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Every heading's words (as pandoc's reference to it is written) by a loose key; and by each
    file's name (`[[02-the-harbour]]`, as Obsidian links a note), its first heading's."""
    found: dict[str, str] = {}
    stems: dict[str, str] = {}
    for path, text in zip(files, texts, strict=True):
        fence, first = "", None
        for line in text.split("\n"):
            match = _FENCE.match(line)
            if fence or match:
                fence = "" if fence and line.strip().startswith(fence) else fence or match[1]
                continue
            if heading := _HEADING.match(line):
                words = heading[1].strip()
                if words and "[" not in words and "]" not in words:
                    found.setdefault(_key(words), words)
                    first = first or words
        if first:
            stems.setdefault(_key(path.stem), first)
    return found, stems


def _key(words: str) -> str:
    return " ".join(unicodedata.normalize("NFC", words).casefold().split())


def _admonitions(text: str) -> str:
    """`!!! tip "Title"` over its indented text as `> [!tip] Title` over `> text`: the quotation
    the build makes a titled callout (callouts.py), in as many lines; one inside another too."""
    if "!!!" not in text and "???" not in text:
        return text
    lines, n = text.split("\n"), 0
    while n < len(lines):
        match = _ADMONITION.match(lines[n])
        if not match:
            n += 1
            continue
        end = n + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith(("    ", "\t"))):
            end += 1
        while end > n + 1 and not lines[end - 1].strip():
            end -= 1
        body = [re.sub(r"^(    |\t)", "", line) for line in lines[n + 1:end]]
        title = f" {match[3]}" if match[3] else ""
        inner = _admonitions("\n".join(body)).split("\n") if body else []
        lines[n:end] = [f"> [!{match[2]}]{title}", *(f"> {line}".rstrip() for line in inner)]
        n = end
    return "\n".join(lines)
