"""Pictures without a description marked as decoration in the tagged PDF.

A picture the manuscript gives no description (`![](ornament.png)`, written `alt=""`: a
decoration, to the web edition and the EPUB) was tagged by WeasyPrint as a /Figure without /Alt,
which PDF/UA forbids (checkers: "Figure has neither /Alt nor /ActualText"). Decoration is an
artifact in PDF/UA: the figure leaves the structure tree, and its marked content on the page
becomes /Artifact, which screen readers pass over as the other editions' readers do.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name


def decorations_as_artifacts(pdf: pikepdf.Pdf) -> int:
    """Make every /Figure without /Alt or /ActualText an artifact; return how many."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    marked: dict[tuple[int, int], set[int]] = {}  # page object → its MCIDs to unmark
    count = 0
    stack, seen = [root], set()
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary) or (element.is_indirect and element.objgen in seen):
            continue
        if element.is_indirect:
            seen.add(element.objgen)
        kids = _kids(element.get("/K"))
        kept = [kid for kid in kids if not _decoration(kid, marked)]
        if len(kept) != len(kids):
            count += len(kids) - len(kept)
            element.K = Array(kept)
        stack.extend(kid for kid in kept if isinstance(kid, Dictionary))
    parents = _parent_arrays(root)
    for page in pdf.pages:
        mcids = marked.get(page.obj.objgen)
        if mcids:
            _unmark(pdf, page, mcids)
            owners = parents.get(int(page.obj.get("/StructParents", -1)))
            for mcid in mcids:
                if owners is not None and mcid < len(owners):
                    owners[mcid] = None  # the parent tree names no element for an artifact
    return count


def _parent_arrays(root: Dictionary) -> dict[int, Array]:
    """The parent tree's arrays (each page's MCIDs → their elements) by their keys."""
    nums = _kids(root.get("/ParentTree", Dictionary()).get("/Nums"))
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2) if isinstance(nums[i + 1], Array)}


def _decoration(kid, marked: dict[tuple[int, int], set[int]]) -> bool:
    """A figure without a description: its MCIDs noted in `marked` by page."""
    if not isinstance(kid, Dictionary) or kid.get("/S") != Name.Figure or "/Alt" in kid or "/ActualText" in kid:
        return False
    page = kid.get("/Pg")
    contents = _kids(kid.get("/K"))
    if page is None or not all(isinstance(c, int) for c in contents):
        return False  # not as WeasyPrint writes it: left as it is
    marked.setdefault(page.objgen, set()).update(int(c) for c in contents)
    return True


def _unmark(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    ops = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary) \
                and int(operands[1].get("/MCID", -1)) in mcids:
            operands = [Name.Artifact, Dictionary()]
        ops.append((operands, operator))
    page.obj.Contents = pikepdf.Stream(pdf, pikepdf.unparse_content_stream(ops))


def _kids(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]
