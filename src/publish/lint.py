"""`publish lint` and `publish fix`: the copy-editor's report on the Markdown sources.

Findings point at the file, line and column of the source. Rules live in `lint_rules/`,
one module per concern; codes can be switched off for a project (book.yaml `lint.disable`),
for one line (`<!-- lint: disable=Q001 -->`), or for one file (`disable-file=`).
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from publish.errors import PublishError
from publish.lint_rules import CHECKS, CODES, Finding, Fix, LintContext
from publish.lint_rules.source import SourceFile, paragraphs, read_source
from publish.metadata import load_metadata
from publish.model import BookMetadata, TypographySettings
from publish.output import write_atomic
from publish.project import manuscript_dir, resolved
from publish.typography.rules import house_dash
from publish.typography.walk import base_language


@dataclass(frozen=True)
class LintReport:
    findings: tuple[Finding, ...]
    sources: tuple[SourceFile, ...]

    def text(self, base: Path | None = None) -> str:
        return "".join(f"{format_finding(f, base)}\n" for f in self.findings)

    def json(self, base: Path | None = None) -> str:
        rows = [
            {"file": _shown(f.file, base), "line": f.line, "column": f.column, "code": f.code,
             "message": f.message, "fixable": f.fix is not None}
            for f in self.findings
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def format_finding(finding: Finding, base: Path | None = None) -> str:
    return f"{_shown(finding.file, base)}:{finding.line}:{finding.column}: {finding.code} {finding.message}"


def explain(code: str) -> str:
    info = CODES.get(code.upper())
    if info is None:
        raise PublishError(f"unknown lint code '{code}'", hint=f"known codes: {', '.join(CODES)}")
    fix = " (fixed by `publish fix`)" if info.fixable else ""
    return f"{info.code} {info.title}{fix}\n\n{info.explanation}\n"


def lint(path: Path) -> LintReport:
    """Lint a book project, a manuscript folder or one Markdown file."""
    files, meta = _targets(path)
    context = _context(meta)
    sources = tuple(read_source(f, context.language) for f in files)
    disabled = {code.upper() for code in meta.lint.disable} if meta else set()
    blocks = [p for source in sources for p in paragraphs(source)]
    found = [f for check in CHECKS for f in check(blocks, context)] + _not_utf8(sources)
    # A fix inside a table would move its cells off their columns (pandoc's manual's grid tables
    # broke): said, not fixed.
    in_tables = {(b.source.path, line) for b in blocks if b.table for line in b.lines}
    found = [replace(f, fix=None) if (f.file, f.line) in in_tables else f for f in found]
    by_path = {s.path: s for s in sources}
    kept = {f for f in found if f.code not in disabled and not _disabled_here(f, by_path[f.file])}
    order = {s.path: i for i, s in enumerate(sources)}
    return LintReport(tuple(sorted(kept, key=lambda f: (order[f.file], f.line, f.column, f.code))), sources)


def _not_utf8(sources: tuple[SourceFile, ...]) -> list[Finding]:
    return [
        Finding(s.path, 1, 1, "E001", f"the file is in {s.encoding_name}, not UTF-8: `publish build` reads only "
                "UTF-8 (`publish fix` keeps the file's encoding)")
        for s in sources if s.encoding != "utf-8"
    ]


def _disabled_here(finding: Finding, source: SourceFile) -> bool:
    return finding.code in source.disabled_file or finding.code in source.disabled.get(finding.line, set())


def _context(meta: BookMetadata | None) -> LintContext:
    language = base_language(meta.language) if meta else "en"
    style = meta.typography if meta else TypographySettings()
    dash = house_dash(language, style).replace("\u00a0", " ")
    if language == "es" and style.dash == "auto":
        dash = "—"  # the raya, closed up by the typography to what it encloses
    return LintContext(language, dash)


def _targets(path: Path) -> tuple[list[Path], BookMetadata | None]:
    path = path.resolve()
    if path.is_file():
        yaml_path = path.parent / "book.yaml"
        return [path], load_metadata(yaml_path) if yaml_path.is_file() else None
    if not path.is_dir():
        raise PublishError(
            "no such file or folder", file=path, hint="give a book project, a manuscript folder or a .md file"
        )
    folder = manuscript_dir(path)
    meta = load_metadata(folder / "book.yaml") if (folder / "book.yaml").is_file() else None
    if meta and meta.files:
        files = [resolved(folder / name) for name in meta.files]
        missing = [f for f in files if not f.is_file()]
        if missing:
            raise PublishError(f"'{missing[0].name}' does not exist", file=folder / "book.yaml", key="files")
    else:
        files = sorted(p for p in folder.glob("*.md") if p.is_file())
    if not files:
        raise PublishError("no Markdown files (*.md) to lint", file=folder)
    return files, meta


@dataclass(frozen=True)
class FixResult:
    diff: str
    changed: tuple[Path, ...]
    fixes: int


def fix(path: Path, *, write: bool = True, base: Path | None = None) -> FixResult:
    """Apply the safe fixes of a lint report; return the unified diff (written unless `write` is off)."""
    report = lint(path)
    diffs: list[str] = []
    changed: list[Path] = []
    applied = 0
    for source in report.sources:
        fixes = [f.fix for f in report.findings if f.file == source.path and f.fix is not None]
        if not fixes:
            continue
        before = source.text()
        count = _apply(source, [f for f in fixes if _encodable(f.text, source.encoding)])
        after = source.text()
        if after == before:
            continue
        applied += count
        name = _shown(source.path, base)
        diffs += difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
        )
        changed.append(source.path)
        if write:
            write_atomic(source.path, source.encode())
    return FixResult("".join(diffs), tuple(changed), applied)


def _encodable(text: str, encoding: str) -> bool:
    """A fix whose marks the file's encoding lacks (“ in KOI8-R) is not safe to make."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _apply(source: SourceFile, fixes: list[Fix]) -> int:
    """Edit the lines right to left, skipping fixes that overlap one already made."""
    count = 0
    by_line: dict[int, list[Fix]] = {}
    for item in fixes:
        by_line.setdefault(item.line, []).append(item)
    for number, items in by_line.items():
        line = source.lines[number - 1]
        limit = len(line) + 2
        for item in sorted(set(items), key=lambda f: (f.column, f.end), reverse=True):
            if item.end > limit:
                continue
            line = line[: item.column - 1] + item.text + line[item.end - 1:]
            limit = item.column
            count += 1
        source.lines[number - 1] = line
    return count


def _shown(path: Path, base: Path | None) -> str:
    """A path as the user typed it: relative to the current folder when inside it."""
    base = base or Path(os.getcwd())
    try:
        return str(path.relative_to(base.resolve()))
    except ValueError:
        return str(path)
