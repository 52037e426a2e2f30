"""The book model every edition renders: plain, typed, immutable objects."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from publish.labels import Labels
from publish.numbering import numeral, series_label
from publish.text_direction import written_right_to_left

# Roles a person can have, with their MARC relator codes (used by the EPUB).
ROLES = {
    "author": "aut",
    "editor": "edt",
    "translator": "trl",
    "illustrator": "ill",
    "contributor": "ctb",
    # the writer of a foreword or an introduction: MARC's "author of introduction, etc."
    "foreword": "aui",
    "introduction": "aui",
}


@dataclass(frozen=True)
class Person:
    name: str
    role: str = "author"

    @property
    def marc(self) -> str:
        return ROLES[self.role]


@dataclass(frozen=True)
class SeriesVolume:
    """Another volume of the series, as the "Also in this series" page lists it."""

    number: int
    title: str
    numbering: str = "roman"
    published: bool = True  # False: listed by title only, not yet out
    url: str = ""  # its web page, else its store page; "" when the series file gives neither
    language: str = ""  # its book.yaml's (or the series file's) language; "": not known

    @property
    def label(self) -> str:
        """"No. IX"."""
        return f"No.\u00a0{numeral(self.number, self.numbering)}"

    @property
    def number_text(self) -> str:
        return numeral(self.number, self.numbering)


@dataclass(frozen=True)
class Series:
    name: str
    number: int
    total: int
    numbering: str = "roman"
    lines: tuple[str, ...] = ()
    blurb: str = ""
    description: str = ""
    tagline: str = ""
    file: str = ""  # series.file: the series file, relative to book.yaml; "" when unset
    volumes: tuple[SeriesVolume, ...] = ()  # the other volumes, from the series file
    language: str = ""  # of its name, from the series file, when not the book's; "": the book's
    label_pattern: str = Labels.series_label  # "No. {number} of {total}" in the book's language

    @property
    def label(self) -> str:
        """"No. X of XL"."""
        return series_label(self.number, self.total, self.numbering, self.label_pattern)

    @property
    def number_text(self) -> str:
        return numeral(self.number, self.numbering)


@dataclass(frozen=True)
class Edition:
    number: int
    date: str = ""
    note: str = ""
    printing: int = 1  # 2 for the second printing of this edition (corrections, same text otherwise)

    @property
    def release_id(self) -> str:
        """The release folder's name: "1" for a first printing, "1.2" for the second."""
        return str(self.number) if self.printing == 1 else f"{self.number}.{self.printing}"


@dataclass(frozen=True)
class Epigraph:
    text: str
    source: str = ""


@dataclass(frozen=True)
class Original:
    """The work a translation is made from (book.yaml `original`)."""

    title: str
    language: str = ""  # BCP 47, the title's language
    year: int | None = None


@dataclass(frozen=True)
class PrintSettings:
    """The `print:` block of book.yaml: how the print edition is laid out."""

    trim: str = "5.5x8.5in"  # a named trim (A5, royal, …) or "W x H" with units
    chapter_start: str = "recto"  # recto | any
    gutter: str = "auto"  # extra inside margin: "auto" (grows with pages) or a length
    margins: str = ""  # "top outside bottom inside" (1 to 4 lengths, as CSS); "": scaled with the trim
    variant: str = "pdf/ua-1"  # WeasyPrint PDF variant: tagged for screen readers, or "none"
    notes: str = "foot"  # foot (at the foot of the page) | end (at the end of each chapter)
    bleed: str = ""  # e.g. "0.125in", "3mm" or "0"; sets TrimBox and BleedBox; "": none, 0.125in with --print
    marks: str = "none"  # none | crop | cross | "crop cross" (drawn in the bleed), with or without --print
    bleed_sides: int = 4  # 4: every side; 3: none at the spine (KDP's and IngramSpark's interior)
    paper: str = "white"  # interior stock for the cover's spine: white (444 ppi) | cream (400 ppi)
    ppi: int = 0  # pages per inch of the interior stock; 0: from `paper`
    output_profile: str = ""  # a CMYK press's ICC profile beside book.yaml: the PDF/X output intent
    for_printer: bool = False  # set by `publish build --print`, not by book.yaml: bleed, marks, cover


DASH_STYLES = ("auto", "em", "spaced-en", "spaced-em")
INITIAL_STYLES = ("spaced", "closed")
UNIT_SPACES = ("no-break", "thin")


