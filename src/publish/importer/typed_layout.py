"""What a word processor's author types by hand, read as the manuscript means it: a title page
typed as paragraphs, chapter titles in bold, scene breaks ("* * *"), spacing paragraphs and typed
indents, and the document's own table of contents. Used by `documents` on every kind it reads.
"""

from __future__ import annotations

import re
import unicodedata

from publish.importer.ast_ids import link_targets
from publish.importer.edition_matter import MATTER_FILE, paragraph_lines
from publish.importer.headings import MAX_TITLE, has_title, is_heading, join_title
from publish.importer.markdown import ast_text
from publish.importer.plain import SHORT_LINE, Paragraph
from publish.importer.report import ImportReport, words
from publish.importer.titlepage import TOP_LINES, author_line, take_title_page
from publish.importer.word_html import blank_inline

CONTENTS_CLASS = "source-contents"
_CONTENTS_TITLES = {"contents", "table of contents", "inhalt", "inhaltsverzeichnis", "table des matières",
                    "sommaire", "índice", "indice", "sommario", "spis treści", "содержание", "оглавление"}


def own_contents(blocks: list, report: ImportReport) -> list:
    """A Word document's own table of contents (its entries links to the headings, with Word's page
    numbers: "Erstes Kapitel 3"), before the first heading: taken out, as the editions make their own."""
    for start, block in enumerate(blocks[:TOP_LINES * 3]):
        # Project Gutenberg's HTML, under its title page: "Contents" over its entries in a <blockquote>,
        # or in it (Gibbon's, each chapter's summary in a <pre> under its entry)
        count = (1 + run if (run := _contents_run(blocks, start + 1)) else 0) if _contents_title(block) \
            else 1 if _contents_block(block, titled=True) else 0
        if count:
            taken = blocks[start:start + count]
            del blocks[start:start + count]
            report.decisions.append("contents:        the document's own table of contents set aside in "
                                    f"{MATTER_FILE}: the editions make their own")
            return [{"t": "Div", "c": [["", [CONTENTS_CLASS], []], taken]}]
    for start, block in enumerate(blocks[:TOP_LINES * 2]):
        if block.get("t") == "Header" and not _contents_title(block):
            return []
        end = start
        while end < len(blocks) and _contents_entry(blocks[end]):
            end += 1
        if end - start >= 2:
            first = start - 1 if start and _contents_title(blocks[start - 1]) else start
            taken = blocks[first:end]
            del blocks[first:end]
            report.decisions.append(f"contents:        the document's own table of contents ({end - start} "
                                    f"entries) set aside in {MATTER_FILE}: the editions make their own")
            return [{"t": "Div", "c": [["", [CONTENTS_CLASS], []], taken]}]
    return []


def _contents_run(blocks: list, first: int) -> int:
    """How many blocks from `first` hold a table of contents: a quotation or a table of its
    entries (a blank paragraph or two before it), or (the Infantry Drill Regulations') each
    part's linked heading over a table of its chapters, two or more such blocks."""
    start = first
    while start < len(blocks) and _blank_para(blocks[start]):  # Gutenberg's <p>&nbsp;</p> under the title
        start += 1
    end, found = start, 0
    while end < len(blocks) and (_contents_block(blocks[end]) or _contents_table(blocks[end])
                                 or _contents_lines(blocks[end]) or blocks[end].get("t") == "Header"
                                 and _contents_entry({"t": "Para", "c": blocks[end]["c"][2]})):
        end += 1
        found += 1
    whole = end > start and blocks[start].get("t") != "Header"  # a quotation or table of entries alone
    return end - first if found >= 2 or whole else 0


