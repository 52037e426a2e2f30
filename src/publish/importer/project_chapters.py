"""A chapter file of another tool's book project made a chapter of this manuscript.

What only the other tool reads is turned into what the book means: its front matter's `title:`
into the chapter's heading, mdBook's `{{#include file}}` and Leanpub's `<<(file)` into the
file's text, knitr's and Quarto's code chunks (```` ```{r label, echo=FALSE} ````) into code
blocks (or set aside when the book does not show their code), bookdown's `# (PART) Title {-}`
and `# (APPENDIX)` into parts and back matter, Quarto's callouts into a titled `::: callout`,
a sub-chapter's headings a level down under its chapter. Everything else is kept as written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from publish.importer.book_projects import BookProject, Entry, front_matter
from publish.importer.report import words

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^( {0,3})(#{1,6})([ \t]+.*?)??[ \t]*$")
_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
# knitr's and Quarto's chunk: ```{r label, echo=FALSE}, ```{python}; not pandoc's ```{.python}
_CHUNK = re.compile(r"^( {0,3})(`{3,})\{([A-Za-z][\w.+-]*)[ ,]*(.*?)\}[ \t]*$")
_INCLUDE_GRAPHICS = re.compile(r"""^\s*knitr::include_graphics\(\s*["']([^"'\s]+)["']\s*(?:,[^)]*)?\)\s*$""")
_CHUNK_OPTION = re.compile(r"^\s*#\|\s*([\w.-]+)\s*:\s*(.*?)\s*$")
_MDBOOK = re.compile(r"(\\?)\{\{#(include|rustdoc_include|playground|title)\s+([^}]*?)\s*\}\}")
_LEANPUB_CODE = re.compile(r"^<<(?:\[(.*?)\])?\((.*?)\)[ \t]*$", re.M)
_LEANPUB_DIRECTIVE = re.compile(r"^\{(frontmatter|mainmatter|backmatter|pagebreak)\}[ \t]*$")
_MARKUA_ATTRIBUTES = re.compile(r"^\{(?:[\w-]+:\s*[^{}]*(?:,\s*[\w-]+:\s*[^{}]*)*)\}[ \t]*$")
_BOOKDOWN_SPECIAL = re.compile(r"^\((PART\\?\*?|APPENDIX)\)\s*(.*)$")
_CALLOUT = re.compile(r"^( {0,3}:{3,})\s*\{?\s*\.?(callout-(note|tip|warning|important|caution))\b([^}]*)\}?\s*$")
_TITLE_ATTR = re.compile(r"""\btitle\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# a picture's path in Markdown or HTML; a code span first, to be left as it is
_CAPTION = r"(?:[^\[\]\\`]|\\.|`[^`]*`|\[(?:[^\[\]\\`]|\\.|`[^`]*`|\[[^\[\]]*\])*\])*"  # brackets, code
_IMAGE = re.compile(r"(`+)[\s\S]*?(?<!`)\1(?!`)|(!\[" + _CAPTION + r"\]\(\s*<?)([^)\s>]+)"
                    r"|(<img\b[^>]*?\bsrc\s*=\s*[\"'])([^\"']+)")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:|^#|^/", re.IGNORECASE)
_SHOWN_NOT = {"false", "FALSE", "F", "no"}


# Tools whose Markdown is CommonMark: a dollar and a backslash before a letter are text there
# ("$HOME", "target\\debug"), where pandoc's Markdown reads TeX math and a TeX command.
COMMONMARK_TOOLS = ("mdBook", "GitBook")
_TEX_LOOKING = re.compile(r"(?<!\\)(\$|\\(?=[A-Za-z]))")
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)")


@dataclass
class State:
    """What runs on from one file into the next: Leanpub's `{backmatter}`, bookdown's `(APPENDIX)`."""

    matter: str = ""
    counts: Counter = field(default_factory=Counter)  # what was done, for the report
    set_aside: list[str] = field(default_factory=list)  # code the book did not show, with its place
    warnings: list[str] = field(default_factory=list)
    markup: Counter = field(default_factory=Counter)  # source words that were the tool's markup


_INLINE_CODE = re.compile(r"`r [^`]+`")


