"""The manuscript stage per chapter: Markdown → typeset pandoc AST, cached chunk by chunk.

The text is cut before each level-1 ATX heading into chunks. Reading a chunk alone gives the
same AST as the slice of the whole document when nothing crosses a cut: no footnote, reference
link or heading reference defined in one chunk and used in another, no div left open, no
example list (a note written far from its call, as pandoc's writer puts notes, is moved beside
it first: note_definitions). Heading ids are the exception pandoc makes unique over the whole text ("chapter-i",
"chapter-i-1"): each chunk keeps the ids it has read alone, and they are given again over the
book (heading_ids). When that holds, each chunk's typeset AST is cached under the hash of its
text, and a correction re-reads only the chunks it touched. When it does not hold, the whole
text is read at once, as before. A book with a bibliography is cited whole (citeproc.py).

The HTML follows the same cut: each part (a chunk; the text before the first heading goes with
the first chapter, whose section gets its notes) is converted alone and cached, and its notes
are then numbered after those of the parts before it, as pandoc numbers them in the whole
document. A correction converts only the part it touched.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape, unescape
from typing import cast

from publish.cache import Cache, digest, tool_versions
from publish.citations import Bibliography
from publish.citeproc import cite
from publish.code_block_ids import shift_code_ids
from publish.footnotes import count_notes, shift_notes
from publish.heading_ids import assign, bases, headers, heads, rename, written_ids
from publish.manuscript_batches import BatchTied, convert_in_batches
from publish.markdown_dialects import READ_FORMAT
from publish.model import TypographySettings
from publish.note_definitions import notes_beside_calls
from publish.pandoc import run_pandoc
from publish.typography import typeset

_ATX_H1 = re.compile(r"^#\s+\S")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE_DEF = re.compile(r"(?m)^ {0,3}\[\^([^\]\s]+)\]:")
_LINK_DEF = re.compile(r"(?m)^ {0,3}\[([^\]^][^\]]*)\]:\s*\S")
_HEADING_TEXT = re.compile(r"(?m)^#{1,6}\s+(.*?)(?:\s*\{[^}]*\})?\s*#*\s*$")
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")
# Re-read chunks one by one only for a few changes; many changes read the whole text at once.
MAX_SEPARATE_READS = 8
# Raw HTML that could pass for pandoc's own notes: numbering the parts' notes would touch it.
_NOTE_LIKE = re.compile(r"footnote|fn(?:ref)?\d")


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
    owners: dict[str, set[int]] = {}  # a label a reference could name → the chunks defining it
    for j, chunk in enumerate(chunks):
        for label in [*_HEADING_TEXT.findall(chunk), *_LINK_DEF.findall(chunk)]:
            if label.strip():
                owners.setdefault(label.strip().lower(), set()).add(j)
    # "[label]" is in a text when the label is one of its bracketed strings; one set per chunk
    # instead of every label searched in every chunk. Labels with brackets are searched.
    with_brackets = {label: js for label, js in owners.items() if "[" in label or "]" in label}
    for i, chunk in enumerate(chunks):
        lower = chunk.lower()
        if "(@" in chunk or chunk.count("\n:::") % 2 or lower.count("<div") != lower.count("</div"):
            return False
        if set(_FOOTNOTE_REF.findall(chunk)) - set(_FOOTNOTE_DEF.findall(chunk)):
            return False
        if any(owners.get(label, {i}) - {i} for label in _BRACKETED.findall(lower)):
            return False
        if any(js - {i} and f"[{label}]" in lower for label, js in with_brackets.items()):
            return False
    return True


def typeset_document(texts: list[str], language: str, style: TypographySettings, cache: Cache,
                     what: str) -> dict:
    """The typeset pandoc JSON document of the joined texts, from the cache where it can."""
    text = "\n\n".join(texts)
    chunks = notes_beside_calls(split_chunks(text))
    if not chunks_are_independent(chunks):
        return _typeset_whole(text, language, style, what)
    keys = [_chunk_key(c, language, style) for c in chunks]
    found = [cache.get_json("chunks", key) for key in keys]
    missing = [i for i, f in enumerate(found) if f is None]
    if len(missing) <= MAX_SEPARATE_READS:
        for i in missing:
            found[i] = _read_chunk(chunks[i], i, language, style, what)
        if all(f is not None for f in found):
            for i in missing:
                cache.put_json("chunks", keys[i], found[i])
            if _ids_given(cast(list[dict], found), chunks):
                return _document(cast(list[dict], found))
    groups = _read_groups(chunks, language, style, what)
    if groups is None:
        return _typeset_whole(text, language, style, what)
    for key, group in zip(keys, groups, strict=True):
        cache.put_json("chunks", key, group)
    if not _ids_given(groups, chunks):
        return _typeset_whole(text, language, style, what)
    return _document(groups)


def _typeset_whole(text: str, language: str, style: TypographySettings, what: str) -> dict:
    tree, _ = run_pandoc(text, [f"--from={READ_FORMAT}", "--to=json"], what=what)
    doc = json.loads(tree)
    return typeset({**doc, "meta": {}}, language, style)


def _read_chunk(chunk: str, index: int, language: str, style: TypographySettings, what: str) -> dict | None:
    """One chunk read alone; None when it does not have the shape of one cut of the whole."""
    tree, _ = run_pandoc(chunk, [f"--from={READ_FORMAT}", "--to=json"], what=what)
    doc = json.loads(tree)
    h1 = [n for n, b in enumerate(doc["blocks"]) if _is_h1(b)]
    if h1 not in ([0], [] if index == 0 else [0]):
        return None
    return _group(typeset({**doc, "meta": {}}, language, style))


def _read_groups(chunks: list[str], language: str, style: TypographySettings, what: str) -> list[dict] | None:
    """The chunks read in one run and cut at their level-1 headings, each cut typeset alone,
    with the heading ids each chunk has read alone; None when the cuts or ids cannot be told."""
    tree, _ = run_pandoc("\n".join(chunks), [f"--from={READ_FORMAT}", "--to=json"], what=what)
    doc = json.loads(tree)
    cuts = sorted({0} | {n for n, b in enumerate(doc["blocks"]) if _is_h1(b)})
    if len(cuts) != len(chunks):  # a setext heading, or a cut inside some block
        return None
    bounds = [*cuts, len(doc["blocks"])]
    nodes = [headers(doc["blocks"][a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    chunk_heads = [heads(found, written_ids(chunk)) for chunk, found in zip(chunks, nodes, strict=True)]
    read_bases = bases([head for found in chunk_heads for head in found])  # as this run made them unique
    at = 0
    for found, found_heads in zip(nodes, chunk_heads, strict=True):  # each chunk's ids as it reads alone
        chunk_bases = read_bases[at:at + len(found)]
        local = assign([(b, h.written) for b, h in zip(chunk_bases, found_heads, strict=True)])
        if local is None:
            return None
        rename(found, local)
        at += len(found)
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


def _ids_given(groups: list[dict], chunks: list[str]) -> bool:
    """The chunks' headings (ids as each chunk read alone) given the ids pandoc gives them in
    the whole text; False when that cannot be told."""
    nodes = [headers(group["blocks"]) for group in groups]
    pairs = []
    for chunk, found in zip(chunks, nodes, strict=True):
        found_heads = heads(found, written_ids(chunk))
        pairs += zip(bases(found_heads), [h.written for h in found_heads], strict=True)
    ids = assign(pairs)
    if ids is None:
        return False
    rename([node for found in nodes for node in found], ids)
    return True


def write_html(tree: str, args: list[str], cache: Cache, what: str) -> tuple[str, str]:
    """pandoc's HTML for the typeset document, and its log; cached under the document's hash."""
    key = digest("html", tree, args, tool_versions())
    found = cache.get_json("html", key)
    if isinstance(found, dict) and set(found) == {"html", "log"}:
        return found["html"], found["log"]
    html, log = run_pandoc(tree, args, what=what)
    cache.put_json("html", key, {"html": html, "log": log})
    return html, log


def html_document(texts: list[str], language: str, style: TypographySettings, args: list[str],
                  cache: Cache, what: str, bibliography: Bibliography | None = None) -> tuple[str, str]:
    """pandoc's HTML of the typeset text, and its log: part by part when the chunks are
    independent (exactly the whole document's HTML), else the whole document at once."""
    text = "\n\n".join(texts)
    if bibliography is not None:
        return _cited_html(text, language, style, args, bibliography, cache, what)
    chunks = notes_beside_calls(split_chunks(text))
    if chunks_are_independent(chunks):
        try:
            parts = _html_parts(text, chunks, language, style, args, cache, what)
        except _ChunksTied:  # already tried apart: read the whole text, as typeset_document would
            tree = _typeset_whole(text, language, style, what)
            return write_html(json.dumps(tree, ensure_ascii=False), args, cache, what)
        if parts is not None:
            return _joined(parts)
    tree = typeset_document(texts, language, style, cache, what)
    return write_html(json.dumps(tree, ensure_ascii=False), args, cache, what)


def _cited_html(text: str, language: str, style: TypographySettings, args: list[str], bibliography: Bibliography,
                cache: Cache, what: str) -> tuple[str, str]:
    """The typeset text (its chunks cached as without a bibliography) with its citations
    formatted (citeproc.py), converted part by part; the whole result cached under the hash of
    the text and of the bibliography's files (an edited .bib formats the book again)."""
    key = digest("cited-html", text, language, style, args, bibliography.digest(), tool_versions())
    found = cache.get_json("html", key)
    if isinstance(found, dict) and set(found) == {"html", "log"}:
        return found["html"], found["log"]
    doc, cite_log = cite(typeset_document([text], language, style, cache, what), bibliography, style, cache, what)
    html, log = _html_of_parts(doc, written_ids(text), args, cache, what)
    cache.put_json("html", key, {"html": html, "log": cite_log + log})
    return html, cite_log + log


def _html_of_parts(doc: dict, written: set[str], args: list[str], cache: Cache, what: str) -> tuple[str, str]:
    """pandoc's HTML of a typeset document, converted (and cached) part by part: a part is a
    level-1 heading and what follows it, the blocks before the first one going with the first.
    A part that cannot be numbered on (raw HTML like pandoc's notes) converts the whole at once."""
    blocks = doc["blocks"]
    starts = [n for n, block in enumerate(blocks) if _is_h1(block)]
    bounds = [0, *starts[1:]]  # the blocks before the first heading go with the first chapter
    docs = [{"pandoc-api-version": doc["pandoc-api-version"], "meta": {}, "blocks": blocks[a:b]}
            for a, b in zip(bounds, [*bounds[1:], len(blocks)], strict=True)]
    # Keys sorted: a chunk from the cache and one read now hold the same nodes in another order.
    keys = [digest("cited-part", json.dumps(d, ensure_ascii=False, sort_keys=True), args, tool_versions())
            for d in docs]
    found = [_valid_entry(cache.get_json("part-html", key)) for key in keys]
    missing = [n for n, entry in enumerate(found) if entry is None]
    if missing:
        todo, facts = [docs[n] for n in missing], [_facts(docs[n], written) for n in missing]
        made = _convert_together(todo, facts, args, what) if len(todo) > 1 else None
        for n, entry in zip(missing, made or _convert(todo, facts, args, what), strict=True):
            found[n] = entry
    given = None if any(entry is None for entry in found) else _ids_given_html(cast(list[dict], found))
    if given is None:
        return write_html(json.dumps(doc, ensure_ascii=False), args, cache, what)
    for n in missing:
        cache.put_json("part-html", keys[n], found[n])
    return _joined(given)


class _ChunksTied(Exception):
    """The chunks cannot be read apart: a cut inside a block, or an id made unique across them."""


def _chunk_key(chunk: str, language: str, style: TypographySettings) -> str:
    return digest("chunk", chunk, language, style, tool_versions())


def _parts(chunks: list[str]) -> list[list[int]]:
    """Chunk indices per part: text before the first heading joins the first chapter, whose
    section is where pandoc puts that text's notes."""
    parts = [[i] for i in range(len(chunks))]
    if not _ATX_H1.match(chunks[0].lstrip("\n")):
        parts[:2] = [[0, 1]]
    return parts


def _html_parts(text: str, chunks: list[str], language: str, style: TypographySettings,
                args: list[str], cache: Cache, what: str) -> list[dict] | None:
    """Each part's HTML entry, from the cache or converted now. None when a part's notes cannot
    be numbered on (raw HTML like pandoc's notes), and the typeset chunks make one document."""
    keys = [_chunk_key(c, language, style) for c in chunks]
    parts = _parts(chunks)
    part_keys = [digest("part-html", [keys[i] for i in part], args) for part in parts]
    found = [_valid_entry(cache.get_json("part-html", key)) for key in part_keys]
    missing = [n for n, entry in enumerate(found) if entry is None]
    if not missing:
        return _given_or_tied(cast(list[dict], found))
    needed = [i for n in missing for i in parts[n]]
    if len(needed) > MAX_SEPARATE_READS:  # a first build: read, typeset and convert in batches
        return _html_parts_in_batches(chunks, parts, part_keys, found, missing, language, style, args, cache, what)
    read = _typeset_groups(text, chunks, keys, needed, language, style, cache, what)
    if read is None:
        raise _ChunksTied
    groups, new_groups = read
    docs = [_document([groups[i] for i in parts[n]]) for n in missing]
    facts = [_facts(doc, written_ids(*(chunks[i] for i in parts[n]))) for n, doc in zip(missing, docs, strict=True)]
    single = [f for n, f in zip(missing, facts, strict=True) if len(parts[n]) == 1]
    if not all(f.opens for f in single):
        raise _ChunksTied
    for i, group in new_groups.items():
        cache.put_json("chunks", keys[i], group)
    made = _convert_together(docs, facts, args, what) if len(docs) > 1 else None
    for n, entry in zip(missing, made or _convert(docs, facts, args, what), strict=True):
        if entry is None:
            return None
        found[n] = entry
        cache.put_json("part-html", part_keys[n], entry)
    return _given_or_tied(cast(list[dict], found))


def _html_parts_in_batches(chunks: list[str], parts: list[list[int]], part_keys: list[str],
                           found: list[dict | None], missing: list[int], language: str, style: TypographySettings,
                           args: list[str], cache: Cache, what: str) -> list[dict] | None:
    """The missing parts converted in batches (manuscript_batches), checked as one document."""
    try:
        made = convert_in_batches([[chunks[i] for i in parts[n]] for n in missing], language, style, args, what)
    except BatchTied:
        raise _ChunksTied from None
    if any(entry is None for entry in made):
        return None
    for n, entry in zip(missing, made, strict=True):
        found[n] = entry
    entries = cast(list[dict], found)
    single = [entry for n, entry in zip(missing, made, strict=True) if len(parts[n]) == 1]
    if not all(e["opens"] for e in single):
        raise _ChunksTied
    given = _given_or_tied(entries)
    for n in missing:  # stored only now that the parts hold together
        cache.put_json("part-html", part_keys[n], found[n])
    return given


def _typeset_groups(text: str, chunks: list[str], keys: list[str], needed: list[int], language: str,
                    style: TypographySettings, cache: Cache, what: str) -> tuple[dict, dict] | None:
    """The typeset groups of the needed chunks, and those of them read now (to be cached)."""
    groups = {i: cache.get_json("chunks", keys[i]) for i in needed}
    unread = [i for i in needed if groups[i] is None]
    if len(unread) <= MAX_SEPARATE_READS:
        read = {i: _read_chunk(chunks[i], i, language, style, what) for i in unread}
        if all(group is not None for group in read.values()):
            return {**groups, **read}, read
    whole = _read_groups(chunks, language, style, what)
    if whole is None:
        return None
    return {i: whole[i] for i in needed}, {i: whole[i] for i in unread}


def _convert(docs: list[dict], facts: list[_Facts], args: list[str], what: str) -> list[dict | None]:
    """Each part converted alone (several at once on several cores), as its entry."""
    texts = [json.dumps(doc, ensure_ascii=False) for doc in docs]
    if len(texts) == 1:
        made = [run_pandoc(texts[0], args, what=what)]
    else:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            made = list(pool.map(lambda text: run_pandoc(text, args, what=what), texts))
    return [_entry(html, log, fact) for fact, (html, log) in zip(facts, made, strict=True)]


def _convert_together(docs: list[dict], facts: list[_Facts], args: list[str], what: str) -> list[dict] | None:
    """Several parts (a first build) in one run of pandoc, its HTML cut where each part's level-1
    section opens and the notes numbered back from 1; None when that cut is not sure."""
    if any(f.raw_section for f in facts) or not all(f.opens for f in facts[1:]):
        return None
    html, log = run_pandoc(json.dumps(_document([_group(d) for d in docs]), ensure_ascii=False), args, what=what)
    if log:  # pandoc's messages cannot be told apart by part
        return None
    starts = [0]
    for doc in docs[1:]:
        ident = doc["blocks"][0]["c"][1][0]
        at = html.find(f'\n<section id="{escape(ident)}" class="level1', starts[-1]) if ident else -1
        if at < 0:
            return None
        starts.append(at + 1)
    entries: list[dict] = []
    notes = blocks = codes = 0
    for fact, a, b in zip(facts, starts, [*starts[1:], len(html)], strict=True):
        entry = _entry(shift_code_ids(shift_notes(html[a:b], -notes, -blocks), -codes, fact.codes), "", fact)
        if entry is None:
            return None
        entries.append(entry)
        notes += entry["notes"]
        blocks += entry["blocks"]
        codes += entry["codes"]
    return entries if _joined(entries)[0] == html else None


@dataclass
class _Facts:
    """What the joining needs to know of a part's AST."""

    ids: list[str]
    heads: list[tuple[str | None, bool]]  # each heading's base and whether its id is written (heading_ids)
    notes: int = 0
    codes: int = 0  # code blocks without an id of their own: pandoc numbers them cb1, cb2, …
    note_like: bool = False  # raw HTML that could pass for pandoc's notes
    raw_section: bool = False  # raw HTML that could pass for a chapter's section
    opens: bool = False  # with a level-1 heading


def _facts(doc: dict, written: set[str]) -> _Facts:
    """`written`: the ids written in the part's Markdown (heading_ids.written_ids)."""
    facts = _Facts([], [], opens=bool(doc["blocks"]) and _is_h1(doc["blocks"][0]))
    header_nodes: list[dict] = []

    def visit(nodes: list) -> None:
        # Only lists and elements are entered: a book's words are most of its nodes.
        for node in nodes:
            kind = type(node)
            if kind is list:
                visit(node)
            elif kind is dict:
                element = node.get("t")
                if element in _LEAVES:
                    continue
                content = node.get("c")
                if element == "Header":
                    header_nodes.append(node)
                elif element == "Note":
                    facts.notes += 1
                elif element == "CodeBlock":
                    facts.codes += not content[0][0]
                elif element in ("RawBlock", "RawInline"):
                    facts.note_like |= bool(_NOTE_LIKE.search(content[1]))
                    facts.raw_section |= "<section" in content[1].lower()
                if element is None:  # not an element: a citation's fields
                    visit(list(node.values()))
                elif type(content) in (list, dict):
                    visit(content if type(content) is list else [content])

    visit(doc["blocks"])
    found = heads(header_nodes, written)
    facts.ids = [head.ident for head in found]
    facts.heads = list(zip(bases(found), [head.written for head in found], strict=True))
    return facts


_LEAVES = frozenset(("Str", "Space", "SoftBreak", "LineBreak"))  # elements with nothing inside


def _entry(html: str, log: str, facts: _Facts) -> dict | None:
    """What the joining needs of a part: its HTML and log, heading ids, notes and note blocks."""
    counted = count_notes(html)
    if facts.note_like or counted is None or counted[0] != facts.notes:
        return None
    return {"html": html, "log": log, "ids": facts.ids, "heads": facts.heads, "notes": facts.notes,
            "blocks": counted[1], "opens": facts.opens, "codes": facts.codes}


def _valid_entry(found) -> dict | None:
    fields = {"html", "log", "ids", "heads", "notes", "blocks", "opens", "codes"}
    return found if isinstance(found, dict) and set(found) == fields else None


def _given_or_tied(entries: list[dict]) -> list[dict]:
    given = _ids_given_html(entries)
    if given is None:
        raise _ChunksTied
    return given


def _ids_given_html(entries: list[dict]) -> list[dict] | None:
    """The parts with the heading ids pandoc gives the whole text (each part was converted with
    the ids its chunks read alone); None when they cannot be told or put in."""
    ids = assign([(base, written) for entry in entries for base, written in entry["heads"]])
    if ids is None:
        return None
    given, at = [], 0
    for entry in entries:
        old, new = entry["ids"], ids[at:at + len(entry["ids"])]
        at += len(old)
        if old != new:
            html = _renamed_html(entry["html"], old, new)
            if html is None:
                return None
            entry = {**entry, "html": html, "ids": new}
        given.append(entry)
    return given


# Where pandoc's HTML writer puts a heading's id (--section-divs: on its section).
_HEADING_ID = re.compile(r'<(?:section id="([^"]*)" class="level\d|h[1-6] id="([^"]*)")')


def _renamed_html(html: str, old: list[str], new: list[str]) -> str | None:
    """The part's HTML with its headings' ids changed; None when they are not found one for one."""
    found = [(m.start(m.lastindex), m.end(m.lastindex)) for m in _HEADING_ID.finditer(html)]
    if [unescape(html[a:b]) for a, b in found] != old:
        return None
    out, at = [], 0
    for (start, end), ident in zip(found, new, strict=True):
        out += [html[at:start], escape(ident)]
        at = end
    return "".join([*out, html[at:]])


def _joined(parts: list[dict]) -> tuple[str, str]:
    """The parts' HTML as one document's: notes, note blocks and code blocks numbered on across parts."""
    html, logs = [], []
    notes = blocks = codes = 0
    for part in parts:
        html.append(shift_code_ids(shift_notes(part["html"], notes, blocks), codes, part["codes"]))
        logs.append(part["log"])
        notes += part["notes"]
        blocks += part["blocks"]
        codes += part["codes"]
    return "".join(html), "".join(logs)
