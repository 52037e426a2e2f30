"""Letters in a plain text: a chapter headed as one ("Letter 1", Pamela's "LETTER XXXII"), a run
of quoted paragraphs under a line in italics that names it (Dracula's "_Letter, Lucy Westenra to
Mina Murray._" over '"My dearest Mina,--' … '"LUCY."'), from a salutation to a name signed in
capitals (Pride and Prejudice's), or each under its date in a book of such (Poor Folk's), put in
a `::: letter` div, with its dateline, salutation, signature and postscript in divs of their own
where the text shows them by strong cues only: a short line with a date at its head, "My dear
Sister," / "DEAR PAMELA," over the text, a closing ("Your affectionate brother,") over a name, or
short lines set far in at its end.
"""

from __future__ import annotations

import re

from publish.importer.markdown import Block
from publish.importer.plain import Paragraph, is_rule

LETTER_HEADING = re.compile(r"^(?:letter|письмо|lettre|brief)\s+(?:[ivxlc]+|\d+)\b[.:]?", re.I)
# A chapter titled by its writer and its reader: Lady Susan's "I" over "LADY SUSAN VERNON TO MR. VERNON".
_WRITER_TO_READER = re.compile(
    r"^(?:(?:[IVXLC]+|\d+)\.?\s+)?(?:FROM\s+)?(?:[A-Z][A-Z.,'&-]*\s){1,5}TO(?:\s[A-Z][A-Z.,'&-]*){1,5}$")
# A line in italics that names what follows: "_Letter, Lucy Westenra to Mina Murray._", "_Telegram…_".
_INTRODUCED = re.compile(r"^_(?:Letter|Telegram)\b[^_]*_?\.?$")
_QUOTE = '"“„«'
_ADDRESSED = re.compile(r"^_[^_]*\bto\b[^_]*_\.?$")  # a line in italics naming its writer and its reader
_ASIDE = re.compile(r"^\(.*\)$|^_[^_\"“]+_\.?$")  # "(Unopened by her.)", "_Rufus Smith, Lloyd's, …_"
_OPEN = re.compile(r'^_?["“„«]')  # a paragraph of a letter quoted, each opened with a mark ('_"We are,')
_CLOSE = re.compile(r'["”»]_?[.)]?$')

HEAD_PARAGRAPHS = 5  # "To Mrs. Saville, England." "St. Petersburgh, Dec. 11th, 17—." "My dear Sister,"
TAIL_PARAGRAPHS = 4  # "Your affectionate brother," "R. Walton", a postscript or two
SHORT = 60  # characters: a dateline, a salutation, a line of a closing
NAME_WORDS = 5  # "JOHN AND ELIZABETH ANDREWS.", "SAMUEL F. BILLINGTON & SON."
SALUTED_PARAGRAPHS = 40  # a salutation's name signed further on is another letter's, or none
DATED_LETTERS = 3  # dates over salutations that make a book of letters under their dates
SET_IN = 12  # spaces further in than the text: a closing set to the right (Pamela's)

MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|января|февраля|марта|апреля|мая|июня|июля|августа|"
           r"сентября|октября|ноября|декабря|janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
           r"octobre|novembre|décembre")
DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DATE = re.compile(rf"\b(?:{MONTHS})\b\.?|\b(?:{DAYS})\b|\b1[5-9]\d\d\b|\b1[5-9]—|\b\d{{1,2}}(?:st|nd|rd|th)\b", re.I)
_SALUTATION = re.compile(
    r"^(?:o\s+)?(?:my\s+)?(?:(?:very\s+)?(?:dear|dearest|honou?red|beloved|respected|worthy)\b|sir\b|madam\b|"
    r"madame\b|gentlemen\b|good\s+friend|милостив|любезн|бесценн|дорог|родн|маточка|голубчик)", re.I)
