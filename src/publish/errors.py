"""User-facing errors: a message naming the file, line or key, and an exit code."""

from __future__ import annotations

import errno
from pathlib import Path

EXIT_OK = 0
EXIT_LINT = 1
EXIT_USER = 2
EXIT_INTERNAL = 3


class Diagnostic:
    """What went wrong and where. A plain class: `publish build`'s quick no-op check imports
    this module, and dataclasses would cost it a tenth of its time."""

    __slots__ = ("message", "file", "line", "key", "hint")

    def __init__(self, message: str, file: Path | None = None, line: int | None = None,
                 key: str | None = None, hint: str | None = None) -> None:
        self.message, self.file, self.line, self.key, self.hint = message, file, line, key, hint

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        hint = f"\n  → {self.hint}" if self.hint else ""
        return f"{where}{key}{self.message}{hint}"


class PublishError(Exception):
    """Bad input or options: the user can fix it. Printed as one message, exit code 2."""

    exit_code = EXIT_USER

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.diagnostic = Diagnostic(
            message, Path(file) if file is not None else None, line, key, hint
        )
        super().__init__(str(self.diagnostic))


class ValidationFailed(PublishError):
    """An edition was built but its validator rejected it."""


def user_error_behind(exc: BaseException) -> PublishError | None:
    """The PublishError a library wrapped (WeasyPrint's fetching failure, raised from ours)."""
    cause = exc.__cause__
    return cause if isinstance(cause, PublishError) else None


_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_REFUSED = (errno.EACCES, errno.EPERM, errno.EROFS)


def environment_error(exc: BaseException) -> PublishError | None:
    """A disk that is full or a folder the user may not write (a read-only build/, a full
    disk): no bug of ours, but the user's to set right, said so instead of a traceback."""
    if not isinstance(exc, OSError):
        return None
    file = Path(exc.filename) if isinstance(exc.filename, str) else None
    blocking = next((p for p in (file, *file.parents) if p.is_file()), None) if file is not None else None
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and blocking is not None:  # --out FILE, or FILE/sub
        return PublishError("is a file where a folder is wanted", file=blocking,
                            hint="give a folder (--out DIR): it is made if it does not exist")
    if exc.errno not in (*_FULL, *_REFUSED):
        return None
    if file is not None and file.name.startswith(".") and file.suffix in (".tmp", ".new"):
        file = file.parent  # our file written beside its place (output.write_aside): the folder is the user's
    if exc.errno in _FULL:
        return PublishError(f"the disk is full ({exc.strerror})", file=file,
                            hint="free some space on that disk, or write elsewhere (build --out DIR), then run again")
    return PublishError(f"cannot write or read here: {exc.strerror}", file=file,
                        hint="let your user write to that folder (and read the project), or write elsewhere "
                             "(build --out DIR)")
