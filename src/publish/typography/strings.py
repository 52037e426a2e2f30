"""book.yaml's strings set like the text: the title, the names, the blurbs and the notes that the
editions print get the typography pass too (curly quotes and apostrophes, dashes, no-break
spaces), or a title typed "Kipling's Tales" runs as "Kipling's" in every running head.

Each line is read by pandoc as a paragraph of Markdown with every mark but quotes, dashes and
full stops escaped (a string is text, not Markdown), typeset, and read back as plain text.
"""

from __future__ import annotations

import dataclasses
import json
import re

from publish.cache import Cache, digest, tool_versions
from publish.model import BookMetadata, Epigraph, TypographySettings
from publish.pandoc import run_pandoc
from publish.typography import typeset

CACHE_KIND = "meta-strings"
_ESCAPED = re.compile(r"([!#$%&()*+,/:;<=>?@\[\\\]^_`{|}~])")
_LIST = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+])(?=\s)")  # "1984. The year" or "- " would open a list


def typeset_metadata(meta: BookMetadata, cache: Cache) -> BookMetadata:
    """`meta` with every string the editions print typeset in the book's language."""
    series, epigraph = meta.series, meta.epigraph
    single = [meta.title, meta.subtitle, meta.publisher, meta.imprint, meta.rights, meta.motto, meta.dedication,
              meta.description, meta.about_author, series.name, series.blurb, series.description, series.tagline]
    own = [v for v in series.volumes if (v.language or meta.language) == meta.language]
    groups = [single, [p.name for p in meta.authors], list(series.lines), [v.title for v in own],
              [e.note for e in meta.editions], [epigraph.text, epigraph.source] if epigraph else [], list(meta.also_by),
              [text for quote in meta.praise for text in (quote.text, quote.source)]]
    done = typeset_strings([text for group in groups for text in group], meta.language, meta.typography, cache)
    at = [sum(len(group) for group in groups[:n]) for n in range(len(groups) + 1)]
    texts, names, lines, titles, notes, quoted, also_by, praised = (done[a:b] for a, b in zip(at, at[1:], strict=False))
    (title, subtitle, publisher, imprint, rights, motto, dedication, own_copy, about_author, name, blurb, description,
     tagline) = texts
    replace = dataclasses.replace
    titled = dict(zip((v.number for v in own), titles, strict=True))
    for language in dict.fromkeys(v.language for v in series.volumes if v.number not in titled):
        others = [v for v in series.volumes if v.language == language and v.number not in titled]  # in their own
        titled |= dict(zip((v.number for v in others),  # language: an English title's quotes in a Russian book
                           typeset_strings([v.title for v in others], language, meta.typography, cache), strict=True))
    if series.language:  # a name in another language keeps its own quotes: «Красная библиотека», not "…"
        (name,) = typeset_strings([series.name], series.language, meta.typography, cache)
    series = replace(series, name=name, blurb=blurb, description=description, tagline=tagline, lines=tuple(lines),
                     volumes=tuple(replace(v, title=titled[v.number]) for v in series.volumes))
    return replace(meta, title=title, subtitle=subtitle, publisher=publisher, imprint=imprint, rights=rights,
                   motto=motto, dedication=dedication, description=own_copy, about_author=about_author, series=series,
                   praise=tuple(Epigraph(*pair) for pair in zip(praised[::2], praised[1::2], strict=True)),
                   also_by=tuple(also_by),
                   authors=tuple(replace(p, name=n) for p, n in zip(meta.authors, names, strict=True)),
                   editions=tuple(replace(e, note=n) for e, n in zip(meta.editions, notes, strict=True)),
                   epigraph=replace(epigraph, text=quoted[0], source=quoted[1]) if epigraph else None)


def typeset_strings(strings: list[str], language: str, style: TypographySettings, cache: Cache) -> list[str]:
    """Each string typeset, line by line; one pandoc run for all (cached)."""
    lines = [line for text in strings for line in text.split("\n")]
    key = digest(CACHE_KIND, lines, language, style, tool_versions())
    found = cache.get_json(CACHE_KIND, key)
    if not (isinstance(found, list) and len(found) == len(lines) and all(isinstance(s, str) for s in found)):
        found = _typeset_lines(lines, language, style)
        cache.put_json(CACHE_KIND, key, found)
    out, at = [], 0
    for text in strings:
        count = text.count("\n") + 1
        out.append("\n".join(found[at:at + count]))
        at += count
    return out


def _typeset_lines(lines: list[str], language: str, style: TypographySettings) -> list[str]:
    worded = [n for n, line in enumerate(lines) if line.strip()]
    if not worded:
        return lines
    source = "\n\n".join(_as_markdown(lines[n]) for n in worded)
    tree, _ = run_pandoc(source, ["-f", "markdown+smart", "-t", "json"], what="book.yaml")
    blocks = typeset(json.loads(tree), language, style)["blocks"]
    out = list(lines)
    if len(blocks) != len(worded):  # not one paragraph a line after all: left as typed
        return out
    for n, block in zip(worded, blocks, strict=True):
        out[n] = _plain(block["c"]) if block["t"] == "Para" else lines[n]
    return out


def _as_markdown(line: str) -> str:
    line = _ESCAPED.sub(r"\\\1", " ".join(line.split()))
    return _LIST.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line)


def _plain(inlines: list) -> str:
    """The text of pandoc inlines: formatting (small caps of a run of capitals) left out."""
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Span", "Link", "Quoted"):  # [attributes or quote kind, inlines, …]
            out.append(_plain(content[1]))
        elif isinstance(content, list):
            out.append(_plain(content))
    return "".join(out)
