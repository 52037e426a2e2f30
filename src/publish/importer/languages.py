"""Passages in another language inside a book in Cyrillic: War and Peace's French, marked
`[…]{lang=fr}` so the editions hyphenate and voice them as French.

A passage is a run of three Latin-script words or more (with the spaces and the commas, stops and
brackets between them, but no quotation mark or dash); its language is the one of English, French
or German whose commonest words it holds, twice at least ("Il mio tesoro" stays as it is). The
marks that close it (a stop, "!", "?") stay outside, in the book's punctuation.

In a book in any language, words in a script of their own are marked too, by that script: two
Greek words or more (Blok's epigraphs) as ancient Greek, `grc`, when polytonic (breathings and
accents of Greek Extended) and else modern, `el`; Hebrew as `he`, Arabic as `ar` (`fa` with the
letters only Persian has), one word being enough: the editions then set them right to left.
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


# A run of words in one script, with the spaces, figures and marks between them (Greek's own
# question mark and ano teleia, an elision's apostrophe: "ἀλλʼ εἴ τις").
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_HEBREW = "\u0590-\u05ff\ufb1d-\ufb4f"
_ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_SCRIPT_RUN = re.compile("|".join(
    f"(?P<{name}>[{letters}][{letters}\u0300-\u036f\u02bc’]*"
    f"(?:[ \u00a0,;:.!?()0-9·]+[{letters}][{letters}\u0300-\u036f\u02bc’]*)*)"
    for name, letters in (("greek", _GREEK), ("hebrew", _HEBREW), ("arabic", _ARABIC))))
_OWN_SCRIPT = {"greek": {"el", "grc"}, "hebrew": {"he", "yi"}, "arabic": {"ar", "fa", "ur", "ps"}}
_POLYTONIC = re.compile("[\u1f00-\u1fff\u0313\u0314\u0342]")
_PERSIAN = re.compile("[پچژگ]")


def mark_languages(blocks: list[Block], language: str) -> tuple[list[Block], Counter]:
    """The blocks with their foreign passages as spans, and how many were found in each language."""
    found: Counter = Counter()
    base = language.split("-")[0].lower()
    scripts = {name for name, own in _OWN_SCRIPT.items() if base not in own}
    return [_block(block, found, base in CYRILLIC_LANGUAGES, scripts) for block in blocks], found


def _block(block: Block, found: Counter, latin: bool, scripts: set[str]) -> Block:
    if block.kind == "Header":
        return block
    if block.kind == "BlockQuote":
        return replace(block, children=[_block(child, found, latin, scripts) for child in block.children])
    if block.kind == "LineBlock":
        return replace(block, verse=[_inlines(line, found, latin, scripts) for line in block.verse])
    return replace(block, inlines=_inlines(block.inlines, found, latin, scripts))


def _inlines(inlines: list[Inline] | tuple[Inline, ...], found: Counter, latin: bool,
             scripts: set[str]) -> list[Inline]:
    out: list[Inline] = []
    for inline in inlines:
        if inline.kind == "text":
            for part in _by_script(inline.text, found, scripts):
                out += _split(part.text, found) if latin and part.kind == "text" else [part]
        elif inline.kind == "note" and not inline.verse:
            out.append(replace(inline, note=tuple(_inlines(inline.note, found, latin, scripts)),
                               more=tuple(tuple(_inlines(p, found, latin, scripts)) for p in inline.more)))
        else:
            out.append(inline)
    return out


def _by_script(text: str, found: Counter, scripts: set[str]) -> list[Inline]:
    """The text with its runs of Greek, Hebrew or Arabic words (of `scripts`) as spans."""
    out, pos = [], 0
    for match in _SCRIPT_RUN.finditer(text):
        script = match.lastgroup
        start, end = _balanced(text, match.start(), match.end())
        run = text[start:end]
        if script not in scripts or not run or (script == "greek" and len(run.split()) < 2):
            continue
        lang = {"greek": "grc" if _POLYTONIC.search(run) else "el", "hebrew": "he",
                "arabic": "fa" if _PERSIAN.search(run) else "ar"}[script]
        out += [Inline("text", text[pos:start]), Inline("lang", run, lang=lang)]
        found[lang] += 1
        pos = end
    out.append(Inline("text", text[pos:]))
    return [inline for inline in out if inline.text]


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
