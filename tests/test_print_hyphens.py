"""Hyphenation in the print edition: by the book's language, and never over the turn of a page."""

from __future__ import annotations

import contextlib
import re
import shutil

import pypdfium2 as pdfium
import pyphen
import pytest

from conftest import REPO, build_project, pdf_rows, write_project
from publish.editions import pdf_parts, recto_words

HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character
TOP, BOTTOM = 0.75 * 72, 0.8 * 72  # the default margins (running heads, folios)

LONG_WORDS = (
    "reconnaissance intelligence organisation administration representatives international "
    "communications headquarters establishment investigation extraordinary counterintelligence "
    "the of and in a to"
).split()

RUSSIAN = """\
# Разведка

Советские специальные службы, в том числе военная разведка, смогли заблаговременно и достаточно
подробно проинформировать руководство о намерениях противника. Представители разведывательного
управления неоднократно докладывали о сосредоточении вооружённых сил на дальневосточных границах.
Заместитель начальника разведывательного управления подготовил обстоятельный доклад о
мобилизационных возможностях государства и о перспективах международного сотрудничества.
Радиоразведка фиксировала переговоры штабов, а контрразведывательные подразделения обеспечивали
безопасность коммуникаций и предотвращали утечку секретной информации.
"""


def prose(seed: int, paragraphs: int, words: int = 80) -> str:
    state, out = seed, []
    for _ in range(paragraphs):
        chosen = []
        for _ in range(words):
            state = (state * 1103515245 + 12345) % 2**31
            chosen.append(LONG_WORDS[state % len(LONG_WORDS)])
        out.append(" ".join(chosen).capitalize() + ".")
    return "\n\n".join(out)


def yaml(language: str, trim: str = "4x6in") -> str:
    return f"""\
title: Hyphens
language: {language}
series:
  name: Test Series
  number: 1
  total: 2
print:
  trim: {trim}
"""


def body_lines(path) -> list[list[str]]:
    """The lines of each page's text block (between the running head and the folio)."""
    document = pdfium.PdfDocument(path)
    pages = []
    for page in document:
        width, height = page.get_size()
        scale = max(height / 612, 1.0)  # the margins grow with a taller trim, never shrink (print_layout._margins)
        text = page.get_textpage().get_text_bounded(0, BOTTOM * scale + 2, width, height - TOP * scale - 2)
        pages.append([line.strip() for line in text.replace("\r", "").split("\n") if line.strip()])
    return pages


def recto_breaks(path) -> list[int]:
    """Indexes of rectos (page 1, 3, …) whose text block ends in a hyphenated word."""
    return [i for i, lines in enumerate(body_lines(path)) if i % 2 == 0 and lines and lines[-1].endswith(HYPHEN)]


CHAPTERS = {f"{n}.md": f"# Part {n}\n\n" + prose(n, 9) for n in (1, 2, 3)}


@pytest.fixture(scope="module")
def long_words_project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("hy"), yaml("en"), CHAPTERS)


def test_without_the_extra_pass_some_recto_ends_hyphenated(tmp_path, monkeypatch):
    """The check below can fail: typeset once, this book leaves words broken over a recto.
    (A project of its own: the build cache does not know about the patched constant.)"""
    monkeypatch.setattr(recto_words, "TRIES", 0)
    monkeypatch.setattr(pdf_parts, "POOL_MIN_CHARS", 10**9)  # typeset here, where the patch holds
    assert recto_breaks(build_project(write_project(tmp_path, yaml("en"), CHAPTERS), ("pdf",)).pdf)


def test_no_recto_ends_with_a_hyphenated_word(long_words_project):
    pdf = build_project(long_words_project, ("pdf",)).pdf
    pages = body_lines(pdf)
    assert sum(1 for lines in pages for line in lines if line.endswith(HYPHEN)) > 5  # hyphenation is on
    assert recto_breaks(pdf) == []


def test_no_verso_ends_with_a_hyphenated_word_either(long_words_project):
    """A word hyphenated at a verso's foot is read across the spread, but a proofreader marks it
    too (bench/typeset_defects.py counted 5.7 a hundred pages in Fathers and Sons)."""
    pages = body_lines(build_project(long_words_project, ("pdf",)).pdf)
    assert len(pages) > 6
    assert [i for i, lines in enumerate(pages) if i % 2 == 1 and lines and lines[-1].endswith(HYPHEN)] == []


def _longest_ladder(pdf) -> int:
    """The most lines in a row, on one page, that end in a hyphenated word."""
    longest = 0
    for lines in body_lines(pdf):
        run = 0
        for line in lines:
            run = run + 1 if line.endswith(HYPHEN) else 0
            longest = max(longest, run)
    return longest


