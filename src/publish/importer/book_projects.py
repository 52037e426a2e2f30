"""A book kept as another tool's project: its chapter files in the tool's order, and the title,
authors and language its configuration gives.

mdBook (book.toml, src/SUMMARY.md) and GitBook (SUMMARY.md) list their chapters as links, nested
for sub-chapters, under `# Part` headings; Leanpub lists its files in manuscript/Book.txt; bookdown
in _bookdown.yml's `rmd_files` (else its .Rmd files by name, index.Rmd first); Quarto in
_quarto.yml's `book: chapters:` (parts and appendices too). Any other folder (a pandoc project's
chapters/, a Jekyll or Hugo site's pages) is read in its files' `weight:`, `nav_order:` or
`order:` order, else by name, numbers counted as numbers ("2-" before "10-").
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from publish.errors import PublishError

CHAPTER_SUFFIXES = (".md", ".markdown", ".rmd", ".qmd")
# The files a project's own name for it may be given as (`publish import src/SUMMARY.md`).
PROJECT_FILES = ("book.toml", "SUMMARY.md", "_quarto.yml", "_quarto.yaml", "Book.txt", "_bookdown.yml", "mkdocs.yml",
                 "mkdocs.yaml")
# Files beside a book's chapters that are not its text.
_NOT_CHAPTERS = re.compile(r"(?i)^(readme|license|licence|changelog|contributing|code_of_conduct|security|"
                           r"summary|authors|notice|todo)(\.\w+)?$")
_ORDER_KEYS = ("weight", "nav_order", "order", "chapter", "sidebar_position")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass
class Entry:
    """A chapter file in the book's order."""

    path: Path
    depth: int = 0  # a sub-chapter's (mdBook's nested links): its headings go that many levels down
    part: str = ""  # the title of a part that opens before it
    matter: str = ""  # "frontmatter" or "backmatter": its level-1 headings are marked so
    title: str = ""  # the tool's title for it (a SUMMARY's link text), used when the file has no heading
    opens_part: bool = False  # a part's page of its own (Quarto's `part: part1.qmd`): its heading is the part's


@dataclass
class BookProject:
    tool: str
    base: Path  # the project's folder: pictures may be named from it, as the tool run there finds them
    root: Path  # the folder the chapters' paths are kept relative to (mdBook's src/, Leanpub's manuscript/)
    entries: list[Entry] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # title, subtitle, authors (list), language, and other keys
    notes: list[str] = field(default_factory=list)  # what was decided, for the report
    source_files: list[Path] = field(default_factory=list)  # the configuration files read


def is_project(source: Path) -> bool:
    """A folder, a project's own file, or an R Markdown or Quarto document (code chunks to read)."""
    return source.is_dir() or source.name in PROJECT_FILES or source.suffix.lower() in (".rmd", ".qmd")


def read_project(source: Path) -> BookProject:
    """The project `source` is (a folder, or one of PROJECT_FILES in it)."""
    folder = source if source.is_dir() else source.parent
    given = None if source.is_dir() else source.name
    if source.suffix.lower() in (".rmd", ".qmd"):
        return _document(source)
    if given == "SUMMARY.md" and (folder.parent / "book.toml").is_file():
        folder, given = folder.parent, "book.toml"
    if given in ("book.toml", None) and (folder / "book.toml").is_file():
        return _mdbook(folder)
    if given in ("_quarto.yml", "_quarto.yaml", None) and (quarto := _first(folder, "_quarto.yml", "_quarto.yaml")):
        return _quarto(quarto)
    if given in ("mkdocs.yml", "mkdocs.yaml", None) and (mkdocs := _first(folder, "mkdocs.yml", "mkdocs.yaml")):
        return _mkdocs(mkdocs)
    if given == "Book.txt" or given is None and (_first(folder, "Book.txt", "manuscript/Book.txt")):
        return _leanpub(source if given else _first(folder, "Book.txt", "manuscript/Book.txt"))
    if given == "_bookdown.yml" or given is None and _first(folder, "_bookdown.yml", "index.Rmd"):
        return _bookdown(folder)
    if given == "SUMMARY.md" or given is None and (folder / "SUMMARY.md").is_file():
        return _gitbook(folder)
    return _folder(folder)


