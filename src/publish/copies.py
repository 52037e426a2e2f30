"""Numbered limited copies: the print edition typeset once, each copy's number stamped in.

The print edition of a book with a `limitation:` block opens with a limitation leaf holding an
empty box (styles/templates/limitation.html). `publish copies` reads that box's corners back
from the PDF (the named destinations of #limitation-copy and #limitation-copy-end), sets every
copy's text in ONE small WeasyPrint run (one page per copy, the page's content area exactly the
box, with print.css and the book's fonts), and appends each stamp to the unchanged PDF as an
incremental update: a form XObject drawn on the limitation page, tagged as a paragraph of the
structure tree. The book's bytes are kept as they are, so fonts, outline and page labels stay.
"""

from __future__ import annotations

import hashlib
import html
import io
import logging
import zlib
from dataclasses import dataclass
from pathlib import Path

from publish.cache import Cache
from publish.errors import PublishError
from publish.metadata import load_metadata
from publish.model import Book, BookMetadata, Limitation
from publish.output import write_atomic
from publish.project import CACHE_DIR, manuscript_dir

log = logging.getLogger("publish")

BOX, BOX_END = "limitation-copy", "limitation-copy-end"  # ids in styles/templates/limitation.html
STAMP = "/PublishCopyStamp"  # the form XObject's name in the limitation page's resources


@dataclass(frozen=True)
class Copy:
    number: int
    name: str = ""  # a dedicated copy: "For A. B."


@dataclass(frozen=True)
class CopiesResult:
    written: tuple[Path, ...]
    book_pdf: Path  # the unstamped print edition the copies are made from


def plan_copies(limitation: Limitation, first: int, last: int | None, names: list[str]) -> list[Copy]:
    """The copies asked for, checked against the edition's size."""
    names = [n.strip() for n in names]
    if any(not n for n in names):
        raise PublishError("a dedication name is empty", key="--names", hint="give each copy's name, or none")
    if last is None:
        last = first + len(names) - 1 if names else limitation.copies
    if first < 1:
        raise PublishError(f"copies count from 1, not {first}", key="--from")
    if last < first:
        raise PublishError(f"--to {last} is below --from {first}", key="--to",
                           hint="give the first copy, then the last")
    if last > limitation.copies:
        raise PublishError(
            f"copy {last} is beyond the edition of {limitation.copies} copies", key="--to",
            hint="raise limitation.copies in book.yaml, or stamp fewer copies",
        )
    if names and len(names) != last - first + 1:
        raise PublishError(
            f"{len(names)} names for {last - first + 1} copies ({first} to {last})", key="--names",
            hint="give one name per copy, or leave out --to",
        )
    return [Copy(n, names[n - first] if names else "") for n in range(first, last + 1)]


