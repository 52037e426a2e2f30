"""Passages in another language inside a book in Cyrillic: War and Peace's French, marked
`[…]{lang=fr}` so the editions hyphenate and voice them as French.

A passage is a run of three Latin-script words or more (with the spaces and the commas, stops and
brackets between them, but no quotation mark or dash); its language is the one of English, French
or German whose commonest words it holds, twice at least ("Il mio tesoro" stays as it is). The
marks that close it (a stop, "!", "?") stay outside, in the book's punctuation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from publish.importer.markdown import Block, Inline

CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk"})
MIN_WORDS = 3
MIN_COMMON = 2
_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*"
_RUN = re.compile(rf"{_WORD}(?:[ \u00a0,;:.!?()0-9]+{_WORD})*")
_COMMON = {
    "fr": {"le", "la", "les", "et", "des", "est", "une", "que", "qui", "dans", "pour", "pas", "il", "du", "je",
           "vous", "nous", "ne", "de", "mon", "ma", "ce", "cette", "au", "sont", "avec", "mais", "comme", "tout",
           "mes", "votre", "elle", "on", "un", "en", "à", "se", "sa", "son", "qu", "j", "n", "c", "l", "d", "m"},
    "en": {"the", "and", "of", "to", "was", "that", "he", "it", "his", "with", "is", "for", "you", "had", "my",
           "i", "a", "in", "not", "be", "this", "me"},
    "de": {"der", "die", "und", "das", "nicht", "ist", "ein", "eine", "sich", "mit", "zu", "den", "er", "auf",
           "ich", "du", "wir", "sie", "es", "mein", "dem", "des"},
}


def mark_languages(blocks: list[Block], language: str) -> tuple[list[Block], Counter]:
    """The blocks with their foreign passages as spans, and how many were found in each language."""
    found: Counter = Counter()
    if language.split("-")[0].lower() not in CYRILLIC_LANGUAGES:
        return blocks, found
    return [_block(block, found) for block in blocks], found


def _block(block: Block, found: Counter) -> Block:
    if block.kind == "Header":
        return block
    if block.kind == "BlockQuote":
        return replace(block, children=[_block(child, found) for child in block.children])
    if block.kind == "LineBlock":
        return replace(block, verse=[_inlines(line, found) for line in block.verse])
    return replace(block, inlines=_inlines(block.inlines, found))


def _inlines(inlines: list[Inline] | tuple[Inline, ...], found: Counter) -> list[Inline]:
    out: list[Inline] = []
    for inline in inlines:
        if inline.kind == "text":
            out += _split(inline.text, found)
        elif inline.kind == "note" and not inline.verse:
            out.append(replace(inline, note=tuple(_inlines(inline.note, found)),
                               more=tuple(tuple(_inlines(p, found)) for p in inline.more)))
        else:
            out.append(inline)
    return out


def _split(text: str, found: Counter) -> list[Inline]:
    out, pos = [], 0
    for match in _RUN.finditer(text):
        start, end = _balanced(text, match.start(), match.end())
        run = text[start:end]
        lang = _language(run)
        if lang is None:
            continue
        out += [Inline("text", text[pos:start]), Inline("lang", run, lang=lang)]
        found[lang] += 1
        pos = end
    out.append(Inline("text", text[pos:]))
    return [inline for inline in out if inline.text]


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """The run without a bracket it does not both open and close: "mon prince), et si la
    perspective…" starts after its ")", "… Antichrist (ma parole, j'y crois" takes its ")"."""
    depth, cut = 0, start
    for i in range(start, end):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth < 0:
                depth, cut = 0, i + 1
    start = cut + len(text[cut:end]) - len(text[cut:end].lstrip(" \u00a0,;:.!?0-9"))
    if depth > 0 and text[end:end + depth] == ")" * depth:
        end += depth
    elif depth > 0:
        end = text.index("(", start, end) if "(" in text[start:end] else end
    end = start + len(text[start:end].rstrip(" \u00a0,;:.!?(0-9"))
    return start, max(start, end)


def _language(run: str) -> str | None:
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", run)]  # "j'y" is "j" and "y"
    if len(re.findall(_WORD, run)) < MIN_WORDS or run.count("(") != run.count(")"):
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in common) for lang, common in _COMMON.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= MIN_COMMON and list(scores.values()).count(scores[best]) == 1 else None
