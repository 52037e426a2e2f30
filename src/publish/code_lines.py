"""A code block's lines as blocks of their own, each turning over under itself, in every edition.

A line of code longer than the measure wraps (print.css, epub.css and screen.css never let it run
off the page or the screen); its turnover started at the left edge, where it read as a new line
of code. Each line is made a `<span class="code-line">`, set as an inline block (the stylesheets)
whose turnovers stand two letters in from the line's own indent; pandoc's highlighted lines are
such spans already. The newlines stay between the spans, so that the block's text, copied or
searched, is the code as written, and a page may still turn between any two lines of it.

A block written `{.python .numberLines}` numbers its lines in the stylesheets' counter,
`source-line`, from the number pandoc gives its first line (`startFrom="10"`: its span's id ends
"-10"); pandoc's own `counter-reset` in the block's style is one the sanitiser does not keep.
"""

from __future__ import annotations

import re

import lxml.html

HANG = 2  # letters a turnover stands in from its line's own indent
MOST_HANG = 12  # letters: a deeply indented line's turnovers stand no further in (a phone shows some 35)
_PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)
_LINE_ID = re.compile(r"-(\d+)$")  # pandoc's id of a highlighted line: "cb3-10", the block's 10th


def lines_hung_in(fragment: str) -> str:
    """An HTML fragment with its code blocks' lines hung, measured in `ch` (a screen's monospace
    face, whatever its width); the rest of the fragment as it was."""
    if "<pre" not in fragment:
        return fragment

    def hung(match: re.Match) -> str:
        pre = lxml.html.fragment_fromstring(match[0])
        lines_hung(pre, 1, "ch")
        return lxml.html.tostring(pre, encoding="unicode")

    return _PRE.sub(hung, fragment)


def lines_hung(pre, letter: float, unit: str) -> None:
    """The block's lines as `.code-line` spans, each turning over HANG letters (of `letter`
    `unit`s each) in from its own indent. A block with markup of its own inside (raw HTML's
    `<pre>`) is left as written."""
    code = pre[0] if len(pre) == 1 and pre[0].tag == "code" and not (pre.text or "").strip() else pre
    if code is not pre and code.get("class", "").split()[:1] == ["sourceCode"]:
        spans = list(code)
        if not spans or any(s.tag != "span" or (s.tail or "").strip("\n") for s in spans) or (code.text or "").strip():
            return
        for span in spans:
            _hung(span, span.text_content(), letter, unit)
            _self_link_hidden(span)
        if "numberLines" in (pre.get("class") or "").split() and (first := _LINE_ID.search(spans[0].get("id", ""))):
            code.set("style", f"counter-reset: source-line {int(first[1]) - 1}")
        return
    if len(code) or not code.text:
        return
    lines = code.text.split("\n")
    code.text = None
    for n, line in enumerate(lines):
        span = lxml.html.Element("span")
        span.text = line
        span.tail = "\n" if n + 1 < len(lines) else None
        _hung(span, line, letter, unit)
        code.append(span)


def _hung(span, line: str, letter: float, unit: str) -> None:
    span.set("class", " ".join(filter(None, [span.get("class"), "code-line"])))
    indent = len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip(" "))
    hang = min(indent + HANG, MOST_HANG) * letter
    span.set("style", f"padding-left: {hang:g}{unit}; text-indent: -{hang:g}{unit}")


def _self_link_hidden(span) -> None:
    """The empty link to itself pandoc opens a numbered block's line with (`<a href="#cb3-10"></a>`),
    hidden from screen readers and the keyboard as pandoc hides it in an unnumbered block: a link
    without a name (DAISY Ace: 'link-name', serious)."""
    link = span[0] if len(span) else None
    if link is not None and link.tag == "a" and not link.text_content() and not len(link) \
            and link.get("aria-hidden") is None:
        link.set("aria-hidden", "true")
        link.set("tabindex", "-1")
