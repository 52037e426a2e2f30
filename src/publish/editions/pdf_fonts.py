"""One embedded font per face in a PDF assembled from parts.

Each part embeds its own subset of every face it uses. WeasyPrint's subsets keep the font's
glyph ids (a glyph not used is left empty), so the subsets of one face fit together: the
glyphs of all of them in one font serve every part, and the copies go. Not quite all: a
composite's part that no character draws ("È"'s grave.case) may be put after the last glyph
drawn, at another's id; such subsets are checked against the empty glyphs the pages draw
(spaces) and kept apart when they disagree.
"""

from __future__ import annotations

import io
import struct
import sys
from array import array
from collections import defaultdict

import fontTools
import pikepdf
from fontTools.ttLib.sfnt import SFNTReader, SFNTWriter

CACHE_KIND = "pdf-font"
CACHE_FORMAT = 3


def share_fonts(pdf: pikepdf.Pdf) -> None:
    """Every TrueType font descriptor of a face points to one font holding all its glyphs."""
    faces: dict[str, list[pikepdf.Dictionary]] = defaultdict(list)
    cid_fonts: list[pikepdf.Dictionary] = []
    for obj in pdf.objects:  # one pass: a long book's PDF holds some 100,000 objects
        kind = obj.get("/Type") if isinstance(obj, pikepdf.Dictionary) else None
        if kind == "/FontDescriptor" and "/FontFile2" in obj:
            faces[str(obj.FontName).partition("+")[2] or str(obj.FontName)].append(obj)
        elif kind == "/Font" and obj.get("/Subtype") == "/CIDFontType2":
            cid_fonts.append(obj)
    drawn = _drawn_glyphs(cid_fonts)
    for descriptors in faces.values():
        streams = list({d.FontFile2.objgen: d.FontFile2 for d in descriptors}.values())
        if len(streams) < 2:
            continue
        spaces: dict[bytes, set[int]] = defaultdict(set)  # each program: the glyphs its pages draw
        originals: dict[bytes, pikepdf.Stream] = {}
        for descriptor in descriptors:
            data = descriptor.FontFile2.read_bytes()
            spaces[data] |= drawn.get(descriptor.objgen, set())
            originals.setdefault(data, descriptor.FontFile2)
        subsets = list(spaces)  # parts often use the same glyphs
        groups = _groups(subsets, spaces)
        programs: dict[bytes, pikepdf.Stream] = {}
        for group in groups:
            merged = _merged(group, [sorted(spaces[data]) for data in group]) if len(group) > 1 else group[0]
            if merged is None:  # one that cannot be read: each keeps its own
                programs.update((data, originals[data]) for data in group)
                continue
            shared = pikepdf.Stream(pdf, merged)
            shared.Length1 = len(merged)
            programs.update(dict.fromkeys(group, shared))
        for descriptor in descriptors:
            descriptor.FontFile2 = programs[descriptor.FontFile2.read_bytes()]
        if len(set(map(id, programs.values()))) > 1:
            _named_apart(pdf, descriptors)


def _groups(subsets: list[bytes], drawn: dict[bytes, set[int]]) -> list[list[bytes]]:
    """The subsets in groups whose glyphs agree, each to be merged into one font: a subset goes
    with the first group that has no other glyph at any id it fills, nor a glyph at an id where
    its pages draw an empty one (a space), and keeps the group from them in turn."""
    groups: list[tuple[list[bytes], dict[int, bytes], set[int], bytes]] = []
    for data in subsets:
        face = _Face(data)
        if face.glyphs is None:
            return [[data] for data in subsets]
        held = {gid: glyph[:10] for gid, glyph in enumerate(face.glyphs) if glyph}  # contours and box
        blank = {gid for gid in drawn[data] if gid < len(face.glyphs) and not face.glyphs[gid]}
        em = face.tables["head"][18:20]  # unitsPerEm
        for members, union, blanks, group_em in groups:
            if em == group_em and all(union.get(gid, start) == start for gid, start in held.items()) \
                    and not held.keys() & blanks and not blank & union.keys():
                members.append(data)
                union.update(held)
                blanks |= blank
                break
        else:
            groups.append(([data], dict(held), set(blank), em))
    return [members for members, *_ in groups]


