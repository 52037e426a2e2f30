"""Volumes and parts headed above their chapters, in an EPUB or a web page.

Standard Ebooks' War and Peace heads its books <h2> ("Book I"), their parts <h3> ("Part I:
1805") and the chapters <h4> ("I"); read by its levels, the book's chapters were its six <h2>s,
each a quarter of the novel, and its 365 chapters sections of them. When the headings over the
chapters do nothing but open what is under them (at most an epigraph between), and most of them
name a division ("Book", "Part", "Epilogue"), the upper of two such levels are volumes
(`{.volume}`), the lower parts (`{.part}`), and the chapters' level is `#`. Sections too short
to be chapters (numbered paragraphs, a collection's poems) leave the book as it is.
"""

from __future__ import annotations

import statistics

from publish.importer.headings import is_part
from publish.importer.markdown import ast_text

OPENING_WORDS_MAX = 150  # a part's epigraph or argument, between its heading and its first chapter's
CHAPTER_WORDS_MIN = 400  # the median chapter; shorter, the headings are sections or poems
CLASSES = ("volume", "part")


def divisions_over_chapters(blocks: list) -> tuple[int, int]:
    """Mark the volumes and parts among the top-level `blocks` and set their chapters at level 1;
    return how many volumes and parts, (0, 0) when the book has no such levels."""
    headers = [i for i, b in enumerate(blocks) if b.get("t") == "Header"]
    if len(headers) < 3 or any(set(CLASSES) & set(blocks[i]["c"][1][1]) for i in headers):
        return 0, 0
    words = _words_under(blocks, headers)
    opening = {n for n in range(len(headers)) if _opens(blocks, headers, words, n)}
    levels = sorted({blocks[i]["c"][0] for i in headers})
    division_levels = []
    for level in levels[:-1]:
        if not _divides(blocks, headers, opening, level):
            break
        division_levels.append(level)
    if not division_levels or len(division_levels) > len(CLASSES):
        return 0, 0
    chapter = next(level for level in levels if level > division_levels[-1])
    chapters = [words[n] for n, i in enumerate(headers) if blocks[i]["c"][0] == chapter]
    if len(chapters) < 2 or statistics.median(chapters) < CHAPTER_WORDS_MIN:
        return 0, 0
    named = dict(zip(division_levels, CLASSES[-len(division_levels):], strict=True))
    counts = dict.fromkeys(CLASSES, 0)
    last = max(n for n in opening if blocks[headers[n]]["c"][0] == division_levels[0])
    for n, i in enumerate(headers):
        level, (_, classes, _) = blocks[i]["c"][0], blocks[i]["c"][1]
        if level >= chapter:
            blocks[i]["c"][0] = level - chapter + 1
            continue
        blocks[i]["c"][0] = 1
        if level in named and n in opening:
            classes.append(named[level])
            counts[named[level]] += 1
        elif n > last and "backmatter" not in classes:
            classes.append("backmatter")  # an appendix or notes after the last volume ends the divisions
    return counts["volume"], counts["part"]


def _words_under(blocks: list, headers: list[int]) -> list[int]:
    """The words between each heading and the next."""
    ends = headers[1:] + [len(blocks)]
    return [len(ast_text(blocks[i + 1:end]).split()) for i, end in zip(headers, ends, strict=True)]


def _opens(blocks: list, headers: list[int], words: list[int], n: int) -> bool:
    """Whether heading `n` opens a deeper one, with little or nothing between."""
    following = headers[n + 1] if n + 1 < len(headers) else None
    return (following is not None and blocks[following]["c"][0] > blocks[headers[n]]["c"][0]
            and words[n] <= OPENING_WORDS_MAX)


def _divides(blocks: list, headers: list[int], opening: set[int], level: int) -> bool:
    """Whether the headings at `level` are divisions: two or more, each opening what is under it,
    most naming a division; those that hold text stand only before the first or after the last
    (a list of characters, an appendix)."""
    at = [n for n, i in enumerate(headers) if blocks[i]["c"][0] == level]
    divisions = [n for n in at if n in opening]
    if len(divisions) < 2 or any(divisions[0] < n < divisions[-1] for n in set(at) - opening):
        return False
    named = sum(is_part(" ".join(ast_text(blocks[headers[n]]["c"][2]).split())) for n in divisions)
    return 2 * named > len(divisions)
