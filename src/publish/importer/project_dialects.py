"""The Markdown of other tools where pandoc's reads it otherwise: CommonMark's dollars,
backslashes and rules (mdBook, GitBook), mdBook's code blocks, kramdown's marks (Jekyll), and an
HTML comment left open, which the tool ended with its page."""

from __future__ import annotations

import os
import re
from pathlib import Path

from publish.importer.project_text import FENCE, State, outside_fences
from publish.importer.report import words

# Tools whose Markdown is CommonMark: a dollar and a backslash before a letter are text there
# ("$HOME", "target\\debug"), where pandoc's Markdown reads TeX math and a TeX command.
COMMONMARK_TOOLS = ("mdBook", "GitBook")
_TEX_LOOKING = re.compile(r"(?<!\\)(\$|\\(?=[A-Za-z]))")
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)")


def commonmark_escaped(text: str, state: State) -> str:
    """A dollar and a backslash before a letter escaped outside code, to stay text."""
    lines, fence = text.split("\n"), ""
    for n, line in enumerate(lines):
        if fence or FENCE.match(line):
            fence = "" if fence and line.strip().startswith(fence) else fence or FENCE.match(line)[1]
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
# its columns (Linux Insides lost 16,660 words from one such rule to another, nine chapters on).
_RULE_OVER_TEXT = re.compile(r"(?:^|(?<=\n\n))( {0,3}-{3,}[ \t]*\n)(?=[^\n]*\S)")


def _rule_apart(state: State):
    def apart(match: re.Match) -> str:
        state.counts["CommonMark's rules over text set apart by a blank line"] += 1
        return match[1] + "\n"
    return apart


_INFO = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([\w+-]+)((?:,[\w-]+)+)\s*$")
_HIDDEN = re.compile(r"^\s*#(?: |$)")


def mdbook_code(text: str, state: State) -> str:
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
        if match := FENCE.match(line):
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


def kramdown_marks(text: str, state: State) -> str:
    """A Jekyll page's own contents (the editions make the book's) and kramdown's attribute lines
    left out, which pandoc would print."""
    for pattern, what in ((_KRAMDOWN_TOC, "kramdown page contents ({:toc}) left out"),
                          (_KRAMDOWN_ATTRIBUTES, "kramdown attribute lines ({: .no_toc }) left out")):
        for match in pattern.finditer(text):
            state.counts[what] += 1
            state.markup.update(words(match[0]))
        text = pattern.sub("", text)
    return text


def comments_closed(text: str, where: str, state: State) -> str:
    """An HTML comment left open (`<!-- https://…#L96` without its `-->`) hid the rest of its page
    in the tool, which makes a page of each file; in the book, whose files are one text, it would
    hide the chapters after it too; one whose `-->` is another comment's ("<!-- … -->" further down)
    hid the text up to it. One opening a line with words after it is closed there."""
    lines, fence = text.split("\n"), ""
    for n, line in enumerate(lines):
        if fence or FENCE.match(line):
            fence = "" if fence and line.strip().startswith(fence) else fence or FENCE.match(line)[1]
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


# Obsidian's (and other wikis') links and embeds: [[Note]], [[Note#Heading|shown]], ![[pic.png|300]]
_WIKI = re.compile(r"(`+)[\s\S]*?(?<!`)\1(?!`)"  # a code span first, to be left as it is
                   r"|(!?)\[\[([^\[\]|#]+)(#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def wiki_links(text: str, chapter: Path, base: Path, state: State) -> str:
    """`![[pic.png]]` as a picture and `[[Note|shown]]` as a link to the note's file, each found
    as Obsidian finds it (beside the note, else anywhere in the vault); the build and the import's
    links read those as Markdown's own. One that leads to nothing found is its words."""
    def replace(match: re.Match) -> str:
        if match[1]:
            return match[0]
        embed, name, heading, shown = match[2], match[3].strip(), match[4] or "", match[5]
        picture = name.lower().endswith(_PICTURE_SUFFIXES)
        found = _in_vault(name if picture or Path(name).suffix else f"{name}.md", chapter, base)
        state.markup.update(words(match[0]))
        if found is None:
            state.warnings.append(f"{chapter.relative_to(base).as_posix()}: '{match[0]}' leads to no file of the "
                                  "folder: written as its words")
            return shown or name
        address = Path(os.path.relpath(found, chapter.parent)).as_posix().replace(" ", "%20")
        state.counts["wiki links and embeds ([[…]], ![[…]]) written as Markdown's"] += 1
        if embed and picture:
            return f"![]({address})"
        fragment = "#" + re.sub(r"[^\w\s-]", "", heading[1:]).strip().lower().replace(" ", "-") if heading else ""
        return f"[{shown or (heading[1:] if heading and not name else name)}]({address}{fragment})"

    return outside_fences(text, lambda part: _WIKI.sub(replace, part))


def _in_vault(name: str, chapter: Path, base: Path) -> Path | None:
    beside = (chapter.parent / name).resolve()
    if beside.is_file() and beside.is_relative_to(base.resolve()):
        return beside
    found = sorted((p for p in base.rglob(Path(name).name) if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(base).parts)), key=lambda p: len(p.parts))
    return found[0].resolve() if found else None