def _document(path: Path) -> BookProject:
    """One R Markdown or Quarto document: a book of its own, its YAML the book's metadata."""
    if not path.is_file():
        raise PublishError("file not found", file=path)
    tool = "R Markdown" if path.suffix.lower() == ".rmd" else "Quarto"
    meta = front_matter(path)[0]
    return BookProject(tool, path.parent, path.parent, [Entry(path)],
                       {**meta, "authors": _names(meta.get("author"))}, source_files=[path])


def _first(folder: Path, *names: str) -> Path | None:
    return next((folder / name for name in names if (folder / name).is_file()), None)


def _mdbook(folder: Path) -> BookProject:
    config = _toml(folder / "book.toml")
    book = config.get("book", {})
    root = folder / book.get("src", "src")
    project = BookProject("mdBook", folder, root, source_files=[folder / "book.toml"])
    project.meta = {"title": book.get("title"), "authors": book.get("authors") or [],
                    "language": book.get("language"), "description": book.get("description")}
    _summary(project, root / "SUMMARY.md")
    return project


def _gitbook(folder: Path) -> BookProject:
    project = BookProject("GitBook", folder, folder)
    if (folder / "book.json").is_file():
        import json

        config = json.loads((folder / "book.json").read_text(encoding="utf-8"))
        project.meta = {"title": config.get("title"), "authors": _names(config.get("author")),
                        "language": config.get("language"), "description": config.get("description")}
        project.source_files.append(folder / "book.json")
    _summary(project, folder / "SUMMARY.md")
    return project


_LIST_LINK = re.compile(r"^(\s*)[-*+]\s+\[(.*?)\]\((.*?)\)\s*$")
_BARE_LINK = re.compile(r"^\[(.*?)\]\((.*?)\)\s*$")
_PART = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_SEPARATOR = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


def _summary(project: BookProject, summary: Path) -> None:
    """mdBook's and GitBook's SUMMARY.md: links before the list are front matter, after it
    (mdBook's suffix chapters, often under a rule) back matter; a heading titles a part."""
    if not summary.is_file():
        raise PublishError(f"an {project.tool} book without its SUMMARY.md, which lists the chapters", file=summary,
                           hint="write SUMMARY.md, or import the folder of chapters itself")
    project.source_files.append(summary)
    lines = summary.read_text(encoding="utf-8-sig").splitlines()
    indents: list[int] = []
    numbered = titled = False
    part = ""
    for n, line in enumerate(lines, 1):
        if match := _PART.match(line):
            if project.entries or titled:  # the first heading over no link is the list's title ("# Summary")
                part = match[1]
            titled = True
            continue
        item, bare = _LIST_LINK.match(line), _BARE_LINK.match(line)
        if item:
            width = len(item[1].expandtabs(4))
            while indents and indents[-1] > width:
                indents.pop()
            if not indents or indents[-1] < width:
                indents.append(width)
            depth, title, target, matter = len(indents) - 1, item[2], item[3], ""
            numbered = True
        elif bare:
            depth, title, target, matter = 0, bare[1], bare[2], "backmatter" if numbered else "frontmatter"
        else:
            continue
        target = target.split("#", 1)[0].strip().strip("<>")
        if not target:
            project.notes.append(f"draft chapter '{title}' (SUMMARY.md:{n}) has no file: left out")
            continue
        path = summary.parent / target
        if not path.is_file():
            raise PublishError(f"lists {target} ('{title}'), which is not there", file=summary, line=n,
                               hint="put the chapter's file there, or take its line out of SUMMARY.md")
        project.entries.append(Entry(path, depth, part if depth == 0 else "", matter, title))
        if depth == 0:
            part = ""


def _leanpub(book_txt: Path) -> BookProject:
    root = book_txt.parent
    project = BookProject("Leanpub", root.parent if root.name == "manuscript" else root, root,
                          source_files=[book_txt])
    matter = ""
    for n, line in enumerate(book_txt.read_text(encoding="utf-8-sig").splitlines(), 1):
        name = line.strip()
        if name.rstrip(":") in ("frontmatter", "mainmatter", "backmatter") and name.endswith(":"):
            matter = "" if name == "mainmatter:" else name[:-1]
            continue
        if not name or name.startswith("#"):
            continue
        path = root / name
        if not path.is_file():
            raise PublishError(f"lists {name}, which is not there", file=book_txt, line=n,
                               hint="put the file beside Book.txt, or take its line out")
        project.entries.append(Entry(path, matter=matter))
    return project