def test_no_more_than_two_lines_in_a_row_end_hyphenated(long_words_project, tmp_path):
    """A ladder of hyphens down the right edge: without a limit these long words make runs of
    three lines and more; print.css's --hyphenate-limit-lines: 2 holds (hyphen_ladders.py)."""
    assert _longest_ladder(build_project(long_words_project, ("pdf",)).pdf) == 2  # two in a row allowed
    root = write_project(tmp_path, yaml("en"), CHAPTERS)
    shutil.copytree(REPO / "styles", root / "styles")
    css = root / "styles" / "print.css"
    unlimited = css.read_text(encoding="utf-8").replace("--hyphenate-limit-lines: 2;", "--hyphenate-limit-lines: 0;")
    css.write_text(unlimited, encoding="utf-8")
    assert _longest_ladder(build_project(root, ("pdf",)).pdf) >= 3


def test_a_paragraphs_short_last_word_never_stands_alone(tmp_path):
    """Paragraphs of every length ending "…told him.": at some lengths "him." alone made the last
    line (a runt); it goes down with the word before it (print_layout._no_runts)."""
    words = "The commander of the front reported the matter to the headquarters at once and".split()
    paragraphs = [" ".join(words[: 4 + n % 14]) + f" {'more ' * (n // 14)}told him." for n in range(42)]
    root = write_project(tmp_path, yaml("en"), {"a.md": "# Reports\n\n" + "\n\n".join(paragraphs)})
    lines = [line for page in body_lines(build_project(root, ("pdf",)).pdf) for line in page]
    assert sum(line.endswith("him.") for line in lines) == 42
    assert [line for line in lines if line == "him."] == []


def _last_word_pieces(root) -> list[str]:
    """Lines that are only the end of a word hyphenated on the line before: a paragraph's last."""
    lines = [line for page in body_lines(build_project(root, ("pdf",)).pdf) for line in page]
    pairs = zip(lines, lines[1:], strict=False)
    return [line for before, line in pairs if before.endswith(HYPHEN) and " " not in line]


def test_a_paragraphs_last_word_is_never_hyphenated(tmp_path):
    """Paragraphs of every length ending "…of the administration.": at some lengths the last
    line was "tration." alone, a piece of a word (print_layout._no_runts keeps it whole)."""
    words = "The commander of the front reported the matter to the headquarters at once and".split()
    paragraphs = [" ".join(words[: 4 + n % 14]) + f" {'more ' * (n // 14)}of the administration." for n in range(42)]
    files = {"a.md": "# Reports\n\n" + "\n\n".join(paragraphs)}
    assert _last_word_pieces(write_project(tmp_path / "a", yaml("en"), files)) == []
    root = write_project(tmp_path / "b", yaml("en"), files)
    shutil.copytree(REPO / "styles", root / "styles")
    css = root / "styles" / "print.css"
    css.write_text(css.read_text(encoding="utf-8").replace(".whole { hyphens: manual; }", ""), encoding="utf-8")
    assert _last_word_pieces(root)  # without the rule, some paragraph ends so


def test_a_last_word_before_a_joined_ellipsis_is_whole_and_never_alone(tmp_path):
    """Standard Ebooks bind a closing ellipsis to its word ("stupid\u2060\u200a\u2060…”"): the rules
    above read "…”" as the last word, and Crime and Punishment printed "stu-" over "pid…”" and
    "it…”" alone (bench/typeset_defects.py's runts); the word and its ellipsis are one."""
    words = "The commander of the front reported the matter to the headquarters at once and".split()
    joined = "\u2060\u200a\u2060…”"
    ends = ("of the administration", "told him")
    paragraphs = [" ".join(words[: 4 + n % 14]) + f" {'more ' * (n // 14)}{ends[n % 2]}{joined}" for n in range(84)]
    root = write_project(tmp_path, yaml("en"), {"a.md": "# Reports\n\n" + "\n\n".join(paragraphs)})
    lines = [line for page in body_lines(build_project(root, ("pdf",)).pdf) for line in page]
    assert sum(line.endswith("…”") for line in lines) == 84
    pairs = zip(lines, lines[1:], strict=False)
    pieces = [line for before, line in pairs if line.endswith("…”") and before.endswith(HYPHEN)]
    assert pieces == []
    assert [line for line in lines if line.startswith("him")] == []


