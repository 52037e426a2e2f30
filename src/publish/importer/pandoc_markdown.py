"""A manuscript already in pandoc Markdown (.md, or a .txt that opens with pandoc's title block
or a YAML metadata block, as pandoc's own test files and MANUAL.txt do) → manuscript/.

The text is kept as written, a byte for a byte but for its metadata at the top (`% Title`
lines, or a `---` YAML block), whose title, subtitle, authors and language go to book.yaml;
the pictures it names beside it are copied to the same places under manuscript/. Pandoc reads
the kept text back: its blocks must be the blocks of the source, else nothing is written.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from glob import escape as glob_escape
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import yaml

from publish.errors import PublishError
from publish.importer.documents import describe, meta_language, meta_text, metadata_found
from publish.importer.encoding import decode
from publish.importer.markdown import ast_text
from publish.importer.markup import bibliographies
from publish.importer.project import book_yaml, check_target, write
from publish.importer.report import ImportReport, words
from publish.importer.text import detect_language
from publish.markdown_dialects import mmd_metadata
from publish.pandoc import run_pandoc

READ = ["--from=markdown-smart", "--to=json"]  # text as typed, as import's read-back has it
# pandoc's title block: "% Title" lines, each continued by lines that open with a space.
_TITLE_BLOCK = re.compile(r"\A(?:%[^\n]*\n(?:[ \t]+\S[^\n]*\n)*){1,3}")
_YAML_BLOCK = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# The metadata book.yaml takes (title, subtitle, authors, language, description).
_PLACED = {"title", "subtitle", "author", "creator", "lang", "language", "description", "abstract"}


def import_markdown(source: Path, into: Path, data: bytes, *, force: bool = False, language: str | None = None,
                    encoding: str | None = None) -> ImportReport:
    check_target(into, force)
    report = ImportReport(source, kind="pandoc Markdown")
    decoded = decode(data, source, encoding=encoding, language=language or "")
    report.encoding, report.warnings = decoded.encoding, list(decoded.warnings)
    text = _mmd_as_yaml(decoded.text.replace("\r\n", "\n"))
    doc = json.loads(run_pandoc(text, READ, what=str(source))[0])
    body = without_metadata(text)
    parsed = json.loads(run_pandoc(body, READ, what=str(source))[0])["blocks"]
    if parsed != doc["blocks"]:
        lost = Counter(words(ast_text(doc["blocks"]))) - Counter(words(ast_text(parsed)))
        raise PublishError(f"the text without its metadata block reads differently (lost: {', '.join(lost) or 'none'})",
                           file=source, hint="a bug in `publish import`: nothing was written; please report it")
    found = metadata_found(doc.get("meta", {}))
    for key, value in (("title", found.title), ("subtitle", found.subtitle), ("description", found.description)):
        if value:
            report.moved.append((key, value))
    report.moved += [("authors", name) for name in found.authors]
    # The references it names (pandoc's own `bibliography: biblio.bib`) come with it, as LaTeX's do.
    references = bibliographies(doc.get("meta", {}), source, report)
    found.bibliography = list(references)
    report.moved += unplaced_metadata(doc.get("meta", {}), report, placed=frozenset({"bibliography"}))
    report.words_moved = sum(len(words(value)) for _, value in report.moved)
    report.language = language or meta_language(doc.get("meta", {})) or detect_language(ast_text(parsed))
    report.words_in = report.words_out = len(words(ast_text(parsed)))
    if not parsed:  # the build stops on an empty file: said here, where the cause is
        report.warnings.append("no text after the metadata block: text.md is empty, and a book needs text; "
                               "add it to text.md before building")
    pictures = _pictures(parsed, source, report, _other_editors_pictures(body, source.parent.resolve()))
    describe(report, parsed, pictures)
    report.files = write(into, {"book.yaml": book_yaml(report, found, markdown=body), "text.md": body, **pictures,
                                **references})
    return report


def unplaced_metadata(meta: dict, report: ImportReport, placed: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The metadata book.yaml has no key for (`% July 17, 2006`, a YAML `abstract:`), each kept
    as a comment at the top of book.yaml: it was dropped, with all its words, and not said."""
    kept = [(key, " ".join(_meta_flat(value).split())) for key, value in meta.items()
            if key not in _PLACED | placed]
    kept = [(key, text) for key, text in kept if text]
    if kept:
        report.warnings.append(
            f"no book.yaml key for the metadata {', '.join(key for key, _ in kept)}: kept as comments at the top "
            "of book.yaml; move what the book needs into its keys (a date into `year` or `editions`)")
    return [("unplaced", f"{key}: {text}") for key, text in kept]


