"""`publish import`: a raw plain-text manuscript → manuscript/book.yaml + manuscript/text.md.

Rules (each decision is shown by ImportReport.summary() so the user can check it):

* Encoding: a BOM decides (UTF-8, UTF-16, UTF-32); else strict UTF-8; else cp1252; else
  latin-1, which never fails. Line endings CRLF/CR become LF; a form feed is a page break and
  counts as a blank line.
* Series front matter: the short unindented lines at the top, up to and including the first
  "No X of XL" line (roman or arabic, "No." or "№"). The first line is the series name, short
  lines before the first long (prose) line are series lines, the first prose line is the series
  blurb, the second the collection description, a short line after the prose is the tagline.
* Series closing block: the trailing run of short unindented lines that starts with the series
  name or a "No X of Y" line. Lines made of series words repeat the series; a line after the
  number line is the motto. Lines that fit no slot are kept as comments at the top of book.yaml.
* Paragraphs: text with long lines has one paragraph per line, and blank lines are page-layout
  artefacts, never breaks. Hard-wrapped text (all lines short) is joined into paragraphs that end
  at a blank line, or, when lines are indented, start at an indented line.
* Text is never changed: only leading/trailing whitespace of a paragraph is dropped. Spaces
  before colons, quote marks and dashes are left for the typography pass.
* Run-in headings: a paragraph opening with a short phrase (1–6 words, no punctuation) followed
  by " :" or ":" and a capitalised sentence. The phrase becomes a bracketed span
  `[The plague bacterium]{.run-in} : On January…`; the colon and its spacing stay as in the
  source, outside the span, so only markup is added.
* Markdown: every paragraph is one line, with the characters pandoc Markdown would read as markup
  backslash-escaped (see escape_paragraph). Before anything is written, pandoc reads the Markdown
  back: every paragraph must come back as one paragraph with the source text, else nothing is
  written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from publish.errors import PublishError
from publish.numbering import from_roman
from publish.pandoc import run_pandoc

RULE_LINE = "one paragraph per line; blank lines are page-layout artefacts, not breaks"
RULE_BLANK = "hard-wrapped lines joined; a blank line ends a paragraph"
RULE_INDENT = "hard-wrapped lines joined; an indented line starts a paragraph"

SHORT_LINE = 80  # series lines, taglines and colophon lines are shorter than this
FRONT_MAX_LINES = 12  # the series front block is a handful of lines
BACK_MAX_LINES = 8
WRAP_WIDTH = 100  # a text whose lines are all this short is hard-wrapped
RUN_IN_MAX_WORDS = 6
_SENTENCE_END = tuple(".!?:;…\"'’”»)")

_SERIES_NUMBER = re.compile(
    r"^(?:No\.?|№)\s*(?P<number>[IVXLCDM]+|\d+)\s+of\s+(?P<total>[IVXLCDM]+|\d+)\.?$", re.IGNORECASE
)
# A run-in heading: capitalised words (letters, digits, inner hyphen or apostrophe), then a colon.
_RUN_IN = re.compile(
    r"^(?P<head>[^\W\d_][\w’'-]*(?: [\w’'-]+)*?)(?P<colon> ?:)(?P<gap>\s+)(?P<rest>\S.*)$", re.DOTALL
)
# Characters pandoc Markdown may read as markup wherever they stand.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<$~^@])|&(?=#?\w+;)")
# Characters that start a block (heading, quote, list, table, line block, div…) at line start.
_START_SPECIAL = "#>%|:+-="
# Ordered-list markers: 1945.  1)  (iv)  A.  #.
_LIST_MARKER = re.compile(r"^(?P<open>\()?(?:\d+|[A-Za-z]|[IVXLCDMivxlcdm]+|#)(?P<delim>[.)])(?=\s|$)")
_ENCODINGS_BY_BOM = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with BOM"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32LE with BOM"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32BE with BOM"),
    (b"\xff\xfe", "utf-16-le", "UTF-16LE with BOM"),
    (b"\xfe\xff", "utf-16-be", "UTF-16BE with BOM"),
)


@dataclass
class ImportReport:
    """What `publish import` decided, for the user to check."""

    source: Path
    encoding: str = ""
    line_endings: str = ""
    paragraph_rule: str = ""
    paragraphs: int = 0
    moved: list[tuple[str, str]] = field(default_factory=list)  # (book.yaml key, source text)
    run_in_headings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    body_lines: tuple[int, int] = (0, 0)  # first and last source line of the body
    first_paragraph: str = ""
    last_paragraph: str = ""

    def summary(self) -> str:
        first, last = self.body_lines
        out = [
            f"Imported {self.source}",
            f"  encoding:        {self.encoding}, line endings {self.line_endings}",
            f"  paragraph rule:  {self.paragraph_rule}",
            f"  body:            lines {first}–{last}, {self.paragraphs} paragraphs",
            f"    first: {_excerpt(self.first_paragraph)}",
            f"    last:  {_excerpt(self.last_paragraph)}",
            f"  taken out of the body ({len(self.moved)}), as book.yaml key:",
            *(f"    {what:<24} {_excerpt(text, 60)}" for what, text in self.moved),
            f"  run-in headings ({len(self.run_in_headings)}), marked [..]{{.run-in}}:",
            *(f"    {head}" for head in self.run_in_headings),
            "  round trip:      pandoc reads every paragraph back as the source text",
            "  written:         " + ", ".join(str(p) for p in self.files),
        ]
        out += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(out)


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based source line where it starts
    text: str  # source text, stripped, otherwise untouched


def import_text(source: Path, into: Path, *, force: bool = False, language: str = "en") -> ImportReport:
    """Turn the plain-text manuscript `source` into `into`/book.yaml and `into`/text.md."""
    source, into = Path(source), Path(into)
    _check_target(into, force)
    report = ImportReport(source)
    text, report.encoding = decode(_read(source), source)
    lines, report.line_endings = split_lines(text)
    start, end = _body_bounds(lines, report)
    body = lines[start:end]
    report.paragraph_rule = choose_rule(body)
    paragraphs = split_paragraphs(body, report.paragraph_rule, first_line=start + 1)
    blocks = [_markdown(p, report) for p in paragraphs]
    markdown = "\n\n".join(blocks) + "\n"
    _verify_round_trip(paragraphs, markdown, source)
    book = _book_yaml(report, language)
    _describe_body(report, paragraphs)
    report.files = _write(into, book, markdown)
    return report


# --- reading ---------------------------------------------------------------------------------


def _read(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except FileNotFoundError:
        raise PublishError("file not found", file=source) from None
    except OSError as exc:
        raise PublishError(f"cannot read the file: {exc.strerror}", file=source) from None


def decode(data: bytes, source: Path | None = None) -> tuple[str, str]:
    """Text and a description of the encoding used."""
    for bom, codec, name in _ENCODINGS_BY_BOM:
        if data.startswith(bom):
            return data.decode(codec), name
    if b"\x00" in data:
        # UTF-16 without a BOM or a binary file: guessing could silently garble every word.
        raise PublishError(
            "the file contains NUL bytes: binary, or UTF-16 without a byte-order mark", file=source,
            hint="save it as UTF-8 (or UTF-16 with BOM) and import again",
        )
    for codec, name in (("utf-8", "UTF-8"), ("cp1252", "cp1252 (Windows Western)")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1 (ISO 8859-1)"


def split_lines(text: str) -> tuple[list[str], str]:
    """Lines without endings, and the line-ending style found ("LF", "CRLF", "CR", "mixed")."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    styles = [name for name, n in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if n]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return text.split("\n"), (styles[0] if len(styles) == 1 else "mixed" if styles else "none")


