"""pandoc's citation processor over the typeset document, given a skeleton of it.

citeproc needs the whole document: numbers, "ibid.", disambiguation and the one reference list
depend on every citation before. Passing a book's whole AST through pandoc costs seconds, so it
gets a skeleton instead, in the document's order: a copy of each run of inlines that holds a
citation (pandoc moves the punctuation about the note a citation becomes: it needs the
sentence), of each note that holds one (a citation opening a note is set without parentheses),
every heading (`{.reset-citation-positions}` sections) and the reference list's Div. What
citeproc reads of the rest, the note number of each citation, is set on the citations first, as
pandoc's reader numbers them in the whole text (a chapter read alone counts from 1). Its output
is put back where the copies came from and the citations' new text is typeset; the output is
cached under the skeleton's hash and the bibliography's, so an edit that touches no citation
runs no pandoc at all.
"""

from __future__ import annotations

import json

from publish.cache import Cache, digest, tool_versions
from publish.citations import MISSING, Bibliography, bibliography_error
from publish.errors import PublishError
from publish.model import TypographySettings
from publish.pandoc import run_pandoc
from publish.typography import typeset
from publish.typography.walk import is_inline_list

# Nodes with no citation inside: the skeleton's walk does not enter them.
_OPAQUE = frozenset({"Str", "Space", "SoftBreak", "LineBreak", "Code", "CodeBlock", "Math", "RawInline", "RawBlock"})


def cite(doc: dict, bibliography: Bibliography, style: TypographySettings, cache: Cache,
         what: str) -> tuple[dict, str]:
    """The typeset document with its citations formatted and its reference list, and pandoc's log.
    The list goes in the Div "refs" when the text has one, else in a last chapter of its own
    (none when nothing is cited)."""
    blocks = list(doc["blocks"])
    scan = _Scan()
    scan.visit(blocks, 0, False)
    shape, runs, refs = scan.shape, scan.runs, scan.refs
    listed = bool(refs)
    if not listed:
        attr = [_free_id("bibliography", scan.ids), ["backmatter"], []]
        words = [item for word in bibliography.heading.split() for item in ({"t": "Space"}, {"t": "Str", "c": word})]
        blocks += [{"t": "Header", "c": [1, attr, words[1:]]}, {"t": "Div", "c": [["refs", [], []], []]}]
        shape.append(("header", 1, attr, None))
        refs.append(blocks[-1])
    heading = None if listed else blocks[-2]
    made = _formatted(doc["pandoc-api-version"], shape, runs, refs[0], heading, bibliography, style, cache, what)
    for run, new in zip(runs, made["runs"], strict=True):
        run[:] = new
    refs[0]["c"] = [made["attr"], refs[0]["c"][1] + made["entries"]]  # the entries follow what the text wrote
    if heading is not None:
        heading["c"][2] = made["heading"]
        if not made["entries"]:  # nothing cited: no list, no chapter
            blocks = blocks[:-2]
    listed = {entry["c"][0][0] for entry in made["entries"] if entry.get("t") == "Div"}
    unlisted = [k for k in bibliography.uncited if k != "*" and f"ref-{k}" not in listed]  # citeproc says nothing
    missing = {f"#ref-{key}" for key in MISSING.findall(made["log"])}
    said = "".join(f"[WARNING] Citeproc: citation {key} not found\n" for key in unlisted)  # as for a citation
    return {**doc, "blocks": _unlinked(blocks, missing) if missing else blocks}, made["log"] + said


def _is_refs(ident: str) -> bool:
    return ident == "refs" or ident.endswith("__refs")  # as pandoc finds the list's place


