"""Fonts cut down to the characters a book uses, with every OpenType feature kept.

Subsetting a large font takes seconds, so the cut is made per 128-character block of Unicode
(every book in English needs the same few blocks) and kept in a cache on disk: in
$PUBLISH_CACHE_DIR/fonts, else in the build cache the build names (build/.cache/fonts), never
outside the project unless asked; without either, in memory only.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from pathlib import Path

import fontTools
from fontTools import subset
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
        data + repr((blocks, flavor, fontTools.version, 1)).encode()
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
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = True
    options.flavor = flavor
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out, reorderTables=None)
    return out.getvalue()