def _contents_title(block: dict) -> bool:
    """The title over a table of contents: "Inhaltsverzeichnis" typed, or a heading in Word's TOC
    Heading style (pandoc's class TOC-Heading), as Word's own table of contents has it."""
    if block.get("t") == "Header":
        return "TOC-Heading" in block["c"][1][1] or _contents_title({"t": "Para", "c": block["c"][2]})
    return (block.get("t") in ("Para", "Plain")
            and " ".join(ast_text(block["c"]).split()).strip(" .:").casefold() in _CONTENTS_TITLES)


def _contents_block(block: dict, titled: bool = False) -> bool:
    """A quotation or a div holding a table of contents's entries alone (and blank lines, and the
    chapters' summaries in verse's lines), with its title first when `titled`."""
    inner = block["c"] if block.get("t") == "BlockQuote" else block["c"][1] if block.get("t") == "Div" else []
    if titled:
        if not inner or not _contents_title(inner[0]):
            return False
        inner = inner[1:]
    entries = [b for b in inner if not (b.get("t") in ("Para", "Plain") and all(blank_inline(i) for i in b["c"]))]
    links = [b for b in entries if _contents_entry(b)]
    return len(links) >= 2 and all(b in links or b.get("t") == "LineBlock" for b in entries)


def _contents_table(block: dict) -> bool:
    """A table of contents set as a table (MacDowell's essays: "CHAP." | title | "PAGE", each
    row's page a link to the chapter's page): two rows or more, each but its head's (and an empty
    spacer's, the Midē´wiwin's) linking within the book."""
    if block.get("t") == "Div":  # Bleak House's <div class="center"><table>…
        inner = [b for b in block["c"][1] if not _blank_para(b)]
        return len(inner) == 1 and _contents_table(inner[0])
    if block.get("t") != "Table":
        return False
    rows = [row for body in block["c"][4] for row in body[3] if ast_text(row).strip()]  # a spacer row aside
    if rows and not link_targets(rows[0]):
        rows = rows[1:]  # its head, typed as a row ("CHAP." | "PAGE")
    return len(rows) >= 2 and all(link_targets(row) for row in rows)


def _blank_para(block: dict) -> bool:
    return block.get("t") in ("Para", "Plain") and all(blank_inline(i) for i in block["c"])


def _contents_lines(block: dict) -> bool:
    """A paragraph of a contents' lines (Gutenberg's Huckleberry Finn: "[CHAPTER I.](#c1)", its
    summary on the line under it, each entry so, one paragraph of line breaks): two lines or more
    that are a link within the book alone, and no link in a line of words."""
    linked = [line for line in seen_lines(block) if any(i.get("t") == "Link" for i in line)]
    return len(linked) >= 2 and all(len(line) == 1 and line[0]["c"][2][0].startswith("#") for line in linked)


def _contents_entry(block: dict) -> bool:
    # line breaks round it are spacing (the Devil's Dictionary's "<br /> <a>AUTHOR'S PREFACE</a><br /><br />")
    seen = [i for i in seen_inlines(block["c"]) if i.get("t") != "LineBreak"] \
        if block.get("t") in ("Para", "Plain") else []
    return len(seen) == 1 and seen[0]["t"] == "Link" and seen[0]["c"][2][0].startswith("#")



# A Word author's section break: a paragraph of one mark, alone or repeated ("* * *", "#", "~~~", "⁂").
_BREAK_MARKS = re.compile(r"^(?:([*#~•·+=_–—-])(?:\s*\1){0,6}|⁂)$")


def _is_break(text: str) -> bool:
    """A break's marks, or an ornament alone or repeated (Word's Insert Symbol from Wingdings:
    "❖", "❧ ❧ ❧", "◆◆◆"), a symbol that is no letter, figure or sign of the text."""
    marks = text.split()
    return bool(_BREAK_MARKS.match(text)) or (0 < len("".join(marks)) <= 7 and len(set("".join(marks))) == 1
                                                and unicodedata.category(marks[0][0]) == "So")


