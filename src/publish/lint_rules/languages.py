"""Words in another script with no language given (L001).

A Greek quotation, a Hebrew or Russian passage in an English book, typed without `lang`, is set
as English in every edition: not hyphenated by its own rules, Hebrew and Arabic not isolated
from the text round them, and read aloud by screen readers with the book's voice. Latin-script
words are left alone (names and titles in a Russian book are too many to report).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from publish.lint_rules.findings import Finding, LintContext
from publish.lint_rules.source import Paragraph

# Each script (the first word of its letters' Unicode names) and the language to suggest.
SUGGESTED = {"GREEK": "el", "CYRILLIC": "ru", "HEBREW": "he", "ARABIC": "ar", "CJK": "zh", "HIRAGANA": "ja",
             "KATAKANA": "ja", "HANGUL": "ko", "DEVANAGARI": "hi", "ARMENIAN": "hy", "GEORGIAN": "ka",
             "THAI": "th"}
# The scripts a book's own language is written in.
OWN = {"CYRILLIC": ("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"), "GREEK": ("el", "grc"),
       "HEBREW": ("he", "yi"), "ARABIC": ("ar", "fa", "ur", "ps"), "CJK": ("zh", "ja", "ko"),
       "HIRAGANA": ("ja",), "KATAKANA": ("ja",), "HANGUL": ("ko",), "DEVANAGARI": ("hi", "sa", "mr", "ne"),
       "ARMENIAN": ("hy",), "GEORGIAN": ("ka",), "THAI": ("th",)}
# Scripts whose one word is worth marking: written right to left, or without spaces (a sentence).
_ONE_WORD = {"HEBREW", "ARABIC", "CJK", "HIRAGANA", "KATAKANA", "THAI"}
_TOKEN = re.compile(r"[^\s\0]+")
_LANG = re.compile(r"\{[^}]*lang=")


def check_languages(paragraphs: list[Paragraph], context: LintContext) -> Iterator[Finding]:
    chapter_lang, source = False, None
    for paragraph in paragraphs:
        if paragraph.source is not source or paragraph.heading == 1:
            source, chapter_lang = paragraph.source, bool(paragraph.heading == 1 and _LANG.search(paragraph.raw))
        if chapter_lang or paragraph.language:
            continue
        for script, start in _runs(paragraph.text, context.language):
            if paragraph.language_at(start, "") == "":  # the first such run of the paragraph is said
                line, column = paragraph.position(start)
                lang = SUGGESTED[script]
                yield Finding(paragraph.source.path, line, column, "L001",
                              f"{script.capitalize()} words with no language: mark them [...]{{lang={lang}}} "
                              f"(or the passage ::: {{lang={lang}}}) to have them hyphenated, set and read aloud "
                              "as that language")
                break


def _runs(text: str, language: str) -> Iterator[tuple[str, int]]:
    """(script, offset) of each run of words in a script neither Latin nor the book's own."""
    script, start, words = None, 0, 0
    for token in [*_TOKEN.finditer(text), None]:
        of = _script(token[0], language) if token else None
        if of == "" and token:  # figures, marks: neither part a run nor end it
            continue
        if of != script:
            if script and (words > 1 or script in _ONE_WORD):
                yield script, start
            script, start, words = of, token.start() if token else 0, 0
        words += 1


def _script(token: str, language: str) -> str | None:
    """The script of a word's letters ("" for none, None for Latin, the book's own or mixed)."""
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in token if unicodedata.category(ch)[0] == "L"}
    if not scripts:
        return ""
    if len(scripts) > 1 and scripts <= {"CJK", "HIRAGANA", "KATAKANA"}:
        scripts = {"HIRAGANA"}  # Japanese: kanji among kana
    (script,) = scripts if len(scripts) == 1 else (None,)
    return script if script in SUGGESTED and language not in OWN[script] else None
