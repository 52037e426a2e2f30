"""What the last build wrote into an output folder, and from what; the quick no-op check.

The manifest holds each edition's key (the hash of its inputs) and the hashes of the files it
wrote. With them it keeps a snapshot of the project as it was when those keys were made: every
file under manuscript/ and styles/, the source date, the options, publish's own code and the
tools' versions. When the snapshot and the written files are unchanged, `publish build` says
"up to date" before it loads the book, the metadata or any heavy library.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from publish.cache import TOOLS, Cache, code_digest, digest, files_digest, sha256, tree_files
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
        self.editions[edition] = {"key": key, "files": files, "pages": pages}

    def save(self, snapshot: str | None) -> None:
        """Keep the record; `snapshot`: the project's, when every edition asked for is now fresh."""
        self.cache.put_json("manifest", self.name, {"editions": self.editions, "snapshot": snapshot})


def snapshot(project: Path, out: Path, formats: tuple[str, ...], printer: bool) -> str:
    """One hash of everything the editions' keys are made from, read without parsing any of it."""
    text_dir = manuscript_dir(project)
    text_files = tree_files(text_dir, skip_outputs=text_dir == project)
    look = styles_dir(project)
    return digest(
        "snapshot", str(out), sorted(formats), printer,
        files_digest(text_dir, text_files), files_digest(look, tree_files(look)),
        source_date(project, text_files), code_digest(), _installed_tools(),
    )


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
        if manifest.snapshot is None or manifest.snapshot != snapshot(project, out, formats, printer):
            return None
        files = []
        for name in formats:
            entry = manifest.editions.get(name)
            paths = manifest.fresh(name, entry.get("key")) if isinstance(entry, dict) else ()
            if not paths:
                return None
            files.extend(main_paths(paths, out))
        return tuple(files), manifest.pages()


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
