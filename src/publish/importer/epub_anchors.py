"""Paragraphs an EPUB links to, kept as link targets.

A note in The Worst Journey in the World says "See here through here", linking to two
paragraphs of chapter V (`<p id="the-return-of-the-dog-party-p-13">`); its list of
illustrations and other cross-references do the same. Pandoc's readers give a paragraph no id,
so 30 such links led nowhere and were printed as plain text. Before pandoc reads the EPUB, a
paragraph (or quotation, definition) that some link of the book leads to gets an empty
`<span id="…">` at its start, which pandoc keeps (`[]{#…}` in the Markdown).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import unquote

from lxml import etree

from publish.importer.zip_parts import with_parts

# Blocks whose id pandoc's HTML reader drops (a div, a section, a heading and a figure keep theirs).
# (Not an <aside>: pandoc's reader finds a footnote by the aside's id, and makes it a note.)
_DROPPED_IDS = {"p", "blockquote", "dt", "dd", "hgroup"}
TEXT_SUFFIXES = (".xhtml", ".html", ".htm")
_OPS = "http://www.idpf.org/2007/ops"
_NOTE_TYPES = {"footnote", "endnote", "rearnote", "note"}


def keep_paragraph_anchors(epub: bytes) -> tuple[bytes, int]:
    """The EPUB with an anchor at the start of each linked-to block that pandoc would leave
    without its id; how many were kept."""
    with zipfile.ZipFile(io.BytesIO(epub)) as source:
        trees = {info.filename: parsed(source.read(info)) for info in source.infolist()
                 if info.filename.lower().endswith(TEXT_SUFFIXES)}
        targets = {target for name, tree in trees.items() if tree is not None for target in _targets(name, tree)}
        kept, changed = 0, {}
        for name, tree in trees.items():
            if tree is None:
                continue
            n = _anchored(tree, {ident for file, ident in targets if file == name})
            if n:
                kept += n
                changed[name] = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
    return (with_parts(epub, changed), kept) if kept else (epub, 0)


def elements_changed(epub: bytes, wanted, change) -> tuple[bytes, int]:
    """The EPUB with `change` made to each element of its text documents that is `wanted` (found
    first, then changed: a change may move it); how many."""
    found, changed = 0, {}
    with zipfile.ZipFile(io.BytesIO(epub)) as source:
        for info in source.infolist():
            if not info.filename.lower().endswith(TEXT_SUFFIXES):
                continue
            tree = parsed(source.read(info))
            elements = [] if tree is None else [e for e in tree.iter() if wanted(e)]
            for element in elements:
                change(element)
            if elements:
                found += len(elements)
                changed[info.filename] = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
    return (with_parts(epub, changed), found) if found else (epub, 0)


def parsed(data: bytes):
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None  # pandoc reads it as it is, or says why not


def _targets(name: str, tree) -> set[tuple[str, str]]:
    """(file, id) of every link in the file to a place in a file of the book."""
    found = set()
    for element in tree.iter():
        href = element.get("href") if isinstance(element.tag, str) else None
        if not href or "#" not in href or "://" in href or href.startswith("mailto:"):
            continue
        path, _, ident = href.partition("#")
        file = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(path))) if path else name
        found.add((file, unquote(ident)))
    return found


def _anchored(tree, wanted: set[str]) -> int:
    kept = 0
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.get("id") not in wanted:
            continue
        if etree.QName(element).localname == "aside" \
                and not _NOTE_TYPES & set((element.get(f"{{{_OPS}}}type") or "").split()):
            # An aside not a note (a transcriber's annotation its `annoref` links to) pandoc keeps as
            # raw tags, its id unseen, the link leading nowhere: a div it reads as a block with its id.
            namespace = etree.QName(element).namespace
            element.tag = f"{{{namespace}}}div" if namespace else "div"
            kept += 1
            continue
        if etree.QName(element).localname not in _DROPPED_IDS:
            continue
        namespace = etree.QName(element).namespace
        anchor = etree.Element(f"{{{namespace}}}span" if namespace else "span", {"id": element.attrib.pop("id")})
        anchor.tail, element.text = element.text, None
        element.insert(0, anchor)
        kept += 1
    return kept
