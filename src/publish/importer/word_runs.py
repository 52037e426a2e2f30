"""Runs of a Word document that pandoc's reader does not show as Word does: hidden text
(`<w:vanish/>`: an author's notes to self, which pandoc printed in the text) and text set in
capitals by its formatting (`<w:caps/>`: typed "chapter one", shown "CHAPTER ONE", which pandoc
printed in small letters). The document is given to pandoc with the hidden runs taken out and
the capitals typed."""

from __future__ import annotations

import html
import io
import re
import zipfile
import zlib

from publish.importer.zip_parts import with_parts

_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
_RUN = re.compile(r"<w:r(?:\s[^>]*)?>.*?</w:r>", re.DOTALL)
_PROPERTIES = re.compile(r"<w:rPr>.*?</w:rPr>", re.DOTALL)
_TEXT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")


def _on(properties: str, name: str) -> bool:
    """Whether a run's properties switch `name` on (`<w:caps/>`, `w:val="true"`; not `"false"`, `"0"`)."""
    found = re.search(rf'<w:{name}(?:\s+w:val="([^"]*)")?\s*/>', properties)
    return bool(found) and (found[1] or "true").lower() not in ("false", "0", "off")


def shown_as_word_shows(data: bytes) -> tuple[bytes, int, int]:
    """The document without its hidden runs and with its capitals typed; how many runs of each."""
    counts = [0, 0]

    def run(match: re.Match) -> str:
        properties = _PROPERTIES.search(match[0])
        if not properties:
            return match[0]
        if _on(properties[0], "vanish"):
            counts[0] += 1
            return ""
        if _on(properties[0], "caps"):
            counts[1] += 1
            return _TEXT.sub(lambda t: t[1] + html.escape(html.unescape(t[2]).upper(), quote=False) + t[3],
                             match[0])
        return match[0]

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = {info: source.read(info) for info in source.infolist()}
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        return data, 0, 0  # damaged: pandoc reads it as it is, or says why not
    changed = {}
    for info, content in parts.items():
        if info.filename in _PARTS:
            text = content.decode("utf-8", "replace")
            new = _RUN.sub(run, text)
            if new != text:
                changed[info.filename] = new.encode("utf-8")
    if not changed:
        return data, 0, 0
    return with_parts(data, changed), counts[0], counts[1]


_FALLBACK = re.compile(r"<mc:Fallback\b.*?</mc:Fallback>", re.DOTALL)  # the same drawing again, for old Words
_PICTURE = re.compile(r"<pic:pic\b|<v:imagedata\b")


def pictures_drawn(data: bytes) -> int:
    """How many pictures the document's text holds (each once, not again in a fallback for older
    Words), to be compared with those pandoc's reader found: one in a text box it skips."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as document:
            body = document.read("word/document.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError):
        return 0
    return len(_PICTURE.findall(_FALLBACK.sub("", body)))
