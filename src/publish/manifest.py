"""What the last build wrote into an output folder, and from what; the quick no-op check.

The manifest holds each edition's key (the hash of its inputs) and the hashes of the files it
wrote. With them it keeps a snapshot of the project as it was when those keys were made: every
file under manuscript/ and styles/, the source date, the options, publish's own code and the
tools' versions. When the snapshot and the written files are unchanged, `publish build` says
"up to date" before it loads the book, the metadata or any heavy library. Once a check has
found them unchanged, it keeps a stamp of the same files' sizes, times and inodes: while the
stamp matches, the next check reads no file at all (as make and git do).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

from publish.cache import TOOLS, Cache, code_digest, code_files, digest, files_digest, sha256, tree_files
from publish.lock import project_lock
from publish.output import source_date
from publish.project import CACHE_DIR, manuscript_dir, styles_dir


class Manifest:
    """One output folder's record: {"editions": {name: {key, files, pages}}, "snapshot": …}."""

    def __init__(self, cache: Cache, out: Path) -> None:
        self.cache = cache
        self.out = out
        self.name = digest("outputs", str(out))
        stored = cache.get_json("manifest", self.name)
        stored = stored if isinstance(stored, dict) and isinstance(stored.get("editions"), dict) else {}
        self.editions: dict = stored.get("editions", {})
        self.snapshot: str | None = stored.get("snapshot")
        self.stamp: str | None = stored.get("stamp")

    def fresh(self, edition: str, key: str) -> tuple[Path, ...]:
        """The edition's files when they are exactly what its key made last time, else ()."""
        entry = self.editions.get(edition)
        if not isinstance(entry, dict) or entry.get("key") != key or not entry.get("files"):
            return ()
        paths = []
        for name, expected in entry["files"]:  # in the order the edition made them
            path = self.out / name
            if not path.is_file() or sha256(path.read_bytes()) != expected:
                return ()
            paths.append(path)
        return tuple(paths)

    def pages(self) -> dict[Path, int]:
        """The page count of each edition's main file that has one (the PDF's)."""
        return {self.out / e["files"][0][0]: e["pages"] for e in self.editions.values()
                if isinstance(e, dict) and e.get("pages") and e.get("files")}

    def record(self, edition: str, key: str, files: list[list[str]], pages: int | None = None) -> None:
        """Keep what the edition wrote; when it now writes under another name (the book retitled:
        its file is named after the title), the files it wrote under the old one go, those still
        as it wrote them (a file changed since is someone's, and stays)."""
        old = self.editions.get(edition)
        self.editions[edition] = {"key": key, "files": files, "pages": pages}
        before = old.get("files") if isinstance(old, dict) else None
        if not before or not files or before[0][0] == files[0][0]:
            return
        now = {name for name, _ in files}
        for name, expected in before:
            path = self.out / name
            if name not in now and path.is_file() and sha256(path.read_bytes()) == expected:
                path.unlink()

    def files(self, formats: tuple[str, ...]) -> list[Path] | None:
        """The files the editions in `formats` wrote, or None when one of them has none recorded."""
        entries = [self.editions.get(name) for name in formats]
        if not all(isinstance(e, dict) and e.get("files") for e in entries):
            return None
        return [self.out / name for entry in entries for name, _ in entry["files"]]

    def save(self, snapshot: str | None, stamp: str | None = None) -> None:
        """Keep the record; `snapshot`: the project's, when every edition asked for is now fresh;
        `stamp`: of those files, when a check found them as the snapshot says."""
        self.cache.put_json("manifest", self.name, {"editions": self.editions, "snapshot": snapshot, "stamp": stamp})


def snapshot(project: Path, out: Path, formats: tuple[str, ...], printer: bool) -> str:
    """One hash of everything the editions' keys are made from, read without parsing any of it."""
    text_dir, text_files, look, look_files = _inputs(project)
    return digest(
        "snapshot", str(out), sorted(formats), printer,
        files_digest(text_dir, text_files), files_digest(look, look_files),
        source_date(project, text_files), code_digest(), _installed_tools(),
    )


def _inputs(project: Path) -> tuple[Path, list[Path], Path, list[Path]]:
    text_dir = manuscript_dir(project)
    look = styles_dir(project)
    return text_dir, tree_files(text_dir, skip_outputs=text_dir == project), look, tree_files(look)