def scene_breaks(blocks: list, report: ImportReport) -> int:
    """Paragraphs or headings that are only a break's marks become breaks (a rule), not text
    printed as "* * *" (a heading so: an .fb2's <subtitle>* * *</subtitle>; an ornament's
    characters, which count as words, are the break's markup); a break next to another (an
    .fb2's <empty-line/> over it) is one."""
    count, out = 0, []
    for block in blocks:
        inlines = block["c"][2] if block.get("t") == "Header" else block.get("c")
        if block.get("t") in ("Para", "Plain", "Header") and _is_break(text := ast_text(inlines).strip()):
            block = {"t": "HorizontalRule"}
            report.markup_words.update(words(text))
            count += 1
        if block.get("t") == "HorizontalRule" and out and out[-1].get("t") == "HorizontalRule":
            continue
        out.append(block)
    blocks[:] = out
    return count


_SPACED_HABIT = 2  # empty paragraphs between one pair of paragraphs in this many or more: the author's spacing


def blank_line_breaks(blocks: list) -> int:
    """Empty paragraphs between two paragraphs of prose (a Word author's scene break: a blank
    line) become breaks where the pair before or after them has none, when the document does not
    space its paragraphs so as a rule; every other empty paragraph (spacing round headings, page
    breaks, before a chapter, paragraphs all spaced so) goes. How many breaks. Pandoc's reader
    dropped them all, and the scene ran on without a gap."""
    def empty(block: dict) -> bool:
        return block.get("t") == "Para" and all(blank_inline(i) for i in block["c"])

    def prose(block: dict) -> bool:
        text = " ".join(ast_text(block["c"]).split()) if block.get("t") == "Para" else ""
        return len(text) > MAX_TITLE or bool(text) and text[-1] in ".!?…»”\"'"

    pairs, k = [], 0  # (first paragraph, second paragraph) of two of prose with only empty ones between
    while k < len(blocks):
        end = k + 1
        while end < len(blocks) and empty(blocks[end]):
            end += 1
        if prose(blocks[k]) and end < len(blocks) and prose(blocks[end]):
            pairs.append((k, end))
        k = end if prose(blocks[k]) else k + 1
    spaced = [n for n, (first, second) in enumerate(pairs) if second > first + 1]
    if len(spaced) * _SPACED_HABIT >= len(pairs):
        spaced = []

    def plain(n: int) -> bool:  # pair n is there, runs on from its neighbour, and has no blank line
        return 0 <= n < len(pairs) and pairs[n][1] == pairs[n][0] + 1

    breaks = [pairs[n] for n in spaced if plain(n - 1) and pairs[n - 1][1] == pairs[n][0]
              or plain(n + 1) and pairs[n][1] == pairs[n + 1][0]]
    for first, second in reversed(breaks):
        blocks[first + 1:second] = [{"t": "HorizontalRule"}]
    blocks[:] = [b for b in blocks if not empty(b)]
    return len(breaks)


_TYPED_INDENT = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000\t "


def strip_typed_indent(inlines: list) -> None:
    """A prose paragraph's first line indented by hand (em spaces, no-break spaces): the editions
    indent paragraphs themselves, and this doubled it."""
    while inlines and inlines[0].get("t") == "Str" and inlines[0]["c"][:1] in tuple(_TYPED_INDENT):
        inlines[0]["c"] = inlines[0]["c"].lstrip(_TYPED_INDENT)
        if not inlines[0]["c"]:
            inlines.pop(0)
            while inlines and inlines[0].get("t") == "Space":
                inlines.pop(0)



def seen_lines(block: dict) -> list[list]:
    """A paragraph's lines, parted at its line breaks, each as seen_inlines gives it; empty lines
    left out. Nothing for a block that is no paragraph."""
    if block.get("t") not in ("Para", "Plain"):
        return []
    lines: list[list] = [[]]
    for inline in block["c"]:
        if inline.get("t") == "LineBreak":
            lines.append([])
        else:
            lines[-1].append(inline)
    return [seen for line in lines if (seen := seen_inlines(line))]