@dataclass(frozen=True)
class TypographySettings:
    """The `typography:` block of book.yaml: the house style of the typography pass."""

    dash: str = "auto"  # auto (by language) | em (closed) | spaced-en | spaced-em
    initials: str = "spaced"  # spaced: "I. V. Stalin" | closed: "I.V. Stalin" (no-break either way)
    small_caps: bool = True  # runs of capitals (USSR, NKVD) in small caps
    ordinals: bool = False  # 1st, 21st, 1er, 2e with the letters superscript
    unit_space: str = "no-break"  # between a number and its unit: no-break | thin (narrow no-break)


@dataclass(frozen=True)
class LintSettings:
    """The `lint:` block of book.yaml."""

    disable: tuple[str, ...] = ()  # lint codes switched off for the whole project


@dataclass(frozen=True)
class Citations:
    """The book's bibliography for pandoc's citation processor: file names relative to manuscript/."""

    bibliography: tuple[str, ...] = ()  # .bib, .bibtex, .json, .yaml or .ris files; () formats nothing
    csl: str = ""  # a CSL style file; "": pandoc's built-in Chicago author-date
    link: bool = True  # each citation links to its entry in the reference list
    uncited: tuple[str, ...] = ()  # keys listed though not cited (book.yaml nocite:); "*": every entry

    @property
    def files(self) -> tuple[str, ...]:
        return (*self.bibliography, self.csl) if self.csl else self.bibliography


@dataclass(frozen=True)
class Limitation:
    """The `limitation:` block: a numbered limited edition (`publish copies` stamps each copy)."""

    copies: int  # how many copies the edition has: the {total} of the text
    text: str  # "This is copy No. {number} of {total}"

    def copy_text(self, number: int) -> str:
        return self.text.format(number=number, total=self.copies)


TITLE_MARKS = ("!", "?", ".", "…", ":", "¡", "¿")  # a title ending in one needs no colon before its subtitle


@dataclass(frozen=True)
class BookMetadata:
    title: str
    language: str
    series: Series
    subtitle: str = ""
    authors: tuple[Person, ...] = ()
    publisher: str = ""
    imprint: str = ""
    year: int | None = None
    rights: str = ""  # one notice a line: "Translation © 1914 …", "Foreword © 2026 …", a licence
    isbn_print: str = ""
    isbn_epub: str = ""
    editions: tuple[Edition, ...] = ()
    motto: str = ""
    dedication: str = ""
    description: str = ""  # the book's own blurb, for stores and the back cover: one paragraph a line
    praise: tuple[Epigraph, ...] = ()  # what reviewers said: each a quotation and whom it is from
    about_author: str = ""  # the page about the author in the back matter: one paragraph a line
    also_by: tuple[str, ...] = ()  # the author's other books, listed on the series page
    epigraph: Epigraph | None = None
    original: Original | None = None  # a translation's original title, language and year
    files: tuple[str, ...] = ()
    slug: str = ""
    print_settings: PrintSettings = PrintSettings()
    base_url: str = ""  # web.base_url: the HTML edition's address, ending in "/"; "" when unset
    typography: TypographySettings = TypographySettings()
    lint: LintSettings = LintSettings()
    labels: Labels = Labels()  # interface strings in the book's language (labels.py, book.yaml labels:)
    limitation: Limitation | None = None  # a numbered limited edition (`publish copies`)
    citations: Citations = Citations()  # bibliography:, csl:, link_citations:
    first_lines: bool | None = None  # the index of first lines: always, never, or None: for 12 poems or more
    note_numbers: str = "book"  # book: notes numbered 1, 2, … through the book | chapter: from 1 in each chapter

    @property
    def full_title(self) -> str:
        """The title and subtitle on one line: "Title: Subtitle"."""
        return self.title + self.after_title

    @property
    def after_title(self) -> str:
        """What follows the title on a line that gives the subtitle too, ": Subtitle" ("" with none);
        a title that ends in its own mark takes no colon ("South! The Story of…", not "South!: …")."""
        if not self.subtitle:
            return ""
        return f"{'' if self.title.endswith(TITLE_MARKS) else ':'} {self.subtitle}"

    @property
    def creators(self) -> tuple[Person, ...]:
        return tuple(p for p in self.authors if p.role == "author")

    @property
    def credits(self) -> list[tuple[str, list[str]]]:
        """The other contributors by role, in the order first named: each role one line of the
        title page ("Translated by Louise and Aylmer Maude")."""
        roles: dict[str, list[str]] = {}
        for person in self.authors:
            if person.role != "author":
                roles.setdefault(person.role, []).append(person.name)
        return list(roles.items())


