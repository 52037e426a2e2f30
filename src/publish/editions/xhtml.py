"""HTML5 fragments → XHTML content documents (EPUB), parsed by the HTML5 rules, written as XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import tinyhtml5
from lxml import etree

from publish.text_direction import written_right_to_left

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
SVG_NS = "http://www.w3.org/2000/svg"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"
NSMAP = {None: XHTML_NS, "epub": EPUB_NS}

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
# Characters XML 1.0 does not allow, which HTML5 parsing lets through.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def h(tag: str) -> str:
    """The XHTML name of an HTML tag."""
    return f"{{{XHTML_NS}}}{tag}"


EPUB_TYPE = f"{{{EPUB_NS}}}type"


def parse_fragment(fragment: str) -> etree._Element:
    """An HTML5 fragment as an XHTML <div> whose children are the fragment (MathML in its namespace)."""
    tree = tinyhtml5.parse(f"<!DOCTYPE html><html><body><div>{fragment}</div></body></html>")
    body = tree.find(h("body"))
    assert body is not None
    return _copy(body[0])


def _copy(node: ET.Element) -> etree._Element:
    # MathML and SVG in their namespace as the default one, `<math xmlns="…">` as every reader
    # expects, not under a made-up prefix (`<ns0:math xmlns:ns0="…">`).
    namespace = node.tag[1:].partition("}")[0]
    out = etree.Element(node.tag, nsmap=NSMAP if namespace == XHTML_NS else {None: namespace} if namespace else None)
    for key, value in node.attrib.items():
        name = _attribute_name(key)
        if name == "style" and not value.strip():
            continue  # the sanitiser may empty a style attribute
        if name is not None:
            out.set(name, _BAD_CHARS.sub("", value))
    if out.get("lang") and out.get(f"{{{XML_NS}}}lang") is None:
        out.set(f"{{{XML_NS}}}lang", out.get("lang"))  # XML reading systems know only xml:lang, as on <html>
    out.text = _BAD_CHARS.sub("", node.text) if node.text else None
    for child in node:
        if not isinstance(child.tag, str):  # comments and processing instructions
            continue
        copy = _copy(child)
        copy.tail = _BAD_CHARS.sub("", child.tail) if child.tail else None
        out.append(copy)
    return out


def _attribute_name(key: str) -> str | None:
    if key.startswith(f"{{{XMLNS_NS}}}") or key == "xmlns":
        return None  # namespaces come from the element names
    if key.startswith("{"):
        return key
    if key.startswith("epub:"):
        return f"{{{EPUB_NS}}}{key[5:]}"
    if key in ("xml:lang", "lang"):
        return key if key == "lang" else f"{{{XML_NS}}}lang"
    return key if _NAME.match(key) else None


Z3998 = "z3998:"
Z3998_VOCABULARY = "http://www.daisy.org/z3998/2012/vocab/structure/#"


def document(title: str, lang: str, body_children: list[etree._Element], css_href: str,
             body_type: str = "") -> bytes:
    """A complete XHTML content document."""
    html = etree.Element(h("html"), nsmap=NSMAP)
    html.set("lang", lang)
    html.set(f"{{{XML_NS}}}lang", lang)
    if written_right_to_left(lang):
        html.set("dir", "rtl")
    head = etree.SubElement(html, h("head"))
    etree.SubElement(head, h("meta"), charset="utf-8")
    etree.SubElement(head, h("title")).text = title
    etree.SubElement(head, h("link"), rel="stylesheet", type="text/css", href=css_href)
    body = etree.SubElement(html, h("body"))
    if body_type:
        body.set(EPUB_TYPE, body_type)
    body.text = "\n"
    for child in body_children:
        body.append(child)
    if any(t.startswith(Z3998) for el in body.iter() for t in (el.get(EPUB_TYPE) or "").split()):
        html.set(f"{{{EPUB_NS}}}prefix", f"z3998: {Z3998_VOCABULARY}")  # a letter's parts (epub.py)
    return serialise(html)


def serialise(root: etree._Element) -> bytes:
    etree.cleanup_namespaces(root, top_nsmap=NSMAP, keep_ns_prefixes=["epub"])
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>") + b"\n"


def uses_mathml(root: etree._Element) -> bool:
    return next(root.iter(f"{{{MATHML_NS}}}math"), None) is not None


def uses_svg(root: etree._Element) -> bool:
    return next(root.iter(f"{{{SVG_NS}}}svg"), None) is not None


def classes(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


def footnotes_to_epub(root: etree._Element, heading: str = "Notes") -> None:
    """Pandoc's footnote lists → EPUB 3 footnotes: noterefs, one <aside> per note, back links.

    Apple Books, Kobo and Thorium pop up an <aside epub:type="footnote"> when its noteref is
    tapped; the notes also stay readable at the end of the chapter.
    """
    numbers = {}
    for ref in root.iter(h("a")):
        if "footnote-ref" in classes(ref):
            ref.set(EPUB_TYPE, "noteref")
            ref.set("role", "doc-noteref")
            numbers[(ref.get("href") or "").lstrip("#")] = "".join(ref.itertext()).strip()
    lists = [a for a in root.iter(h("aside"), h("section"), h("div")) if "footnotes" in classes(a)]
    if not lists:
        return
    notes = etree.Element(h("section"), {"class": "footnotes", EPUB_TYPE: "footnotes"})
    notes.set("aria-label", heading)
    notes.append(etree.Element(h("hr"), {"class": "footnotes-rule"}))
    for container in lists:
        for item in _note_items(container):
            notes.append(_note(item, numbers.get(item.get("id"), "")))
        container.getparent().remove(container)
    root.append(notes)


def _note_items(container: etree._Element) -> list[etree._Element]:
    """The notes of pandoc's list (its <ol>'s items), all found before any is moved: a walk of
    every <li> that moved a note holding a list of its own went on in that list, and the notes
    after it were lost from the EPUB."""
    return [item for ol in container.iterchildren(h("ol")) for item in ol.iterchildren(h("li")) if item.get("id")]


def _note(item: etree._Element, number: str) -> etree._Element:
    aside = etree.Element(h("aside"), {"id": item.get("id"), "class": "footnote", EPUB_TYPE: "footnote"})
    aside.set("role", "doc-footnote")
    aside.text = item.text
    for child in list(item):
        aside.append(child)
    for back in aside.iter(h("a")):
        if "footnote-back" in classes(back):
            back.set("role", "doc-backlink")
            back.set("aria-label", f"Back to the text of note {number}".replace("  ", " "))
    if number:
        first = aside[0] if len(aside) and aside[0].tag == h("p") else None
        label = etree.Element(h("span"), {"class": "note-number"})
        label.text = f"{number}. "
        if first is not None:
            label.tail = first.text
            first.text = None
            first.insert(0, label)
        else:
            label.tail = aside.text
            aside.text = None
            aside.insert(0, label)
    return aside
