"""Verse set in an HTML book's <pre>, as a line block.

Project Gutenberg's older HTML books set a poem, an oracle or a letter in `<pre>` to keep its
lines (Herodotus's oracles: `<pre> "But the number of sand I know, <a href="#linknote-41">41</a>
and …`). Pandoc reads a <pre> as code: every edition set the verse in a monospaced face, its long
lines broken anywhere, its quotes straight, and the links in it (the notes' calls) lost. A
<pre> of words, not code nor a table, is given as a line block (`<div class="line-block">`),
each line kept, its indent as no-break spaces, its links and emphasis kept.
"""

from __future__ import annotations

import re

_PRE = re.compile(r"<pre(?P<attrs>[^>]*)>(?P<body>.*?)</pre\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|\w+);", re.IGNORECASE)
_LETTERS_SHARE = 0.8  # code runs to brackets, signs and digits; prose and verse to letters


def verse_pres(html: str) -> tuple[str, int]:
    """The HTML with each <pre> of words given as a line block; and how many."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if not _is_words(match["attrs"], match["body"]):
            return match[0]
        count += 1
        body = _TAG.sub(lambda tag: " ".join(tag[0].split()), match["body"])  # a tag over two lines on one
        lines = body.strip("\r\n").splitlines()
        while lines and not lines[-1].strip():
            lines.pop()
        margin = min(len(line) - len(line.lstrip(" ")) for line in lines if line.strip())  # the <pre>'s own
        set_lines = [("&#160;" * (len(line) - len(line.lstrip(" ")) - margin)) + line.strip() if line.strip() else ""
                     for line in lines]
        return '<div class="line-block">' + "<br />\n".join(set_lines) + "</div>"

    return _PRE.sub(replace, html), count


def _is_words(attrs: str, body: str) -> bool:
    if "class=" in attrs.lower() or re.search(r"<code\b", body, re.IGNORECASE):
        return False  # a highlighter's or a manual's code
    text = _ENTITY.sub("x", _TAG.sub("", body))
    if "gutenberg" in text.lower():
        return False  # the licence, which the import sets aside as it stands
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or any(re.search(r"\S {3,}\S|\t", line) for line in lines):
        return False  # columns: a table typed in spaces
    marks = [c for c in text if not c.isspace()]
    return sum(c.isalpha() for c in marks) >= _LETTERS_SHARE * len(marks)