def chapter_text(entry: Entry, project: BookProject, state: State, *, book_meta: bool = False) -> str:
    """The chapter file's text as this manuscript's Markdown (`book_meta`: its front matter is the
    book's, as bookdown's index.Rmd's is, not the chapter's)."""
    meta, text = front_matter(entry.path)
    text = text.lstrip("\n")
    if book_meta:
        meta = {}
    if inline := len(_INLINE_CODE.findall(text)):
        state.counts["inline R code (`r …`) kept as code, not run"] += inline
    where = entry.path.relative_to(project.base).as_posix()
    state.markup.update(words(_front_matter_text(entry.path)))
    text = _included(text, entry.path, project, state)
    if project.tool in COMMONMARK_TOOLS:
        text = _commonmark_escaped(text, state)
    if project.tool == "mdBook":
        text = _mdbook_code(text, state)
    text = _chunks(text, where, state)
    text = _comments_closed(text, where, state)
    text = outside_fences(text, lambda part: _kramdown_marks(part, state))
    lines = _lines(text, entry, meta, where, state)
    return "\n".join(lines).strip("\n") + "\n"


def _commonmark_escaped(text: str, state: State) -> str:
    """A dollar and a backslash before a letter escaped outside code, to stay text."""
    lines, fence = text.split("\n"), ""
    for n, line in enumerate(lines):
        if fence or _FENCE.match(line):
            fence = "" if fence and line.strip().startswith(fence) else fence or _FENCE.match(line)[1]
            continue
        if line.startswith(("    ", "\t")) and (not n or not lines[n - 1].strip()):
            continue  # an indented code block's first line, as far as can be told
        spans = [m[0] for m in _CODE_SPAN.finditer(line)]
        outside = _CODE_SPAN.split(line)[::2]  # split keeps the group (the backticks): every second piece
        escaped = [_TEX_LOOKING.sub(r"\\\1", piece) for piece in outside]
        if escaped != outside:
            state.counts["CommonMark's $ and \\ before a letter escaped (pandoc would read TeX)"] += sum(
                len(_TEX_LOOKING.findall(piece)) for piece in outside)
            lines[n] = "".join(piece + (spans[i] if i < len(spans) else "") for i, piece in enumerate(escaped))
    return outside_fences("\n".join(lines), lambda part: _RULE_OVER_TEXT.sub(_rule_apart(state), part))


# A rule of dashes between a blank line and text: a break in CommonMark, where pandoc's Markdown
# opens a multiline table there, which a later line of dashes closes, dropping the words outside
# its columns (Linux Insides lost 16,700 words from one such rule to another, 60 pages on).
_RULE_OVER_TEXT = re.compile(r"(?:^|(?<=\n\n))( {0,3}-{3,}[ \t]*\n)(?=[^\n]*\S)")


def _rule_apart(state: State):
    def apart(match: re.Match) -> str:
        state.counts["CommonMark's rules over text set apart by a blank line"] += 1
        return match[1] + "\n"
    return apart


_INFO = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([\w+-]+)((?:,[\w-]+)+)\s*$")
_HIDDEN = re.compile(r"^\s*#(?: |$)")


def _mdbook_code(text: str, state: State) -> str:
    """mdBook's code blocks: `rust,ignore,does_not_compile` is Rust (the rest is for its tests and
    playground), and a Rust line opening with `# ` is hidden in the book (`##` a line's `#`)."""
    lines, out, fence, rust = text.split("\n"), [], "", False
    for line in lines:
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            elif rust and _HIDDEN.match(line):
                state.counts["mdBook's hidden lines of Rust code left out"] += 1
                state.markup.update(words(line))
                continue
            elif rust and line.lstrip().startswith("##"):
                line = line.replace("##", "#", 1)
            out.append(line)
            continue
        if match := _FENCE.match(line):
            fence, info = match[1], _INFO.match(line)
            rust = (info[3] if info else line.strip().strip(fence[0]).strip()) == "rust"
            if info:
                state.markup.update(words(info[4]))
                state.counts["mdBook's code attributes (rust,ignore) left out"] += 1
                line = f"{info[1]}{info[2]}{info[3]}"
        out.append(line)
    return "\n".join(out)


# kramdown's (Jekyll's) page contents: "## Table of contents" marked {: .no_toc} over "1. TOC" and
# "{:toc}", which the site fills in; and its attribute lines, "{: .no_toc }" under a heading
_KRAMDOWN_TOC = re.compile(r"^(?:#{1,6} [^\n]*\n\{:[^}\n]*\.no_toc[^}\n]*\}[ \t]*\n+)?(?:1\.|[*-]) TOC[ \t]*\n"
                           r"\{:\s*toc\s*\}[ \t]*(?:\n+|$)", re.M)