def seen_inlines(inlines: list) -> list:
    """The inlines as the Markdown shows them: spaces aside, and a span without attributes (an
    EPUB's <span> around a signature's picture) by its content, as the writer leaves it out."""
    seen = []
    for node in inlines:
        if node.get("t") == "Span" and node["c"][0] == ["", [], []]:
            seen += seen_inlines(node["c"][1])
        elif node.get("t") not in ("Space", "SoftBreak"):
            seen.append(node)
    return seen



def typed_title_page(blocks: list, report: ImportReport) -> list[str]:
    """A title page typed as paragraphs at the top of a document with no title in its properties
    ("Franz Kafka" over "DIE VERWANDLUNG", as a Word author types one): the author and the title
    go to book.yaml, read as on a plain text's title page. The book's title typed as the first
    heading over the author's line ("# The Lighthouse Keeper's Daughter" over "by Margaret
    Ellison", then "# Chapter One") is read so too: it was the book's first chapter, of one line."""
    top = []
    for k, block in enumerate(blocks[:TOP_LINES]):
        if block.get("t") == "Header" and not (k == 0 and _heading_over_title_page(blocks)):
            break
        if block.get("t") not in ("Para", "Plain", "Header"):
            break
        top.append(Paragraph(len(top) + 1, " ".join(ast_text(block["c"][2] if k == 0 and block["t"] == "Header"
                                                             else block["c"]).split())))
    kept = {id(p) for p in take_title_page(top, report.language, report)}
    if len(kept) == len(top):
        return []
    for i in reversed(range(len(top))):
        if id(top[i]) not in kept:
            del blocks[i]
    rest = []
    for block in blocks[:len(kept)]:  # the kept lines, up to the first that opens the text
        text = " ".join(ast_text(block["c"]).split()) if block.get("t") in ("Para", "Plain") else ""
        if not text or is_heading(text) or len(text) > SHORT_LINE or _bold_title(block["c"], text):
            break
        rest.append(text)
    return rest


def warn_title_page_left(rest: list[str], blocks: list, report: ImportReport) -> None:
    """Name the lines of a typed title page (`typed_title_page`'s) still at the top of the text,
    not taken since as a dedication or an epigraph."""
    top = {" ".join(ast_text(b["c"]).split()) for b in blocks[:len(rest)] if b.get("t") in ("Para", "Plain")}
    if rest := [line for line in rest if line in top]:
        report.warnings.append(f"the title page's other lines are left at the top of the text: "
                               f"{' / '.join(rest[:4])}{' / …' if len(rest) > 4 else ''}: move them to book.yaml "
                               "(subtitle, publisher, rights) or delete them")


def _heading_over_title_page(blocks: list) -> bool:
    """The first block is a heading, not a chapter's ("Chapter One"), over a few paragraphs and
    then another heading of its level: a title page's shape, the title typed in a Heading style."""
    first = blocks[0]
    if first.get("t") != "Header" or is_heading(" ".join(ast_text(first["c"][2]).split())):
        return False
    for block in blocks[1:TOP_LINES]:
        if block.get("t") == "Header":
            return block["c"][0] == first["c"][0]
        if block.get("t") not in ("Para", "Plain"):
            return False
    return False


def typed_author(blocks: list, report: ImportReport) -> None:
    """The author's name typed under a title in Word's Title style ("Margaret Ellison", "by
    Margaret Ellison"), the document naming no author of its own: to book.yaml. It was the
    first line of the text, alone on a page before the first chapter."""
    if len(blocks) < 2 or blocks[0].get("t") not in ("Para", "Plain"):
        return
    line = " ".join(ast_text(blocks[0]["c"]).split())
    names = (author_line(line, report.language) if len(line) <= SHORT_LINE and not is_heading(line)
             and not _DEDICATION_OPENS.match(line) else [])  # "To Anne" is no name
    if names:
        report.moved += [("authors", name) for name in names]
        report.decisions.append(f"author:          '{line}' under the title as the author")
        del blocks[0]


