"""Math for the print edition: each MathML formula drawn as an SVG picture with ziamath.

WeasyPrint has no MathML layout, so the print document gets vector pictures in place of
the <math> elements; the EPUB and HTML editions keep pandoc's MathML. ziamath typesets with
the STIX Two Math font it ships (SIL Open Font Licence), in pure Python, with no network.
An inline formula sits on the baseline of its line and scales with the text (em units);
display math is centred on a line of its own. A formula that cannot be drawn is a warning
naming its file and line, and prints as plain text instead.
"""

from __future__ import annotations

import base64
import html
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html

from publish.model import Book

log = logging.getLogger("publish")

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
SIZE = 20.0  # px per em in the pictures' own coordinates; the page sizes them in em
SCALE = 1.04  # STIX Two's x-height is a little smaller than the book face's
_MATH = re.compile(r"<math\b[^>]*>.*?</math>", re.S)
# pandoc's fallback for TeX it could not read: the source, as text, in a math span.
_UNREAD = re.compile(r'<span class="math (inline|display)">(.*?)</span>', re.S)


@dataclass(frozen=True)
class Picture:
    """A formula drawn: the SVG and its size and depth below the baseline, in em."""

    svg: str
    alt: str
    width: float
    height: float
    depth: float


def print_math(document: str, book: Book) -> str:
    """The print document with every formula as an SVG picture (or as text, with a warning)."""
    drawn: dict[str, Picture | None] = {}

    def replace(match: re.Match) -> str:
        mathml = match.group()
        if mathml not in drawn:
            drawn[mathml] = _draw(mathml, book)
        picture = drawn[mathml]
        return mathml if picture is None else _img(picture, 'display="block"' in mathml.split(">", 1)[0])

    return _MATH.sub(replace, document)


def warn_unread_math(book: Book) -> None:
    """Once per build, for every edition: TeX that pandoc could not read is shown as source."""
    for chapter in book.chapters:
        for unread in _UNREAD.finditer(chapter.body_html):
            tex = html.unescape(re.sub(r"<[^>]+>", "", unread.group(2))).strip("$ \n")
            _warn(book, tex, "pandoc could not read this TeX math; every edition shows its TeX source")


def _draw(mathml: str, book: Book) -> Picture | None:
    with warnings.catch_warnings():  # ziamath 0.13 finds its font through a deprecated call
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath

    element = _parse(mathml)
    tex, hand_written = _tex_of(element), not _has_annotation(element)
    if element is None:
        _warn(book, tex, "this formula is not well-formed MathML; it prints as plain text", True)
        return None
    content = _without_annotations(element)
    problems: list[str] = []
    capture, quiet = _Capture(problems), logging.NullHandler()
    root = logging.getLogger()
    root.addFilter(capture)  # ziamath reports unknown elements on the root logger;
    root.addHandler(quiet)  # a handler there keeps logging.warning() from configuring it
    try:
        ziamath.config.svg2 = False  # plain paths: no <symbol>/<use> for the PDF renderer
        math = ziamath.Math(content, size=SIZE, margin=0)
        svg = math.svg()
        width, height = math.getsize()
        depth = -math.getyofst()
    except Exception as exc:  # noqa: BLE001 - any failure of the layout library is this formula's
        reason = str(exc) or "its MathML is malformed (an element lacks a part it needs)"
        _warn(book, tex, f"this formula could not be drawn: {reason}; it prints as plain text", hand_written)
        return None
    finally:
        root.removeFilter(capture)
        root.removeHandler(quiet)
    if problems:
        _warn(book, tex, f"this formula was drawn without some of its parts ({'; '.join(problems)})",
              hand_written)
    return Picture(svg, tex or "formula", width / SIZE * SCALE, height / SIZE * SCALE, depth / SIZE * SCALE)


def _img(picture: Picture, block: bool) -> str:
    data = base64.b64encode(picture.svg.encode()).decode()
    alt = html.escape(picture.alt, quote=True)
    style = f"width: {picture.width:.3f}em"
    if not block:  # the height too: the depth below the baseline is a share of it
        style += f"; height: {picture.height:.3f}em; vertical-align: {-picture.depth:.3f}em"
    kind = "math-display" if block else "math-inline"
    return f'<img class="{kind}" alt="{alt}" style="{style}" src="data:image/svg+xml;base64,{data}">'


def _parse(mathml: str):
    """The <math> element as XML: pandoc writes well-formed MathML; lxml.html kept it so."""
    try:
        return lxml.etree.fromstring(mathml)
    except lxml.etree.XMLSyntaxError:
        return None


def _tex_of(element) -> str:
    """The TeX source pandoc keeps in the annotation (the alt text, and how to find the line);
    for MathML written by hand in raw HTML, its text."""
    if element is None:
        return ""
    for node in element.iter():
        if isinstance(node.tag, str) and lxml.etree.QName(node).localname == "annotation":
            return (node.text or "").strip()
    return " ".join("".join(element.itertext()).split())


def _has_annotation(element) -> bool:
    return element is not None and any(
        isinstance(n.tag, str) and lxml.etree.QName(n).localname == "annotation" for n in element.iter()
    )


def _without_annotations(element) -> str:
    """MathML without pandoc's <semantics> wrapper and TeX annotation (ziamath draws neither)."""
    for node in list(element.iter()):
        if not isinstance(node.tag, str):
            continue
        name = lxml.etree.QName(node).localname
        if name in ("annotation", "annotation-xml"):
            node.getparent().remove(node)
        elif name == "semantics":
            parent = node.getparent()
            index = list(parent).index(node)
            for offset, child in enumerate(list(node)):
                parent.insert(index + offset, child)
            parent.remove(node)
    return lxml.etree.tostring(element, encoding="unicode")


class _Capture(logging.Filter):
    """Collects ziamath's root-logger warnings (and keeps them off the console)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__()
        self.problems = problems

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "root":
            return True
        message = record.getMessage()
        match = re.search(r"Element '([^']+)'", message)
        self.problems.append(f"unknown element <{match[1]}>" if match else message)
        return False


def _warn(book: Book, tex: str, message: str, hand_written: bool = False) -> None:
    path, line = locate(book, tex, hand_written)
    short = tex if len(tex) <= 60 else tex[:57] + "..."
    where = f"{path}:{line}: " if path else ""
    log.warning("%sformula %s: %s", where, short or "(empty)", message)


def locate(book: Book, tex: str, hand_written: bool = False) -> tuple[Path | None, int]:
    """The manuscript file and line where a formula starts (the sources are read only to warn):
    the first line of its TeX, or for MathML written in raw HTML, the `<math` line whose next
    few lines hold its first word."""
    words = tex.split()
    first = tex.split("\n", 1)[0].strip()
    files = [p for p in book.inputs if p.suffix == ".md"]
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except OSError:
            continue
        for number, text in enumerate(lines, 1):
            if hand_written:
                if "<math" in text and (not words or words[0] in " ".join(lines[number - 1:number + 5])):
                    return path, number
            elif first and first in text:
                return path, number
    return (files[0], 1) if files else (None, 0)
