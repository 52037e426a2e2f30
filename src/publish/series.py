"""series.yaml → a validated SeriesFile: the volumes of a numbered series and what they share.

One series file lists every volume by number: a present volume by the path of its book project,
a volume not yet published by its title. It feeds `publish build --series` (which volumes to
build) and the "Also in this series" page of every volume (which others to list).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

from publish.cache import digest
from publish.errors import PublishError
from publish.metadata import LANGUAGE_TAG, _check, _Doc, _parse, _strings, load_metadata
from publish.model import Book, BookMetadata, SeriesVolume
from publish.numbering import numeral
from publish.project import manuscript_dir

log = logging.getLogger("publish")

SERIES_FILE_KEYS: dict[str, tuple[type, bool]] = {
    "name": (str, True), "total": (int, True), "numbering": (str, False), "lines": (list, False),
    "gaps": (bool, False), "volumes": (list, True), "language": (str, False),
}
VOLUME_KEYS: dict[str, tuple[type, bool]] = {
    "number": (int, True), "path": (str, False), "title": (str, False), "store": (str, False), "web": (str, False),
    "language": (str, False),
}
_URL = re.compile(r"https?://[^\s/?#]+([/?#]\S*)?")


@dataclass(frozen=True)
class VolumeEntry:
    """One volume as the series file lists it, with what its own book.yaml says when present."""

    number: int
    title: str
    line: int  # where the series file lists it
    project: Path | None = None  # the book project; None: not yet published
    slug: str = ""  # its output folder under `--out`
    store: str = ""
    web: str = ""
    language: str = ""  # of its title: its book.yaml's, or for one not yet published the series file's
    problem: str = ""  # why this volume cannot be built (its book.yaml is unreadable or disagrees)
    by_folder: bool = False  # its title is its folder's name: its book.yaml could not be read

    @property
    def published(self) -> bool:
        return self.project is not None


@dataclass(frozen=True)
class SeriesFile:
    path: Path
    name: str
    total: int
    numbering: str
    lines: tuple[str, ...]
    gaps: bool
    volumes: tuple[VolumeEntry, ...]  # by number
    language: str = ""  # of the series' name, when the series file gives it

    def label(self, number: int) -> str:
        return f"No.\u00a0{numeral(number, self.numbering)}"

    def entry(self, number: int) -> VolumeEntry | None:
        return next((v for v in self.volumes if v.number == number), None)

    def others(self, number: int) -> tuple[SeriesVolume, ...]:
        return tuple(
            SeriesVolume(v.number, v.title, self.numbering, v.published, v.web or v.store, v.language)
            for v in self.volumes if v.number != number
        )

    def digest(self) -> str:
        """What every volume's "Also in this series" page is made from (not where files lie)."""
        listed = [(v.number, v.title, v.published, v.store, v.web, v.language) for v in self.volumes]
        return digest("series", self.name, self.language, self.total, self.numbering, self.lines, self.gaps, listed)


def load_series(path: Path) -> SeriesFile:
    """The series file, its numbering checked; each present volume's book.yaml read for its title."""
    path = Path(path).resolve()
    if path.is_dir():
        path = path / "series.yaml"
    if not path.is_file():
        raise PublishError("no series file found", file=path,
                           hint="give series.yaml or its folder (see docs/guide.md, `publish build --series`)")
    doc = _parse(path)
    data = _check(doc, doc.data, SERIES_FILE_KEYS, "")
    numbering = data.get("numbering") or "roman"
    if numbering not in ("roman", "arabic"):
        raise doc.error("numbering", f"must be 'roman' or 'arabic', not '{numbering}'")
    if data["total"] < 1:
        raise doc.error("total", f"must be 1 or more, not {data['total']}")
    language = (data.get("language") or "").strip()
    if language and not LANGUAGE_TAG.match(language):
        raise doc.error("language", f"'{language}' is not a language tag", "write e.g. 'en', 'ru', 'en-GB'")
    series = SeriesFile(
        path, data["name"].strip(), data["total"], numbering, tuple(_strings(doc, data.get("lines") or [], "lines")),
        bool(data.get("gaps", True)), (), language,
    )
    entries = [_entry(doc, series, item, i) for i, item in enumerate(data["volumes"])]
    if not entries:
        raise doc.error("volumes", "lists no volume", "add one: '- {number: 1, path: volume-1}'")
    _check_numbers(series, entries)
    return replace(series, volumes=tuple(sorted(entries, key=lambda v: v.number)))


