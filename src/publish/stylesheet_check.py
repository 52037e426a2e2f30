"""An editor's stylesheets checked before any edition is made: a rule left open stops the build
(every rule after it would be read as inside it), as does an address the editions cannot have
(on the network, or a file they do not carry); what the reader of the sheet ignores, a
syntax error, an unknown property or a value it cannot read, is named with its file, line and
column. WeasyPrint, browsers and reading systems skip such a declaration in silence: the page
came out in another size or leading and nothing said why."""

from __future__ import annotations

import difflib
import logging
import re
from pathlib import Path

from publish.cache import Cache, digest, sha256, tool_versions
from publish.errors import PublishError

log = logging.getLogger("publish")

CHECKED = "css-checked"  # cache kind: a stylesheet's findings, by its contents
SHEETS = {"pdf": "print.css", "epub": "epub.css", "html": "screen.css", "cover": "cover.css"}  # cover: --print
# Comments and strings, which may hold braces: blanked out (their newlines kept) before counting.
_QUIET = re.compile(r"/\*.*?(?:\*/|\Z)|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", re.S)
# WeasyPrint's words for a declaration it drops: "Ignored `font-sise: 11pt` at 94:3, unknown property."
_IGNORED = re.compile(r"Ignored `(.*)` at (\d+):(\d+), (.*?)\.?$", re.S)
_PLACE = re.compile(r"\bat (\d+):(\d+)")


def check_stylesheets(styles_dir: Path, formats: tuple[str, ...], cache: Cache | None = None) -> None:
    """Each stylesheet of the editions in `formats`: an open rule is an error, the rest warnings."""
    cache = cache or Cache(None)
    for edition in formats:
        path = styles_dir / SHEETS[edition]
        if not path.is_file():
            continue  # said where the edition reads it (styles.stylesheet)
        from publish.styles import read_sheet

        text = read_sheet(path)
        if text == _default_text(path.name):
            continue  # publish's own sheet, checked by its tests: WeasyPrint need not be loaded for it
        key = digest(path.name, sha256(text.encode()), tool_versions())
        found = cache.get_json(CHECKED, key)
        if not isinstance(found, list):
            _unclosed(text, path)
            _addresses(text, path)
            found = _findings(text, edition, path)
            cache.put_json(CHECKED, key, found)
        for line, column, message in found:
            log.warning("%s: %s", f"{path}:{line}:{column}" if line else path, " ".join(message.split()))


def _default_text(name: str) -> str:
    from publish.project import default_styles_dir

    path = default_styles_dir() / name
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _unclosed(text: str, path: Path) -> None:
    blanked = _QUIET.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
    opened: list[int] = []
    for n, line in enumerate(blanked.split("\n"), 1):
        for char in line:
            if char == "{":
                opened.append(n)
            elif char == "}" and opened:
                opened.pop()
    if opened:
        raise PublishError(
            "this rule's { is never closed, so every rule after it is read as inside it", file=path,
            line=opened[0], hint="add the } that ends the rule",
        )


def _addresses(text: str, path: Path) -> None:
    """A url() or @import: on the network, never (a web font from Google in screen.css was loaded by
    every reader's browser, an EPUB failed epubcheck, and the print edition's worker crashed); a
    file, in print.css only, and there one of styles/ (the EPUB and the web edition carry only the
    fonts that fonts.css names)."""
    import tinycss2

    for line, _column, address in _urls(tinycss2.parse_component_value_list(text, skip_comments=True)):
        scheme = re.match(r"([a-zA-Z][\w+.-]*):", address)
        if scheme and scheme[1].lower() == "data" or not address.strip() or address.startswith("#"):
            continue  # in the sheet itself, or an element of the page (`clip-path: url(#clip)`)
        if scheme:
            why, hint = "the editions never load anything from elsewhere", \
                "download the file into styles/ and name it by its path there, or leave it out"
        elif path.name not in ("print.css", "cover.css"):
            why, hint = "the EPUB and the web edition carry no file a stylesheet names", \
                "leave it out, or write it as a data: URL (fonts go in styles/fonts/fonts.css)"
        elif not _file_of_styles(path.parent, address):
            why, hint = "there is no such file in styles/", "name a file in styles/ by its path from print.css"
        else:
            continue
        raise PublishError(f"'{address}': {why}", file=path, line=line, hint=hint)


def _file_of_styles(styles: Path, address: str) -> bool:
    from urllib.parse import unquote

    found = (styles / unquote(address.split("#")[0].split("?")[0])).resolve()
    return found.is_relative_to(styles.resolve()) and found.is_file()


