"""WeasyPrint's font configuration, its folder of loaded fonts removed when the process ends.

WeasyPrint copies each @font-face file into a folder of its own in the temporary directory
and removes it when the configuration is collected. A worker process never collects it:
multiprocessing ends its children with os._exit. Every build left two or three such folders
(about 2.5 MB each) behind; the test suite, thousands.
"""

from __future__ import annotations

import shutil
import weakref
from multiprocessing.util import Finalize


def font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    # At this process's exit (multiprocessing skips it in a forked child); the folder is made
    # with the first @font-face, and a configuration collected before removes its own.
    Finalize(fonts, _remove_folder, args=(weakref.ref(fonts),), exitpriority=0)
    return fonts


def _remove_folder(fonts: weakref.ref) -> None:
    folder = getattr(fonts(), "_folder", None)  # WeasyPrint's own name for it
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
