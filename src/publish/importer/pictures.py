"""The pictures an imported document brings: a figure whose picture was not found, a picture
of a kind no edition shows (Word keeps a drawing as EMF), and one without a description."""

from __future__ import annotations

import io

from PIL import Image as PilImage

from publish.images import ACTIVE_SVG, RASTER_TYPES
from publish.importer.markdown import ast_text
from publish.importer.report import words


def picture_warnings(parsed: list, images: dict) -> list[str]:
    """What to do about the pictures written (`images`) and those in the text read back (`parsed`)."""
    said: list[str] = []
    for name, kind in _unshown_pictures(images):
        said.append(f"{name} is {kind}, which no edition shows (the build stops on it): convert it to "
                    "PNG, JPEG or SVG (export it from the program that drew it, or from LibreOffice Draw) and "
                    "point the text at the new file")
    if undescribed := sorted(_undescribed(parsed)):
        many = len(undescribed) != 1
        said.append(
            f"{len(undescribed)} picture{'s' * many} without a description ({', '.join(undescribed[:3])}"
            f"{', …' if len(undescribed) > 3 else ''}): a screen reader has nothing to say of "
            f"{'them' if many else 'it'}; write what {'each' if many else 'it'} shows, ![](images/NAME){{alt=\"…\"}}")
    return said


def figures_without_pictures(blocks: list) -> list:
    """A figure whose picture was not found is the description left in its place (with its
    caption when that says more) in an `::: illustration` block, set as a caption is, as a plain
    text's [Illustration: …]; with neither it goes. Left a figure of nothing, it was written as
    raw `<figure>` tags (pandoc's imageRelative.odt: a picture linked, not embedded).
    A figure of a table (Typst's `#figure(table(…), caption: […])`, pandoc's tables.typst) is that
    table, captioned by it; one of other blocks (code) is those blocks over its caption. Both
    were taken for a figure whose picture was missing, and their tables and code went unsaid.
    JATS's `<table-wrap>` (pandoc reads a Div of its caption's Div and the table) is that table
    captioned too: its caption was printed as a paragraph over the table."""
    out: list = []
    for block in blocks:
        kind = block.get("t")
        if kind == "Div" and (table := _wrapped_table(block)):
            out.append(table)
            continue
        if kind == "Figure" and (table := _table_alone(block["c"][2])):
            if not table["c"][1][1]:
                table["c"][1] = block["c"][1]
            if block["c"][0][0] and not table["c"][0][0]:
                table["c"][0][0] = block["c"][0][0]
            out.append(table)
            continue
        if kind == "Figure" and not _has_picture(block["c"][2]) and any(b.get("t") not in ("Plain", "Para")
                                                                       for b in block["c"][2]):
            caption = block["c"][1][1]
            out += block["c"][2] + ([{"t": "Div", "c": [[block["c"][0][0], ["illustration"], []], caption]}]
                                    if ast_text(caption).strip() else [])
            continue
        if kind == "Figure" and not _has_picture(block["c"][2]):
            body = [i for b in block["c"][2] if b.get("t") in ("Plain", "Para") for i in b["c"]]
            caption = [i for b in block["c"][1][1] if b.get("t") in ("Plain", "Para") for i in b["c"]]
            kept = [body] if ast_text(body).strip() else []
            kept += [caption] if ast_text(caption).strip() and words(ast_text(caption)) != words(ast_text(body)) else []
            if kept:
                out.append({"t": "Div", "c": [[block["c"][0][0], ["illustration"], []],
                                              [{"t": "Para", "c": inlines} for inlines in kept]]})
            continue
        if kind in ("Div", "BlockQuote"):
            inner = block["c"][1] if kind == "Div" else block["c"]
            inner[:] = figures_without_pictures(inner)
        out.append(block)
    return out


_DRAWINGS = {"WMF": "a Windows drawing (WMF or EMF)", "BMP": "a bitmap (BMP)", "TIFF": "a TIFF"}


def _unshown_pictures(images: dict) -> list[tuple[str, str]]:
    """The pictures of a kind the editions do not take (Word keeps its drawings as EMF), and which."""
    found = []
    for name, data in sorted(images.items()):
        if data[:512].lstrip().startswith(b"<"):  # an SVG: the build checks the rest
            if ACTIVE_SVG.search(data.decode("utf-8", "replace")):
                found.append((name, "an SVG drawing holding HTML or scripts (foreignObject: draw.io writes its "
                                    "labels so), which the build refuses"))
            continue
        try:
            with PilImage.open(io.BytesIO(data)) as picture:
                kind = picture.format or ""
        except Exception:  # Pillow raises many types for what it cannot read
            kind = ""
        if kind not in RASTER_TYPES:
            found.append((name, _DRAWINGS.get(kind, "no picture the editions can read")))
    return found


def _undescribed(node: object) -> set[str]:
    """The pictures with neither a caption nor a description (Word's Alt Text left empty)."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= _undescribed(item)
    elif isinstance(node, dict):
        if node.get("t") == "Image" and not ast_text(node["c"][1]).strip() \
                and not dict(node["c"][0][2]).get("alt", "").strip():
            found.add(node["c"][2][0])
        found |= _undescribed(node.get("c"))
    return found


def _table_alone(body: list) -> dict | None:
    """The table a figure holds alone, also in a Div (Typst's `align(center)[#table(…)]`)."""
    while len(body) == 1 and body[0].get("t") == "Div":
        body = body[0]["c"][1]
    return body[0] if len(body) == 1 and body[0].get("t") == "Table" else None


def _wrapped_table(div: dict) -> dict | None:
    """The table of a JATS `<table-wrap>` Div, given the Div's caption and id; None for another Div."""
    (ident, classes, _), body = div["c"]
    tables = [b for b in body if b.get("t") == "Table"]
    captions = [b for b in body if b.get("t") == "Div" and "caption" in b["c"][0][1]]
    if "table-wrap" not in classes or len(tables) != 1 or len(tables) + len(captions) != len(body):
        return None
    table = tables[0]
    if captions and not table["c"][1][1]:
        table["c"][1] = [None, captions[0]["c"][1]]
    if ident and not table["c"][0][0]:
        table["c"][0][0] = ident
    return table


def _has_picture(node: object) -> bool:
    if isinstance(node, list):
        return any(_has_picture(item) for item in node)
    return isinstance(node, dict) and (node.get("t") == "Image" or _has_picture(node.get("c")))
