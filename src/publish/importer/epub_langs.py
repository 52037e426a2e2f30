"""The language of a word set in italics or bold in an EPUB, kept.

Standard Ebooks mark a foreign phrase `<i xml:lang="fr">résumé</i>` (Leaves of Grass: "Ein' feste
Burg ist unser Gott" in German, "Stabat Mater dolorosa" in Latin). pandoc's reader keeps a span's
language but drops an italic's, so the editions hyphenated and voiced these as English. Before
pandoc reads the EPUB, such an element's content is put in a `<span lang="…">` of its own.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from publish.importer.epub_anchors import TEXT_SUFFIXES
from publish.importer.zip_parts import with_parts

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements pandoc reads without their attributes (a span keeps its own language).
_INLINE = {"i", "em", "b", "strong", "cite", "q", "dfn", "small", "sup", "sub", "u", "s", "mark"}
_XHTML = "http://www.w3.org/1999/xhtml"


def keep_inline_languages(epub: bytes) -> tuple[bytes, int]:
    """The EPUB with each inline element's language on a span inside it; how many were moved."""
    moved, changed = 0, {}
    with zipfile.ZipFile(io.BytesIO(epub)) as source:
        for info in source.infolist():
            if info.filename.lower().endswith(TEXT_SUFFIXES):
                data, n = _moved(source.read(info))
                if n:
                    moved, changed[info.filename] = moved + n, data
    return (with_parts(epub, changed), moved) if moved else (epub, 0)


def _moved(data: bytes) -> tuple[bytes, int]:
    try:
        tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return data, 0  # pandoc reads it as it is, or says why not
    moved = 0
    for element in tree.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname not in _INLINE:
            continue
        lang = element.attrib.pop(_XML_LANG, None) or element.attrib.pop("lang", None)
        element.attrib.pop("lang", None)
        if not lang:
            continue
        span = etree.Element(f"{{{_XHTML}}}span" if element.tag.startswith(f"{{{_XHTML}}}") else "span",
                             {"lang": lang})
        span.text, element.text = element.text, None
        for child in list(element):
            span.append(child)
        element.append(span)
        moved += 1
    if not moved:
        return data, 0
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8"), moved
