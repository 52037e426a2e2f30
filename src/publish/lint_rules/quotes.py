"""Quotation marks: unbalanced (Q001, Q002), mismatched (Q003), turned the wrong way (Q004),
straight among typographic ones (Q005)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from publish.lint_rules.findings import Finding, Fix, LintContext
from publish.lint_rules.source import MASK, Paragraph

QUOTES = "\"'“”‘’«»„‚›‹"
OPENERS = "“‘«„‚"
CLOSERS = "”’»"
# opening mark → the marks that may close it
CLOSES = {"“": "”", "„": "“”", "‚": "‘’", "‘": "’", "«": "»", '"': '"', "'": "'", "»": "«", "›": "‹"}
RIGHT_WAY = {"‘": "’", "“": "”", "’": "‘", "”": "“"}  # a mark turned the other way
_BEFORE_OPENING = " \t\n([{—–-/" + MASK + OPENERS
END = "\x03"  # after the last character: nothing can be opened there
_AFTER_CLOSING = " \t\n)]}.,;:!?…—–-/" + MASK + CLOSERS + "“‘" + END
# Words that open with an apostrophe, not a quotation, in verse and older prose ('Tis, ’twas,
# 'mid, Dickens's ’em, ’ud, ’cross): read as a quote opened and never closed (Q001 in every other
# poem of Leaves of Grass), or as an opening ’ turned the wrong way (`publish fix` made them
# ‘em wherever a later o’ or th’ seemed to close them).
_ELISION = re.compile(r"(?:em|tis|twas|twere|twill|twould|tween|twixt|neath|gainst|midst|mid|bout|cross|cause"
                      r"|round|til|fore|cept|gin|pon|ud|un|n|t)\b", re.IGNORECASE)
# Older clipped words that are also words or quotations' openings ('a for he, 'ware): read as
# apostrophes only where that pairs more marks.
_APHETIC = re.compile(r"(?:a|haviour|ware|pothecary|scape|prentice|larum|gan|bove|mongst)\b")
# A possessive after markup: "[G.]{.abbr}'s", "*Titanic*'s".
_POSSESSIVE = re.compile(r"s\b")


@dataclass(frozen=True)
class Mark:
    offset: int
    char: str
    role: str  # "open" | "close"
    wrong_way: bool = False


@dataclass
class Scan:
    paragraph: Paragraph
    marks: list[Mark]
    findings: list[Finding]
    as_turned: frozenset[int] = frozenset()
    unclosed: tuple[Mark, ...] = ()  # the opening marks left open at its end (Q001)

    @property
    def problems(self) -> int:
        """Marks left unpaired or paired with the wrong kind (Q001, Q002, Q003)."""
        return sum(1 for f in self.findings if f.code in ("Q001", "Q002", "Q003"))

    @property
    def balanced(self) -> bool:
        return not self.findings


def scan(paragraph: Paragraph) -> Scan:
    """Pair the quotation marks of a paragraph, as a reader would.

    A ’ or ” where a quotation opens is first read as an opening mark turned the wrong way; it
    is read as it is turned (closing, or an apostrophe) when that pairs more marks: "Au revoir!
    ”—and" closes the “ opened before it, and "——’s" is a name left out, not a quotation. A ‘
    before an elided word ("‘Tis") is read as an apostrophe turned the wrong way when that pairs
    more marks ("‘Tis the business of the gods, says Aristotle,’" opens a quotation)."""
    best = _scan(paragraph, frozenset())
    # ...and so is ‘Tis, an apostrophe typed as an opening mark, unless it opens a quotation too.
    elided = [m for m in best.marks
              if m.char == "‘" and m.role == "open" and _ELISION.match(paragraph.text, m.offset + 1)]
    # ...and so is a straight ' before an older clipped word that opens nothing closed later:
    # Shakespeare's 'a (he), 'haviour, 'ware, 'pothecary (Q001 six times in Romeo and Juliet).
    elided += [m for m in best.marks
               if m.char in "'‘" and m.role == "open" and _APHETIC.match(paragraph.text, m.offset + 1)]
    for mark in [m for m in best.marks if m.wrong_way and m.role == "open"] + elided:
        other = _scan(paragraph, best.as_turned | {mark.offset})
        if other.problems < best.problems:
            best = other
    if best.problems:  # a wrong-way mark is fixed only where every quotation pairs
        best.findings[:] = [replace(f, fix=None) if f.code == "Q004" else f for f in best.findings]
    return best


def _scan(paragraph: Paragraph, as_turned: frozenset[int]) -> Scan:
    """Pair the marks; the ’ and ” at the offsets `as_turned` are read as they are turned."""
    text = paragraph.text
    marks: list[Mark] = []
    stack: list[Mark] = []
    findings: list[Finding] = []

    def report(mark: Mark, code: str, message: str, fix: str | None = None) -> None:
        line, column = paragraph.position(mark.offset)
        edit = Fix(line, column, column + 1, fix) if fix else None
        findings.append(Finding(paragraph.source.path, line, column, code, message, edit))

    pointing_in = _pointing_in(text)
    for offset, char in enumerate(text):
        if char not in QUOTES or (char in "›‹" and not pointing_in):
            continue
        before = text[offset - 1] if offset else " "
        after = text[offset + 1] if offset + 1 < len(text) else END
        if char in "'’" and _ELISION.match(text, offset + 1):
            continue  # 'Tis, ’em: an apostrophe
        if char in "'’" and before in MASK + "]}*_" and _POSSESSIVE.match(text, offset + 1):
            continue  # [G.]{.abbr}'s: an apostrophe
        if char == "‘" and offset in as_turned:  # Monte Cristo's “‘Tis I—really I!”: an apostrophe
            report(Mark(offset, char, "close", True), "Q004", "apostrophe ‘ turned the wrong way", "’")
            continue
        role = (("open" if char in "»›" else "close"), False) if pointing_in and char in "»«›‹" else \
            _role(char, before, after, stack, offset in as_turned)
        if role is None:
            continue
        mark = Mark(offset, char, role[0], role[1])
        marks.append(mark)
        if mark.role == "open" and _reopens_verse_line(paragraph, offset, stack):
            continue
        if mark.role == "open":
            stack.append(mark)
            if mark.wrong_way:
                report(mark, "Q004", f"quote {char} turned the wrong way: it opens a quotation here",
                       RIGHT_WAY[char])
            continue
        if not stack:
            report(mark, "Q002", f"unbalanced closing quote {char} (no opening quote before it in this paragraph)")
            continue
        opening = stack.pop()
        closers = _closers(opening)
        if char in closers or (mark.wrong_way and RIGHT_WAY.get(char, "") in closers):
            if mark.wrong_way:
                report(mark, "Q004", f"quote {char} turned the wrong way: it closes the quotation "
                       f"opened by {opening.char}", RIGHT_WAY[char])
        else:
            line, column = paragraph.position(opening.offset)
            report(mark, "Q003", f"mismatched quotes: {char} closes the {opening.char} opened at {line}:{column}")
    for mark in stack:
        report(mark, "Q001", f"unbalanced opening quote {mark.char} (no closing quote in this paragraph)")
    return Scan(paragraph, marks, findings, as_turned, tuple(stack))


def _pointing_in(text: str) -> bool:
    """Guillemets pointing inwards, »so« and ›so‹, as German books often set them: the paragraph's
    first guillemet is a » that opens (after a space, before a word) or a « that closes."""
    at = next((i for i, ch in enumerate(text) if ch in "«»"), None)
    if at is None:
        return False
    before, after = text[at - 1] if at else " ", text[at + 1] if at + 1 < len(text) else " "
    if text[at] == "»":
        return before in _BEFORE_OPENING and not after.isspace()
    return not before.isspace() and (after.isspace() or after in _AFTER_CLOSING)


def _reopens_verse_line(paragraph: Paragraph, offset: int, stack: list[Mark]) -> bool:
    """A quotation running on over lines of verse opens each line again with its mark, as one
    running over paragraphs opens each paragraph, and only its last line closes it (Leaves of
    Grass: 'Ended our talk—"The sum, …,' over '"Of all Geologies…'): no new quotation."""
    if not stack or stack[-1].char != paragraph.text[offset]:
        return False
    start = paragraph.raw.rfind("\n", 0, offset)
    line = paragraph.raw[start + 1:offset]
    if start < 0 or line.strip(" \t>|"):
        return False
    return line.lstrip(" \t>").startswith("|") or paragraph.raw[:start].endswith(("\\", "  "))


def _role(char: str, before: str, after: str, stack: list[Mark], as_turned: bool = False) -> tuple[str, bool] | None:
    """("open" | "close", turned the wrong way), or None for an apostrophe."""
    if as_turned:  # a ’ that closes nothing open is an apostrophe
        return ("close", False) if char == "”" or (stack and char in _closers(stack[-1])) else None
    opening_place = before in _BEFORE_OPENING and not after.isspace() and after != END
    closing_place = not before.isspace() and (after in _AFTER_CLOSING or after.isspace())
    if char in "'’" and before.isalpha() and after.isalpha():
        return None  # don’t
    if char in "'’" and (after.isdigit() or (before.isalnum() and not _single_open(stack))):
        return None  # ’90s, soldiers’
    if char in "\"'":
        if opening_place and not closing_place:
            return "open", False
        if closing_place and not opening_place:
            return "close", False
        return ("close", False) if stack and stack[-1].char == char else ("open", False)
    if char in OPENERS:
        if stack and char in _closers(stack[-1]):  # „…“ and ‚…‘ (a ’ turned the wrong way opens too)
            return "close", False
        closing = (closing_place and not opening_place) or after == END
        return ("close", char in RIGHT_WAY) if closing else ("open", False)
    return ("open", True) if opening_place and not closing_place and char != "»" else ("close", False)


def _closers(opening: Mark) -> str:
    """The marks that close `opening`; one turned the wrong way (’yes”) is read as it was meant."""
    return CLOSES[RIGHT_WAY[opening.char]] if opening.wrong_way else CLOSES[opening.char]


def _single_open(stack: list[Mark]) -> bool:
    return any(mark.char in "‘‚'" or (mark.wrong_way and mark.char == "’") for mark in stack)


def check_quotes(paragraphs: list[Paragraph], context: LintContext) -> Iterator[Finding]:
    scans = [scan(p) for p in paragraphs]
    spanning = _closed_paragraphs_later(scans)
    for result, following in zip(scans, [*scans[1:], None], strict=True):
        runs_on = _runs_on(result, following)
        yield from (f for f in result.findings
                    if not (runs_on and f.code == "Q001") and (f.line, f.column) not in spanning)
    yield from _mixed_styles(scans, context)


SPAN_PARAGRAPHS = 12  # a letter quoted whole: Karenin's to Anna runs over five


def _closed_paragraphs_later(scans: list[Scan]) -> set[tuple[int, int]]:
    """The positions of the marks of quotations in « » or „ “ that run over paragraphs, the Russian
    and German way: opened in one, closed at the end of a later one, none reopened between (Anna
    Karenina's letters: «При последнем разговоре нашем …» … «… для ваших расходов»): 35 of
    its quotation marks were reported unbalanced."""
    found: set[tuple[int, int]] = set()
    for i, result in enumerate(scans):
        opening = result.unclosed[0] if len(result.unclosed) == 1 else None
        if opening is None or opening.char not in "«„»" or result.problems != 1:
            continue
        for later in scans[i + 1 : i + 1 + SPAN_PARAGRAPHS]:
            if later.paragraph.heading or later.paragraph.source is not result.paragraph.source:
                break
            if not later.problems:
                continue
            closing = next((m for m in later.marks if m.role == "close"), None)
            position = later.paragraph.position(closing.offset) if closing else None
            first = later.findings[0] if later.findings else None
            if (closing and closing.char in CLOSES[opening.char] and first and first.code == "Q002"
                    and (first.line, first.column) == position):
                found |= {result.paragraph.position(opening.offset), position}
            break
    return found


def _runs_on(result: Scan, following: Scan | None) -> bool:
    """A quotation running on into the next paragraph, which opens with the same mark again: the
    English way with a letter or a speech of several paragraphs (Dracula's), where only the last
    paragraph closes it."""
    if len(result.unclosed) != 1 or following is None or following.paragraph.heading:
        return False
    nxt = following.paragraph
    return (nxt.source is result.paragraph.source
            and nxt.text.lstrip(" \t\n>" + MASK).startswith(result.unclosed[0].char))


def _mixed_styles(scans: list[Scan], context: LintContext) -> Iterator[Finding]:
    """Q005: straight quotes in a book that otherwise uses typographic ones (and the reverse)."""
    straight = sum(1 for s in scans for m in s.marks if m.char in "\"'")
    curly = sum(1 for s in scans for m in s.marks if m.char not in "\"'")
    if not straight or not curly:
        return
    minority_is_straight = straight <= curly
    for result in scans:
        for mark in result.marks:
            if (mark.char in "\"'") != minority_is_straight:
                continue
            line, column = result.paragraph.position(mark.offset)
            if minority_is_straight:
                curled = _curl(mark, result.paragraph.language_at(mark.offset, context.language))
                fix = Fix(line, column, column + 1, curled) if result.balanced else None
                message = f"straight quote {mark.char} in a text that uses typographic quotes; use {curled}"
            else:
                fix = None
                message = f"typographic quote {mark.char} in a text that uses straight quotes"
            yield Finding(result.paragraph.source.path, line, column, "Q005", message, fix)
    for result in scans:  # straight apostrophes: don't → don’t
        if not minority_is_straight:
            break
        text = result.paragraph.text
        for offset, char in enumerate(text):
            if char == "'" and 0 < offset < len(text) - 1 and text[offset - 1].isalpha() and text[offset + 1].isalpha():
                line, column = result.paragraph.position(offset)
                yield Finding(result.paragraph.source.path, line, column, "Q005",
                              "straight apostrophe ' in a text that uses typographic quotes; use ’",
                              Fix(line, column, column + 1, "’"))


# language → the (opening, closing) marks for straight double and single quotes
_CURLED = {
    "en": (("“", "”"), ("‘", "’")),
    "ru": (("«", "»"), ("„", "“")),
    "uk": (("«", "»"), ("„", "“")),
    "be": (("«", "»"), ("„", "“")),
    "de": (("„", "“"), ("‚", "‘")),
    "fr": (("«", "»"), ("“", "”")),
}


def _curl(mark: Mark, language: str) -> str:
    """The language's mark for a straight quote (French spacing is the typography pass's)."""
    double, single = _CURLED.get(language, _CURLED["en"])
    pair = double if mark.char == '"' else single
    return pair[0] if mark.role == "open" else pair[1]
