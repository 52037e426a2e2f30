"""The ids pandoc gives code blocks (`cb3` on the block, `cb3-1` on its lines' anchors), numbered
on across parts converted apart, as pandoc numbers them in the whole document: a part converted
alone after a correction starts again at `cb1`, which the first chapter has already."""

from __future__ import annotations

import re

_ID = re.compile(r'(\b(?:id="|href="#))cb(\d+)((?:-\d+)?")')


def shift_code_ids(html: str, before: int, count: int) -> str:
    """The part's HTML with the ids of its `count` unnamed code blocks after the `before` of the
    parts before it (negative: numbered back from 1). Ids past its own blocks are an author's."""
    if not before or not count:
        return html
    first = 1 if before > 0 else 1 - before

    def shifted(m: re.Match) -> str:
        n = int(m.group(2))
        return f"{m.group(1)}cb{n + before}{m.group(3)}" if first <= n < first + count else m.group(0)

    return _ID.sub(shifted, html)
