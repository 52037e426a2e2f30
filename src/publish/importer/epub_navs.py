"""An EPUB's navigation other than its contents, left out of the text.

An EPUB 3's navigation document holds its contents (`<nav epub:type="toc">`), which pandoc's
reader drops, and often its landmarks and page list (`epub:type="landmarks"`, `"page-list"`,
mostly `hidden`), which it keeps: a book whose navigation document is in its spine (the IDPF's
Children's Literature) opened with a chapter "Guide" of two links and a chapter "Pages" listing
its print edition's page numbers, 169 to 459. They are the EPUB's own navigation, as its
contents is: the editions make their own. They are taken out before pandoc reads the book, and
so are the numbers of the print edition's pages where the text marks them (`<span epub:type=
"pagebreak" id="Page_173">173</span>`, printed in mid-sentence: "marching along 173 the high
road"); the marks stay, empty, for links to them. A script (the navigation document's, which
showed its hidden lists) is no text either.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from publish.importer.epub_anchors import TEXT_SUFFIXES, parsed
from publish.importer.zip_parts import with_parts

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_NAVIGATION = {"landmarks", "page-list"}


def without_navigation(epub: bytes) -> tuple[bytes, int, int]:
    """The EPUB without its landmarks and page list, and its page breaks' numbers; how many navs
    were taken out, and how many page breaks emptied."""
    taken, emptied, changed = 0, 0, {}
    with zipfile.ZipFile(io.BytesIO(epub)) as source:
        read = _spine(source)
        for info in source.infolist():
            if not info.filename.lower().endswith(TEXT_SUFFIXES) or info.filename not in read:
                continue
            tree = parsed(source.read(info))
            navs = [] if tree is None else [
                e for e in tree.iter() if isinstance(e.tag, str) and (etree.QName(e).localname == "script"
                or etree.QName(e).localname == "nav" and _NAVIGATION & set((e.get(_EPUB_TYPE) or "").split()))]
            for nav in navs:
                nav.getparent().remove(nav)  # lxml keeps its tail text with it: a nav has none worth keeping
            breaks = [] if tree is None else [e for e in tree.iter() if isinstance(e.tag, str) and _page_break(e)]
            for mark in breaks:
                for name in [n for n in mark.attrib if n != "id"]:  # a bare anchor, dropped unless linked to
                    del mark.attrib[name]
                mark.text = None
                for child in list(mark):
                    mark.remove(child)  # and its tail, inside the mark (the mark's own tail stays)
            emptied += len(breaks)
            if navs or breaks:
                taken += sum(etree.QName(e).localname == "nav" for e in navs)
                changed[info.filename] = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
    if not changed:
        return epub, 0, 0
    return with_parts(epub, changed), taken, emptied


def _page_break(element: etree._Element) -> bool:
    return "pagebreak" in (element.get(_EPUB_TYPE) or "").split() or element.get("role") == "doc-pagebreak"



def _spine(source: zipfile.ZipFile) -> set[str]:
    """The names of the documents in the book's spine, which pandoc reads (a navigation document
    outside it is not read)."""
    try:
        container = etree.fromstring(source.read("META-INF/container.xml"))
        opf_name = next(e.get("full-path") for e in container.iter() if isinstance(e.tag, str)
                        and etree.QName(e).localname == "rootfile")
        opf = etree.fromstring(source.read(opf_name))
    except (KeyError, StopIteration, etree.XMLSyntaxError):
        return set()
    items = {e.get("id"): e.get("href") for e in opf.iter() if isinstance(e.tag, str)
             and etree.QName(e).localname == "item"}
    base = posixpath.dirname(opf_name)
    return {posixpath.normpath(posixpath.join(base, items[e.get("idref")])) for e in opf.iter()
            if isinstance(e.tag, str) and etree.QName(e).localname == "itemref" and e.get("idref") in items}