_DEDICATION_LINES = 4  # "To / my comrades / who fell …": a few short lines
_DEDICATION_OPENS = re.compile(
    r"^(?:to|for|in (?:loving )?memory|dedicated|für|in erinnerung|à|pour|en mémoire|para|en memoria"
    r"|alla memoria|dla|pamięci|посвящается|памяти|светлой памяти|моей|моему|моим|нашей|нашему)\b",
    re.IGNORECASE)


_EPIGRAPH_WORDS = 80  # a quotation of a few lines; a longer one before the text is a preface's
_SOURCE = re.compile(r"^[—–-]\s*(?P<source>\S.*)$")  # "— Jules Verne", "- The Book of Job"


def typed_front_matter(blocks: list, report: ImportReport) -> None:
    """A dedication and an epigraph typed as all the text before the first chapter, to book.yaml's
    `dedication` and `epigraph`, each set on a page of its own; they were the text's first page, an
    untitled chapter. The dedication: a few short lines opening as dedications do ("For my mother,
    who kept the light burning.", "Моей матери"); the epigraph after it: a short quotation with its
    source on the last line, opening with a dash ("— Jules Verne"); either may be alone."""
    first = next((k for k, b in enumerate(blocks) if b.get("t") == "Header"), 0)
    pre = [_front_lines(b) for b in blocks[:first] if b.get("t") != "HorizontalRule"]  # a page break between
    if not 0 < first <= _DEDICATION_LINES * 2 or any(lines is None for lines in pre):
        return
    epigraph, source, rest = _epigraph(pre)
    lines = [line for para in rest for line in para]
    dedication = bool(lines) and bool(_DEDICATION_OPENS.match(lines[0])) and len(lines) <= _DEDICATION_LINES \
        and all(len(line) <= SHORT_LINE for line in lines)
    if rest and not dedication or not (dedication or epigraph):
        return
    if dedication:
        report.moved.append(("dedication", "\n".join(lines)))
        report.decisions.append(f"dedication:      '{' / '.join(lines)}' before the first chapter as the "
                                "dedication (its own page)")
    if epigraph:
        report.moved += [("epigraph", epigraph), ("epigraph source", source)]
        report.decisions.append(f"epigraph:        '{epigraph[:40]}…' — {source}, before the first chapter, as the "
                                "epigraph (its own page)")
    del blocks[:first]


def _front_lines(block: dict) -> list[str] | None:
    """A paragraph's lines, also one indented (a quotation); None for any other block."""
    if block.get("t") in ("Para", "Plain"):
        return paragraph_lines(block["c"])
    if block.get("t") == "BlockQuote" and all(b.get("t") in ("Para", "Plain") for b in block["c"]):
        return [line for b in block["c"] for line in paragraph_lines(b["c"])]
    return None


def _epigraph(paragraphs: list[list[str]]) -> tuple[str, str, list[list[str]]]:
    """The epigraph that ends the paragraphs (its text, its source) and the paragraphs before it;
    ("", "", all of them) when they end in none."""
    last = paragraphs[-1] if paragraphs else []
    source = _SOURCE.match(last[-1]) if last else None
    if not source or len(last[-1]) > SHORT_LINE:
        return "", "", paragraphs
    text_lines, rest = (last[:-1], paragraphs[:-1]) if len(last) > 1 else (paragraphs[-2] if len(paragraphs) > 1
                                                                          else [], paragraphs[:-2])
    text = " ".join(text_lines)
    if not text or len(text.split()) > _EPIGRAPH_WORDS:
        return "", "", paragraphs
    return text, source["source"], rest