def _bookdown(folder: Path) -> BookProject:
    config_path = folder / "_bookdown.yml"
    config = _yaml(config_path) if config_path.is_file() else {}
    project = BookProject("bookdown", folder, folder, source_files=[p for p in [config_path] if p.is_file()])
    names = config.get("rmd_files")
    if isinstance(names, dict):  # one list per output: the print one is the book's
        names = names.get("latex") or names.get("html") or next(iter(names.values()), [])
    if names:
        paths = [folder / name for name in names]
    else:
        paths = sorted((p for p in folder.iterdir() if p.suffix.lower() in (".rmd", ".md")
                        and not p.name.startswith("_") and not _NOT_CHAPTERS.match(p.name)), key=_natural)
        paths.sort(key=lambda p: p.stem.lower() != "index")
    for path in paths:
        if not path.is_file():
            raise PublishError(f"rmd_files lists {path.name}, which is not there", file=config_path,
                               hint="put the chapter there, or take it out of rmd_files")
        project.entries.append(Entry(path))
    if project.entries:
        meta = front_matter(project.entries[0].path)[0]  # index.Rmd's YAML: the book's title, author…
        project.meta = {**meta, "authors": _names(meta.get("author"))}
    return project


def _quarto(config_path: Path) -> BookProject:
    config = _yaml(config_path)
    book = config.get("book")
    folder = config_path.parent
    if not isinstance(book, dict) or not book.get("chapters"):
        raise PublishError("a Quarto project without `book: chapters:`, which lists a book's chapters",
                           file=config_path, hint="import the chapter's .qmd file itself, or list them in "
                           "_quarto.yml under book: chapters:")
    project = BookProject("Quarto", folder, folder, source_files=[config_path])
    project.meta = {"title": book.get("title"), "subtitle": book.get("subtitle"), "authors": _names(book.get("author")),
                    "language": config.get("lang") or book.get("lang"), "date": book.get("date"),
                    "description": book.get("description"),
                    "bibliography": config.get("bibliography") or book.get("bibliography")}

    def add(items: list, matter: str = "", part: str = "") -> None:
        for item in items or []:
            if isinstance(item, dict) and "part" in item:
                title, chapters = str(item["part"]), item.get("chapters") or []
                if title.endswith((".qmd", ".md", ".Rmd")):  # a part's page of its own, its heading the title
                    project.entries.append(Entry(folder / title, matter=matter, opens_part=True))
                    add(chapters, matter)
                else:
                    add(chapters, matter, title)
                continue
            name = item.get("href") or item.get("file") if isinstance(item, dict) else item
            path = folder / str(name)
            if not path.is_file():
                raise PublishError(f"lists {name} among the book's chapters, which is not there", file=config_path,
                                   hint="put the chapter there, or take it out of book: chapters:")
            project.entries.append(Entry(path, matter=matter, part=part))
            part = ""

    add(book["chapters"])
    add(book.get("appendices") or [], "backmatter")
    return project


