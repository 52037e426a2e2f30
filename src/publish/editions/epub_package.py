"""The EPUB 3 package around the content documents: OPF, navigation document, container, zip."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from lxml import etree

from publish.editions.xhtml import EPUB_TYPE, NSMAP, XML_NS, h, serialise
from publish.model import Book
from publish.output import zip_bytes
from publish.text_direction import written_right_to_left

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
ROOT = "EPUB"  # folder of the package inside the zip
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
PREFIXES = "calibre: https://calibre-ebook.com"
IBOOKS = "ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


@dataclass(frozen=True)
class Item:
    """One file of the package, with its href relative to the OPF."""

    href: str
    media_type: str
    data: bytes
    properties: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        # Letters of any script stay (XML names allow them): Cyrillic file names must not all become "x-text----".
        # A picture keeps its extension: check.gif, check.jpg and check.png (pandoc's img.epub) were
        # one id three times, which epubcheck refuses (RSC-005), and two of them left undeclared.
        name = self.href.rsplit(".", 1)[0] if self.href.endswith(".xhtml") else self.href
        return "x-" + re.sub(r"[^\w-]", "-", name.replace("/", "-"))


@dataclass(frozen=True)
class Link:
    href: str
    title: str
    type: str = ""  # epub:type for landmarks
    children: tuple[Link, ...] = ()  # a part's chapters (a volume's parts), in the contents
    lang: str = ""  # a chapter's own language (`# שלום {lang=he}`), for screen readers and its direction


@dataclass(frozen=True)
class Accessibility:
    """The schema.org accessibility claims, each computed from the book at hand."""

    access_modes: tuple[str, ...]
    sufficient: tuple[str, ...]
    features: tuple[str, ...]
    hazards: tuple[str, ...] = ("none",)
    summary: str = ""
    certified_by: str = ""  # who claims conformance (the publisher); none: no claim is made


@dataclass
class Package:
    identifier: str
    items: list[Item] = field(default_factory=list)
    spine: list[Item] = field(default_factory=list)
    toc: list[Link] = field(default_factory=list)
    landmarks: list[Link] = field(default_factory=list)
    pages: list[Link] = field(default_factory=list)
    accessibility: Accessibility | None = None
    cover: Item | None = None


def epub_bytes(book: Book, package: Package) -> bytes:
    """The finished .epub: mimetype, container, OPF, nav and every item; zip normalised."""
    nav = Item("nav.xhtml", "application/xhtml+xml", nav_document(book, package), ("nav",))
    entries = [("META-INF/container.xml", CONTAINER), (f"{ROOT}/package.opf", package_document(book, package, nav)),
               (f"{ROOT}/{nav.href}", nav.data), *((f"{ROOT}/{item.href}", item.data) for item in package.items)]
    # The mimetype first and stored, as OCF asks; the rest by name.
    return zip_bytes([("mimetype", "application/epub+zip"), *sorted(entries)], book.timestamp)


def package_document(book: Book, package: Package, nav: Item) -> bytes:
    root = etree.Element(f"{{{OPF_NS}}}package", nsmap={None: OPF_NS})
    root.set("version", "3.0")
    root.set("unique-identifier", "uid")
    root.set(f"{{{XML_NS}}}lang", book.meta.language)
    root.set("prefix", PREFIXES + (" " + IBOOKS if embeds_fonts(package) else ""))
    root.append(_metadata(book, package))
    manifest = etree.SubElement(root, f"{{{OPF_NS}}}manifest")
    for item in [nav, *package.items]:
        attrs = {"id": item.id, "href": item.href, "media-type": item.media_type}
        if item.properties:
            attrs["properties"] = " ".join(sorted(set(item.properties)))
        etree.SubElement(manifest, f"{{{OPF_NS}}}item", attrs)
    spine = etree.SubElement(root, f"{{{OPF_NS}}}spine")
    if written_right_to_left(book.meta.language):  # pages turn to the left, as the book is bound
        spine.set("page-progression-direction", "rtl")
    for item in package.spine:
        etree.SubElement(spine, f"{{{OPF_NS}}}itemref", idref=item.id)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8") + b"\n"


def _metadata(book: Book, package: Package) -> etree._Element:
    meta, series = book.meta, book.meta.series
    md = etree.Element(f"{{{OPF_NS}}}metadata", nsmap={"dc": DC_NS})

    def dc(name: str, text: str, **attrs: str) -> None:
        etree.SubElement(md, f"{{{DC_NS}}}{name}", attrs).text = text

    def prop(name: str, text: str, refines: str = "", **attrs: str) -> None:
        el = etree.SubElement(md, f"{{{OPF_NS}}}meta", property=name, **attrs)
        if refines:
            el.set("refines", f"#{refines}")
        el.text = text

    dc("identifier", package.identifier, id="uid")
    dc("title", meta.title, id="title")
    prop("title-type", "main", "title")
    if meta.subtitle:
        dc("title", meta.subtitle, id="subtitle")
        prop("title-type", "subtitle", "subtitle")
    dc("language", meta.language)
    for i, person in enumerate(meta.authors, 1):
        kind = "creator" if person.role == "author" else "contributor"
        dc(kind, person.name, id=f"{kind}{i}")
        prop("role", person.marc, f"{kind}{i}", scheme="marc:relators")
    if meta.publisher or meta.imprint:
        dc("publisher", meta.publisher or meta.imprint)
    if meta.description:  # what stores show on the book's page
        dc("description", "\n\n".join(meta.description.splitlines()))
    if meta.rights:
        dc("rights", " ".join(meta.rights.splitlines()))
    if meta.isbn_print:
        dc("source", "urn:isbn:" + re.sub(r"[^0-9Xx]", "", meta.isbn_print))
    dc("date", publication_date(book))
    modified = dt.datetime.fromtimestamp(book.timestamp, dt.UTC)
    prop("dcterms:modified", modified.strftime("%Y-%m-%dT%H:%M:%SZ"))
    prop("belongs-to-collection", series.name, id="collection")
    prop("collection-type", "series", "collection")
    prop("group-position", str(series.number), "collection")
    if package.accessibility is not None:
        a11y = package.accessibility
        for mode in a11y.access_modes:
            prop("schema:accessMode", mode)
        for mode in a11y.sufficient:
            prop("schema:accessModeSufficient", mode)
        for feature in a11y.features:
            prop("schema:accessibilityFeature", feature)
        for hazard in a11y.hazards:
            prop("schema:accessibilityHazard", hazard)
        prop("schema:accessibilitySummary", a11y.summary)
        if a11y.certified_by:
            prop("dcterms:conformsTo", CONFORMANCE)
            prop("a11y:certifiedBy", a11y.certified_by)
    if package.pages:
        prop("pageBreakSource", page_source(book))
    if embeds_fonts(package):  # Apple Books sets the book in its own face unless told the embedded one is meant
        prop("ibooks:specified-fonts", "true")
    if package.cover is not None:
        etree.SubElement(md, f"{{{OPF_NS}}}meta", name="cover", content=package.cover.id)
    etree.SubElement(md, f"{{{OPF_NS}}}meta", name="calibre:series", content=series.name)
    etree.SubElement(md, f"{{{OPF_NS}}}meta", name="calibre:series_index", content=str(series.number))
    return md


def embeds_fonts(package: Package) -> bool:
    return any(item.media_type.startswith("font/") for item in package.items)


def page_source(book: Book) -> str:
    """The print edition whose pages the page list gives: its ISBN, else its description."""
    meta = book.meta
    if meta.isbn_print:
        return "urn:isbn:" + re.sub(r"[^0-9Xx]", "", meta.isbn_print)
    publisher = meta.publisher or meta.imprint
    details = ", ".join(x for x in (publisher, str(meta.year or "")) if x)
    return f"{meta.title}, print edition" + (f" ({details})" if details else "")


def publication_date(book: Book) -> str:
    """The first edition's date, else the book's year, else the build date."""
    for edition in sorted(book.meta.editions, key=lambda e: e.number):
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", edition.date or ""):
            return edition.date
    if book.meta.year:
        return str(book.meta.year)
    return book.build_date


def nav_document(book: Book, package: Package) -> bytes:
    html = etree.Element(h("html"), nsmap=NSMAP)
    html.set("lang", book.meta.language)
    html.set(f"{{{XML_NS}}}lang", book.meta.language)
    if written_right_to_left(book.meta.language):
        html.set("dir", "rtl")
    head = etree.SubElement(html, h("head"))
    etree.SubElement(head, h("meta"), charset="utf-8")
    etree.SubElement(head, h("title")).text = book.meta.title
    css = next((i for i in package.items if i.media_type == "text/css"), None)
    if css is not None:
        etree.SubElement(head, h("link"), rel="stylesheet", type="text/css", href=css.href)
    body = etree.SubElement(html, h("body"))
    labels = book.meta.labels
    _nav(body, "toc", labels.contents, package.toc, hidden=False)
    _nav(body, "landmarks", labels.landmarks, package.landmarks, hidden=True)
    if package.pages:
        _nav(body, "page-list", labels.pages, package.pages, hidden=True)
    etree.indent(html, space="  ")
    return serialise(html)


def _nav(body: etree._Element, kind: str, title: str, links: list[Link], hidden: bool) -> None:
    nav = etree.SubElement(body, h("nav"), {EPUB_TYPE: kind, "id": kind})
    if kind == "toc":
        nav.set("role", "doc-toc")
    elif kind == "page-list":
        nav.set("role", "doc-pagelist")
    if hidden:
        nav.set("hidden", "hidden")
    etree.SubElement(nav, h("h2")).text = title
    _nav_list(nav, links)


def _nav_list(parent: etree._Element, links: list[Link] | tuple[Link, ...]) -> None:
    ol = etree.SubElement(parent, h("ol"))
    for link in links:
        li = etree.SubElement(ol, h("li"))
        a = etree.SubElement(li, h("a"), href=link.href)
        if link.type:
            a.set(EPUB_TYPE, link.type)
        a.text = link.title
        if link.lang:
            a.set("lang", link.lang)
            a.set(f"{{{XML_NS}}}lang", link.lang)
            if written_right_to_left(link.lang):
                a.set("dir", "rtl")
        if link.children:
            _nav_list(li, link.children)
