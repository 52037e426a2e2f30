"""A heading's subtitle set as a classed paragraph after it, grouped with it as Standard Ebooks do.

Books made in InDesign, Sigil or Vellum set a chapter's subtitle as a paragraph classed so under
its heading (`<h2 class="chapter">Chapter One</h2><p class="chapter-subtitle">In which the storm
comes</p>`): pandoc's reader drops the class, and the subtitle was the chapter's first line of
text. Before pandoc reads the book, such paragraphs (a class naming a subtitle or subhead, or
`epub:type="subtitle"`) are put in a <header> with their heading, which the import makes a
`::: subhead` (heading_groups.header_subheads).
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from publish.importer.epub_anchors import TEXT_SUFFIXES, parsed
from publish.importer.zip_parts import with_parts

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SUBHEAD_CLASS = re.compile(r"sub-?(?:title|head)", re.I)


def group_subheads(epub: bytes) -> tuple[bytes, int]:
    """The EPUB with each heading and the subtitles after it in a <header>; how many headings."""
    grouped, changed = 0, {}
    with zipfile.ZipFile(io.BytesIO(epub)) as source:
        for info in source.infolist():
            if not info.filename.lower().endswith(TEXT_SUFFIXES):
                continue
            tree = parsed(source.read(info))
            n = 0 if tree is None else sum(_grouped(h) for h in list(tree.iter()) if _local(h) in _HEADINGS)
            if n:
                grouped += n
                changed[info.filename] = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
    if not changed:
        return epub, 0
    return with_parts(epub, changed), grouped


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _is_subhead(element: etree._Element) -> bool:
    return _local(element) == "p" and (bool(_SUBHEAD_CLASS.search(element.get("class") or ""))
                                       or "subtitle" in (element.get(_EPUB_TYPE) or "").split())


def _grouped(heading: etree._Element) -> bool:
    parent = heading.getparent()
    if parent is None or _local(parent) in ("header", "hgroup") or heading.tail and heading.tail.strip():
        return False
    subheads = []
    for sibling in heading.itersiblings():
        if not _is_subhead(sibling):
            break
        subheads.append(sibling)
        if sibling.tail and sibling.tail.strip():
            break
    if not subheads:
        return False
    header = etree.Element(etree.QName(heading).namespace and f"{{{etree.QName(heading).namespace}}}header" or "header")
    heading.addprevious(header)
    for element in (heading, *subheads):
        header.append(element)  # lxml moves each with its tail
    return True
