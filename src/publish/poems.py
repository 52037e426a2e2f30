"""A collection's poems: a chapter's sections (its `##` headings) set in verse, each titled.

Leaves of Grass's books hold some 400 poems, a selected poems its sonnets and odes under their
years: as sections, they are in the EPUB's navigation but were not on the contents page of any
edition, which listed "Inscriptions" and "Calamus" and no poem a reader looks for. A section
whose words are mostly verse (line blocks) and whose heading is more than a numeral (Song of
Myself's "1" to "52", Onegin's stanzas "I", "II" are parts of one poem) is a poem.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from publish.importer.headings import is_bare_number, is_numeral_run
from publish.model import Chapter

HEADINGS = ("h2", "h3", "h4", "h5", "h6")
VERSE_SHARE = 0.6  # of a section's words in its line blocks: a poem with a note or a prose preface


@dataclass(frozen=True)
class Poem:
    anchor: str  # its section's id (its chapter's, a poem a chapter)
    title: str  # its heading's text
    first_line: str = ""  # its first line of verse (the index of first lines, first_lines.py)

    @property
    def listed(self) -> str:
        """Its line in the contents: its title, or, titled by a numeral alone (Dickinson's "II"),
        the numeral and its first line, as a reader looks it up."""
        if is_bare_number(self.title) and self.first_line:
            return f"{self.title.rstrip('.')}. {self.first_line.rstrip(',;:')}"
        return self.title


def chapter_poems(chapter: Chapter) -> list[Poem]:
    """The poems among the chapter's sections, in order."""
    return list(_section_poems(chapter))


@functools.lru_cache(maxsize=256)  # read for each edition's contents and index of first lines
def _section_poems(chapter: Chapter) -> tuple[Poem, ...]:
    if 'class="level2"' not in chapter.body_html or "line-block" not in chapter.body_html:
        return ()
    poems = []
    sections = []
    for section in lxml.html.fragment_fromstring(chapter.body_html, create_parent="div").iter("section"):
        heading = section[0] if len(section) and section[0].tag == "h2" else None
        anchor = section.get("id")
        if heading is not None and anchor and "level2" in section.get("class", "").split():
            sections.append((section, heading, anchor, " ".join(_heading_text(heading).split())))
    numbered = numbered_poems([title for *_, title in sections])
    for section, heading, anchor, title in sections:
        numeral = is_bare_number(title) or is_numeral_run(title)  # "II", or Onegin's "XIII. XIV" left out
        if title and (numbered or not numeral) and _mostly_verse(section, heading):
            poems.append(Poem(anchor, title, first_line(_opening(section, heading))))
    return tuple(poems)


_NUMBERED_TITLE = re.compile(r"[IVXLC]{1,8}\.\s+\S")


def numbered_poems(titles: list[str]) -> bool:
    """Sections numbered as a collection numbers its poems, some with a title after the numeral
    (Dickinson's "I. SUCCESS.", "II", "III. ROUGE ET NOIR."): each is a poem, the numeral alone
    too. Song of Myself's "1" to "52", Onegin's stanzas "I", "II", all numerals alone, are parts
    of one poem, and so are its stanzas left out, numbered together ("XIII. XIV")."""
    return any(is_bare_number(t) for t in titles) and any(_NUMBERED_TITLE.match(t) and not is_numeral_run(t)
                                                          for t in titles)


@functools.lru_cache(maxsize=256)
def whole_chapter_poem(chapter: Chapter) -> Poem | None:
    """The chapter as one poem, when it has no poems among its sections and its words are mostly
    verse: a sonnet a chapter (Shakespeare's "XVIII"), Song of Myself in its numbered sections "1"
    to "52" (its first line is the first of "1"), Endymion after its preface in prose (its first
    line "A thing of beauty is a joy for ever:", under "I"), a book of Paradise Lost after its
    argument."""
    if "line-block" not in chapter.body_html or _section_poems(chapter):
        return None
    body = lxml.html.fragment_fromstring(chapter.body_html, create_parent="div")
    opening = _opening(body, None, past_prose=True)
    if opening is None or not _verse_share(body, None):
        return None
    return Poem(chapter.id, " ".join(chapter.title.split()), first_line(opening))


def first_line(block: etree._Element | None) -> str:
    """A line block's first line, its words without a note's call."""
    if block is None:
        return ""
    line = next((span for span in block if span.tag == "span" and "line" in span.get("class", "").split()), None)
    if line is None:  # pandoc's block as written, its lines parted by <br />
        line = etree.Element("span")
        line.text = block.text
        for child in block:
            if child.tag == "br":
                break
            line.append(etree.fromstring(etree.tostring(child)))
    # Its no-break spaces kept: the contents and the index keep "ange!» — «Pachette!»" from breaking before the dash.
    return _ASCII_SPACES.sub(" ", _heading_text(line)).strip()


_ASCII_SPACES = re.compile(r"[ \t\r\n]+")


def _opening(section: etree._Element, heading: etree._Element | None,
             past_prose: bool = False) -> etree._Element | None:
    """The line block that opens a section under its heading (past a subhead or an epigraph, and
    into a first section titled by a numeral; `past_prose`: past sections that open otherwise, a
    preface or an argument), or None when it opens otherwise."""
    blocks = heading.itersiblings() if heading is not None else iter(section)
    for block in blocks:
        if not isinstance(block.tag, str) or {"subhead", "epigraph"} & set(block.get("class", "").split()) \
                or _bracketed_note(block):
            continue
        titled = block.tag == "section" and len(block) and block[0].tag in HEADINGS
        if titled and is_bare_number(" ".join(_heading_text(block[0]).split())):
            return _opening(block, block[0])
        if titled and past_prose:
            if (verse := _opening(block, block[0])) is not None:
                return verse
            continue
        return block if "line-block" in block.get("class", "").split() else None
    return None


def _bracketed_note(block: etree._Element) -> bool:
    """An editor's note in brackets over a poem (Dickinson's "[Published in "A Masque of Poets" at
    the request of "H.H.," …]" over "Success is counted sweetest")."""
    text = block.text_content().strip()
    return block.tag == "p" and text.startswith("[") and text.endswith("]")


def _mostly_verse(section: etree._Element, heading: etree._Element | None) -> bool:
    """Its words mostly in line blocks, the first block under its heading (past a subhead or an
    epigraph) one: Paradise Lost's "The Argument", a paragraph over a book's verse, is none."""
    return _opening(section, heading) is not None and _verse_share(section, heading)


def _verse_share(section: etree._Element, heading: etree._Element | None) -> bool:
    """Whether its words are mostly in line blocks."""
    words = len(section.text_content().split()) - (len(heading.text_content().split()) if heading is not None else 0)
    verse = sum(len(block.text_content().split()) for block in section.iter("div")
                if "line-block" in block.get("class", "").split())
    return words > 0 and verse >= words * VERSE_SHARE


def _heading_text(heading: etree._Element) -> str:
    """Its words without a note's call ("To Him That Was Crucified¹")."""
    calls = heading.xpath('.//a[contains(concat(" ", @class, " "), " footnote-ref ")]')
    return "".join(t for t in heading.itertext() if not any(t in c.itertext() for c in calls))
