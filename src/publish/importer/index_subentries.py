"""An HTML index's sub-entries, set as paragraphs under their entry by a class (Project
Gutenberg's Chiriqui: `<div class="index">` … `<p>Kunz, G. F., on use of insects … 38</p>
<p class="indent">on Chiriquian methods of plating 39</p>`): pandoc's reader drops a paragraph's
class, and the sub-entry came in as an entry, flush left. The paragraphs are marked before pandoc
reads the page; in an index they go into a `::: subentry` div, which the editions set in under
the entry; elsewhere the mark is taken off.
"""

from __future__ import annotations

import re

SUBENTRY_CLASS = "subentry"
_MARK = "publish-subentry"  # a class no page uses
_SUBENTRY_P = re.compile(
    r"<p\b(?P<attrs>[^>]*\bclass\s*=\s*(?P<q>[\"']?)[^\"'>]*?\b(?:indent|ind|sub|subentry|isub)\d?\b[^>]*)>"
    r"(?P<body>.*?)</p\s*>", re.IGNORECASE | re.DOTALL)


def marked_subentries(html: str) -> str:
    """The HTML with each `<p class="indent">` (ind, sub, isub1…) inside a `<div>` pandoc keeps the class of."""
    return _SUBENTRY_P.sub(lambda m: f'<div class="{_MARK}"><p{m["attrs"]}>{m["body"]}</p></div>', html)


def index_subentries(blocks: list, in_index: bool = False) -> int:
    """Marked paragraphs in a `::: index` become `::: subentry` divs (those in a row one), the
    others plain paragraphs again. How many sub-entries."""
    found, out = 0, []
    for block in blocks:
        if block.get("t") != "Div":
            out.append(block)
            continue
        classes = block["c"][0][1]
        found += index_subentries(block["c"][1], in_index or "index" in classes)
        if _MARK not in classes:
            out.append(block)
        elif not in_index:
            out.extend(block["c"][1])
        elif out and out[-1].get("t") == "Div" and out[-1]["c"][0][1] == [SUBENTRY_CLASS]:
            out[-1]["c"][1].extend(block["c"][1])
            found += 1
        else:
            out.append({"t": "Div", "c": [["", [SUBENTRY_CLASS], []], block["c"][1]]})
            found += 1
    blocks[:] = out
    return found
