"""An EPUB's navigation other than its contents, left out of the text.

An EPUB 3's navigation document holds its contents (`<nav epub:type="toc">`), which pandoc's
reader drops, and often its landmarks and page list (`epub:type="landmarks"`, `"page-list"`,
mostly `hidden`), which it keeps: a book whose navigation document is in its spine (the IDPF's
Children's Literature) opened with a chapter "Guide" of two links and a chapter "Pages" listing
its print edition's page numbers, 169 to 459. They are the EPUB's own navigation, as its
contents is: the editions make their own. They are taken out before pandoc reads the book.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from publish.importer.epub_anchors import TEXT_SUFFIXES, parsed

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_NAVIGATION = {"landmarks", "page-list"}


def without_navigation(epub: bytes) -> tuple[bytes, int]:
    """The EPUB without its landmarks and page list; how many were taken out."""
    taken, changed = 0, {}
    with zipfile.ZipFile(io.BytesIO(epub)) as source:
        read = _spine(source)
        for info in source.infolist():
            if not info.filename.lower().endswith(TEXT_SUFFIXES) or info.filename not in read:
                continue
            tree = parsed(source.read(info))
            navs = [] if tree is None else [
                e for e in tree.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "nav"
                and _NAVIGATION & set((e.get(_EPUB_TYPE) or "").split())]
            for nav in navs:
                nav.getparent().remove(nav)  # lxml keeps its tail text with it: a nav has none worth keeping
            if navs:
                taken += len(navs)
                changed[info.filename] = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
        if not changed:
            return epub, 0
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                target.writestr(info, changed.get(info.filename) or source.read(info))
    return out.getvalue(), taken


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