def is_indented(line: str) -> bool:
    # str.isspace covers the no-break spaces these files indent with.
    return bool(line) and line[0].isspace() and bool(line.strip())


def series_number(line: str) -> tuple[int, int, str] | None:
    """(number, total, numbering) from a "No X of XL" line, else None."""
    match = _SERIES_NUMBER.match(line.strip())
    if not match:
        return None
    values = [_numeral(match[name]) for name in ("number", "total")]
    if None in values:
        return None
    style = "arabic" if match["number"].isdigit() else "roman"
    return values[0], values[1], style


def _numeral(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    try:
        return from_roman(text)
    except ValueError:
        return None


# --- series front matter and closing block ---------------------------------------------------


def _body_bounds(lines: list[str], report: ImportReport) -> tuple[int, int]:
    """Indices [start, end) of the body; front and closing blocks go to report.moved."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        raise PublishError("the file is empty", file=report.source)
    front = _front_block(lines, filled, report)
    rest = filled[len(front):]
    back = _back_block(lines, rest, _moved(report, "series.name"))
    _classify_back([lines[i].strip() for i in back], report)
    body = rest[: len(rest) - len(back)]
    if not body:
        raise PublishError("no body text between the series front and closing blocks", file=report.source)
    return body[0], body[-1] + 1


def _front_block(lines: list[str], filled: list[int], report: ImportReport) -> list[int]:
    """The line indices of the series front block (may be empty)."""
    head: list[int] = []
    for i in filled[:FRONT_MAX_LINES]:
        if is_indented(lines[i]):
            break
        head.append(i)
        if series_number(lines[i]):
            _classify_front([lines[j].strip() for j in head], report)
            return head
    # No number line: only leading short lines are safely series lines, never prose.
    report.warnings.append("no 'No X of Y' line at the top: fill in series.number and series.total")
    short = []
    for i in head:
        if len(lines[i].strip()) > SHORT_LINE:
            break
        short.append(i)
    if len(short) == len(filled):
        short = []  # a text of short lines only: keep it all as body
    _classify_front([lines[j].strip() for j in short], report)
    return short


def _classify_front(texts: list[str], report: ImportReport) -> None:
    prose = 0
    named = tagline = False
    for text in texts:
        if series_number(text):
            what = "series.number/total"
        elif not named:
            what, named = "series.name", True
        elif len(text) > SHORT_LINE:
            prose += 1
            what = {1: "series.blurb", 2: "series.description"}.get(prose, "unplaced")
        elif not prose:
            what = "series.lines"
        elif not tagline:
            what, tagline = "series.tagline", True
        else:
            what = "unplaced"
        report.moved.append((what, text))


def _back_block(lines: list[str], filled: list[int], series_name: str | None) -> list[int]:
    """The closing block: trailing short unindented lines from the series name or number line."""
    run: list[int] = []
    for i in reversed(filled[-BACK_MAX_LINES:]):
        if is_indented(lines[i]) or len(lines[i].strip()) > SHORT_LINE:
            break
        run.insert(0, i)
    name = _words(series_name) if series_name else None
    for k, i in enumerate(run):
        if series_number(lines[i]) or _words(lines[i]) == name:
            return run[k:]
    return []


def _classify_back(texts: list[str], report: ImportReport) -> None:
    series = {w for t in _all_moved(report, "series.name", "series.lines") for w in _words(t)}
    after_number = motto = False
    for text in texts:
        repeats = set(_words(text)) <= series if series else not after_number
        if series_number(text):
            what, after_number = "closing: repeats number", True
        elif repeats:
            what = "closing: repeats series"
        elif after_number and not motto:
            what, motto = "motto", True
        else:
            what = "unplaced"
        report.moved.append((what, text))


def _moved(report: ImportReport, what: str) -> str | None:
    found = _all_moved(report, what)
    return found[0] if found else None


def _all_moved(report: ImportReport, *what: str) -> list[str]:
    return [text for key, text in report.moved if key in what]


def _words(text: str) -> list[str]:
    """Words for comparison: case, quotes, dashes and other punctuation do not count."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(" " if unicodedata.category(c)[0] in "PZ" else c for c in text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf").split()