def read_names(path: Path) -> list[str]:
    """A names file: one dedication a line; blank lines are skipped."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from publish.importer.encoding import encoding_of

        encoding = encoding_of(raw, path)  # Notepad's UTF-16, Windows-1251: named, as book.yaml's are
        raise PublishError(f"the names file is not valid UTF-8{f': it is in {encoding}' if encoding else ''}",
                           file=path, hint="save it as UTF-8 (in your editor: Save as…, Encoding: UTF-8)") from None
    except OSError as exc:
        raise PublishError(f"cannot read the names file: {exc.strerror}", file=path) from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def make_copies(project: Path, first: int = 1, last: int | None = None, names: list[str] | None = None,
                out: Path | None = None, printer: bool = False) -> CopiesResult:
    """Build (or reuse) the print edition, then write OUT/<slug>-copy-NNN.pdf for each copy;
    `printer`: from the PDF for the printer (`publish build --print`: with bleed)."""
    from publish.build import build, output_folder
    from publish.typography.strings import typeset_strings

    project = project.resolve()
    out = output_folder(project, out or project / "build" / "copies")  # not into manuscript/, which builds read
    manuscript = manuscript_dir(project)
    meta = load_metadata(manuscript / "book.yaml")
    limitation = meta.limitation
    if limitation is None:
        raise PublishError(
            "this book is not a limited edition", file=manuscript / "book.yaml", key="limitation",
            hint="add to book.yaml a line 'limitation: {copies: 40}' for 40 numbered copies "
                 "(docs/guide.md, `publish copies`)",
        )
    copies = plan_copies(limitation, first, last, names or [])
    _check_glyphs(project, [("limitation.text", limitation.copy_text(first))] +
                  [("--names", c.name) for c in copies if c.name])
    build(project, project / "build", ("pdf",), printer=printer)
    book_pdf = project / "build" / f"{meta.slug}.pdf"
    original = book_pdf.read_bytes()
    box = find_box(original)
    # A name typed "O'Brien" is set as the book's names are, with its typographer's apostrophe.
    named = typeset_strings([c.name or "" for c in copies], meta.language, meta.typography,
                            Cache(project / "build" / CACHE_DIR))
    stamps = typeset_stamps(project, manuscript, meta, box, [
        (limitation.copy_text(c.number), name or None) for c, name in zip(copies, named, strict=True)
    ], font_tags(original))
    update = StampedBook(original, box, stamps)
    width = max(3, len(str(limitation.copies)))
    written = []
    for index, copy in enumerate(copies):
        path = out / f"{meta.slug}-copy-{copy.number:0{width}d}.pdf"
        write_atomic(path, update.copy(index, copy.number))
        written.append(path)
    log.info("stamped %d cop%s (%d to %d of %d)", len(copies), "y" if len(copies) == 1 else "ies",
             copies[0].number, copies[-1].number, limitation.copies)
    return CopiesResult(tuple(written), book_pdf)


def _check_glyphs(project: Path, texts: list[tuple[str, str]]) -> None:
    """A name the book's fonts cannot draw ('For 王小明' in Literata) would print boxes on a copy:
    refused, as a text too long is; one only a font of this computer has is warned of.
    `texts`: (the key that gave it, the text)."""
    from publish.print_glyphs import undrawable
    from publish.project import styles_dir
    from publish.styles import check_fonts

    covered = check_fonts(styles_dir(project))
    for key, text in texts:
        missing, borrowed = undrawable(text, covered)
        named = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in (missing or borrowed)[:10])
        if missing:
            places = "its place" if len(missing) == 1 else "their places"
            raise PublishError(
                f"no font has {named}, in '{text}': the copy would show a box in {places}", key=key,
                hint="add a font that has it to styles/fonts/ (fonts.css) and to the font-family of print.css, "
                "or write it in letters the book's face has")
        if borrowed:
            log.warning("no font in styles/fonts/ has %s, in '%s': the copy takes it from a font of this "
                        "computer, another face; add a font that has it to styles/fonts/", named, text)


@dataclass(frozen=True)
class Box:
    """The reserved place, in PDF points in the page's user space (whose origin the stamps share,
    also when the MediaBox starts below and left of it, as with bleed)."""

    page: int  # index of the limitation page
    left: float
    top: float
    right: float
    bottom: float
    page_width: float
    page_height: float


def find_box(pdf: bytes) -> Box:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    dests = reader.named_destinations
    if BOX not in dests or BOX_END not in dests:
        raise PublishError(
            "the print edition has no reserved place for the copy number",
            hint="styles/templates/limitation.html must keep the elements #limitation-copy and "
            "#limitation-copy-end (copy them from the default styles)",
        )
    start, end = dests[BOX], dests[BOX_END]
    page = reader.get_destination_page_number(start)
    media = reader.pages[page].mediabox
    box = Box(page, float(start.left), float(start.top), float(end.left), float(end.top),
              float(media.width), float(media.height))
    if box.right - box.left < 1 or box.top - box.bottom < 1:
        raise PublishError("the reserved place for the copy number is empty",
                           hint="give .limitation-copy a height in print.css")
    return box


def typeset_stamps(project: Path, manuscript: Path, meta: BookMetadata, box: Box,
                   texts: list[tuple[str, str]], taken_tags: set[str] = frozenset()) -> list:
    """Every copy's text in one WeasyPrint run: page i is copy i's stamp, set where the box is;
    its fonts tagged apart from `taken_tags`, the book's."""
    import pypdf
    import weasyprint

    from publish.editions.print_sheets import PrintSheets
    from publish.fetch import LocalFetcher
    from publish.project import styles_dir
    from publish.styles import print_font_css

    styles = styles_dir(project)
    sheets = PrintSheets(LocalFetcher(Book(meta, (), project, manuscript, styles, "", 0)))
    right, bottom = box.page_width - box.right, box.page_height - box.top
    page = (f"size: {box.page_width}pt {box.page_height}pt; bleed: 0; marks: none; "
            f"margin: {bottom}pt {right}pt 0 {box.left}pt;")
    geometry = (
        f"@page {{ {page} }} @page :left {{ {page} }} @page :right {{ {page} }}\n"
        ".limitation { padding-top: 0; } .front-matter > .page-limitation { break-after: page; }\n"
        ".limitation-copy { height: auto; }\n"  # its own height: a text too long for the box shows
    )
    css = [sheets.sheet(print_font_css(styles)), sheets.sheet(filename=styles / "print.css"), sheets.sheet(geometry)]
    pages = "\n".join(
        f'<div class="page page-limitation"><section class="matter limitation">'
        f'<div class="limitation-copy" id="copy-{i}">{html.escape(text)}'
        + (f"<br>{html.escape(name)}" if name else "") + "</div></section></div>"
        for i, (text, name) in enumerate(texts)
    )
    document = (f'<!DOCTYPE html><html lang="{html.escape(meta.language)}"><head><meta charset="utf-8">'
                f'<title>copies</title></head><body><div class="front-matter">{pages}</div></body></html>')
    rendered = weasyprint.HTML(string=document, url_fetcher=sheets.fetcher).render(stylesheets=css, **sheets.rendering)
    room = (box.top - box.bottom) * 96 / 72 + 0.5  # CSS px
    found = {name: (i, rect) for i, page in enumerate(rendered.pages) for name, rect in page.anchors.items()}
    for index, (text, name) in enumerate(texts):
        page_index, (_, top, _, bottom) = found[f"copy-{index}"]
        if page_index != index or bottom - top > room:
            raise PublishError(
                f"the text of copy '{text}'{f' ({name})' if name else ''} does not fit the reserved place",
                hint="shorten limitation.text or the name, or make .limitation-copy taller in print.css",
            )
    pdf = _tagged_apart(rendered.write_pdf(pdf_identifier=b"publish-copies"), taken_tags)
    return list(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def font_tags(pdf: bytes) -> set[str]:
    """The subset tags of the fonts embedded in `pdf` ("EYLRGC" of "EYLRGC+Book-Serif-Italic")."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {str(obj.FontName)[1:].partition("+")[0] for obj in document.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"}


def _tagged_apart(pdf: bytes, taken: set[str]) -> bytes:
    """The stamps' PDF, each embedded subset renamed with a tag of its own. WeasyPrint tags a
    subset by its face, so the stamp's italic was "EYLRGC+Book-Serif-Italic" as the book's is:
    two different subsets under one tag in a copy, where ISO 32000 (9.6.4) asks for a tag each."""
    import pikepdf

    from publish.editions.pdf_fonts import subset_tag

    with pikepdf.open(io.BytesIO(pdf)) as document:
        taken = set(taken)
        renamed: dict[str, str] = {}  # old name → new, for the fonts that name a descriptor
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                program = next((obj[k] for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in obj), None)
                if program is None or "+" not in str(obj.FontName):  # not a subset
                    continue
                tag = subset_tag(program.read_bytes(), taken)
                taken.add(tag)
                old = str(obj.FontName)
                renamed[old] = "/" + tag + "+" + old[1:].partition("+")[2]
                obj.FontName = pikepdf.Name(renamed[old])
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and str(obj.get("/BaseFont", "")) in renamed:
                obj.BaseFont = pikepdf.Name(renamed[str(obj.BaseFont)])
        out = io.BytesIO()
        document.save(out, static_id=True)
        return out.getvalue()


class StampedBook:
    """The print edition plus one incremental update per copy: the same objects in every copy
    (the stamp's fonts, the page, the structure), and the one stream that differs, the stamp."""

    def __init__(self, original: bytes, box: Box, stamps: list) -> None:
        import pypdf
        from pypdf.generic import DictionaryObject

        self.original = original if original.endswith(b"\n") else original + b"\n"
        self.reader = pypdf.PdfReader(io.BytesIO(original))
        self.stamps = stamps
        self.next_number = int(self.reader.trailer["/Size"])
        self.objects: dict[int, bytes] = {}  # number → serialized object, shared by every copy
        self.imported: dict[tuple[int, int], int] = {}
        self.form_number = self._reserve()
        self._mark_page(box)
        # Direct copies of each stamp's resources; the fonts they name are imported once, for all.
        self.resources = [self._import(DictionaryObject(p["/Resources"].get_object())) for p in stamps]

    def _reserve(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def _mark_page(self, box: Box) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

        page = self.reader.pages[box.page]
        page_ref = page.indirect_reference
        mcid = self._tag(page, page_ref)
        draw = DictionaryObject()
        # The page's own content leaves its coordinates flipped: save the state before it, restore after.
        # In a tagged PDF the stamp is a paragraph of the text; in an untagged one, simply drawn.
        mark = {None: "", -1: "/Artifact BMC "}.get(mcid, f"/P <</MCID {mcid}>> BDC ")
        marked = f"Q q {mark}{STAMP} Do{' EMC' if mark else ''} Q".encode()
        self.draw_number, self.save_number = self._reserve(), self._reserve()
        self.objects[self.draw_number] = _stream(draw, marked)
        self.objects[self.save_number] = _stream(DictionaryObject(), b"q")
        resources = DictionaryObject(page["/Resources"].get_object())
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[NameObject(STAMP)] = IndirectObject(self.form_number, 0, None)
        resources[NameObject("/XObject")] = xobjects
        contents = page.raw_get("/Contents")
        old = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        changed = DictionaryObject(page)
        changed[NameObject("/Resources")] = resources
        changed[NameObject("/Contents")] = ArrayObject([
            IndirectObject(self.save_number, 0, None), *old, IndirectObject(self.draw_number, 0, None)
        ])
        self.objects[page_ref.idnum] = _serialize(changed)

    def _tag(self, page, page_ref) -> int | None:
        """A <P> for the stamp in the structure tree, first in reading order; its MCID (None: an
        untagged PDF, print.variant none; -1: a tagged page outside the structure, an artifact)."""
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            NameObject,
            NumberObject,
        )

        root = self.reader.trailer["/Root"]
        tree = root.get("/StructTreeRoot")
        if tree is None:
            return None
        if "/StructParents" not in page:
            return -1
        tree = tree.get_object()
        key = int(page["/StructParents"])
        node, nums, position = _parent_tree_entry(tree["/ParentTree"], key)
        marks = nums[position + 1].get_object()
        mcid = len(marks)
        top = tree.raw_get("/K")
        document_ref = top.get_object()[0] if isinstance(top.get_object(), ArrayObject) else top
        document = DictionaryObject(document_ref.get_object())
        element_number = self._reserve()
        element = DictionaryObject({
            NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/P"),
            NameObject("/P"): document_ref, NameObject("/Pg"): page_ref, NameObject("/K"): NumberObject(mcid),
        })
        self.objects[element_number] = _serialize(element)
        kids = document.raw_get("/K") if "/K" in document else None
        if kids is not None and isinstance(kids.get_object(), ArrayObject):
            kids = list(kids.get_object())
        else:
            kids = [kids] if kids is not None else []
        document[NameObject("/K")] = ArrayObject([IndirectObject(element_number, 0, None), *kids])
        self.objects[document_ref.idnum] = _serialize(document)
        new_marks = ArrayObject([*marks, IndirectObject(element_number, 0, None)])
        if isinstance(nums[position + 1], IndirectObject):
            self.objects[nums[position + 1].idnum] = _serialize(new_marks)
        else:
            changed_nums = ArrayObject(nums)
            changed_nums[position + 1] = new_marks
            changed_node = DictionaryObject(node)
            changed_node[NameObject("/Nums")] = changed_nums
            self.objects[_reference(node).idnum] = _serialize(changed_node)
        return mcid

    def _import(self, value):
        """A copy of an object from the stamps' PDF, its references renumbered into the book's."""
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key not in self.imported:
                self.imported[key] = self._reserve()
                self.objects[self.imported[key]] = _serialize(self._import(value.get_object()))
            return IndirectObject(self.imported[key], 0, None)
        if isinstance(value, StreamObject):
            copied = StreamObject()
            copied._data = value._data  # the stream as stored (still compressed), with its /Filter
            for k, v in value.items():
                copied[k] = self._import(v)
            return copied
        if isinstance(value, DictionaryObject):
            return DictionaryObject({k: self._import(v) for k, v in value.items()})
        if isinstance(value, ArrayObject):
            return ArrayObject(self._import(v) for v in value)
        return value

    def copy(self, index: int, number: int) -> bytes:
        """The print edition with copy `number`'s stamp (page `index` of the stamps) appended."""
        from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

        stamp = self.stamps[index]
        form = DictionaryObject({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in stamp.mediabox),
            NameObject("/Resources"): self.resources[index],
            NameObject("/Filter"): NameObject("/FlateDecode"),
        })
        objects = {**self.objects, self.form_number: _stream(form, zlib.compress(stamp.get_contents().get_data(), 9))}
        return _incremental(self.original, objects, self.reader.trailer, self.next_number, number)


def _parent_tree_entry(tree, key: int):
    """The number-tree node holding `key`, its /Nums array and the key's position in it."""
    node = tree.get_object()
    while True:
        if "/Nums" in node:
            nums = node["/Nums"]
            for position in range(0, len(nums), 2):
                if int(nums[position]) == key:
                    return node, nums, position
        kids = node.get("/Kids")
        if not kids:
            raise PublishError("the print edition's structure tree has no entry for the limitation page")
        for kid in kids:
            kid = kid.get_object()
            low, high = kid["/Limits"]
            if int(low) <= key <= int(high):
                node = kid
                break
        else:
            raise PublishError("the print edition's structure tree has no entry for the limitation page")


def _reference(obj):
    ref = getattr(obj, "indirect_reference", None)
    if ref is None:
        raise PublishError("the print edition's structure tree is stored in an unexpected way")
    return ref


def _serialize(obj) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def _stream(dictionary, data: bytes) -> bytes:
    from pypdf.generic import NameObject, NumberObject

    dictionary[NameObject("/Length")] = NumberObject(len(data))
    return _serialize(dictionary) + b"\nstream\n" + data + b"\nendstream"


def _incremental(original: bytes, objects: dict[int, bytes], trailer, size: int, number: int) -> bytes:
    """`original` followed by an update section: the objects and a cross-reference stream."""
    out = io.BytesIO()
    out.write(original)
    offsets = {}
    for idnum in sorted(objects):
        offsets[idnum] = out.tell()
        out.write(f"{idnum} 0 obj\n".encode() + objects[idnum] + b"\nendobj\n")
    xref_number = size
    offsets[xref_number] = out.tell()
    numbers = sorted(offsets)
    rows = b"".join(b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in numbers)
    index = " ".join(f"{n} 1" for n in numbers)
    first_id = trailer["/ID"][0].original_bytes if "/ID" in trailer else hashlib.md5(original).digest()
    copy_id = hashlib.md5(first_id + original[-64:] + str(number).encode()).hexdigest()
    info = f"/Info {trailer.raw_get('/Info').idnum} 0 R " if "/Info" in trailer else ""
    root = trailer.raw_get("/Root")
    previous = _startxref(original)
    data = zlib.compress(rows, 9)
    out.write(
        f"{xref_number} 0 obj\n<</Type /XRef /Size {xref_number + 1} /W [1 4 2] /Index [{index}] "
        f"/Root {root.idnum} 0 R {info}/ID [<{first_id.hex()}> <{copy_id}>] /Prev {previous} "
        f"/Filter /FlateDecode /Length {len(data)}>>\nstream\n".encode()
        + data + b"\nendstream\nendobj\n" + f"startxref\n{offsets[xref_number]}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _startxref(pdf: bytes) -> int:
    tail = pdf[-1024:]
    at = tail.rfind(b"startxref")
    if at < 0:
        raise PublishError("the print edition is not a complete PDF (no startxref)")
    return int(tail[at + len(b"startxref"):].split()[0])
