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
from pathlib import Path
from urllib.parse import unquote

from publish.importer.book_projects import BookProject, Entry, front_matter
from publish.importer.frozen_tables import frozen_tables
from publish.importer.project_code import chunks, frozen_figures, included
from publish.importer.project_dialects import (
    COMMONMARK_TOOLS,
    admonitions,
    api_directives_set_aside,
    comments_closed,
    commonmark_escaped,
    kramdown_marks,
    labelled_equations,
    liquid_tags,
    mdbook_code,
    obsidian_comments,
    template_tags_named,
    wiki_links,
)
from publish.importer.project_text import FENCE, State, outside_fences
from publish.importer.report import words

_ATX = re.compile(r"^( {0,3})(#{1,6})([ \t]+.*?)??[ \t]*$")
_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
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
    text = included(text, entry.path, project, state)
    if project.tool in COMMONMARK_TOOLS:
        text = commonmark_escaped(text, state)
    if project.tool == "mdBook":
        text = mdbook_code(text, state)
    if project.tool == "MkDocs":
        text = admonitions(api_directives_set_aside(text, where, state), state)
    cells = frozen_tables(entry.path, project.base) if project.tool == "Quarto" and \
        entry.path.is_relative_to(project.base) else []
    text = chunks(text, where, state, frozen_figures(entry.path, project), project.base, cells)
    if project.tool in ("bookdown", "R Markdown"):
        text = labelled_equations(text, state)
    text = comments_closed(text, where, state)
    text = liquid_tags(text, entry.path, project.base, state)
    text = wiki_links(text, entry.path, project.base, state)
    if project.tool == "Obsidian":
        text = obsidian_comments(text, state)
    template_tags_named(text, where, state)
    text = outside_fences(text, lambda part: kramdown_marks(part, state))
    lines = _lines(text, entry, meta, where, state)
    return "\n".join(lines).strip("\n") + "\n"


def _front_matter_text(path: Path) -> str:
    full = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    return full[: len(full) - len(front_matter(path)[1])]


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
        if match := FENCE.match(line):
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
        if FENCE.match(line):
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
        if attrs := _ATTRS.search(h[3].strip().rstrip("#").strip()):
            state.markup.update(words(attrs[1]))  # `## Quick Check {.unnumbered}`: its attributes no words of the book
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
            path = (folder / unquote(src)).resolve()
            if path.is_file() and path.is_relative_to(base):
                name = (path.relative_to(root) if path.is_relative_to(root) else path.relative_to(base)).as_posix()
                found[name] = path
                written = name.replace(" ", "%20")  # a name with spaces, as Markdown's address has it
                if written != src:
                    state.counts["picture paths written from the text's folder"] += 1
                return lead + written
        state.warnings.append(f"{where}: picture '{src}' not found: copy it into manuscript/ and write its path "
                              "from there")
        return match[0]

    return outside_fences(text, lambda part: _IMAGE.sub(replace, part)), found
