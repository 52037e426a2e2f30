"""Pandoc citations ([@key]) in a manuscript.

With a bibliography (book.yaml `bibliography:`), pandoc's citation processor formats them
(citeproc.py); here are what it reads, its warnings and its errors. Without one, the citations
print as typed: say so once, where the first one is.
"""

from __future__ import annotations

import html as htmllib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from publish.cache import digest, sha256
from publish.errors import PublishError
from publish.model import BookMetadata
from publish.pandoc import run_pandoc

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
    line = line or 1  # written otherwise ("@{key}"): the file's start
    more = f" and {len(found) - 1} more are" if len(found) > 1 else " is"
    log.warning("%s:%d: the citation %s%s printed as typed: the book names no bibliography; put the file "
                "of references beside book.yaml and name it there (`bibliography: refs.bib`), and the build "
                "formats them, or write the references out", path, line, text, more)


def _bibliography_beside(files: list[Path]) -> bool:
    folders = dict.fromkeys(path.parent for path in files)
    return any(next(folder.glob(pattern), None) for folder in folders for pattern in _BIBLIOGRAPHIES)


def _first_use(key: str, files: list[Path], texts: list[str]) -> tuple[Path, int]:
    """The file and line where @key is first written; line 0 when it is not."""
    use = re.compile(rf"@{re.escape(key)}(?!\w)")
    for path, text in zip(files, texts, strict=True):
        for n, line in enumerate(text.split("\n"), 1):
            if use.search(line):
                return path, n
    return files[0], 0


@dataclass(frozen=True)
class Bibliography:
    """What the citation processor reads, from book.yaml: files, style, links, the list's title."""

    files: tuple[Path, ...]
    csl: Path | None
    link: bool
    language: str
    heading: str  # the title of the reference list's own chapter (labels.bibliography)
    uncited: tuple[str, ...] = ()  # keys listed though not cited (book.yaml nocite:); "*": every entry

    def digest(self) -> str:
        """Its files' names and contents and its settings: what changes the formatted text."""
        files = [*self.files, *([self.csl] if self.csl else [])]
        return digest("bibliography", [(p.name, sha256(p.read_bytes())) for p in files], self.link, self.language,
                      self.heading, self.uncited)


def bibliography_of(meta: BookMetadata, folder: Path) -> Bibliography | None:
    """The book's bibliography, or None when book.yaml names none."""
    found = meta.citations
    if not found.bibliography:
        return None
    return Bibliography(tuple(folder / name for name in found.bibliography),
                        folder / found.csl if found.csl else None, found.link, meta.language,
                        meta.labels.bibliography, found.uncited)


MISSING_SAID = 5  # keys missing from the bibliography named one by one; the rest counted
MISSING = re.compile(r"\[WARNING\] Citeproc: citation (\S+) not found")
_OTHER = re.compile(r"^\[WARNING\] (Citeproc.*)$", re.M)


def warn_citeproc(pandoc_log: str, files: list[Path], texts: list[str], bibliography: Bibliography) -> None:
    """A citation with no entry in the bibliography, at its first use; other citeproc warnings."""
    names = ", ".join(p.name for p in bibliography.files)
    missing = list(dict.fromkeys(MISSING.findall(pandoc_log)))
    for key in missing[:MISSING_SAID]:
        path, line = _first_use(key, files, texts)
        if line == 0:  # not in the text: a key of book.yaml's nocite
            log.warning("book.yaml: nocite: @%s is not in the bibliography (%s): it is not listed; add its entry "
                        "or correct the key", key, names)
            continue
        log.warning("%s:%d: the citation @%s is not in the bibliography (%s): it prints as '%s?' in bold; "
                    "add its entry or correct the key", path, line, key, names, key)
    if len(missing) > MISSING_SAID:  # a wrong file, most likely: the first few say enough
        log.warning("%s: %d more citations are not in it either (@%s, …): is it the right file?",
                    bibliography.files[0], len(missing) - MISSING_SAID, missing[MISSING_SAID])
    for message in dict.fromkeys(_OTHER.findall(pandoc_log)):
        if not MISSING.search(f"[WARNING] {message}"):
            log.warning("%s: %s", bibliography.files[0], message)


def bibliography_error(stderr: str, bibliography: Bibliography) -> PublishError:
    """pandoc's error about a bibliography or style, as the file it is in, its line and a hint."""
    text = " ".join(stderr.split())
    csl = bibliography.csl
    if csl is not None and (str(csl) in text or "CiteprocXMLError" in text or "CSL" in text):
        return PublishError(f"pandoc cannot use this citation style: {text[:300]}", file=csl,
                            hint="a CSL style is an XML file, e.g. one of github.com/citation-style-language/"
                                 "styles; remove 'csl:' for pandoc's Chicago author-date")
    path = _unreadable(text, bibliography)
    if path is None:
        return PublishError(f"pandoc's citation processor failed: {text[:300]}", file=bibliography.files[0],
                            hint="check the bibliography files and the style named in book.yaml")
    problem = re.sub(r"^Error reading bibliography file .+?:\s*", "", text)
    line = re.search(r"\bline (\d+)", problem)
    problem = re.sub(r"^(?:Error at )?\(line \d+, column \d+\):\s*", "", problem)
    return PublishError(f"pandoc cannot read this bibliography: {problem[:300]}", file=path,
                        line=int(line[1]) if line else None,
                        hint=("check the entry at or above that line (braces, commas, quotes); " if line else "")
                        + "pandoc reads .bib and .bibtex as BibLaTeX, .json and .yaml as CSL JSON and YAML, .ris as "
                        "RIS")


def _unreadable(message: str, bibliography: Bibliography) -> Path | None:
    """The bibliography pandoc's message is about: the one it names, the only one, or the first
    it fails to read alone; None when each reads (the message is about something else)."""
    named = [p for p in bibliography.files if str(p) in message]
    if named or len(bibliography.files) == 1:
        return (named or list(bibliography.files))[0]
    for path in bibliography.files:
        try:
            run_pandoc("", ["--from=markdown", "--to=json", "--citeproc", f"--bibliography={path}"], what=str(path))
        except PublishError:
            return path
    return None
