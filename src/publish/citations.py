"""Pandoc citations ([@key]) in a manuscript: publish reads no bibliography, so they print as
typed ("[@clark1876]" on the page); say so once, where the first one is, and how to turn them
into text."""

from __future__ import annotations

import html as htmllib
import logging
import re
from pathlib import Path

log = logging.getLogger("publish")

# pandoc's HTML for a citation: <span class="citation" data-cites="clark1876">[@clark1876]</span>
_CITATION = re.compile(r'<span class="citation" data-cites="([^"]*)">(.*?)</span>', re.S)
_BIBLIOGRAPHIES = ("*.bib", "*.bibtex", "*.ris", "*.csl")


def warn_unformatted_citations(html: str, files: list[Path], texts: list[str]) -> None:
    """One warning for all the book's citations when they are surely citations: one written in
    brackets, or a bibliography file beside the text (a bare @name may be a handle, as typed)."""
    found = [(keys.split()[0], htmllib.unescape(re.sub(r"<[^>]+>", "", text)))
             for keys, text in _CITATION.findall(html) if keys.strip()]
    if not found or not (any(text.startswith("[") for _, text in found) or _bibliography_beside(files)):
        return
    key, text = next(((k, t) for k, t in found if t.startswith("[")), found[0])
    path, line = _first_use(key, files, texts)
    more = f" and {len(found) - 1} more are" if len(found) > 1 else " is"
    log.warning("%s:%d: the citation %s%s printed as typed: publish does not format citations from a "
                "bibliography; turn them into text first, e.g. `pandoc --citeproc --bibliography=refs.bib "
                "--csl=style.csl --to=markdown-citations --wrap=preserve ch.md -o ch.md`, or write the "
                "references out", path, line, text, more)


def _bibliography_beside(files: list[Path]) -> bool:
    folders = dict.fromkeys(path.parent for path in files)
    return any(next(folder.glob(pattern), None) for folder in folders for pattern in _BIBLIOGRAPHIES)


def _first_use(key: str, files: list[Path], texts: list[str]) -> tuple[Path, int]:
    use = re.compile(rf"@{re.escape(key)}(?!\w)")
    for path, text in zip(files, texts, strict=True):
        for n, line in enumerate(text.split("\n"), 1):
            if use.search(line):
                return path, n
    return files[0], 1