class _Scan:
    """One walk over the document: the skeleton's shape and runs, the list's Div, every id, and
    each citation's note number as pandoc's reader sets it reading the whole text (a chapter
    read alone counts from 1): a count of the notes and of the citations outside them, in order;
    a citation in a note takes the note's.

    The shape: ("run", i) for a run of inlines with a citation, `runs[i]`; ("note", i) for a
    note's blocks with one; ("header", level, attr, i or None) for every heading."""

    def __init__(self) -> None:
        self.shape: list[tuple] = []
        self.runs: list[list] = []
        self.refs: list[dict] = []
        self.ids: set[str] = set()
        self.count = 0

    def visit(self, node, note: int, in_run: bool) -> None:
        if type(node) is list:
            if not in_run and is_inline_list(node) and any(item.get("t") == "Cite" for item in node):
                self.shape.append(("run", len(self.runs)))
                self.runs.append(node)
                in_run = True
            for item in node:
                self.visit(item, note, in_run)
            return
        kind = node.get("t") if type(node) is dict else None
        if kind is None or kind in _OPAQUE or "c" not in node:
            return
        content = node["c"]
        if kind == "Cite":
            if not note:
                self.count += 1
            for citation in content[0]:
                citation["citationNoteNum"] = note or self.count
        elif kind == "Note":
            self.count += 1
            if not in_run and _has_cite(content):
                self.shape.append(("note", len(self.runs)))
                self.runs.append(content)
                in_run = True
            self.visit(content, self.count, in_run)
        elif kind == "Header":
            self.ids.add(content[1][0])
            cited = not in_run and _has_cite(content[2])
            if not in_run:
                self.shape.append(("header", content[0], content[1], len(self.runs) if cited else None))
            if cited:
                self.runs.append(content[2])
            self.visit(content[2], note, in_run or cited)
        elif kind in ("Div", "Span"):
            self.ids.add(content[0][0])
            if kind == "Div" and _is_refs(content[0][0]) and not self.refs:
                self.refs.append(node)  # what the text wrote in it stays: the entries follow it
            else:
                self.visit(content[1], note, in_run)
        else:
            self.visit(content, note, in_run)


def _has_cite(node) -> bool:
    if isinstance(node, list):
        return any(_has_cite(item) for item in node)
    if isinstance(node, dict) and node.get("t") not in _OPAQUE:
        return node.get("t") == "Cite" or _has_cite(node.get("c"))
    return False


def _skeleton_blocks(shape: list[tuple], runs: list[list]) -> list[dict]:
    """The runs themselves, not copies: they are written out as JSON before any is replaced."""
    out = []
    for kind, *rest in shape:
        if kind == "run":
            out.append({"t": "Para", "c": runs[rest[0]]})
        elif kind == "note":
            out.append({"t": "Para", "c": [{"t": "Note", "c": runs[rest[0]]}]})
        else:
            level, attr, at = rest
            out.append({"t": "Header", "c": [level, attr, [] if at is None else runs[at]]})
    return out


def _runs(blocks: list, shape: list[tuple], count: int) -> list[list]:
    """The processed runs, read from pandoc's skeleton in the shape it was given."""
    found: list = [None] * count
    if len(blocks) != len(shape):
        raise PublishError("pandoc's citation processor returned an unexpected document",
                           hint="please report this with the manuscript")
    for block, (kind, *rest) in zip(blocks, shape, strict=True):
        content = block.get("c")
        if kind == "run" and block.get("t") == "Para":
            found[rest[0]] = content
        elif kind == "note" and block.get("t") == "Para" and len(content) == 1 and content[0].get("t") == "Note":
            found[rest[0]] = content[0]["c"]
        elif kind == "header" and block.get("t") == "Header":
            if rest[2] is not None:
                found[rest[2]] = content[2]
        else:
            raise PublishError("pandoc's citation processor returned an unexpected document",
                               hint="please report this with the manuscript")
    return found


