"""FictionBook (.fb2, zipped as .fb2.zip or .fbz), the e-book format of Russian libraries: what
pandoc's reader leaves to the import.

Its <description> names the series the book belongs to (<sequence name="…" number="3"/>), the
book's language, its translators and the original it was translated from, which pandoc's
reader drops. The main <body> opens with the book's title
page (its <title>: the author over the title) and may have the book's <epigraph> under it; pandoc
reads them as a heading over the whole book and a text before the first chapter.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from publish.errors import PublishError
from publish.importer.headings import names_a_part
from publish.importer.markdown import ast_text
from publish.importer.report import ImportReport

ZIPPED = (".fb2.zip", ".fbz")
_NS = {"fb": "http://www.gribuser.ru/xml/fictionbook/2.0"}
_DESCRIPTION_END = re.compile(rb"</(?:\w+:)?description\s*>")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass
class Description:
    series: str | None = None
    number: int | None = None
    language: str | None = None
    translators: list[str] = field(default_factory=list)
    original: dict = field(default_factory=dict)  # a translation's original: book.yaml's `original`


def unzipped(source: Path, data: bytes) -> bytes:
    """The one .fb2 inside a .fb2.zip or .fbz."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            books = [name for name in archive.namelist() if name.lower().endswith(".fb2")]
            if len(books) != 1:
                raise PublishError(f"holds {len(books)} .fb2 files, not one", file=source,
                                   hint="unzip it and import the book's .fb2")
            return archive.read(books[0])
    except (zipfile.BadZipFile, OSError) as exc:
        raise PublishError(f"not a whole zip archive ({exc})", file=source,
                           hint="copy it again, or unzip it and import the .fb2 inside") from None


def head(data: bytes) -> bytes:
    """The file up to the end of its <description> (the pictures after the text may run to
    megabytes), or nothing."""
    end = _DESCRIPTION_END.search(data)
    return data[:end.end()] if end else b""