def _mkdocs(config_path: Path) -> BookProject:
    """An MkDocs site (Material for MkDocs' too): its pages in `nav:`'s order (else by name, as
    MkDocs lists them), under `docs_dir`; a section at the top of `nav:` a part over its pages."""
    config = _mkdocs_yaml(config_path)
    folder = config_path.parent
    root = folder / str(config.get("docs_dir") or "docs")
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    project = BookProject("MkDocs", folder, root, source_files=[config_path])
    project.meta = {"title": config.get("site_name"), "authors": _names(config.get("site_author")),
                    "description": config.get("site_description"), "language": theme.get("language")}
    nav = config.get("nav")
    if not isinstance(nav, list) or not nav:
        project.entries = _folder(root).entries
        project.notes.append("no nav: in mkdocs.yml: pages ordered by name, as MkDocs lists them")
        return project

    pending = [""]  # the title of the part the next page opens
    plugins = config.get("plugins") if isinstance(config.get("plugins"), list) else []
    literate = next((p["literate-nav"] for p in plugins if isinstance(p, dict) and "literate-nav" in p), None) or {}
    nav_file = str(literate.get("nav_file") or "SUMMARY.md") if isinstance(literate, dict) else "SUMMARY.md"

    def add(items: list, top: bool) -> None:
        for item in items:
            title, target = next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else ("", item)
            if isinstance(target, list):  # a section: at the top a part, further in its pages in order
                if top and target:
                    pending[0] = str(title)
                add(target, False)
                continue
            path = root / str(target)
            if path.is_dir() and "://" not in str(target):  # literate-nav's section: a folder of its pages
                pages = _folder_pages(path, nav_file)
                if top and title:
                    pending[0] = str(title)
                for page in pages:
                    opens = bool(pending[0]) and page.stem.lower() in ("index", "readme")  # its heading the part's
                    project.entries.append(Entry(page, part="" if opens else pending[0], opens_part=opens))
                    pending[0] = ""
                continue
            if not str(target).endswith((".md", ".markdown")) or not path.is_file():
                if "://" not in str(target):
                    project.notes.append(f"nav: {target} is no page of docs/: left out")
                continue
            project.entries.append(Entry(path, part=pending[0], title=str(title or "")))
            pending[0] = ""

    add(nav, True)
    project.notes.append("pages in mkdocs.yml's nav: order")
    return project


_PAGE_LINK = re.compile(r"\]\(<?([^)<>#\s]+\.md)>?(?:#[^)]*)?\)")


def _folder_pages(folder: Path, nav_file: str) -> list[Path]:
    """A folder's pages as literate-nav lists them: its index (index.md, README.md) first, then
    the pages its nav file links to in their order, else the rest by name."""
    index = next((folder / name for name in ("index.md", "README.md") if (folder / name).is_file()), None)
    listed: list[Path] = []
    if (folder / nav_file).is_file():
        for match in _PAGE_LINK.finditer((folder / nav_file).read_text(encoding="utf-8-sig", errors="replace")):
            page = (folder / match[1]).resolve()
            if page.is_file() and page.parent == folder.resolve() and page not in listed and page != index:
                listed.append(folder / match[1])
    rest = [] if listed else sorted((p for p in folder.glob("*.md") if p != index and p.name != nav_file), key=_natural)
    return ([index] if index else []) + listed + rest


class _MkDocsLoader(yaml.SafeLoader):
    """mkdocs.yml's YAML, its Python tags (`!!python/name:material.extensions.emoji.twemoji`,
    `!ENV`) read as nothing: they configure the site's plugins, not the book."""


_MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _mkdocs_yaml(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_MkDocsLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise PublishError(f"is not valid YAML: {exc}", file=path, hint="correct it, then import again") from None
    return data if isinstance(data, dict) else {}


def _folder(folder: Path) -> BookProject:
    """A folder of chapter files (a pandoc project's chapters/, a Jekyll or Hugo site's pages):
    in their front matter's order (`weight:`, `nav_order:`; under their `parent:`), else by name."""
    if not folder.is_dir():
        raise PublishError("is not a folder, nor a book project's file", file=folder,
                           hint="give the folder of chapters, or " + ", ".join(PROJECT_FILES))
    files = _chapter_files(folder)
    if not files:
        raise PublishError("holds no chapter files (.md, .Rmd, .qmd), nor a book project's file", file=folder,
                           hint="give the folder the chapters are in, or the project's " + ", ".join(PROJECT_FILES))
    root = Path(os.path.commonpath([p.parent for p in files]))  # chapters/ of a pandoc project
    project = BookProject("Obsidian" if (folder / ".obsidian").is_dir() else "Markdown folder", folder, root)
    for name in ("metadata.yaml", "metadata.yml", "meta.yaml", "_config.yml", "book.yaml"):
        if (folder / name).is_file():
            config = _yaml(folder / name)
            if name == "_config.yml":  # a Jekyll site's settings: only these are the book's
                config = {key: config[key] for key in ("title", "description", "author", "lang") if key in config}
            project.meta = {**config, "authors": _names(config.get("author") or config.get("authors"))}
            project.source_files.append(folder / name)
            project.tool = "pandoc" if name.startswith("meta") else "Jekyll" if name == "_config.yml" else project.tool
            break
    metas = {path: front_matter(path)[0] for path in files}
    key = {path: (_order(metas[path]) is None, _order(metas[path]) or 0, _natural(path.relative_to(root)))
           for path in files}
    if any(meta.get("parent") for meta in metas.values()):
        project.entries = _under_parents(sorted(files, key=key.get), metas)
        project.notes.append("pages ordered under their parent: by nav_order, then by name")
        return project
    project.entries = [Entry(path) for path in sorted(files, key=key.get)]
    project.notes.append("chapters ordered by their front matter's weight/nav_order, then by name"
                         if any(_order(meta) is not None for meta in metas.values())
                         else "chapters ordered by name, numbers as numbers")
    return project


def _under_parents(ordered: list[Path], metas: dict[Path, dict]) -> list[Entry]:
    """Just the Docs' pages: each under the page its `parent:` names (and `grand_parent:` that
    one's), a level down; a page whose parent is no page stays at the top."""
    titles = {path: str(metas[path].get("title") or "") for path in ordered}

    def parent_of(path: Path) -> Path | None:
        name, grand = metas[path].get("parent"), metas[path].get("grand_parent")
        found = [p for p in ordered if name and titles[p] == str(name) and p != path]
        return next((p for p in found if not grand or str(metas[p].get("parent")) == str(grand)),
                    found[0] if found else None)

    parents = {path: parent_of(path) for path in ordered}
    entries: list[Entry] = []

    def add(path: Path, depth: int) -> None:
        if len(entries) > len(ordered):  # a page its own ancestor: each is added once anyway
            return
        entries.append(Entry(path, depth=depth))
        for child in (p for p in ordered if parents[p] == path):
            add(child, depth + 1)

    for path in ordered:
        if parents[path] is None:
            add(path, 0)
    return entries


_SKIPPED_FOLDERS = {"node_modules", "vendor", "_site", "_book", "public", "themes", "build", "site", "target"}


def _chapter_files(folder: Path) -> list[Path]:
    """The chapter files in the folder and the folders under it (not the tools' own: `_site`,
    `node_modules`, a name opening with `.` or `_`; Hugo's `_index.md` is a section's page)."""
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if (path.is_file() and path.suffix.lower() in CHAPTER_SUFFIXES and not _NOT_CHAPTERS.match(path.name)
                and not any(part.startswith((".", "_")) or part in _SKIPPED_FOLDERS for part in parts[:-1])
                and (not path.name.startswith((".", "_")) or path.stem == "_index")):
            found.append(path)
    return found


def _order(meta: dict) -> float | None:
    for key in _ORDER_KEYS:
        value = meta.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def front_matter(path: Path) -> tuple[dict, str]:
    """A chapter file's YAML front matter (empty when none) and the text after it."""
    text = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match[1])
    except yaml.YAMLError as exc:
        raise PublishError(f"its front matter (the YAML between the --- lines at the top) is not valid: {exc}",
                           file=path, hint="correct the YAML, or take the block out") from None
    return (data if isinstance(data, dict) else {}), text[match.end():]


def _names(value: object) -> list[str]:
    """Authors as a tool's configuration gives them: a name, a list of names, or of maps with one."""
    items = value if isinstance(value, list) else [value] if value else []
    names = [str(item.get("name", "")) if isinstance(item, dict) else str(item) for item in items]
    return [name.strip() for name in names if name and name.strip()]


def _natural(path: Path) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.as_posix())]


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise PublishError(f"is not valid TOML: {exc}", file=path, hint="correct it as mdBook would need") from None


def _yaml(path: Path) -> dict:
    try:  # pandoc's metadata.yaml may be written between --- lines, as a block in a text
        data = next((d for d in yaml.safe_load_all(path.read_text(encoding="utf-8-sig")) if d), None)
    except yaml.YAMLError as exc:
        raise PublishError(f"is not valid YAML: {exc}", file=path, hint="correct it, then import again") from None
    return data if isinstance(data, dict) else {}
