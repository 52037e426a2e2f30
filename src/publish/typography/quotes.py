"""Quotation marks per language, from the structure of pandoc's Quoted nodes."""

from __future__ import annotations

from publish.typography.walk import LEAVES, base_language, language_of, walk

NNBSP = "\u202f"  # narrow no-break space: French guillemets

# language → (outer open, outer close, inner open, inner close); nesting alternates.
MARKS: dict[str, tuple[str, str, str, str]] = {
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "be": ("«", "»", "„", "“"),
    "de": ("„", "“", "‚", "‘"),
    "fr": ("«" + NNBSP, NNBSP + "»", "“", "”"),
    "pl": ("„", "”", "«", "»"),
    "cs": ("„", "“", "‚", "‘"),
    "sk": ("„", "“", "‚", "‘"),
    "it": ("«", "»", "“", "”"),
    "es": ("«", "»", "“", "”"),
    "pt": ("«", "»", "“", "”"),
    "el": ("«", "»", "“", "”"),  # Greek, modern and ancient (a quotation in Homer's words too)
    "grc": ("«", "»", "“", "”"),
    "de-ch": ("«", "»", "‹", "›"),  # Swiss German: guillemets, no spaces
    "pt-br": ("“", "”", "‘", "’"),  # Brazilian Portuguese: the English marks, not Portugal's guillemets
}
# English and the languages without an entry keep the author's choice of single or double.
ENGLISH = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}


def _table(language: str) -> tuple[str, str, str, str] | None:
    """The marks of a language, or of its region where it has its own (de-CH)."""
    return MARKS.get(language.lower()) or MARKS.get(base_language(language))


def marks(language: str, kind: str, depth: int) -> tuple[str, str]:
    table = _table(language)
    if table is None:
        return ENGLISH[kind]
    return (table[0], table[1]) if depth % 2 == 0 else (table[2], table[3])


def render_quotes(blocks: list, language: str) -> list:
    """Replace every Quoted node by its language's marks as plain text around its content."""
    return walk(blocks, language, lambda inlines, lang: _inlines(inlines, lang, 0))


def _inlines(inlines: list[dict], language: str, depth: int) -> list[dict]:
    out: list[dict] = []
    inner = lambda content, lang: _inlines(content, lang, depth)  # noqa: E731
    for node in inlines:
        kind = node["t"]
        if kind == "Quoted":
            kind, content = node["c"][0]["t"], node["c"][1]
            opening, closing = marks(language, kind, depth)
            out += [{"t": "Str", "c": opening}, *_inlines(content, language, depth + 1),
                    {"t": "Str", "c": closing}]
        elif kind == "Str":  # a copy: retype_marks edits these in place
            out.append({"t": "Str", "c": node["c"]})
        else:
            out.append(node if kind in LEAVES else walk(node, language, inner))
    return out


# ---- marks typed by the author (“…” in a Russian book): re-set in the language's style ----------

_NESTING = frozenset({"Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps",
                      "Span", "Link", "Cite"})


def retype_marks(blocks: list, language: str) -> list:
    """Typed double quotes and guillemets, where they pair up in a paragraph, in the language's marks.

    English keeps what the author typed. A paragraph whose marks do not pair up is left alone
    (`publish lint` reports it).
    """
    return walk(blocks, language, _retype_paragraph)


def _retype_paragraph(inlines: list[dict], language: str) -> list[dict]:
    found: list[tuple[dict, int, str]] = []  # (Str node, index in its text, language there)
    _collect(inlines, language, found)
    pairs = _pair(found) or _unpaired_english(found)
    if pairs is None:
        return inlines
    replaced: dict[int, dict[int, str]] = {}
    inner = _typed_inner(pairs)
    for (node, at, lang), role, depth in pairs:
        table = _table(lang)
        if table is None:
            continue
        opening = inner.get((id(node), at))
        depth += depth % 2 == 0 and opening is not None and table[2] != table[0] and _opening_of(opening) == table[2]
        # The bare mark: French spacing is the text pass's (it would be doubled here).
        mark = table[(0 if role == "open" else 1) + (0 if depth % 2 == 0 else 2)].strip(NNBSP)
        replaced.setdefault(id(node), {})[at] = mark
    for node, _, _ in found:
        edits = replaced.get(id(node))
        if edits:
            node["c"] = "".join(edits.get(i, ch) for i, ch in enumerate(node["c"]))
            replaced.pop(id(node))
    return inlines


def _typed_inner(pairs: list) -> dict[tuple[int, int], tuple[dict, int, str]]:
    """Each mark of a pair → the pair's opening mark, to keep a pair the author typed in the
    language's inner marks an inner one where nothing in its paragraph encloses it: Nekrasov's
    „Жирей-жирей до времени!“, a line inside a landowner's speech in «…» that runs over many
    stanzas, each stanza read alone (it was set «Жирей-жирей до времени!»)."""
    out: dict[tuple[int, int], tuple[dict, int, str]] = {}
    stack: list[tuple[dict, int, str]] = []
    for item, role, _ in pairs:
        if role == "open":
            stack.append(item)
            out[id(item[0]), item[1]] = item
        elif stack:
            out[id(item[0]), item[1]] = stack.pop()
    return out


def _opening_of(item: tuple[dict, int, str]) -> str:
    return item[0]["c"][item[1]]


def _collect(inlines: list[dict], language: str, found: list[tuple[dict, int, str]]) -> None:
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            found += [(node, i, language) for i, ch in enumerate(node["c"]) if ch in "“”„«»"]
        elif kind == "Note":
            node["c"] = walk(node["c"], language, _retype_paragraph)
        elif kind in _NESTING:
            content = node["c"][1] if kind in ("Span", "Link", "Cite") else node["c"]
            _collect(content, language_of(node, language), found)


def _unpaired_english(found: list[tuple[dict, int, str]]) -> list[tuple[tuple[dict, int, str], str, int]] | None:
    """English marks in a paragraph that all open, or all close: a quotation running over
    paragraphs (an opening mark in each, the closing one in the last). They are set in the outer
    marks of the language; marks that mix directions, or with „ or « about, are left for lint."""
    chars = {item[0]["c"][item[1]] for item in found}
    if chars not in ({"“"}, {"”"}):
        return None
    return [(item, "open" if item[0]["c"][item[1]] == "“" else "close", 0) for item in found]


def _pair(found: list[tuple[dict, int, str]]) -> list[tuple[tuple[dict, int, str], str, int]] | None:
    out = []
    stack: list[str] = []
    for item in found:
        char = item[0]["c"][item[1]]
        closing = char in "”»" or (char == "“" and stack and stack[-1] == "„")
        if closing:
            if not stack or (char == "»") != (stack[-1] == "«"):
                return None
            stack.pop()
            out.append((item, "close", len(stack)))
        else:
            out.append((item, "open", len(stack)))
            stack.append(char)
    return out if not stack else None
