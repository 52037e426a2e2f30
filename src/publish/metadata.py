"""book.yaml → a validated, typed BookMetadata. Every error names the file, line and key."""

from __future__ import annotations

import datetime as _dt
import difflib
import logging
import posixpath
import re
import string
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from publish.errors import PublishError
from publish.labels import KEYS as LABEL_KEYS
from publish.labels import TABLES, Labels, check_override, labels_for, primary
from publish.model import (
    DASH_STYLES,
    INITIAL_STYLES,
    ROLES,
    UNIT_SPACES,
    BookMetadata,
    Citations,
    Edition,
    Epigraph,
    Limitation,
    LintSettings,
    Original,
    Person,
    PrintSettings,
    Series,
    TypographySettings,
)
from publish.project import resolved
from publish.trim import parse_length, parse_margins, parse_trim

log = logging.getLogger("publish")

MAX_YAML_BYTES = 1_000_000
SERIES_PLACEHOLDER = "Series name"  # what `publish import` and `publish new` write until the editor names it
TITLE_PLACEHOLDER = "Untitled"  # the title they write when none was given or found

# key → (type, required); nested mappings are described by their own tables.
TOP_KEYS: dict[str, tuple[type, bool]] = {
    "title": (str, True), "subtitle": (str, False), "language": (str, True),
    "authors": (list, False), "series": (dict, True), "publisher": (str, False),
    "imprint": (str, False), "year": (int, False), "rights": (str, False),
    "isbn": (dict, False), "editions": (list, False), "motto": (str, False),
    "dedication": (str, False), "epigraph": (dict, False), "files": (list, False),
    "slug": (str, False), "print": (dict, False), "web": (dict, False),
    "typography": (dict, False), "lint": (dict, False), "limitation": (dict, False),
    "labels": (dict, False), "bibliography": (list, False), "csl": (str, False), "link_citations": (bool, False),
    "nocite": (list, False), "also_by": (list, False), "original": (dict, False),
    "description": (str, False), "praise": (list, False), "about_author": (str, False),
    "note_numbers": (str, False),
    "first_lines": (bool, False),
}
SERIES_KEYS: dict[str, tuple[type, bool]] = {
    "name": (str, True), "number": (int, True), "total": (int, True),
    "numbering": (str, False), "lines": (list, False), "blurb": (str, False),
    "description": (str, False), "tagline": (str, False), "file": (str, False),
}
ISBN_KEYS = {"print": (str, False), "epub": (str, False)}
PERSON_KEYS = {"name": (str, True), "role": (str, False)}
EDITION_KEYS = {"number": (int, True), "printing": (int, False), "date": (str, False), "note": (str, False)}
EPIGRAPH_KEYS = {"text": (str, True), "source": (str, False)}
ORIGINAL_KEYS = {"title": (str, True), "language": (str, False), "year": (int, False)}
PRINT_KEYS = {
    "trim": (str, False), "chapter_start": (str, False), "gutter": (str, False), "margins": (str, False),
    "variant": (str, False),
    "notes": (str, False), "bleed": (str, False), "marks": (str, False),
    "bleed_sides": (int, False), "paper": (str, False), "ppi": (int, False), "output_profile": (str, False),
}
PDF_VARIANTS = ("none", "pdf/ua-1", "pdf/ua-2", "pdf/a-2b", "pdf/a-3b", "pdf/x-1a", "pdf/x-3", "pdf/x-4")
WEB_KEYS = {"base_url": (str, False)}
TYPOGRAPHY_KEYS = {
    "dash": (str, False), "initials": (str, False), "small_caps": (bool, False), "ordinals": (bool, False),
    "unit_space": (str, False),
}
LINT_KEYS = {"disable": (list, False)}
LIMITATION_KEYS = {"copies": (int, True), "text": (str, False)}
MAX_COPIES = 100_000
MAX_ROMAN = 3999  # MMMCMXCIX: roman numerals have no sign for 5000

_TYPE_NAMES = {str: "text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true or false"}
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass
class _Doc:
    """The parsed YAML with the line of every key path."""

    path: Path
    data: dict[str, Any]
    lines: dict[str, int]

    def error(self, key: str, message: str, hint: str | None = None) -> PublishError:
        line = self.lines.get(key)
        while line is None and "." in key:
            key_parent = key.rsplit(".", 1)[0]
            line = self.lines.get(key_parent)
            key = key_parent if line is None else key
        return PublishError(message, file=self.path, line=line, key=key, hint=hint)


def load_metadata(path: Path) -> BookMetadata:
    doc = _parse(path)
    return _build(doc)


