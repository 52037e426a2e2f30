"""What a book project's chapter takes from elsewhere or runs: mdBook's `{{#include file}}` and
Leanpub's `<<(file)` put in, knitr's and Quarto's code chunks made code blocks, pictures, or set aside.
A chunk's figure that Quarto made when it last ran the code, and keeps in the project's `_freeze/`
(`_freeze/<chapter>/figure-html/<label>-1.png`, committed so that the book builds without R or
Python), is put where the chunk stands, captioned and with its label as its id."""

from __future__ import annotations

import re
from glob import escape as glob_escape
from pathlib import Path

import yaml

from publish.importer.book_projects import BookProject, front_matter
from publish.importer.frozen_tables import Cell, cell_of, table_lines
from publish.importer.project_text import State
from publish.importer.report import words

# knitr's and Quarto's chunk: ```{r label, echo=FALSE}, ```{python}; not pandoc's ```{.python}
_CHUNK = re.compile(r"^( {0,3})(`{3,})\{([A-Za-z][\w.+-]*)[ ,]*(.*?)\}[ \t]*$")
_INCLUDE_GRAPHICS = re.compile(r"""^\s*knitr::include_graphics\(\s*["']([^"'\s]+)["']\s*(?:,[^)]*)?\)\s*$""")
_CHUNK_OPTION = re.compile(r"^\s*#\|\s*([\w.-]+)\s*:\s*(.*?)\s*$")
_MDBOOK = re.compile(r"(\\?)\{\{#(include|rustdoc_include|playground|title)\s+([^}]*?)\s*\}\}")
_QUARTO_INCLUDE = re.compile(r"^[ \t]*\{\{<[ \t]*include[ \t]+(\S+?)[ \t]*>\}\}[ \t]*$", re.M)
_LEANPUB_CODE = re.compile(r"^<<(?:\[(.*?)\])?\((.*?)\)[ \t]*$", re.M)
_SHOWN_NOT = {"false", "FALSE", "F", "no"}


def included(text: str, path: Path, project: BookProject, state: State) -> str:
    """mdBook's {{#include file:lines}}, Quarto's {{< include _file.qmd >}} (on a line of its own;
    a path from the folder of the file that includes it, or from the project's with "/") and
    Leanpub's <<(file) put in their place."""

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

    def quarto(match: re.Match, depth: int = 0) -> str:
        name = match[1].partition("#")[0]
        found = _file(path, name.lstrip("/"), project, state) if not name.startswith("/") else (
            _file(project.base / "_", name.lstrip("/"), project, state))
        if not found:
            return match[0]
        state.markup.update(words(match[0]))
        state.counts["Quarto {{< include >}} put in"] += 1
        inner = front_matter(found)[1].strip("\n")
        return _QUARTO_INCLUDE.sub(lambda m: quarto(m, depth + 1) if depth < 8 else m[0], inner)

    text = _MDBOOK.sub(mdbook, text)
    text = _QUARTO_INCLUDE.sub(quarto, text) if project.tool == "Quarto" else text
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


def frozen_figures(chapter: Path, project: BookProject) -> Path | None:
    """The folder of the figures Quarto froze for the chapter (`_freeze/<chapter>/figure-html`)."""
    if project.tool != "Quarto" or not chapter.is_relative_to(project.base):
        return None
    folder = project.base / "_freeze" / chapter.relative_to(project.base).with_suffix("") / "figure-html"
    return folder if folder.is_dir() else None


def chunks(text: str, where: str, state: State, frozen: Path | None = None, base: Path | None = None,
           cells: list[Cell] | None = None) -> str:
    """knitr's and Quarto's code chunks as code blocks in their language; one whose code the book
    does not show (echo=FALSE, include=FALSE, `#| echo: false`) set aside, as its output (a figure,
    a table) is made by running it, which the import does not do; a figure `frozen` there (its
    label's pictures in Quarto's `_freeze/`, named from `base`) is put in after the code, and so
    is a table Quarto's run printed (`cells`, frozen_tables.py)."""
    lines, out, n, position = text.split("\n"), [], 0, 0
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
        runs = frozen and base and options.get("include") not in _SHOWN_NOT
        made = _frozen(frozen, options.get("label", "")) if runs else []
        run = options.get("include") not in _SHOWN_NOT  # Quarto keeps no cell of a chunk left out
        cell = cell_of(cells, options.get("label", ""), body, position) if cells and run else None
        position += run
        tables = table_lines(cell, options, indent) if cell and cell.tables else []
        if tables:
            state.counts["tables Quarto's code printed (_freeze/) put in after their chunks"] += len(cell.tables)
        if made and not picture:
            state.counts["figures Quarto froze (_freeze/) put in after their chunks"] += 1
            if not hidden:
                state.counts[f"{language} chunks kept as code blocks (not run)"] += 1
                out += [f"{indent}{fence}{language}", *body, f"{indent}{fence}", ""]
            out += _frozen_figure(made, base, caption, options, indent) + tables
        elif picture and hidden:
            out.append(indent + _figure(picture[1], caption, options))
            state.counts["knitr::include_graphics() chunks made pictures"] += 1
        elif hidden:
            state.counts[f"{language} chunks whose code the book does not show: set aside"] += 1
            state.set_aside.append(f"{where}:{n + 1}: {lines[n].strip()}\n" + "\n".join(lines[n + 1:end]))
            out += tables
            if caption and not tables:
                short = caption if len(caption) <= 60 else caption[:59] + "…"
                state.warnings.append(f"{where}:{n + 1}: the figure '{short}' is made by running its {language} "
                                      "code: put the picture in its place, ![caption](images/NAME.png)")
        else:
            state.counts[f"{language} chunks kept as code blocks (not run)"] += 1
            out += [f"{indent}{fence}{language}", *body, f"{indent}{fence}"] + ([""] + tables[:-1] if tables else [])
        n = end + 1
        if hidden and not (picture or made) and out and not out[-1].strip() and n < len(lines) and not lines[n].strip():
            n += 1  # one blank line where the chunk stood, not two
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


def _frozen(folder: Path, label: str) -> list[Path]:
    """The pictures Quarto made of the chunk labelled so: `<label>-1.png`, `-2`, … in its order."""
    if not label:
        return []
    found = [p for p in folder.glob(f"{glob_escape(label)}-*") if p.suffix.lower() in (".png", ".svg", ".jpg", ".jpeg")
             and p.stem[len(label) + 1:].isdigit()]
    return sorted(found, key=lambda p: int(p.stem[len(label) + 1:]))


def _frozen_figure(made: list[Path], base: Path, caption: str, options: dict, indent: str) -> list[str]:
    """One picture as a figure (`![caption](path){#fig-x}`), several as Quarto's figure of them
    (`::: {#fig-x}`, the pictures, the caption), as the book numbers both."""
    paths = [p.relative_to(base).as_posix().replace(" ", "%20") for p in made]
    if len(paths) == 1:
        return [indent + _figure(paths[0], caption, options), ""]
    label = options.get("label", "")
    opening = f"::: {{#{label}}}" if label.startswith("fig") and caption else ":::"
    return [indent + opening, *(line for path in paths for line in (f"{indent}![]({path})", "")),
            *([indent + caption] if caption and label.startswith("fig") else []), indent + ":::", ""]


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