_VALEDICTION = re.compile(
    r"^(?:i\s+(?:am|remain),?\s+)?(?:(?:ever|always|most|very|yours)\b,?\s*)?(?:your|yours|thy|thine|ever|"
    r"faithfully|sincerely|affectionately|truly|believe\s+me|adieu|farewell|ваш\w*|тво[йяим]\w*|votre|ihr|dein)\b",
    re.I)
_NAME_WORD = re.compile(r"^(?:[A-ZА-ЯЁ][\w'’.-]*|&|and|AND|и|de|von|van)[.,]?$")
_DEAR_ME = re.compile(r"^(?:oh,?\s+)?dear(?:\s+me|,?\s+dear)\b", re.I)  # an exclamation, not a salutation
_THE_END = re.compile(r"^(?:the\s+end|finis|fin|конец|ende)\W*$", re.I)
_LETTER_WORD = re.compile(r"\b(?:letters?|note|wrote|written|письм\w*|записк\w*)\b", re.I)
_POSTSCRIPT = re.compile(r"^P\.\s?S\.|^PS\b|^Постскриптум", re.I)


def find_letters(paragraphs: list[Paragraph], headings: dict[int, int | None]) -> list[dict[int, str]]:
    """Each letter's paragraphs, by index, to the part each is ("" for the text)."""
    found = []
    for first, last, kind in letter_spans(paragraphs, headings):
        parts = letter_parts(paragraphs, first, last, kind)
        if kind != "addressed" or "signature" in parts.values():  # a title "FROM LONDON TO PARIS" is none
            found.append({i: "" for i in range(first, last + 1)} | parts)
    return found


def letter_spans(paragraphs: list[Paragraph], headings: dict[int, int | None]) -> list[tuple[int, int, str]]:
    """The paragraphs (first, last) of each letter, and how it was told: a chapter headed as one
    ("chapter") or titled by its writer and reader ("addressed"), quoted under a line naming it
    ("introduced"), under its date alone in a book of such ("dated"), or from its salutation to
    the name signed under it ("saluted")."""
    starts = sorted(headings)
    spans = []
    for n, h in enumerate(starts):
        title = paragraphs[headings[h]].text if headings[h] is not None else ""
        kind = "chapter" if LETTER_HEADING.match(paragraphs[h].text) else "addressed" if _WRITER_TO_READER.match(
            title) or _WRITER_TO_READER.match(paragraphs[h].text) else ""
        if kind:
            first = (headings[h] or h) + 1
            last = (starts[n + 1] if n + 1 < len(starts) else len(paragraphs)) - 1
            if first <= last:
                spans.append((first, last, kind))
    chapters = {i for first, last, _ in spans for i in range(first, last + 1)}
    for i, para in enumerate(paragraphs):
        if i in headings or i in chapters or not _INTRODUCED.match(para.text):
            continue  # a letter quoted in a letter is its text
        last = i
        while last + 1 < len(paragraphs) and last - i < HEAD_PARAGRAPHS and _ASIDE.match(paragraphs[last + 1].text):
            last += 1  # "(Unopened by her.)", a second line naming it in italics
        quoted = last
        while last + 1 < len(paragraphs) and last + 1 not in headings and _goes_on(paragraphs, last + 1):
            last += 1
            if _CLOSE.search(paragraphs[last].text):
                break
        if last > quoted and _CLOSE.search(paragraphs[last].text):
            spans.append((i, last, "introduced"))  # the line naming it heads it
    taken = {i for first, last, _ in spans for i in range(first, last + 1)}
    spans += _dated(paragraphs, headings, taken)
    taken = {i for first, last, _ in spans for i in range(first, last + 1)}
    for i, para in enumerate(paragraphs):
        if i not in taken and i not in headings and _short(para) and _is_salutation(_bare(para.text)):
            span = _saluted(paragraphs, headings, taken, i)
            if span:
                spans.append((*span, "saluted"))
                taken.update(range(span[0], span[1] + 1))
    return sorted(spans)


