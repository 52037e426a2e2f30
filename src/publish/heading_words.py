"""A heading's word of one letter kept with the next: "BOOK FIRST – A" over "JUST MAN" left
the article alone at the end of a display line. In every language (Russian and its neighbours
bind such words in all text already: typography.rules.one_letter_words)."""

from __future__ import annotations

_NBSP = {"t": "Str", "c": "\u00a0"}


def short_words_bound(blocks: list[dict]) -> list[dict]:
    """The blocks with each heading's one-letter words joined to the next by a no-break space
    (headings in the text and in its divs and sections)."""
    return [_block(block) for block in blocks]


def _block(block: dict) -> dict:
    kind, c = block.get("t"), block.get("c")
    if kind == "Header":
        return {**block, "c": [c[0], c[1], _bound(c[2])]}
    if kind == "Div":
        return {**block, "c": [c[0], short_words_bound(c[1])]}
    return block


def _bound(inlines: list[dict]) -> list[dict]:
    out = []
    for index, node in enumerate(inlines):
        before = inlines[index - 1] if index else None
        if node.get("t") == "Space" and before is not None and before.get("t") == "Str" \
                and _one_letter(before["c"]) and index + 1 < len(inlines):
            out.append(_NBSP)
        else:
            out.append(node)
    return out


def _one_letter(word: str) -> bool:
    """"A", "I", "a" (not "2" or "–")."""
    return len(word) == 1 and word.isalpha()