def _parse(path: Path) -> _Doc:
    if not path.is_file():
        raise PublishError(
            "no book.yaml found", file=path,
            hint="run the command in the book's folder (the one holding manuscript/), or name that folder "
                 "(`publish build my-book`); to begin a book: `publish new my-book` or `publish import FILE`",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:  # only its owner may read it
        raise PublishError(f"cannot be read: {exc.strerror}", file=path,
                           hint="make the file readable (chmod a+r)") from None
    if len(raw) > MAX_YAML_BYTES:
        raise PublishError(f"file is {len(raw)} bytes; book.yaml should be small", file=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from publish.importer.encoding import encoding_of

        encoding = encoding_of(raw, path)  # UTF-16, Windows-1251: as the manuscript's files are told
        raise PublishError(f"not valid UTF-8{f': the file is in {encoding}' if encoding else ''}", file=path,
                           hint="save it as UTF-8 (in your editor: Save as…, Encoding: UTF-8)") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark else None
        ran_on = any(words in problem for words in ("expected <block end>", "end of stream", "expected ':'"))
        if ran_on and (opened := _quote_left_open(text, line)) is not None:  # said where it ran out, lines on
            raise PublishError(
                f"YAML syntax error: the quote opened here is never closed ({problem} at line {line})", file=path,
                line=opened, hint="close the quote, or write the value without quotes") from exc
        if (odd := _odd_space(text, line)) is not None:
            number, key, char = odd
            raise PublishError(
                f"YAML syntax error: the space after '{key}:' is a {unicodedata.name(char, 'space').lower()} "
                f"(U+{ord(char):04X}), which YAML does not take for a space", file=path, line=number,
                hint="retype it as a plain space (on a Mac, Option-Space types a no-break space)") from exc
        if (marked := _value_opening_with_markup(text, line)) is not None:
            number, hint = marked
            raise PublishError(f"YAML syntax error: {problem}", file=path, line=number, hint=hint) from exc
        raise PublishError(f"YAML syntax error: {problem}", file=path, line=line, hint=_syntax_hint(problem)) from exc
    if node is None or not isinstance(node, yaml.MappingNode):
        keys = "name:, total:, volumes:" if path.name != "book.yaml" else "title:, series:"  # series.yaml too
        raise PublishError(f"{path.name} must be a mapping of keys ({keys}, …)", file=path, line=1)
    lines: dict[str, int] = {}
    data = _plain(node, "", lines, set(), path)
    return _Doc(path, data, lines)


_OPENS_QUOTE = re.compile(r"^\s*(?:-\s+)?(?:[\w.-]+:\s+)?(['\"])(.*)$")


def _quote_left_open(text: str, before: int | None) -> int | None:
    """The line of a value opened with a quote and not closed on it, before the error's line."""
    for number, line in enumerate(text.split("\n")[: (before or 1) - 1], 1):
        opened = _OPENS_QUOTE.match(line)
        rest = opened[2].replace(opened[1] * 2, "") if opened and opened[1] == "'" else opened[2] if opened else ""
        if opened and opened[1] not in rest.split("#")[0] and not rest.rstrip().endswith(opened[1]):
            return number
    return None


_ODD_SPACE = re.compile(r"^[ -]*([\w.-]+):([\u00a0\u2000-\u200b\u202f\u205f\u3000])")


def _odd_space(text: str, before: int | None) -> tuple[int, str, str] | None:
    """The line (up to the error's), key and character of a key followed by a space YAML does not
    know as one (a no-break space: 'title:\u00a0The Book' read as one word, the next line an error)."""
    lines = text.split("\n")[: before or 1]
    for number in range(len(lines), max(len(lines) - 3, 0), -1):
        if found := _ODD_SPACE.match(lines[number - 1]):
            return number, found[1], found[2]
    return None


_VALUE = re.compile(r"^\s*(?:-\s+)?(?:([\w.-]+):\s+)?(\S.*?)\s*$")
_MARKUP_OPENERS = "[]{}*&!%@`\"'"  # what YAML reads as its own markup at a value's start ('|' and '>' are fine)


def _value_opening_with_markup(text: str, line: int | None) -> tuple[int, str] | None:
    """A value typed as an editor writes it, `title: [Draft] The Watch`, `subtitle: *A Novel*`,
    `"Hello" she said`, that YAML reads as a list, an alias or a quoted word: the line and how to
    quote it. YAML often says so only on the line after, so the line before is looked at too."""
    lines = text.splitlines()
    for number in (line, line - 1) if line else ():
        if not 1 <= number <= len(lines) or lines[number - 1].lstrip().startswith("#"):
            continue
        match = _VALUE.match(lines[number - 1])
        if not match or match[2][0] not in _MARKUP_OPENERS:
            continue
        key, value = match[1], match[2]
        if value[0] in "[{" and key not in _TEXT_KEYS:
            continue  # a list or mapping written in brackets, as `authors: [A, B]` may be
        if value[0] in "\"'" and value.count(value[0]) == 2 and value.endswith(value[0]):
            continue  # a value quoted whole: the trouble is elsewhere
        quoted = f"'{value}'" if '"' in value and "'" not in value else '"' + value.replace('"', '\\"') + '"'
        return number, (f"a value opening with '{value[0]}' is read as YAML's own markup: put the whole value in "
                        f"quotes, {key + ': ' if key else ''}{quoted}")
    return None


def _text_keys() -> set[str]:
    tables = (TOP_KEYS, SERIES_KEYS, ISBN_KEYS, PERSON_KEYS, EDITION_KEYS, EPIGRAPH_KEYS, ORIGINAL_KEYS,
              PRINT_KEYS, WEB_KEYS, TYPOGRAPHY_KEYS, LIMITATION_KEYS)
    return {key for table in tables for key, (kind, _) in table.items() if kind is str}


_TEXT_KEYS = _text_keys()


def _syntax_hint(problem: str) -> str:
    """What to do about the two slips an editor makes most: a tab, a colon inside a value."""
    if "'\\t'" in problem:
        return "indent with spaces: YAML does not allow tabs"
    if "mapping values are not allowed" in problem:
        return "a value holding ': ' needs quotes, e.g. title: \"Patrol: The War\""
    return "check indentation and quoting near that line"


def _plain(node: yaml.Node, key: str, lines: dict[str, int], seen: set[int], path: Path) -> Any:
    """Turn YAML nodes into plain values; refuse aliases (they make YAML bombs possible)."""
    if id(node) in seen:
        raise PublishError(
            f"YAML aliases (*name) are not allowed in {path.name}", file=path,
            line=node.start_mark.line + 1, key=key or None, hint="write the value out in full",
        )
    seen.add(id(node))
    if key:
        lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            name = str(knode.value)
            child = f"{key}.{name}" if key else name
            if name in out:
                raise PublishError(
                    "key given twice", file=path, line=knode.start_mark.line + 1, key=child,
                    hint="keep one of them",
                )
            lines[child] = knode.start_mark.line + 1
            out[name] = _plain(vnode, child, lines, seen, path)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v, f"{key}[{i}]", lines, seen, path) for i, v in enumerate(node.value)]
    try:
        value = yaml.SafeLoader("").construct_object(node)
    except ValueError:  # YAML takes 2026-13-45 for a date and fails to make it: the text as typed
        value = node.value
    except yaml.YAMLError as exc:  # an unknown tag (!!python/object) or a malformed value
        raise PublishError(
            f"cannot read this value: {getattr(exc, 'problem', None) or exc}", file=path,
            line=node.start_mark.line + 1, key=key or None, hint="write plain text, numbers or lists",
        ) from None
    if isinstance(value, str):
        _warn_cut_by_comment(node, key, path)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return _Typed(node.value) if node.value.lower() not in ("true", "false") else value
    if isinstance(value, (int, float)):
        return _Typed(node.value) if isinstance(value, float) or node.value != str(value) else value
    return value