def _named_apart(pdf: pikepdf.Pdf, descriptors: list[pikepdf.Dictionary]) -> None:
    """Subsets of a face that cannot be merged (Leaves of Grass: 41 of Book Serif, whose glyph ids
    disagree) keep a program each, the same ones sharing it, and each its own tag: all were
    "ZUFEMT+Book-Serif", where ISO 32000 (9.6.4) asks different subsets in a file to have
    different tags, which a printer's RIP or preflight may go by."""
    fonts: dict[tuple[int, int], list[pikepdf.Dictionary]] = defaultdict(list)  # by descriptor: what names it
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/DescendantFonts" in obj:  # a Type0 font and its CIDFont
            for cid_font in obj.DescendantFonts:
                if "/FontDescriptor" in cid_font:
                    fonts[cid_font.FontDescriptor.objgen] += [cid_font, obj]
    programs: dict[bytes, tuple[pikepdf.Stream, str]] = {}  # each program: its stream and its tag
    tags = {str(d.FontName)[1:].partition("+")[0] for d in descriptors}
    for descriptor in descriptors:
        data = descriptor.FontFile2.read_bytes()
        if data in programs:
            descriptor.FontFile2, tag = programs[data]
        elif programs:  # the first program keeps its tag
            tag = subset_tag(data, tags)
            tags.add(tag)
        else:
            tag = str(descriptor.FontName)[1:].partition("+")[0]
        programs.setdefault(data, (descriptor.FontFile2, tag))
        for named in [descriptor, *fonts[descriptor.objgen]]:
            key = "/FontName" if named is descriptor else "/BaseFont"
            named[key] = pikepdf.Name("/" + tag + "+" + str(named[key])[1:].partition("+")[2])


def subset_tag(data: bytes, taken: set[str]) -> str:
    """Six capitals from the program's hash, not among `taken`."""
    import hashlib

    digest = hashlib.sha256(data).digest()
    for start in range(0, len(digest) - 6):
        tag = "".join(chr(65 + byte % 26) for byte in digest[start:start + 6])
        if tag not in taken:
            return tag
    raise AssertionError("no free subset tag")


def _drawn_glyphs(cid_fonts: list[pikepdf.Dictionary]) -> dict[tuple[int, int], set[int]]:
    """The glyph ids each font descriptor's pages draw, from its CID fonts' widths (/W), whose
    CIDs are the glyph ids (/CIDToGIDMap /Identity, as WeasyPrint writes them)."""
    drawn: dict[tuple[int, int], set[int]] = defaultdict(set)
    for obj in cid_fonts:
        if "/FontDescriptor" not in obj or "/W" not in obj:
            continue
        ids, widths = drawn[obj.FontDescriptor.objgen], list(obj.W)
        at = 0
        while at + 1 < len(widths):
            first = int(widths[at])
            if isinstance(widths[at + 1], pikepdf.Array):  # c [w1 w2 …]
                ids.update(range(first, first + len(widths[at + 1])))
                at += 2
            else:  # c_first c_last w
                ids.update(range(first, int(widths[at + 1]) + 1))
                at += 3
    return drawn


def _merged(fonts: list[bytes], drawn: list[list[int]] | None = None) -> bytes | None:
    """`_merge`, kept in the build cache: after a correction the subsets are mostly the same."""
    from publish.cache import digest
    from publish.editions.pdf_parts import settings

    key = digest(CACHE_FORMAT, fontTools.version, *fonts, drawn)
    found = settings.cache.get(CACHE_KIND, key)
    if found is not None:
        return found
    merged = _merge(fonts, drawn)
    if merged is not None:
        settings.cache.put(CACHE_KIND, key, merged)
    return merged


def _merge(fonts: list[bytes], drawn: list[list[int]] | None = None) -> bytes | None:
    """The union of subsets of one font, or None when they do not agree on the glyphs they
    share. Made from the tables' bytes: as the subsets keep the font's glyph ids, a glyph (and
    a composite's reference to its parts) means the same in each, and nothing is decompiled.
    A glyph a subset's pages draw (`drawn`, each subset's ids) and that it leaves empty (a
    space) must be empty in the others too."""
    faces = [_Face(data) for data in fonts]
    if any(face.glyphs is None for face in faces):
        return None
    for face, ids in zip(faces, drawn or [], strict=False):
        spaces = [gid for gid in ids if gid < len(face.glyphs) and not face.glyphs[gid]]
        if any(gid < len(other.glyphs) and other.glyphs[gid] for other in faces for gid in spaces):
            return None  # a space in one, a composite's part put at its id in another
    base = max(faces, key=lambda face: len(face.glyphs))
    glyphs, metrics = list(base.glyphs), list(base.metrics)
    for other in faces:
        if other is base:
            continue
        if other.tables["head"][18:20] != base.tables["head"][18:20]:  # unitsPerEm
            return None
        for gid, glyph in enumerate(other.glyphs):
            if not glyph:
                continue
            if glyphs[gid]:
                if glyphs[gid][:10] != glyph[:10]:  # contours and box differ: another font, same name
                    return None
                continue
            glyphs[gid], metrics[gid] = glyph, other.metrics[gid]
    return _font_file(base, faces, glyphs, metrics)


