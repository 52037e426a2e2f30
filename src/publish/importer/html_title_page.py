"""The rest of a Project Gutenberg HTML book's title page, set as headings under its title.

Gutenberg's HTML sets a title page in headings of falling sizes: Herodotus's `<h1>` title over
`<h2>By Herodotus</h2>`, `<h3>Translated into English by G. C. Macaulay</h3>`, `<h4>IN TWO
VOLUMES</h4>`; MacDowell's Essays its editor and three publishers' addresses in `<h3>` and `<h4>`.
Imported, each was a chapter or a section of nothing ("By Herodotus" the first in the contents).
Once the title is taken (to book.yaml), the headings after it with nothing under them are taken
too, to be set aside, unless the book's own headings go as high (a part over its first chapter).
"""

from __future__ import annotations

import re
import unicodedata

from publish.importer.headings import is_heading
from publish.importer.markdown import ast_text
from publish.importer.report import words

_TOP = 16  # a title page, a note and a motto: the first blocks
_LISTED_PICTURES = re.compile(r"^(?:list of )?(?:the )?(?:illustrations|maps|plates|figures)"
                              r"(?: and (?:illustrations|maps|plates|figures))?[ .:]*$", re.IGNORECASE)
_APOSTROPHES = str.maketrans("", "", "'’‘ʼ´`′")
_YEAR_AFTER = re.compile(r"\s*\(\d{4}\)\s*$|,\s*complete\s*$", re.IGNORECASE)


def title_key(text: str) -> str:
    """A title's words as a title page and a header may each set them: case, accents, apostrophes
    and quotes of any kind and other punctuation aside, "&" as "and", without a leading article.
    Gibbon's header names 'The History of The Decline and Fall of the Roman Empire', its title
    page 'HISTORY OF THE DECLINE AND FALL …'; MacDowell's 'Critical & Historical Essays', its title
    page 'CRITICAL AND HISTORICAL ESSAYS'; the Midē´wiwin's header 'The Mide'wiwin or "Grand
    Medicine Society"', its title page 'THE MIDĒ´WIWIN OR “GRAND MEDICINE SOCIETY”'."""
    # Gutenberg's "The Whitehouse Cookbook (1887)", "Adventures of Huckleberry Finn, Complete": its edition
    text = _YEAR_AFTER.sub("", text)
    folded = unicodedata.normalize("NFKD", text.replace("&", " and ").translate(_APOSTROPHES))  # ´ is " ́" in NFKD
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    found = words(folded)
    return " ".join(found[1:] if found[:1] in (["the"], ["a"], ["an"]) else found)


def ornament(block: dict) -> bool:
    """A picture with no words, set between a title page's lines (the Drill Regulations' device)."""
    return block.get("t") in ("Figure", "Para", "Plain") and not ast_text(block).strip() and "Image" in str(block)


def title_page_box(blocks: list, title: str) -> tuple[str, list[str]] | None:
    """A title page set in a box of its own near the top (the Infantry Drill Regulations'
    `<div class="bbox">`), opening with the title over its headings: the box is taken out, and
    (the title's line, the lines of the rest of the page) returned."""
    for at, block in enumerate(blocks[:4]):
        inner = block["c"][1] if block.get("t") == "Div" else []
        # a picture may stand over the title (the title page of Knots, Splices and Rope Work, drawn)
        over = next((n for n, b in enumerate(inner) if not (ornament(b) or b.get("t") == "Figure")), len(inner))
        if over == len(inner) or inner[over].get("t") != "Header":
            continue
        taken = over + title_over_headings(inner[over:], title)
        if taken == over:
            continue
        heads = " ".join(" ".join(ast_text(b).split()) for b in inner[over:taken] if b.get("t") == "Header")
        rest = [" ".join(ast_text(b).split()) for b in inner[:over] + inner[taken:]]
        del blocks[at]
        return heads, [line for line in rest if line]
    return None


