"""Whether a source numbers its notes from 1 again in each chapter, as histories do.

A call's number is gone once the call is made a pandoc footnote (the editions number the notes
themselves), so endnotes.py keeps each call's text by its note. Notes whose numbers run 1, 2, 3
and go back to 1 only after a heading were numbered by chapter: book.yaml's `note_numbers:
chapter` numbers them so again (Prescott's Conquest of Mexico prints "1" under each chapter, not
"1,734").
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^\W*(\d{1,4})\W*$")  # "1", "[1]", "(12)", "3."


def chapter_restarts(blocks: list, labels: dict[int, str]) -> int:
    """How many times the notes in `labels` (their call's text by the id of their Note) go back to
    1 after a heading (label_restarts)."""
    return label_restarts(None if node.get("t") == "Header" else labels.get(id(node), "")
                          for node in _in_order(blocks))


def label_restarts(calls) -> int:
    """How many times the calls' labels (None for a heading between them) go back to 1 after a
    heading, their numbers rising by one in between; 0 when they run through the book, or are
    not all numbers, or go back anywhere else."""
    restarts, last, headed = 0, 0, False
    for label in calls:
        if label is None:
            headed = True
            continue
        match = _NUMBER.match(label)
        if match is None:
            return 0
        number = int(match[1])
        if number == 1 and last and headed:
            restarts += 1
        elif number != last + 1:
            return 0
        last, headed = number, False
    return restarts


def _in_order(node: object):
    """The headings and the labelled notes of `node`, in the order they are read."""
    if isinstance(node, list):
        for item in node:
            yield from _in_order(item)
    elif isinstance(node, dict):
        if node.get("t") == "Header" or node.get("t") == "Note":
            yield node
        if node.get("t") != "Note":
            yield from _in_order(node.get("c"))


def notes_by_chapter(report, restarts: int) -> None:
    """The import's report told, and its book.yaml made to say `note_numbers: chapter`, when the
    notes went back to 1 `restarts` times."""
    if restarts:
        report.note_restarts = restarts
        report.decisions.append(f"notes:           numbered from 1 again in {restarts + 1} chapters, as the "
                                "source numbers them: note_numbers: chapter")
