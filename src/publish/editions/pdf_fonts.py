"""One embedded font per face in a PDF assembled from parts.

Each part embeds its own subset of every face it uses. WeasyPrint's subsets keep the font's
glyph ids (a glyph not used is left empty), so the subsets of one face fit together: the
glyphs of all of them in one font serve every part, and the copies go.
"""

from __future__ import annotations

import copy
import io
from collections import defaultdict

import fontTools
import pikepdf
from fontTools.ttLib import TTFont

CACHE_KIND = "pdf-font"
CACHE_FORMAT = 1


def share_fonts(pdf: pikepdf.Pdf) -> None:
    """Every TrueType font descriptor of a face points to one font holding all its glyphs."""
    faces: dict[str, list[pikepdf.Dictionary]] = defaultdict(list)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj:
            faces[str(obj.FontName).partition("+")[2] or str(obj.FontName)].append(obj)
    for descriptors in faces.values():
        streams = list({d.FontFile2.objgen: d.FontFile2 for d in descriptors}.values())
        if len(streams) < 2:
            continue
        merged = _merged([s.read_bytes() for s in streams])
        if merged is None:
            continue
        shared = pikepdf.Stream(pdf, merged)
        shared.Length1 = len(merged)
        for descriptor in descriptors:
            descriptor.FontFile2 = shared


def _merged(fonts: list[bytes]) -> bytes | None:
    """`_merge`, kept in the build cache: after a correction the subsets are mostly the same."""
    from publish.cache import digest
    from publish.editions.pdf_parts import settings

    key = digest(CACHE_FORMAT, fontTools.version, *fonts)
    found = settings.cache.get(CACHE_KIND, key)
    if found is not None:
        return found
    merged = _merge(fonts)
    if merged is not None:
        settings.cache.put(CACHE_KIND, key, merged)
    return merged


def _merge(fonts: list[bytes]) -> bytes | None:
    """The union of subsets of one font (glyphs by id: the names fontTools gives them differ
    between subsets), or None when they do not agree on the glyphs they share."""
    loaded = [TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False) for data in fonts]  # reproducible
    if any("glyf" not in f or "loca" not in f for f in loaded):
        return None
    base = max(loaded, key=lambda f: f["maxp"].numGlyphs)
    order = base.getGlyphOrder()
    glyf, hmtx = base["glyf"], base["hmtx"]
    filled = _drawn(base)
    for other in loaded:
        if other is base or other["head"].unitsPerEm != base["head"].unitsPerEm:
            if other is not base:
                return None
            continue
        other_order = other.getGlyphOrder()
        gids = {name: gid for gid, name in enumerate(other_order)}
        for gid in sorted(_drawn(other)):
            name = other_order[gid]
            glyph = other["glyf"][name]
            if gid in filled:
                mine = glyf[order[gid]]
                if (mine.numberOfContours, mine.xMin, mine.yMax) != (glyph.numberOfContours, glyph.xMin, glyph.yMax):
                    return None  # another font under the same name
                continue
            if glyph.isComposite():  # its parts are named as in the other subset
                glyph = copy.deepcopy(glyph)
                for component in glyph.components:
                    component.glyphName = order[gids[component.glyphName]]
            glyf[order[gid]] = glyph
            hmtx[order[gid]] = other["hmtx"][name]
            filled.add(gid)
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def _drawn(font: TTFont) -> set[int]:
    """The ids of the glyphs a subset holds (an unused one has no outline: no bytes in glyf)."""
    loca = font["loca"]
    return {gid for gid in range(len(loca) - 1) if loca[gid] != loca[gid + 1]}
