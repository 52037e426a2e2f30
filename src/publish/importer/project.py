"""The book project an import writes: book.yaml, text.md, images/ and the files set aside."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from publish.errors import PublishError
from publish.importer.plain import all_moved, moved, series_number
from publish.importer.report import ImportReport
from publish.limits import MAX_LINE_CHARS
from publish.metadata import SERIES_PLACEHOLDER, TITLE_PLACEHOLDER


@dataclass
class Found:
    """Book metadata the source itself gives (a Gutenberg header, a document's properties)."""

    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    series: str | None = None
    series_number: int | None = None  # without the total (an .fb2's <sequence>)
    original: dict = field(default_factory=dict)  # book.yaml's `original` of a translation
    bibliography: list[str] = field(default_factory=list)  # the files of references, copied beside text.md
    description: str = ""  # the book's blurb (an EPUB's dc:description, an .fb2's annotation): paragraphs a line


def book_yaml(report: ImportReport, found: Found | None = None, files: list[str] | None = None,
              markdown: str = "") -> str:
    """book.yaml for the imported book; `markdown`, its text, tells a book of poems a chapter each."""
    found = found or Found()
    series = _series(report, found)
    title = found.title or moved(report, "title")
    authors = found.authors or all_moved(report, "authors")
    book: dict = {"title": title or TITLE_PLACEHOLDER}
    subtitle = found.subtitle or moved(report, "subtitle")
    if subtitle:
        book["subtitle"] = subtitle
    translators = found.translators or all_moved(report, "translators")
    if authors or translators:
        book["authors"] = [{"name": name} for name in authors] + [
            {"name": name, "role": "translator"} for name in translators]
    book.update(language=report.language, series=series)
    if found.original:
        book["original"] = found.original
    if found.description:
        book["description"] = "\n\n".join(found.description.splitlines())
    motto = moved(report, "motto")
    if motto:
        book["motto"] = motto
    if offered := moved(report, "dedication"):
        book["dedication"] = offered
    if epigraph := moved(report, "epigraph"):
        book["epigraph"] = {"text": epigraph, "source": moved(report, "epigraph source") or ""}
    if report.note_restarts:  # the source's notes numbered from 1 in each chapter (note_restarts.py)
        book["note_numbers"] = "chapter"
    book["files"] = files or ["text.md"]
    if found.bibliography:
        book["bibliography"] = found.bibliography[0] if len(found.bibliography) == 1 else found.bibliography
    if poems := poems_as_chapters(markdown):
        book["print"] = {"chapter_start": "any"}
        report.decisions.append(f"print:           {poems} chapters each a poem alone: print.chapter_start: any "
                                "(each on the next page, not the next recto after a blank verso)")
    elif chapters := many_short_chapters(markdown):
        book["print"] = {"chapter_start": "any"}
        report.decisions.append(f"print:           {chapters} short chapters: print.chapter_start: any (each on "
                                "the next page, as a long novel's run; on the next recto, a blank verso before "
                                "half of them)")
    if not title:
        report.warnings.append("no title found: set title (and subtitle, authors) in book.yaml")
    header = [
        f"# Written by `publish import` from {report.source.name}"
        + (f" ({report.encoding})." if report.encoding else "."),
        "# Check the series block, then set the title and the rest (see docs/guide.md).",
        *(f"# Not placed, from the source: {text}" for what, text in report.moved if what == "unplaced"),
    ]
    return "\n".join(header) + "\n" + dump_yaml(book)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    # Text of several lines (a dedication's) as a block of them, `|`, as a person writes it.
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _text)


def dump_yaml(data: dict) -> str:
    """Block-style YAML a person can edit: key order kept, unicode as is."""
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def _series(report: ImportReport, found: Found) -> dict:
    numbers = [series_number(t) for t in all_moved(report, "series.number/total", "closing: repeats number")]
    closing_lines = all_moved(report, "closing: repeats series")
    name = moved(report, "series.name") or (closing_lines[0] if closing_lines else None) or found.series
    lines = all_moved(report, "series.lines") or closing_lines[1:]
    series: dict = {"name": name or SERIES_PLACEHOLDER}
    if lines:
        series["lines"] = lines
    if not name:
        report.warnings.append("no series name found: set series.name")
    if len(set(numbers)) > 1:
        report.warnings.append(f"opening and closing series numbers differ: {numbers}; the first is used")
    if numbers:
        number, total, numbering = numbers[0]
    elif number := found.series_number:
        total, numbering = number, "arabic"
        report.warnings.append(f"the series' total is not known: series.total is set to {number}; fill it in")
    else:
        # A placeholder the build accepts, so the import can be built and looked at at once.
        number, total, numbering = 1, 1, "roman"
        report.warnings.append("no 'No X of Y' line: series.number and series.total are set to 1 of 1; "
                               "fill them in")
    if number > total:
        report.warnings.append(f"series number {number} is above the total {total}")
    series.update(number=number, total=total, numbering=numbering)
    for key in ("blurb", "description", "tagline"):
        text = moved(report, f"series.{key}")
        if text:
            series[key] = text
    return series