def _urls(tokens):
    """(line, column, address) of every url() and @import in `tokens`, into blocks and functions."""
    for token in tokens:
        if token.type == "url":
            yield token.source_line, token.source_column, token.value
        elif token.type == "function" and token.lower_name == "url":
            strings = [t for t in token.arguments if t.type == "string"]
            if strings:
                yield token.source_line, token.source_column, strings[0].value
        elif token.type == "at-keyword" and token.lower_value == "import":
            yield from _import_address(token, tokens)
        if token.type in ("() block", "[] block", "{} block"):
            yield from _urls(token.content)
        elif token.type == "function":
            yield from _urls(token.arguments)


def _import_address(keyword, tokens):
    """The string right after `@import` (a url() after it is found as any other)."""
    following = iter(tokens[tokens.index(keyword) + 1:])
    for token in following:
        if token.type == "string":
            yield keyword.source_line, keyword.source_column, token.value
        if token.type not in ("whitespace", "comment"):
            return


def _findings(text: str, edition: str, path: Path) -> list[tuple[int, int, str]]:
    found = _syntax_errors(text)
    if edition in ("pdf", "cover"):  # typeset by WeasyPrint
        found += _ignored_by_weasyprint(text, path) + (_page_box_set_here(text) if edition == "pdf" else [])
    else:
        found += _misspelled_properties(text)
    if edition == "epub":
        found += newer_selectors(text)
    return sorted(set(found))


# Selectors of CSS Selectors 4 that ebook readers do not all read (Kindle, Adobe's RMSDK on Kobo's
# and other e-ink readers, calibre, Apple Books before iOS 14): a selector one cannot read drops
# the whole rule, every selector in its list with it.
_NEWER = re.compile(r":(is|where|matches|has)\(|:not\([^()]*,", re.I)


def newer_selectors(text: str) -> list[tuple[int, int, str]]:
    """epub.css's rules whose selectors older reading systems cannot read, with what to write."""
    import tinycss2

    found = []
    for node in _walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)):
        if node.type != "qualified-rule":
            continue
        selectors = _selector_list(tinycss2.serialize(node.prelude))
        prelude = ", ".join(selectors)
        newer = _NEWER.search(prelude)
        if newer is None:
            continue
        if newer[1] and newer[1].lower() == "has" and all(":has(" in part for part in selectors):
            continue  # nothing else lost with it: readers without :has() skip this rule alone
        what = f"`:{newer[1]}()`" if newer[1] else "`:not()` of a list"
        found.append((node.source_line, node.source_column,
                      f"`{prelude}` uses {what}, which Kindle, Kobo's e-ink readers and "
                      "older Apple Books cannot read, so they drop the whole rule: write each selector out "
                      "(`:is(.a, .b) p` as `.a p, .b p`; `:not(.a, .b)` as `:not(.a):not(.b)`), and keep a "
                      "`:has()` in a rule of its own"))
    return found


def _selector_list(prelude: str) -> list[str]:
    """A rule's selectors, parted at the commas outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return [" ".join(part.split()) for part in [*parts, prelude[start:]]]


def _syntax_errors(text: str) -> list[tuple[int, int, str]]:
    """What the CSS grammar cannot read (tinycss2, the parser WeasyPrint uses): the rule or
    declaration is dropped by every reader."""
    import tinycss2

    found = []
    for node in _walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)):
        if node.type == "error":
            found.append((node.source_line, node.source_column, f"CSS syntax error, ignored: {node.message}"))
    return found


def _walk(nodes):
    """Every rule and declaration, into the blocks of rules (@media, @page, nested rules)."""
    import tinycss2

    for node in nodes:
        yield node
        if node.type in ("qualified-rule", "at-rule") and node.content is not None:
            yield from _walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True))


def _declarations(text: str):
    import tinycss2

    for node in _walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)):
        if node.type == "declaration":
            yield node


def _ignored_by_weasyprint(text: str, path: Path) -> list[tuple[int, int, str]]:
    """What WeasyPrint drops (unknown properties, values and selectors it cannot read), in its
    words; its parse errors are the syntax errors already found."""
    from publish.editions import weasyprint_import  # noqa: F401, I001 (first: WeasyPrint loaded quickly)

    import weasyprint

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger, keep = logging.getLogger("weasyprint"), Keep(logging.WARNING)
    logger.addHandler(keep)
    propagate, logger.propagate = logger.propagate, False  # said below, with the file's name
    try:
        weasyprint.CSS(string=text, base_url=path.resolve().as_uri())
    finally:
        logger.removeHandler(keep)
        logger.propagate = propagate
    found = []
    for message in records:
        if match := _IGNORED.match(message):
            declaration, line, column, why = match.groups()
            name = declaration.split(":")[0].strip()
            hint = _did_you_mean(name, _weasyprint_properties()) if why == "unknown property" else ""
            found.append((int(line), int(column), f"`{declaration}` is ignored in print: {why}{hint}"))
        elif not message.startswith("Parse error"):
            line, column = _place(message, text)
            found.append((line, column, f"WeasyPrint ignores this: {message}"))
    return found


def _place(message: str, text: str) -> tuple[int, int]:
    """Where WeasyPrint's message says (`at 12:3`), or where the selector it quotes stands."""
    if place := _PLACE.search(message):
        return int(place[1]), int(place[2])
    quoted = re.search(r"'(.+)'", message, re.S)
    at = text.find(quoted[1].strip()) if quoted else -1
    if at < 0:
        return 0, 0
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def _page_box_set_here(text: str) -> list[tuple[int, int, str]]:
    """A page size or margin of print.css's own `@page` rule other than the default sheet's: the
    build sets both after the sheet, from book.yaml (print_layout.page_css), so an edit here
    changed nothing and said nothing."""
    from publish.project import default_styles_dir

    default = {name: said for name, (_, _, said) in
               _page_box((default_styles_dir() / "print.css").read_text(encoding="utf-8")).items()}
    return [(line, column, f"`{said}` is not used: the page's size and margins are book.yaml's print.trim and "
                           "print.margins, set after print.css (docs/guide.md, 'book.yaml')")
            for name, (line, column, said) in _page_box(text).items() if default.get(name) != said]