def input_stamp(project: Path) -> tuple[str, int]:
    """What the snapshot is made from, by its files' sizes, times and inodes instead of their
    contents, and how long until that may stand for their contents (see _files_stamp). Taken
    before the snapshot: an edit made while a build hashes the files is seen by the next check."""
    _, text_files, _, look_files = _inputs(project)
    files, wait = _files_stamp([*text_files, *look_files, *code_files()])
    return digest(files, source_date(project, text_files), _installed_tools()), wait


def stamp(out: Path, formats: tuple[str, ...], printer: bool, inputs: tuple[str, int],
          outputs: list[Path]) -> tuple[str, int]:
    """The stamp of a build's inputs and of the files it wrote, and how long (ns) until it may
    stand for them: never, when the inputs had not settled when they were looked at."""
    files, wait = _files_stamp(outputs)
    return digest("stamp", str(out), sorted(formats), printer, inputs[0], files), NEVER if inputs[1] else wait


def written_stamp(out: Path, formats: tuple[str, ...], printer: bool, inputs: tuple[str, int] | None,
                  outputs: list[Path] | None, wait: bool = True) -> str | None:
    """The stamp for the manifest, when it can stand for the files; for files just written,
    once the clock's tick (at most a tenth of a second) has passed, when `wait`."""
    if inputs is None or outputs is None:
        return None
    value, left = stamp(out, formats, printer, inputs, outputs)
    if wait and 0 < left <= 100_000_000:
        time.sleep(left / 1e9)
        value, left = stamp(out, formats, printer, inputs, outputs)
    return None if left else value


NEVER = 2**63


def _files_stamp(paths: list[Path]) -> tuple[str, int]:
    """One hash of the files' names, sizes, times and inodes, and how long (ns) after this look
    it can stand for their contents: 0 when every file had last changed a clock tick or more
    before, as a change within that tick would leave the times as they are (git's racy case)."""
    began = time.time_ns()
    h = hashlib.sha256()
    newest, whole_seconds = 0, False
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return "", NEVER
        h.update(f"{path}\0{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}\n".encode())
        newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
        whole_seconds |= st.st_mtime_ns % 1_000_000_000 == 0
    tick = 2_000_000_000 if whole_seconds else 50_000_000  # FAT keeps 2 s; the kernel's clock ticks ≤ 10 ms
    return h.hexdigest(), max(0, newest + tick - began)


def up_to_date(project: Path, out: Path | None, formats: tuple[str, ...],
               printer: bool) -> tuple[tuple[Path, ...], dict[Path, int]] | None:
    """The editions' files and page counts when nothing changed since the last build into
    `out`, else None (then the full check decides)."""
    project = project.resolve()
    out = (out or project / "build").resolve()
    cache_dir = project / "build" / CACHE_DIR
    if not cache_dir.is_dir():
        return None
    with project_lock(project, out=out):  # as a build: what killed builds left is swept first
        manifest = Manifest(Cache(cache_dir), out)
        outputs = manifest.files(formats)
        if manifest.snapshot is None or outputs is None:
            return None
        inputs = input_stamp(project)
        if stamp(out, formats, printer, inputs, outputs)[0] != manifest.stamp:
            if manifest.snapshot != snapshot(project, out, formats, printer):
                return None
            if not all(manifest.fresh(name, manifest.editions[name]["key"]) for name in formats):
                return None
            manifest.save(manifest.snapshot, written_stamp(out, formats, printer, inputs, outputs, wait=False))
        return tuple(main_paths(tuple(outputs), out)), manifest.pages()


def main_paths(paths: tuple[Path, ...], out: Path) -> list[Path]:
    """What a reader opens: the files, or a site's index.html."""
    folders = dict.fromkeys(p.relative_to(out).parts[0] for p in paths if len(p.relative_to(out).parts) > 1)
    return [p for p in paths if len(p.relative_to(out).parts) == 1] + [out / f / "index.html" for f in folders]


def _installed_tools() -> list[str]:
    """The tools' metadata folders (`weasyprint-70.0.dist-info`): their versions, read from a
    listing of site-packages, as importing importlib.metadata costs more than this whole check."""
    wanted = {name.replace("-", "_").lower() for name in TOOLS}
    found = []
    for entry in dict.fromkeys(sys.path):
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += [n for n in names if n.endswith(".dist-info") and n.split("-")[0].lower() in wanted]
    return sorted(found)
