"""Links from one chapter file to another (mdBook's `[build](cli/build.md)`, a Quarto book's
`[see](intro.qmd#sec-r)`, bookdown's `intro.html`): in the book the chapters are one text, so each
is written as a link to the heading it leads to (`#the-build-command`), which every edition follows.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from publish.importer.markdown import ast_text
from publish.importer.project_text import outside_fences
from publish.importer.report import words
from publish.pandoc import run_pandoc

_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]+)"  # [text](target)
                     r"|(\bhref\s*=\s*[\"'])([^\"']+)"  # <a href="target">
                     r"|(^ {0,3}\[[^\]]+\]:\s*<?)(\S+?)(?=>?(?:\s|$))", re.M)  # [label]: target
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:|^#|^/", re.IGNORECASE)
_CHAPTER = re.compile(r"(?i)\.(md|markdown|rmd|qmd|html?)$")


# Quarto's cross-references (@sec-intro, @fig-airq) and bookdown's (\@ref(intro), \@ref(fig:nice-fig))
_CROSSREF = re.compile(r"(?<![\w@\\])@((?:sec|fig|tbl|eq|lst|thm|lem|def|exm|exr)-[\w-]*\w)"
                       r"|(?:\b(Equations?|Eqs?\.|Figures?|Figs?\.)[ \t\xa0~]+)?\\@ref\(([\w:-]+)\)")


_NUMBERED_DIV = re.compile(r"^(fig|tbl)[-:]\w")
_EQUATION_ID = re.compile(r"^\{#(eq[-:][\w:.-]*\w)\}$")  # as crossref_cites.py reads it after a formula


def heading_ids(text: str, what: str) -> list[tuple[str, str]]:
    """The headings' ids and titles, as pandoc gives them; a figure's, a table's or a numbered
    formula's id with the word for it ("Figure", "Table", "Equation"), as the build numbers them."""
    blocks = json.loads(run_pandoc(text, ["--from=markdown-smart", "--to=json"], what=what)[0])["blocks"]
    found = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kind, content = node.get("t"), node.get("c")
            if kind == "Header":
                found.append((content[1][0], " ".join(ast_text(content[2]).split())))
            elif kind in ("Figure", "Table", "Image") and content[0][0]:
                found.append((content[0][0], "Table" if kind == "Table" else "Figure"))
            elif kind == "Div" and _NUMBERED_DIV.match(content[0][0]):  # Quarto's `::: {#fig-pair}`
                found.append((content[0][0], "Table" if content[0][0].startswith("tbl") else "Figure"))
            elif kind == "Str" and (equation := _EQUATION_ID.match(content)):  # `$$ … $$ {#eq-x}`
                found.append((equation[1], "Equation"))
            walk(content)

    walk(blocks)
    return found


def linked_within(texts: list[str], sources: list[Path], counts: Counter, markup: Counter,
                  warnings: list[str], base: Path) -> list[str]:
    """The texts with links to one another's source files (`sources`, in the same order) written
    as links to headings, and the tools' cross-references to headings as links titled by them."""
    by_source = {path.resolve().with_suffix(""): n for n, path in enumerate(sources)}
    ids = [heading_ids(text, str(path)) for text, path in zip(texts, sources, strict=True)]
    first_heading = [next((anchor for anchor, title in found if title not in ("Figure", "Table")), None)
                     for found in ids]

    def target_of(folder: Path, address: str) -> int | None:
        path = (folder / unquote(address)).resolve().with_suffix("")
        if path.name == "index" and path not in by_source:  # mdBook writes README.md as index.html
            path = path.with_name("README")
        return by_source.get(path)

    out = []
    for text, source in zip(texts, sources, strict=True):
        folder = source.resolve().parent

        def replace(match: re.Match, folder: Path = folder) -> str:
            lead, target = next((match[i], match[i + 1]) for i in (1, 3, 5) if match[i])
            address, _, fragment = target.partition("#")
            if _SCHEME.match(target) or not _CHAPTER.search(address):
                return match[0]
            other = target_of(folder, address)
            if other is None or not (fragment or first_heading[other]):
                return match[0]
            counts["links between chapter files written as links to their headings"] += 1
            anchor = fragment or first_heading[other]
            markup.update(Counter(words(target)) - Counter(words(anchor)))
            return f"{lead}#{anchor}"

        out.append(_TARGET.sub(replace, text))
    titles = {anchor: title for found in ids for anchor, title in found}
    return [_crossrefs(text, titles, source.relative_to(base).as_posix(), counts, markup, warnings)
            for text, source in zip(out, sources, strict=True)]