def test_english_carries_at_least_three_letters_over(tmp_path):
    """English breaks of two letters ("gener-" / "al", "broth-" / "er": 12 in the seed, 150 in
    The Brothers Karamazov) are not made; three letters at least go over (print.css :lang(en)),
    while a Russian book keeps its two (test_hyphenation_follows_the_book_language)."""
    words = "the general and his brother together with another visitor from the national barrier".split()
    paragraphs = [" ".join(words[(n + k) % len(words)] for k in range(60 + n)) + "." for n in range(12)]
    root = write_project(tmp_path, yaml("en", "3.5x5.5in"), {"a.md": "# Visits\n\n" + "\n\n".join(paragraphs)})
    breaks = _breaks(build_project(root, ("pdf",)).pdf)
    assert len(breaks) > 10  # hyphenation is on
    assert [b for b in breaks if len(b[1]) < 3] == []


def _line_ends(pdf) -> list[tuple[str, str]]:
    """(last word, next line's first word) of each line of the text with a line after it on its
    page, as pypdf reads them (pdfium runs a line ending in "-" into the next)."""
    import pypdf

    pairs = []
    for page in pypdf.PdfReader(pdf).pages:
        lines = [line.split() for line in page.extract_text().splitlines() if line.strip()]
        pairs += [(line[-1], after[0]) for line, after in zip(lines, lines[1:], strict=False)]
    return pairs


def test_a_hyphenated_compound_is_broken_at_its_hyphen_only(tmp_path, monkeypatch):
    """"to-mor‐" / "row", "self-destruc‐" / "tion" (23 lines in The Brothers Karamazov): a second
    hyphen in a word that has one. Such a line ends at the compound's own hyphen, or before it
    (whole_words.py); without the rule this text breaks some inside their parts."""
    words = ("we shall meet to-morrow and speak of his self-destruction with the foster-father of the "
             "kinematograph-operator who is well-known to representatives of the administration").split()
    paragraphs = [" ".join(words[(n + k) % len(words)] for k in range(50 + 3 * n)) + "." for n in range(14)]
    files = {"a.md": "# Meetings\n\n" + "\n\n".join(paragraphs)}

    def broken_inside(ends):
        return [(a, b) for a, b in ends if a.endswith(HYPHEN) and ("-" in a or "-" in b)]

    ends = _line_ends(build_project(write_project(tmp_path / "a", yaml("en", "3.5x5.5in"), files), ("pdf",)).pdf)
    assert any(a.endswith(HYPHEN) for a, _ in ends)  # hyphenation is on
    assert sum(a.endswith("-") for a, _ in ends) > 5  # compounds broken at their hyphens
    assert broken_inside(ends) == []
    from publish.editions import layout_shortcuts

    monkeypatch.setattr(pdf_parts, "POOL_MIN_CHARS", 10**9)  # typeset here, where the patch holds
    monkeypatch.setattr(layout_shortcuts, "compounds_and_names_whole", contextlib.nullcontext)
    ends = _line_ends(build_project(write_project(tmp_path / "b", yaml("en", "3.5x5.5in"), files), ("pdf",)).pdf)
    assert broken_inside(ends)


def test_an_english_name_is_not_hyphenated(tmp_path, monkeypatch):
    """"Rus‐" / "sia", "Ivan‐" / "ovna", "Alexan‐" / "drovitch" (a line or more a page of The
    Brothers Karamazov, 70 lines of the seed): a name goes over whole (whole_words.py), while
    the words around it are hyphenated as before; a Russian book's names are not held so."""
    words = ("and Dmitri Fyodorovitch went with Pyotr Alexandrovitch to Petersburg and Germany where "
             "the administration of the representatives was extraordinary").split()
    paragraphs = [" ".join(words[(n + k) % len(words)] for k in range(50 + 3 * n)) + "." for n in range(14)]
    files = {"a.md": "# Journeys\n\n" + "\n\n".join(paragraphs)}

    def names_broken(ends):
        return [(a, b) for a, b in ends if a.endswith(HYPHEN) and a[:1].isupper()]

    ends = _line_ends(build_project(write_project(tmp_path / "a", yaml("en", "3.5x5.5in"), files), ("pdf",)).pdf)
    assert sum(a.endswith(HYPHEN) for a, _ in ends) > 5  # hyphenation is on
    assert names_broken(ends) == []
    monkeypatch.setattr(pdf_parts, "POOL_MIN_CHARS", 10**9)  # typeset here, where the patch holds
    from publish.editions import layout_shortcuts

    monkeypatch.setattr(layout_shortcuts, "compounds_and_names_whole", contextlib.nullcontext)
    ends = _line_ends(build_project(write_project(tmp_path / "b", yaml("en", "3.5x5.5in"), files), ("pdf",)).pdf)
    assert names_broken(ends)


