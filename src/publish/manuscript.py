"""manuscript/ → Book: the metadata and the chapters, read once for every edition."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections import Counter
from dataclasses import replace
from html import escape
from pathlib import Path

import lxml.html

from publish import project
from publish.cache import Cache
from publish.chapter_ends import drop_closing_rules
from publish.citations import Bibliography, bibliography_of, warn_citeproc, warn_unformatted_citations
from publish.errors import PublishError
from publish.footnotes import notes_numbered_by_chapter, notes_with_their_calls, warn_repeated_note_labels
from publish.heading_levels import headings_without_skipped_levels
from publish.limits import check_depth, check_source
from publish.linked_pictures import linked_pictures_described
from publish.lone_pictures import lone_pictures_as_figures
from publish.manuscript_cache import html_document
from publish.markdown_dialects import READ_FORMAT, in_pandoc_markdown
from publish.metadata import load_metadata
from publish.model import Book, BookMetadata, Chapter
from publish.output import source_date
from publish.rawtex import warn_dropped_raw_latex
from publish.shortcodes import warn_unrun_shortcodes
from publish.speeches import speakers_as_row_headers
from publish.table_figures import figures_flush_right
from publish.table_headers import empty_headers_as_data, row_labels_as_headers
from publish.table_heads import words_over_figures_as_head
from publish.table_layout import pictures_as_layout
from publish.typography.rules import SHORT_WORDS_BOUND
from publish.typography.walk import base_language
from publish.unclosed import warn_unclosed_fences
from publish.verse import verse_lines

log = logging.getLogger("publish")

MAX_FILE_BYTES = 20_000_000
NOT_TEXT = (".yaml", ".yml", ".bib", ".bibtex", ".json", ".ris", ".csl", ".css")
# Names the editions give their own files (index.html, search.html, cover.xhtml, nav.xhtml)
# besides the matter pages': a chapter's id may not take them.
EDITION_NAMES = {"index", "search", "cover", "nav", "errata"}
# Markdown → AST (then the typography pass) → HTML5.
READ_ARGS = [f"--from={READ_FORMAT}", "--to=json"]
PANDOC_ARGS = [
    "--from=json", "--to=html5", "--section-divs", "--mathml",
    "--reference-location=section", "--wrap=none", "--verbose",  # --verbose: log dropped raw TeX
]
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
# Control characters pandoc passes on (typed, pasted from Word, or as `&#x4;`): no HTML or XML
# may hold them; a vertical tab or form feed (Word's line and page breaks) is a space.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")  # and XML's two non-characters
_ATX_H1 = re.compile(r"^#\s+\S")  # pandoc needs the space: "#. item" is a list, not a heading
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")  # under a single line of text: "Title\n====="
_SETEXT_H2 = re.compile(r"^ {0,3}-+[ \t]*$")


def load_book(root: Path, cache: Cache | None = None) -> Book:
    """The book; with a build cache, unchanged chapters skip pandoc and the typography pass."""
    root = root.resolve()
    manuscript_dir = project.manuscript_dir(root)
    meta = load_metadata(manuscript_dir / "book.yaml")
    files = _manuscript_files(manuscript_dir, meta)
    _warn_unlisted(manuscript_dir, meta, files)
    texts = _chapters_at_level_1(in_pandoc_markdown(files, [_read_text(path) for path in files], manuscript_dir))
    chapters = _chapters(files, texts, meta, cache or Cache(None), bibliography_of(meta, manuscript_dir))
    chapters = _named(chapters)
    if not any(c.title or _COMMENTS.sub("", c.body_html).strip() for c in chapters):
        raise PublishError("the manuscript has nothing to print: only a metadata block or comments",
                           file=files[0] if len(files) == 1 else manuscript_dir,
                           hint="write the text, under a heading such as `# Chapter One`")
    styles_dir = project.styles_dir(root)
    inputs = input_files(manuscript_dir, meta, files)
    stamp = source_date(root, inputs)
    build_date = dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat()
    return Book(meta, tuple(chapters), root, manuscript_dir, styles_dir, build_date, stamp, inputs)


def _named(chapters: list[Chapter]) -> list[Chapter]:
    """The chapters with the names of their files in the EPUB and the web edition."""
    from publish.editions.links import file_names
    from publish.matter import PAGES

    # An id of its own is renamed already (_leave_the_editions_names); "CONTENTS." (id "contents.")
    # is named "contents" only here, without its dot, and was written over the contents page.
    names = file_names([chapter.id for chapter in chapters], frozenset({page.id for page in PAGES} | EDITION_NAMES))
    return [dataclasses.replace(chapter, file=name) for chapter, name in zip(chapters, names, strict=True)]


def input_files(folder: Path, meta: BookMetadata, files: list[Path]) -> tuple[Path, ...]:
    """What the book is made from: book.yaml, the text, the bibliography and its style."""
    return (folder / "book.yaml", *files, *(folder / name for name in meta.citations.files))


def _manuscript_files(folder: Path, meta: BookMetadata) -> list[Path]:
    yaml_path = folder / "book.yaml"
    if not meta.files:
        files = sorted(p for p in folder.glob("*.md") if p.is_file())
        if not files:
            raise PublishError(
                "no Markdown files (*.md) in the manuscript folder", file=folder,
                hint="add chapters as .md files, or list them under 'files:' in book.yaml",
            )
        for path in files:  # a symlink may point anywhere; the build reads only the project
            if not project.resolved(path).is_relative_to(folder.resolve()):
                raise PublishError("this file is a link to a file outside the manuscript folder", file=path,
                                   hint="copy the file into manuscript/ instead of linking to it")
        return files
    out = []
    for i, name in enumerate(meta.files):
        path = project.resolved(folder / name)
        if not path.is_relative_to(folder.resolve()):
            raise PublishError(
                f"'{name}' lies outside the manuscript folder", file=yaml_path, key=f"files[{i}]",
                hint="keep manuscript files inside manuscript/",
            )
        if path.is_dir():
            raise PublishError(f"'{name}' is a folder, not a Markdown file", file=yaml_path, key=f"files[{i}]",
                               hint="list the .md files inside it, e.g. 'part-one/01.md'")
        if path.suffix.lower() in NOT_TEXT:  # book.yaml listed too printed its keys as six chapters
            raise PublishError(f"'{name}' is no chapter of the text but data (metadata, references, a style)",
                               file=yaml_path, key=f"files[{i}]", hint="list only the Markdown files of the text")
        if not path.is_file():
            other = project.named_otherwise(folder, name)
            raise PublishError(
                f"'{name}' does not exist", file=yaml_path, key=f"files[{i}]",
                hint=f"the file is '{other}': names differ by capitals here; write it as the file is named"
                if other else f"create {folder.name}/{name} or remove it from 'files:'",
            )
        out.append(path)
    return out


def _warn_unlisted(folder: Path, meta: BookMetadata, files: list[Path]) -> None:
    """A chapter file added beside the others but not to `files:` (which `publish new` writes) was
    left out of every edition without a word."""
    if not meta.files:
        return
    listed = {path.resolve() for path in files}
    unlisted = sorted(p.name for p in folder.glob("*.md") if p.is_file() and p.resolve() not in listed)
    if unlisted:
        names = ", ".join(unlisted[:5]) + (f" and {len(unlisted) - 5} more" if len(unlisted) > 5 else "")
        log.warning("%s: %s %s in %s/ but not in files:, so no edition prints %s; add %s to the list "
                    "where %s belong%s, or take the files: list out to print every .md file in name order",
                    folder / "book.yaml", names, "is" if len(unlisted) == 1 else "are", folder.name,
                    "it" if len(unlisted) == 1 else "them", "it" if len(unlisted) == 1 else "them",
                    "it" if len(unlisted) == 1 else "they", "s" if len(unlisted) == 1 else "")


def decode_source(path: Path) -> str:
    """A manuscript file's text, exactly as written (BOM and line endings kept), or a clear error."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise PublishError(f"file is {len(raw):,} bytes, above the {MAX_FILE_BYTES:,} limit", file=path,
                           hint="split it into files of a part or a few chapters each (they are read in name "
                                "order, or as 'files:' in book.yaml lists them)")
    try:
        if b"\0" in raw:
            raise UnicodeDecodeError("utf-8", raw, raw.index(b"\0"), raw.index(b"\0") + 1, "NUL")
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        from publish.importer.encoding import encoding_of

        encoding = encoding_of(raw, path)
        if encoding is None:
            raise PublishError("this is a binary file, not Markdown text", file=path,
                               hint="give the text as a .md file; `publish import` reads .docx, .odt, .rtf, "
                                    ".html and .epub") from None
        wide = b"\0" in raw  # UTF-16: every line "starts" at its first letter's NUL
        raise PublishError(
            f"not valid UTF-8{'' if wide else f' (byte {raw[exc.start]:#x})'}: the file is in {encoding}",
            file=path, line=None if wide else raw[: exc.start].count(b"\n") + 1,
            hint="save the file as UTF-8 (in your editor: Save as…, Encoding: UTF-8)",
        ) from None


