"""A zip archive (an EPUB, a .docx) with some of its parts rewritten before pandoc reads it."""

from __future__ import annotations

import io
import zipfile


def with_parts(archive: bytes, changed: dict[str, bytes]) -> bytes:
    """The archive with the named parts' contents replaced, every other part as it was, in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, changed[info.filename] if info.filename in changed else source.read(info))
    return out.getvalue()