def _formatted(api: list, shape: list[tuple], runs: list[list], refs: dict, heading: dict | None,
               bibliography: Bibliography, style: TypographySettings, cache: Cache, what: str) -> dict:
    """The skeleton through pandoc's citation processor, typeset: the runs, the list's Div
    attributes and entries, the list's heading and pandoc's log; cached under the skeleton's
    hash and the bibliography's."""
    skeleton = [*_skeleton_blocks(shape, runs), refs]
    meta = {"nocite": _nocite(bibliography.uncited)} if bibliography.uncited else {}
    # Keys sorted: a chunk from the cache and one read now hold the same nodes in another order.
    text = json.dumps({"pandoc-api-version": api, "meta": meta, "blocks": skeleton}, ensure_ascii=False,
                      sort_keys=True)
    title = heading["c"][2] if heading else None
    key = digest("citeproc", text, title, style, bibliography.digest(), tool_versions())
    found = cache.get_json("citeproc", key)
    if isinstance(found, dict) and set(found) == {"runs", "attr", "entries", "heading", "log"}:
        return found
    args = ["--from=json", "--to=json", "--citeproc", *(f"--bibliography={p}" for p in bibliography.files),
            f"--metadata=lang:{bibliography.language}",
            f"--metadata=link-citations:{'true' if bibliography.link else 'false'}"]
    if bibliography.csl:
        args.append(f"--csl={bibliography.csl}")
    out, pandoc_log = run_pandoc(text, args, what=what, failed=lambda stderr: bibliography_error(stderr, bibliography))
    blocks = json.loads(out)["blocks"]
    new_runs = _runs(blocks[:-1], shape, len(runs))
    title_block = {"t": "Header", "c": [1, ["", [], []], title]} if title is not None else None
    entries = blocks[-1]["c"][1][len(refs["c"][1]):]
    made = {"runs": new_runs, "attr": blocks[-1]["c"][0], "log": pandoc_log,
            "entries": _typeset_new(new_runs, entries, title_block, bibliography.language, style),
            "heading": title_block["c"][2] if title_block else None}
    cache.put_json("citeproc", key, made)
    return made


def _nocite(keys: tuple[str, ...]) -> dict:
    """pandoc's `nocite` metadata: citations of the keys, which citeproc lists uncited."""
    cites = [{"citationId": key, "citationPrefix": [], "citationSuffix": [], "citationMode": {"t": "NormalCitation"},
              "citationNoteNum": 0, "citationHash": 0} for key in keys]
    written = [{"t": "Str", "c": " ".join(f"@{key}" for key in keys)}]
    return {"t": "MetaInlines", "c": [{"t": "Cite", "c": [cites, written]}]}


def _typeset_new(runs: list[list], entries: list[dict], heading: dict | None, language: str,
                 style: TypographySettings) -> list[dict]:
    """The typography pass over what the processor wrote: the citations' text (in place), the
    list's heading (in place) and its entries (returned); the rest was typeset with the text."""
    cites: list[dict] = []

    def visit(node) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                cites.append(node)
            elif node.get("t") not in _OPAQUE:
                visit(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(runs)
    # A note a citation became is set by its own words, as a note of the text is by its paragraph's
    # (a block without a lower-case letter keeps its capitals: a paragraph of only a note would).
    notes = [[item["c"] for item in c["c"][1] if item.get("t") == "Note"] for c in cites]
    blocks = [*({"t": "Plain", "c": c["c"][1]} for c in cites), *([heading] if heading else []), *entries,
              *(block for found in notes for note in found for block in note)]
    if not blocks:
        return []
    done = typeset({"pandoc-api-version": [1, 23], "meta": {}, "blocks": blocks}, language, style)["blocks"]
    at = len(cites) + bool(heading) + len(entries)
    for cite_node, block, found in zip(cites, done[:len(cites)], notes, strict=True):
        cite_node["c"][1] = block["c"]
        for item, note in zip((i for i in block["c"] if i.get("t") == "Note"), found, strict=True):
            item["c"], at = done[at:at + len(note)], at + len(note)
    if heading:
        heading["c"] = done[len(cites)]["c"]
    return done[len(cites) + bool(heading):len(cites) + bool(heading) + len(entries)]


def _unlinked(node, targets: set[str]):
    """The node with its links to the given targets replaced by their text: a citation of a key
    the bibliography lacks links to an entry that is not there."""
    if isinstance(node, list):
        out = []
        for item in node:
            if isinstance(item, dict) and item.get("t") == "Link" and item["c"][2][0] in targets:
                out += _unlinked(item["c"][1], targets)
            else:
                out.append(_unlinked(item, targets))
        return out
    if isinstance(node, dict):
        return {key: _unlinked(value, targets) for key, value in node.items()}
    return node


def _free_id(ident: str, taken: set[str]) -> str:
    n = 1
    while (candidate := ident if n == 1 else f"{ident}-{n}") in taken:
        n += 1
    return candidate