# --- paragraphs ------------------------------------------------------------------------------


def choose_rule(body: list[str]) -> str:
    """One paragraph per line, unless the lines look hard-wrapped: short, and mostly ending mid-sentence."""
    filled = [line.strip() for line in body if line.strip()]
    open_ended = sum(not line.endswith(_SENTENCE_END) for line in filled)
    if max(map(len, filled)) > WRAP_WIDTH or open_ended < len(filled) / 2:
        return RULE_LINE
    indented = sum(is_indented(line) for line in body)
    return RULE_INDENT if indented >= len(filled) / 10 else RULE_BLANK


def split_paragraphs(body: list[str], rule: str, first_line: int = 1) -> list[Paragraph]:
    """Paragraphs of the body; first_line is the source line number of body[0]."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = first_line
    for n, line in enumerate(body, first_line):
        if _breaks_before(line, rule):
            _flush(paragraphs, current, start)
            current = []
        if line.strip():
            start = n if not current else start
            current.append(line.strip())
    _flush(paragraphs, current, start)
    return paragraphs


def _breaks_before(line: str, rule: str) -> bool:
    if rule == RULE_LINE:
        return True
    if rule == RULE_BLANK:
        return not line.strip()
    return is_indented(line)


def _flush(paragraphs: list[Paragraph], current: list[str], start: int) -> None:
    if current:
        paragraphs.append(Paragraph(start, " ".join(current)))


# --- Markdown --------------------------------------------------------------------------------


def split_run_in(text: str) -> tuple[str, str, str] | None:
    """(heading, separator, rest) when the paragraph opens with a run-in heading, else None."""
    match = _RUN_IN.match(text)
    if not match or len(match["head"].split()) > RUN_IN_MAX_WORDS:
        return None
    rest = match["rest"]
    if not (rest[0].isupper() or rest[0].isdigit()):
        return None
    return match["head"], match["colon"] + match["gap"], rest


def escape_inline(text: str) -> str:
    r"""Backslash-escape what pandoc Markdown reads as inline markup: \ ` * _ [ ] < $ ~ ^ @ &entity;"""
    return _INLINE_SPECIAL.sub(lambda m: "\\" + m[0], text)


def escape_paragraph(text: str) -> str:
    """A paragraph as one Markdown line that pandoc reads back as exactly this text."""
    md = escape_inline(text)
    if md[:1] in _START_SPECIAL:
        return "\\" + md
    marker = _LIST_MARKER.match(md)
    if marker:
        # "1945. On…" would start an ordered list, "(I) Does…" a roman-numbered one.
        cut = marker.start("open") if marker["open"] else marker.start("delim")
        return md[:cut] + "\\" + md[cut:]
    return md


def _markdown(paragraph: Paragraph, report: ImportReport) -> str:
    run_in = split_run_in(paragraph.text)
    if not run_in:
        return escape_paragraph(paragraph.text)
    head, separator, rest = run_in
    report.run_in_headings.append(head)
    return f"[{escape_inline(head)}]{{.run-in}}{separator}{escape_inline(rest)}"


def _verify_round_trip(paragraphs: list[Paragraph], markdown: str, source: Path) -> None:
    """Refuse to write Markdown that pandoc reads as anything but the source paragraphs.

    Smart punctuation is off here so the text must come back exactly (spacing aside): a word
    check alone would miss "1945. …" turned into a list or "*a*" into emphasis.
    """
    reader = ["--from=markdown-smart", "--wrap=none"]
    tree, _ = run_pandoc(markdown, [*reader, "--to=json"], what=str(source))
    kinds = [block["t"] for block in json.loads(tree)["blocks"]]
    plain, _ = run_pandoc(markdown, [*reader, "--to=plain"], what=str(source))
    texts = [block for block in plain.split("\n\n") if block.strip()]
    for i, paragraph in enumerate(paragraphs):
        kind = kinds[i] if i < len(kinds) else "nothing"
        text = texts[i] if i < len(texts) else ""
        if kind != "Para" or text.split() != paragraph.text.split():
            raise PublishError(
                f"pandoc reads this paragraph back as {kind} {_excerpt(text)!r}", file=source,
                line=paragraph.line, hint="a bug in `publish import`: nothing was written; please report it",
            )
    if len(kinds) != len(paragraphs):
        raise PublishError(
            f"pandoc reads {len(kinds)} blocks back, not {len(paragraphs)} paragraphs", file=source,
            hint="a bug in `publish import`: nothing was written; please report it",
        )


# --- book.yaml -------------------------------------------------------------------------------


def _book_yaml(report: ImportReport, language: str) -> str:
    series = _series(report)
    book: dict = {"title": "Untitled", "language": language, "series": series}
    motto = _moved(report, "motto")
    if motto:
        book["motto"] = motto
    book["files"] = ["text.md"]
    report.warnings.append("no title in a plain-text file: set title (and subtitle, authors) in book.yaml")
    header = [
        f"# Written by `publish import` from {report.source.name} ({report.encoding}).",
        "# Check the series block, then set the title and the rest (see docs/guide.md).",
        *(f"# Not placed, from the source: {text}" for what, text in report.moved if what == "unplaced"),
    ]
    return "\n".join(header) + "\n" + dump_yaml(book)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)


def dump_yaml(data: dict) -> str:
    """Block-style YAML a person can edit: key order kept, unicode as is."""
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def _series(report: ImportReport) -> dict:
    numbers = [series_number(t) for t in _all_moved(report, "series.number/total", "closing: repeats number")]
    closing_lines = _all_moved(report, "closing: repeats series")
    name = _moved(report, "series.name") or (closing_lines[0] if closing_lines else None)
    lines = _all_moved(report, "series.lines") or closing_lines[1:]
    series: dict = {"name": name or "Series name"}
    if lines:
        series["lines"] = lines
    if not name:
        report.warnings.append("no series name found: set series.name")
    if len(set(numbers)) > 1:
        report.warnings.append(f"opening and closing series numbers differ: {numbers}; the first is used")
    number, total, numbering = numbers[0] if numbers else (None, None, "roman")
    if number and total and number > total:
        report.warnings.append(f"series number {number} is above the total {total}")
    series.update(number=number, total=total, numbering=numbering)
    for key in ("blurb", "description", "tagline"):
        text = _moved(report, f"series.{key}")
        if text:
            series[key] = text
    return series


# --- writing ---------------------------------------------------------------------------------


def _check_target(into: Path, force: bool) -> None:
    if into.exists() and not into.is_dir():
        raise PublishError("exists and is not a folder", file=into)
    if into.is_dir() and any(into.iterdir()) and not force:
        raise PublishError(
            "the folder is not empty; nothing was written", file=into,
            hint="choose an empty or new folder, or use --force to overwrite book.yaml and text.md",
        )


def _write(into: Path, book: str, markdown: str) -> list[Path]:
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in (("book.yaml", book), ("text.md", markdown)):
        path = into / name
        path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def _describe_body(report: ImportReport, paragraphs: list[Paragraph]) -> None:
    report.paragraphs = len(paragraphs)
    report.body_lines = (paragraphs[0].line, paragraphs[-1].line)
    report.first_paragraph = paragraphs[0].text
    report.last_paragraph = paragraphs[-1].text


def _excerpt(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