_TEMPLATE_TAG = re.compile(r"\{\{[^{}#\n][^{}\n]*\}\}|\{%[^%\n]*%\}")  # Liquid's, Hugo's, Handlebars'


def template_tags_named(text: str, where: str, state: State) -> None:
    """A site generator's template tags (Jekyll's `{{ site.title }}`, `{% include note.html %}`)
    are filled in as it builds the site, and print as typed in the book: named in a warning."""
    found: list[str] = []
    outside_fences(text, lambda part: found.extend(_TEMPLATE_TAG.findall(_CODE_SPAN.sub("", part))) or part)
    if found:
        state.warnings.append(f"{where}: {len(found)} template tags ({', '.join(list(dict.fromkeys(found))[:3])}) "
                              "the tool fills in as it builds its site print as typed: write what they stand for")


_LIQUID_LINK = re.compile(r"\{%-?\s*link\s+(\S+?)\s*-?%\}")
_LIQUID_RAW = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_LIQUID_HIGHLIGHT = re.compile(r"^\{%-?\s*highlight\s+(\w+)[^%]*-?%\}[ \t]*\n(.*?)\n"
                               r"\{%-?\s*endhighlight\s*-?%\}[ \t]*$", re.M | re.S)


def liquid_tags(text: str, chapter: Path, base: Path, state: State) -> str:
    """Jekyll's Liquid tags that say what Markdown says: `{% link docs/x.md %}` the page's address
    (a link to its chapter, then), `{% highlight yaml %}` … `{% endhighlight %}` a code block, and
    `{% raw %}` … `{% endraw %}` only the text between them."""
    def link(match: re.Match) -> str:
        state.counts["Liquid {% link %} tags written as the page's address"] += 1
        state.markup.update(words(match[0]))  # its path is written from the page's folder
        return Path(os.path.relpath(base / match[1], chapter.parent)).as_posix()

    def highlight(match: re.Match) -> str:
        state.counts["Liquid {% highlight %} blocks written as code blocks"] += 1
        state.markup.update(words(match[1]) + ["highlight", "endhighlight"])
        return f"```{match[1]}\n{match[2]}\n```"

    def raw(match: re.Match) -> str:
        state.markup.update(words(match[0]))
        return ""

    text = _LIQUID_HIGHLIGHT.sub(highlight, text)
    text = _LIQUID_RAW.sub(raw, text)
    return outside_fences(text, lambda part: _LIQUID_LINK.sub(link, part))


# Python-Markdown's admonition (MkDocs): `!!! note "Title"` over its 4-space indented text;
# pymdownx's details, `??? tip` (folded) and `???+ tip` (open), the same on paper.
_ADMONITION = re.compile(r'^( {0,3})(!!!|\?\?\?\+?)[ \t]+([\w-]+)((?:[ \t]+[\w-]+)*)(?:[ \t]+"(.*)")?[ \t]*$')


def admonitions(text: str, state: State) -> str:
    """MkDocs' admonitions as the book's callouts (`::: {.callout .callout-note}` opening with its
    title in bold, as a Quarto book's are imported); one inside another too."""
    lines, out, n, fence = text.split("\n"), [], 0, ""
    while n < len(lines):
        line = lines[n]
        if fence or FENCE.match(line):
            fence = "" if fence and line.strip().startswith(fence) else fence or FENCE.match(line)[1]
            out.append(line)
            n += 1
            continue
        match = _ADMONITION.match(line)
        if not match:
            out.append(line)
            n += 1
            continue
        indent, kind = match[1], match[3].lower()
        end = n + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith(indent + "    ")
                                    or lines[end].startswith(indent + "\t")):
            end += 1
        while end > n + 1 and not lines[end - 1].strip():
            end -= 1
        body = [re.sub(r"^" + re.escape(indent) + r"(    |\t)", indent, ln) for ln in lines[n + 1:end]]
        title = match[5] if match[5] is not None else kind.capitalize()
        state.markup.update(words(line))
        state.markup.subtract(words(match[5] or ""))
        state.counts["MkDocs admonitions (!!! note) made ::: callout blocks"] += 1
        out += [f"{indent}::: {{.callout .callout-{kind}}}", *([f"{indent}**{title}**", ""] if title.strip() else []),
                *admonitions("\n".join(body), state).split("\n"), f"{indent}:::"]
        n = end
    return "\n".join(out)


