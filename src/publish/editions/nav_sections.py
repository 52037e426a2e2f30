"""A chapter's sections (its `##` headings) in the EPUB's navigation, under the chapter.

A reading system's contents is the only way to a place in an ebook: Leaves of Grass's books hold
some 400 poems, a collection of tales its stories, a manual its topics (`##` each), and with the
chapters alone listed none of them could be reached but by turning pages.
"""

from __future__ import annotations

from lxml import etree

from publish.editions.epub_package import Link
from publish.editions.xhtml import XML_NS, h

_LEFT_OUT = {"sup", "aside", "nav"}  # a note's number in a heading; notes and lists are not the text


def section_links(xml: str, href: str) -> tuple[Link, ...]:
    """[Link to the section, its heading's text] for each level-2 heading of a chapter's
    <section> (`xml`, its file `href`) that has an anchor (its own id or its section's)."""
    root = etree.fromstring(xml)
    links = []
    for heading in root.iter(h("h2")):
        if any(etree.QName(a).localname in ("aside", "nav") for a in heading.iterancestors()):
            continue  # a heading of the notes or of a part's list of its chapters
        parent = heading.getparent()
        anchor = heading.get("id") or (parent.get("id") if parent is not None and parent.tag == h("section") else None)
        title = " ".join(_text(heading).split())
        if anchor and title:
            lang = heading.get("lang") or heading.get(f"{{{XML_NS}}}lang") or ""
            links.append(Link(f"{href}#{anchor}", title, lang=lang))
    return tuple(links)


def _text(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname not in _LEFT_OUT:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