def _page_box(css: str) -> dict[str, tuple[int, int, str]]:
    """The size and margins the plain `@page` rules declare: name → (line, column, declaration)."""
    import tinycss2

    found = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "page" or tinycss2.serialize(rule.prelude).strip():
            continue
        for node in tinycss2.parse_blocks_contents(rule.content or [], skip_comments=True, skip_whitespace=True):
            if node.type == "declaration" and (node.lower_name == "size" or node.lower_name.startswith("margin")):
                value = " ".join(tinycss2.serialize(node.value).split())
                found[node.lower_name] = (node.source_line, node.source_column, f"{node.name}: {value}")
    return found


def _misspelled_properties(text: str) -> list[tuple[int, int, str]]:
    """A property a browser may know though WeasyPrint does not is fine; one spelled all but like
    a known one (`font-sise`) is a slip."""
    known = _weasyprint_properties() | BROWSER_PROPERTIES
    found = []
    for node in _declarations(text):
        name = node.lower_name
        if name.startswith(("-", "--")) or name in known:
            continue
        if suggestion := _did_you_mean(name, known):
            found.append((node.source_line, node.source_column, f"unknown property `{name}` is ignored{suggestion}"))
    return found


def _did_you_mean(name: str, known: set[str]) -> str:
    """A known property spelt all but like `name` (a letter off, one more or less: `font-sise`,
    `colour`); not a longer or shorter one (`overflow-x` is no slip for `overflow`)."""
    for close in difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.8):
        if abs(len(close) - len(name)) <= 1 and not close.startswith(name) and not name.startswith(close):
            return f" (did you mean `{close}`?)"
    return ""


def _weasyprint_properties() -> set[str]:
    from publish.editions import weasyprint_import  # noqa: F401, I001 (first: loaded without its compiler runs)
    from weasyprint.css.validation import expanders, properties

    return set(properties.PROPERTIES) | set(expanders.EXPANDERS)


# Properties of the web edition and the EPUB that WeasyPrint, a print engine, does not know.
BROWSER_PROPERTIES = {
    "accent-color", "aspect-ratio", "backdrop-filter", "clip-path", "color-scheme", "container",
    "container-name", "container-type", "content-visibility", "cursor", "filter", "font-display",
    "font-optical-sizing", "font-synthesis", "gap", "grid", "grid-area", "grid-column", "grid-row",
    "grid-template-areas", "grid-template-columns", "grid-template-rows", "hanging-punctuation", "inset",
    "isolation", "mask", "mix-blend-mode", "object-position", "outline-offset", "overflow-x", "overflow-y",
    "overscroll-behavior", "place-content", "place-items", "pointer-events", "print-color-adjust", "resize",
    "row-gap", "scroll-behavior", "scroll-margin", "scroll-margin-top", "scroll-padding", "scroll-padding-top",
    "scroll-snap-align", "scroll-snap-type", "scrollbar-color", "scrollbar-gutter", "scrollbar-width",
    "size-adjust", "src", "text-decoration-thickness", "text-size-adjust", "text-underline-offset",
    "text-wrap", "text-wrap-mode", "text-wrap-style", "touch-action", "transform", "transform-origin",
    "transition", "unicode-range", "user-select", "will-change", "writing-mode", "zoom",
}