def _read_text(path: Path) -> str:
    text = decode_source(path).removeprefix("\ufeff")
    if not text.strip():
        raise PublishError("the file is empty", file=path, hint="add text or remove it from the book")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_source(path, text)
    return text


_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]+\S|[ \t]*$)")


def _chapters_at_level_1(texts: list[str]) -> list[str]:
    """A manuscript with no level-1 heading whose chapters are `## Title` (the book's title being
    in book.yaml, as many Markdown books have it): every ATX heading one level up (as pandoc's
    --shift-heading-level-by=-1), in the text every later stage reads; lines keep their numbers.
    Chapters deeper still (`### I. The World in Space`, an old web page's <h3>) go up as far."""
    levels = set()
    for text in texts:
        fence = False
        lines = text.split("\n")
        for n, line in enumerate(lines):
            if line.lstrip().startswith(("```", "~~~")):
                fence = not fence
            elif not fence and (match := _ATX.match(line)):
                levels.add(len(match[2]))
            elif not fence and _SETEXT_H1.match(line) and n and lines[n - 1].strip():
                return texts  # "Title\n=====": a level-1 heading
            elif not fence and _SETEXT_H2.match(line) and n and lines[n - 1].strip():
                levels.add(2)  # "Title\n-----" (or a rule under a paragraph): no deeper shift than one
    if 1 in levels or not levels:
        return texts
    top = min(levels)  # an old web page's chapters in <h3> under a title page set apart (Wells's)
    log.info(f"no level-1 heading in the manuscript: its level-{top} headings start the chapters")
    return [_promoted(text, top - 1) for text in texts]


