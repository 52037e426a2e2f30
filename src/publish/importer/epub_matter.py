"""An EPUB's front and back matter, kept as `{.frontmatter}` and `{.backmatter}` headings.

An EPUB says which of its files are front or back matter on their <body> (`epub:type=
"frontmatter"`: The Worst Journey in the World's preface and introduction, its glossary and list
of illustrations `backmatter`), which pandoc's reader drops: the book came in as chapters alone,
its "Start of the text" landmark at the preface and no back matter before the closing pages.
Before pandoc reads it, the first heading of each such file is given the class, which pandoc
keeps; the edition matter among them (title pages, imprint, colophon) is set aside as before.
A file whose <body> is typed nothing and whose first section is typed as front or back matter
(`<section epub:type="afterword">`, as EPUB 3 books but Standard Ebooks' type it) is read so too.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from publish.importer.epub_anchors import TEXT_SUFFIXES, parsed
from publish.importer.zip_parts import with_parts

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_MATTER = ("frontmatter", "backmatter")
# Sections typed as what is always front or back matter, in a <body> typed nothing (EPUB 3 books
# but Standard Ebooks' type the section alone: `<section epub:type="afterword">`). Not those a
# book may put on either side of its text (acknowledgments, an introduction, a prologue).
_SECTION_MATTER = {"foreword": "frontmatter", "preface": "frontmatter", "afterword": "backmatter",
                   "appendix": "backmatter", "glossary": "backmatter", "bibliography": "backmatter"}
_SECTIONS = {"section", "article", "div"}


def keep_matter(epub: bytes) -> tuple[bytes, int]:
    """The EPUB with the first heading of each front or back matter file classed so; how many."""
    with zipfile.ZipFile(io.BytesIO(epub)) as source:
        changed = {}
        for info in source.infolist():
            if not info.filename.lower().endswith(TEXT_SUFFIXES):
                continue
            tree = parsed(source.read(info))
            if tree is not None and _marked(tree):
                changed[info.filename] = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
    return (with_parts(epub, changed), len(changed)) if changed else (epub, 0)


def _typed_section(body: etree._Element) -> tuple[etree._Element, list[str]] | None:
    """The file's first section, when it is typed as front or back matter, and that kind (not a
    section inside a chapter: an appendix to it)."""
    section = next((e for e in body.iter() if isinstance(e.tag, str) and etree.QName(e).localname in _SECTIONS), None)
    kinds = [_SECTION_MATTER[t] for t in (section.get(_EPUB_TYPE) or "").split() if t in _SECTION_MATTER] \
        if section is not None else []
    return (section, kinds[:1]) if kinds else None


def _marked(tree: etree._Element) -> bool:
    body = next((e for e in tree.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "body"), None)
    if body is None:
        return False
    kinds = [k for k in _MATTER if k in (body.get(_EPUB_TYPE) or "").split()]
    if not kinds and (typed := _typed_section(body)) is not None:
        body, kinds = typed
    heading = next((e for e in body.iter() if isinstance(e.tag, str) and etree.QName(e).localname in _HEADINGS), None)
    if not kinds or heading is None:
        return False
    heading.set("class", " ".join([*(heading.get("class") or "").split(), kinds[0]]))
    return True
