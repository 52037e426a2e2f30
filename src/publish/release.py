"""`publish release`: record an edition or printing, build it, and keep it with a manifest.

A release folder (editions/<id>/ by default: "1", "1.2" for its second printing, "2") holds the
three editions as built, the manuscript they were built from (source/), and manifest.json: the
sha256 of every file, the source revision from git when there is one, the build date and the
versions of the tools. The errata command compares two such folders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from publish.cache import sha256, tool_versions, tree_files
from publish.errors import PublishError
from publish.metadata import is_date, load_metadata
from publish.model import Edition
from publish.project import manuscript_dir

RELEASES = "editions"
MANIFEST = "manifest.json"
KINDS = ("printing", "edition")


@dataclass(frozen=True)
class Release:
    edition: Edition
    folder: Path
    manifest: dict


def release(project: Path, kind: str | None = None, note: str = "", date: str = "",
            into: Path | None = None) -> Release:
    """Record the next edition or printing in book.yaml (or release the last one listed), build
    it and store it under `into`/<id>/."""
    project = project.resolve()
    folder = manuscript_dir(project)
    into = (into or project / RELEASES).resolve()
    meta = load_metadata(folder / "book.yaml")
    date = date or dt.date.today().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or not is_date(date):  # 2026-13-45 is no day
        raise PublishError(f"'{date}' is not a date", key="--date", hint="write it as YYYY-MM-DD")
    last = meta.editions[-1] if meta.editions else None
    book_yaml = (folder / "book.yaml").read_bytes()
    # Read before the entry below is written, so that a manuscript committed in full is not
    # called "+dirty" for the line the release itself adds to book.yaml.
    revision = git_revision(project, folder)
    if kind == "edition" and last is not None:
        _refuse_kept_isbns(meta, folder / "book.yaml", into / last.release_id / "source" / "book.yaml", last.number + 1)
    try:
        if kind is None and last is not None:
            entry = last
        else:
            entry = _next_entry(last, kind, note, date)
            record_edition(folder / "book.yaml", entry)
        target = into / entry.release_id
        if (target / MANIFEST).is_file():
            raise PublishError(
                f"edition {entry.number}, printing {entry.printing} is already released", file=target,
                hint="use --printing for a corrected reprint or --edition for a new edition",
            )
        return _build_release(project, folder, entry, target, revision)
    except BaseException:
        # A release that failed records nothing: run again, the same printing is recorded once.
        (folder / "book.yaml").write_bytes(book_yaml)
        with contextlib.suppress(OSError):
            into.rmdir()  # only when this release made it and left it empty
        raise


def _refuse_kept_isbns(meta, book_yaml: Path, released_yaml: Path, number: int) -> None:
    """A new edition takes new ISBNs (a printing keeps them): refuse one whose book.yaml still has
    the last release's, before anything is recorded, as a release cannot be made again."""
    try:
        isbn = (yaml.safe_load(released_yaml.read_text(encoding="utf-8")) or {}).get("isbn") or {}
    except (OSError, UnicodeError, AttributeError, yaml.YAMLError):
        return  # not released here: nothing to compare
    kept = [(key, new) for key, new in (("print", meta.isbn_print), ("epub", meta.isbn_epub))
            if new and isinstance(isbn, dict) and re.sub(r"\D", "", new) == re.sub(r"\D", "", str(isbn.get(key) or ""))]
    if kept:
        raise PublishError(
            f"edition {number} would keep the last release's ISBN ({', '.join(new for _, new in kept)}); a new "
            "edition takes new ISBNs (a new printing keeps them); nothing was recorded", file=book_yaml,
            key=f"isbn.{kept[0][0]}", hint="give the new edition its own isbn.print and isbn.epub in book.yaml, "
            "or release --printing if only corrections changed")


def _next_entry(last: Edition | None, kind: str | None, note: str, date: str) -> Edition:
    if last is None:
        if kind == "printing":
            raise PublishError("there is no edition to reprint yet", key="--printing",
                               hint="release the first edition first: `publish release`")
        return Edition(1, date, note or "First edition")
    if kind == "edition":
        return Edition(last.number + 1, date, note)
    return Edition(last.number, date, note or "with corrections", last.printing + 1)


def record_edition(path: Path, entry: Edition) -> None:
    """Append the entry to book.yaml's `editions:` list, keeping every other line as written."""
    lines = path.read_text(encoding="utf-8").split("\n")
    item = [f"number: {entry.number}"]
    if entry.printing != 1:
        item.append(f"printing: {entry.printing}")
    item.append(f"date: '{entry.date}'")
    if entry.note:
        item.append(f"note: {json.dumps(entry.note, ensure_ascii=False)}")
    start = next((i for i, line in enumerate(lines) if re.match(r"editions:\s*(#.*)?$", line)), None)
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["editions:", *_item(item, "  "), ""]
    else:
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][0] in " -#"):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        dash = next((re.match(r"(\s*)-", line) for line in lines[start + 1:end] if line.lstrip().startswith("-")), None)
        lines[end:end] = _item(item, dash.group(1) if dash else "  ")
    path.write_text("\n".join(lines), encoding="utf-8")
    load_metadata(path)  # still valid, or a clear error naming the line


def _item(fields: list[str], indent: str) -> list[str]:
    return [f"{indent}- {fields[0]}", *(f"{indent}  {f}" for f in fields[1:])]


def _build_release(project: Path, folder: Path, entry: Edition, target: Path, revision: str | None) -> Release:
    from publish.build import build

    stage = target.with_name(f".{target.name}.new")
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        # Dated by the release unless SOURCE_DATE_EPOCH says otherwise: the same source, the same bytes.
        epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(_epoch(entry.date))
        with _environ("SOURCE_DATE_EPOCH", epoch):
            build(project, stage)
        shutil.copytree(folder, stage / "source", ignore=shutil.ignore_patterns(".*", "build", RELEASES))
        manifest = _manifest(stage, entry, int(epoch), revision)
        (stage / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(stage, target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return Release(entry, target, manifest)


def _epoch(date: str) -> int:
    """The release's date (2026-11-25, 2026-11 or 2026: its first day) in seconds."""
    day = {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp())


@contextmanager
def _environ(name: str, value: str):
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _manifest(stage: Path, entry: Edition, epoch: int, revision: str | None) -> dict:
    from publish.matter import tool_versions as rendered_with

    files = {
        p.relative_to(stage).as_posix(): sha256(p.read_bytes())
        for p in tree_files(stage) if p.name != MANIFEST
    }
    return {
        "edition": entry.number, "printing": entry.printing, "date": entry.date, "note": entry.note,
        "source_revision": revision, "source_date_epoch": epoch,
        "tools": {**rendered_with(), **{k: v for k, v in tool_versions().items() if v}},
        "files": files,
    }


def git_revision(project: Path, folder: Path) -> str | None:
    """The commit the manuscript was released from; "+dirty" when it had uncommitted changes."""
    if not shutil.which("git"):
        return None
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True, timeout=20)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(["git", "status", "--porcelain", "--", str(folder)], cwd=project,
                               capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def verify(folder: Path) -> list[str]:
    """The files of a release whose bytes no longer match its manifest (empty when intact)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    bad = [n for n, h in manifest["files"].items()
           if not (folder / n).is_file() or sha256((folder / n).read_bytes()) != h]
    extra = [p.relative_to(folder).as_posix() for p in tree_files(folder) if p.name != MANIFEST]
    return bad + [n for n in extra if n not in manifest["files"]]