def _promoted(text: str, by: int = 1) -> str:
    lines = text.split("\n")
    fence = False
    for n, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence and (match := _ATX.match(line)):
            lines[n] = match[1] + match[2][min(by, len(match[2]) - 1):] + line[match.end():]
    return "\n".join(lines)


def _heading_lines(files: list[Path], texts: list[str]) -> list[tuple[Path, int]]:
    """Where each level-1 heading starts, to point errors and lint at the source."""
    found = []
    for path, text in zip(files, texts, strict=True):
        fence = False
        lines = text.split("\n")
        for n, line in enumerate(lines, 1):
            if line.lstrip().startswith(("```", "~~~")):
                fence = not fence
            elif not fence and _ATX_H1.match(line):
                found.append((path, n))
            elif not fence and _SETEXT_H1.match(line) and n > 1 and lines[n - 2].strip() and (
                    n == 2 or not lines[n - 3].strip()):
                found.append((path, n - 1))
    return found


def _chapters(files: list[Path], texts: list[str], meta: BookMetadata, cache: Cache,
              bibliography: Bibliography | None = None) -> list[Chapter]:
    what = str(files[0].parent)
    try:
        html, pandoc_log = html_document(texts, meta.language, meta.typography, PANDOC_ARGS, cache, what,
                                         bibliography)
    except RecursionError:  # limits.check_source stops the known ways; this is the backstop
        raise PublishError("the text is nested too deeply to typeset", file=what,
                           hint="flatten nested quotes, lists, divs or HTML") from None
    warn_dropped_raw_latex(pandoc_log, files, texts)
    if bibliography is None:
        warn_unformatted_citations(html, files, texts)
    else:
        warn_citeproc(pandoc_log, files, texts, bibliography)
    html = verse_lines(_CONTROLS.sub(_control_replaced, html))
    blocks = _chapters_out_of_divs(lxml.html.fragments_fromstring(html) if html.strip() else [])
    speakers_as_row_headers(blocks)
    pictures_as_layout(blocks)
    words_over_figures_as_head(blocks)
    empty_headers_as_data(blocks)
    row_labels_as_headers(blocks)
    figures_flush_right(blocks)
    lone_pictures_as_figures(blocks)
    linked_pictures_described(blocks)
    drop_closing_rules(blocks)
    headings_without_skipped_levels(blocks)
    sources = _heading_lines(files, texts)
    _warn_chapters_not_started(files, texts, {path for path, _ in sources})
    _warn_metadata_in_text(files, texts)
    warn_repeated_note_labels(files, texts)
    warn_unclosed_fences(files, texts)
    warn_unrun_shortcodes(files, texts)
    _make_ids_unique(blocks, files, texts, sources)
    chapters: list[Chapter] = []
    opening: list[str] = []
    for block in blocks:
        if not isinstance(block, str):
            check_depth(block, *(sources[len(chapters)] if len(chapters) < len(sources) else (files[0], None)))
        if isinstance(block, str):
            opening.append(block)
        elif block.tag == "section" and "level1" in (block.get("class") or "").split():
            chapters.append(_chapter(block, len(chapters), sources, files[0], chapters[-1] if chapters else None,
                                     bound=base_language(meta.language) in SHORT_WORDS_BOUND))
        elif chapters:
            # Blocks after a chapter without a section wrapper still belong to it.
            last = chapters[-1]
            chapters[-1] = _replace_body(last, last.body_html + _html(block))
        else:
            opening.append(_html(block))
    if opening and "".join(opening).strip():
        # Before a foreword marked front matter, it is front matter too (a frontispiece, a note).
        matter = "front" if chapters and chapters[0].matter == "front" else ""
        chapters.insert(0, Chapter("opening", 0, "", "", "".join(opening), files[0], 1, matter=matter))
    # Notes cited before the first heading: pandoc puts them in the next chapter's block.
    chapters = notes_with_their_calls([_renumber(c, i + 1) for i, c in enumerate(chapters)])
    return notes_numbered_by_chapter(chapters) if meta.note_numbers == "chapter" else chapters


