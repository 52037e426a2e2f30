"""The print edition's parts put together as one PDF with pikepdf (qpdf).

In two steps, so that the first runs while the front matter is typeset (its contents page
waits for every chapter's folio): `assemble_body` takes the first chapter's PDF as the base
and adds the other chapters, each page with its frame page drawn over it (the folio and
running head, marked as pagination artifacts), then the back matter; blank versos keep every
part on a recto. `assemble` then puts the front matter's pages before them. The base's
catalog keeps the document's metadata, XMP, language and viewer preferences (every part has
the same). The outline, named destinations, page labels and the tagged structure (structure
elements and the parent tree, renumbered) are merged; the contents page's links are turned
into links to the chapters.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import unquote

import pikepdf
from pikepdf import Array, Dictionary, Name

from publish.editions.pdf_decorations import decorations_as_artifacts
from publish.editions.pdf_fonts import share_fonts
from publish.editions.pdf_images import share_images
from publish.editions.pdf_parts import CHAPTER_HREF, Part
from publish.editions.pdf_table_scopes import scope_table_headers
from publish.pagelabels import STYLES, LabelRange


@dataclass
class _Source:
    """A part's PDF and where its pages went in the book."""

    pdf: pikepdf.Pdf
    first: int  # index in the book of its first page
    depth: int = 1  # where its bookmarks go: under the last one at the depth above (Chapter.depth)


@dataclass(frozen=True)
class Place:
    """Where a chapter goes: its margins are in frame `frame` from that frame's page `first` on;
    `blank_after`: a blank verso follows it; `shift`: it opens on a verso, its pages typeset
    from a recto, so each recto's text block moves this many points to a verso's place (and
    each verso's back), its links and anchors with it."""

    frame: int
    first: int
    blank_after: bool
    shift: float


@dataclass
class Body:
    """The chapters and the back matter assembled, waiting for the front matter."""

    pdf: pikepdf.Pdf
    sources: list[_Source]  # the chapters' and the back matter's, `first` counted from the first chapter
    blank: pikepdf.Page  # a frame's blank page: the model of a blank verso
    next_key: int  # the structure parent tree's next free key


def assemble_body(chapters: list[Part], back: Part, frames: list[Part], places: list[Place],
                  depths: list[int]) -> Body:
    """The chapters and the back matter as one PDF; chapter i goes as `places[i]` says, and
    `depths[i]` files its bookmark (_Source.depth)."""
    out = pikepdf.open(io.BytesIO(chapters[0].pdf))
    frame_pdfs = [pikepdf.open(io.BytesIO(frame.pdf)) for frame in frames]  # marked by frame_artifacts
    sources: list[_Source] = []
    for number, (part, place) in enumerate(zip(chapters, places, strict=True)):
        frame_pages = frame_pdfs[place.frame].pages
        source = _Source(out if number == 0 else pikepdf.open(io.BytesIO(part.pdf)), len(out.pages) if number else 0,
                         depths[number])
        sources.append(source)
        moves = [place.shift if index % 2 == 0 else -place.shift for index in range(len(source.pdf.pages))]
        if place.shift:
            _move_anchors(source.pdf, moves)
        for index, page in enumerate(source.pdf.pages):
            if number:
                out.pages.append(page)
            _draw_frame(out, out.pages[source.first + index], frame_pages[place.first + index], moves[index])
        if place.blank_after:  # the frame's blank verso, before a chapter or the back matter on a recto
            _append_blank(out, frame_pages[place.first + len(source.pdf.pages)])
    back_source = _Source(pikepdf.open(io.BytesIO(back.pdf)), len(out.pages))
    sources.append(back_source)
    for page in back_source.pdf.pages:
        out.pages.append(page)
    next_key = _merge_structures(out, sources[1:])
    blank = out.copy_foreign(frame_pdfs[0].pages[-1].obj)  # a frame's last page is blank
    return Body(out, sources, pikepdf.Page(blank), next_key)


@dataclass(frozen=True)
class Tagging:
    """What the tagged PDF's structure needs mended, from the documents typeset: each mending
    walks the whole structure tree (a second on a 2,300-page book)."""

    tables: bool  # header cells, given their /Scope
    decorations: bool  # pictures without a description, made artifacts

    @classmethod
    def of(cls, documents: list[str]) -> Tagging:
        return cls(any("<th" in d for d in documents), any(_UNDESCRIBED.search(d) for d in documents))