def recognise_headings(blocks: list, report: ImportReport) -> None:
    """A document without headings but with "Chapter IV" paragraphs gets them as headings; one
    with neither, but with two or more short paragraphs all in bold (a Word author's chapter
    titles, "DER AUFBRUCH"), gets those. A heading all in bold loses it: the stylesheets set headings,
    and one chapter's title in bold among plain ones stood out."""
    last = max((i for i, b in enumerate(blocks) if b.get("t") == "Header"), default=None)
    if last is not None:
        _labels_after_the_headings(blocks, last, report)
        for block in blocks:
            seen = seen_inlines(block["c"][2]) if block.get("t") == "Header" else []
            if len(seen) == 1 and seen[0]["t"] == "Strong":
                block["c"][2] = seen[0]["c"]
        _titles_under_labels(blocks, report)
        return
    paragraphs = [(i, b, " ".join(ast_text(b["c"]).split())) for i, b in enumerate(blocks) if b.get("t") == "Para"]
    found = [(i, b, text, "paragraph") for i, b, text in paragraphs if is_heading(text)]
    labels = bool(found)
    if not found:
        found = [(i, b, text, "bold paragraph") for i, b, text in paragraphs if _bold_title(b["c"], text)]
        found = found if len(found) >= 2 else []
    for i, block, text, what in found:
        blocks[i] = {"t": "Header", "c": [1, ["", [], []], _unbolded(block["c"])]}
        report.decisions.append(f"heading:         '{text}' {what} as '# '")
    if labels:
        _titles_under_labels(blocks, report)


LABELS_AFTER_HEADINGS = 2  # "CHAPTER I." paragraphs after the last heading: the book's chapters


def _labels_after_the_headings(blocks: list, last: int, report: ImportReport) -> None:
    """A document whose headings are its front matter's alone ("CONTENTS.", "ILLUSTRATIONS.", a
    half title), its chapters opening with paragraphs "CHAPTER II." after them (Gutenberg's
    Huckleberry Finn, 43 chapters in one): those paragraphs are its chapters' headings."""
    found = [(i, " ".join(ast_text(b["c"]).split())) for i, b in enumerate(blocks[last + 1:], last + 1)
             if b.get("t") == "Para"]
    found = [(i, text) for i, text in found if is_heading(text)]
    if len(found) < LABELS_AFTER_HEADINGS:
        return
    for i, _ in found:
        inlines = _unbolded(blocks[i]["c"])
        while inlines and inlines[0].get("t") in ("LineBreak", "Space", "SoftBreak"):  # "<br /> <br /> CHAPTER II."
            inlines = inlines[1:]
        blocks[i] = {"t": "Header", "c": [1, ["", [], []], inlines]}
    report.decisions.append(f"headings:        {len(found)} paragraphs after the last heading ('{found[0][1]}' to "
                            f"'{found[-1][1]}') as '# ', the chapters under the front matter's headings")


def _unbolded(inlines: list) -> list:
    seen = seen_inlines(inlines)
    return seen[0]["c"] if len(seen) == 1 and seen[0]["t"] == "Strong" else inlines


JOINS_SAID = 3  # titles joined to their labels named one by one in the report, the rest counted