def _control_replaced(match: re.Match[str]) -> str:
    return " " if match[0] in "\x0b\x0c" else ""


def _is_chapter(block) -> bool:
    return not isinstance(block, str) and block.tag == "section" and "level1" in (block.get("class") or "").split()


def _chapters_out_of_divs(blocks: list) -> list:
    """Chapters a div holds (`::: {lang=fr}` over two chapters, a notebook's cell, columns) as
    chapters of the book: pandoc makes a div a chapter only when it holds one heading, else the
    chapters ran on in the one before them, missing from the contents."""
    out: list = []
    for block in blocks:
        out += _lifted(block) if _is_container(block) else [block]
    return out


def _is_container(block) -> bool:
    return not isinstance(block, str) and block.tag in ("div", "section")


def _lifted(block) -> list:
    """The block, or, when chapters are inside it, the block cut before them and the chapters
    after it (what a div holds between them kept in its attributes)."""
    children = _chapters_out_of_divs(list(block))
    if not any(_is_chapter(child) for child in children):
        return [block]
    first = next(i for i, child in enumerate(children) if _is_chapter(child))
    out: list = []
    if block.tag == "section":  # the text before them stays in its chapter or section
        block[:] = children[:first]
        out.append(block)
    elif first:
        out.append(_div_like(block, children[:first], keep_id=True))
    elif block.get("id"):
        _give_id(children[first], block.get("id"))
    between: list = []
    for child in children[first:]:
        if not _is_chapter(child):
            between.append(child)
            continue
        if between:
            out.append(_div_like(block, between, keep_id=False))
            between = []
        for name in ("lang", "dir"):  # the div's language is its chapters'
            if block.tag == "div" and block.get(name) and not child.get(name):
                child.set(name, block.get(name))
        out.append(child)
    return out + ([_div_like(block, between, keep_id=False)] if between else [])


