"""A picture alone in its paragraph is set as a figure, in every edition.

Pandoc makes a figure only of a picture with a caption; one without (`![](lighthouse.png)`, or
`![](lighthouse.png){alt="…"}`, as `publish import` writes a Word document's pictures) stayed a
paragraph, indented as the paragraphs after the first are: the picture stood an indent off the
margin, not centred as figures are, and it could be split from nothing and moved by nothing as
a figure is in print.
"""

from __future__ import annotations


def lone_pictures_as_figures(blocks: list) -> None:
    """Each `<p>` of `blocks` (lxml elements, at any depth) that holds one `<img>` and no text
    becomes a `<figure>`."""
    for block in blocks:
        if isinstance(block, str):
            continue
        for para in list(block.iter("p")):
            children = list(para)
            if (len(children) == 1 and children[0].tag == "img" and not (para.text or "").strip()
                    and not (children[0].tail or "").strip() and not para.attrib):
                para.tag = "figure"