def title_over_headings(blocks: list, title: str) -> int:
    """How many blocks from the first, headings and ornaments between them, are the title set over
    several headings ("ANCIENT ART" / "OF THE" / "PROVINCE OF …"); 0 if they are not."""
    texts: list[str] = []
    # spaces aside: the White House Cook Book's title page sets "WHITE HOUSE" over "COOK BOOK",
    # Gutenberg's header names it "The Whitehouse Cookbook"
    title = title.replace(" ", "")
    for n, block in enumerate(blocks[:8]):
        if ornament(block):
            continue
        if block.get("t") != "Header":
            break
        texts.append(" ".join(ast_text(block).split()))
        joined = title_key(" ".join(texts)).replace(" ", "")
        if joined == title:
            return n + 1
        if not title.startswith(joined):  # "THE" alone over the rest is no word of it yet
            break
    return 0


def title_page_first(blocks: list, title: str = "") -> bool:
    """Open the blocks with the title page's headings when a transcriber's note comes before them
    (Chiriqui's `<div class="mynote">`, a box of no heading; the Midē´wiwin's paragraph over a
    rule, when the headings after it are the title's): the note goes after them, so that the title
    can be taken."""
    notes = next((i for i, b in enumerate(blocks) if b.get("t") != "Div" or _holds_heading(b)), len(blocks))
    typed = not notes and title  # a paragraph is a note only where the title's headings follow it
    if typed:
        notes = next((i for i, b in enumerate(blocks) if b.get("t") not in ("Para", "Plain", "HorizontalRule")),
                     len(blocks))
    heads = next((i for i in range(notes, len(blocks)) if blocks[i].get("t") != "Header"
                  or _opens_the_book(blocks[i])), len(blocks))
    if not 0 < notes <= 2 or heads - notes < 2 or typed and not title_over_headings(blocks[notes:heads], title):
        return False
    blocks[:heads] = blocks[notes:heads] + blocks[:notes]
    return True


def _holds_heading(div: dict) -> bool:
    return any(b.get("t") == "Header" or b.get("t") == "Div" and _holds_heading(b) for b in div["c"][1])


def title_page_headings(blocks: list, authors: list[str] = ()) -> list[str]:
    """Take the title page's headings after its title (already taken): those before the heading
    that opens the book, or else those with nothing under them; return their lines. A byline
    set above the chapters' level is the title page's too (Bleak House's `<h4>by</h4>` over
    `<h2>Charles Dickens</h2>`, then chapters in `<h3>`)."""
    # A chapter's or the front matter's heading opens the book (Gibbon's "Introduction", with
    # nothing under it but his preface's heading): those before it are the title page's, a note
    # or a motto between them staying in the text; without one, the last heads the text under it.
    opens = next((i for i, b in enumerate(blocks[:_past_top(blocks)])
                  if b.get("t") == "Header" and _opens_the_book(b)), None)
    stop = opens if opens is not None else next(
        (i for i, b in enumerate(blocks) if b.get("t") != "Header" and not _blank(b)), None)
    heads = [i for i in range(stop or 0) if blocks[i].get("t") == "Header"]
    cut = len(heads) if opens is not None else len(heads) - 1
    # a heading over pages of prose is the book's, not its title page's (Vanity Fair's preface,
    # "BEFORE THE CURTAIN", in <h3> as its chapters are, under the byline and over 760 words)
    cut = min([cut] + [n for n, i in enumerate(heads) if _prose_under(blocks, i)])
    run = heads[:cut]
    if not run:
        return []
    later = [b["c"][0] for b in blocks[run[-1] + 1:] if b.get("t") == "Header"]
    bylined = all(_by_or_author(blocks[i], authors) for i in run)
    if not bylined and (not later or min(later) > min(blocks[i]["c"][0] for i in run)):
        return []  # the book's own headings are deeper: these head it (a part over its chapters)
    lines = [" ".join(ast_text(blocks[i]["c"][2]).split()) for i in run]
    blocks[: run[-1] + 1] = [b for i, b in enumerate(blocks[: run[-1] + 1]) if i not in run]
    return lines


_MOTTO_WORDS = 120  # a motto's or a note's words under a title page's heading, at most


def _prose_under(blocks: list, at: int) -> bool:
    """More words under heading `at`, before the next heading, than a motto or a note holds."""
    under = 0
    for block in blocks[at + 1:]:
        if block.get("t") == "Header":
            break
        under += len(words(ast_text(block)))
        if under > _MOTTO_WORDS:
            return True
    return False