MIN_POEMS = 10
POEM_CHAPTERS = 0.8  # of a book's chapters, at least, verse alone: Spoon River's 246 epitaphs
MANY_CHAPTERS = 100
SHORT_CHAPTER_WORDS = 2_500  # about six pages of a trade paperback


def poems_as_chapters(markdown: str) -> int:
    """How many chapters (the text's highest headings) hold verse alone (line blocks, a subhead), in a
    book most of whose chapters do: each opened on a recto, Spoon River Anthology's 246 epitaphs and
    Shakespeare's 154 sonnets each took two pages, the second blank. 0 for any other book."""
    levels = [len(m[1]) for m in re.finditer(r"^(#{1,6}) ", markdown, re.M)]
    if not levels:
        return 0
    heading = re.compile(rf"^{'#' * min(levels)} ", re.M)
    bodies = heading.split(markdown)[1:]
    poems = sum(_verse_alone(body.split("\n", 1)[1] if "\n" in body else "") for body in bodies)
    return poems if poems >= MIN_POEMS and poems >= len(bodies) * POEM_CHAPTERS else 0


def many_short_chapters(markdown: str) -> int:
    """How many chapters, in a book of MANY_CHAPTERS or more whose median chapter is shorter than
    SHORT_CHAPTER_WORDS (War and Peace's 365 of about 1,500 words: each on a recto, 2,416 pages);
    0 for any other book. Parts and volumes, which open on rectos anyway, are not counted."""
    levels = [len(m[1]) for m in re.finditer(r"^(#{1,6}) ", markdown, re.M)]
    if not levels:
        return 0
    bodies = re.split(rf"(?m)^{'#' * min(levels)} ", markdown)[1:]
    words = [len(body.split("\n", 1)[-1].split()) for body in bodies
             if not re.search(r"\{[^}\n]*\.(?:part|volume)\b[^}\n]*\}\s*$", body.split("\n", 1)[0])]
    if len(words) < MANY_CHAPTERS or sorted(words)[len(words) // 2] >= SHORT_CHAPTER_WORDS:
        return 0
    return len(words)


def _verse_alone(body: str) -> bool:
    """Line blocks and nothing else but a subhead's or epigraph's div (a poem's date, its motto)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body) if b.strip()]
    verse = [b for b in blocks if b.startswith("| ") or _hard_broken(b)]
    others = [b for b in blocks if b not in verse and not b.startswith(":::")]
    return bool(verse) and len(others) <= 1


def _hard_broken(block: str) -> bool:
    """A stanza written as a paragraph, each line but the last ending in a hard break (`\\`)."""
    lines = block.splitlines()
    return len(lines) > 1 and all(line.endswith("\\") for line in lines[:-1])


def check_target(into: Path, force: bool) -> None:
    if into.exists() and not into.is_dir():
        raise PublishError("exists and is not a folder", file=into)
    if into.is_dir() and any(into.iterdir()) and not force:
        raise PublishError(
            "the folder is not empty; nothing was written", file=into,
            hint="import into a new folder (`publish import FILE --into my-book/manuscript`: no `publish new` is "
                 "needed first), or use --force to write book.yaml and text.md over the ones there (the keys you "
                 "set in book.yaml are lost; other files stay, left out of its files: list)",
        )


def write(into: Path, files: dict[str, str | bytes]) -> list[Path]:
    """Write the files (name relative to `into` → text or bytes); returns their paths."""
    for name, content in files.items():  # what the build would refuse is not written
        longest = max(map(len, content.split("\n"))) if isinstance(content, str) and name.endswith(".md") else 0
        if longest > MAX_LINE_CHARS:
            raise PublishError(
                f"the text holds a paragraph of {longest:,} characters, above the {MAX_LINE_CHARS:,} a build takes: "
                "nothing was written", hint="is this the right file? its paragraphs need a line break between them")
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        path = into / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)
    return written
