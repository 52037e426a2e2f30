"""Fonts cut down to the characters a book uses, with every OpenType feature kept.

Subsetting a large font takes seconds, so the cut is made per 128-character block of Unicode
(every book in English needs the same few blocks) and kept in a cache on disk: in
$PUBLISH_CACHE_DIR/fonts, else in the build cache the build names (build/.cache/fonts), never
outside the project unless asked; without either, in memory only.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import fontTools
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from publish.cache import Cache

BLOCK = 128
_memory: dict[str, bytes] = {}
_folder: Path | None = None

# Always kept, so that a reader's own notes or search box still render in the book face.
BASIC = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0‘’“”–—…•·←→↩︎"


def subset_font(data: bytes, text: str, flavor: str | None = "woff2") -> bytes:
    """The font with the glyphs of every Unicode block `text` touches, and all layout features."""
    chars = set(text) | set(text.upper()) | set(text.lower()) | set(BASIC)
    blocks = sorted({ord(c) // BLOCK for c in chars})
    key = hashlib.sha256(
        data + repr((blocks, flavor, fontTools.version, hb.__version__, 2)).encode()
    ).hexdigest()
    if key in _memory:
        return _memory[key]
    disk = Cache(_cache_dir())  # checked on reading: a damaged entry is cut again
    found = disk.get("fonts", key)
    if found is not None:
        _memory[key] = found
        return found
    full = "".join(chr(c) for b in blocks for c in range(b * BLOCK, (b + 1) * BLOCK) if not 0xD800 <= c < 0xE000)
    result = _subset(data, full, flavor)
    _memory[key] = result
    disk.put("fonts", key, result)
    return result


def use_cache_dir(folder: Path | None) -> None:
    """Keep cut fonts under `folder`/fonts between builds (the build sets build/.cache)."""
    global _folder
    _folder = folder


def _cache_dir() -> Path | None:
    if os.environ.get("PUBLISH_CACHE_DIR"):
        return Path(os.environ["PUBLISH_CACHE_DIR"])
    return _folder


def _subset(data: bytes, chars: str, flavor: str | None) -> bytes:
    """HarfBuzz's subsetter (milliseconds, where fontTools took seconds), every feature kept."""
    face = hb.Face(hb.Blob(_sfnt(data)))
    wanted = hb.SubsetInput()
    wanted.keep_everything()  # every feature, script, name and hint: only the characters go
    wanted.glyph_set.clear()
    wanted.unicode_set.clear()
    wanted.unicode_set.update(ord(c) for c in chars)
    wanted.flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    cut = hb.subset(face, wanted)
    if cut is None:
        raise ValueError("the font could not be subset")
    data = bytes(cut.blob.data)
    return data if flavor is None else _packed(data, flavor)


def _sfnt(data: bytes) -> bytes:
    """Plain TrueType/OpenType data, unpacked from WOFF or WOFF2 (HarfBuzz reads only sfnt)."""
    return _packed(data, None) if data[:4] in (b"wOFF", b"wOF2") else data


def _packed(data: bytes, flavor: str | None) -> bytes:
    """The font saved as WOFF/WOFF2 (`flavor`) or plain sfnt (None), its timestamps kept."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out, reorderTables=None)
    return out.getvalue()
