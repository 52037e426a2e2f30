"""Characters the print edition cannot draw: no font has them, so the PDF shows a box (.notdef).

The book's characters are checked against the cmaps of the fonts in styles/fonts/ (read once
per font file by styles.check_fonts, and cached with its check); the few they lack against the
fonts of this computer, which WeasyPrint falls back on (fontconfig's list, one quick call). The
characters of code (`pre`, `code`, `kbd`, `samp`) are checked against the code face's (mono.css):
print.css sets code in it, so a tree's ├── in a listing is drawn though the book face lacks it.
"""

from __future__ import annotations

import bisect
import html
import logging
import re
import shutil
import subprocess
import unicodedata

from publish.editions.pdf import print_matter
from publish.model import Book

log = logging.getLogger("publish")

# What the print edition does not show as text: comments, scripts, styles, formulas (drawn apart),
# the notes' way back (print.css hides it).
_HIDDEN = re.compile(r"<!--.*?-->|<(script|style|math)\b.*?</\1\s*>|<a\b[^>]*footnote-back[^>]*>.*?</a>|<[^>]*>",
                     re.S | re.I)
_CODE = re.compile(r"<(pre|code|kbd|samp)\b[^>]*>.*?</\1\s*>", re.S | re.I)  # set in the code face (print.css)
_STANDS_IN = {0x2011: 0x2010}  # HarfBuzz draws a missing no-break hyphen with the hyphen
MAX_WARNINGS = 10


def warn_missing_glyphs(book: Book, covered: set[int], code_covered: set[int] | None = None) -> None:
    """Name each character of the print edition no font has, with the place it first appears
    and what to do. `covered`: the characters of the fonts in styles/fonts/ the text is set in;
    `code_covered`: those of the code face (mono.css), when there is one."""
    if not covered:  # no fonts.css: the PDF takes the computer's fonts
        return
    code_covered = code_covered or covered
    parts = [c.title_html + c.body_html for c in book.chapters] + [p.html for p in print_matter(book)]
    seen: set[str] = set()
    for part in parts:  # first all the characters, markup too (ASCII): most books stop here
        seen.update(html.unescape(part) if "&#" in part else part)
    if not _missing(seen, covered & code_covered):
        return
    shown: set[str] = set()
    code: set[str] = set()
    for part in parts:
        listings = " ".join(m[0] for m in _CODE.finditer(part))
        for text, into in [(_HIDDEN.sub(" ", listings), code), (_HIDDEN.sub(" ", _CODE.sub(" ", part)), shown)]:
            into.update(html.unescape(text) if "&" in text else text)
    missing = _missing(shown, covered) | _missing(code, code_covered)
    borrowed = _system_chars(missing)
    if borrowed:
        _warn_borrowed(book, borrowed)
    missing -= borrowed
    if not missing:
        return
    found = _first_places(book, missing)
    for (path, n), chars in list(found.items())[:MAX_WARNINGS]:
        named = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in chars)
        log.warning("%sno font has %s, neither in styles/fonts/ nor on this computer: the PDF shows a box in "
                    "its place; add a font that has %s to styles/fonts/ (fonts.css) and to the font-family of "
                    "print.css, or leave %s out", f"{path}:{n}: " if path else "print edition: ", named,
                    *(("it", "it") if len(chars) == 1 else ("them", "them")))
    rest = [ch for chars in list(found.values())[MAX_WARNINGS:] for ch in chars]
    if rest:
        log.warning("print edition: %d more characters no font has: %s", len(rest), "".join(rest))


def undrawable(text: str, covered: set[int]) -> tuple[list[str], list[str]]:
    """The characters of `text` no font has (boxes in the PDF), and those only a font of this
    computer has (another face), each in the order they come; ([], []) without fonts.css."""
    missing = _missing(set(text), covered) if covered else set()
    borrowed = _system_chars(missing)
    chars = list(dict.fromkeys(text))
    return [ch for ch in chars if ch in missing - borrowed], [ch for ch in chars if ch in borrowed]


