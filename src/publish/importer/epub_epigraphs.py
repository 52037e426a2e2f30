"""A chapter's epigraph typed so in an EPUB, as Standard Ebooks mark theirs (`<blockquote
epub:type="epigraph">` under the heading, its source in a `<cite>`): pandoc's reader keeps neither
the type nor the <cite>, so The Souls of Black Folk's 14 epigraphs came in as quotations closed by
`` `<cite>`{=html}Tennyson`</cite>`{=html} ``. Before pandoc reads the book each becomes a
`<div class="epigraph">`, the editions' `::: epigraph`, its source its last paragraph.
"""

from __future__ import annotations

from lxml import etree

from publish.importer.epub_anchors import elements_changed

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def epigraphs_as_divs(epub: bytes) -> tuple[bytes, int]:
    """The EPUB with each quotation typed an epigraph a `<div class="epigraph">`; how many."""
    return elements_changed(epub, _is_epigraph, _as_div)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _is_epigraph(element: etree._Element) -> bool:
    # A book's epigraph page (a <section> typed so, its quotations in it) is the book's, not a chapter's.
    return (_local(element) == "blockquote" and "epigraph" in (element.get(_EPUB_TYPE) or "").split()
            and not any("epigraph" in (a.get(_EPUB_TYPE) or "").split() for a in element.iterancestors()))


def _as_div(quotation: etree._Element) -> None:
    namespace = etree.QName(quotation).namespace
    quotation.tag = f"{{{namespace}}}div" if namespace else "div"
    quotation.set("class", " ".join(["epigraph", *(quotation.get("class") or "").split()]))
    quotation.attrib.pop(_EPUB_TYPE)  # pandoc's reader would make the types classes too
    for cite in [c for c in quotation if _local(c) == "cite"]:
        cite.tag = f"{{{namespace}}}p" if namespace else "p"
