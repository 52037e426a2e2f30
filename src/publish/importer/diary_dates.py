"""A diary's dates, each alone over its entry (Notes of a Madman's "Октября 3.", "Ноября 6."):
where three such lines or more stand outside letters, each is written `::: dateline`, which the
editions set as the entry's head. Only a date wholly (a day and a month, named with its capital
when it comes first; perhaps a weekday and a year): "Мартобря 86 числа." and "Monday." stay text.
"""

from __future__ import annotations

import re

from publish.importer.letters import DAYS, MONTHS
from publish.importer.markdown import Block
from publish.importer.plain import Paragraph

DIARY_DATES = 3  # dates alone that make a diary's heads, not a line of the story that is one
_DAY = r"\d{1,2}(?:st|nd|rd|th|-?е|-?го)?"
_FULL_DATE = re.compile(rf"^(?:(?:{DAYS}),?\s+)?(?:{_DAY}\s+(?P<m1>{MONTHS})|(?P<m2>{MONTHS})\s+{_DAY})\.?"
                        rf"(?:,?\s+\d{{4}}\.?)?$", re.I)


def diary_dates(paragraphs: list[Paragraph], headings: dict, letters: list[dict[int, str]]) -> set[int]:
    """The paragraphs that are a diary's dates, outside the letters."""
    taken = {i for found in letters for i in found}
    dates = {i for i, para in enumerate(paragraphs) if i not in taken and i not in headings
             and len(para.raw) <= 1 and _is_date(para.text)}
    return dates if len(dates) >= DIARY_DATES else set()


def wrap_dates(blocks: list[Block], paragraphs: list[Paragraph], dates: set[int]) -> list[Block]:
    lines = {paragraphs[i].line for i in dates}
    return [Block("Div", b.line, div_class="dateline", children=[b]) if b.kind == "Para" and b.line in lines else b
            for b in blocks]


def _is_date(text: str) -> bool:
    found = _FULL_DATE.match(text.strip())  # a month first has its capital ("May 9.", not "You may.")
    return bool(found) and bool(found["m1"] or found["m2"][0].isupper())  # after its day: "11-го мая."
