"""Atomic writes and reproducible timestamps."""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path

# 1980-01-01, the earliest date a zip file can hold.
ZIP_EPOCH = 315532800


def source_date(root: Path, inputs: Iterable[Path]) -> int:
    """SOURCE_DATE_EPOCH, else the manuscript's last commit, else its newest file."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        try:
            return int(env)
        except ValueError:
            from publish.errors import PublishError

            raise PublishError(f"SOURCE_DATE_EPOCH must be whole seconds, not {env!r}") from None
    commit = _git_commit_time(root)
    if commit is not None:
        return commit
    times = [int(p.stat().st_mtime) for p in inputs if p.exists()]
    return max(times) if times else int(time.time())


def _git_commit_time(root: Path) -> int | None:
    import subprocess  # here: a no-op build that is told SOURCE_DATE_EPOCH need not load it

    if not shutil.which("git") or not _in_a_repository(root):
        return None
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "manuscript"],
            cwd=root, capture_output=True, text=True, timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0 or not out.stdout.strip():
        return None
    # Uncommitted edits make the commit date stale; the mtime rule then applies.
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "manuscript"],
        cwd=root, capture_output=True, text=True, timeout=20,
    )
    if dirty.returncode != 0 or dirty.stdout.strip():
        return None
    return int(out.stdout.strip())


def _in_a_repository(root: Path) -> bool:
    """Whether git could find a repository for `root` (a no-op build outside one starts no git:
    a tenth of its time)."""
    if os.environ.get("GIT_DIR"):
        return True
    folder = root.resolve()
    return any((parent / ".git").exists() for parent in (folder, *folder.parents))


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: readers never see half a file."""
    tmp = write_aside(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_aside(path: Path, data: bytes) -> Path:
    """The bytes in a new file beside `path` (.NAME.XXXXXXXX.tmp), to be renamed onto it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:  # a full disk: say which
            exc.filename = tmp
        raise
    return Path(tmp)


def replace_dir(staged: Path, target: Path) -> None:
    """Swap a fully written directory into place, keeping the old one until the swap."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists() and _exchange(staged, target):
        shutil.rmtree(staged)  # now holds the old edition
        return
    if target.exists():
        os.replace(target, old)  # killed before the next line: sweep_temporaries puts it back
    os.replace(staged, target)
    if old.exists():
        shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0


def staging_dir(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    return Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".new"))


def zip_bytes(entries: list[tuple[str, bytes | str]], timestamp: int) -> bytes:
    """A zip of the entries in their order, the first stored, the others deflated, all with one
    fixed timestamp and mode: same inputs, same bytes."""
    import io
    import zipfile  # here, not above: the quick no-op check imports this module

    stamp = time.gmtime(max(timestamp, ZIP_EPOCH))[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for number, (name, data) in enumerate(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED if number else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            dst.writestr(info, data)
    return out.getvalue()


# What write_atomic, staging_dir and replace_dir leave when killed: ".NAME.XXXXXXXX.tmp" (or .new),
# ".NAME.old". Matched exactly, because --out may name a folder that also holds the user's files.
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.(?:tmp|new)$")
_OLD_SITE = re.compile(r"^\.(?P<name>.+)\.old$")
_CACHE_TEMPORARY = re.compile(r"^\.[a-z0-9_]{8}\.tmp$")


def sweep_temporaries(out: Path) -> list[Path]:
    """Remove what a killed build left half-written in `out` (and in its build cache, if any).

    Call only while holding the lock: another build's temporaries are then not in flight.
    """
    removed = []
    if not out.is_dir():
        return removed
    for path in sorted(out.iterdir()):
        old = _OLD_SITE.match(path.name)
        if old and path.is_dir() and not path.is_symlink() and (path / "index.html").is_file():
            live = out / old.group("name")
            if not live.exists():
                os.replace(path, live)  # killed between the two renames of replace_dir: undo the first
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        elif _TEMPORARY.match(path.name):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    cache = out / ".cache"
    if cache.is_dir() and not cache.is_symlink():  # Cache.put's ".XXXXXXXX.tmp" files
        for path in cache.rglob(".*.tmp"):
            if path.is_file() and _CACHE_TEMPORARY.match(path.name):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed
