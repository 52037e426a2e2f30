"""Headings at the depth they stand at: no level skipped.

A manuscript that goes from a chapter's heading (`#`) to a fourth-level one (`####`), as an
imported web page's <h2> over its <h4> and <h6> does, made pages that skip heading levels, which
the HTML checker counts as errors and screen readers announce as sections missing. Each heading
is set at its depth under the headings above it: `#`, `###`, `#####` become h1, h2, h3. Lint's
H001 names the place, for an author who meant otherwise.
"""

from __future__ import annotations

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def headings_without_skipped_levels(blocks: list) -> int:
    """Renumber the headings among `blocks` (lxml elements) by their depth; return how many moved."""
    moved = 0
    for block in blocks:
        if isinstance(block, str):
            continue
        open_levels: list[int] = []  # the written levels of the headings above, outermost first
        for heading in block.iter(*_HEADINGS):
            level = int(heading.tag[1])
            while open_levels and open_levels[-1] >= level:
                open_levels.pop()
            depth = open_levels[0] + len(open_levels) if open_levels else level
            open_levels.append(level)
            if depth < level:
                heading.tag = f"h{depth}"
                moved += 1
    return moved
