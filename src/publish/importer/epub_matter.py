"""An EPUB's front and back matter, kept as `{.frontmatter}` and `{.backmatter}` headings.

An EPUB says which of its files are front or back matter on their <body> (`epub:type=
"frontmatter"`: The Worst Journey in the World's preface and introduction, its glossary and list
of illustrations `backmatter`), which pandoc's reader drops: the book came in as chapters alone,
its "Start of the text" landmark at the preface and no back matter before the closing pages.
Before pandoc reads it, the first heading of each such file is given the class, which pandoc
keeps; the edition matter among them (title pages, imprint, colophon) is set aside as before.
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


def _marked(tree: etree._Element) -> bool:
    body = next((e for e in tree.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "body"), None)
    if body is None:
        return False
    kinds = [k for k in _MATTER if k in (body.get(_EPUB_TYPE) or "").split()]
    heading = next((e for e in body.iter() if isinstance(e.tag, str) and etree.QName(e).localname in _HEADINGS), None)
    if not kinds or heading is None:
        return False
    heading.set("class", " ".join([*(heading.get("class") or "").split(), kinds[0]]))
    return True
