"""A picture and its caption set as two blocks in an HTML book, made one figure.

Project Gutenberg's HTML books set a picture and its caption apart: `<p class="illustration">
<a id="fig1"></a><br><img alt="see caption"></p>` then `<p class="caption">Fig. 1. …</p>` (The
Ancient Art of the Province of Chiriqui, 156 so), or `<div class="figcenter"><img alt="[Illustration]">
<div class="caption">…</div></div>`. Pandoc read an inline picture described "see caption" (what
a screen reader said of it) and a loose paragraph, the class that named it a caption lost. The
caption paragraphs are marked before pandoc reads the page, so that a picture alone in its block
followed by one becomes a figure captioned by it, its anchor the figure's id. A placeholder for a
description ("see caption", "[Illustration]", a file's name) is never kept as one.
"""

from __future__ import annotations

import copy
import re
from html import unescape as html_unescape

from publish.importer.markdown import ast_text, table_cells

CAPTION_MARK = "publish-caption"  # a class no page uses: the marked <p>s not taken are unwrapped
_CAPTION_P = re.compile(
    r"<p\b(?P<attrs>[^>]*\bclass\s*=\s*(?P<q>[\"']?)[^\"'>]*?\b(?:fig)?caption\b[^>]*)>(?P<body>.*?)</p\s*>",
    re.IGNORECASE | re.DOTALL)
