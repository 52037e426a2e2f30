"""`publish import FOLDER` (or SUMMARY.md, book.toml, _quarto.yml, _bookdown.yml, Book.txt): another
tool's book project → manuscript/: its chapters as files in the tool's order (book.yaml's
`files:`), its pictures at their paths from the text's folder, its title, authors and language in
book.yaml. No word is dropped: each chapter's words, but the tool's own markup, are counted in
what is written, else nothing is.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from publish.errors import PublishError
from publish.importer.book_projects import BookProject, read_project
from publish.importer.documents import describe, language_tag
from publish.importer.project import Found, book_yaml, check_target, write
from publish.importer.project_chapters import chapter_text, pictures
from publish.importer.project_links import linked_within, notes_apart
from publish.importer.project_text import State
from publish.importer.report import ImportReport, words
from publish.importer.text import detect_language
from publish.pandoc import run_pandoc

SET_ASIDE = "source-code-chunks.txt"
_PLACED = {"title", "subtitle", "author", "authors", "language", "lang", "rights", "bibliography"}
# A tool's settings, not the book's metadata: not worth a line in book.yaml.
_SETTINGS = {"site", "output", "documentclass", "biblio-style", "link-citations", "github-repo", "mainfont",
             "src", "multilingual", "execute", "format", "jupyter", "knit", "params", "always_allow_html",
             "mainlang", "otherlang", "linkReferences", "tags", "cover-image", "site-url", "repo-url",
             "classoption", "geometry", "fontsize", "toc", "lof", "lot", "header-includes", "csl", "layout",
             "theme", "plugins", "baseurl", "url", "markdown", "permalink", "exclude", "include", "nav_order"}


def import_project(source: Path, into: Path, *, force: bool = False, language: str | None = None) -> ImportReport:
    project = read_project(source)
    check_target(into, force)
    report = ImportReport(source, kind=f"{project.tool} book project",
                          markup_kinds="front matter, includes, code chunks' options, the tools' directives")
    state = State()
    files: dict[str, str | bytes] = {}
    texts: list[str] = []
    for i, entry in enumerate(project.entries):
        where = entry.path.relative_to(project.base).as_posix()
        state.markup = Counter()
        book_meta = i == 0 and project.tool in ("bookdown", "Quarto", "R Markdown")  # index.Rmd's YAML
        text = chapter_text(entry, project, state, book_meta=book_meta)
        text, found = pictures(text, entry.path, project, state, where)
        source_words = Counter(words(entry.path.read_text(encoding="utf-8-sig", errors="replace")))
        lost = source_words - Counter(words(text)) - state.markup
        if lost:
            raise PublishError(f"reading this chapter lost words ({', '.join(list(lost)[:8])})", file=entry.path,
                               hint="a bug in `publish import`: nothing was written; please report it")
        report.words_in += sum(source_words.values())
        report.markup_words += +state.markup
        texts.append(text)
        files.update({picture: path.read_bytes() for picture, path in found.items()})
    if not texts:
        raise PublishError(f"an {project.tool} project that lists no chapters", file=source,
                           hint="list the chapters' files as the tool wants them")
    texts = linked_within(texts, [entry.path for entry in project.entries], state.counts, report.markup_words,
                          state.warnings, project.base)
    texts = notes_apart(texts, [entry.path for entry in project.entries], project.root, state.counts)
    names: list[str] = []
    for entry, text in zip(project.entries, texts, strict=True):
        if entry.depth and names:  # a sub-chapter goes in its chapter's file, its headings under the chapter's
            files[names[-1]] = f"{files[names[-1]]}\n{text}"
            state.counts["sub-chapters' files put in their chapter's file"] += 1
            continue
        names.append(_name(entry.path, project, names))
        files[names[-1]] = text
    if state.set_aside:
        files[SET_ASIDE] = "\n\n".join(state.set_aside) + "\n"
    meta = project.meta or {}
    found = Found(title=_text(meta.get("title")), subtitle=_text(meta.get("subtitle")),
                  authors=list(meta.get("authors") or []))
    found.bibliography = _bibliographies(meta, project, files, report)
    whole = "\n\n".join(str(files[name]) for name in names)
    parsed = [block for name in names for block in  # file by file: the report says what each holds
              json.loads(run_pandoc(str(files[name]), ["--from=markdown-smart", "--to=json"], what=name)[0])["blocks"]]
    report.language = language or language_tag(_text(meta.get("language") or meta.get("lang"))) or \
        detect_language(whole)
    report.words_out = len(words(whole))
    report.moved += [("unplaced", f"{key}: {_text(value)}") for key, value in meta.items()
                     if key not in _PLACED | _SETTINGS and _text(value)]
    if rights := _text(meta.get("rights")):
        report.moved.append(("rights", rights))
    describe(report, parsed, {n: b for n, b in files.items()
                              if n not in names and n != SET_ASIDE and n not in found.bibliography})
    report.decisions[0] = f"read by:         pandoc's Markdown reader; {len(parsed)} blocks"
    report.decisions[:0] = _decisions(project, names, state)
    report.words_set_aside = len(words(str(files.get(SET_ASIDE, ""))))
    report.warnings += state.warnings
    yaml_text = book_yaml(report, found, files=names)
    if rights:
        yaml_text += f"rights: {json.dumps(rights, ensure_ascii=False)}\n"
    report.files = write(into, {"book.yaml": yaml_text, **files})
    return report


def _decisions(project: BookProject, names: list[str], state: State) -> list[str]:
    read = ", ".join(p.name for p in project.source_files) or "the folder"
    out = [f"project:         {project.tool}, read from {read}: {len(names)} chapter files, in that order, "
           "listed in book.yaml's files:"]
    out += [f"  {note}" for note in project.notes]
    out += [f"  {what}: {count}" for what, count in sorted(state.counts.items())]
    if state.set_aside:
        out.append(f"  set aside in {SET_ASIDE}: {len(state.set_aside)} code chunks, with their files and lines")
    return out


def _name(path: Path, project: BookProject, taken: list[str]) -> str:
    """The chapter's file in manuscript/: its path from the text's folder, as Markdown (.md)."""
    resolved, root = path.resolve(), project.root.resolve()
    relative = resolved.relative_to(root if resolved.is_relative_to(root) else project.base.resolve())
    name = relative.with_suffix(".md").as_posix()
    stem, n = name[:-3], 2
    while name in taken:
        name, n = f"{stem}-{n}.md", n + 1
    return name


def _bibliographies(meta: dict, project: BookProject, files: dict, report: ImportReport) -> list[str]:
    named = meta.get("bibliography") or []
    kept = []
    for name in [named] if isinstance(named, str) else named:
        path = (project.base / str(name)).resolve()
        if path.is_file() and path.is_relative_to(project.base.resolve()):
            kept.append(path.name)
            files[path.name] = path.read_bytes()
        else:
            report.warnings.append(f"the bibliography {name} is not there (made by running the book?): "
                                   "citations to it print as typed")
    return kept


def _text(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value if _text(v))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items() if _text(v))
    return " ".join(str(value).split()) if value is not None else ""
