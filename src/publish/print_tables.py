"""Tables wider than the text block, set in smaller type until they fit.

WeasyPrint lets a table whose columns cannot shrink further (their longest words) run past
the text block and off the page's edge: the last columns are cut at the trim, which a print
shop rejects and a reader cannot read. print.css already sets tables of many columns small;
a table that still overflows once laid out is set again in the type size that makes it fit
(its width follows its type size), as a typesetter would, down to MIN_PT. One still too wide
there is set in columns across the text block, its longest words broken (a column cut at the
trim is lost to the reader, and a print shop refuses it), and reported, with its caption or
first cells, so that it can be split or turned.

A caption is set in its table's width (WeasyPrint grows no table for it, nor lets CSS widen
the caption): over a narrow table of figures a long caption ran down in a column of short,
hyphenated lines. Such a table is set again wide enough for its caption to take CAPTION_LINES.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from publish.print_layout import flow_boxes
from publish.print_turns import CAPTION_IN, TURN_BELOW

MIN_PT = 5.0  # smaller is not read in print
SLACK_PT = 0.5  # overflow below this is rounding
MARGIN = 0.97  # the new size aims a little under the exact fit: widths do not scale exactly
CAPTION_LINES = 2  # a caption in more lines than this over a narrow table widens the table
TABLE_PT = 9.0  # print.css's type for a table: a table set below TURN_BELOW of it is turned, when it fits so
PX_PER_PT = 96 / 72
TURNED_SLACK_PX = 0.02 * 96  # the turned frame is a hair shorter than the page (print_turns.turned_css)


@dataclass(frozen=True)
class TableFit:
    """The `index`th table of the document (in document order), set at `font_size` points, or
    (`fixed`) as wide as the text block in columns of set widths, its pictures fitted to them."""

    index: int
    font_size: float
    fixed: bool = False
    widths: tuple[float, ...] = ()  # its columns' shares of the text block, in per cent
    turned: bool = False  # turned a quarter on a page of its own (print_turns.py), set in its frame's width


@dataclass(frozen=True)
class TableWidth:
    """The `index`th table of the document (in document order), set `percent` wide."""

    index: int
    percent: int


def _tables(root) -> list:
    return list(root.iter("table"))


def overflowing(root, pages, fits: list[TableFit]) -> tuple[list[TableFit], list[str]]:
    """Fits for the tables of `root` that run past the text block on the laid-out `pages`
    (sizes from those already set in `fits`), and the names of those that cannot fit."""
    from weasyprint.formatting_structure import boxes

    index = {id(e): i for i, e in enumerate(_tables(root))}
    sizes = {f.index: f.font_size for f in fits}
    turned = {f.index for f in fits if f.turned}
    pages_of = _pages_of(pages, index, boxes)
    wanted: dict[int, float] = {}
    fixed: set[int] = set()
    turn: set[int] = set()
    squeezed: dict[int, tuple[float, ...]] = {}
    hopeless: list[str] = []
    for page in pages:
        page_box = page._page_box
        for table in flow_boxes(page_box, boxes.TableBox):
            number = index.get(id(table.element))
            width = table.border_width()
            frame = page_box.height - TURNED_SLACK_PX if number in turned else page_box.width
            available = page_box.content_box_x() + frame - table.border_box_x()
            if number is None or width - available <= SLACK_PT or available <= 0:
                continue
            if _pictured(table.element):  # pictures keep their width whatever the type: columns set instead
                fixed.add(number)
                continue
            size = sizes.get(number, table.style["font_size"])
            fitted = max(MIN_PT, size * available / width * MARGIN)
            if number not in sizes and number not in turned and pages_of.get(number) == 1 \
                    and size * available / width < TURN_BELOW * TABLE_PT * PX_PER_PT:
                across = page_box.height - TURNED_SLACK_PX  # turned, the page's height is its measure
                scale = min(1.0, across / width * MARGIN)
                if table.margin_height() * scale <= page_box.width - CAPTION_IN * 96:
                    turn.add(number)  # short enough to stand on a page of its own turned
                    wanted[number] = max(MIN_PT, size * scale / PX_PER_PT) if scale < 1.0 else 0.0
                    continue
            if size <= MIN_PT:  # set across the text block in columns of set widths, words broken
                hopeless.append(_name(root, table.element))
                squeezed[number] = _shares(table.column_widths)
                continue
            wanted[number] = min(fitted, wanted.get(number, fitted))
    new = [TableFit(i, round(s, 2), turned=i in turn or i in turned) for i, s in sorted(wanted.items())]
    new += [TableFit(i, 0.0, fixed=True) for i in sorted(fixed)]
    new += [TableFit(i, MIN_PT, fixed=True, widths=w, turned=i in turned)
            for i, w in sorted(squeezed.items()) if i not in fixed]
    return new, list(dict.fromkeys(hopeless))


def _pages_of(pages, index: dict, boxes) -> dict[int, int]:
    """On how many of the laid-out pages each table of `index` stands."""
    counts: dict[int, int] = {}
    for page in pages:
        for number in {index.get(id(t.element)) for t in flow_boxes(page._page_box, boxes.TableBox)}:
            if number is not None:
                counts[number] = counts.get(number, 0) + 1
    return counts


def _shares(widths) -> tuple[float, ...]:
    """Column widths as per cent of their sum: a wide column of figures keeps its room."""
    total = sum(widths or ())
    return tuple(round(100 * w / total, 2) for w in widths) if total > 0 else ()


def _pictured(table) -> bool:
    """A table holding pictures (plates side by side), not only formulas drawn as pictures."""
    return any("math" not in (img.get("class") or "") for img in table.iter("img"))


def fit(root, fits: list[TableFit]) -> None:
    """Each table in `fits` given its type size (inline: over print.css's table sizes), and/or
    fixed columns across the text block: WeasyPrint sizes a column by its picture's full width,
    so a row of three plates ran 44 pt past the text block, the third cut at the trim; in columns
    of set widths `img { max-width: 100% }` fits each picture to its column. A table too wide even
    in MIN_PT is set so too, its longest words broken (body's overflow-wrap), not cut at the trim."""
    _styled(root, [(f.index, "; ".join(filter(None, ["table-layout: fixed; width: 100%" if f.fixed else "",
                                                      f"font-size: {f.font_size}pt" if f.font_size else ""])))
                   for f in fits])
    tables = _tables(root)
    for f in fits:
        if f.widths and f.index < len(tables):
            _columns(tables[f.index], f.widths)
    turned = [tables[f.index] for f in fits if f.turned and f.index < len(tables)]
    if turned:
        parents = {id(child): parent for parent in root.iter() for child in parent}
        for table in turned:
            _turned(table, parents[id(table)])


def _turned(table, parent) -> None:
    """The table in a figure turned a quarter on a page of its own (print_turns.py)."""
    figure = table.makeelement("figure", {"class": "turned turned-table"})
    frame = figure.makeelement("div", {"class": "turned-frame"})
    figure.append(frame)
    figure.tail, table.tail = table.tail, None
    parent.insert(list(parent).index(table), figure)
    parent.remove(table)
    frame.append(table)


def _columns(table, widths: tuple[float, ...]) -> None:
    """The table's columns set to `widths` (per cent), in cells of the least padding: its figures
    kept whole where they would fit side by side but for the cells' padding (twelve columns of
    "84,742.53" in 5 pt were 3 pt too wide), its words broken only where they must be."""
    for old in table.findall("colgroup"):
        table.remove(old)
    group = table.makeelement("colgroup", {})
    for width in widths:  # !important: over print.css's `col { width: auto !important }`
        group.append(table.makeelement("col", {"style": f"width: {width}% !important"}))
    caption = table.find("caption")
    table.insert(0 if caption is None else list(table).index(caption) + 1, group)
    table.set("class", " ".join(filter(None, [table.get("class"), "squeezed"])))


def _styled(root, declarations: list[tuple[int, str]]) -> None:
    """The `index`th table of `root` given the declaration, for each (index, declaration)."""
    tables = _tables(root)
    for index, declaration in declarations:
        if index < len(tables):
            style = (tables[index].get("style") or "").rstrip("; ")
            tables[index].set("style", f"{style}; {declaration}".lstrip("; "))


def cramped_captions(root, pages) -> list[TableWidth]:
    """Widths for the tables of `root` whose caption took more than CAPTION_LINES lines in the
    table's width on the laid-out `pages`, the table narrower than the text: as wide as puts
    the caption in about that many lines (its lines end to end), or in one when that is short."""
    from weasyprint.formatting_structure import boxes

    index = {id(e): i for i, e in enumerate(_tables(root))}
    wanted: dict[int, int] = {}
    for page in pages:
        for wrapper in _table_wrappers(page._page_box, boxes):
            number = index.get(id(wrapper.element))
            caption = next((c for c in wrapper.children if isinstance(c, boxes.TableCaptionBox)), None)
            table = next((c for c in wrapper.children if isinstance(c, boxes.TableBox)), None)
            if number is None or number in wanted or caption is None or table is None:
                continue
            lines = sum(isinstance(line, boxes.LineBox) for line in caption.children)
            width, available = table.border_width(), wrapper.margin_width()  # its margins centre it
            if lines > CAPTION_LINES and width < available * MARGIN:
                length = width * lines  # its lines end to end: a short one fits on one line
                wanted[number] = min(100, math.ceil(100 * length / (1 if length <= available / 2 else
                                                                    CAPTION_LINES) / available))
    return [TableWidth(i, p) for i, p in sorted(wanted.items())]


def widen(root, widths: list[TableWidth]) -> None:
    """Each table in `widths` set that wide (inline: over pandoc's width)."""
    _styled(root, [(w.index, f"width: {w.percent}%") for w in widths])


def _table_wrappers(box, boxes):
    """The boxes of a table with its caption in the page's text flow."""
    if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox, boxes.LineBox)):
        return
    if box.is_table_wrapper:
        yield box
        return
    for child in getattr(box, "children", None) or ():
        yield from _table_wrappers(child, boxes)


def _name(root, table) -> str:
    """How a reader finds the table: its caption, else its first cells; and its chapter."""
    caption = table.find(".//caption")
    text = _text(caption) if caption is not None else ""
    if not text:
        text = " | ".join(_text(c) for c in table.iter() if c.tag in ("th", "td"))
    name = f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'
    for section in root.iter("section"):
        heading = next(section.iter("h1"), None)
        if heading is not None and any(t is table for t in section.iter("table")):
            return f'{name} in "{_text(heading)}"'
    return name


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())