def test_a_recto_made_again_keeps_its_notes(tmp_path, monkeypatch):
    """A recto made again for the word at its foot takes up the footnotes, the notes carried
    over from the page before and the running heads as they were: every note printed once."""
    monkeypatch.setattr(pdf_parts, "POOL_MIN_CHARS", 10**9)  # typeset here, where the count holds
    made_again = []
    end = recto_words.hyphenated_end

    def counted(page):
        found = end(page)
        made_again.extend([found] if found else [])
        return found

    monkeypatch.setattr(recto_words, "hyphenated_end", counted)
    notes = 0
    chapters = {}
    for n in (1, 2, 3):
        paragraphs = prose(n, 9).split("\n\n")
        for i in range(len(paragraphs)):
            notes += 1
            paragraphs[i] += f"[^n{notes}]\n\n[^n{notes}]: Footnote number {notes} " + prose(notes, 1, 25)
        chapters[f"{n}.md"] = f"# Part {n}\n\n" + "\n\n".join(paragraphs)
    pdf = build_project(write_project(tmp_path, yaml("en"), chapters), ("pdf",)).pdf
    assert made_again  # some recto ended in a hyphenated word and was made again
    assert recto_breaks(pdf) == []
    text = " ".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
    printed = re.findall(r"Footnote number (\d+)\b", text.replace("\r\n", " "))
    assert sorted(map(int, printed)) == list(range(1, notes + 1))


def test_a_word_in_a_link_inside_italics_is_never_cut_without_a_hyphen(tmp_path):
    """WeasyPrint took a link inside an italic phrase that opened the line to open the line
    itself, and cut its word at the line's end with no hyphen ("Shisho" / "vskaya"): 16 such
    cuts in these 60 paragraphs (layout_shortcuts.words_whole_mid_line)."""
    names = ("Shishovskaya", "Kropotkinsky", "Dostoyevskian")
    paragraphs = []
    for i in range(60):
        lead = " ".join(LONG_WORDS[(i * 7 + k) % len(LONG_WORDS)] for k in range(i % 23 + 3))
        paragraphs.append(f"*{lead} [{names[0]}](#one) and [{names[1]}](#one) went {lead} [{names[2]}](#one).*")
    root = write_project(tmp_path, yaml("en"), {"a.md": "# One\n\n" + "\n\n".join(paragraphs)})
    lines = [line for page in body_lines(build_project(root, ("pdf",)).pdf) for line in page]
    cut = [(a, b) for a, b in zip(lines, lines[1:], strict=False) for name in names
           for k in range(2, len(name) - 1) if a.endswith(name[:k]) and b.startswith(name[k:])]
    assert cut == []
    assert sum(line.count(name) for line in lines for name in names) > 150  # the names are there, whole


def test_a_line_is_not_cut_to_its_first_word_before_a_bound_phrase(tmp_path):
    """A text box ending in a space before an inline box that a no-break space binds to what
    follows ("Chamber, M.\u00a0*Klotz*", "at 3\u00a0*p.m.*") and that fits but for that space:
    WeasyPrint kept only its first word on the line, or the first syllable of it ("108. In" over
    the rest of a footnote in Keynes; "endangered" alone in The Worst Journey in the World;
    "Open-" over "ing of the a to …" here, 19 times in 120 paragraphs) (editions/trailing_spaces.py)."""
    short = ("in", "of", "the", "a", "to", "and", "at", "by", "on", "it")
    paragraphs = []
    for i in range(120):
        lead = " ".join(short[(i * 3 + k) % len(short)] for k in range(i % 13 + 2))
        paragraphs.append(f"Opening {lead} said M.\u00a0*Klotz* and {lead} at 3\u00a0*p.m.* once again.")
    root = write_project(tmp_path, yaml("en"), {"a.md": "# One\n\n" + "\n\n".join(paragraphs)})
    lines = [line for page in body_lines(build_project(root, ("pdf",)).pdf) for line in page]
    text = lines[next(i for i, line in enumerate(lines) if line.startswith("Open")):]
    assert [line for line in text if len(line.split()) == 1] == []  # was "Open-" over "ing of the a to …"


def test_seed_book_has_no_hyphen_over_a_recto(seed_book):
    if not (REPO / "manuscript" / "book.yaml").is_file():
        pytest.skip("no default book yet")
    assert recto_breaks(seed_book.pdf) == []


