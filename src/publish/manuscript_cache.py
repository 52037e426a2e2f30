"""The manuscript stage per chapter: Markdown → typeset pandoc AST, cached chunk by chunk.

The text is cut before each level-1 ATX heading into chunks. Reading a chunk alone gives the
same AST as the slice of the whole document when nothing crosses a cut: no footnote, reference
link or heading reference defined in one chunk and used in another, no div left open, no
example list, and no heading identifier that pandoc had to make unique across chunks. When that
holds, each chunk's typeset AST is cached under the hash of its text, and a correction re-reads
only the chunks it touched. When it does not hold, the whole text is read at once, as before.
"""

from __future__ import annotations

import json
import re

from publish.cache import Cache, digest, tool_versions
from publish.model import TypographySettings
from publish.pandoc import run_pandoc
from publish.typography import typeset

_ATX_H1 = re.compile(r"^#\s+\S")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE_DEF = re.compile(r"(?m)^ {0,3}\[\^([^\]\s]+)\]:")
_LINK_DEF = re.compile(r"(?m)^ {0,3}\[([^\]^][^\]]*)\]:\s*\S")
_HEADING_TEXT = re.compile(r"(?m)^#{1,6}\s+(.*?)(?:\s*\{[^}]*\})?\s*#*\s*$")
_DEDUPED_ID = re.compile(r"^(.*)-(\d+)$")
# Re-read chunks one by one only for a few changes; many changes read the whole text at once.
MAX_SEPARATE_READS = 8


def split_chunks(text: str) -> list[str]:
    """The text cut before each level-1 ATX heading that opens a block; "\\n".join undoes it."""
    lines = text.split("\n")
    starts = [0]
    fence = False
    for n, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence and n > 0 and _ATX_H1.match(line) and not lines[n - 1].strip():
            starts.append(n)
    ends = [*starts[1:], len(lines)]
    chunks = ["\n".join(lines[a:b]) for a, b in zip(starts, ends, strict=True)]
    if len(chunks) > 1 and not chunks[0].strip():  # blank lines before the first heading
        chunks[:2] = [chunks[0] + "\n" + chunks[1]]
    return chunks


def chunks_are_independent(chunks: list[str]) -> bool:
    """True when no reference in the Markdown crosses from one chunk to another."""
    if len(chunks) < 2:
        return False
    headings = [{t.strip().lower() for t in _HEADING_TEXT.findall(c) if t.strip()} for c in chunks]
    link_defs = [{label.strip().lower() for label in _LINK_DEF.findall(c)} for c in chunks]
    for i, chunk in enumerate(chunks):
        lower = chunk.lower()
        if "(@" in chunk or chunk.count("\n:::") % 2 or lower.count("<div") != lower.count("</div"):
            return False
        if set(_FOOTNOTE_REF.findall(chunk)) - set(_FOOTNOTE_DEF.findall(chunk)):
            return False
        for j, labels in enumerate(link_defs):
            if j != i and any(f"[{label}]" in lower for label in labels | headings[j]):
                return False
    return True


def typeset_document(texts: list[str], language: str, style: TypographySettings, cache: Cache,
                     what: str) -> dict:
    """The typeset pandoc JSON document of the joined texts, from the cache where it can."""
    text = "\n\n".join(texts)
    chunks = split_chunks(text)
    if not chunks_are_independent(chunks):
        return _typeset_whole(text, language, style, what)
    keys = [digest("chunk", c, language, style, tool_versions()) for c in chunks]
    found = [cache.get_json("chunks", key) for key in keys]
    missing = [i for i, f in enumerate(found) if f is None]
    if len(missing) <= MAX_SEPARATE_READS:
        for i in missing:
            found[i] = _read_chunk(chunks[i], i, language, style, what)
        if all(f is not None for f in found) and _ids_unique(found):
            for i in missing:
                cache.put_json("chunks", keys[i], found[i])
            return _document(found)
    groups = _read_groups(text, len(chunks), language, style, what)
    if groups is None or not _ids_unique([g for g in groups]):
        return _typeset_whole(text, language, style, what)
    for key, group in zip(keys, groups, strict=True):
        cache.put_json("chunks", key, group)
    return _document(groups)


def _typeset_whole(text: str, language: str, style: TypographySettings, what: str) -> dict:
    tree, _ = run_pandoc(text, ["--from=markdown", "--to=json"], what=what)
    doc = json.loads(tree)
    return typeset({**doc, "meta": {}}, language, style)


def _read_chunk(chunk: str, index: int, language: str, style: TypographySettings, what: str) -> dict | None:
    """One chunk read alone; None when it does not have the shape of one cut of the whole."""
    tree, _ = run_pandoc(chunk, ["--from=markdown", "--to=json"], what=what)
    doc = json.loads(tree)
    h1 = [n for n, b in enumerate(doc["blocks"]) if _is_h1(b)]
    if h1 not in ([0], [] if index == 0 else [0]):
        return None
    return _group(typeset({**doc, "meta": {}}, language, style))


def _read_groups(text: str, count: int, language: str, style: TypographySettings, what: str) -> list[dict] | None:
    """The whole text read once and cut at its level-1 headings, each cut typeset alone."""
    tree, _ = run_pandoc(text, ["--from=markdown", "--to=json"], what=what)
    doc = json.loads(tree)
    cuts = sorted({0} | {n for n, b in enumerate(doc["blocks"]) if _is_h1(b)})
    if len(cuts) != count:  # a setext heading, or a cut inside some block
        return None
    bounds = [*cuts, len(doc["blocks"])]
    groups = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        part = {"pandoc-api-version": doc["pandoc-api-version"], "meta": {}, "blocks": doc["blocks"][a:b]}
        groups.append(_group(typeset(part, language, style)))
    return groups


def _group(doc: dict) -> dict:
    return {"api": doc["pandoc-api-version"], "blocks": doc["blocks"]}


def _document(groups: list[dict]) -> dict:
    blocks = [b for g in groups for b in g["blocks"]]
    return {"pandoc-api-version": groups[0]["api"], "meta": {}, "blocks": blocks}


def _is_h1(block: dict) -> bool:
    return block.get("t") == "Header" and block["c"][0] == 1


def _ids_unique(groups: list[dict]) -> bool:
    """No heading id twice, and none that looks made unique by pandoc ("notes-1" beside "notes")."""
    ids: list[str] = []

    def visit(node) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Header":
                ids.append(node["c"][1][0])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for group in groups:
        visit(group["blocks"])
    seen = set(ids)
    if len(seen) != len(ids):
        return False
    return not any((m := _DEDUPED_ID.match(i)) and m.group(1) in seen for i in ids)


def write_html(tree: str, args: list[str], cache: Cache, what: str) -> tuple[str, str]:
    """pandoc's HTML for the typeset document, and its log; cached under the document's hash."""
    key = digest("html", tree, args, tool_versions())
    found = cache.get_json("html", key)
    if isinstance(found, dict) and set(found) == {"html", "log"}:
        return found["html"], found["log"]
    html, log = run_pandoc(tree, args, what=what)
    cache.put_json("html", key, {"html": html, "log": log})
    return html, log