_KRAMDOWN_ATTRIBUTES = re.compile(r"^\{:[^}\n]*\}[ \t]*(?:\n|$)", re.M)


def _kramdown_marks(text: str, state: State) -> str:
    """A Jekyll page's own contents (the editions make the book's) and kramdown's attribute lines
    left out, which pandoc would print."""
    for pattern, what in ((_KRAMDOWN_TOC, "kramdown page contents ({:toc}) left out"),
                          (_KRAMDOWN_ATTRIBUTES, "kramdown attribute lines ({: .no_toc }) left out")):
        for match in pattern.finditer(text):
            state.counts[what] += 1
            state.markup.update(words(match[0]))
        text = pattern.sub("", text)
    return text


def _comments_closed(text: str, where: str, state: State) -> str:
    """An HTML comment left open (`<!-- https://…#L96` without its `-->`) hid the rest of its page
    in the tool, which makes a page of each file; in the book, whose files are one text, it would
    hide the chapters after it too; one whose `-->` is another comment's ("<!-- … -->" further down)
    hid the text up to it. One opening a line with words after it is closed there."""
    lines, fence = text.split("\n"), ""
    for n, line in enumerate(lines):
        if fence or _FENCE.match(line):
            fence = "" if fence and line.strip().startswith(fence) else fence or _FENCE.match(line)[1]
            continue
        start = line.find("<!--")
        if start < 0 or "-->" in line[start:]:
            continue
        closing = next((later for later in lines[n + 1:] if "-->" in later), None)
        if closing is not None and "<!--" not in closing[:closing.find("-->")]:
            continue  # closed further down, as a comment over several lines is
        # never closed, or the `-->` it meets is another comment's ("<!-- … -->" on one line)
        if line[start + 4:].strip():
            lines[n] = line.rstrip() + " -->"
            state.warnings.append(f"{where}:{n + 1}: an HTML comment is not closed ('{line.strip()[:50]}'): "
                                  "closed at the end of its line; check that no text was meant to be hidden")
        else:
            lines.append("-->")
            state.warnings.append(f"{where}:{n + 1}: an HTML comment is not closed: closed at the file's end, "
                                  "as the tool hid the rest of the page; take out what should be printed")
    return "\n".join(lines)


def _front_matter_text(path: Path) -> str:
    full = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    return full[: len(full) - len(front_matter(path)[1])]


