"""WeasyPrint imported without the compiler runs of its library lookups.

WeasyPrint finds each of its C libraries by trying the names it has on Windows, Linux and
macOS in turn. On Linux, ctypes answers each name the dynamic loader's cache does not know by
running the C compiler and the linker: 17 names, about a fifth of a second per process. While
WeasyPrint loads, only the loader's cache is asked, listed once (ctypes lists it again for each
of the 23 names); a name it does not know fails at once, and WeasyPrint goes on to the
library's file name (libpango-1.0.so.0), which loads as before.
Importing this module loads WeasyPrint: the worker processes' fork server preloads it.

WeasyPrint's word on each missing glyph, every time it is drawn, is left unsaid: the build
names each character the fonts lack once, with its file and line (print_glyphs.py).
"""

from __future__ import annotations

import ctypes.util
import logging
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def _loader_cache() -> list[str]:
    try:
        listing = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, timeout=10,
                                 env={"LC_ALL": "C", "LANG": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.split()[0] for line in listing.splitlines()[1:] if line.startswith(("\t", " "))]


@contextmanager
def _loader_cache_only() -> Iterator[None]:
    sonames = _loader_cache() if sys.platform.startswith("linux") else []
    if not any(name.startswith("libc.") for name in sonames):
        yield  # no loader cache to ask (musl, NixOS, macOS): ctypes' own way
        return

    def lookup(name: str) -> str | None:
        return next((soname for soname in sonames if soname.startswith(f"lib{name}.")), None)

    original = ctypes.util.find_library
    ctypes.util.find_library = lookup
    try:
        yield
    finally:
        ctypes.util.find_library = original


class _SaidOnce(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(".notdef glyph rendered")


def load() -> None:
    if "weasyprint" not in sys.modules:
        with _loader_cache_only():
            import weasyprint  # noqa: F401
    logger = logging.getLogger("weasyprint")
    if not any(isinstance(f, _SaidOnce) for f in logger.filters):
        logger.addFilter(_SaidOnce())


load()
