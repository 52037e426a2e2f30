"""A scene break that ends a chapter is dropped.

A manuscript may part its chapters with a rule as well as a heading (pandoc's testsuite.txt ends
each section with "-----"; authors converting from a word processor type "* * *" before each
chapter): printed, it was a lone asterisk under the chapter's last line, a break before nothing.
A rule with an id stays, as links may lead to it.
"""

from __future__ import annotations

from lxml import html as lxml_html


def drop_closing_rules(blocks: list) -> None:
    """Take the rules off the end of each chapter among `blocks` (lxml elements and strings), off
    the end of the text before the first chapter, and off the book's end."""
    for block in blocks:
        if _is_section(block):
            _drop_last_rules(block)
    _drop_rules_before(blocks, len(blocks))
    first = next((k for k, block in enumerate(blocks) if _is_section(block)), None)
    if first is not None:
        _drop_rules_before(blocks, first)


def _drop_rules_before(blocks: list, end: int) -> None:
    k = end - 1
    while k >= 0 and (_is_rule(blocks[k]) and not (blocks[k].tail or "").strip()
                      or isinstance(blocks[k], str) and not blocks[k].strip()):
        if _is_rule(blocks[k]):
            del blocks[k]
        k -= 1


def _drop_last_rules(section) -> None:
    while len(section):
        # The chapter's notes (pandoc's <aside class="footnotes">) come after its text and its rule.
        text = [child for child in section if not _is_notes(child)]
        if not text:
            return
        last = text[-1]
        if _is_section(last):
            _drop_last_rules(last)
            return
        if not _is_rule(last) or (last.tail or "").strip():
            return
        section.remove(last)


def _is_notes(block) -> bool:
    return isinstance(block, lxml_html.HtmlElement) and "footnotes" in (block.get("class") or "").split()


def _is_rule(block) -> bool:
    return isinstance(block, lxml_html.HtmlElement) and block.tag == "hr" and not block.get("id")


def _is_section(block) -> bool:
    return isinstance(block, lxml_html.HtmlElement) and block.tag == "section"