def _past_top(blocks: list) -> int:
    """Where the first `_TOP` blocks end, pictures and rules not counted (the White House Cook
    Book's engraving over its title, a portrait and a rule over its preface, the 17th block)."""
    counted = 0
    for n, block in enumerate(blocks):
        counted += not (ornament(block) or block.get("t") == "Figure" or _blank(block))
        if counted > _TOP:
            return n
    return len(blocks)


def _opens_the_book(heading: dict) -> bool:
    text = " ".join(ast_text(heading["c"][2]).split())
    return is_heading(text) or text.strip(" .:").casefold() in ("contents", "table of contents") \
        or bool(_LISTED_PICTURES.match(text))


def names_a_list_of_pictures(text: str) -> bool:
    """ "LIST OF ILLUSTRATIONS", "List of Maps", "PLATES"."""
    return bool(_LISTED_PICTURES.match(text))


def lists_at_chapter_level(blocks: list) -> int:
    """A list of illustrations headed a level above the chapters after it (Wells's `<h2>LIST OF
    ILLUSTRATIONS</h2>` over its table, then chapters in `<h3>`): it held the whole book as its
    sections. It goes down to the chapters' level, as front matter; how many did."""
    moved = 0
    for n, block in enumerate(blocks):
        if block.get("t") != "Header" or not _LISTED_PICTURES.match(" ".join(ast_text(block["c"][2]).split())):
            continue
        after = next((b for b in blocks[n + 1:] if b.get("t") == "Header"), None)
        if after is not None and after["c"][0] > block["c"][0] and is_heading(" ".join(ast_text(after).split())):
            block["c"][0] = after["c"][0]
            block["c"][1][1] += ["frontmatter"] * ("frontmatter" not in block["c"][1][1])
            moved += 1
    return moved


def _blank(block: dict) -> bool:
    """Nothing to read: a rule, an empty paragraph or anchor, a spacer <div>."""
    kind = block.get("t")
    if kind == "Div":
        return all(_blank(b) for b in block["c"][1])
    if kind in ("Para", "Plain"):
        return not ast_text(block).strip()
    return kind in ("HorizontalRule", "Null")


def half_titles(blocks: list, title: str, authors: list[str]) -> list[str]:
    """Take the book's half titles: the book's title (its `title_key`), in a heading or over a few,
    with nothing under it, as MacDowell's "CRITICAL AND HISTORICAL ESSAYS" stands again over
    chapter I, a chapter of nothing imported; or over its author's byline alone (the Midē´wiwin's
    "… OF THE OJIBWAY." over "By W. J. Hoffman.", the title in it as printed there). Its anchors
    (a page's, which the old contents and index link to) go into the heading after it. So is one
    over a heading under it when it holds the rest of the book (A Short History of the World's
    `<h2>` over its chapters' `<h3>`s, its index's too): a part of the whole book is no part.
    Return their lines."""
    lines: list[str] = []
    n = 0
    while n < len(blocks):
        block = blocks[n]
        taken = title_over_headings(blocks[n:], title) if block.get("t") == "Header" else 0
        if not taken and block.get("t") == "Header" and _byline(_next_read(blocks, n + 1), authors):
            taken = int(title.replace(" ", "") in title_key(ast_text(block)).replace(" ", ""))
        if not taken:
            n += 1
            continue
        # the next block read only, not all the rest: the White House Cook Book's 5,000 blocks took 6 minutes
        first = _next_read_at(blocks, n + taken)
        if first is not None and _byline(blocks[first], authors):
            taken, first = first + 1 - n, _next_read_at(blocks, first + 1)
        after = blocks[first] if first is not None else None
        if after is not None and after.get("t") == "Header" \
                and (after["c"][0] <= block["c"][0] or _over_the_rest(blocks, n)):
            anchors = [i for b in blocks[n:n + taken] if b.get("t") == "Header"
                       for i in b["c"][2] if i.get("t") == "Span" and i["c"][0][0]]
            after["c"][2][:0] = anchors
            lines.append(" ".join(" ".join(ast_text(b).split()) for b in blocks[n:n + taken] if ast_text(b).strip()))
            del blocks[n:n + taken]
            continue
        n += 1
    return lines


def _over_the_rest(blocks: list, n: int) -> bool:
    """Heading n holds all the headings after it: none is at its level or above."""
    return all(b["c"][0] > blocks[n]["c"][0] for b in blocks[n + 1:] if b.get("t") == "Header")