def _dated(paragraphs: list[Paragraph], headings: dict, taken: set[int]) -> list[tuple[int, int, str]]:
    """A novel in letters each under its date alone, as Poor Folk's ("Апреля 8." over "Бесценная
    моя Варвара Алексеевна!"): where three dates or more stand over a salutation, each date alone
    opens a letter, which runs to the next or to a heading."""
    dates = [i for i, p in enumerate(paragraphs) if i not in taken and i not in headings and _short(p)
             and len(p.raw) == 1 and _is_dateline(_bare(p.text)) and i + 1 < len(paragraphs)]
    over = [i for i in dates if _short(paragraphs[i + 1]) and _is_salutation(_bare(paragraphs[i + 1].text))]
    # Not letters quoted in a story's talk (Pride and Prejudice's), which run to their signature
    if len(over) < DATED_LETTERS or 2 * len(over) < len(dates) or any(_OPEN.match(paragraphs[i].text) for i in over):
        return []
    spans = []
    for n, i in enumerate(dates):
        end = dates[n + 1] if n + 1 < len(dates) else len(paragraphs)
        end = min([end, *(h for h in headings if h > i), *(t for t in taken if t > i)])
        if end - 1 > i:
            spans.append((i, end - 1, "dated"))
    return spans


def _saluted(paragraphs: list[Paragraph], headings: dict, taken: set[int], i: int) -> tuple[int, int] | None:
    """A letter told by its salutation (Pride and Prejudice's '"Dear Sir,--"', under its dateline)
    and the name signed under it a few paragraphs on, in capitals ('"WILLIAM COLLINS"') or under a
    closing."""
    announced = _announced(paragraphs, i)
    for j in range(i + 2, min(i + 1 + SALUTED_PARAGRAPHS, len(paragraphs))):
        text = _bare(paragraphs[j].text)
        if j in headings or j in taken or _short(paragraphs[j]) and (_is_salutation(text) or _is_dateline(text)):
            return None  # another letter's, or none
        dated = j + 1 < len(paragraphs) and _short(paragraphs[j + 1]) and _is_dateline(_bare(paragraphs[j + 1].text))
        ends = _ends_quotation(paragraphs, j + dated)
        signed = _in_capitals(text) or _under_closing(paragraphs, j) or announced and ends
        if _short(paragraphs[j]) and _is_name(text) and signed:
            j += dated and ends  # its date at its foot, the quotation's last line
            first = i
            while i - first < 2 and _heads(paragraphs, first - 1, headings, taken, place=first < i):
                first -= 1
            if first > 0 and first - 1 not in taken | set(headings) and _ADDRESSED.match(paragraphs[first - 1].text):
                first -= 1  # "_Report from Patrick Hennessey, M. D., … to John Seward, M. D._" heads it
            while j + 1 < len(paragraphs) and j + 1 not in taken | set(headings) and _POSTSCRIPT.match(
                    _bare(paragraphs[j + 1].text)):
                j += 1  # Biddy's '"P.S. He wishes me most particular to write what larks."'
            return first, j
    return None


def _announced(paragraphs: list[Paragraph], i: int) -> bool:
    """The text gives the letter saluted at i (or its date over it): "Clerval then put the following
    letter into my hands. It was from my own Elizabeth:"."""
    k = i - 2 if i >= 2 and _is_dateline(_bare(paragraphs[i - 1].text)) else i - 1
    text = paragraphs[k].text.rstrip() if k >= 0 else ""
    return text.endswith((":", ":—", ":--")) and bool(_LETTER_WORD.search(text))


def _ends_quotation(paragraphs: list[Paragraph], j: int) -> bool:
    """Paragraph j is the last of a run quoted, each opened with its mark ('"Elizabeth Lavenza.')."""
    after = paragraphs[j + 1].text if j + 1 < len(paragraphs) else ""
    text = paragraphs[j].text
    return bool(_OPEN.match(text)) and (not _OPEN.match(after) or bool(_CLOSE.search(text)))


def _under_closing(paragraphs: list[Paragraph], j: int) -> bool:
    """The name at j is signed under a closing ('"Your affectionate and afflicted father,"' over
    '"Alphonse Frankenstein."'), as a name in the talk never is."""
    return _short(paragraphs[j - 1]) and _is_valediction(_bare(paragraphs[j - 1].text))


