"""Verse: each line of a line block (`| a line of verse`) its own box, for every edition.

pandoc writes a stanza as one block, its lines split by <br />. A line too long for the
measure then wraps back to the left edge, where the turnover reads as a new line of verse.
Each line becomes a span (class "line") before its <br />: the stylesheets set it as an
inline block (print: a block, its <br /> hidden) with a hanging indent, so a turnover stands
indented under its line. Without those rules the text reads as before.

Verse is also written with hard line breaks (a `\\` or two spaces at each line's end), a stanza
a paragraph: such a paragraph, of three lines or more, is set as a line block too, and so is a
couplet (two lines) next to one or alone under its heading (a poem of two lines). As a
paragraph it was hyphenated and its turnovers went back to the margin in every edition, its
first line set in small capitals after a heading, and its stanzas ran together in print.
"""

from __future__ import annotations

import re

_LINE_BLOCK_OPENING = '<div class="line-block">'
_LINE_BLOCK = re.compile(r'(<div class="line-block">)(.*?)(</div>)', re.S)
_BREAK = re.compile(r"<br\s*/?>\n?")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_HARD_BREAKS = 2  # a stanza of three lines or more; one break alone is as often a letter's "Yours,\\ Jo"


def verse_lines(html: str) -> str:
    """`html` with each line of its line blocks, and of paragraphs of verse written with hard
    line breaks, in a <span class="line">."""
    return _LINE_BLOCK.sub(lambda m: m[1] + _lines(m[2]) + m[3], _stanzas(html))


def _stanzas(html: str) -> str:
    """Paragraphs of verse written with hard breaks as pandoc writes a line block."""
    paragraphs = list(_PARAGRAPH.finditer(html))
    breaks = [len(_BREAK.findall(p[1])) for p in paragraphs]
    verse = [count >= _HARD_BREAKS for count in breaks]

    def beside_verse(n: int) -> bool:  # the block before or after it a stanza, nothing between
        return any(0 <= m < len(paragraphs) and verse[m]
                   and not html[paragraphs[min(n, m)].end():paragraphs[max(n, m)].start()].strip()
                   for m in (n - 1, n + 1)) or _beside_line_block(html, paragraphs[n])

    pieces, done = [], 0
    for n, count in enumerate(breaks):
        if verse[n] or count == 1 and (beside_verse(n) or _whole_poem(html, paragraphs[n])):
            p = paragraphs[n]
            pieces += [html[done:p.start()], f'<div class="line-block">{p[1]}</div>']
            done = p.end()
    return "".join(pieces) + html[done:]


_HEADING_END = re.compile(r"</h[1-6]>$")
_SECTION_END = re.compile(r"^(?:</section>|<section\b|<h[1-6]\b|$)")


def _whole_poem(html: str, paragraph: re.Match[str]) -> bool:
    """A couplet that is all of its section, between its heading and the next (Leaves of
    Grass's "To You": two lines, a poem of its own)."""
    return bool(_HEADING_END.search(html[:paragraph.start()].rstrip())
                and _SECTION_END.match(html[paragraph.end():].lstrip()))


def _beside_line_block(html: str, paragraph: re.Match[str]) -> bool:
    """A line block (`| …` lines: a stanza of indented lines) right before or after the paragraph."""
    before = html.rfind(_LINE_BLOCK_OPENING, 0, paragraph.start())
    between = html[before:paragraph.start()].rstrip()
    return (before >= 0 and between.endswith("</div>") and between.count("</div>") == 1
            or html[paragraph.end():].lstrip().startswith(_LINE_BLOCK_OPENING))


def _lines(block: str) -> str:
    lines = _BREAK.split(block)
    last = len(lines) - 1
    # A blank line between two others (`|` alone) is a line too: print sets lines as blocks.
    return "<br />\n".join(f'<span class="line">{line}</span>' if line.strip() or 0 < n < last and not line else line
                            for n, line in enumerate(lines))
