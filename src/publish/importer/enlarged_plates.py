"""A plate's larger picture, linked from a heading under it, set in the plate's place.

Gutenberg's Pickwick Papers sets each of Phiz's plates as a picture (`<div class="fig"><img
src="images/0037m.jpg">`) over a heading holding only an "enlarge" icon that links to the large
scan (`<h5><a href="images/0037.jpg"><img src="images/enlarge.jpg"></a></h5>`). Once the icon was
replaced by the picture it links to (documents._larger_linked_pictures), the plate came in twice,
the second time as a heading of no words, 87 of them. The larger picture takes the smaller one's
place and the heading goes.
"""

from __future__ import annotations

from publish.importer.listed_captions import lone_picture
from publish.importer.markdown import ast_text


def enlarged_plates(blocks: list) -> int:
    """Set each heading's lone picture in the plate right before it, the heading taken out; return how many."""
    taken, n = 0, 1
    while n < len(blocks):
        heading, before = blocks[n], blocks[n - 1]
        larger = lone_picture({"t": "Para", "c": heading["c"][2]}) if heading.get("t") == "Header" else None
        smaller = lone_picture(before) if larger is not None and not ast_text(heading["c"][2]).strip() else None
        if smaller is not None:
            smaller["c"][2] = larger["c"][2]  # its file; the plate's description and size stay
            del blocks[n]
            taken += 1
            continue
        n += 1
    return taken