def _give_id(chapter, ident: str) -> None:
    """Links to a div lead to its first chapter: the id goes to the block under the heading (an
    anchor of its own there would part the first paragraph from the heading in the stylesheets)."""
    heading = chapter.find("h1")
    after = heading.getnext() if heading is not None else None
    if after is not None and not after.get("id"):
        after.set("id", ident)
    else:
        chapter.insert(0 if heading is None else chapter.index(heading) + 1, lxml.html.Element("span", id=ident))


def _div_like(block, children: list, keep_id: bool):
    if block.tag == "section":  # what follows a chapter in a section is that chapter's
        copy = lxml.html.Element("div")
    else:
        copy = lxml.html.Element("div", {k: v for k, v in block.attrib.items() if keep_id or k != "id"})
        copy.text = block.text if keep_id else None
    copy.extend(children)
    return copy


_ATX_LOWER = re.compile(r"^ {0,3}#{2,6}[ \t]+\S")


def _warn_chapters_not_started(files: list[Path], texts: list[str], with_chapters: set[Path]) -> None:
    """A file that opens with a heading below level 1 (`## Chapter 5`) and has no level-1 one
    was meant to start a chapter, but its text runs on in the chapter before it: say so."""
    for path, text in zip(files, texts, strict=True):
        first = next((line for line in text.split("\n") if line.strip()), "")
        if path not in with_chapters and _ATX_LOWER.match(first):
            level = len(first.strip()) - len(first.strip().lstrip("#"))
            log.warning("%s:%d: the file opens with a level-%d heading and has no level-1 one: its text runs on "
                        "in the chapter before it; to start a chapter, make that heading `# %s`",
                        path, text.split("\n").index(first) + 1, level, first.strip().lstrip("#").strip())


_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def _warn_metadata_in_text(files: list[Path], texts: list[str]) -> None:
    """A pandoc title block (`% Title`) or YAML metadata block opening a file is read by pandoc
    as metadata and printed nowhere: the book's metadata is book.yaml's. Said, not lost silently."""
    for path, text in zip(files, texts, strict=True):
        lines = text.lstrip("\ufeff").split("\n")
        if lines[0].startswith("%"):
            log.warning("%s:1: the title block ('%s') is not printed: the title, authors and date come from "
                        "book.yaml; move them there and remove these lines", path, lines[0].strip())
        elif lines[0].rstrip() == "---" and len(lines) > 1 and _YAML_KEY.match(lines[1]):
            log.warning("%s:1: the YAML metadata block is not printed: the book's metadata comes from book.yaml; "
                        "move what it says there and remove the block", path)


