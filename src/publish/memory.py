"""Memory freed by the build handed back to the system.

glibc's malloc keeps freed memory in its arenas for reuse, and a thread's arena is seldom
trimmed: after the print edition of a 500,000-word book is assembled (pikepdf, in the PDF's
thread) the build process holds about 450 MB it no longer uses, on top of which the EPUB
would be made. `malloc_trim` gives it back; elsewhere (macOS, musl) there is nothing to do.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys


def give_back() -> None:
    """Return the free memory of every malloc arena to the system, where glibc can."""
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)