_UNDESCRIBED = re.compile(r'<img\b(?![^>]*\balt="[^"])')


@dataclass(frozen=True)
class Opening:
    """The chapters before the text (a foreword, a preface), set after the front matter: each
    one's first page among the front matter's frame's (Part.frame: their margins, roman folios),
    and where its bookmarks go (_Source.depth)."""

    chapters: list[Part]
    starts: tuple[int, ...]
    depths: list[int]


def assemble(front: Part, body: Body, tagging: Tagging, opening: Opening | None = None) -> tuple[bytes, int]:
    """The book's PDF and its page count: the front matter, and the chapters before the text,
    put before the body."""
    out = body.pdf
    front_source = _Source(pikepdf.open(io.BytesIO(front.pdf)), 0)
    for index, page in enumerate(front_source.pdf.pages):
        out.pages.insert(index, page)
    text_start = len(front_source.pdf.pages)
    sources = [front_source]
    if opening is not None and opening.chapters:
        frame = pikepdf.open(io.BytesIO(front.frame))
        base = text_start  # the frame's first page: a recto after the front matter
        for part, start, depth in zip(opening.chapters, opening.starts, opening.depths, strict=True):
            while text_start < base + start:  # a blank verso: the chapter opens on a recto
                _insert_blank(out, text_start, body.blank)
                text_start += 1
            source = _Source(pikepdf.open(io.BytesIO(part.pdf)), text_start, depth)
            for index, page in enumerate(source.pdf.pages):
                out.pages.insert(text_start + index, page)
                _draw_frame(out, out.pages[text_start + index], frame.pages[start + index])
            text_start += len(source.pdf.pages)
            sources.append(source)
    if text_start % 2:  # the text opens on a recto
        _insert_blank(out, text_start, body.blank)
        text_start += 1
    for source in body.sources:
        source.first += text_start
    next_key = body.next_key
    for source in reversed(sources):  # each put first: in the book's order
        merged = _merge_structure(out, out.Root.get("/StructTreeRoot"), source, next_key, at_start=True)
        next_key = next_key if merged is None else merged
    sources += body.sources
    _merge_destinations(out, sources)
    _merge_outline(out, sources)
    _link_within(out)
    _page_labels(out, [LabelRange(0, "lower-roman"), LabelRange(text_start, "arabic")])
    share_fonts(out)
    share_images(out)
    if tagging.tables:
        scope_table_headers(out)
    if tagging.decorations:
        decorations_as_artifacts(out)
    buffer = io.BytesIO()
    # Object streams came with PDF 1.5: PDF/X-1a and X-3 are PDF 1.4 and may not have them.
    streams = pikepdf.ObjectStreamMode.generate if out.pdf_version >= "1.5" else pikepdf.ObjectStreamMode.disable
    out.save(buffer, deterministic_id=True, object_stream_mode=streams)
    return buffer.getvalue(), len(out.pages)


# --------------------------------------------------------------------------- pages


def _append_blank(out: pikepdf.Pdf, page: pikepdf.Page) -> None:
    _insert_blank(out, len(out.pages), page)


def _insert_blank(out: pikepdf.Pdf, index: int, page: pikepdf.Page) -> None:
    out.pages.insert(index, page)
    copied = out.pages[index].obj
    for key in ("/StructParents", "/Annots"):
        if key in copied:
            del copied[key]


