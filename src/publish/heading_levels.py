"""Headings at the depth they stand at: no level skipped.

A manuscript that goes from a chapter's heading (`#`) to a fourth-level one (`####`), as an
imported web page's <h2> over its <h4> and <h6> does, made pages that skip heading levels, which
the HTML checker counts as errors and screen readers announce as sections missing. Each heading
is set at its depth under the headings above it: `#`, `###`, `#####` become h1, h2, h3; one in
the untitled opening before the first chapter, under no heading, an h2 under its page's h1.
Lint's H001 names the place, for an author who meant otherwise.
"""

from __future__ import annotations

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def headings_without_skipped_levels(blocks: list) -> int:
    """Renumber the headings among `blocks` (lxml elements) by their depth; return how many moved."""
    moved = 0
    for block in blocks:
        if isinstance(block, str):
            continue
        open_levels: list[tuple[int, int]] = []  # (written level, depth) of the headings above, outermost first
        for heading in block.iter(*_HEADINGS):
            level = int(heading.tag[1])
            while open_levels and open_levels[-1][0] >= level:
                open_levels.pop()
            # A heading under none is a chapter's (h1) or, deeper, one of the untitled opening
            # before the first chapter, whose page has an h1 of its own: an h2 at most.
            depth = open_levels[-1][1] + 1 if open_levels else min(level, 2)
            open_levels.append((level, depth))
            if depth < level:
                heading.tag = f"h{depth}"
                moved += 1
    return moved