def _included(text: str, path: Path, project: BookProject, state: State) -> str:
    """mdBook's {{#include file:lines}} and Leanpub's <<(file) put in their place."""

    def mdbook(match: re.Match) -> str:
        if match[1]:  # escaped, "\{{#include file.rs}}": the directive as text, as mdBook prints it
            return match[0][1:]
        state.markup.update(words(match[0]))
        if match[2] == "title":
            state.counts["mdBook {{#title}} left out (the chapter's heading is its title)"] += 1
            return ""
        name, _, select = match[3].partition(":")
        if not (found := _file(path, name.strip(), project, state)):
            return match[0]
        state.counts[f"mdBook {{{{#{match[2]}}}}} put in"] += 1
        return _lines_of(found, select)

    def leanpub(match: re.Match) -> str:
        if not (found := _file(path, match[2].strip(), project, state)):
            return match[0]
        state.markup.update(words(match[0]))
        state.counts["Leanpub <<(file) code put in"] += 1
        code = found.read_text(encoding="utf-8", errors="replace").rstrip("\n")
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`{3,}", code)), default=0))
        language = Path(match[2]).suffix.lstrip(".")
        caption = f"Listing: {match[1]}\n\n" if match[1] else ""
        return f"{caption}{fence}{language}\n{code}\n{fence}"

    text = _MDBOOK.sub(mdbook, text)
    return _LEANPUB_CODE.sub(leanpub, text)


def _file(includer: Path, name: str, project: BookProject, state: State) -> Path | None:
    """The file an include names, inside the project's folder; else None, with a warning."""
    wanted = (includer.parent / name).resolve()
    where = includer.relative_to(project.base).as_posix()
    if not wanted.is_relative_to(project.base.resolve()):
        state.warnings.append(f"{where}: includes {name}, outside the book's folder: the include is left as "
                              "written; copy the file into the book's folder and import again, or write its text there")
    elif not wanted.is_file():
        state.warnings.append(f"{where}: includes {name}, which is not there: the include is left as written; "
                              "put the file there and import again, or write its text there")
    else:
        return wanted
    return None


def _lines_of(path: Path, select: str) -> str:
    """An mdBook include's lines: all, a range ("2:10", "5:", ":10"), or an anchor's ("here"); lines
    marking anchors (ANCHOR: / ANCHOR_END:) are left out, as mdBook leaves them."""
    lines = path.read_text(encoding="utf-8", errors="replace").rstrip("\n").split("\n")
    parts = select.split(":") if select else []
    if parts and all(p.strip().isdigit() or not p.strip() for p in parts):
        start = int(parts[0]) - 1 if parts[0].strip() else 0
        end = int(parts[1]) if len(parts) > 1 and parts[1].strip() else (start + 1 if len(parts) == 1 else None)
        lines = lines[max(start, 0):end]
    elif parts:
        anchor = parts[0].strip()
        begin = next((i for i, line in enumerate(lines) if re.search(rf"ANCHOR:\s*{re.escape(anchor)}\b", line)), None)
        if begin is not None:
            end = next((i for i, line in enumerate(lines) if i > begin
                        and re.search(rf"ANCHOR_END:\s*{re.escape(anchor)}\b", line)), len(lines))
            lines = lines[begin + 1:end]
    return "\n".join(line for line in lines if not re.search(r"ANCHOR(?:_END)?:", line))


def _chunks(text: str, where: str, state: State) -> str:
    """knitr's and Quarto's code chunks as code blocks in their language; one whose code the book
    does not show (echo=FALSE, include=FALSE, `#| echo: false`) set aside, as its output (a figure,
    a table) is made by running it, which the import does not do."""
    lines, out, n = text.split("\n"), [], 0
    while n < len(lines):
        match = _CHUNK.match(lines[n])
        if not match:
            out.append(lines[n])
            n += 1
            continue
        indent, fence, language, header = match.groups()
        end = next((i for i in range(n + 1, len(lines)) if lines[i].strip() == fence or
                    lines[i].strip().startswith(fence) and not lines[i].strip().strip("`")), len(lines))
        body = lines[n + 1:end]
        options = dict(_header_options(header))
        taken = next((i for i, line in enumerate(body) if not line.lstrip().startswith("#|")), len(body))
        options.update(_yaml_options(body[:taken]))
        body = body[taken:]
        while body and not body[0].strip():  # the blank line Quarto leaves under its options
            body = body[1:]
        state.markup.update(words("\n".join(lines[n:end + 1])))
        hidden = options.get("include") in _SHOWN_NOT or options.get("echo") in _SHOWN_NOT
        caption = " ".join(str(options.get("fig.cap") or options.get("fig-cap") or "").split())
        picture = _INCLUDE_GRAPHICS.match("\n".join(line for line in body if line.strip()))
        if picture and hidden:
            out.append(indent + _figure(picture[1], caption, options))
            state.counts["knitr::include_graphics() chunks made pictures"] += 1
        elif hidden:
            state.counts[f"{language} chunks whose code the book does not show: set aside"] += 1
            state.set_aside.append(f"{where}:{n + 1}: {lines[n].strip()}\n" + "\n".join(lines[n + 1:end]))
            if caption:
                short = caption if len(caption) <= 60 else caption[:59] + "…"
                state.warnings.append(f"{where}:{n + 1}: the figure '{short}' is made by running its {language} "
                                      "code: put the picture in its place, ![caption](images/NAME.png)")
        else:
            state.counts[f"{language} chunks kept as code blocks (not run)"] += 1
            out += [f"{indent}{fence}{language}", *body, f"{indent}{fence}"]
        n = end + 1
    return "\n".join(out)


def _yaml_options(lines: list[str]) -> dict:
    """Quarto's `#| key: value` lines, read as the YAML they are (a caption may run over several)."""
    text = "\n".join(re.sub(r"^\s*#\| ?", "", line) for line in lines)
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        return {m[1]: m[2].strip("'\"") for line in lines if (m := _CHUNK_OPTION.match(line))}
    return {str(k): ("false" if v is False else "true" if v is True else "" if v is None else str(v).strip())
            for k, v in data.items()}


def _figure(path: str, caption: str, options: dict) -> str:
    """knitr's include_graphics() chunk as the picture it shows: its caption, label and description."""
    label = options.get("label", "")
    alt = " ".join(str(options.get("fig.alt") or options.get("fig-alt") or "").split()).replace('"', '\\"')
    attrs = " ".join(a for a in (f"#{label}" if label.startswith("fig") else "", f'alt="{alt}"' if alt else "") if a)
    return f"![{caption}]({path})" + (f"{{{attrs}}}" if attrs else "")