# The keys whose words the editions print: a " #" typed in one ends it, the rest read as a comment.
_PRINTED_WORDS = {"title", "subtitle", "name", "dedication", "motto", "rights", "publisher", "imprint", "tagline",
                  "blurb", "description", "text", "source", "note", "about_author", "lines", "also_by"}


def _warn_cut_by_comment(node: yaml.Node, key: str, path: Path) -> None:
    """`title: Patrol #10` is 'Patrol' to YAML, the rest a comment: printed words cut off unsaid."""
    name = re.sub(r"\[\d+\]$", "", key).rsplit(".", 1)[-1]
    buffer = getattr(node.end_mark, "buffer", None)
    if node.style is not None or name not in _PRINTED_WORDS or not buffer:
        return
    rest = buffer[node.end_mark.pointer:].split("\n", 1)[0]
    if comment := re.match(r"\s+#(.*)", rest):
        log.warning("%s:%d: %s: YAML reads '%s' and takes ' #%s' for a comment, which no edition prints; to keep "
                    "the words, put the whole value in quotes: \"%s #%s\"", path, node.start_mark.line + 1, key,
                    node.value, comment[1].rstrip(), node.value, comment[1].rstrip())


class _Typed(str):
    """A value as it was typed ('1.10', '007', 'no'), for a key of text: YAML read them as 1.1, 7
    and false (a title "1.10" printed "1.1", Norwegian's 'language: no' was "not text"); a key
    that wants a number or true/false reads its value."""

    @property
    def value(self) -> bool | int | float:
        return yaml.safe_load(str(self))


