"""Per-chapter caches of the EPUB and HTML editions: after a correction, only the changed chapter
is made again.

The build hands over its Cache (`configure`, as it does for the print edition's parts); without
one nothing is kept. An entry's key is the hash of everything that goes into it: the chapter's
own text, and `context_digest` — the book's metadata and labels, every file of styles/ (CSS,
templates, fonts) and the versions of the tools and of publish itself — so a change to anything
a chapter shows misses. Hits and misses are counted per kind, for the log and the tests.
"""

from __future__ import annotations

import logging
from collections import Counter
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from publish.cache import Cache, digest, files_digest, from_json, to_json, tool_versions, tree_files
from publish.cover import OWN_COVERS, Cover, book_cover
from publish.model import Book

log = logging.getLogger("publish")

# Parsers and extractors that shape a chapter's output but are not in cache.tool_versions().
_MORE_TOOLS = ("tinyhtml5", "nh3", "pypdfium2", "pikepdf", "pagefind")

COVER_KIND = "cover"  # the generated cover's PNG

_cache = Cache(None)
_counts: Counter[tuple[str, bool]] = Counter()
# What this build made, for its own later use even with --force (a cache that is not read):
# the EPUB prepares its chapters while the print edition typesets.
_made: dict[tuple[str, str], bytes] = {}


def configure(cache: Cache | None) -> None:
    """Use `cache` from now on (None: keep nothing); the counts start again."""
    global _cache
    _cache = cache if cache is not None else Cache(None)
    _counts.clear()
    _made.clear()


def counts(kind: str) -> tuple[int, int]:
    """(hits, misses) of one kind of entry since the last `configure`."""
    return _counts[(kind, True)], _counts[(kind, False)]


def get(kind: str, key: str) -> bytes | None:
    """The entry, counted as a hit or a miss the first time this build asks for it."""
    if (kind, key) in _made:
        return _made[(kind, key)]
    data = _cache.get(kind, key)
    _counts[(kind, data is not None)] += 1
    if data is not None and _cache.folder is not None:
        _made[(kind, key)] = data
    return data


def put(kind: str, key: str, data: bytes) -> None:
    if _cache.folder is not None:
        _made[(kind, key)] = data
    _cache.put(kind, key, data)


def get_json(kind: str, key: str):
    return from_json(get(kind, key))


def put_json(kind: str, key: str, value) -> None:
    put(kind, key, to_json(value))


def context_digest(book: Book, edition: str) -> str:
    """What every chapter of an edition shares: metadata, labels, styles/ (but the other
    editions' stylesheets), tool versions."""
    from publish.build import EDITION_CSS

    others = {css for name, css in EDITION_CSS.items() if name != edition}
    files = [p for p in tree_files(book.styles_dir) if p.relative_to(book.styles_dir).as_posix() not in others]
    return digest(edition, versions(), repr(book.meta), files_digest(book.styles_dir, files))


@cache
def versions() -> str:
    found = dict(tool_versions())
    for dist in _MORE_TOOLS:
        try:
            found[dist] = version(dist)
        except PackageNotFoundError:
            found[dist] = ""
    return digest(sorted(found.items()))


def cover(book: Book) -> Cover:
    """The book's cover; a generated one (drawn from the metadata with the fonts of styles/,
    which `context_digest` covers) is kept, as drawing and compressing it takes a while."""
    if any((book.manuscript_dir / name).is_file() for name in OWN_COVERS):
        return book_cover(book)
    key = digest(COVER_KIND, context_digest(book, "cover"))
    data = get(COVER_KIND, key)
    if data is None:
        found = book_cover(book)
        put(COVER_KIND, key, found.data)
        return found
    return Cover("cover.png", "image/png", data, True)  # as cover.book_cover names a generated one


def report(edition: str, rendered: int, total: int) -> None:
    log.debug("%s: %d of %d chapters rendered", edition, rendered, total)