def _make_ids_unique(blocks: list, files: list[Path], texts: list[str], sources: list[tuple[Path, int]]) -> None:
    """Every id once in the book (links between chapters and the contents rely on it): a repeated
    id, which pandoc keeps when the text gives it (`{#id}`, `<hr id=…>`) or when an automatic one
    meets a given one, is renamed "id-2" with a warning; links to it lead to the first."""
    found = []  # (element, chapter index: -1 for the text before the first heading)
    index = -1
    for block in blocks:
        if isinstance(block, str):
            continue
        if block.tag == "section" and "level1" in (block.get("class") or "").split():
            index += 1
        found += [(el, index) for el in block.iter() if el.get("id")]
    taken = {el.get("id") for el, _ in found}
    _leave_the_editions_names(blocks, [el for el, _ in found], taken)
    if len(taken) == len(found):
        return
    repeated = {ident for ident, n in Counter(el.get("id") for el, _ in found).items() if n > 1}
    # pandoc's notes keep their ids (the notes' code relies on them), then the text's in its order;
    # the notes' blocks, whose ids no edition shows, yield to the text's without a word.
    found = sorted(((el, i) for el, i in found if el.get("id") in repeated), key=lambda item: _rank(item[0]))
    first: dict[str, tuple[Path, int]] = {}
    counts: dict[tuple[str, int], int] = {}
    for el, index in found:
        ident = el.get("id")
        nth = counts[ident, index] = counts.get((ident, index), 0) + 1
        where = _id_line(ident, nth, index, files, texts, sources)
        if ident not in first:
            first[ident] = where
            continue
        n = 2
        while f"{ident}-{n}" in taken:
            n += 1
        el.set("id", f"{ident}-{n}")
        taken.add(f"{ident}-{n}")
        if _rank(el) < 2:
            log.warning("%s:%d: the id '%s' is given twice (first at %s:%d): this one is renamed '%s-%d', and links "
                        "to #%s lead to the first; give each its own id", *where, ident, first[ident][0].name,
                        first[ident][1], ident, n, ident)


def _leave_the_editions_names(blocks: list, elements: list, taken: set[str]) -> None:
    """The editions' own pages keep their names: a chapter titled "Contents", "Index" or
    "Colophon" would be written over contents.html, index.html or the colophon. Its id (and
    the text's links to it) becomes "contents-2"; no warning: the author did nothing wrong."""
    from publish.matter import PAGES

    reserved = {page.id for page in PAGES} | EDITION_NAMES
    renamed = {}
    for el in elements:
        ident = el.get("id")
        if ident in reserved and ident not in renamed:
            n = 2
            while f"{ident}-{n}" in taken or f"{ident}-{n}" in reserved:
                n += 1
            renamed[ident] = f"{ident}-{n}"
            taken.add(renamed[ident])
            el.set("id", renamed[ident])
    for block in blocks if renamed else ():
        for link in () if isinstance(block, str) else block.iter("a"):
            target = (link.get("href") or "").removeprefix("#")
            if link.get("href", "").startswith("#") and target in renamed:
                link.set("href", f"#{renamed[target]}")


def _rank(el) -> int:
    """0 for a note's call or the note as pandoc writes them, 2 for their block, 1 for the rest."""
    kind = el.get("class") or ""
    if el.tag == "aside" and kind.startswith("footnotes"):
        return 2
    parent = el.getparent()
    block = parent.getparent() if parent is not None else None
    note = el.tag == "li" and block is not None and (block.get("class") or "").startswith("footnotes")
    return 0 if note or el.tag == "a" and kind == "footnote-ref" else 1


def _id_line(ident: str, nth: int, index: int, files: list[Path], texts: list[str],
             sources: list[tuple[Path, int]]) -> tuple[Path, int]:
    """Where the chapter `index` gives `ident` for the nth time ({#id}, id="id"); else its heading."""
    path, start = sources[index] if 0 <= index < len(sources) else (files[0], 1)
    end = next((line for p, line in sources[index + 1:] if p == path), None)
    given = re.compile(r"(?:\{[^{}\n]*#|\bid\s*=\s*[\"']?)" + re.escape(ident) + r"(?=[\s}\"'/>]|$)")
    lines = texts[files.index(path)].split("\n")
    for n in range(start, len(lines) + 1 if end is None else end):
        nth -= len(given.findall(lines[n - 1]))
        if nth <= 0:
            return path, n
    return path, start