def _titles_under_labels(blocks: list, report: ImportReport) -> None:
    """A chapter's label ("Chapter One") with its title on the line under it, a short line in bold
    ("The Storm"), as Word authors set the two: one heading, "Chapter One. The Storm", as a plain
    text's "CHAPTER II" over "THE STORM" is. The title stood as a bold paragraph under the heading,
    out of the contents. So is a title in the Heading style a level under the label's, the only
    one in its chapter ("# Chapter One" over "## The Storm"): a section of the whole chapter."""
    targets = link_targets(blocks)
    recurring = _recurring_subheadings(blocks)
    joins: list[tuple[str, str, str]] = []
    i = 0
    while i + 1 < len(blocks):
        block, under = blocks[i], blocks[i + 1]
        label = " ".join(ast_text(block["c"][2]).split()) if block.get("t") == "Header" else ""
        title = " ".join(ast_text(under["c"] if under.get("t") == "Para" else under["c"][2]).split()) \
            if under.get("t") in ("Para", "Header") else ""
        titled = bool(label) and (under.get("t") == "Para" and _bold_title(under["c"], title) or under.get(
            "t") == "Header" and (_sole_subheading(blocks, i) or _title_over_label(blocks, i)
                                  or _title_beside_label(blocks, i))
            and not is_heading(title) and title not in recurring)
        if label and is_heading(label) and not has_title(label) and title and titled:
            joined = join_title(label, title)
            between = joined[len(label):len(joined) - len(title)]
            block["c"][2] += [{"t": "Str", "c": between.strip()}] * bool(between.strip()) + [{"t": "Space"}]
            block["c"][2] += _unbolded(under["c"] if under.get("t") == "Para" else under["c"][2])
            if block["c"][1][0] not in targets:  # an id made from the label's words alone
                block["c"][1][0] = ""
            block["c"][0] = min(block["c"][0], under["c"][0]) if under.get("t") == "Header" else block["c"][0]
            del blocks[i + 1]
            joins.append((title, label, joined))
        i += 1
    for title, label, joined in joins[:JOINS_SAID]:
        report.decisions.append(f"heading:         '{title}' under '{label}' as its title, '{joined}'")
    if len(joins) > JOINS_SAID:  # Bleak House: 67 lines, one a chapter
        report.decisions.append(f"heading:         and {len(joins) - JOINS_SAID} more titles under their labels, "
                                f"to '{joins[-1][2]}'")


def _recurring_subheadings(blocks: list) -> set[str]:
    """Titles of headings found right under two or more headings a level above: a section every
    chapter has (Paradise Lost's "The Argument" under each of its twelve books), no one's title."""
    seen: dict[str, int] = {}
    for block, under in zip(blocks, blocks[1:], strict=False):
        if block.get("t") == under.get("t") == "Header" and under["c"][0] == block["c"][0] + 1:
            title = " ".join(ast_text(under["c"][2]).split())
            seen[title] = seen.get(title, 0) + 1
    return {title for title, count in seen.items() if count > 1}


def _title_over_label(blocks: list, i: int) -> bool:
    """Block i + 1 is a heading a level or more above heading i, a label (Gutenberg's Bleak House:
    `<h4>CHAPTER I</h4>` over `<h3>In Chancery</h3>`, the label set smaller): the chapter is the
    title's level, "CHAPTER I" left a section with nothing in it over each chapter."""
    return blocks[i + 1]["c"][0] < blocks[i]["c"][0]


def _title_beside_label(blocks: list, i: int) -> bool:
    """Block i + 1 is a heading of label i's level (Gutenberg's Vanity Fair: `<h3>CHAPTER I</h3>`
    over `<h3>Chiswick Mall</h3>`): each was a chapter, the label's holding nothing. Not a part's
    label over its first chapter's number ("Part 1" over "1", set a level apart, then made one)."""
    label, title = blocks[i]["c"], blocks[i + 1]["c"]
    return (label[0] == title[0] and not label[1][1] and not title[1][1]
            and any(c.isalpha() for c in ast_text(title[2])))


def _sole_subheading(blocks: list, i: int) -> bool:
    """Block i + 1 is a heading a level under heading i, and the only one under it before the next
    heading of i's level or above."""
    level = blocks[i]["c"][0]
    if blocks[i + 1]["c"][0] != level + 1:
        return False
    for block in blocks[i + 2:]:
        if block.get("t") == "Header":
            return block["c"][0] <= level
    return True


def _bold_title(inlines: list, text: str) -> bool:
    seen = seen_inlines(inlines)
    return (len(seen) == 1 and seen[0]["t"] == "Strong" and 0 < len(text) <= MAX_TITLE
            and not text.endswith((".", ",", ";", ":")))
