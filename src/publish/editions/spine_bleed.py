"""The interior with no bleed at the spine (`print.bleed_sides: 3`), as KDP and IngramSpark ask.

Their interiors with bleed are 0.125 in wider and 0.25 in taller than the trim: bleed at the
top, the foot and the outside edge, none at the spine, where the pages are glued. WeasyPrint
bleeds every side alike; here each page's MediaBox and BleedBox lose the bleed on its spine
side, the left of a recto (odd pages, the first a recto) and the right of a verso. What stood
there is cut off as a trimmer would; the TrimBox and the text stay where they were.
"""

from __future__ import annotations

import io

import pikepdf


def cut_spine_bleed(pdf: bytes) -> bytes:
    """`pdf` with each page's bleed, the MediaBox beyond its TrimBox, taken off at the spine."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            left, bottom, right, top = (float(v) for v in page.obj.MediaBox)
            trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
            if index % 2 == 0:  # a recto: the spine is on its left
                left = trim[0]
            else:
                right = trim[2]
            box = pikepdf.Array([left, bottom, right, top])
            page.obj.MediaBox = box
            page.obj.BleedBox = box
            if "/CropBox" in page.obj:
                page.obj.CropBox = box
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()