def frame_artifacts(pdf: bytes) -> bytes:
    """A frame's PDF with its margins marked as pagination artifacts: WeasyPrint tags them as
    text; over a chapter's page they are running heads and folios, which PDF/UA wants marked
    so. Done where the frame is typeset (in a worker, and kept with it in the cache)."""
    frame = pikepdf.open(io.BytesIO(pdf))
    for page in frame.pages:
        ops = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC":
                operands, operator = [Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC")
            ops.append((operands, operator))
        page.obj.Contents = pikepdf.Stream(frame, pikepdf.unparse_content_stream(ops))
    buffer = io.BytesIO()
    frame.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _draw_frame(out: pikepdf.Pdf, page: pikepdf.Page, frame_page: pikepdf.Page, move: float = 0.0) -> None:
    """Draw the frame page (same size) over a chapter's page, as a form XObject; the page's
    own drawing moved `move` points across first."""
    drawn = frame_page.as_form_xobject()
    drawn.BBox = frame_page.mediabox  # not the trim, which qpdf takes: the printer's marks lie outside it
    form = out.copy_foreign(drawn)
    # The page's own resources (WeasyPrint shares one dictionary between pages) under a fixed
    # name: a generated one would be random, and the output must be reproducible.
    name = Name.PublishFrame
    resources = Dictionary(dict(page.obj.Resources.items()))
    xobjects = Dictionary(dict(resources.get("/XObject", Dictionary()).items()))
    xobjects[name] = form
    resources.XObject = xobjects
    page.obj.Resources = resources
    start = f"q 1 0 0 1 {move:.4f} 0 cm\n".encode() if move else b"q\n"
    page.contents_add(pikepdf.Stream(out, start), prepend=True)
    page.contents_add(pikepdf.Stream(out, b"\nQ\n/Artifact BMC q " + bytes(name) + b" Do Q EMC\n"))


def _move_anchors(pdf: pikepdf.Pdf, moves: list[float]) -> None:
    """A part's links, and the places its anchors and bookmarks point at, moved across with
    its pages (`moves[i]` points for page i)."""
    by_page = {page.objgen: move for page, move in zip(pdf.pages, moves, strict=True)}
    for page, move in zip(pdf.pages, moves, strict=True):
        for annot in page.obj.get("/Annots", []):
            for key in ("/Rect", "/QuadPoints"):  # x, y pairs
                if key in annot:
                    annot[key] = Array([float(v) + (move if i % 2 == 0 else 0) for i, v in enumerate(annot[key])])
    names = pdf.Root.get("/Names")
    destinations = [value for _, value in _name_tree(names.Dests)] if names is not None and "/Dests" in names else []
    destinations += [item.Dest for item in _outline_items(pdf.Root.get("/Outlines")) if "/Dest" in item]
    for destination in destinations:
        if isinstance(destination, Array) and len(destination) > 2 and destination[1] == Name.XYZ \
                and isinstance(destination[0], Dictionary) and destination[0].objgen in by_page \
                and isinstance(destination[2], (int, Decimal)):
            destination[2] = float(destination[2]) + by_page[destination[0].objgen]


def _outline_items(node):
    item = node.get("/First") if node is not None else None
    while item is not None:
        yield item
        yield from _outline_items(item)
        item = item.get("/Next")


# --------------------------------------------------------------------------- structure


def _merge_structures(out: pikepdf.Pdf, sources: list[_Source]) -> int:
    """Each part's structure elements under the book's Document element, in order; the next
    free parent tree key."""
    target = out.Root.get("/StructTreeRoot")
    if target is None:
        return 0
    nums = target.ParentTree.Nums
    # The next free parent tree key, kept as the parts come in: reading it from the growing
    # tree for each part took seconds on a long book.
    next_key = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
    for source in sources:
        merged = _merge_structure(out, target, source, next_key)
        if merged is not None:
            next_key = merged
    return next_key


def _merge_structure(out: pikepdf.Pdf, target, source: _Source, offset: int, at_start: bool = False) -> int | None:
    """The part's structure elements under the book's Document element (before the others
    when `at_start`); its parent tree keys (pages' /StructParents, annotations' /StructParent)
    moved by `offset`, past the book's. Returns the next free key (None: the part, or the
    book, has no structure)."""
    root = source.pdf.Root.get("/StructTreeRoot")
    if root is None or target is None:
        return None
    nums = target.ParentTree.Nums
    for index in range(len(source.pdf.pages)):
        page = out.pages[source.first + index].obj
        if "/StructParents" in page:
            page.StructParents = int(page.StructParents) + offset
        for annot in page.get("/Annots", []):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset
    source_nums = root.ParentTree.Nums
    next_key = offset
    for i in range(0, len(source_nums), 2):
        key = int(source_nums[i]) + offset
        nums.append(key)
        nums.append(_copy(out, source.pdf, source_nums[i + 1]))
        next_key = max(next_key, key + 1)
    document = _document_element(target)
    for index, kid in enumerate(_kids(_copy(out, source.pdf, _document_element(root).K))):
        if isinstance(kid, Dictionary):
            kid.P = document
        if at_start:
            document.K.insert(index, kid)
        else:
            document.K.append(kid)
    target.ParentTreeNextKey = next_key
    return next_key


def _copy(out: pikepdf.Pdf, source: pikepdf.Pdf, value):
    """A part's object in the book, with all it refers to (pages map to their copies). A
    direct array or dictionary is made indirect in the part first: qpdf then copies it whole
    in one call, not element by element from Python (seconds on a long book)."""
    if isinstance(value, (Array, Dictionary)):
        return out.copy_foreign(value if value.is_indirect else source.make_indirect(value))
    return value


def _document_element(root):
    kids = root.K
    return kids[0] if isinstance(kids, Array) else kids


def _kids(k):
    return list(k) if isinstance(k, Array) else [k]


# --------------------------------------------------------------------------- navigation


def _merge_destinations(out: pikepdf.Pdf, sources: list[_Source]) -> None:
    """One /Dests name tree (sorted, as a name tree must be) of every part's anchors."""
    entries: dict[str, object] = {}
    for source in sources:
        names = source.pdf.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        if dests is None:
            continue
        for key, value in _name_tree(dests):
            entries[key] = value if source.pdf is out else _copy(out, source.pdf, value)
    if not entries:
        return
    flat = Array()
    for key in sorted(entries):
        flat.append(pikepdf.String(key))
        flat.append(entries[key])
    if "/Names" not in out.Root:
        out.Root.Names = Dictionary()
    out.Root.Names.Dests = out.make_indirect(Dictionary(Names=flat))


def _name_tree(node):
    if "/Names" in node:
        items = node.Names
        for i in range(0, len(items), 2):
            yield str(items[i]), items[i + 1]
    for kid in node.get("/Kids", []):
        yield from _name_tree(kid)


def _merge_outline(out: pikepdf.Pdf, sources: list[_Source]) -> None:
    """The parts' bookmarks in book order, pointing at the book's pages; a book part's
    chapters under its bookmark (and a volume's parts under its)."""
    items: list[pikepdf.OutlineItem] = []
    last: dict[int, pikepdf.OutlineItem] = {}  # the last bookmark at each depth
    for source in sources:
        with source.pdf.open_outline() as outline:
            copied = [_outline_item(out, source, item) for item in outline.root]
        parent = last.get(source.depth - 1)
        (parent.children if parent is not None else items).extend(copied)
        last = {depth: item for depth, item in last.items() if depth < source.depth}
        if copied:
            last[source.depth] = copied[-1]
    with out.open_outline() as outline:
        outline.root[:] = items


def _outline_item(out: pikepdf.Pdf, source: _Source, item) -> pikepdf.OutlineItem:
    destination = item.destination
    # The base's own bookmarks point at its pages already; a part's go to its pages' copies.
    if source.pdf is not out and isinstance(destination, Array) and len(destination) \
            and isinstance(destination[0], Dictionary):
        index = source.pdf.pages.index(pikepdf.Page(destination[0]))
        destination = Array([out.pages[source.first + index].obj, *list(destination)[1:]])
    copied = pikepdf.OutlineItem(item.title, destination)
    copied.is_closed = item.is_closed
    copied.children = [_outline_item(out, source, child) for child in item.children]
    return copied


def _link_within(out: pikepdf.Pdf) -> None:
    """The links made outside while their parts were typeset alone (the contents page's to the
    chapters, a chapter's to another): now to the anchors in the book."""
    for page in out.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(CHAPTER_HREF):
                del annot["/A"]
                # WeasyPrint wrote the address percent-encoded (глава → %D0%B3…): the anchor's name as it is.
                annot.Dest = pikepdf.String(unquote(uri[len(CHAPTER_HREF):]))


def _page_labels(out: pikepdf.Pdf, ranges: list[LabelRange]) -> None:
    nums = Array()
    for item in sorted(ranges, key=lambda r: r.first):
        label = Dictionary(Type=Name.PageLabel, S=Name("/" + STYLES[item.style]))
        if item.start != 1:
            label.St = item.start
        if item.prefix:
            label.P = pikepdf.String(item.prefix)
        nums.extend([item.first, label])
    out.Root.PageLabels = Dictionary(Nums=nums)