def _header_options(header: str):
    for i, part in enumerate(p.strip() for p in re.split(r",(?![^(]*\))", header) if p.strip()):
        key, eq, value = part.partition("=")
        if eq:
            yield key.strip(), value.strip().strip("'\"")
        elif i == 0:
            yield "label", key.strip()


def _lines(text: str, entry: Entry, meta: dict, where: str, state: State) -> list[str]:
    """Line by line, outside code: headings shifted, marked and made; the tools' directives read."""
    lines, out, fence = text.split("\n"), [], ""
    has_heading = _has_level_1(lines)
    title = str(meta.get("title") or entry.title or "").strip()
    if entry.part:
        out += [f"# {entry.part} {{.part}}", ""]
    if not has_heading and title:
        out += [_heading(1 + entry.depth, title, _marks(entry, state)), ""]
        state.counts["front matter's title: or the contents' title made the chapter's heading"] += 1
        if meta.get("title"):
            state.markup.subtract(words(title))
        if subtitle := str(meta.get("subtitle") or "").strip():
            out += ["::: subhead", subtitle, ":::", ""]
            state.markup.subtract(words(subtitle))
    elif has_heading and meta.get("title"):
        state.counts["front matter's title: beside the file's own heading, left out"] += 1
    unplaced = [key for key, value in meta.items() if key in ("description", "summary", "abstract", "excerpt")
                and isinstance(value, str) and value.strip()]
    if unplaced:
        state.warnings.append(f"{where}: its front matter's {', '.join(unplaced)} is not text of the book: "
                              "left out; write it into the text if the book needs it")
    for n, line in enumerate(lines):
        if line is None:  # taken already (a callout's title)
            continue
        if fence:
            out.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if match := _FENCE.match(line):
            fence = match[1]
            out.append(line)
            continue
        directive = _LEANPUB_DIRECTIVE.match(line)
        if directive:
            state.markup.update(words(line))
            if directive[1] != "pagebreak":
                state.matter = "" if directive[1] == "mainmatter" else directive[1]
            state.counts[f"Leanpub {{{directive[1]}}} read"] += 1
            continue
        if _MARKUA_ATTRIBUTES.match(line) and (n + 1 < len(lines) and lines[n + 1].strip()):
            state.markup.update(words(line))
            state.counts["Leanpub attribute lines ({id: …}, {width: …}) left out"] += 1
            continue
        if callout := _CALLOUT.match(line):
            out += _callout(callout, lines, n, state)
            continue
        heading = _ATX.match(line)
        if heading and heading[3] is not None or heading and len(heading[2]) == 1:
            title = re.sub(r"\s+#+\s*$", "", (heading[3] or "").strip())  # its closing hashes, not C#'s
            out.append(_shifted(len(heading[2]), title, entry, state, where))
            continue
        if _is_setext(lines, n):  # "Title" over "=====": written as `# Title`, to be shifted or marked
            out.append(_shifted(1 if lines[n + 1].strip()[0] == "=" else 2, line.strip(), entry, state, where))
            lines[n + 1] = None
            continue
        out.append(line)
    return [line for line in out if line is not None]


def _has_level_1(lines: list[str]) -> bool:
    fence = False
    for n, line in enumerate(lines):
        if _FENCE.match(line):
            fence = not fence
        elif not fence and ((m := _ATX.match(line)) and len(m[2]) == 1 and m[3] or
                            n and _SETEXT_H1.match(line) and lines[n - 1].strip()):
            return True
    return False


def _is_setext(lines: list, n: int) -> bool:
    """A line of text right over a line of `=` or `-`, after a blank line, as pandoc reads a heading."""
    return (n + 1 < len(lines) and lines[n + 1] is not None and bool(_SETEXT.match(lines[n + 1]))
            and bool(lines[n].strip()) and (n == 0 or not (lines[n - 1] or "").strip())
            and not re.match(r"\s*(?:[|>#<*+-]|\d+[.)]\s|\s{4})", lines[n]))


