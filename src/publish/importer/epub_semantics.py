"""Inline semantics typed for EPUB's vocabularies, read for the editions.

Standard Ebooks type words and phrases so: `<abbr epub:type="z3998:name-title">Mr.</abbr>`,
`<span epub:type="z3998:roman">IV</span>`, `<span epub:type="se:name.music.song">`, a date
`<time datetime="1912-07-01">`. pandoc reads each as a span of classes (`[Mr.]{.abbr
.z3998:name-title}`) or keeps the <time> as raw HTML: The Worst Journey in the World's text.md had
1,591 such spans and 884 tags, which an editor reads round and no edition's stylesheet knows. Such
a span is taken off and its words kept; its language or id stays on it; a signature keeps the
small capitals Standard Ebooks set it in. A picture's types (`epub:type="z3998:photograph"`) go
too, and a figure's layout class.
"""

from __future__ import annotations

import re

# <abbr>, its "end of clause" (the full stop ends the sentence too), <dfn> (a glossary's term).
_ELEMENT_CLASSES = {"abbr", "eoc", "dfn"}
_VOCABULARIES = ("z3998:", "se:")
_SMALL_CAPS = {"z3998:signature"}  # as Standard Ebooks set it
# A figure's layout in Standard Ebooks' stylesheet, which no edition's knows: a figure with a class
# and no caption is written as raw HTML (`<figure class="full-page"><img alt="Map of …">`), its
# description no word of the text read back (Grant's Memoirs' 43 maps: 'map'×43 lost, refused).
_FIGURE_LAYOUT = {"full-page"}
_TIME_TAG = re.compile(r"^</?time(\s[^>]*)?>$", re.I)


def _semantic(name: str) -> bool:
    return name in _ELEMENT_CLASSES or name.startswith(_VOCABULARIES)


def plain_semantics(node: object) -> int:
    """Take the semantic spans and <time> tags off (in place); return how many."""
    taken = 0
    if isinstance(node, dict):
        if node.get("t") in ("Image", "Figure"):
            attr = node["c"][0]
            attr[1] = [c for c in attr[1] if not _semantic(c) and c not in _FIGURE_LAYOUT]
            attr[2] = [kv for kv in attr[2] if kv[0] != "epub:type"]
        return plain_semantics(node.get("c"))
    if not isinstance(node, list):
        return 0
    out: list = []
    for item in node:
        if isinstance(item, dict) and item.get("t") == "RawInline" and item["c"][0] == "html" \
                and _TIME_TAG.match(item["c"][1].strip()):
            taken += 1
            continue
        if isinstance(item, dict) and item.get("t") == "Span":
            taken += plain_semantics(item["c"][1])
            ident, classes, pairs = item["c"][0]
            kept = [c for c in classes if not _semantic(c)]
            if len(kept) < len(classes):
                taken += 1
                if any(c in _SMALL_CAPS for c in classes) and "smallcaps" not in kept:
                    kept.append("smallcaps")
                item["c"][0] = [ident, kept, pairs]
                if not ident and not kept and not pairs:
                    out.extend(item["c"][1])
                    continue
            out.append(item)
            continue
        taken += plain_semantics(item)
        out.append(item)
    node[:] = _joined(out) if taken else out
    return taken


def _joined(inlines: list) -> list:
    """Words run together again: pandoc's Markdown writer escapes a list's marker only in one
    string, so "(i) To France" unwrapped from `([i]{.z3998:roman})` read back as a list."""
    out: list = []
    for item in inlines:
        if out and isinstance(item, dict) and item.get("t") == "Str" \
                and isinstance(out[-1], dict) and out[-1].get("t") == "Str":
            out[-1] = {"t": "Str", "c": out[-1]["c"] + item["c"]}
        else:
            out.append(item)
    return out
