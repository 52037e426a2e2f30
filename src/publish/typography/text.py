"""The text pass: rules over each run of words, and small caps, on the pandoc AST."""

from __future__ import annotations

import dataclasses
import re

from publish.model import TypographySettings
from publish.typography.ranges import kept_whole, range_spans
from publish.typography.rules import SHORT_WORDS_BOUND, apply_rules, caps_runs, caps_words, has_caps
from publish.typography.signs import ordinal_parts
from publish.typography.walk import LITERAL, base_language, walk

_TEXT = {"Str", "Space", "SoftBreak"}
_TOKENS = re.compile(r"( |\n)")


def set_text(blocks: list, language: str, style: TypographySettings) -> list:
    return walk(blocks, language, lambda inlines, lang: _inlines(inlines, lang, _for_block(inlines, style)))


def _for_block(inlines: list[dict], style: TypographySettings) -> TypographySettings:
    """A block typed all in capitals ("# ГЛАВА III", "THE END") keeps them: small caps are for
    acronyms among lower-case words, and would set its words apart from its numerals."""
    if style.small_caps and not _has_lower(inlines):
        return dataclasses.replace(style, small_caps=False)
    return style


def _has_lower(node) -> bool:
    if isinstance(node, list):
        return any(_has_lower(item) for item in node)
    if not isinstance(node, dict) or node.get("t") in ("Note", *LITERAL):
        return False
    if node.get("t") == "Str":
        return any(ch.islower() for ch in node["c"])
    return _has_lower(node.get("c"))


def _inlines(inlines: list[dict], language: str, style: TypographySettings) -> list[dict]:
    out: list[dict] = []
    run: list[dict] = []
    for node in inlines + [{"t": "End"}]:
        if node["t"] in _TEXT:
            run.append(node)
            continue
        if run:
            # Beside an inline element (italics, a link) the run's edge is in a word, not a space.
            inside = bool(out) and out[-1]["t"] not in _TEXT, node["t"] != "End"
            out += _set_run(run, base_language(language), style, inside)
            run = []
        if node["t"] != "End":
            out.append(walk(node, language, lambda inner, lang: _inlines(inner, lang, style)))
    return out


_WORD = "x"  # stands in for the inline element beside a run, for the rules that look past its edges
_DASH_AT_END = re.compile(r"(?:—|(?:-{1,3}|[–—])[ \u00a0])$")
_ONE_LETTER_AT_END = re.compile(r"(?:^|[^\w\u00ad.’'-])[^\W\d_][ \n]$")


def _set_run(run: list[dict], language: str, style: TypographySettings,
             inside: tuple[bool, bool] = (False, False)) -> list[dict]:
    text = "".join(node["c"] if node["t"] == "Str" else " " if node["t"] == "Space" else "\n" for node in run)
    # French spacing looks across; so does a dash closed up to italics ("I say *may be*—of such"), and
    # one spaced before them (The Idiot's "на него. – [Mon mari se trompe]{lang=fr}", "– *Да*").
    # So does a word of one letter before italics or a link ("и *врагомъ бутылки*"), bound to it.
    after, before = inside if language == "fr" else (inside[0] and text[:1] == "—",
                                                     inside[1] and (_DASH_AT_END.search(text) is not None
                                                                    or _one_letter_at_end(text, language)))
    edged = apply_rules(_WORD * after + text + _WORD * before, language, style)
    if edged.startswith(_WORD * after) and edged.endswith(_WORD * before):
        text = edged[after:len(edged) - before]
    else:
        text = apply_rules(text, language, style)
    out: list[dict] = []
    capitals = caps_words(text) if style.small_caps and has_caps(text) else frozenset()
    for token in _TOKENS.split(text):
        if token == " ":
            out.append({"t": "Space"})
        elif token == "\n":
            out.append({"t": "SoftBreak"})
        elif kept_whole(token, language):  # "1941–1945", Russian "да-с": kept on one line (ranges.py)
            out += range_spans(token, language)
        elif style.ordinals or token in capitals:
            out += _word(token, language, token in capitals, style.ordinals)
        elif token:
            out.append({"t": "Str", "c": token})
    return out


def _one_letter_at_end(text: str, language: str) -> bool:
    return language in SHORT_WORDS_BOUND and _ONE_LETTER_AT_END.search(text) is not None


def _word(token: str, language: str, caps: bool, ordinals: bool) -> list[dict]:
    """A word as Str nodes, with its ordinal suffix superscript and its runs of capitals in small caps."""
    out: list[dict] = []
    for part, superscript in ordinal_parts(token, language) if ordinals else [(token, False)]:
        if superscript:
            out.append({"t": "Superscript", "c": [{"t": "Str", "c": part}]})
        elif caps:
            out += [_caps(text) if is_caps else {"t": "Str", "c": text} for text, is_caps in caps_runs(part)]
        else:
            out.append({"t": "Str", "c": part})
    return out


def _caps(text: str) -> dict:
    return {"t": "Span", "c": [["", ["caps"], []], [{"t": "Str", "c": text}]]}