@dataclass(frozen=True)
class Chapter:
    """One chapter: the unit every edition renders (and later caches)."""

    id: str  # stable anchor and file stem, e.g. "the-potsdam-conference"
    number: int  # 1-based position in the book
    title: str  # plain text; "" for an untitled opening
    title_html: str  # inline HTML of the heading
    body_html: str  # HTML5 fragment without the level-1 heading
    source: Path
    line: int
    part: bool = False  # a part's opening (`# Part One {.part}`): its own page, the chapters after it in it
    in_part: bool = False  # filed under the part before it (up to the next part or a `{.backmatter}` chapter)
    running_head: str = ""  # the editor's short title for the print edition's running heads, if any
    lang: str = ""  # its own language (`# Titre {lang=fr}`, or a `::: {lang=fr}` div round it), else the book's
    matter: str = ""  # "front" (`# Foreword {.frontmatter}`) or "back" (`{.backmatter}`): not the text itself
    # A volume (`# Volume I {.volume}`) is a part that holds parts: Les Misérables' volumes hold
    # its books, which hold its chapters. `depth`: where the chapter's entry sits in every
    # contents and outline (1 at the top, 2 in a part or volume, 3 in a part in a volume).
    volume: bool = False
    in_volume: bool = False  # after a volume, up to the next volume or the back matter
    depth: int = 1
    file: str = ""  # its file's name in the EPUB and the web edition, unique in the book (links.file_names)
    author: str = ""  # an anthology's story by another hand (`# Title {author="…"}`)

    @property
    def direction(self) -> str:
        """"rtl" when its language is written right to left (`# שלום {lang=he}`), else ""."""
        return "rtl" if self.lang and written_right_to_left(self.lang) else ""

    @property
    def lang_attribute(self) -> str:
        """` lang="fr"` for the chapter's element in every edition (and ` dir="rtl"` for a
        language written right to left), or ""."""
        if not self.lang:
            return ""
        return f' lang="{html.escape(self.lang, quote=True)}"' + (' dir="rtl"' if self.direction else "")

    @property
    def role(self) -> str:
        """"part" (a part's opening), "in-part" (a chapter in one) or "chapter"."""
        return "part" if self.part else "in-part" if self.in_part else "chapter"

    @property
    def capitals(self) -> bool:
        """Whether its title is set in capitals alone ("CHAPTER I – M. MYRIEL"): letterspaced."""
        return sum(c.isupper() for c in self.title) >= 2 and not any(c.islower() for c in self.title)

    @property
    def css_class(self) -> str:
        """Its section's classes in every edition's HTML: "chapter", its role in the parts, and
        "capitals" for a title in capitals."""
        classes = "chapter" if self.role == "chapter" else f"chapter {self.role}"
        classes += " capitals" if self.capitals else ""
        if self.volume:
            return f"{classes} volume"
        nested = self.depth == 3 or (self.part and self.depth == 2)  # under a part of a volume, or such a part
        return f"{classes} in-volume" if nested else classes


def parts_by_chapter(chapters: Iterable[Chapter]) -> dict[str, Chapter]:
    """Chapter id → the part it is in, for each chapter in a part (Chapter.in_part)."""
    out, part = {}, None
    for chapter in chapters:
        part = chapter if chapter.part else part
        if chapter.in_part and part is not None:
            out[chapter.id] = part
    return out


def front_run(chapters: Iterable[Chapter]) -> int:
    """How many chapters open the book as its front matter: those up to the last `{.frontmatter}`
    one that only front matter and untitled text come before (none when none is marked)."""
    run = 0
    for n, chapter in enumerate(chapters):
        if chapter.matter == "front":
            run = n + 1
        elif chapter.title:
            break
    return run


@dataclass(frozen=True)
class Book:
    meta: BookMetadata
    chapters: tuple[Chapter, ...]
    root: Path  # the project directory (holds manuscript/ and styles/)
    manuscript_dir: Path
    styles_dir: Path
    build_date: str  # ISO date of the build, from SOURCE_DATE_EPOCH when set
    timestamp: int  # seconds since the epoch, for reproducible outputs
    inputs: tuple[Path, ...] = field(default=())