def _breaks(path) -> list[tuple[str, str]]:
    """(head, tail) of every word hyphenated at a line end."""
    out = []
    for lines in body_lines(path):
        for line, following in zip(lines, lines[1:], strict=False):
            if line.endswith(HYPHEN):
                head = re.findall(r"\w+$", line[:-1])
                tail = re.findall(r"^\w+", following)
                if head and tail:
                    out.append((head[0], tail[0]))
    return out


@pytest.mark.parametrize("language,expected", [("ru", "ru_RU"), ("en", None)])
def test_hyphenation_follows_the_book_language(tmp_path, language, expected):
    root = write_project(tmp_path, yaml(language, "3.5x5.5in"), {"text.md": RUSSIAN + "\n" + RUSSIAN.split("\n", 2)[2]})
    breaks = _breaks(build_project(root, ("pdf",)).pdf)
    if expected is None:
        assert breaks == []  # English patterns do not break Russian words
        return
    assert len(breaks) >= 3
    dictionary = pyphen.Pyphen(lang=expected)
    words = set(re.findall(r"\w+", RUSSIAN))
    for head, tail in breaks:
        word = head + tail
        assert word in words, word
        assert len(head) in dictionary.positions(word.lower()), (head, tail)  # a Russian break point


# Words whose ё the shipped Russian patterns do not know: "зелё-ненький" broke only as "зелёнень-кий".
YO_WORDS = ("зелёненький позолочённые учёного ожесточённый перечёркнутый заворожённо освещённого "
            "приближённые обречённости раскалённого неразделённой").split()


def test_a_word_with_yo_breaks_where_the_same_word_with_ye_does(tmp_path):
    """Pyphen's Russian patterns have no ё, so "учёного" broke only as "учёно-го" where "ученого"
    breaks "уче-но-го" (yo_hyphens.py): every break in a word with ё is one its е twin has, and
    some are breaks the shipped patterns could not make."""
    paragraphs = [" ".join(YO_WORDS[(n + k) % len(YO_WORDS)] for k in range(40 + n)) + "." for n in range(10)]
    root = write_project(tmp_path, yaml("ru", "3.5x5.5in"), {"a.md": "# Слова\n\n" + "\n\n".join(paragraphs)})
    breaks = _breaks(build_project(root, ("pdf",)).pdf)
    shipped = pyphen.HyphDict(pyphen.LANGUAGES["ru_RU"])  # read afresh: the patterns as pyphen ships them
    assert len(breaks) > 20
    for head, tail in breaks:
        assert head + tail in YO_WORDS, (head, tail)
        assert len(head) in shipped.positions((head + tail).replace("ё", "е")), (head, tail)
    assert [(head, tail) for head, tail in breaks if len(head) not in shipped.positions(head + tail)]


# Pre-reform words the shipped patterns break badly or not at all: "Оренбур-гъ", "свирѣ-пой".
OLD_WORDS = ("Оренбургъ свирѣпой отвѣчалъ выразительностію мѵропомазаніе ариѳметика пятилѣтняго "
             "Петербургъ сдѣлалась разъѣхались значеніе домомъ").split()
MODERN = str.maketrans("ѣіѵѳ", "еииф")


def test_a_word_in_the_old_spelling_breaks_where_the_same_word_in_the_new_does(tmp_path):
    """Pyphen's Russian patterns know no ѣ, і, ѵ or ѳ, nor a ъ ending a word: "свирѣпой" broke only
    as "свирѣ-пой", and "Оренбургъ" as "Оренбур-гъ", two letters with no vowel on the next line
    (old_spelling_hyphens.py). Every break is one the new spelling's word has, none before a last
    consonant and ъ, and some are breaks the shipped patterns could not make."""
    paragraphs = [" ".join(OLD_WORDS[(n + k) % len(OLD_WORDS)] for k in range(40 + n)) + "." for n in range(10)]
    root = write_project(tmp_path, yaml("ru", "3.5x5.5in"), {"a.md": "# Слова\n\n" + "\n\n".join(paragraphs)})
    breaks = _breaks(build_project(root, ("pdf",)).pdf)
    shipped = pyphen.HyphDict(pyphen.LANGUAGES["ru_RU"])  # read afresh: the patterns as pyphen ships them
    assert len(breaks) > 20
    for head, tail in breaks:
        word = head + tail
        assert word in OLD_WORDS, (head, tail)
        assert len(head) in shipped.positions(word.lower().translate(MODERN).removesuffix("ъ")), (head, tail)
        assert not re.fullmatch(r"[^аеёиіоуыэюяѣѵ]+ъ", tail), (head, tail)
    assert [(head, tail) for head, tail in breaks if len(head) not in shipped.positions(head + tail)]
    # The PDF's lines may happen to spare "Оренбур-гъ"; the patterns WeasyPrint read never allow it.
    russian = pyphen.Pyphen(lang="ru_RU", left=2, right=2)
    words = ("Оренбургъ", "домомъ", "полкъ", "оркестръ", "министръ")
    assert [russian.inserted(w) for w in words] == ["Орен-бургъ", "до-момъ", "полкъ", "ор-кестръ", "ми-нистръ"]