def _meta_flat(value: dict) -> str:
    """A metadata value's text, lists and maps included (a YAML block may hold either)."""
    if value.get("t") == "MetaMap":
        return "; ".join(f"{key}: {_meta_flat(item)}" for key, item in value["c"].items())
    if value.get("t") == "MetaList":
        return "; ".join(_meta_flat(item) for item in value["c"])
    return meta_text(value)


# MultiMarkdown's keys (Scrivener's and Ulysses' export) as pandoc's metadata names them
_MMD_NAMES = {"title": "title", "subtitle": "subtitle", "author": "author", "authors": "author",
              "language": "lang", "date": "date", "keywords": "keywords", "copyright": "rights",
              "publisher": "publisher", "affiliation": "affiliation"}


def _mmd_as_yaml(text: str) -> str:
    """A MultiMarkdown metadata header (`Title: …`, `Author: …`) as the YAML block it stands for, so
    that its title and authors go to book.yaml as a YAML block's do; its keys for other tools
    (`Base Header Level`, `CSS`, `LaTeX Config`) are left out."""
    found = mmd_metadata(text)
    if found is None:
        return text
    fields, end = found
    meta: dict[str, object] = {}
    for key, value in fields.items():
        name = _MMD_NAMES.get(key.lower())
        if name == "author":
            meta[name] = [part.strip() for part in re.split(r"\s*(?:,|;| and )\s*", value) if part.strip()]
        elif name:
            meta[name] = value
    block = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" if meta else ""
    return block + "\n".join(text.split("\n")[end:])


def without_metadata(text: str) -> str:
    """The text without the metadata block it opens with (pandoc's title block or YAML)."""
    lead = text.lstrip("\ufeff")
    for block in (_TITLE_BLOCK, _YAML_BLOCK):
        match = block.match(lead)
        if match:
            return lead[match.end():].lstrip("\n")
    return lead


def _pictures(blocks: list, source: Path, report: ImportReport, others: list[str] = ()) -> dict[str, bytes]:
    """The local pictures the text names, by their paths as written (beside the source file), and
    `others`, those the build reads from other editors' marks; one outside its folder or missing
    is named in a warning."""
    folder = source.parent.resolve()
    found: dict[str, bytes] = {}
    for src in dict.fromkeys([*_image_sources(blocks), *others]):
        if _SCHEME.match(src) or not src:
            continue
        path = (folder / unquote(src.split("#", 1)[0].split("?", 1)[0])).resolve()
        if path.is_relative_to(folder) and path.is_file():
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
        else:
            report.warnings.append(f"picture '{src}' not found beside {source.name}: copy it into manuscript/ "
                                   "and write its path from there")
    return found


_RAW_PICTURE = re.compile(r"""<img\b[^<>]*?\bsrc\s*=\s*["']([^"'<>]+)["']""", re.I)  # Typora's, GitHub's
_EMBED = re.compile(r"!\[\[([^\[\]|#\n]+)[^\[\]\n]*\]\]")  # Obsidian's ![[pic.png|300]]
_CONTENT_BLOCK = re.compile(r"^ {0,3}/(\S+?\.(?:png|jpe?g|gif|svg|webp))(?:[ \t]+\"[^\"\n]*\")?[ \t]*$", re.M | re.I)


def _other_editors_pictures(text: str, folder: Path) -> list[str]:
    """The pictures of a raw `<img src>`, Obsidian's `![[pic.png]]` (beside the file, or in a folder
    of pictures under it, as a vault keeps them: `attachments/pic.png`) and iA Writer's content
    block (`/images/pic.png`), which pandoc's reader takes for no picture: the build reads them
    (markdown_dialects.py), so the import copies them."""
    out = [unescape(src) for src in _RAW_PICTURE.findall(text)] + _CONTENT_BLOCK.findall(text)
    for name in (match.strip() for match in _EMBED.findall(text)):
        if not name.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")):
            continue
        beside = folder / name
        found = [beside] if beside.is_file() else sorted(
            (p for pattern in ("*/", "*/*/") for p in folder.glob(pattern + glob_escape(name))
             if not any(part.startswith(".") for part in p.relative_to(folder).parts)),  # .trash/ is no picture's
            key=lambda p: (len(p.parts), p.as_posix()))
        out.append(found[0].relative_to(folder).as_posix() if found else name)
    return out


def _image_sources(node: object):
    if isinstance(node, list):
        for item in node:
            yield from _image_sources(item)
    elif isinstance(node, dict):
        if node.get("t") == "Image":
            yield node["c"][2][0]
        yield from _image_sources(node.get("c"))
