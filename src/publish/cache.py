"""The build cache in build/.cache/: entries named by content hashes, checked when read.

An entry is a file `<kind>/<key>` holding the sha256 of its payload and then the payload.
A read recomputes the hash: a truncated, edited or half-written entry is deleted and reported
as a miss, so a damaged cache costs time, never a wrong book.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from publish import __version__

log = logging.getLogger("publish")

FORMAT = b"publish-cache 1\n"
# Folders of a project that are outputs or tools' state, never inputs.
NOT_INPUTS = {"build", "editions", "node_modules", "__pycache__"}
# The libraries whose versions change what a build makes.
TOOLS = ("pypandoc-binary", "pypandoc", "weasyprint", "ebooklib", "fonttools", "lxml", "pillow", "jinja2")


class Cache:
    """Blobs by (kind, key). `Cache(None)` never hits and never writes; `read=False` (for
    --force) never hits but writes what is made, for the next build."""

    def __init__(self, folder: Path | None, read: bool = True) -> None:
        self.folder = folder
        self.read = read
        self.hits = 0
        self.misses = 0

    def path(self, kind: str, key: str) -> Path | None:
        return None if self.folder is None else self.folder / kind / key

    def get(self, kind: str, key: str) -> bytes | None:
        path = self.path(kind, key)
        if path is None or not self.read or not path.is_file():
            self.misses += 1
            return None
        raw = path.read_bytes()
        head, _, payload = raw[len(FORMAT):].partition(b"\n")
        if not raw.startswith(FORMAT) or head.decode("ascii", "replace") != sha256(payload):
            log.warning("cache entry %s is damaged; rebuilding it", path)
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        return payload

    def put(self, kind: str, key: str, data: bytes) -> None:
        path = self.path(kind, key)
        if path is None:
            return
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(FORMAT + sha256(data).encode() + b"\n" + data)
            os.replace(tmp, path)
        except OSError as exc:  # a read-only build folder makes the next build slower, no more
            if tmp is not None:  # a full disk: not a half-written entry left to fill it further
                Path(tmp).unlink(missing_ok=True)
            log.warning("could not write the build cache: %s", exc)

    def get_json(self, kind: str, key: str):
        return from_json(self.get(kind, key))

    def put_json(self, kind: str, key: str, value) -> None:
        self.put(kind, key, to_json(value))


def to_json(value) -> bytes:
    """A cache entry's JSON payload (keys sorted: the same value gives the same bytes)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True).encode()


def from_json(data: bytes | None):
    """The value of a JSON payload; None for no entry or one that does not parse."""
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(*parts: object) -> str:
    """One hash of several values (texts, bytes, numbers), each framed by its length."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode()
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def files_digest(root: Path, paths: Iterable[Path]) -> str:
    """Names (relative to root) and contents: what the files are, not where the project lives."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(sha256(_read(path)).encode())
    return h.hexdigest()


def _read(path: Path) -> bytes:
    """A project file's bytes, or a PublishError saying why it cannot be read (a link in a loop
    or to nothing, a file only its owner may read): each was an internal error."""
    import errno

    try:
        return path.read_bytes()
    except OSError as exc:
        from publish.errors import PublishError

        why = {errno.ELOOP: "this link leads round in a loop of links",
               errno.ENOENT: "this link leads to a file that does not exist"}.get(exc.errno)
        if why:
            raise PublishError(why, file=path, hint="remove the link, or make it lead to a file") from None
        raise PublishError(f"cannot be read: {exc.strerror}", file=path,
                           hint="make the file readable (chmod a+r), or move it out of the project") from None


def tree_files(folder: Path, skip_outputs: bool = False) -> list[Path]:
    """Every file under folder, hidden ones and (when asked) output folders left out."""
    if not folder.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and not (skip_outputs and here == folder and d in NOT_INPUTS)
        )
        out += [here / f for f in sorted(filenames) if not f.startswith(".")]
    return out


@cache
def code_digest() -> str:
    """Our own package: its version and the source of every module (a dev checkout changes)."""
    return digest(__version__, files_digest(Path(__file__).resolve().parent, code_files()))


@cache
def code_files() -> list[Path]:
    out = []
    for folder, dirs, files in os.walk(Path(__file__).resolve().parent):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        out += [Path(folder, f) for f in files if f.endswith(".py")]
    return sorted(out)


@cache
def tool_versions() -> dict[str, str]:
    """The versions that change outputs, read without importing (and so without loading) them."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"publish": __version__, "code": code_digest()}
    for dist in TOOLS:
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = ""
    return out
