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

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements pandoc reads without their attributes (a span keeps its own language).
_INLINE = {"i", "em", "b", "strong", "cite", "q", "dfn", "small", "sup", "sub", "u", "s", "mark"}
_XHTML = "http://www.w3.org/1999/xhtml"


def keep_inline_languages(epub: bytes) -> tuple[bytes, int]:
    """The EPUB with each inline element's language on a span inside it; how many were moved."""
    moved = 0
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(epub)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.lower().endswith((".xhtml", ".html", ".htm")):
                data, n = _moved(data)
                moved += n
            target.writestr(info, data)
    return (out.getvalue(), moved) if moved else (epub, 0)


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