# mkdocstrings' `::: package.module.Object` (its options indented under it): the tool writes the
# object's documentation from the code as it builds the site. Pandoc read it as a div never closed.
_MKDOCSTRINGS = re.compile(r"^:::[ \t]+([A-Za-z_][\w.]*)[ \t]*$")


def api_directives_set_aside(text: str, where: str, state: State) -> str:
    """mkdocstrings' directives (and their options) set aside, named in one warning a chapter."""
    lines, out, n, fence, named = text.split("\n"), [], 0, "", []
    while n < len(lines):
        line = lines[n]
        if fence or FENCE.match(line):
            fence = "" if fence and line.strip().startswith(fence) else fence or FENCE.match(line)[1]
        elif match := _MKDOCSTRINGS.match(line):
            end = n + 1
            while end < len(lines) and (lines[end].startswith(("    ", "\t")) or not lines[end].strip()
                                        and end + 1 < len(lines) and lines[end + 1].startswith(("    ", "\t"))):
                end += 1
            state.set_aside.append(f"{where}:{n + 1}: " + "\n".join(lines[n:end]))
            state.markup.update(words("\n".join(lines[n:end])))
            named.append(match[1])
            n = end + (1 if out and not out[-1].strip() and end < len(lines) and not lines[end].strip() else 0)
            continue  # one blank line where it stood, not two
        out.append(line)
        n += 1
    if named:
        state.counts["mkdocstrings' API directives (::: module.Object) set aside"] += len(named)
        shown = ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
        state.warnings.append(f"{where}: {len(named)} API references mkdocstrings writes from the code as it builds "
                              f"the site ({shown}) are set aside: write what they document, or leave them out")
    return "\n".join(out)


# bookdown's numbered formula: a LaTeX equation (or align) environment with `(\#eq:label)` in it.
_LABELLED_EQUATION = re.compile(r"^[ \t]*\\begin\{(equation|align|gather)(\*?)\}(.*?)\\end\{\1\2\}[ \t]*$", re.S | re.M)
_EQUATION_LABEL = re.compile(r"\s*\(\\#(eq:[\w:-]+)\)")


def labelled_equations(text: str, state: State) -> str:
    """bookdown's `\\begin{equation} … (\\#eq:binom) \\end{equation}` as `$$ … $$ {#eq:binom}`, a
    formula the build numbers (the label printed inside the formula, "(#eq:binom)"); an align's
    lines as `aligned` in it. One with a label a line each is left as written."""

    def replace(match: re.Match) -> str:
        labels = _EQUATION_LABEL.findall(match[3])
        if len(labels) != 1:
            return match[0]
        body = inner = _EQUATION_LABEL.sub("", match[3]).strip("\n")
        if match[1] != "equation":
            body = f"\\begin{{aligned}}\n{body}\n\\end{{aligned}}" if match[1] == "align" else \
                f"\\begin{{gathered}}\n{body}\n\\end{{gathered}}"
        state.markup.update(words(match[0]))
        state.markup.subtract(words(inner))
        state.counts["bookdown's labelled formulas made $$ … $$ {#eq:…}"] += 1
        return f"$$\n{body}\n$$ {{#{labels[0]}}}"

    return outside_fences(text, lambda part: _LABELLED_EQUATION.sub(replace, part))


# Obsidian's comment, `%%…%%` (over lines too): shown while editing, never in the note as read.
_OBSIDIAN_COMMENT = re.compile(r"%%(.*?)%%", re.S)


def obsidian_comments(text: str, state: State) -> str:
    """An Obsidian vault's `%%comments%%` as HTML comments: kept in the text, printed in no edition
    (they were printed as typed, "%%check this%%")."""

    def replace(match: re.Match) -> str:
        if "--" in match[1] or "`" in match[1]:  # no HTML comment can hold it, or code: left as written
            return match[0]
        state.counts["Obsidian %%comments%% made HTML comments"] += 1
        return f"<!--{match[1]}-->"

    return outside_fences(text, lambda part: _OBSIDIAN_COMMENT.sub(replace, part))