def _heads(paragraphs: list[Paragraph], k: int, headings: dict, taken: set[int], place: bool) -> bool:
    """Paragraph k is a saluted letter's dateline over it, or (`place`) the place over that date."""
    if k < 0 or k in headings or k in taken or not _short(paragraphs[k]):
        return False
    text = _bare(paragraphs[k].text)
    return text.endswith(",") if place else _is_dateline(text)


def _goes_on(paragraphs: list[Paragraph], i: int) -> bool:
    """A letter quoted goes on in paragraph i: one quoted, else a scene break, an aside or a line
    of its closing, its mark forgotten ('Yours ever,'), with a quoted paragraph after it."""
    text = paragraphs[i].text
    if _OPEN.match(text):
        return True
    after = i + 1 < len(paragraphs) and bool(_OPEN.match(paragraphs[i + 1].text))
    return after and (is_rule(text) or bool(_ASIDE.match(text)) or _short(paragraphs[i]) and _is_valediction(text))


def letter_parts(paragraphs: list[Paragraph], first: int, last: int, kind: str) -> dict[int, str]:
    """Which paragraphs of the letter are its dateline, salutation, signature, postscript; a name
    alone ends a letter that is its chapter ("R.W.")."""
    parts: dict[int, str] = {}
    headed = kind in ("chapter", "addressed")
    opening = paragraphs[first].text
    named = not headed and bool(_INTRODUCED.match(opening) or _ADDRESSED.match(opening))
    head = first + 1 if named else first  # under the line naming it
    for i in range(head, min(head + HEAD_PARAGRAPHS, last)):
        text = _bare(paragraphs[i].text)
        if _is_salutation(text) or kind == "dated" and i == head + 1 and _is_address(paragraphs[i]):
            parts[i] = "salutation"
            break
        if _is_dateline(text) and "salutation" not in parts.values():
            parts[i] = "dateline"
            if i - 1 >= head and i - 1 not in parts and _bare(paragraphs[i - 1].text).endswith(","):
                parts[i - 1] = "dateline"  # its place over its date: "17, Chatham Street," over "Wednesday."
        elif len(text) > SHORT or len(paragraphs[i].raw) > 2:
            break  # the text has begun
    body = max(parts, default=head - 1)
    if kind == "saluted" and last > body + 1 and _is_dateline(_bare(paragraphs[last].text)):
        parts[last] = "dateline"  # dated at its foot: Elizabeth's '"Geneva, March 18th, 17—."'
        last -= 1
    closing = _closing(paragraphs, body + 1, last, headed or kind == "saluted")
    if closing is not None:
        start, end = closing
        parts.update({i: "signature" for i in range(start, end + 1)})
        parts.update({i: "postscript" for i in range(end + 1, last + 1)})
    return parts


def _closing(paragraphs: list[Paragraph], body: int, last: int, headed: bool) -> tuple[int, int] | None:
    """The closing's paragraphs (first, last): a valediction over a name, a name alone ending a
    letter that is its chapter, or short lines set far in; postscripts may follow it."""
    margin = min((_indent(paragraphs[i]) for i in range(body, last + 1)), default=0)
    for end in range(last, max(body, last - TAIL_PARAGRAPHS) - 1, -1):
        para = paragraphs[end]
        text = _bare(para.text)
        if not _short(para):
            continue
        start = end
        while start - 1 > body and _short(paragraphs[start - 1]) and _is_valediction(_bare(paragraphs[start - 1].text)):
            start -= 1
        lines = [_bare(line) for i in range(start, end + 1) for line in paragraphs[i].raw] or [text]
        set_in = all(_indent(paragraphs[i]) >= margin + SET_IN for i in range(start, end + 1))
        if start < end and _is_name(lines[-1]) or _is_valediction(lines[0]) and (_is_name(lines[-1]) or set_in):
            return start, end
        if set_in or start == end and _is_name(text) and (headed and end == last or _in_capitals(text)):
            return start, end  # "R.W." ending a letter that is its chapter, "LUCY." over a postscript
    return None


