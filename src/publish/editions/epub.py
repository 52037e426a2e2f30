"""The EPUB 3 edition: one XHTML file per chapter and matter page, packaged by epub_package.

The recipe: matter and chapters → sanitised XHTML (footnotes as EPUB notes, images copied in)
→ stylesheet and fonts → accessibility facts → OPF, nav and a reproducible zip.
A chapter is kept in the build cache twice (chapter_cache): sanitised and parsed, then marked
with the print edition's page breaks; an unchanged chapter is neither parsed nor marked again.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import uuid
from dataclasses import astuple, dataclass, field, replace

from lxml import etree

from publish.cache import digest
from publish.code_lines import lines_hung_in
from publish.crossrefs import ABSOLUTE
from publish.editions import Artifact, chapter_cache
from publish.editions.epub_package import Accessibility, Item, Link, Package, epub_bytes
from publish.editions.links import anchor_owners, page_name, page_names, relink
from publish.editions.nav_sections import section_links
from publish.editions.pagelist import (
    PageBreak,
    PageMark,
    PrintPage,
    mark_section,
    place_pages,
    print_pages,
    section_words,
)
from publish.editions.part_contents import part_contents
from publish.editions.xhtml import (
    EPUB_TYPE,
    MATHML_NS,
    NSMAP,
    XML_NS,
    classes,
    document,
    footnotes_to_epub,
    h,
    parse_fragment,
    uses_mathml,
    uses_svg,
)
from publish.fontsubset import subset_font
from publish.image_copies import ScreenCopy, screen_copy
from publish.image_sizes import PictureSize, picture_size, sized
from publish.image_tones import CLASS as DARK_ON_TRANSPARENT
from publish.images import load_image, locate
from publish.math_accents import spacing_accents
from publish.matter import EditionContext, MatterPage, render_matter
from publish.model import Book, Chapter, front_run, parts_by_chapter
from publish.progress import ChapterHook
from publish.sanitize import checkboxes_as_text, clean_html
from publish.styles import FONT_TYPES, stylesheet, unpacked_font_css

log = logging.getLogger("publish")

XHTML_TYPE = "application/xhtml+xml"
CSS_HREF = "css/book.css"
# The epub:type of a chapter's <body>: the text, or matter before or after it (Chapter.matter).
MATTER_TYPES = {"": "bodymatter", "front": "frontmatter", "back": "backmatter"}
# DPUB-ARIA roles for the structural semantics that have one (assistive technology reads roles).
ROLES = {"epigraph": "doc-epigraph", "colophon": "doc-colophon", "dedication": "doc-dedication",
         "index": "doc-index"}
LANDMARKS = {"title-page": "titlepage", "contents": "toc"}  # matter page → landmark type
BACK_LANDMARKS = {"first-lines": "index"}  # and in the back matter, in the navigation's contents too
_FLAVORS = {".woff2": "woff2", ".woff": "woff"}
SECTION_KIND = "epub-section"  # cache: a chapter sanitised and parsed, before its page markers
CHAPTER_KIND = "epub-chapter"  # cache: a chapter's finished XHTML document
DOCUMENT_MOST = 300_000  # bytes of one XHTML document that Adobe's RMSDK (e-ink readers) opens


@dataclass
class _Content:
    """The content documents as they are made, and what they say about the book."""

    images: dict[str, Item]
    image_alts: list[str]
    math: bool = False
    print_pages: list[PrintPage] | None = None
    page_breaks: list[PageBreak] = field(default_factory=list)
    references: int | None = None  # the chapter that is the reference list, by index
    sections: list[tuple[Link, ...]] = field(default_factory=list)  # each chapter's `##` sections (nav_sections)


class EpubEdition:
    name = "epub"

    def render(self, book: Book, print_pdf: bytes | None = None, on_chapter: ChapterHook | None = None,
               page_texts: list[str] | None = None) -> Artifact:
        """The EPUB; with the print edition's PDF, its page breaks are marked in the text
        (`page_texts`: the PDF's pages' texts, when typesetting gave them)."""
        package = Package(identifier(book))
        content = _Content({}, [], print_pages=print_pages(print_pdf, page_texts) if print_pdf else None)
        context = EditionContext("epub", book.meta.isbn_epub, lambda c: f"{_chapter_file(c)}", ".xhtml")
        matter = render_matter(book, context)
        front = [_matter_item(book, page) for page in matter if not page.back]
        back = [_matter_item(book, page) for page in matter if page.back]
        chapters = _chapter_items(book, content, on_chapter)
        _warn_long_documents(book, chapters)
        cover_page, package.cover = _cover_items(book)
        front.insert(0, cover_page)
        package.items += [*front, *chapters, *back, package.cover]
        package.items += sorted(content.images.values(), key=lambda i: i.href)
        package.items += _style_items(book, [*front, *chapters, *back])
        package.spine = [*front, *chapters, *back]
        untitled = [Link(item.href, book.meta.title) for item in chapters[:1]]  # a text without headings
        package.toc = (_toc(book, chapters, content.sections) or untitled) + [
            Link(item.href, page.title) for page, item in zip(_back_pages(matter), back, strict=True)
            if page.id in BACK_LANDMARKS]
        package.landmarks = _landmarks(book, matter, front, chapters, back, content.references)
        package.pages = [Link(f"{chapters[b.section].href}#{b.id}", b.label) for b in content.page_breaks]
        package.accessibility = _accessibility(book, content)
        return Artifact(self.name, {f"{book.meta.slug}.epub": epub_bytes(book, package)})

    def prepare(self, book: Book) -> None:
        """What does not need the print edition — chapters sanitised, cover, fonts — made now
        (while the PDF typesets) and kept for `finish`."""
        context = chapter_cache.context_digest(book, "epub")
        owners, names = anchor_owners(book.chapters), page_names(book.chapters)
        for chapter in book.chapters:
            _section(book, chapter, owners, names, context)
        chapter_cache.cover(book)
        _fonts(book, "".join(c.title + c.body_html for c in book.chapters))

    def finish(self, book: Book, artifact: Artifact, others: dict[str, Artifact],
               on_chapter: ChapterHook | None = None) -> Artifact:
        """Once the print edition exists, mark its pages: rendered again, which takes a moment."""
        pdf = others.get("pdf")
        if pdf is None:
            return artifact
        data = next((v for k, v in pdf.files.items() if k.endswith(".pdf")), None)
        return self.render(book, data, on_chapter, pdf.page_texts) if data else artifact


def _toc(book: Book, chapters: list[Item], sections: list[tuple[Link, ...]]) -> list[Link]:
    """The navigation's contents: the titled chapters, each part's chapters nested under it (and
    a volume's parts under it), and each chapter's sections under the chapter."""
    top: list[list] = []
    last: dict[int, list] = {}  # the last entry at each depth: [link, its children]
    for chapter, item, its_sections in zip(book.chapters, chapters, sections, strict=True):
        if not chapter.title:
            continue
        entry: list = [Link(item.href, chapter.title, lang=chapter.lang, children=its_sections), []]
        parent = last.get(chapter.depth - 1)
        (parent[1] if parent is not None else top).append(entry)
        last = {depth: e for depth, e in last.items() if depth < chapter.depth}
        last[chapter.depth] = entry
    return [_nested(entry) for entry in top]


def _nested(entry: list) -> Link:
    link, children = entry
    return replace(link, children=link.children + tuple(_nested(child) for child in children))


def identifier(book: Book) -> str:
    """The EPUB ISBN as a URN, else a UUID that stays the same from build to build."""
    meta = book.meta
    if meta.isbn_epub:
        return "urn:isbn:" + re.sub(r"[^0-9Xx]", "", meta.isbn_epub)
    seed = f"publish:{meta.series.name}:{meta.series.number}:{meta.title}:{meta.language}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def _warn_long_documents(book: Book, chapters: list[Item]) -> None:
    """A chapter's document past what Adobe's reading engine opens (Kobo's e-ink readers use it for
    an .epub): the text of a whole book of War and Peace, its parts and chapters headed `###` and
    `####` under it, was one document of 948 KB. Said with what to do."""
    for chapter, item in zip(book.chapters, chapters, strict=True):
        if len(item.data) > DOCUMENT_MOST:
            log.warning("EPUB: '%s' is one document of %d KB (%s); e-ink readers running older versions of "
                        "Adobe's engine (Kobo's, for an .epub) cannot open one past %d KB, and every reader pages "
                        "it slowly: give its chapters "
                        "headings of the book's chapter level (`#`), marking the divisions over them `{.part}` or "
                        "`{.volume}`, so that each is a document of its own", chapter.title or book.meta.title,
                        len(item.data) // 1000, item.href, DOCUMENT_MOST // 1000)


def _chapter_file(chapter: Chapter) -> str:
    return f"{page_name(chapter)}.xhtml"


def _cover_items(book: Book) -> tuple[Item, Item]:
    """The cover image and the page that shows it, first in the reading order."""
    cover = chapter_cache.cover(book)
    image = Item(f"images/{cover.name}", cover.media_type, cover.data, ("cover-image",))
    meta = book.meta
    alt = f"{meta.labels.cover}: {meta.full_title}"
    alt += f". {meta.series.name}, {meta.series.label}."
    section = etree.Element(h("section"), {"class": "cover", EPUB_TYPE: "cover", "id": "cover"})
    img = etree.SubElement(section, h("img"), {"src": f"../{image.href}", "alt": alt, "role": "doc-cover"})
    _size(img, picture_size(cover.data, cover.media_type))
    data = document(meta.labels.cover, meta.language, [section], f"../{CSS_HREF}", "cover")
    return Item("text/cover.xhtml", XHTML_TYPE, data), image


def _matter_item(book: Book, page: MatterPage) -> Item:
    root = parse_fragment(page.html)
    top = [el for el in root if isinstance(el.tag, str)]
    # The page's own semantics go on its outermost element (the contents page is a <nav>).
    if len(top) == 1 and top[0].get(EPUB_TYPE) is None and page.epub_type != "toc":
        top[0].set(EPUB_TYPE, page.epub_type)
        if page.epub_type in ROLES and top[0].get("role") is None:
            top[0].set("role", ROLES[page.epub_type])
    kind = "backmatter" if page.back else "frontmatter"
    data = document(page.title, book.meta.language, list(root), f"../{CSS_HREF}", kind)
    return Item(f"text/{page.id}.xhtml", XHTML_TYPE, data)


def _chapter_items(book: Book, content: _Content, on_chapter: ChapterHook | None = None) -> list[Item]:
    """The chapters' XHTML documents; an unchanged chapter comes from the cache (chapter_cache)."""
    context = chapter_cache.context_digest(book, "epub")
    owners, names = anchor_owners(book.chapters), page_names(book.chapters)
    sections = []
    for chapter in book.chapters:
        section = _section(book, chapter, owners, names, context)
        _add_section_facts(book, chapter, section, content)
        sections.append(section)
        if on_chapter:
            on_chapter(chapter)
    if content.print_pages:
        marks = place_pages([s.words for s in sections], content.print_pages)
    else:
        marks = [[] for _ in sections]
    parts = parts_by_chapter(book.chapters)
    items, rendered = [], 0
    for n, (chapter, section, chapter_marks) in enumerate(zip(book.chapters, sections, marks, strict=True)):
        content.page_breaks += [PageBreak(n, mark.id, mark.label) for mark in chapter_marks]
        # A part's page lists its chapters, as the web edition's does: made anew with its
        # chapters' titles, not kept with the part's section.
        listing = part_contents(book, chapter, parts, _chapter_file) if chapter.part else ""
        within = parts.get(chapter.id)  # the part a chapter is in, named over its title
        part_of = (within.title, _chapter_file(within)) if within is not None and chapter.title else None
        # The images' names and sizes too: the same text may now show a picture under another
        # name, or at another size (_section).
        key = digest(CHAPTER_KIND, section.key, [image.cached_as for image in section.images], chapter.title,
                     [astuple(mark) for mark in chapter_marks], listing, part_of, chapter.matter)
        data = chapter_cache.get(CHAPTER_KIND, key)
        if data is None:
            data = _chapter_document(book, chapter, section, chapter_marks, listing, part_of)
            chapter_cache.put(CHAPTER_KIND, key, data)
            rendered += 1
        properties = tuple(p for p, used in (("mathml", section.math), ("svg", section.svg)) if used)
        items.append(Item(f"text/{_chapter_file(chapter)}", XHTML_TYPE, data, properties))
    chapter_cache.report("epub", rendered, len(book.chapters))
    return items


@dataclass(frozen=True)
class _Section:
    """A chapter sanitised into an XHTML <section>, before its page markers, and what it holds."""

    key: str  # the hash of everything it is made from
    xml: str
    words: list[str]  # its running text, as the page list matches it
    images: list[ScreenCopy]  # as the package carries them (image_copies)
    alts: list[str]
    missing: list[str]  # links to anchors that no chapter has
    math: bool
    svg: bool


def _section(book: Book, chapter: Chapter, owners: dict[str, str], names: dict[str, str], context: str) -> _Section:
    heading = f"<h1>{chapter.title_html}</h1>\n" if chapter.title else ""
    html = relink(heading + chapter.body_html, chapter.id, owners, ".xhtml", names.__getitem__)
    key = digest(SECTION_KIND, context, chapter.id, bool(chapter.title), chapter.part, chapter.volume, chapter.lang,
                 chapter.capitals, html)
    entry = chapter_cache.get_json(SECTION_KIND, key)
    images = _screen_copies(book, chapter, entry["images"]) if entry else []
    # An image's name comes from the file system (a link may now lead elsewhere) and from its
    # pixels (a PNG redrawn from a photograph to a plan is no longer carried as a JPEG), its size
    # (its img's width and height) from its pixels too: checked.
    if entry is None or [image.cached_as for image in images] != [kept for _, *kept in entry["images"]]:
        entry = _make_section(book, chapter, html)
        chapter_cache.put_json(SECTION_KIND, key, entry)
        images = _screen_copies(book, chapter, entry["images"])
    return _Section(key, entry["xml"], entry["words"].split(), images, entry["alts"],
                    entry["missing"], entry["math"], entry["svg"])


def _screen_copies(book: Book, chapter: Chapter, sources: list[list[str]]) -> list[ScreenCopy]:
    return [screen_copy(load_image(book, chapter, src)) for src, *_ in sources]


def _make_section(book: Book, chapter: Chapter, html: str) -> dict:
    """One chapter as a sanitised XHTML <section>, its notes made EPUB notes (the cache's entry)."""
    # lines_hung_in after clean_html: its styles are ours
    root = parse_fragment(lines_hung_in(clean_html(checkboxes_as_text(spacing_accents(html)))))
    kind = "part" if chapter.part else "bibliography" if _is_reference_list(root) else "chapter"
    # A volume is "volume" to reading systems; DPUB-ARIA has no role for it but a part's.
    epub_type = "volume" if chapter.volume else kind
    section = etree.Element(h("section"), {"id": chapter.id, EPUB_TYPE: epub_type, "role": f"doc-{kind}"}, nsmap=NSMAP)
    classes = ("part volume" if chapter.volume else "part") if chapter.part else ""
    if chapter.capitals:
        classes = f"{classes} capitals".strip()
    if classes:
        section.set("class", classes)
    if chapter.lang:
        section.set("lang", chapter.lang)
        section.set(f"{{{XML_NS}}}lang", chapter.lang)
    if chapter.direction:
        section.set("dir", chapter.direction)
    if chapter.title:
        section.set("aria-labelledby", f"{chapter.id}-title")
        first = root[0] if len(root) and root[0].tag == h("h1") else None
        if first is not None:
            first.set("id", f"{chapter.id}-title")
    section.text = "\n"
    for child in list(root):
        section.append(child)
    footnotes_to_epub(section, book.meta.labels.notes)
    _mark_epigraphs(section)
    _mark_letters(section)
    _mark_wide_tables(section)
    _scrolling_tables(section)
    _math_alt_texts(section)
    _label_back_links(book, section)
    missing = _unlink_missing_anchors(section, {_chapter_file(c) for c in book.chapters})
    images, alts = _point_images(book, chapter, section)
    xml = etree.tostring(section, encoding="unicode")
    # Words and flags from the section as it will be read back, so a hit and a miss agree.
    section = etree.fromstring(xml)
    return {"xml": xml, "words": " ".join(section_words(section)), "images": images, "alts": alts,
            "missing": missing, "math": uses_mathml(section), "svg": uses_svg(section)}


# As print.css sets such tables smaller; from one column fewer, as a phone held upright is narrower
# than the printed page (six columns of figures ran past a 390 px screen).
WIDE_TABLE_COLUMNS = {"wide": 6, "very-wide": 10}


def _mark_epigraphs(section: etree._Element) -> None:
    """A chapter's `::: epigraph` is one to reading systems and screen readers too, as the front
    matter's epigraph page is (Middlemarch's 84 were divs of a class only)."""
    for div in section.iter(h("div")):
        if "epigraph" in classes(div):
            div.set(EPUB_TYPE, "epigraph")
            div.set("role", "doc-epigraph")


# A letter's parts (`::: letter`, `::: salutation`, …) in the DAISY structure vocabulary, as
# Standard Ebooks mark theirs; the dateline has no term there.
LETTER_TYPES = {"letter": "z3998:letter", "salutation": "z3998:salutation", "signature": "z3998:signature",
                "postscript": "z3998:postscript"}


def _mark_letters(section: etree._Element) -> None:
    """A letter and its parts are typed so for reading systems and screen readers."""
    for div in section.iter(h("div")):
        if kind := next((LETTER_TYPES[c] for c in classes(div) if c in LETTER_TYPES), None):
            div.set(EPUB_TYPE, kind)


def _mark_wide_tables(section) -> None:
    """A table of many columns gets a class, for epub.css to set it small enough to stay on the
    page of a reading system (which cannot run `:has()` selectors as print.css does)."""
    for table in section.iter(h("table")):
        columns = max((sum(1 for c in row if c.tag in (h("th"), h("td"))) for row in table.iter(h("tr"))), default=0)
        names = [name for name, least in WIDE_TABLE_COLUMNS.items() if columns >= least]
        if names:
            table.set("class", " ".join(filter(None, [table.get("class"), *names])))


# A box that scrolls is one block to a reading system that pages in columns: it is never parted
# over a page turn, and a table longer than a page in one (300 rows) lost all but its first page.
SCROLL_ROWS = 20


def _scrolling_tables(section) -> None:
    """A table of many columns (marked wide) and few rows in a box of its own that scrolls
    sideways (epub.css), the table taking the keyboard's focus as in the web edition: wider than a
    phone's or a 6-inch reader's page even in wide's small type (twelve columns of figures), it was
    cut at the page's edge. A longer one is left to be paged, as before."""
    for table in list(section.iter(h("table"))):
        if "wide" not in (table.get("class") or "").split() or len(list(table.iter(h("tr")))) > SCROLL_ROWS:
            continue
        box = etree.Element(h("div"), {"class": "table-scroll"})
        table.addprevious(box)
        box.tail, table.tail = table.tail, None
        box.append(table)
        if table.get("role") != "presentation":  # a table of pictures is no control (axe)
            table.set("tabindex", "0")


def _add_section_facts(book: Book, chapter: Chapter, section: _Section, content: _Content) -> None:
    """What a chapter brings to the package (images, alt texts, MathML) and its warnings."""
    for href in section.missing:
        where = locate(book, chapter, f"({href})", f"]: {href}", f"<{href}>", href)
        why = ("no heading or anchor has that id" if href.startswith("#")
               else "not a page of the book: give a full address, https://…")
        log.warning("%s:%d: link to '%s' leads nowhere (%s)", where["file"], where["line"], href, why)
    for image in section.images:  # scaled to a screen, RGB, upright, a photograph JPEG (image_copies)
        href = f"media/{image.name}"
        if href not in content.images:
            content.images[href] = Item(href, image.media_type, image.data)
    content.image_alts += section.alts
    content.sections.append(section_links(section.xml, f"text/{_chapter_file(chapter)}"))
    content.math |= section.math
    if content.references is None and 'epub:type="bibliography"' in section.xml[:section.xml.find(">")]:
        content.references = chapter.number - 1


def _chapter_document(book: Book, chapter: Chapter, section: _Section, marks: list[PageMark],
                      listing: str = "", part_of: tuple[str, str] | None = None) -> bytes:
    root = etree.fromstring(section.xml)
    mark_section(root, marks)
    # After the page markers: the list and the part's name are not print's text, whose words they match.
    if listing:
        _add_part_contents(root, listing)
    title = chapter.title or book.meta.title
    if part_of:  # War and Peace's seventeen "CHAPTER I" documents, told apart
        _add_part_of(root, *part_of)
        title = f"{title} · {part_of[0]}"
    return document(title, book.meta.language, [root], f"../{CSS_HREF}", MATTER_TYPES[chapter.matter])


def _add_part_of(section: etree._Element, part: str, file: str) -> None:
    """The part a chapter is in, a link to its page, over the chapter's title (as on the web)."""
    heading = next((el for el in section if el.tag == h("h1")), None)
    if heading is None:
        return
    line = etree.Element(h("p"), {"class": "part-of"})
    link = etree.SubElement(line, h("a"), {"href": file})
    link.text = part
    line.tail = "\n"
    heading.addprevious(line)


def _add_part_contents(section: etree._Element, listing: str) -> None:
    """A part's list of its chapters (part_contents), under its title and epigraph, above the
    epigraph's notes if it has any."""
    (nav,) = parse_fragment(clean_html(listing))
    nav.tail = "\n"
    notes = next((el for el in section if el.tag == h("section") and "footnotes" in classes(el)), None)
    if notes is not None:
        notes.addprevious(nav)
    else:
        section.append(nav)




def _unlink_missing_anchors(section: etree._Element, files: set[str]) -> list[str]:
    """A link to an anchor that no chapter has, or to a file that is not a page of the book
    ("/url", "notes.html": a reader's store rejects them), would be a dead link: keep its text;
    say which. `files` are the book's chapter files, which links between chapters point at."""
    ids = {el.get("id") for el in section.iter() if el.get("id")}
    missing = []
    for a in list(section.iter(h("a"))):
        href = a.get("href") or ""
        if (href.startswith("#") and href[1:] not in ids) or (
                href and not href.startswith("#") and not ABSOLUTE.match(href)
                and href.split("#", 1)[0] not in files):
            missing.append(href)
            del a.attrib["href"]
            a.tag = h("span")
    return missing


def _point_images(book: Book, chapter: Chapter, section: etree._Element) -> tuple[list[list[str]], list[str]]:
    """Each image pointed at its copy in media/ and given its size: ([source as written, its
    copy's name and size], the alt texts)."""
    sources, alts = [], []
    for img in list(section.iter(h("img"))):
        src = img.get("src")
        if not src:  # the sanitiser removed a remote or unsafe source
            _drop_keeping_text(img)
            continue
        image = screen_copy(load_image(book, chapter, src))
        sources.append([src, *image.cached_as])
        img.set("src", posixpath.relpath(f"media/{image.name}", "text"))
        _size(img, image.size)
        if image.dark_on_transparent:
            img.set("class", " ".join([*(img.get("class") or "").split(), DARK_ON_TRANSPARENT]))
        if img.get("alt") is None:
            img.set("alt", "")
        alts.append(img.get("alt") or "")
        for caption in img.itersiblings(h("figcaption")):
            # pandoc hides a caption that repeats the alt text; a screen reader then reads it once.
            if caption.get("aria-hidden") == "true" and "".join(caption.itertext()).strip() != img.get("alt"):
                del caption.attrib["aria-hidden"]
    return sources, alts


def _size(img: etree._Element, size: PictureSize | None) -> None:
    """The img's width and height (image_sizes): a reading system keeps the picture's place."""
    given = {name: img.get(name) for name in ("width", "height", "style") if img.get(name) is not None}
    for name, value in sized(given, size).items():
        img.set(name, value)


def _drop_keeping_text(element: etree._Element) -> None:
    parent = element.getparent()
    text = (element.get("alt") or "") + (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


def _style_items(book: Book, documents: list[Item]) -> list[Item]:
    """The stylesheet, and the fonts it names cut down to the characters the book uses."""
    text = "".join(sorted(set().union(*(item.data.decode("utf-8") for item in documents))))
    items, css = _fonts(book, text)
    return [*items, Item(CSS_HREF, "text/css", css.encode())]


def _fonts(book: Book, text: str) -> tuple[list[Item], str]:
    """The fonts the stylesheet names, cut down to `text`'s characters; and the stylesheet.
    TrueType where styles/fonts/ has it beside the WOFF2: every reading system reads it (Adobe's
    does not read WOFF2), the zip compresses it, and packing WOFF2 would cost a second a face."""
    styles = book.styles_dir
    css = unpacked_font_css(styles, "../fonts/") + "\n" + stylesheet(styles, "epub.css")
    chars = "".join(sorted(set(css + text)))  # once for every face, not per face over the whole book
    used = {name.removeprefix("../fonts/") for name in re.findall(r"url\([\"']?([^\"')]+)", css)}
    items = []
    for name in sorted(used):
        font = styles / "fonts" / name
        if font.suffix not in FONT_TYPES or not font.is_file():
            continue  # not a font of styles/fonts/ (check_fonts has named any missing one)
        data = subset_font(font.read_bytes(), chars, flavor=_FLAVORS.get(font.suffix))
        items.append(Item(f"fonts/{font.name}", FONT_TYPES[font.suffix], data))
    return items, css


def _is_reference_list(root: etree._Element) -> bool:
    """A chapter that ends in the reference list (pandoc's <div id="refs">) and holds nothing
    after its title but a word or two before it: the book's bibliography."""
    children = [child for child in root if child.tag != h("h1")]
    return bool(children) and children[-1].get("id") == "refs" and len(children) <= 2


def _landmarks(book: Book, matter: list[MatterPage], front: list[Item], chapters: list[Item],
               back: list[Item], references: int | None) -> list[Link]:
    labels = book.meta.labels
    pages = [p for p in matter if not p.back]
    by_page = dict(zip([p.id for p in pages], front[1:], strict=True))
    titles = {p.id: p.title for p in pages}
    links = [Link(front[0].href, labels.cover, "cover")]
    links += [Link(by_page[pid].href, titles[pid], kind) for pid, kind in LANDMARKS.items() if pid in by_page]
    # The text starts after a foreword or preface marked `{.frontmatter}` (and after an untitled
    # opening before it, a frontispiece or an epigraph: not the text either), and the back matter
    # with the first chapter marked `{.backmatter}` (an afterword), else with the closing pages.
    opening = front_run(book.chapters)
    text = [item for n, (item, chapter) in enumerate(zip(chapters, book.chapters, strict=True))
            if chapter.matter != "front" and n >= opening]
    if text or chapters:
        links.append(Link((text or chapters)[0].href, labels.start_of_text, "bodymatter"))
    if references is not None:
        links.append(Link(chapters[references].href, book.chapters[references].title, "bibliography"))
    ending = [item for item, chapter in zip(chapters, book.chapters, strict=True) if chapter.matter == "back"] + back
    if ending:
        links.append(Link(ending[0].href, labels.back_matter, "backmatter"))
    links += [Link(item.href, page.title, BACK_LANDMARKS[page.id])
              for page, item in zip(_back_pages(matter), back, strict=True) if page.id in BACK_LANDMARKS]
    return links


def _back_pages(matter: list[MatterPage]) -> list[MatterPage]:
    return [page for page in matter if page.back]


def _math_alt_texts(section: etree._Element) -> None:
    """Each formula's TeX as its alttext, read where MathML is not (epubcheck ACC-009: pandoc
    gives it only as an annotation, which reading systems and screen readers do not read)."""
    for math in section.iter(f"{{{MATHML_NS}}}math"):
        tex = math.find(f"{{{MATHML_NS}}}semantics/{{{MATHML_NS}}}annotation[@encoding='application/x-tex']")
        if math.get("alttext") is None and tex is not None and (tex.text or "").strip():
            math.set("alttext", " ".join(tex.text.split()))


def _label_back_links(book: Book, section: etree._Element) -> None:
    """The notes' back links, named in the book's language (xhtml.py names them in English)."""
    for note in section.iter(h("aside")):
        number = "".join(note.xpath('.//*[@class="note-number"]//text()')).strip().rstrip(".")
        for back in note.xpath('.//*[@role="doc-backlink"]'):
            back.set("aria-label", " ".join(book.meta.labels.back_to_text.format(number=number).split()))


def _moves(item: Item) -> bool:
    """A picture of more than one frame: an animated GIF, WebP or PNG, carried as it is."""
    if item.media_type not in ("image/gif", "image/webp", "image/png"):
        return False
    from PIL import Image

    try:
        with Image.open(io.BytesIO(item.data)) as im:
            return getattr(im, "n_frames", 1) > 1
    except Exception:  # Pillow raises many types; images.py has named a picture it cannot read
        return False


def _accessibility(book: Book, content: _Content) -> Accessibility:
    has_images = bool(content.image_alts)
    all_alt = all(alt.strip() for alt in content.image_alts)
    modes = ("textual", "visual") if has_images else ("textual",)
    sufficient = ("textual",) if all_alt else ("textual,visual",)
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    if has_images and all_alt:
        features.append("alternativeText")
    if content.math:
        features.append("MathML")
    if content.page_breaks:
        features += ["pageBreakMarkers", "pageNavigation"]
    # A conformance claim names the party that stands behind it (EPUB Accessibility 1.1's
    # certifiedBy): the publisher, not the tool; without one, no claim is made.
    certifier = book.meta.publisher or book.meta.imprint
    # A moving picture may flash, and one that loops for ever fails WCAG's "pause, stop, hide"
    # (2.2.2): no check here looks at either, so no hazard is denied and no conformance claimed.
    moving = sorted(item.href.rsplit("/", 1)[-1] for item in content.images.values() if _moves(item))
    hazards = ("unknownFlashingHazard", "noMotionSimulationHazard", "noSoundHazard") if moving else ("none",)
    certifier = "" if moving else certifier
    labels = book.meta.labels  # in the book's language, as stores show it
    images = labels.a11y_images if has_images and all_alt else ""
    summary = (labels.a11y_claimed if certifier else labels.a11y_summary).format(images=images)
    if content.math:
        summary += labels.a11y_math
    if moving:
        summary += labels.a11y_moving.format(pictures=", ".join(moving[:3]) + ", …" * (len(moving) > 3))
    return Accessibility(modes, sufficient, tuple(features), hazards, summary, certifier)

