"""An EPUB's own title page, as pandoc's EPUB writer makes it, and its subtitle.

Pandoc writes a book's subtitle on its title page alone (`<p class="subtitle">` under `<h1
class="title">`), not in the package's metadata. Its EPUB reader drops an EPUB 3 title page
(`<section epub:type="titlepage">`), so the subtitle was lost; in an EPUB 2, whose title page
is typed nowhere, the page came in as text: the title a heading, "A Tale of the Coast" and the
author's name as the book's first paragraphs. Before pandoc reads the book, the subtitle is
read from the title page, and an untyped title page is classed `titlepage`, so that it is set
aside with the rest of the edition's matter (edition_matter).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from publish.importer.epub_anchors import TEXT_SUFFIXES, parsed
from publish.importer.zip_parts import with_parts

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_MAX_WORDS = 60  # a title page is a few short lines; a document longer than this is text


def title_page(epub: bytes) -> tuple[bytes, str | None, int]:
    """The EPUB with its untyped title pages classed `titlepage`, the subtitle found on its title
    page (or None), and how many pages were classed."""
    subtitle, changed = None, {}
    with zipfile.ZipFile(io.BytesIO(epub)) as source:
        for info in source.infolist():
            if not info.filename.lower().endswith(TEXT_SUFFIXES):
                continue
            tree = parsed(source.read(info))
            page = _title_page(tree) if tree is not None else None
            if page is None:
                continue
            subtitle = subtitle or _subtitle(page)
            if "titlepage" not in (page.get(_EPUB_TYPE) or "").split():  # pandoc drops a typed one
                _class_title_page(page)
                changed[info.filename] = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
    if not changed:
        return epub, subtitle, 0
    return with_parts(epub, changed), subtitle, len(changed)


def _title_page(tree: etree._Element) -> etree._Element | None:
    """The element holding a title page: one typed `titlepage`, or a short <body> or <div> whose
    first element is classed `title` (pandoc's EPUB 2 title page, `<body><h1 class="title">`)."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if "titlepage" in (element.get(_EPUB_TYPE) or "").split():
            return element
        if etree.QName(element).localname in ("body", "div", "section"):
            first = next((e for e in element if isinstance(e.tag, str)), None)
            if first is not None and "title" in (first.get("class") or "").split() \
                    and len(" ".join(element.itertext()).split()) <= _MAX_WORDS:
                return element
    return None


def _class_title_page(page: etree._Element) -> None:
    """Class the page `titlepage`; a <body>'s class pandoc drops, so its children are put in a
    <div> so classed."""
    if etree.QName(page).localname != "body":
        page.set("class", " ".join([*(page.get("class") or "").split(), "titlepage"]))
        return
    div = etree.Element(etree.QName(page.nsmap.get(None, ""), "div") if page.nsmap.get(None) else "div",
                        {"class": "titlepage"})
    div.text, page.text = page.text, None
    for child in list(page):
        div.append(child)
    page.append(div)


def _subtitle(page: etree._Element) -> str | None:
    for element in page.iter():
        if isinstance(element.tag, str) and ("subtitle" in (element.get("class") or "").split()
                                             or "subtitle" in (element.get(_EPUB_TYPE) or "").split()):
            text = " ".join("".join(element.itertext()).split())
            if text:
                return text
    return None
