"""PDF page labels (/PageLabels): the folios a PDF viewer shows, matching the printed ones.

WeasyPrint does not write page labels, so the print edition adds them to the catalog with
WeasyPrint's `finisher` hook, before the trailer is written: no second parse of the PDF,
and the output stays byte-for-byte reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

import pydyf

# PDF 32000-1, 12.4.2: the numbering styles a page label range can use.
STYLES = {"arabic": "D", "lower-roman": "r", "upper-roman": "R", "lower-alpha": "a", "upper-alpha": "A"}


@dataclass(frozen=True)
class LabelRange:
    """From page `first` (0-based) on, label pages in `style` counting from `start`."""

    first: int
    style: str = "arabic"
    start: int = 1
    prefix: str = ""


def page_labels_finisher(ranges: list[LabelRange]):
    """A WeasyPrint finisher that writes `ranges` as the document's /PageLabels number tree."""
    ordered = sorted(ranges, key=lambda r: r.first)
    if not ordered or ordered[0].first != 0:
        raise ValueError("page label ranges must start at page 0")

    def finish(document, pdf: pydyf.PDF) -> None:
        nums = pydyf.Array()
        for item in ordered:
            label = pydyf.Dictionary({"Type": "/PageLabel", "S": f"/{STYLES[item.style]}"})
            if item.start != 1:
                label["St"] = item.start
            if item.prefix:
                label["P"] = pydyf.String(item.prefix)
            nums.extend([item.first, label])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": nums})

    return finish


def label_for(ranges: list[LabelRange], index: int) -> str:
    """The label a viewer shows for page `index` (0-based): what the tests compare with folios."""
    from publish.numbering import to_roman

    current = max((r for r in ranges if r.first <= index), key=lambda r: r.first)
    n = current.start + index - current.first
    if current.style == "arabic":
        text = str(n)
    elif current.style.endswith("roman"):
        text = to_roman(n)
        text = text.lower() if current.style.startswith("lower") else text
    else:
        text = chr(ord("a") + n - 1)
        text = text.upper() if current.style.startswith("upper") else text
    return current.prefix + text