class _Face:
    """A TrueType font's tables, with its glyphs' bytes and metrics by glyph id."""

    def __init__(self, data: bytes) -> None:
        reader = SFNTReader(io.BytesIO(data))
        self.version = reader.sfntVersion
        self.tables = {tag: reader[tag] for tag in reader.keys()}
        self.glyphs: list[bytes] | None = None
        if {"glyf", "loca", "head", "maxp", "hhea", "hmtx"} <= self.tables.keys():
            self._read_glyphs()

    def _read_glyphs(self) -> None:
        head, maxp, hhea, hmtx = (self.tables[tag] for tag in ("head", "maxp", "hhea", "hmtx"))
        count = _u16(maxp, 4)
        long_offsets = _u16(head, 50) == 1
        loca = array("I" if long_offsets else "H", self.tables["loca"][: (count + 1) * (4 if long_offsets else 2)])
        if sys.byteorder == "little":
            loca.byteswap()
        scale = 1 if long_offsets else 2
        glyf = self.tables["glyf"]
        self.glyphs = [glyf[loca[gid] * scale: loca[gid + 1] * scale] for gid in range(count)]
        long_metrics = _u16(hhea, 34)
        self.metrics = [struct.unpack_from(">Hh", hmtx, 4 * gid) for gid in range(long_metrics)]
        bearings = struct.unpack_from(f">{count - long_metrics}h", hmtx, 4 * long_metrics)
        self.metrics += [(self.metrics[-1][0], bearing) for bearing in bearings]


def _font_file(base: _Face, faces: list[_Face], glyphs: list[bytes], metrics: list[tuple[int, int]]) -> bytes:
    """base's tables with the merged glyphs, their offsets and metrics, and the header fields
    that sum up the glyphs (bounding box, maxima) made to cover all of them."""
    glyf, offsets = bytearray(), array("I")
    for glyph in glyphs:
        offsets.append(len(glyf))
        glyf += glyph + b"\0" * (len(glyph) % 2)
    offsets.append(len(glyf))
    short = len(glyf) < 0x20000
    loca = array("H", (offset // 2 for offset in offsets)) if short else offsets
    if sys.byteorder == "little":
        loca.byteswap()
    long_metrics = len(metrics)
    while long_metrics > 1 and metrics[long_metrics - 1][0] == metrics[long_metrics - 2][0]:
        long_metrics -= 1
    hmtx = b"".join(struct.pack(">Hh", *m) for m in metrics[:long_metrics])
    hmtx += b"".join(struct.pack(">h", m[1]) for m in metrics[long_metrics:])
    head = bytearray(base.tables["head"])
    head[8:12] = bytes(4)  # checkSumAdjustment: set again as the file is written
    boxes = [struct.unpack_from(">4h", glyph, 2) for glyph in glyphs if len(glyph) >= 10]
    if boxes:
        head[36:44] = struct.pack(">4h", *(min(b[i] for b in boxes) for i in (0, 1)),
                                  *(max(b[i] for b in boxes) for i in (2, 3)))
    head[50:52] = struct.pack(">h", 0 if short else 1)
    maxp = bytearray(base.tables["maxp"])
    for at in range(6, min(len(maxp), 32), 2):  # maxPoints … maxComponentDepth: the largest
        maxp[at:at + 2] = struct.pack(">H", max(_u16(face.tables["maxp"], at) for face in faces))
    hhea = bytearray(base.tables["hhea"])
    hhea[10:12] = struct.pack(">H", max(_u16(face.tables["hhea"], 10) for face in faces))  # advanceWidthMax
    for at, pick in ((12, min), (14, min), (16, max)):  # min left and right bearings, xMaxExtent
        hhea[at:at + 2] = struct.pack(">h", pick(_i16(face.tables["hhea"], at) for face in faces))
    hhea[34:36] = struct.pack(">H", long_metrics)
    tables = {**base.tables, "glyf": bytes(glyf), "loca": loca.tobytes(), "hmtx": hmtx,
              "head": bytes(head), "maxp": bytes(maxp), "hhea": bytes(hhea)}
    out = io.BytesIO()
    writer = SFNTWriter(out, len(tables), base.version)
    for tag in sorted(tables):
        writer[tag] = tables[tag]
    writer.close()
    return out.getvalue()


def _u16(table: bytes, at: int) -> int:
    return struct.unpack_from(">H", table, at)[0]


def _i16(table: bytes, at: int) -> int:
    return struct.unpack_from(">h", table, at)[0]
