"""A letter typed so in an EPUB, as Standard Ebooks mark theirs (`<blockquote epub:type="z3998:letter">`
over a `<header>` with its dateline, `se:letter.dateline`, and salutation, `z3998:salutation`, the
text, and a `<footer>` with its valediction, signature and postscript): pandoc's reader keeps no
paragraph's type, and Dracula's 29 letters came in as quotations of plain paragraphs. Before pandoc
reads the book each becomes a `<div class="letter">`, its parts divs of the classes the editions
set as a letter's (`::: dateline`, `::: salutation`, `::: signature`, `::: postscript`).
"""

from __future__ import annotations

from lxml import etree

from publish.importer.epub_anchors import elements_changed

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_LETTER = "z3998:letter"
# A letter's parts by their types; a valediction and the name signed under it make one signature.
_PARTS = {"se:letter.dateline": "dateline", "z3998:salutation": "salutation", "z3998:valediction": "signature",
          "z3998:signature": "signature", "z3998:sender": "signature", "z3998:postscript": "postscript"}
_HOLDERS = {"blockquote", "div", "article"}


def letters_as_divs(epub: bytes) -> tuple[bytes, int]:
    """The EPUB with each letter typed so a `<div class="letter">` of parts; how many letters."""
    return elements_changed(epub, _is_letter, _as_div)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _types(element: etree._Element) -> list[str]:
    return (element.get(_EPUB_TYPE) or "").split()


def _is_letter(element: etree._Element) -> bool:
    return _local(element) in _HOLDERS and _LETTER in _types(element)


def _as_div(letter: etree._Element) -> None:
    """The letter a div of its class, its header and footer opened, each part in a div of its own."""
    namespace = etree.QName(letter).namespace
    letter.tag = f"{{{namespace}}}div" if namespace else "div"
    letter.set("class", " ".join(["letter", *(letter.get("class") or "").split()]))
    letter.attrib.pop(_EPUB_TYPE)  # pandoc's reader would make the type a class too
    for wrapper in [c for c in letter if _local(c) in ("header", "footer")]:
        _unwrap(wrapper)
    previous = None
    for child in list(letter):
        part = next((_PARTS[t] for t in _types(child) if t in _PARTS), None) if _local(child) in ("p", "div") else None
        if part is None:
            previous = None
            continue
        if previous is not None and previous.get("class") == part and part in ("signature", "postscript"):
            child.attrib.pop(_EPUB_TYPE, None)
            previous.append(child)  # "Believe me," over "Yours faithfully," over the name: one closing
            continue
        child.attrib.pop(_EPUB_TYPE, None)
        holder = etree.Element(f"{{{namespace}}}div" if namespace else "div", {"class": part})
        holder.tail = child.tail
        child.addprevious(holder)
        holder.append(child)
        child.tail = None
        previous = holder


def _unwrap(element: etree._Element) -> None:
    """Put the element's children in its place (pandoc reads a <header> as a div of its own)."""
    parent = element.getparent()
    at = parent.index(element)
    for n, child in enumerate(list(element)):
        parent.insert(at + n, child)
    parent.remove(element)