def _check(doc: _Doc, data: Any, table: dict[str, tuple[type, bool]], prefix: str) -> dict:
    where = prefix or doc.path.name  # a series file's keys are checked here too
    if not isinstance(data, dict):
        keys = ", ".join(f"{name}:" for name in list(table)[:3])  # authors[0] was "authors[0] must be a mapping"
        raise doc.error(prefix, f"should be a mapping of keys ({keys} …), not {data!r}")
    for name in data:
        if name not in table:
            close = difflib.get_close_matches(name, table, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "see docs/guide.md for the keys"
            if data[name] is None and " " in name.strip():  # {text: A patient, unshowy book.}: the comma parted it
                hint = (f"a comma inside {{ … }} ends a value, so '{name}' was read as a key: put the whole "
                        "value in quotes, e.g. {text: \"A patient, unshowy book.\", source: The Times}")
            log.warning("%s", doc.error(_join(prefix, name), "unknown key, ignored", hint))
    for name, (kind, required) in table.items():
        key = _join(prefix, name)
        if name not in data or data[name] is None:
            if required:
                unknown = [k for k in data if k not in table]
                typed = difflib.get_close_matches(name, unknown, n=1)
                if typed:  # the warning naming it is not shown with --quiet
                    line = doc.lines.get(_join(prefix, typed[0]))
                    raise doc.error(key, f"required key is missing; '{typed[0]}:'"
                                    f"{f' on line {line}' if line else ''} looks like it",
                                    f"rename '{typed[0]}:' to '{name}:'")
                raise doc.error(key, "required key is missing", f"add '{name}:' under {where}")
            continue
        value = data[name]
        if kind is not str and isinstance(value, _Typed):
            data[name] = value = value.value
        if kind is str and isinstance(value, (int, float, _Typed)) and not isinstance(value, bool):
            data[name] = value = str(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise doc.error(key, f"should be {_TYPE_NAMES[kind]}, not {value!r}", _type_hint(name, kind, value))
        if kind is str and not value.strip():
            raise doc.error(key, "is empty", f"give a value or remove '{name}:'")
    return data


# How a key that takes a mapping is written, for the editor who gave it one value.
_MAPPING_EXAMPLES = {
    "isbn": "isbn: {print: 978-…, epub: 978-…}", "epigraph": "epigraph: {text: …, source: …}",
    "limitation": "limitation: {copies: 40}", "original": "original: {title: …, language: ru, year: 1866}",
    "series": "series: {name: …, number: 1, total: 40}", "print": "print: {trim: 6 x 9 in}",
    "web": "web: {base_url: https://…}", "typography": "typography: {dash: em}", "lint": "lint: {disable: [Q001]}",
}


def _type_hint(name: str, kind: type, value: Any) -> str | None:
    """How to write `name` as `kind`, from what the editor wrote."""
    if kind is int:
        return f"write e.g. '{name}: {2026 if name == 'year' else 10}'"
    if kind is list and name == "editions":
        return "write each as '- {number: 1, date: 2026-11-25, note: First edition}' on a line under 'editions:'"
    if kind is list and name == "volumes":  # series.yaml's
        return "write each as '- {number: 1, path: vol-01}' on a line under 'volumes:'"
    if kind is list and isinstance(value, str):
        return f"write it as a list, in brackets: '{name}: [{value}]'"
    if kind is dict and name == "limitation" and isinstance(value, int):
        return f"write 'limitation: {{copies: {value}}}'"
    if kind is dict and name in _MAPPING_EXAMPLES:
        return f"write e.g. '{_MAPPING_EXAMPLES[name]}'"
    if kind is str and isinstance(value, list):
        return f"write it as text; for several lines, '{name}: |' over them, each indented"
    return None


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _build(doc: _Doc) -> BookMetadata:
    if isinstance(doc.data.get("bibliography"), str):  # one file, or a list of them
        doc.data["bibliography"] = [doc.data["bibliography"]]
    rights = doc.data.get("rights")
    if isinstance(rights, list) and all(isinstance(line, str) for line in rights):  # a notice a line
        doc.data["rights"] = "\n".join(line.strip() for line in rights if line.strip())
    if isinstance(doc.data.get("nocite"), str):  # "@*", or "@a, @b", or a list of keys
        doc.data["nocite"] = [k for k in re.split(r"[,;\s]+", doc.data["nocite"]) if k]
    data = _check(doc, doc.data, TOP_KEYS, "")
    series = _series(doc, data["series"])
    language = data["language"]
    if not LANGUAGE_TAG.match(language):
        raise doc.error("language", f"'{language}' is not a BCP 47 language tag", "write e.g. 'en' or 'ru'")
    labels = _labels(doc, data.get("labels") or {}, language)
    series = replace(series, label_pattern=labels.series_label)
    isbn = _check(doc, data.get("isbn") or {}, ISBN_KEYS, "isbn")
    epigraph = None
    if data.get("epigraph"):
        ep = _check(doc, data["epigraph"], EPIGRAPH_KEYS, "epigraph")
        epigraph = Epigraph(ep["text"], ep.get("source") or "")
    files = tuple(_strings(doc, data.get("files") or [], "files"))
    _listed_once(doc, files)
    same = re.sub(r"[\s-]", "", str(isbn.get("print") or "")) == re.sub(r"[\s-]", "", str(isbn.get("epub")))
    if same and re.fullmatch(r"\d{13}", re.sub(r"[\s-]", "", str(isbn["print"]))):  # not two placeholders, 978-…
        log.warning("%s", doc.error("isbn.epub", "is the print edition's ISBN: each format has an ISBN of its own, "
                                    "and stores refuse an EPUB under the print one",
                                    "give the EPUB's own ISBN, or leave isbn.epub out"))
    note_numbers = data.get("note_numbers") or "book"
    _either(doc, "note_numbers", note_numbers, ("book", "chapter"))
    if data["title"].strip() == TITLE_PLACEHOLDER:
        log.warning("%s", doc.error("title", f"is still the placeholder '{TITLE_PLACEHOLDER}', which every edition "
                                    "prints and names its files by (build/untitled.pdf)",
                                    "set the book's title (and subtitle, authors)"))
    return BookMetadata(
        title=data["title"].strip(),
        subtitle=(data.get("subtitle") or "").strip(),
        language=language,
        series=series,
        authors=tuple(_people(doc, data.get("authors") or [])),
        publisher=data.get("publisher") or "",
        imprint=data.get("imprint") or "",
        year=data.get("year"),
        rights="\n".join(line.strip() for line in (data.get("rights") or "").strip().splitlines() if line.strip()),
        isbn_print=_isbn(doc, isbn.get("print"), "isbn.print"),
        isbn_epub=_isbn(doc, isbn.get("epub"), "isbn.epub"),
        editions=tuple(_editions(doc, data.get("editions") or [])),
        motto=data.get("motto") or "",
        dedication=data.get("dedication") or "",
        description=_paragraphs(data.get("description") or ""),
        praise=tuple(_praise(doc, data.get("praise") or [])),
        about_author=_paragraphs(data.get("about_author") or ""),
        also_by=tuple(_strings(doc, data.get("also_by") or [], "also_by")),
        original=_original(doc, data.get("original")),
        epigraph=epigraph,
        files=files,
        slug=data.get("slug") or slugify(data["title"]),
        print_settings=_print(doc, data.get("print") or {}),
        base_url=_base_url(doc, data.get("web") or {}),
        typography=_typography(doc, data.get("typography") or {}),
        lint=_lint(doc, data.get("lint") or {}),
        labels=labels,
        limitation=_limitation(doc, data.get("limitation"), labels.limitation_copy),
        citations=_citations(doc, data),
        first_lines=data.get("first_lines"),
        note_numbers=note_numbers,
    )


def _labels(doc: _Doc, raw: Any, language: str) -> Labels:
    """The interface strings in the book's language, with `labels:` overriding any of them."""
    data = _check(doc, raw, {key: (str, False) for key in LABEL_KEYS}, "labels")
    overrides = {}
    for key, text in data.items():
        problem = check_override(key, text) if text is not None else "unknown"
        if problem is None:
            overrides[key] = text
        elif problem != "unknown":  # an unknown key was warned about by _check
            raise doc.error(f"labels.{key}", problem, "keep the placeholders of the English string (docs/guide.md)")
    if primary(language) not in TABLES and len(overrides) < len(LABEL_KEYS):
        log.info("no interface strings for language '%s': English is used where labels: gives none", language)
    return labels_for(language, overrides)


_CITATION_KEY = re.compile(r"^(?:\*|[\w][\w:.#$%&+?<>~/-]*)$")  # pandoc's keys, or * for every entry
BIBLIOGRAPHY_SUFFIXES = (".bib", ".bibtex", ".json", ".yaml", ".yml", ".ris")  # as pandoc tells their formats


def _citations(doc: _Doc, data: dict) -> Citations:
    """bibliography:, csl:, link_citations: files inside the manuscript folder that exist."""
    names = data.get("bibliography") or []
    single = len(names) == 1 and doc.lines.get("bibliography[0]") is None  # `bibliography: refs.bib`
    bibliography = []
    for i, name in enumerate(_strings(doc, names, "bibliography")):
        key = "bibliography" if single else f"bibliography[{i}]"
        if not name.lower().endswith(BIBLIOGRAPHY_SUFFIXES):
            raise doc.error(key, f"'{name}' is not a bibliography pandoc reads",
                            "give a .bib or .bibtex (BibLaTeX/BibTeX), .json or .yaml (CSL) or .ris file")
        bibliography.append(_manuscript_file(doc, key, name, "bibliography"))
    csl = _manuscript_file(doc, "csl", data["csl"].strip(), "csl") if data.get("csl") else ""
    if csl and not bibliography:
        log.warning("%s", doc.error("csl", "a citation style without a bibliography is not used",
                                    "add 'bibliography: refs.bib' (the file with the references)"))
    link = data.get("link_citations")
    uncited = []
    for i, name in enumerate(_strings(doc, data.get("nocite") or [], "nocite")):
        key = name.removeprefix("@")
        if not _CITATION_KEY.match(key):
            raise doc.error(f"nocite[{i}]", f"'{name}' is not a citation key",
                            "write the keys of the bibliography's entries, e.g. '@clark1876', or '@*' for all")
        uncited.append(key)
    if uncited and not bibliography:
        log.warning("%s", doc.error("nocite", "entries to list without a bibliography are not listed",
                                    "add 'bibliography: refs.bib' (the file with the references)"))
    return Citations(tuple(bibliography), csl, True if link is None else link, tuple(uncited))


def _manuscript_file(doc: _Doc, key: str, name: str, what: str) -> str:
    """A file named in book.yaml, relative to its folder: its name, normalised, once it is there."""
    folder = doc.path.parent.resolve()
    path = resolved(folder / name)
    if not path.is_relative_to(folder):
        raise doc.error(key, f"'{name}' lies outside the manuscript folder",
                        f"copy the file into {doc.path.parent.name}/ and name it from there")
    if not path.is_file():
        raise doc.error(key, f"'{name}' does not exist", f"put the {what} file at {doc.path.parent.name}/{name} "
                        f"or correct '{key.split('[')[0]}:'")
    return path.relative_to(folder).as_posix()


def _limitation(doc: _Doc, raw: Any, default_text: str) -> Limitation | None:
    if raw is None:
        return None
    data = _check(doc, raw, LIMITATION_KEYS, "limitation")
    copies = data["copies"]
    if not 1 <= copies <= MAX_COPIES:
        raise doc.error("limitation.copies", f"must be from 1 to {MAX_COPIES}, not {copies}")
    text = data.get("text") or default_text
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise doc.error(
            "limitation.text", f"cannot read the placeholders: {exc}", "write {{ and }} for a brace",
        ) from None
    unknown = fields - {"number", "total"}
    if unknown or "number" not in fields:
        raise doc.error(
            "limitation.text", f"unknown placeholder {{{sorted(unknown)[0]}}}" if unknown else "has no {number}",
            "write e.g. 'This is copy No. {number} of {total}'",
        )
    return Limitation(copies, text)


def _lint(doc: _Doc, raw: Any) -> LintSettings:
    data = _check(doc, raw, LINT_KEYS, "lint")
    return LintSettings(tuple(code.upper() for code in _strings(doc, data.get("disable") or [], "lint.disable")))


def _typography(doc: _Doc, raw: Any) -> TypographySettings:
    """typography: the house style of the typography pass (docs/guide.md, "Typography")."""
    data = _check(doc, raw, TYPOGRAPHY_KEYS, "typography")
    for key, allowed in (("dash", DASH_STYLES), ("initials", INITIAL_STYLES), ("unit_space", UNIT_SPACES)):
        if key in data and data[key] not in allowed:
            raise doc.error(f"typography.{key}", f"must be one of {', '.join(allowed)}, not '{data[key]}'")
    small_caps = data.get("small_caps")
    return TypographySettings(
        dash=data.get("dash") or "auto", initials=data.get("initials") or "spaced",
        small_caps=True if small_caps is None else small_caps, ordinals=bool(data.get("ordinals")),
        unit_space=data.get("unit_space") or "no-break",
    )


def _base_url(doc: _Doc, raw: Any) -> str:
    """web.base_url: where the HTML edition will be published, for canonical links; "" when unset."""
    url = (_check(doc, raw, WEB_KEYS, "web").get("base_url") or "").strip()
    if url and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        raise doc.error(
            "web.base_url", f"'{url}' is not an http(s) address", "write e.g. 'https://press.example/books/10/'",
        )
    return url.rstrip("/") + "/" if url else ""


def _either(doc: _Doc, key: str, value: str, allowed: tuple[str, str], hint: str | None = None) -> None:
    if value not in allowed:
        raise doc.error(key, f"must be '{allowed[0]}' or '{allowed[1]}', not '{value}'", hint)


def _print(doc: _Doc, raw: Any) -> PrintSettings:
    data = _check(doc, raw, PRINT_KEYS, "print")
    trim = str(data.get("trim") or PrintSettings.trim)
    if parse_trim(trim) is None:
        # "6x9" and "6 x 9 inches", as a printer's list gives a trim: the unit is what is missing.
        unit = re.sub(r"\s*(inches|inch|in\.|\")?\s*$", "", trim) + "in"
        said = f"did you mean '{unit}'? " if parse_trim(unit) else ""
        raise doc.error(
            "print.trim", f"'{trim}' is not a trim size",
            f"{said}write e.g. '5.5x8.5in', '6 x 9 in', '148x210mm' (the unit is needed), 'A5' or 'royal'",
        )
    start = data.get("chapter_start") or PrintSettings.chapter_start
    _either(doc, "print.chapter_start", start, ("recto", "any"))
    gutter = str(data.get("gutter") or PrintSettings.gutter)
    if gutter != "auto" and parse_length(gutter) is None:
        raise doc.error("print.gutter", f"'{gutter}' is not a length", "write e.g. 'auto', '0.125in' or '3mm'")
    margins = " ".join(str(data.get("margins") or "").split())
    if margins and parse_margins(margins) is None:
        raise doc.error("print.margins", f"'{margins}' is not one to four lengths",
                        "write top, outside, bottom and inside margins, e.g. '0.75in 0.6in 0.8in 0.75in' or '20mm'")
    if margins:
        (width, height), (top, outside, bottom, inside) = parse_trim(trim), parse_margins(margins)
        if width - outside - inside < 72 or height - top - bottom < 72:
            raise doc.error("print.margins", f"'{margins}' leaves less than an inch of text on a {trim} page",
                            "make the margins narrower")
    variant = str(data.get("variant") or PrintSettings.variant).lower()
    if variant not in PDF_VARIANTS:
        raise doc.error("print.variant", f"unknown PDF variant '{variant}'", f"use one of: {', '.join(PDF_VARIANTS)}")
    notes = data.get("notes") or PrintSettings.notes
    _either(doc, "print.notes", notes, ("foot", "end"))
    bleed = str(data.get("bleed") or PrintSettings.bleed)
    if bleed not in ("", "0") and parse_length(bleed) is None:
        raise doc.error("print.bleed", f"'{bleed}' is not a length", "write e.g. '0.125in' or '3mm'")
    marks = " ".join(str(data.get("marks") or PrintSettings.marks).split())
    if marks not in ("none", "crop", "cross", "crop cross", "cross crop"):
        raise doc.error("print.marks", f"must be none, crop, cross or 'crop cross', not '{marks}'")
    sides = data.get("bleed_sides") or PrintSettings.bleed_sides
    if sides not in (3, 4):
        raise doc.error("print.bleed_sides", f"{sides} is not a number of sides to bleed", "write 4 (every "
                        "side: Lulu, an offset printer) or 3 (top, bottom and outside edge: KDP, IngramSpark)")
    if sides == 3 and marks != "none":
        raise doc.error("print.bleed_sides", "3 leaves no bleed at the spine for the printer's marks that "
                        "print.marks asks for", "remove print.marks (KDP and IngramSpark refuse marks) or use 4")
    paper = str(data.get("paper") or PrintSettings.paper).lower()
    _either(doc, "print.paper", paper, ("white", "cream"), "or give print.ppi")
    ppi = data.get("ppi") or 0
    if ppi and not 100 <= ppi <= 1000:
        raise doc.error("print.ppi", f"{ppi} pages per inch is not a paper", "ask the printer; 444 is 50 lb white")
    profile = _output_profile(doc, str(data.get("output_profile") or "").strip())
    if variant.startswith("pdf/x") and not profile:
        raise doc.error("print.variant", f"{variant} names the press's printing condition, and no "
                        "print.output_profile gives it", "add 'output_profile: press.icc', the CMYK profile your "
                        "printer names (FOGRA39, GRACoL, SWOP…), beside book.yaml; or use another variant")
    return PrintSettings(
        trim=trim, chapter_start=start, gutter=gutter, margins=margins, variant=variant, notes=notes, bleed=bleed,
        marks=marks, bleed_sides=sides, paper=paper, ppi=ppi, output_profile=profile,
    )


def _output_profile(doc: _Doc, name: str) -> str:
    """print.output_profile: an ICC profile of a CMYK press beside book.yaml, its name once checked."""
    if not name:
        return ""
    from PIL import ImageCms

    found = _manuscript_file(doc, "print.output_profile", name, "ICC profile")
    try:
        profile = ImageCms.ImageCmsProfile(str(doc.path.parent / found)).profile
    except (OSError, ImageCms.PyCMSError):
        raise doc.error("print.output_profile", f"'{name}' is not an ICC colour profile",
                        "give the .icc file your printer names for its press") from None
    if (profile.device_class, profile.xcolor_space.strip()) != ("prtr", "CMYK"):
        raise doc.error("print.output_profile", f"'{name}' is a {profile.xcolor_space.strip()} "
                        f"{profile.device_class} profile, not a CMYK press's",
                        "give the CMYK output profile your printer names (FOGRA39, GRACoL, SWOP…)")
    return found


def _series(doc: _Doc, raw: Any) -> Series:
    data = _check(doc, raw, SERIES_KEYS, "series")
    number, total = data["number"], data["total"]
    if number < 1:
        raise doc.error("series.number", f"must be 1 or more, not {number}", "volumes count from 1")
    if total < 1:
        raise doc.error("series.total", f"must be 1 or more, not {total}")
    if number > total:
        raise doc.error(
            "series.number", f"{number} is above the series total of {total}",
            "check series.number and series.total",
        )
    if data["name"].strip() == SERIES_PLACEHOLDER:
        log.warning("%s", doc.error("series.name", f"is still the placeholder '{SERIES_PLACEHOLDER}', which every "
                                    "edition prints and the EPUB gives stores as the series",
                                    "set the series' name (and series.number, series.total)"))
    numbering = data.get("numbering") or "roman"
    _either(doc, "series.numbering", numbering, ("roman", "arabic"))
    if numbering == "roman" and total > MAX_ROMAN:
        raise doc.error("series.total", f"roman numerals stop at {MAX_ROMAN:,}, and this series has {total:,} volumes",
                        "set 'numbering: arabic' under series:")
    return Series(
        name=data["name"].strip(), number=number, total=total, numbering=numbering,
        lines=tuple(_strings(doc, data.get("lines") or [], "series.lines")),
        blurb=data.get("blurb") or "", description=data.get("description") or "",
        tagline=data.get("tagline") or "", file=(data.get("file") or "").strip(),
    )


def _praise(doc: _Doc, items: list) -> list[Epigraph]:
    """`praise:` entries: `{text: …, source: …}`, or the quotation alone."""
    out = []
    for n, item in enumerate(items):
        if isinstance(item, str) and item.strip():
            out.append(Epigraph(" ".join(item.split())))
            continue
        entry = _check(doc, item, EPIGRAPH_KEYS, f"praise[{n}]")
        # the editions set the dash before whom a quotation is from: one typed is not doubled
        source = " ".join((entry.get("source") or "").split()).lstrip("—–- ")
        out.append(Epigraph(" ".join(entry["text"].split()), source))
    return out


def _paragraphs(text: str) -> str:
    """A text's paragraphs one a line. Where blank lines part them (`description: |`), a line
    break within one is a space; else each line is one (`description: >` folds the lines of a
    paragraph and leaves a line break between paragraphs)."""
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.splitlines()
    return "\n".join(" ".join(p.split()) for p in parts if p.strip())


def _original(doc: _Doc, raw: Any) -> Original | None:
    if not raw:
        return None
    data = _check(doc, raw, ORIGINAL_KEYS, "original")
    language = (data.get("language") or "").strip()
    if language and not LANGUAGE_TAG.match(language):
        raise doc.error("original.language", f"'{language}' is not a BCP 47 language tag", "write e.g. 'ru' or 'fr'")
    return Original(data["title"].strip(), language, data.get("year"))


def _listed_once(doc: _Doc, files: tuple[str, ...]) -> None:
    """A file named twice in files: would print its chapters twice."""
    first: dict[str, int] = {}
    for i, name in enumerate(files):
        j = first.setdefault(posixpath.normpath(name), i)
        if j != i:
            raise doc.error(f"files[{i}]", f"'{name}' is listed twice (also files[{j}]): its chapters would "
                            "print twice", "list each file once")


def _strings(doc: _Doc, items: list, key: str) -> list[str]:
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, (str, int)) or not str(item).strip():
            raise doc.error(f"{key}[{i}]", f"should be text, not {item!r}")
        out.append(str(item).strip())
    return out


def _people(doc: _Doc, items: list) -> list[Person]:
    out = []
    for i, item in enumerate(items):
        key = f"authors[{i}]"
        if isinstance(item, str):
            item = {"name": item}
        data = _check(doc, item, PERSON_KEYS, key)
        role = data.get("role") or "author"
        if role not in ROLES:
            raise doc.error(f"{key}.role", f"unknown role '{role}'", f"use one of: {', '.join(ROLES)}")
        out.append(Person(data["name"].strip(), role))
    return out


def _editions(doc: _Doc, items: list) -> list[Edition]:
    out = [Edition(**_check(doc, item, EDITION_KEYS, f"editions[{i}]")) for i, item in enumerate(items)]
    seen = set()
    for i, ed in enumerate(out):
        if ed.date and not is_date(ed.date):
            raise doc.error(f"editions[{i}].date", f"'{ed.date}' is not a date",
                            "write it as YYYY-MM-DD (2026-11-25), YYYY-MM or the year alone")
        if ed.number < 1 or ed.printing < 1:
            raise doc.error(f"editions[{i}]", "edition and printing numbers count from 1")
        if (ed.number, ed.printing) in seen:
            raise doc.error(f"editions[{i}]", f"edition {ed.number}, printing {ed.printing} is listed twice")
        seen.add((ed.number, ed.printing))
    return sorted(out, key=lambda e: (e.number, e.printing))


def is_date(text: str) -> bool:
    """2026-11-25, 2026-11 or 2026: the dates an edition's line and the EPUB's dc:date take."""
    try:
        _dt.date.fromisoformat({4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text))
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}(-\d\d){0,2}", text))


def _isbn(doc: _Doc, value: str | None, key: str) -> str:
    if not value:
        return ""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"97[89]\d{10}", digits):
        raise doc.error(key, f"'{value}' is not a 13-digit ISBN",
                        "write the 13 digits your ISBN agency gave, from 978 or 979 (978-0-306-40615-7), or put "
                        "a # before the line until you have one")
    check = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    if (10 - check % 10) % 10 != int(digits[12]):
        raise doc.error(key, f"'{value}' has a wrong check digit", "copy the ISBN again from your agency")
    return value


def slugify(text: str) -> str:
    """The title as a file name, transliterated (Дальневосточный дозор → dalnevostochnyi-dozor);
    an apostrophe joins its word (Kipling's → kiplings, not kipling-s)."""
    from slugify import slugify as transliterated

    return transliterated(text, max_length=60, word_boundary=True, replacements=[["'", ""], ["’", ""]]) or "book"