def _entry(doc: _Doc, series: SeriesFile, raw: object, i: int) -> VolumeEntry:
    key = f"volumes[{i}]"
    item = _check(doc, raw, VOLUME_KEYS, key)
    line = doc.lines.get(key) or doc.lines.get("volumes") or 1
    number = item["number"]
    if number < 1:
        raise doc.error(f"{key}.number", f"must be 1 or more, not {number}", "volumes count from 1")
    for name in ("store", "web"):
        if item.get(name) and not _URL.fullmatch(item[name].strip()):
            raise doc.error(f"{key}.{name}", f"'{item[name]}' is not an http(s) address",
                            "write e.g. 'https://press.example/books/10/'")
    title = (item.get("title") or "").strip()
    language = (item.get("language") or "").strip()
    if language and not LANGUAGE_TAG.match(language):
        raise doc.error(f"{key}.language", f"'{language}' is not a language tag", "write e.g. 'en', 'ru', 'en-GB'")
    entry = VolumeEntry(number, title, line, store=(item.get("store") or "").strip(),
                        web=(item.get("web") or "").strip(), language=language)
    if not item.get("path"):
        if not title:
            raise doc.error(key, f"{series.label(number)} has neither a path nor a title",
                            "give 'path:' (its book project) or, for a volume not yet published, 'title:'")
        return entry
    project = (series.path.parent / item["path"]).resolve()
    entry = replace(entry, project=project, slug=project.name)
    try:  # a broken volume fails alone: the others still build and list it by its series title
        book_yaml = _book_yaml(project, doc, f"{key}.path")
        meta = load_metadata(book_yaml)
    except PublishError as exc:
        return replace(entry, title=title or project.name, problem=str(exc), by_folder=not title)
    entry = replace(entry, title=meta.title, slug=meta.slug, language=meta.language)
    problem = _disagreement(series, entry, meta, title, book_yaml)
    if problem:
        return replace(entry, problem=problem)
    return entry


def _book_yaml(project: Path, doc: _Doc, key: str) -> Path:
    if not project.is_dir():
        raise doc.error(key, f"the volume's project folder {project} does not exist")
    if project.name == "manuscript" and (project / "book.yaml").is_file():  # its build/ would go inside it
        raise doc.error(key, f"{project} is the volume's manuscript folder, not its project folder",
                        f"give the folder that holds manuscript/: 'path: {project.parent.name}'")
    manuscript = project / "manuscript"
    return (manuscript if manuscript.is_dir() else project) / "book.yaml"


def _disagreement(series: SeriesFile, entry: VolumeEntry, meta: BookMetadata, title: str, book_yaml: Path) -> str:
    """How a volume's own book.yaml contradicts the series file, as one message; "" when it agrees."""
    own = meta.series
    where = f"{series.path}:{entry.line}"
    checks = [
        ("series.number", own.number, entry.number), ("series.name", own.name, series.name),
        ("series.total", own.total, series.total), ("series.numbering", own.numbering, series.numbering),
    ]
    if own.lines and series.lines:
        checks.append(("series.lines", list(own.lines), list(series.lines)))
    if title:
        checks.append(("title", meta.title, title))
    for key, mine, theirs in checks:
        if mine != theirs:
            line = _line_of(book_yaml, key)
            said = f"{mine!r} here" if line is not None else f"not given here, so {mine!r}"  # numbering's default
            value = f"[{', '.join(theirs)}]" if isinstance(theirs, list) else theirs
            return str(PublishError(
                f"{said}, but the series file ({where}) says {theirs!r} for {series.label(entry.number)} "
                f"'{entry.title}'", file=book_yaml, line=line, key=key,
                hint=f"write {key.rpartition('.')[2]}: {value} {'under series: ' if '.' in key else ''}in this "
                f"book.yaml, or correct the series file"))
    return ""


