"""A play's table of speeches (`::: drama`, speaker | speech): its speakers head their rows.

Written as a plain table, every cell was a data cell: a screen reader named no speaker for a
speech, and the tagged PDF had a table without a header cell on every page of the play (93 in
The Importance of Being Earnest, refused by PDF/UA checkers). A speaker's cell becomes a row
header, `<th scope="row">`, in every edition (WeasyPrint ties each speech to it by /Headers);
a stage direction's row, its first cell empty, has none.

A long speech's row (more words than LONG_SPEECH, some eight lines) is marked `long-speech`: print
lets it go over a page turn as a paragraph does. Kept whole as every row is, Lady Bracknell's
eighteen lines left half a page empty before them; a short one, split, left its speaker alone at a
page's foot (WeasyPrint pushes a cell it cannot part, not the row).
"""

from __future__ import annotations

from lxml import html as lxml_html

LONG_SPEECH = 70  # words
_SPEAKER_CELLS = "descendant-or-self::div[contains(concat(' ', normalize-space(@class), ' '), ' drama ')]//tr/td[1]"


def speakers_as_row_headers(blocks: list) -> None:
    """Make the speakers' cells of the tables of speeches among `blocks` (lxml elements) row headers."""
    for block in blocks:
        if isinstance(block, lxml_html.HtmlElement):
            for cell in block.xpath(_SPEAKER_CELLS):
                if cell.text_content().strip():
                    cell.tag = "th"
                    cell.set("scope", "row")
                    speech = cell.getnext()
                    if speech is not None and len(speech.text_content().split()) > LONG_SPEECH:
                        _mark_long(cell)


def _mark_long(speaker: lxml_html.HtmlElement) -> None:
    """Mark a long speech's row, its speaker's name in a block (`span.speaker`) print keeps whole
    and as tall as a speech's first lines: a cell WeasyPrint cannot begin on a page it pushes to
    the next, and the speaker and speech go over together."""
    row = speaker.getparent()
    row.set("class", " ".join([*row.get("class", "").split(), "long-speech"]))
    name = lxml_html.Element("span", {"class": "speaker"})
    name.text, speaker.text = speaker.text, None
    for child in list(speaker):
        name.append(child)
    speaker.append(name)
