"""Parts headed at their chapters' level in a web page.

Project Gutenberg's HTML books often tag a part's heading as they tag its chapters'
(Infantry Drill Regulations, 1911: "Part I.—DRILL." an <h1>, "Part II.—COMBAT." to "Part V"
<h2>s, as are the chapters under each, "INTRODUCTION.", "LEADERSHIP."). Read by its tags, the
book's chapters were its <h1>s: two, Part I holding the other four parts and their chapters.
When two headings or more name parts ("Part II", "Book 3", as the plain-text import reads them)
and a chapter's heading follows one at its level or above, each part is `# … {.part}` and
every heading moves up so that the chapters' level is `#`. An appendix, an index or the notes
after the last part's chapters end the parts (`{.backmatter}`).
"""

from __future__ import annotations

import re

from publish.importer.headings import names_a_part
from publish.importer.markdown import ast_text
from publish.importer.typed_layout import seen_inlines

PARTS_MIN = 2  # one heading naming a part is no division of the book
# What follows the last part and is none of its chapters: the drill's "APPENDIX A." after Part V's.
_BACK = re.compile(r"^(?:APPENDIX|APPENDICES|GLOSSARY|INDEX|BIBLIOGRAPHY|FOOTNOTES|NOTES)\b", re.IGNORECASE)


def parts_at_chapter_level(blocks: list) -> int:
    """Mark the parts among the top-level `blocks` and set their chapters at level 1; return
    how many parts, 0 when the headings' levels already part them (or no parts are named)."""
    headers = [b for b in blocks if b.get("t") == "Header"]
    parts = [i for i, h in enumerate(headers) if _names_a_part(h)]
    if len(parts) < PARTS_MIN:
        return 0
    firsts = [next((h for h in headers[i + 1:] if not _names_a_part(h)), None) for i in parts]
    levels = {h["c"][0] for h in firsts if h is not None}
    if len(levels) != 1:
        return 0
    chapter = levels.pop()
    # Parts above their chapters are parted by their levels already (Herodotus's "BOOK I" <h2>s).
    if all(headers[i]["c"][0] < chapter for i in parts):
        return 0
    for header in headers:
        header["c"][0] = max(1, header["c"][0] - (chapter - 1))
    for i in parts:
        headers[i]["c"][0] = 1
        if "part" not in headers[i]["c"][1][1]:
            headers[i]["c"][1][1].append("part")
    back = next((h for h in headers[parts[-1] + 1:] if h["c"][0] == 1 and _BACK.match(ast_text(h["c"][2]).strip())),
                None)
    if back is not None:
        back["c"][1][1].append("backmatter")
    return len(parts)


def _names_a_part(header: dict) -> bool:
    # A contents list's entry, a link alone ("Part I—Drill." linking to the part), names none.
    inlines = seen_inlines(header["c"][2])
    if len(inlines) == 1 and inlines[0].get("t") == "Link":
        return False
    return names_a_part(" ".join(ast_text(header["c"][2]).split()))