def _chapter(section, index: int, sources: list[tuple[Path, int]], fallback: Path, before: Chapter | None,
             bound: bool = False) -> Chapter:
    """`bound`: the book's language binds its one-letter words to the next (Russian, Polish, …), so
    its title keeps the heading's no-break spaces in the contents, outlines and running heads."""
    heading = section.find("h1")
    title_html = ""
    title = ""
    if heading is not None:
        title_html = _text(heading.text) + "".join(_html(c) for c in heading)
        title = _one_line(_plain_title(heading)) if bound else " ".join(_plain_title(heading).split())
        heading.getparent().remove(heading)
    body = _text(section.text) + "".join(_html(c) for c in section)
    author = _one_line(section.get("data-author") or "")  # `# Title {author="…"}`: an anthology's
    if author and heading is not None:  # byline under the title, in every edition as a subhead is
        body = f'<div class="subhead byline"><p>{escape(author)}</p></div>\n' + body
    source, line = sources[index] if index < len(sources) else (fallback, 1)
    classes = (section.get("class") or "").split()
    volume = "volume" in classes
    part = volume or "part" in classes
    # A part holds the chapters after it, up to the next part or the back matter (`{.backmatter}`).
    in_part = not part and "backmatter" not in classes and before is not None and (before.part or before.in_part)
    running = " ".join((section.get("data-running-head") or "").split())  # `# Title {running-head="…"}`
    # The back matter runs from a `{.backmatter}` chapter to the end, or to a later part.
    after_back = before is not None and before.matter == "back" and not part
    matter = "front" if "frontmatter" in classes else "back" if "backmatter" in classes or after_back else ""
    # A volume holds the parts after it, and their chapters, up to the next volume or the back matter.
    in_volume = not volume and matter != "back" and before is not None and (before.volume or before.in_volume)
    return Chapter(section.get("id") or f"chapter-{index + 1}", index + 1, title, title_html, body, source, line, part,
                   in_part, running, (section.get("lang") or "").strip(), matter,
                   volume, in_volume, _depth(before, volume, part, in_part), author=author)


def _depth(before: Chapter | None, volume: bool, part: bool, in_part: bool) -> int:
    """Where a chapter's entry sits in the contents (Chapter.depth)."""
    if part and not volume and before is not None and (before.volume or before.in_volume):
        return 2  # a part of a volume
    if in_part and before is not None:
        return before.depth + 1 if before.part else before.depth
    return 1


# White space that parts a title's words, but not the no-break spaces typography put in: the
# contents page set "Как я встретился с графом Генрихом и" / "почему…" (The Fiery Angel).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def _one_line(text: str) -> str:
    """A title's words on one line, parted by a space, its no-break spaces kept."""
    return _BREAKING_SPACE.sub(" ", text).strip()


def _plain_title(heading) -> str:
    copy = lxml.html.fromstring(lxml.html.tostring(heading))
    for ref in copy.xpath(".//a[contains(@class,'footnote-ref')]"):
        ref.drop_tree()
    # A formula's TeX, kept beside its MathML for machines, is no part of its text: "# Math in
    # the heading $E = mc^2$" was "E=mc2E = mc^2" in every edition's contents and the page's <title>.
    for annotation in copy.xpath(".//*[local-name()='annotation' or local-name()='annotation-xml']"):
        annotation.drop_tree()
    return copy.text_content()


def _html(element) -> str:
    return lxml.html.tostring(element, encoding="unicode")


def _text(text: str | None) -> str:
    """An element's leading text as HTML again: lxml gives it unescaped ("The <b> tag" from
    "The &lt;b&gt; tag")."""
    return escape(text or "", quote=False)


def _replace_body(chapter: Chapter, body: str) -> Chapter:
    return replace(chapter, body_html=body)


def _renumber(chapter: Chapter, number: int) -> Chapter:
    return replace(chapter, number=number)