def _shifted(level: int, title: str, entry: Entry, state: State, where: str) -> str:
    attrs = ""
    if attr := _ATTRS.search(title):
        title, attrs = title[:attr.start()], attr[1]
    classes = []
    if special := _BOOKDOWN_SPECIAL.match(title):
        state.markup.update(words(special[1]))
        if special[1] == "APPENDIX":  # the chapters after it are appendices
            state.markup.update(words(special[2]))
            state.matter = "backmatter"
            state.counts["bookdown (APPENDIX) read: the chapters after it are back matter"] += 1
            return None
        title, classes = special[2], ["part"]
        attrs = " ".join(a for a in attrs.split() if a not in ("-", ".unnumbered"))
        state.counts["bookdown (PART) headings made parts"] += 1
    elif level == 1:
        classes = _marks(entry, state)
    level += entry.depth
    if level > 6:
        state.warnings.append(f"{where}: a heading nested deeper than six levels ('{title}'): set at the sixth")
    return _heading(min(level, 6), title, classes, attrs)


def _marks(entry: Entry, state: State) -> list[str]:
    if entry.opens_part:
        return ["part"]
    matter = entry.matter or state.matter
    return [matter] if matter and entry.depth == 0 else []


def _heading(level: int, title: str, classes: list[str], attrs: str = "") -> str:
    extra = " ".join(f".{c}" for c in classes if f".{c}" not in attrs.split())
    inside = " ".join(a for a in (attrs.strip(), extra) if a)
    return f"{'#' * level} {title}" + (f" {{{inside}}}" if inside else "")


_CALLOUT_NAMES = {"note": "Note", "tip": "Tip", "warning": "Warning", "important": "Important", "caution": "Caution"}


def _callout(match: re.Match, lines: list[str], n: int, state: State) -> list[str]:
    """Quarto's `::: {.callout-note title="…"}` as a `::: callout` div whose first line is its
    title in bold (its `## Title` inside, which Quarto takes for the title, no heading of the book)."""
    kind, rest = match[3], match[4]
    title_attr = _TITLE_ATTR.search(rest)
    title = (title_attr[1] or title_attr[2]) if title_attr else ""
    state.markup.update(words(match[0]))
    state.markup.subtract(words(title))
    state.counts["Quarto callouts made ::: callout blocks"] += 1
    following = next((i for i in range(n + 1, len(lines)) if lines[i].strip()), None)
    if not title and following is not None and (h := _ATX.match(lines[following])) and h[3]:
        title = _ATTRS.sub("", h[3].strip().rstrip("#").strip())
        lines[following] = None  # Quarto's title of it, no heading of the book; the blank line after it too
        if following + 1 < len(lines) and not lines[following + 1].strip():
            lines[following + 1] = None
    title = title or _CALLOUT_NAMES[kind]
    return [f"{match[1]} {{.callout .callout-{kind}}}", f"**{title}**", ""]


def pictures(text: str, chapter: Path, project: BookProject, state: State, where: str) -> tuple[str, dict]:
    """The local pictures the chapter names, found beside it or from the project's folder, as the
    tool finds them; each named by its path from the text's root, as the build finds pictures."""
    found: dict[str, Path] = {}
    base, root = project.base.resolve(), project.root.resolve()

    def replace(match: re.Match) -> str:
        if match[1]:
            return match[0]
        lead, src = (match[2], match[3]) if match[2] else (match[4], match[5])
        if re.match(r"(?i)https?://", src):  # the build fetches nothing
            state.warnings.append(f"{where}: picture '{src}' is on the web, which no build fetches: download it "
                                  "into manuscript/images/ and write its path there")
        if _SCHEME.match(src):
            return match[0]
        for folder in (chapter.parent, project.root, project.base):
            path = (folder / src).resolve()
            if path.is_file() and path.is_relative_to(base):
                name = (path.relative_to(root) if path.is_relative_to(root) else path.relative_to(base)).as_posix()
                found[name] = path
                if name != src:
                    state.counts["picture paths written from the text's folder"] += 1
                return lead + name
        state.warnings.append(f"{where}: picture '{src}' not found: copy it into manuscript/ and write its path "
                              "from there")
        return match[0]

    return outside_fences(text, lambda part: _IMAGE.sub(replace, part)), found


def outside_fences(text: str, change) -> str:
    """The text with `change` made to each run of lines outside fenced code."""
    lines, out, run, fence = text.split("\n"), [], [], ""
    for line in lines:
        match = _FENCE.match(line)
        if fence or match:
            if run:
                out.append(change("\n".join(run)))
                run = []
            out.append(line)
            fence = "" if fence and line.strip().startswith(fence) else fence or match[1]
        else:
            run.append(line)
    if run:
        out.append(change("\n".join(run)))
    return "\n".join(out)