def test_layout_shortcuts_set_the_same_pdf_with_less_work(tmp_path, monkeypatch):
    """A page made again (a recto for a word hyphenated at its foot, a page for its notes)
    sets most lines again: remembered, they are looked up, not broken again by Pango; a
    chapter's pages, typeset without margins, skip making sixteen empty margin boxes each;
    pages the same @page rules match share their styles, computed once.
    The PDF is the same byte for byte (editions/layout_shortcuts.py)."""
    import contextlib

    from weasyprint import layout
    from weasyprint.layout import page as pages
    from weasyprint.text import line_break

    from publish.editions import layout_shortcuts

    if not layout_shortcuts.checked_weasyprint():
        pytest.skip(f"shortcuts checked with WeasyPrint {layout_shortcuts.CHECKED_WITH} only: check them again")
    monkeypatch.setattr(pdf_parts, "POOL_MIN_CHARS", 10**9)  # typeset here, where the patches hold
    # The leaders' shortcut gives the same dots in fewer objects, not the same bytes; the
    # corrections (leaders to the line's end and kept with their words, notes kept with their
    # calls, first lines styled once, words kept whole mid-line, compounds broken at their
    # hyphens, hyphen ladders limited, lines
    # balanced, closing spaces hanging) change the pages: tests of their own.
    for correction in ("leaders_in_one_run", "leaders_to_the_line_end", "leaders_kept_with_their_words",
                       "notes_kept_with_their_calls", "first_lines_once", "words_whole_mid_line",
                       "compounds_and_names_whole", "ladders_limited", "balanced_lines",
                       "closing_spaces_hang"):
        monkeypatch.setattr(layout_shortcuts, correction, contextlib.nullcontext)
    calls = {"breaks": 0, "margins": 0, "page styles": 0}
    split_first_line, make_margin_boxes = line_break.split_first_line, layout.make_margin_boxes
    set_page_styles = pages.set_page_type_computed_styles

    def counted_breaks(*args, **kwargs):
        calls["breaks"] += 1
        return split_first_line(*args, **kwargs)

    def counted_margins(*args, **kwargs):
        calls["margins"] += 1
        return make_margin_boxes(*args, **kwargs)

    def counted_page_styles(*args, **kwargs):
        calls["page styles"] += 1
        return set_page_styles(*args, **kwargs)

    monkeypatch.setattr(line_break, "split_first_line", counted_breaks)
    monkeypatch.setattr(layout, "make_margin_boxes", counted_margins)
    monkeypatch.setattr(pages, "set_page_type_computed_styles", counted_page_styles)
    shortcut = build_project(write_project(tmp_path / "shortcut", yaml("en"), CHAPTERS), ("pdf",)).pdf
    with_shortcuts = dict(calls)
    calls.update({"breaks": 0, "margins": 0, "page styles": 0})
    monkeypatch.setattr(layout_shortcuts, "shortcuts", contextlib.nullcontext)
    monkeypatch.setattr("weasyprint.layout.inline.split_first_line", counted_breaks)
    monkeypatch.setattr("weasyprint.layout.preferred.split_first_line", counted_breaks)
    plain = build_project(write_project(tmp_path / "plain", yaml("en"), CHAPTERS), ("pdf",)).pdf
    assert shortcut.read_bytes() == plain.read_bytes()
    assert with_shortcuts["breaks"] < 0.9 * calls["breaks"], (with_shortcuts, calls)
    # Only the pages with margins (front and back matter, the frames) make their boxes.
    assert with_shortcuts["margins"] < 0.5 * calls["margins"], (with_shortcuts, calls)
    # A page's styles are computed only for a set of @page rules no page before it matched.
    assert with_shortcuts["page styles"] < 0.5 * calls["page styles"], (with_shortcuts, calls)