# A picture's caption set in headings under it, in the box that centres the two (A Short History of
# the World, Gutenberg 35461: `<center><img …><h4 class="h4center">THE GREAT SPIRAL NEBULA<br>…</h4>
# <h5>…</h5></center>`, 208 so): read as they are typed, 200 headings in the book's contents, and
# each chapter's title no longer the one heading under its numeral. Headings of no other block.
_IMG = r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>"""  # a '>' in its description too (`alt="… <small>B.C.</small>"`)
_IN_HEADING = r"(?:(?!</?(?:h[1-6]|center|div|p|table)\b).)*?"
_HEADED_CAPTION = re.compile(
    rf"(?P<picture><(?P<box>center|div)\b[^>]*>\s*(?:<a\b[^>]*>\s*)?{_IMG}(?:\s*</a>)?(?:\s*<br\s*/?>)*)"
    rf"(?P<heads>(?:\s*<h[1-6]\b[^>]*>{_IN_HEADING}</h[1-6]\s*>)+)(?P<close>\s*</(?P=box)\s*>)",
    re.IGNORECASE | re.DOTALL)
# The same headings set after the box, repeating the picture's description (The White House Cook
# Book, Gutenberg 13923: `<center><img alt="FRANCES FOLSOM CLEVELAND."></center><h3>FRANCES FOLSOM
# CLEVELAND.</h3>`, its 30 portraits and rooms so, each a section in the contents among the recipes).
_CAPTION_AFTER = re.compile(
    rf"(?P<picture><(?P<box>center|div)\b[^>]*>\s*(?:<a\b[^>]*>\s*)?(?P<img>{_IMG})(?:\s*</a>)?\s*)"
    rf"(?P<close></(?P=box)\s*>)(?P<gap>(?:\s*<br\s*/?>)*)(?P<heads>(?:\s*<h[1-6]\b[^>]*>{_IN_HEADING}</h[1-6]\s*>)+)",
    re.IGNORECASE | re.DOTALL)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_HEADING_BODY = re.compile(rf"<h[1-6]\b[^>]*>({_IN_HEADING})</h[1-6]\s*>", re.IGNORECASE | re.DOTALL)
_CAPTION_CLASSES = {"caption", "figcaption", CAPTION_MARK}
_PLACEHOLDERS = {"see caption", "see the caption", "caption", "illustration", "image", "picture", "figure",
                 "img", "photo", "photograph", "drawing", "line drawing", "plate", "see text", "no caption", "alt"}
_SAID_ELSEWHERE = re.compile(r"^(?:(?:figure|plate|picture|illustration|drawing|image|map|diagram) )?"
                             r"(?:as )?described in (?:the )?text$|^see (?:the )?(?:caption|text)\b")
# also with its size, as Gutenberg's older HTML describes its pictures (Huckleberry Finn's "c01-02.jpg (182K)")
_FILE_NAME = re.compile(r"^[\w.~-]+\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?)(?:\s*\(\d+(?:\.\d+)?\s*[KM]B?\))?$",
                        re.IGNORECASE)


def marked_captions(html: str) -> str:
    """The HTML with each `<p class="caption">` inside a `<div>` pandoc keeps the class of."""
    html = _HEADED_CAPTION.sub(_caption_of_headings, html)
    html = _CAPTION_AFTER.sub(_caption_of_headings_after, html)
    return _CAPTION_P.sub(lambda m: f'<div class="{CAPTION_MARK}"><p{m["attrs"]}>{m["body"]}</p></div>', html)


def _caption_of_headings(match: re.Match) -> str:
    bodies = [body.strip() for body in _HEADING_BODY.findall(match["heads"])]
    return f'{match["picture"]}<p class="caption">{"<br>".join(bodies)}</p>{match["close"]}'


def _caption_of_headings_after(match: re.Match) -> str:
    """The headings after a picture's box that together say its description, moved into the box
    as its caption; the box as it was when they say something else."""
    alt = _ALT.search(match["img"])
    said = _plain(alt[1] if alt and alt[1] is not None else alt[2] if alt else "")
    heads = list(re.finditer(rf"\s*<h[1-6]\b[^>]*>({_IN_HEADING})</h[1-6]\s*>", match["heads"],
                             re.IGNORECASE | re.DOTALL))
    bodies: list[str] = []
    for head in heads:
        bodies.append(head[1].strip())
        if said and _plain(" ".join(bodies)) == said:
            rest = match["heads"][head.end():]
            return f'{match["picture"]}<p class="caption">{"<br>".join(bodies)}</p>{match["close"]}{rest}'
    return match[0]


def _plain(html: str) -> str:
    return " ".join(_TAG.sub(" ", html_unescape(html)).split()).casefold()


def captioned_figures(blocks: list) -> int:
    """Each picture alone in its block (after an anchor and a line break, as Gutenberg sets it)
    followed by a caption block becomes a figure of that caption; marked captions left over go
    back to paragraphs. How many figures were made."""
    made, out, i = 0, [], 0
    while i < len(blocks):
        block = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        picture = _lone_picture(block)
        if picture and nxt is not None and (caption := _caption_inlines(nxt)) is not None:
            anchor, image = picture
            if not anchor and out and (before := _anchor_alone(out[-1])):  # <a id="fig1"></a><p><img></p>
                anchor = before
                out.pop()
            image["c"][1] = caption  # as pandoc reads `![caption](picture)` back: a placeholder is gone
            out.append({"t": "Figure", "c": [[anchor, [], []], [None, [{"t": "Plain", "c": caption}]],
                                             [{"t": "Plain", "c": [image]}]]})
            made, i = made + 1, i + 2
            continue
        if block.get("t") == "Div":
            made += captioned_figures(block["c"][1])
            if CAPTION_MARK in block["c"][0][1]:
                out.extend(block["c"][1])
                i += 1
                continue
        elif block.get("t") == "BlockQuote":
            made += captioned_figures(block["c"])
        elif block.get("t") == "Table":
            made += sum(captioned_figures(cell[4]) for cell in table_cells(block))
        out.append(block)
        i += 1
    blocks[:] = out
    return made


def without_placeholder_descriptions(node: object) -> None:
    """Every picture's description that only stands in for one ("see caption", "[Illustration]",
    "image", its file's name) taken off: a screen reader read it aloud, and a lone picture's
    became its caption."""
    if isinstance(node, list):
        for item in node:
            without_placeholder_descriptions(item)
    elif isinstance(node, dict):
        if node.get("t") == "Image":
            if is_placeholder(node["c"][2][1], node["c"][2][0]):  # its title, shown on hovering
                node["c"][2][1] = ""
            if is_placeholder(ast_text(node["c"][1]), node["c"][2][0]):
                node["c"][1] = []
            return
        without_placeholder_descriptions(node.get("c"))
        if node.get("t") == "Figure" and (image := _figure_picture(node)) and not image["c"][1]:
            # Markdown writes such a figure `![caption](f.jpg)`, its caption its description too,
            # as pandoc reads it back: the caption stands for the description taken off.
            image["c"][1] = copy.deepcopy(node["c"][1][1][0]["c"])


def _figure_picture(figure: dict) -> dict | None:
    """The picture of a figure of one picture captioned by one paragraph."""
    body, caption = figure["c"][2], figure["c"][1][1]
    if len(body) != 1 or body[0].get("t") not in ("Plain", "Para") or len(body[0]["c"]) != 1:
        return None
    if len(caption) != 1 or caption[0].get("t") not in ("Plain", "Para") or body[0]["c"][0].get("t") != "Image":
        return None
    body[0]["t"] = "Plain"  # in a Para (JATS's <fig>), Markdown writes the figure as raw <figure> HTML
    return body[0]["c"][0]


def is_placeholder(description: str, src: str = "") -> bool:
    text = " ".join(description.split())
    key = re.sub(r"[\[\]().:]", "", text).strip().lower()
    name = src.rsplit("/", 1)[-1]
    return bool(text) and (key in _PLACEHOLDERS or bool(_SAID_ELSEWHERE.match(key)) or bool(_FILE_NAME.match(text))
                           or text in (name, name.rsplit(".", 1)[0]))


def _lone_picture(block: dict) -> tuple[str, dict] | None:
    """The anchor's id and the picture of a block holding one picture, maybe after an empty anchor
    and a line break (`<a id="fig1">&nbsp;</a><br><img>`)."""
    if block.get("t") == "Div" and not block["c"][0][0] and len(block["c"][1]) == 1:
        return _lone_picture(block["c"][1][0])
    if block.get("t") not in ("Para", "Plain"):
        return None
    anchor, image = "", None
    for node in block["c"]:
        kind = node.get("t")
        if kind in ("Space", "SoftBreak", "LineBreak") or (kind == "Str" and not node["c"].strip()):
            continue
        if kind == "Span" and _is_anchor(node) and not anchor and not image:
            anchor = node["c"][0][0]
        elif kind == "Image" and image is None:
            image = node
        else:
            return None
    if image is None:
        return None
    if not anchor:  # the picture's own id moves to its figure
        anchor, image["c"][0][0] = image["c"][0][0], ""
    return anchor, image


def _anchor_alone(block: dict) -> str:
    """The id of a paragraph holding only an empty anchor, else ""."""
    inlines = [node for node in block.get("c") or [] if block.get("t") in ("Para", "Plain")
               and node.get("t") not in ("Space", "SoftBreak")]
    alone = len(inlines) == 1 and inlines[0].get("t") == "Span" and _is_anchor(inlines[0])
    return inlines[0]["c"][0][0] if alone else ""


def _is_anchor(span: dict) -> bool:
    return bool(span["c"][0][0]) and not ast_text(span["c"][1]).strip()


def _caption_inlines(block: dict) -> list | None:
    """The words of a caption block (a `<div class="caption">` or a marked `<p class="caption">`
    of one paragraph), else None."""
    if block.get("t") != "Div" or not _CAPTION_CLASSES & set(block["c"][0][1]):
        return None
    inner = block["c"][1]
    if len(inner) != 1 or inner[0].get("t") not in ("Para", "Plain") or not ast_text(inner[0]["c"]).strip():
        return None
    return inner[0]["c"]