def _line_of(book_yaml: Path, key: str) -> int | None:
    try:
        return _parse(book_yaml).lines.get(key)
    except PublishError:
        return None


def _check_numbers(series: SeriesFile, entries: list[VolumeEntry]) -> None:
    """Two volumes with one number, a number above the total, a gap where none is allowed."""
    def named(v: VolumeEntry) -> str:
        return f"{series.label(v.number)} '{v.title}' (line {v.line})"

    seen: dict[int, VolumeEntry] = {}
    for v in entries:
        if v.number in seen:
            raise PublishError(f"{named(seen[v.number])} and {named(v)} have the same number",
                               file=series.path, line=v.line, key="volumes", hint="give each volume its own number")
        seen[v.number] = v
        if v.number > series.total:
            raise PublishError(
                f"{named(v)} is above the series total of {numeral(series.total, series.numbering)}",
                file=series.path, line=v.line, key="volumes", hint="check its number and the series 'total:'")
    if series.gaps:
        return
    ordered = sorted(entries, key=lambda v: v.number)
    first = ordered[0]
    if first.number != 1:
        missing = _numbers(series, 1, first.number - 1)
        raise PublishError(f"the series starts at {named(first)}; {missing} missing", file=series.path,
                           line=first.line, key="volumes",
                           hint="list every volume (by title if not yet published), or set 'gaps: true'")
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.number != before.number + 1:
            missing = _numbers(series, before.number + 1, after.number - 1)
            raise PublishError(
                f"a gap between {named(before)} and {named(after)}: {missing} missing", file=series.path,
                line=after.line, key="volumes",
                hint="list every volume (by title if not yet published), or set 'gaps: true'")


def _numbers(series: SeriesFile, first: int, last: int) -> str:
    """"No. V, No. VI", or a long run as "No. I to No. XXIX (29 volumes)"."""
    if last - first < 3:
        return ", ".join(series.label(n) for n in range(first, last + 1))
    return f"{series.label(first)} to {series.label(last)} ({last - first + 1} volumes)"


def series_of_project(project: Path) -> SeriesFile | None:
    """The series file a volume's book.yaml names (series.file), or None."""
    manuscript = manuscript_dir(project)
    meta = load_metadata(manuscript / "book.yaml")
    if not meta.series.file:
        return None
    path = (manuscript / meta.series.file).resolve()
    if not path.is_file():  # e.g. a volume checked out alone (`publish errata` reads old revisions so)
        book_yaml = manuscript / "book.yaml"
        log.warning("%s", PublishError(
            f"the series file '{meta.series.file}' does not exist; building without the "
            "\"Also in this series\" page", file=book_yaml, line=_line_of(book_yaml, "series.file"),
            key="series.file", hint="give its path relative to book.yaml, e.g. '../../series.yaml'"))
        return None
    return load_series(path)


def attach(book: Book, series: SeriesFile) -> Book:
    """The book with the other volumes of its series, after checking it agrees with the series file."""
    own = book.meta.series
    entry = series.entry(own.number)
    if entry is None:
        raise PublishError(
            f"{series.label(own.number)} is not listed in the series file {series.path}",
            file=book.manuscript_dir / "book.yaml", line=_line_of(book.manuscript_dir / "book.yaml", "series.number"),
            key="series.number", hint="add it to the series file's volumes, or correct series.number",
        )
    if entry.problem:
        raise PublishError(entry.problem)
    for v in series.volumes:
        if v.problem and v.number != own.number:
            log.warning("%s: listed by %s '%s' (%s)%s", series.label(v.number),
                        "its folder's name" if v.by_folder else "the title", v.title, v.problem,
                        f"\n  → give it 'title:' in the series file ({series.path}:{v.line}) until its book.yaml "
                        "is mended, or every other volume lists it so" if v.by_folder else "")
    lines = own.lines or series.lines
    language = series.language if series.language != book.meta.language else ""  # marked only where it differs
    return replace(book, meta=replace(book.meta, series=replace(own, lines=lines, volumes=series.others(own.number),
                                                                 language=language)))