def test_a_leader_set_as_one_run_puts_the_same_dots_in_the_same_places(tmp_path, monkeypatch):
    """The contents page's dot leaders: one text box per leader instead of one per dot. Every
    character of the PDF stands where WeasyPrint's own leaders put it; the page is lighter."""
    import contextlib

    from publish.editions import layout_shortcuts

    if not layout_shortcuts.checked_weasyprint():
        pytest.skip(f"shortcuts checked with WeasyPrint {layout_shortcuts.CHECKED_WITH} only: check them again")
    monkeypatch.setattr(pdf_parts, "POOL_MIN_CHARS", 10**9)  # typeset here, where the patches hold
    chapters = {f"{n:02}.md": f"# Chapter number {n} of a long book\n\nThe text of chapter {n}.\n" for n in range(40)}
    one_run = build_project(write_project(tmp_path / "one", yaml("en"), chapters), ("pdf",)).pdf
    monkeypatch.setattr(layout_shortcuts, "leaders_in_one_run", contextlib.nullcontext)
    per_dot = build_project(write_project(tmp_path / "dots", yaml("en"), chapters), ("pdf",)).pdf
    placed = [_placed_characters(path) for path in (one_run, per_dot)]
    assert len(placed[0]) == len(placed[1]) and sum(ch == "." for _, ch, _ in placed[0]) > 40 * 5
    for (page, ch, box), (other_page, other_ch, other_box) in zip(*placed, strict=True):
        assert (page, ch) == (other_page, other_ch)
        assert max(abs(a - b) for a, b in zip(box, other_box, strict=True)) < 0.01, (page, ch, box, other_box)
    dots = sum(ch == "." for _, ch, _ in placed[0])
    assert _text_objects(one_run) < _text_objects(per_dot) - dots / 2  # a dot was a text object


