"""An old edition's index typed as lists under its heading ("INDEX" over "- Bach, J.S., [136](#page136)",
as Project Gutenberg's HTML books set many): put in a `::: index` div, which the editions set as
an index (each entry flush left, its turnover lines set in; in print in two columns), not as lists
of bullets, and whose page numbers the print edition makes its own (page_refs.py).
"""

from __future__ import annotations

import re

from publish.importer.markdown import ast_text

# An index's heading, with no number or name of its own ("Index of Names" too; not "Indexes and
# Catalogues", a chapter about them). Not "Índice", "Indice": a contents in Spanish and Italian.
_TITLE = re.compile(r"(?:general |subject |name |)index(?: of (?:names|subjects|persons|places))?|"
                    r"(?:предметный |именной |алфавитный |)указатель(?: имён| имен)?|"
                    r"(?:namen|sach|personen|orts)?register|index alphabétique", re.I)
_LISTS = ("BulletList", "OrderedList")
_NUMBER = re.compile(r"\d")
_PAGE = re.compile(r"\d{1,4}")  # a link's whole text: "116"
INDEX_CLASS = "index"


def index_lists(blocks: list) -> int:
    """Put each index typed as lists under its heading in a `::: index` div: what follows the
    heading up to the next heading as high, when that is lists (with letters' headings between)
    whose entries mostly carry a page number. How many."""
    found = 0
    n = 0
    while n < len(blocks):
        block = blocks[n]
        if block.get("t") == "Header" and _TITLE.fullmatch(_title(block)):
            level = block["c"][0]
            end = next((k for k in range(n + 1, len(blocks)) if blocks[k].get("t") == "Header"
                        and blocks[k]["c"][0] <= level), len(blocks))
            if _entries(blocks[n + 1:end]):
                blocks[n + 1:end] = [{"t": "Div", "c": [["", [INDEX_CLASS], []], blocks[n + 1:end]]}]
                found += 1
        n += 1
    return found


def _title(header: dict) -> str:
    return " ".join(ast_text(header["c"][2]).split()).strip(" .:").casefold()


def _entries(section: list) -> bool:
    """Whether `section` is an index's entries: lists, letters' headings (and a paragraph or a rule
    between), the lists' items mostly carrying a number."""
    lists = [b for b in section if b.get("t") in _LISTS]
    if any(b.get("t") not in (*_LISTS, "Header", "Para", "Plain", "HorizontalRule") for b in section):
        return False
    if not lists:
        return _paragraph_entries(section)
    items = [item for block in lists for item in (block["c"] if block["t"] == "BulletList" else block["c"][1])]
    numbered = sum(bool(_NUMBER.search(ast_text(item))) for item in items)
    paragraphs = sum(b.get("t") in ("Para", "Plain") for b in section)
    return numbered * 2 > len(items) and paragraphs <= len(lists)


def _paragraph_entries(section: list) -> bool:
    """An index typed an entry a paragraph (A Short History of the World's `<p class="index">`,
    "Abraham the Patriarch, <a href="#P116">116</a>"; letters alone between): most paragraphs,
    ten at least, link a page's number."""
    paragraphs = [b for b in section if b.get("t") in ("Para", "Plain")]
    linked = sum(any(_PAGE.fullmatch(ast_text(link["c"][1]).strip()) for link in links_in(b["c"])) for b in paragraphs)
    return linked >= 10 and linked * 2 > len(paragraphs)


def links_in(node: object) -> list[dict]:
    """The links in pandoc JSON, outermost first."""
    if isinstance(node, list):
        return [link for item in node for link in links_in(item)]
    if isinstance(node, dict):
        return [node] if node.get("t") == "Link" else links_in(node.get("c"))
    return []
