"""A play's table of speeches (`::: drama`, speaker | speech): its speakers head their rows.

Written as a plain table, every cell was a data cell: a screen reader named no speaker for a
speech, and the tagged PDF had a table without a header cell on every page of the play (93 in
The Importance of Being Earnest, refused by PDF/UA checkers). A speaker's cell becomes a row
header, `<th scope="row">`, in every edition (WeasyPrint ties each speech to it by /Headers);
a stage direction's row, its first cell empty, has none.
"""

from __future__ import annotations

from lxml import html as lxml_html

_SPEAKER_CELLS = "descendant-or-self::div[contains(concat(' ', normalize-space(@class), ' '), ' drama ')]//tr/td[1]"


def speakers_as_row_headers(blocks: list) -> None:
    """Make the speakers' cells of the tables of speeches among `blocks` (lxml elements) row headers."""
    for block in blocks:
        if isinstance(block, lxml_html.HtmlElement):
            for cell in block.xpath(_SPEAKER_CELLS):
                if cell.text_content().strip():
                    cell.tag = "th"
                    cell.set("scope", "row")