def description(head: str) -> Description:
    """The series, language, translators and original the <description> names, read from the
    file's head as decoded (an .fb2 may say encoding="windows-1251" of a text in UTF-8)."""
    head = _DECLARATION.sub("", head, count=1)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(head + "</FictionBook>", parser)
    except (etree.XMLSyntaxError, ValueError):
        return Description()
    info = root.find("fb:description/fb:title-info", _NS) if root is not None else None
    if info is None:
        return Description()
    found = Description(language=(info.findtext("fb:lang", namespaces=_NS) or "").strip() or None,
                        translators=[name for name in map(_person, info.findall("fb:translator", _NS)) if name])
    source = root.find("fb:description/fb:src-title-info", _NS)
    if source is not None and (title := " ".join((source.findtext("fb:book-title", namespaces=_NS) or "").split())):
        found.original = {"title": title}
        if language := (source.findtext("fb:lang", namespaces=_NS) or "").strip():
            found.original["language"] = language
        if (year := re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", source.findtext("fb:date", namespaces=_NS) or "")):
            found.original["year"] = int(year[1])
    sequence = info.find("fb:sequence", _NS)
    if sequence is not None and (sequence.get("name") or "").strip():
        found.series = " ".join(sequence.get("name").split())
        number = (sequence.get("number") or "").strip()
        found.number = int(number) if number.isdigit() and int(number) > 0 else None
    return found


def _person(element) -> str:
    """A <translator>'s name as it is written: first, middle and last name, or the nickname."""
    parts = [" ".join((element.findtext(f"fb:{part}", namespaces=_NS) or "").split())
             for part in ("first-name", "middle-name", "last-name")]
    return " ".join(p for p in parts if p) or " ".join((element.findtext("fb:nickname", namespaces=_NS) or "").split())


def title_page_and_epigraph(blocks: list, title: str | None, report: ImportReport) -> None:
    """The main body's title, a heading over the whole book that names it, is its title page:
    taken out. An epigraph under it is the book's: book.yaml's epigraph."""
    if not blocks or blocks[0].get("t") != "Header" or blocks[0]["c"][0] != 1 or not title:
        return
    if any(b.get("t") == "Header" and b["c"][0] == 1 for b in blocks[1:]):
        return  # a heading of its level among others: the book's first part
    page = " ".join(ast_text(blocks[0]["c"][2]).split())
    if title.casefold() not in page.casefold():
        return
    report.moved.append(("title page", page))
    del blocks[0]
    if blocks and blocks[0].get("t") == "Div" and "epigraph" in blocks[0]["c"][0][1]:
        paragraphs = [" ".join(ast_text(b).split()) for b in blocks[0]["c"][1]]
        source = paragraphs.pop() if len(paragraphs) > 1 and len(paragraphs[-1]) < 80 else ""  # <text-author>
        report.moved += [("epigraph", "\n".join(paragraphs)), ("epigraph source", source)]
        del blocks[0]


def cover(meta: dict, media: Path) -> tuple[str, bytes] | None:
    """The cover's picture (<coverpage>, which pandoc's reader names in the metadata and
    extracts), when publish can take it as the book's cover: (cover.jpg or cover.png, its bytes)."""
    named = meta.get("cover-image", {}).get("c")
    if not isinstance(named, str):
        return None
    found = (media / named).resolve()
    if not found.is_relative_to(media.resolve()) or not found.is_file():
        return None
    data = found.read_bytes()
    kind = "jpg" if data[:3] == b"\xff\xd8\xff" else "png" if data[:8] == b"\x89PNG\r\n\x1a\n" else None
    return (f"cover.{kind}", data) if kind else None


def section_subheadings(blocks: list) -> int:
    """Pandoc's reader gives a section's subtitles and its poems' titles the level of the
    section's own title: each made a chapter of its own, cutting its chapter in two (a poem's
    "Песня" in the middle of "Глава первая"). Each is put a level under its section's title, but
    a subtitle right under the title, which is its subhead ("Часть вторая" over "(Окончание
    журнала Печорина)"): a `::: subhead`. Return how many."""
    moved = 0
    for block in blocks:
        if block.get("t") != "Div":
            continue
        inner = block["c"][1]
        if "section" in block["c"][0][1]:
            titled = bool(inner) and inner[0].get("t") == "Header"
            if titled and len(inner) > 1 and _is_subtitle(inner[1]):
                inner[1] = {"t": "Div", "c": [["", ["subhead"], []], [{"t": "Para", "c": inner[1]["c"][2]}]]}
                moved += 1
            for sub in inner[1:] if titled else inner:
                if sub.get("t") == "Header" and sub["c"][0] < 6:
                    sub["c"][0] += 1
                    moved += 1
        moved += section_subheadings(inner)
    return moved


def _is_subtitle(block: dict) -> bool:
    """A <subtitle>, as pandoc reads it (a heading without an id), not a break of marks ("* * *")."""
    return (block.get("t") == "Header" and not block["c"][1][0]
            and any(ch.isalnum() for ch in ast_text(block["c"][2])))


_POEM = re.compile(r"<(?:\w+:)?poem\b.*?</(?:\w+:)?poem\s*>", re.DOTALL)
_POEM_FOOT = re.compile(r"<((?:\w+:)?)(text-author|date)(\s[^>]*)?>(.*?)</(?:\w+:)?(?:text-author|date)\s*>", re.DOTALL)
SIGNED = {"text-author": "poem-author", "date": "poem-date"}  # the class each is marked with for pandoc


def poem_feet_marked(text: str) -> str:
    """The FB2 with each poem's author and date (<text-author>, <date> after its stanzas) marked,
    as pandoc's reader makes them paragraphs like any other (`poem_feet` finds them again)."""
    def marked(poem: re.Match) -> str:
        return _POEM_FOOT.sub(lambda m: f'<{m[1]}text-author><{m[1]}style name="{SIGNED[m[2]]}">{m[4]}'
                              f"</{m[1]}style></{m[1]}text-author>", poem[0])
    return _POEM.sub(marked, text)


def poem_feet(blocks: list) -> int:
    """A poem's author and date (the paragraphs `poem_feet_marked` marked) under its stanzas, run
    on as the text's next paragraphs: a `::: signature` (set flush right, kept with the poem's
    last lines), the date in italics. Return how many poems."""
    found = 0
    for n, block in enumerate(blocks):
        if block.get("t") in ("Div", "BlockQuote"):
            found += poem_feet(block["c"][1] if block["t"] == "Div" else block["c"])
        elif _foot(block) and not (n and _foot(blocks[n - 1])):
            end = n
            while end < len(blocks) and _foot(blocks[end]):
                end += 1
            lines = [[{"t": "Emph", "c": b["c"][0]["c"][1]}] if _foot(b) == "poem-date" else b["c"][0]["c"][1]
                     for b in blocks[n:end]]
            blocks[n:end] = [{"t": "Div", "c": [["", ["signature"], []], [{"t": "Para", "c": line} for line in lines]]}]
            found += 1
    return found


def _foot(block: dict) -> str | None:
    inlines = block["c"] if block.get("t") == "Para" else []
    if len(inlines) == 1 and inlines[0].get("t") == "Span":
        classes = inlines[0]["c"][0][1]
        return next((c for c in classes if c in SIGNED.values()), None)
    return None


def parts_over_chapters(blocks: list) -> int:
    """A book's top sections that name parts ("Часть первая", "Том второй") and hold sections of
    their own, its chapters (two such at least): each part `# … {.part}`, its chapters `# …`
    and every heading under them a level up; a top section after the last part with no chapters
    in it ("Примечания переводчика") ends the parts, `{.backmatter}`. Return how many parts."""
    headers = [b for b in blocks if b.get("t") == "Header"]
    if not headers:
        return 0
    top = min(h["c"][0] for h in headers)
    holding = {n for n, h in enumerate(headers[:-1]) if h["c"][0] == top and headers[n + 1]["c"][0] == top + 1}
    named = [n for n in holding if names_a_part(" ".join(ast_text(headers[n]["c"][2]).split()))]
    if len(named) < 2:
        return 0
    after = [n for n, h in enumerate(headers) if h["c"][0] == top and n > max(holding) and n not in holding]
    for n, header in enumerate(headers):
        header["c"][0] = max(1, header["c"][0] - top)
        if n in holding:
            header["c"][1][1].append("part")
    if after:
        headers[after[0]]["c"][1][1].append("backmatter")  # it and those after it belong to no part
    return len(holding)