def _first_places(book: Book, chars: set[str]) -> dict[tuple, list[str]]:
    """(file, line) → the characters first seen there, in the manuscript and book.yaml."""
    found: dict[tuple, list[str]] = {}
    left = set(chars)
    for path in [p for p in book.inputs if p.suffix == ".md"] + [book.manuscript_dir / "book.yaml"]:
        for n, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), 1):
            if hits := left.intersection(line):
                found[path, n] = sorted(hits, key=line.index)
                left -= hits
        if not left:
            break
    if left:
        found[None, 0] = sorted(left)  # from a template, or made by the typography pass
    return found


def _warn_borrowed(book: Book, chars: set[str]) -> None:
    """Characters the fonts of styles/fonts/ lack but this computer has: WeasyPrint sets them in
    another face (a Cyrillic word in DejaVu among Literata's Latin), and a computer without it
    prints a box. Said once for each script (Hebrew, Arabic, symbols…), with its first place
    and first few characters: a book quoting Hebrew and Arabic hears of both."""
    scripts = _by_script(chars)
    left, said = dict(scripts), 0
    for (path, n), first in _first_places(book, chars).items():
        for script in dict.fromkeys(scripts[ch] for ch in first):
            group = [ch for ch, of in left.items() if of == script]
            if not group or said == MAX_WARNINGS:
                continue
            for ch in group:
                del left[ch]
            said += 1
            shown = sorted(group, key=lambda ch: (ch not in first, ord(ch)))
            named = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in shown[:MAX_WARNINGS])
            more = f" and {len(shown) - MAX_WARNINGS} more" if len(shown) > MAX_WARNINGS else ""
            them, boxes = ("it", "a box") if len(shown) == 1 else ("them", "boxes")
            log.warning("%sno font in styles/fonts/ has %s%s: the PDF takes %s from a font of this computer, "
                        "another face, and a computer without it prints %s; add a font that has %s to "
                        "styles/fonts/ (fonts.css) and to the font-family of print.css",
                        f"{path}:{n}: " if path else "print edition: ", named, more, them, boxes, them)
    if left:
        log.warning("print edition: %d more characters from fonts of this computer: %s", len(left), "".join(left))


def _by_script(chars: set[str]) -> dict[str, str]:
    """Each character → its script, as the first word of its Unicode name says (HEBREW, ARABIC,
    CJK, COMBINING); a mark or symbol of no script among them (☞, ❧) → "symbols"."""
    words = {ch: re.split(r"[ -]", unicodedata.name(ch, "symbols"))[0] for ch in chars}
    scripts = {word for ch, word in words.items() if unicodedata.category(ch)[0] in "LMN"}
    return {ch: word if word in scripts else "symbols" for ch, word in sorted(words.items())}


def _missing(chars: set[str], covered: set[int]) -> set[str]:
    return {ch for ch in chars if ord(ch) not in covered and not _needs_no_glyph(ch, covered)}


def _needs_no_glyph(ch: str, covered: set[int]) -> bool:
    """Spaces, controls, format characters (soft hyphen, joiners) and variation selectors are
    drawn as nothing or made up by the shaper."""
    code = ord(ch)
    return (unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") or _STANDS_IN.get(code) in covered
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


def _system_chars(chars: set[str]) -> set[str]:
    """Those of `chars` that a font of this computer has: WeasyPrint falls back on them."""
    if not chars or not shutil.which("fc-list"):
        return set()
    try:
        listed = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True,
                                timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    ranges = sorted((int(lo, 16), int(hi or lo, 16))
                    for lo, _, hi in (r.partition("-") for r in listed.split()))
    starts = [lo for lo, _ in ranges]
    reach, ends = 0, []  # the highest code point covered by the ranges up to each one
    for _, hi in ranges:
        reach = max(reach, hi)
        ends.append(reach)
    return {ch for ch in chars if (i := bisect.bisect_right(starts, ord(ch)) - 1) >= 0 and ends[i] >= ord(ch)}
