"""A collection's poems: a chapter's sections (its `##` headings) set in verse, each titled.

Leaves of Grass's books hold some 400 poems, a selected poems its sonnets and odes under their
years: as sections, they are in the EPUB's navigation but were not on the contents page of any
edition, which listed "Inscriptions" and "Calamus" and no poem a reader looks for. A section
whose words are mostly verse (line blocks) and whose heading is more than a numeral (Song of
Myself's "1" to "52", Onegin's stanzas "I", "II" are parts of one poem) is a poem.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml import etree

from publish.importer.headings import is_bare_number
from publish.model import Chapter

VERSE_SHARE = 0.6  # of a section's words in its line blocks: a poem with a note or a prose preface


@dataclass(frozen=True)
class Poem:
    anchor: str  # its section's id
    title: str  # its heading's text


def chapter_poems(chapter: Chapter) -> list[Poem]:
    """The poems among the chapter's sections, in order."""
    if 'class="level2"' not in chapter.body_html or "line-block" not in chapter.body_html:
        return []
    poems = []
    for section in lxml.html.fragment_fromstring(chapter.body_html, create_parent="div").iter("section"):
        heading = section[0] if len(section) and section[0].tag == "h2" else None
        anchor = section.get("id")
        if heading is None or not anchor or "level2" not in section.get("class", "").split():
            continue
        title = " ".join(_heading_text(heading).split())
        if title and not is_bare_number(title) and _mostly_verse(section, heading):
            poems.append(Poem(anchor, title))
    return poems


def _mostly_verse(section: etree._Element, heading: etree._Element) -> bool:
    """Its words mostly in line blocks, the first block under its heading (past a subhead or an
    epigraph) one: Paradise Lost's "The Argument", a paragraph over a book's verse, is none."""
    opening = next((b for b in heading.itersiblings() if isinstance(b.tag, str)
                    and not {"subhead", "epigraph"} & set(b.get("class", "").split())), None)
    if opening is None or "line-block" not in opening.get("class", "").split():
        return False
    words = len(section.text_content().split()) - len(heading.text_content().split())
    verse = sum(len(block.text_content().split()) for block in section.iter("div")
                if "line-block" in block.get("class", "").split())
    return words > 0 and verse >= words * VERSE_SHARE


def _heading_text(heading: etree._Element) -> str:
    """Its words without a note's call ("To Him That Was Crucified¹")."""
    calls = heading.xpath('.//a[contains(concat(" ", @class, " "), " footnote-ref ")]')
    return "".join(t for t in heading.itertext() if not any(t in c.itertext() for c in calls))