def _text_objects(path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return sum(op == pikepdf.Operator("BT") for page in pdf.pages
                   for _, op in pikepdf.parse_content_stream(page))


def test_contents_numbers_stand_in_one_column_wrapped_entries_too(tmp_path, monkeypatch):
    """Every page number of the contents ends at the text's right edge and every dot sits on one
    grid, an entry whose title wraps included (WeasyPrint stops an indented first line short)."""
    from publish.editions import layout_shortcuts

    if not layout_shortcuts.checked_weasyprint():
        pytest.skip(f"shortcuts checked with WeasyPrint {layout_shortcuts.CHECKED_WITH} only: check them again")
    monkeypatch.setattr(pdf_parts, "POOL_MIN_CHARS", 10**9)  # typeset here, where the patches hold
    titles = ["Short", "A title long enough to run over to a second line of the contents page", "Middling title"]
    chapters = {f"{n}.md": f"# {title}\n\n{'Words of the chapter. ' * 300 * (n + 1)}\n"
                for n, title in enumerate(titles)}
    pdf = build_project(write_project(tmp_path / "book", yaml("en"), chapters), ("pdf",)).pdf
    placed = _placed_characters(pdf)
    texts: dict[int, str] = {}
    for p, ch, _ in placed:
        texts[p] = texts.get(p, "") + ch
    page = min(p for p, text in texts.items() if "Middlingtitle" in text)  # the contents
    lines: list[list] = []  # the page's characters in lines: by their bottoms, a few points apart
    for ch, box in sorted(((ch, box) for p, ch, box in placed if p == page), key=lambda item: -item[1][1]):
        if lines and abs(lines[-1][0][1][1] - box[1]) < 3:
            lines[-1].append((ch, box))
        else:
            lines.append([(ch, box)])
    numbers, dots = [], []
    for chars in lines:
        chars.sort(key=lambda item: item[1][0])
        if any(ch == "." for ch, _ in chars) and chars[-1][0].isdigit():
            numbers.append(chars[-1][1][2])
            dots.append([round(box[0], 1) for ch, box in chars if ch == "."])
    assert len(numbers) == 3, lines
    assert max(numbers) - min(numbers) < 1, numbers  # the ink of different digits: an em was the fault
    grid = set(max(dots, key=len))
    assert all(x in grid for row in dots for x in row), dots


def test_a_contents_entrys_dots_never_stand_alone_on_a_line(tmp_path, monkeypatch):
    """Titles of every length, so that some entry's last line is full: WeasyPrint broke the line
    before the leader, and the dots and page number stood alone on a line under the title, or
    left no room for a dot. Each number still ends at the text's right edge."""
    from publish.editions import layout_shortcuts

    if not layout_shortcuts.checked_weasyprint():
        pytest.skip(f"shortcuts checked with WeasyPrint {layout_shortcuts.CHECKED_WITH} only: check them again")
    monkeypatch.setattr(pdf_parts, "POOL_MIN_CHARS", 10**9)  # typeset here, where the patches hold
    words = "On the Brink of Peace and War About the Far Eastern Front and Its Intelligence Chiefs".split()
    titles = [" ".join(words[: 5 + n % 12]) + f" {n}" for n in range(24)]
    chapters = {f"{n:02}.md": f"# {title}\n\nText.\n" for n, title in enumerate(titles)}
    pdf = build_project(write_project(tmp_path / "book", yaml("en"), chapters), ("pdf",)).pdf
    contents = [_lines_of(pdf, page) for page in range(len(pdfium.PdfDocument(pdf)))]
    contents = [lines for lines in contents if any("....." in line for line, *_ in lines)]
    alone = [line for lines in contents for line, *_ in lines if re.fullmatch(r"[.…]+\d+", line)]
    numbered = [[right for line, _, right in lines if re.search(r"\d$", line)] for lines in contents]
    assert alone == [] and sum(map(len, numbered)) == 24, contents
    dotless = [line for lines in contents for line, *_ in lines if re.search(r"\d$", line)
               and not re.search(r"\.\.\d+$", line)]
    assert dotless == []  # "…About 15 31": no dots between a title's last number and the page's
    assert all(max(rights) - min(rights) < 1 for rights in numbered), numbered  # the ink of different digits


def _placed_characters(path) -> list[tuple[int, str, tuple[float, ...]]]:
    """Every visible character of a PDF with its page and box (pdfium)."""
    doc = pdfium.PdfDocument(path)
    out = []
    for index in range(len(doc)):
        text = doc[index].get_textpage()
        for n in range(text.count_chars()):
            ch = text.get_text_range(n, 1)
            if ch.strip():
                out.append((index, ch, text.get_charbox(n)))
    return out


def test_another_weasyprint_gets_no_shortcuts(monkeypatch):
    """The shortcuts follow one WeasyPrint's internals: under another version, its own layout."""
    import weasyprint
    from weasyprint import layout

    from publish.editions import layout_shortcuts

    original = layout.make_margin_boxes
    if layout_shortcuts.checked_weasyprint():
        with layout_shortcuts.shortcuts():
            assert layout.make_margin_boxes is not original
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with layout_shortcuts.shortcuts():
        assert layout.make_margin_boxes is original
    assert layout.make_margin_boxes is original


def _lines_of(path, page: int) -> list[tuple[str, float, float]]:
    """A page's lines as pdfium reads them: (text without spaces, width, right edge in points)."""
    return [(text, right - left, right) for text, left, right in pdf_rows(pdfium.PdfDocument(path)[page])]


def test_display_lines_share_their_words_evenly(tmp_path):
    """A title over two lines is balanced (WeasyPrint fills the first and leaves "1942–1944"
    alone): the chapter titles and the title page's subtitle (balanced_lines.py)."""
    titles = ["On the Brink of Peace and War in the East, 1942–1944", "Short Title",
              "The Intelligence Chiefs of the Fronts and Their Men",
              "Incomprehensibilities Counterrevolutionary Antidisestablishmentarianism Words"]
    chapters = {f"{n}.md": f"# {title}\n\n{prose(n, 3)}\n" for n, title in enumerate(titles)}
    subtitle = "Soviet Military Intelligence and the War with Japan, 1941–1945"
    root = write_project(tmp_path, yaml("en") + f"subtitle: {subtitle}\n", chapters)
    pdf = build_project(root, ("pdf",)).pdf
    measure = max(width for page in range(len(pdfium.PdfDocument(pdf))) for line, width, _ in _lines_of(pdf, page)
                  if line.endswith(HYPHEN))  # the text's full lines
    for title in [subtitle, *titles]:
        widths = _set_as(pdf, title.replace(" ", ""))
        if title == "Short Title":
            assert len(widths) == 1
        elif title.endswith("Words"):  # a word wider than the measure: "Words" was bound to it, off the page
            assert max(widths) <= measure + 0.5, (widths, measure)
        else:
            assert len(widths) == 2, (title, widths)
            assert min(widths) > 0.75 * max(widths), (title, widths)  # unbalanced: about 0.5


def _set_as(pdf, squeezed: str) -> list[float]:
    """The widths of the lines a text is set in, where it is set alone (not on the contents page)."""
    for page in range(len(pdfium.PdfDocument(pdf))):
        lines = _lines_of(pdf, page)
        if any("....." in line for line, *_ in lines):
            continue
        for start in range(len(lines)):
            taken, end = "", start
            while end < len(lines) and squeezed.startswith(taken + lines[end][0]):
                taken += lines[end][0]
                end += 1
            if taken == squeezed:
                return [width for _, width, _ in lines[start:end]]
    raise AssertionError(f"{squeezed} is not set alone on any page")