def title_anchors_into_heading(blocks: list) -> None:
    """The anchors of a title taken (left in a paragraph of their own at the top) go into the
    heading right after it, if one is: a paragraph of nothing before the first chapter would be
    a page of its own."""
    if len(blocks) > 1 and blocks[0].get("t") == "Para" and blocks[1].get("t") == "Header" and blocks[0]["c"] \
            and all(i.get("t") == "Span" and not ast_text(i).strip() for i in blocks[0]["c"]):
        heading = blocks[1]
        heading["c"][2][:0] = blocks.pop(0)["c"]


def _next_read(blocks: list, start: int) -> dict | None:
    return next((b for b in blocks[start:] if not _blank(b)), None)


def _by_or_author(block: dict, authors: list[str]) -> bool:
    """A heading "by", a byline, or an author's name alone."""
    text = " ".join(ast_text(block).split())
    return text.casefold() == "by" or _byline(block, authors) \
        or bool(text) and any(_names(title_key(text), title_key(name)) for name in authors)


def _names(heading: str, name: str) -> bool:
    """The heading is the name, or the name after a word of rank ("SIR ARTHUR CONAN DOYLE", the
    header's "Arthur Conan Doyle")."""
    return heading == name or bool(name) and heading.endswith(" " + name) \
        and len(heading.split()) == len(name.split()) + 1


def _next_read_at(blocks: list, start: int) -> int | None:
    return next((i for i in range(start, len(blocks)) if not _blank(blocks[i])), None)


def _byline(block: dict | None, authors: list[str]) -> bool:
    """A heading "By W. J. Hoffman." naming one of the authors by surname."""
    if block is None or block.get("t") != "Header":
        return False
    text = " ".join(ast_text(block).split())
    surnames = [title_key(name.split()[-1]) for name in authors if name.split()]
    named = title_key(text).split()
    return text[:3].casefold() == "by " and len(text) <= 60 and any(s and s in named for s in surnames)


# What an imprint says: its publisher, printer, place and date (Die Verwandlung's "KURT WOLFF VERLAG",
# "GEDRUCKT BEI DIETSCH & BRÜCKNER • WEIMAR", "COPYRIGHT … 1917").
_IMPRINT = re.compile(r"\b(?:verlag|gedruckt|druck|copyright|published|publishers?|printed|press|london|new york"
                      r"|librairie|libraire|imprimerie|éditeurs?|издательство|типография)\b|©|\b1[5-9]\d\d\b",
                      re.IGNORECASE)
TITLE_PAGE_WORDS = 15  # a title page's paragraph: a byline, a publisher's line
CAPITALS_SHARE = 0.6


def title_page_paragraphs(blocks: list, authors: list[str]) -> list[str]:
    """Take the title page's paragraphs left under its title (already taken), up to the first
    heading: short lines, mostly in capitals, up to the last that names an author or says the
    imprint (Die Verwandlung's "VON / FRANZ KAFKA", "KURT WOLFF VERLAG / LEIPZIG", its series, its
    printer and copyright, centred paragraphs that were the text's first lines). What follows
    the last (a dedication, a motto) stays. Return their lines."""
    run: list[int] = []
    for i, block in enumerate(blocks[:_TOP]):
        if _blank(block):
            continue
        text = " ".join(ast_text(block).split())
        letters = [c for c in text if c.isalpha()]
        if block.get("t") not in ("Para", "Plain") or len(words(text)) > TITLE_PAGE_WORDS or not letters \
                or sum(c.isupper() for c in letters) < CAPITALS_SHARE * len(letters):
            break
        run.append(i)
    said = [i for i in run if _IMPRINT.search(ast_text(blocks[i])) or _names_an_author(blocks[i], authors)]
    if not said:
        return []
    taken = [i for i in run if i <= said[-1]]
    lines = [" ".join(ast_text(blocks[i]).split()) for i in taken]
    blocks[: taken[-1] + 1] = [b for i, b in enumerate(blocks[: taken[-1] + 1]) if i not in taken]
    return lines


def _names_an_author(block: dict, authors: list[str]) -> bool:
    said = title_key(ast_text(block))
    return any(title_key(name) and title_key(name) in said for name in authors)