def _crossrefs(text: str, titles: dict[str, str], where: str, counts: Counter, markup: Counter,
               warnings: list[str]) -> str:
    """`@sec-intro` and `\\@ref(intro)` as links to the heading titled by it; `@fig-cycle` to a
    figure or table the text has is kept, as the build numbers both; one to a figure or table that
    running the book's code makes is left as typed, and named."""
    left: list[str] = []

    def replace(match: re.Match) -> str:
        label, word = match[1] or match[3], match[2] or ""
        if label not in titles or not titles[label]:
            left.append(match[0][len(word):].lstrip(" \t\xa0~"))
            return match[0]
        if match[1] and titles[label] in ("Figure", "Table", "Equation"):  # the build numbers it: crossref_numbers.py
            counts["cross-references to figures, tables and formulas kept for the build to number"] += 1
            return match[0]
        if match[3] and titles[label] in ("Figure", "Equation") and label.startswith(("fig:", "eq:")):
            # bookdown's "Equation \@ref(eq:binom)": the build words it whole ("Equation 1")
            counts["bookdown's \\@ref() to figures and formulas kept for the build to number"] += 1
            markup.update(words(word))
            return f"@{label}"
        counts["cross-references to headings written as links"] += 1
        markup.update(Counter(words(match[0][len(word):])) - Counter(words(titles[label])))
        before = match[0][:match[0].index("\\@ref")] if match[3] else ""  # "Chapter " kept
        return before + f"[{titles[label]}](#{label})"

    fence, lines = "", text.split("\n")
    for n, line in enumerate(lines):
        if fence or line.lstrip().startswith(("```", "~~~")):
            fence = "" if fence and line.strip().startswith(fence) else fence or line.strip()[:3]
            continue
        lines[n] = _CROSSREF.sub(replace, line)
    if left:
        warnings.append(f"{where}: {len(left)} cross-references to no heading ({', '.join(dict.fromkeys(left))}) "
                        "are left as typed: figures and tables the tool numbers as it runs the book's code; "
                        "write them as words, or link to the picture's id")
    return "\n".join(lines)


_NOTE_DEFINED = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)


def notes_apart(texts: list[str], sources: list[Path], base: Path, counts: Counter) -> list[str]:
    """A note's label defined in two files (`[^1]` on every page, as each page was its own in the
    tool) is given its file's name in each (`[^install-1]`): pandoc pairs calls and notes by label
    across the whole book, and would print one page's note at another's call."""
    defined = [set(_NOTE_DEFINED.findall(text)) for text in texts]
    shared = {label for i, labels in enumerate(defined) for label in labels
              if any(label in other for j, other in enumerate(defined) if j != i)}
    if not shared:
        return texts
    out = []
    for text, source, labels in zip(texts, sources, defined, strict=True):
        name = source.relative_to(base) if source.is_relative_to(base) else Path(source.name)
        stem = re.sub(r"[^\w-]+", "-", name.with_suffix("").as_posix()).strip("-").lower()
        mine = labels & shared
        if mine:
            counts["notes' labels defined in several files given their file's name"] += len(mine)
            text = outside_fences(text, lambda part, mine=mine, stem=stem: re.sub(
                r"\[\^([^\]\s]+)\]", lambda m: f"[^{stem}-{m[1]}]" if m[1] in mine else m[0], part))
        out.append(text)
    return out
