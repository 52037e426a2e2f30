"""Footnotes written far from their calls, moved beside them for the chapter-by-chapter read.

pandoc's Markdown writer puts every note at the end of the document, and `publish import`
writes what it gives: War and Peace's 137 notes stand after its last chapter. A note defined in
one chunk and called in another tied the chunks (manuscript_cache), so the whole novel was read,
typeset and converted at once: 1.5 GB between this process and pandoc, where the chapters read
in batches hold a slice each. Each such note's definition is moved to the end of the chunk that
calls it (copied to each, when several do): pandoc numbers notes by their calls and gives a
note the same content wherever it is defined, so the document is the same.
"""

from __future__ import annotations

import re

_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
_CALL = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FENCE = ("```", "~~~")


def notes_beside_calls(chunks: list[str]) -> list[str]:
    """`chunks` with each note defined in one and called only in others moved to those that call
    it; as they were when a note is defined twice, holds a call or a fence, or is not called."""
    found = [_definitions(chunk.split("\n")) for chunk in chunks]
    if any(spans is None for spans in found):
        return chunks
    definitions: dict[str, tuple[int, str]] = {}  # label → (its chunk, its text)
    for i, (chunk, spans) in enumerate(zip(chunks, found, strict=True)):
        lines = chunk.split("\n")
        for label, start, end in spans or []:
            text = "\n".join(lines[start:end]).rstrip("\n")
            if label in definitions or _CALL.search(text.split(":", 1)[1]) or any(
                    line.lstrip().startswith(_FENCE) for line in lines[start:end]):
                return chunks
            definitions[label] = (i, text)
    if not definitions:
        return chunks
    calls = [set(_CALL.findall(_without(chunk, spans or []))) for chunk, spans in zip(chunks, found, strict=True)]
    leaving: dict[int, set[str]] = {}  # chunk → labels called only elsewhere
    added: dict[int, list[str]] = {}  # chunk → definitions it receives
    for label, (home, text) in definitions.items():
        callers = [i for i, labels in enumerate(calls) if label in labels and i != home]
        if not callers:
            continue
        if label not in calls[home]:
            leaving.setdefault(home, set()).add(label)
        for i in callers:
            added.setdefault(i, []).append(text)
    if not added:
        return chunks
    result = []
    for i, (chunk, spans) in enumerate(zip(chunks, found, strict=True)):
        if i in leaving:
            lines = chunk.split("\n")
            for label, start, end in reversed(spans or []):
                if label in leaving[i]:
                    del lines[start:end]
            chunk = "\n".join(lines)
        if i in added:
            chunk = chunk.rstrip("\n") + "\n\n" + "\n\n".join(added[i]) + "\n"
        result.append(chunk)
    return result


def _definitions(lines: list[str]) -> list[tuple[str, int, int]] | None:
    """Each note definition's label and lines [start, end): its first paragraph, and the blocks
    indented under it after blank lines. None when a fence is left open."""
    spans: list[tuple[str, int, int]] = []
    fence, n = False, 0
    while n < len(lines):
        line = lines[n]
        if line.lstrip().startswith(_FENCE):
            fence = not fence
        match = None if fence else _DEFINITION.match(line)
        if match is None:
            n += 1
            continue
        end = n + 1
        while end < len(lines) and lines[end].strip() and not _DEFINITION.match(lines[end]):
            end += 1  # its paragraph (pandoc's Markdown takes no heading without a blank line before it)
        while True:  # the blocks indented under it, after blank lines
            after = end
            while after < len(lines) and not lines[after].strip():
                after += 1
            if after == len(lines) or not lines[after].startswith(("    ", "\t")):
                break
            end = after
            while end < len(lines) and lines[end].startswith(("    ", "\t")):
                end += 1
        spans.append((match[1], n, end))
        n = end
    return None if fence else spans


def _without(chunk: str, spans: list[tuple[str, int, int]]) -> str:
    """The chunk's text without its note definitions (where a call inside a note would be)."""
    lines = chunk.split("\n")
    inside = {n for _, start, end in spans for n in range(start, end)}
    return "\n".join(line for n, line in enumerate(lines) if n not in inside)