def wrap_letters(blocks: list[Block], paragraphs: list[Paragraph], letters: list[dict[int, str]]) -> list[Block]:
    """The blocks with each letter's in a `::: letter` div, its parts in divs of their own."""
    role_at = {paragraphs[i].line: role for found in letters for i, role in found.items() if role}
    out: list[Block] = []
    k = 0
    for found in letters:
        lines = range(paragraphs[min(found)].line, paragraphs[max(found)].line + 1)
        while k < len(blocks) and blocks[k].line < lines.start:
            out.append(blocks[k])
            k += 1
        inside = []
        while k < len(blocks) and blocks[k].line in lines:
            inside.append(blocks[k])
            k += 1
        # A letter set in as a quotation (Bleak House's Ada's): its paragraphs, not one quotation of its parts.
        inside = [c for b in inside for c in (b.children if b.kind == "BlockQuote" and any(
            c.line in role_at for c in b.children) else [b])]
        if inside:
            out.append(Block("Div", inside[0].line, div_class="letter", children=_grouped(inside, role_at)))
    return out + blocks[k:]


def _grouped(blocks: list[Block], role_at: dict[int, str]) -> list[Block]:
    """A letter's blocks, those of one part together in a div of its class."""
    out: list[Block] = []
    for block in blocks:
        role = role_at.get(block.line)
        if role is None:
            out.append(block)
            continue
        inner = block.children if block.kind == "BlockQuote" else [block]  # a closing set in: not a quotation
        if role == "signature":
            inner = [_unindented(b) for b in inner]
        if out and out[-1].kind == "Div" and out[-1].div_class == role and role != "salutation":  # one dateline
            out[-1].children += inner
        else:
            out.append(Block("Div", block.line, div_class=role, children=list(inner)))
    return out


def _unindented(block: Block) -> Block:
    """A closing's lines without the spaces that set them in: the editions set it to the right."""
    if block.kind == "LineBlock":
        block.verse = [[i for n, i in enumerate(line) if n or i.kind != "text" or i.text.strip()]
                       for line in block.verse]
    return block


def _bare(text: str) -> str:
    """Its words without the quotation marks and italics of a letter quoted ('"_9 May._' → '9 May.')."""
    return text.replace("_", "").replace("*", "").strip().strip(_QUOTE + "”").strip()


def _short(para: Paragraph) -> bool:
    return len(para.raw) <= 2 and len(para.text) <= 2 * SHORT and all(len(line.strip()) <= SHORT for line in para.raw)


def _indent(para: Paragraph) -> int:
    return min(len(line) - len(line.lstrip()) for line in para.raw) if para.raw else 0


def _is_dateline(text: str) -> bool:
    """A short line with a date: a month or day named with its capital ("You may." is none), a year, "11th"."""
    return (len(text) <= SHORT and not text.endswith(("?", ":"))
            and any(not m.group()[0].islower() for m in _DATE.finditer(text)))


def _is_salutation(text: str) -> bool:
    return (len(text) <= SHORT and len(text.split()) <= 8 and text.endswith((",", "!", ":", "—", "--"))
            and bool(_SALUTATION.match(text)) and not _DEAR_ME.match(text))


def _is_address(para: Paragraph) -> bool:
    """A short line calling its reader ("Матушка, Варвара Алексеевна!") under a letter's date."""
    text = _bare(para.text)
    return _short(para) and len(text.split()) <= 6 and text.endswith(("!", ","))


def _is_valediction(text: str) -> bool:
    return len(text.split()) <= 10 and bool(_VALEDICTION.match(text)) and not text.endswith(("?", ":"))


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _is_name(text: str) -> bool:
    if _THE_END.match(text):
        return False
    words = text.rstrip(".").split()
    return 0 < len(words) <= NAME_WORDS and len(text) <= 40 and all(_NAME_WORD.match(w) for w in words)
