"""`publish import` on the manuscripts people have: encodings, paragraph conventions, Project
Gutenberg texts, and .docx/.odt/.epub/.html through pandoc. Every import must keep every
word (counted here independently of the importer) and build.
"""

from __future__ import annotations

import json
import re
import subprocess
import textwrap
import zipfile
from collections import Counter
from pathlib import Path

import pypandoc
import pytest
import yaml
from lxml import html as lxml_html

from conftest import build_project, recorded_warnings
from publish.cli import main
from publish.errors import PublishError
from publish.importer import RULE_BLANK, RULE_INDENT, RULE_LINE, import_text
from publish.importer.markdown import ast_text
from publish.manuscript import load_book
from publish.metadata import load_metadata
from seed_words import words

FIXTURES = Path(__file__).parent / "fixtures" / "import"


# --- independent helpers ------------------------------------------------------------------------


def pandoc_doc(path_or_text: str | Path, fmt: str = "markdown") -> dict:
    if isinstance(path_or_text, Path):
        return json.loads(pypandoc.convert_file(str(path_or_text), "json", format=fmt))
    return json.loads(pypandoc.convert_text(path_or_text, "json", format=fmt))


def all_text(node) -> str:
    """Every Str of a pandoc JSON tree (notes and image descriptions too), spaces between."""
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return " ".join(all_text(v) for k, v in node.items() if k in ("c", "blocks"))
    if isinstance(node, list):
        return " ".join(all_text(n) for n in node)
    return ""


def blocks_of(doc: dict, kind: str) -> list[dict]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == kind:
                found.append(node)
            walk(node.get("c"))
        elif isinstance(node, list):
            for n in node:
                walk(n)

    walk(doc["blocks"])
    return found


def yaml_strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in yaml_strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in yaml_strings(v)]
    return [node] if isinstance(node, str) else []


def imported_words(into: Path) -> Counter:
    """Words of everything an import wrote: text.md (with notes), book.yaml values (the file
    names list aside) and the files set aside."""
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    book.pop("files", None)
    book.get("series", {}).pop("numbering", None)
    found = Counter(words(all_text(doc)))
    values = [s for s in yaml_strings(book) if s not in (book.get("language"),)]
    found += Counter(words(" ".join(values)))
    for extra in sorted(into.glob("*.txt")):
        text = extra.read_text(encoding="utf-8").replace("[…the text of the book…]", "")
        found += Counter(words(text))
    return found


def run(tmp_path: Path, name: str, data: bytes, suffix: str = ".txt", **kwargs):
    source = tmp_path / f"{name}{suffix}"
    source.write_bytes(data)
    into = tmp_path / name / "manuscript"
    return import_text(source, into, **kwargs), into


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- encodings ---------------------------------------------------------------------------------

ENCODED = [
    ("series_ru.txt", "cp1251", "\n", "cp1251 (Windows Cyrillic)"),
    ("indented_ru.txt", "koi8_r", "\n", "KOI8-R"),
    ("indented_ru.txt", "cp866", "\r\n", "cp866 (DOS Cyrillic)"),
    ("series_en.txt", "cp1252", "\r\n", "cp1252 (Windows Western)"),
    ("series_ru.txt", "utf-8-sig", "\r\n", "UTF-8 with BOM"),
    ("indented_ru.txt", "utf-16", "\n", "UTF-16LE with BOM"),
    ("series_en.txt", "utf-16-le", "\n", "UTF-16LE without BOM"),
]


@pytest.fixture(scope="module")
def utf8_imports(tmp_path_factory):
    """Each plain fixture imported from UTF-8: the reference for the other encodings."""
    out = {}
    for name in ("series_ru.txt", "indented_ru.txt", "series_en.txt"):
        into = tmp_path_factory.mktemp("ref") / "manuscript"
        import_text(FIXTURES / name, into)
        out[name] = (into / "text.md").read_text(encoding="utf-8"), (into / "book.yaml").read_text(encoding="utf-8")
    return out


@pytest.mark.parametrize(("name", "codec", "newline", "expected"), ENCODED, ids=[e[1] for e in ENCODED])
def test_encodings_are_detected_and_reported(tmp_path, utf8_imports, name, codec, newline, expected):
    data = fixture_text(name).replace("\n", newline).encode(codec)
    report, into = run(tmp_path, "enc", data)
    assert report.encoding == expected
    assert f"encoding:        {expected}" in report.summary()
    markdown, book = utf8_imports[name]
    assert (into / "text.md").read_text(encoding="utf-8") == markdown
    # book.yaml differs only in the comment naming the source and its encoding
    assert book.split("\n", 1)[1] == (into / "book.yaml").read_text(encoding="utf-8").split("\n", 1)[1]


def test_russian_cp1251_reads_as_russian(tmp_path):
    report, into = run(tmp_path, "ru", fixture_text("series_ru.txt").encode("cp1251"))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["language"] == "ru" and book["series"]["name"] == "Библиотека приключений"
    assert book["series"]["number"] == 3 and book["motto"] == "Море помнит всё"
    assert report.headings == ["Глава 1. Приезд", "Глава 2. Дом у моря"]


def test_encoding_option_overrides_detection(tmp_path, capsys):
    source = tmp_path / "short.txt"
    source.write_bytes("Глава 1\n\nМоре.\n".encode("koi8_r"))
    assert main(["import", str(source), "--into", str(tmp_path / "a"), "--encoding", "koi8-r"]) == 0
    out = capsys.readouterr().out
    assert "KOI8-R (given with --encoding)" in out
    assert "Море." in (tmp_path / "a" / "text.md").read_text(encoding="utf-8")
    assert main(["import", str(source), "--into", str(tmp_path / "b"), "--encoding", "utf-8"]) == 2
    assert "not valid utf-8" in capsys.readouterr().err
    assert main(["import", str(source), "--into", str(tmp_path / "c"), "--encoding", "klingon"]) == 2
    assert not (tmp_path / "b").exists() and not (tmp_path / "c").exists()


def test_mixed_script_guess_is_rejected(tmp_path):
    # "Café" in latin-1 with a C1 byte: cp1251 would read "CafйЃ", mixing scripts in one word.
    data = "Café\x81 au lait, and a long enough line of English prose to be a paragraph.".encode("latin-1")
    report, into = run(tmp_path, "l1", data)
    assert report.encoding.startswith("latin-1")


def test_cp1251_with_a_latin_look_alike_still_reads_as_russian(tmp_path):
    # OCR'd Russian texts (War and Peace as found on the web) have a few words with a Latin letter
    # that looks Cyrillic ("Аннa", "чтo"): the cp1251 reading must win over latin-1 all the same,
    # whose reading mixes no scripts because it has no Cyrillic at all.
    text = "\n\n".join([fixture_text("indented_ru.txt")] * 3).replace("Пойдёте", "Пoйдёте", 1)
    assert len(text.split()) > 1000
    report, into = run(tmp_path, "ocr", text.encode("cp1251"))
    assert report.encoding == "cp1251 (Windows Cyrillic)" and report.language == "ru"
    assert "Пoйдёте берегом" in (into / "text.md").read_text(encoding="utf-8")


# --- paragraph conventions ---------------------------------------------------------------------


def test_indented_first_lines_russian(tmp_path):
    report, into = run(tmp_path, "ind", fixture_text("indented_ru.txt").encode("koi8_r"))
    assert report.paragraph_rule == RULE_INDENT
    assert report.headings == ["ГЛАВА 1. Станция у моря", "II", "ГЛАВА 3. Письмо"]
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    paras = [" ".join(all_text(b["c"]).split()) for b in doc["blocks"] if b["t"] == "Para"]
    # Lines are joined within a paragraph; every indented line starts one; -- became a dash.
    expected = "— Пойдёте берегом, — добавил он. — Так ближе, и не заблудитесь: всё время по правую руку будет вода."
    assert expected in paras
    # Five heading lines (two of them titles joined to their heading) and 15 indented paragraphs.
    assert len(paras) == len(re.findall(r"^ {4}\S", fixture_text("indented_ru.txt"), re.M)) == 15
    assert report.paragraphs == 15 + 5
    assert "--" not in (into / "text.md").read_text(encoding="utf-8")
    assert {b["t"] for b in doc["blocks"]} == {"Header", "Para"}


def test_very_long_lines_one_paragraph_each(tmp_path):
    prose = [line.strip() for line in fixture_text("series_en.txt").split("\n") if line.startswith("   ")]
    body = [" ".join(prose[:3] * 4), " ".join(prose[3:] * 4), " ".join(prose * 2)]
    assert all(len(line) > 3000 for line in body)
    text = "\n".join(["No. 1 of 2", "", *body, ""])
    report, into = run(tmp_path, "long", text.encode("utf-8"))
    assert report.paragraph_rule == RULE_LINE and report.paragraphs == 3
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert [b["t"] for b in doc["blocks"]] == ["Para"] * 3
    assert words(all_text(doc)) == words(" ".join(body))


def test_underlined_headings_become_headings_by_level(tmp_path):
    source = fixture_text("underlined_en.txt")
    report, into = run(tmp_path, "und", source.encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    headers = [(b["c"][0], " ".join(all_text(b["c"][2]).split())) for b in doc["blocks"] if b["t"] == "Header"]
    assert headers == [(1, "The Keeper’s Ledger"), (2, "At the Pier"), (1, "The Storm"),
                       (2, "with a rule under them")]
    assert "underlined headings: 4 (=== as level 1, --- as level 2)" in report.summary()
    # Every word is kept; only the underlines (not words) are gone.
    underlines = re.findall(r"^([=-])\1+$", source, re.M)
    assert len(underlines) == 4
    assert words(all_text(doc)) == words(re.sub(r"(?m)^([=-])\1+$", "", source).replace("--", " "))
    assert "Two lines that end" in [" ".join(all_text(b["c"]).split()) for b in doc["blocks"] if b["t"] == "Para"]


def test_underlined_russian_chapters_one_paragraph_per_line_in_cp1251(tmp_path):
    first = "Утром я нашёл на столе письмо, адресованное прежнему жильцу комнаты. " * 3
    second = "Конверт был распечатан, и на нём было написано: «Передать». " * 3
    text = (f"Глава 1\r\n=======\r\n\r\n{first}\r\n\r\nМорская станция\r\n---------------\r\n{second}"
            "\r\n\r\n-----\r\n\r\nКонец главы.\r\n")
    report, into = run(tmp_path, "und_ru", text.encode("cp1251"))
    assert report.paragraph_rule == RULE_LINE and report.encoding.startswith("cp1251")
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert [(b["c"][0], " ".join(all_text(b["c"][2]).split())) for b in doc["blocks"] if b["t"] == "Header"] == [
        (1, "Глава 1"), (2, "Морская станция")]
    assert words(all_text(doc)) == words(text.replace("=======", "").replace("---------------", ""))


LIBRU_HEAD = (
    "     Антон Павлович Чехов\r\n\r\n                                РАССКАЗЫ\r\n\r\n"
    "---------------------------------------------------------------\r\n"
    "     Собрание сочинений в двенадцати томах. Москва, ГИХЛ, 1960-1964.\r\n"
    "---------------------------------------------------------------\r\n\r\n"
)


def test_a_lib_ru_frame_and_a_scene_break_stand_alone(tmp_path):
    # lib.ru's frame of dashes around the edition note is no underline and joins no paragraph;
    # "* * *" is a scene break, not text.
    text = LIBRU_HEAD + (
        "                              ГЛАВА ПЕРВАЯ\r\n\r\n"
        "     Знойный и душный полдень. На небе ни облачка... Выжженная солнцем\r\n"
        "трава глядит уныло, безнадежно.\r\n"
        "     -- Егор Власыч! -- слышит вдруг охотник тихий голос.\r\n\r\n"
        "                                 * * *\r\n\r\n"
        "     Он вздрагивает и, оглядевшись, хмурит брови. Возле него стоит\r\n"
        "бледнолицая баба лет тридцати, с серпом в руке.\r\n")
    report, into = run(tmp_path, "libru", text.encode("cp1251"))
    assert report.paragraph_rule == RULE_INDENT
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "РАССКАЗЫ" and meta["authors"] == [{"name": "Антон Павлович Чехов"}]
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert [b["t"] for b in doc["blocks"]] == ["Header", "Para", "Para", "HorizontalRule", "Para"]
    assert report.headings == ["ГЛАВА ПЕРВАЯ"]
    assert "—" * 3 not in (into / "text.md").read_text(encoding="utf-8")
    assert "Собрание сочинений" in (into / "source-title-pages.txt").read_text(encoding="utf-8")


def test_flush_left_stanzas_keep_their_lines_and_numbers_are_sections(tmp_path):
    # Onegin as plain text: stanzas flush left between blank lines, numbered under each chapter.
    stanza_1 = ("\"Мой дядя самых честных правил,\nКогда не в шутку занемог,\n"
                "Он уважать себя заставил\nИ лучше выдумать не мог.\n")
    stanza_2 = ("Так думал молодой повеса,\nЛетя в пыли на почтовых,\n. . . . . . . . . . . . . .\n"
                "Всевышней волею Зевеса\nНаследник всех своих родных.\n")
    prose = ("Это был хмурый день, и мы долго шли по дороге вдоль реки, не\n"
             "говоря ни слова, пока не показалась деревня.\n")
    # War and Peace: a line of dialogue wrapped before a name is prose, not a couplet.
    dialogue = "“Всё это пустяки,” — говорила Наташа. — “А что\nДенисов, хорош?” — спросила она.\n"
    text = (f"         ГЛАВА ПЕРВАЯ\n\n              I\n\n{stanza_1}\n              II\n\n{stanza_2}\n"
            f"         ГЛАВА ВТОРАЯ\n\n              I\n\n{prose}\n{dialogue}\n              II\n\n{stanza_2}")
    report, into = run(tmp_path, "stanzas", text.encode("utf-8"))
    assert report.paragraph_rule == RULE_BLANK
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    headers = [(b["c"][0], " ".join(all_text(b["c"][2]).split())) for b in doc["blocks"] if b["t"] == "Header"]
    assert headers == [(1, "ГЛАВА ПЕРВАЯ"), (2, "I"), (2, "II"), (1, "ГЛАВА ВТОРАЯ"), (2, "I"), (2, "II")]
    verse = blocks_of(doc, "LineBlock")
    assert len(verse) == 3 and [len(b["c"]) for b in verse] == [4, 5, 5]
    assert [b["t"] for b in doc["blocks"]].count("Para") == 2  # the prose and the dialogue still joined
    assert words(all_text(doc)) == words(text)


def test_an_indented_stanzas_first_line_is_no_title_of_its_number(tmp_path):
    # Onegin from an e-library: stanzas indented with tabs, one line a paragraph (its long notes
    # make it so); "IV" over "Когда же юности мятежной" took that line as its title.
    note = "Примечание к роману, набранное одной длинной строкой, как в этой библиотеке: " * 2
    text = ("Глава первая\n\n\nI\n\n\t\t«Мой дядя самых честных правил,\n\t\tКогда не в шутку занемог,\n"
            "\t\tОн уважать себя заставил\n\t\tИ лучше выдумать не мог.\n\n\nIV\n\n"
            "\t\tКогда же юности мятежной\n\t\tПришла Евгению пора,\n\t\tПора надежд и грусти нежной,\n"
            "\t\tMonsieur прогнали со двора.\n\n\nV\n\n\t\tМы все учились понемногу\n"
            "\t\tЧему-нибудь и как-нибудь,\n\t\tТак воспитаньем, слава богу,\n\t\tУ нас немудрено блеснуть.\n\n"
            f"{note}\n")
    report, into = run(tmp_path, "onegin", text.encode("utf-8"))
    assert report.paragraph_rule == RULE_LINE
    assert report.headings == ["Глава первая", "I", "IV", "V"]
    paras = para_texts(pandoc_doc((into / "text.md").read_text(encoding="utf-8")))
    assert "Когда же юности мятежной" in paras and "Мы все учились понемногу" in paras


def test_stanzas_left_out_numbered_in_one_line_are_a_section_and_the_stanzas_after_them_too(tmp_path):
    # Onegin's first chapter leaves out stanzas XXXIX to XLI, numbered in one line over rows of
    # dots: that line, and every stanza after it (XLII to LX), were read as chapters.
    def stanza(number: str, first: str) -> str:
        return (f"{number}\n\n\t\t{first}\n\t\tКогда не в шутку занемог,\n"
                "\t\tОн уважать себя заставил\n\t\tИ лучше выдумать не мог.\n\n\n")
    text = ("Глава первая\n\n\n" + stanza("XXXVIII", "Недуг, которого причину")
            + "XXXIX. XL. XLI\n\n\t\t……………………………………\n\t\t……………………………………\n\n\n"
            + stanza("XLII", "Причудницы большого света!") + stanza("XLIII", "И вы, красотки молодые,")
            + "Глава вторая\n\n\n" + stanza("I", "Деревня, где скучал Евгений,"))
    report, into = run(tmp_path, "onegin", text.encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    headers = [(b["c"][0], " ".join(all_text(b["c"][2]).split())) for b in doc["blocks"] if b["t"] == "Header"]
    assert headers == [(1, "Глава первая"), (2, "XXXVIII"), (2, "XXXIX. XL. XLI"), (2, "XLII"), (2, "XLIII"),
                       (1, "Глава вторая"), (2, "I")]


def test_an_indented_stanza_with_a_long_bracketed_note_keeps_its_lines(tmp_path):
    # Onegin from an e-library, its notes in the lines ("сумасбродом[12 - Tout le monde sut…]"):
    # the stanza with the long note was joined into one prose paragraph.
    long_note = "[12 - " + "Tout le monde sut qu’il mettait du blanc; et moi, qui n’en croyais rien. " * 3 + "]"
    stanza_1 = ("\t\tЯнтарь на трубках Цареграда,\n\t\tФарфор и бронза на столе,\n"
                f"\t\tКрасноречивым сумасбродом{long_note}.\n\t\tЗащитник вольности и прав\n")
    stanza_2 = ("\t\tБыть можно дельным человеком\n\t\tИ думать о красе ногтей,\n"
                "\t\tНе спорить попусту с веком,\n\t\tОбычай деспот меж людей.\n")
    text = f"Глава первая\n\n\nXXIV\n\n{stanza_1}" + "".join(f"\n\n\nXXV\n\n{stanza_2}" for _ in range(12))
    report, into = run(tmp_path, "onegin", text.encode("utf-8"))
    assert report.paragraph_rule == RULE_BLANK
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    verse = [b for b in doc["blocks"] if b["t"] == "BlockQuote" and b["c"][0]["t"] == "LineBlock"]
    assert [len(b["c"][0]["c"]) for b in verse] == [4] * 13
    # The note is a footnote at its call, its number gone.
    assert sorted(words(all_text(doc))) == sorted(w for w in words(text) if w != "12")
    assert len(blocks_of(doc, "Note")) == 1


def test_a_part_heading_over_its_first_chapter_is_a_heading(tmp_path):
    # War and Peace: "ЧАСТЬ ПЕРВАЯ" and then "I" — two headings in a row, but not a contents list.
    text = ("ЧАСТЬ ПЕРВАЯ\n\nI\n\nII\n\n\n"
            "ЧАСТЬ ПЕРВАЯ\n\nI\n\n"
            "   -- Ну что, князь, Генуя и Лукка стали не больше как поместья фамилии Буонапарте.\n\n"
            "II\n\n   Анна Павловна кашляла несколько дней, у нее был грипп, как она говорила.\n\n"
            "ЧАСТЬ ВТОРАЯ\n\nI\n\n   В октябре 1805 года русские войска занимали села и города эрцгерцогства.\n")
    report, into = run(tmp_path, "parts", text.encode("utf-8"))
    assert report.headings == ["ЧАСТЬ ПЕРВАЯ", "I", "II", "ЧАСТЬ ВТОРАЯ", "I"]
    front = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert front == "ЧАСТЬ ПЕРВАЯ\n\nI\n\nII\n"  # the contents list stays aside



MOBY_HEADINGS = [
    "CHAPTER 1. Loomings.", "CHAPTER 2. The Carpet-Bag.", "CHAPTER 32. Cetology.",
    "CHAPTER 55. Of the Monstrous Pictures of Whales.",
    "CHAPTER 56. Of the Less Erroneous Pictures of Whales, and the True Pictures of Whaling Scenes.",
    "CHAPTER 135. The Chase. — Third Day.", "Epilogue “AND I ONLY AM ESCAPED ALONE TO TELL THEE” Job."]


def test_a_contents_list_with_long_entries_and_notes_after_it_is_set_aside(tmp_path):
    # Moby Dick (CR line endings): its contents list has an entry too long for a heading
    # ("CHAPTER 56. Of the Less Erroneous…") and "Epilogue" is followed by the transcriber's notes,
    # which stay; the list goes aside, whole (it stayed as text before chapter 1, the book's own
    # contents made from the headings after it).
    data = (FIXTURES / "moby_en.txt").read_bytes()  # read_text would turn its CRs into LFs
    report, into = run(tmp_path, "moby", data)
    assert report.line_endings == "CR"
    assert report.headings == MOBY_HEADINGS
    markdown = (into / "text.md").read_text(encoding="utf-8")
    front = " ".join(markdown.split("\n# ", 1)[0].split())
    assert "Loomings" not in front and "Epilogue" not in front and "Transcriber" in front
    aside = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "CHAPTER 56. Of the Less Erroneous Pictures of Whales" in aside and "Epilogue" in aside
    doc = pandoc_doc(markdown)
    assert sorted(words(all_text(doc)) + words(aside)) == sorted(words(data.decode("utf-8")))


def test_a_heading_like_first_line_of_a_paragraph_stays_in_it(tmp_path):
    # Moby Dick, "Cetology": "BOOK I. (Folio), CHAPTER I. (Sperm Whale).—This whale, among the"
    # runs on into its paragraph: no heading, no part, and the sentence is whole.
    _, into = run(tmp_path, "moby", (FIXTURES / "moby_en.txt").read_bytes())
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "{.part}" not in markdown
    paragraphs = para_texts(pandoc_doc(markdown))
    assert any(p.startswith("BOOK I. (Folio), CHAPTER I. (Sperm Whale).—This whale, among the English of old")
               for p in paragraphs)
    assert sum(p.startswith("BOOK I") for p in paragraphs) == 3
    # A short heading right over its text, without a blank line, is still a heading.
    text = ("Chapter 1. The Road\nIt was a long way to the town and the road was bad,\n"
            "and the cart broke down twice before noon.\n\nChapter 2. The Inn\nThe inn was full.\n")
    report, _ = run(tmp_path, "short", text.encode("utf-8"))
    assert report.headings == ["Chapter 1. The Road", "Chapter 2. The Inn"]


def test_one_long_line_leaves_a_hard_wrapped_novel_hard_wrapped(tmp_path):
    # Great Expectations with a transcriber's note set as one line: that one line made the whole
    # novel "one paragraph per line", each of its wrapped lines a paragraph.
    wrapped = ("My father’s family name being Pirrip, and my Christian name Philip, my\n"
               "infant tongue could make of both names nothing longer or more explicit\n"
               "than Pip. So, I called myself Pip, and came to be called Pip.\n\n")
    note = ("[Transcriber’s note: the spelling of the 1867 edition is kept throughout, including its "
            "inconsistent hyphenation of compound words.]\n\n")
    text = "Chapter I.\n\n" + note + wrapped * 30 + "Chapter II.\n\n" + wrapped * 30
    report, into = run(tmp_path, "ge", text.encode("utf-8"))
    assert report.paragraph_rule == RULE_BLANK
    paras = para_texts(pandoc_doc((into / "text.md").read_text(encoding="utf-8")))
    assert paras.count(" ".join(wrapped.split())) == 60


def test_a_pronoun_i_wrapped_onto_its_own_line_stays_in_its_sentence(tmp_path):
    # Great Expectations, chapter XL: "…in the street?” said" over "I." was a heading "I.",
    # cutting the sentence in two.
    text = ("Chapter I.\n\n“Is there no chance person who might identify you in the street?” said\n"
            "I.\n\n“Well,” he returned, “there ain’t many. Nor yet I don’t intend to advertise\n"
            "myself in the newspapers by the name of A.M. come back from Botany Bay; and\n"
            "years have rolled away, and who’s to gain by it?”\n\nChapter II.\n\n"
            "The next day was cold and the river was high, and nobody came to the\n"
            "house on the marshes, nor to the forge, nor to the church by the\n"
            "river, where the wind was rushing from the distant savage lair.\n")
    report, into = run(tmp_path, "ge", text.encode("utf-8"))
    assert report.headings == ["Chapter I", "Chapter II"]  # a bare number's stop goes
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert "“Is there no chance person who might identify you in the street?” said I." in para_texts(doc)


# --- chapter titles ----------------------------------------------------------------------------


def header_texts(doc: dict) -> list[str]:
    return [" ".join(all_text(b["c"][2]).split()) for b in doc["blocks"] if b["t"] == "Header"]


def para_texts(doc: dict) -> list[str]:
    return [" ".join(all_text(b["c"]).split()) for b in doc["blocks"] if b["t"] == "Para"]


def test_a_short_first_sentence_stays_the_chapters_first_paragraph(tmp_path):
    """Anna Karenina: "II" over "Левин выпил свой бокал, и они помолчали." — one short sentence
    opening the chapter — was joined to the numeral as its title, and so left the text for the
    contents and the running heads. A title line is kept ("THE ARRIVAL", "Breakfast.")."""
    _, into = run(tmp_path, "ru", fixture_text("novel_ru.txt").encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert header_texts(doc)[:7] == ["ЧАСТЬ ПЕРВАЯ", "I", "II", "III", "IV", "ЧАСТЬ ВТОРАЯ", "I"]
    paras = para_texts(doc)
    for first in ("Левин выпил свой бокал, и они помолчали.", "– Постой, постой",
                  "В утреннем концерте давались две очень интересные вещи.",
                  "Долли уже хотела ложиться, когда Анна в ночном костюме вошла к ней."):
        assert first in paras
    _, into = run(tmp_path, "en", fixture_text("novel_en.txt").encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert [h for h in header_texts(doc) if h.startswith("CHAPTER")] == [
        "CHAPTER I. THE ARRIVAL", "CHAPTER II", "CHAPTER III. Breakfast."]
    assert "It rained all night." in para_texts(doc)


def test_a_question_is_a_title_where_every_chapter_has_one(tmp_path):
    """Tolstoy's Childhood: each "Глава" has its title line, one of them a question."""
    prose = "Карл Иваныч разбудил меня в семь часов утра, ударив над самой моей головой хлопушкой по мухе. " * 2
    text = "\n\n".join(["Глава I", "Учитель Карл Иваныч", prose, "Глава II", "Что за человек был мой отец?",
                         prose, "Глава III", "Maman", prose, "Глава IV", "Заключение", prose]) + "\n"
    report, _ = run(tmp_path, "childhood", text.encode("utf-8"))
    # "Заключение" alone would be a heading; under a chapter's number it is the chapter's title.
    assert report.headings == ["Глава I. Учитель Карл Иваныч", "Глава II. Что за человек был мой отец?",
                               "Глава III. Maman", "Глава IV. Заключение"]


def test_an_epilogue_and_a_prologue_are_headings(tmp_path):
    """Crime and Punishment: "ЭПИЛОГ" was no heading, so the epilogue's chapters I and II ran on
    in the last chapter of Part 6. Named sections hold chapters, as parts do."""
    _, into = run(tmp_path, "ru", fixture_text("novel_ru.txt").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert header_texts(pandoc_doc(markdown))[-3:] == ["ЭПИЛОГ", "I", "II"]
    assert "\n\n# ЭПИЛОГ {.part}\n\n# I\n\nПрошло почти два месяца." in markdown
    _, into = run(tmp_path, "en", fixture_text("novel_en.txt").encode("utf-8"))
    headers = header_texts(pandoc_doc((into / "text.md").read_text(encoding="utf-8")))
    assert headers[0] == "PROLOGUE" and headers[-1] == "EPILOGUE" and len(headers) == 5


def test_parts_acts_and_an_epilogue_over_chapters_open_parts(tmp_path):
    """"ЧАСТЬ ПЕРВАЯ" over "I" was a chapter like "I": a part now (`{.part}`), as is an
    epilogue over its own chapters and a play's acts; the chapters and scenes are not."""
    def parts(name: str) -> list[tuple[str, bool]]:
        (tmp_path / name).mkdir()
        _, into = run(tmp_path / name, "book", fixture_text(name).encode("utf-8"))
        doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
        return [(" ".join(ast_text(b["c"][2]).split()), "part" in b["c"][1][1]) for b in doc["blocks"]
                if b["t"] == "Header"]

    novel = parts("novel_ru.txt")
    assert [title for title, part in novel if part] == ["ЧАСТЬ ПЕРВАЯ", "ЧАСТЬ ВТОРАЯ", "ЭПИЛОГ"]
    assert len(novel) == 10 and novel.count(("I", False)) == 3
    assert [title for title, part in parts("play_ru.txt") if part] == ["Действие первое", "ДЕЙСТВИЕ ВТОРОЕ"]
    assert not any(part for _, part in parts("gutenberg_en.txt"))  # chapters alone: no parts


def test_numbered_epilogues_over_chapters_open_parts(tmp_path):
    """War and Peace: "FIRST EPILOGUE: 1813 - 20" and "SECOND EPILOGUE" were text, so their
    chapters ran on in Book Fifteen. An ordinal may stand before a named section."""
    prose = "It was a long day, and the road ran on through the snow to the river."
    blocks = []
    for part in ("BOOK FIFTEEN: 1812 - 13", "FIRST EPILOGUE: 1813 - 20", "SECOND EPILOGUE"):
        blocks += [part, "CHAPTER I", prose, "CHAPTER II", prose]
    _, into = run(tmp_path, "wp", ("\n\n".join(blocks) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "\n# FIRST EPILOGUE: 1813 - 20 {.part}\n\n# CHAPTER I\n" in markdown
    assert "\n# SECOND EPILOGUE {.part}\n\n# CHAPTER I\n" in markdown
    assert markdown.count("{.part}") == 3


def test_a_plays_cast_acts_and_scenes_are_headings(tmp_path):
    """The Cherry Orchard gave no heading at all: "Действие первое", "ДЕЙСТВИЕ ВТОРОЕ" (and
    "Явление", "ACT I", "Scene 2") are headings now, an act over its first scene, and the cast
    list stays text under its own heading."""
    report, into = run(tmp_path, "ru", fixture_text("play_ru.txt").encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert header_texts(doc) == report.headings == [
        "Действующие лица", "Действие первое", "Явление первое", "Явление второе", "ДЕЙСТВИЕ ВТОРОЕ"]
    paras = para_texts(doc)
    assert paras[0] == "Раневская Любовь Андреевна, помещица." and "Те же и Фирс." in paras
    report, into = run(tmp_path, "en", fixture_text("play_en.txt").encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert header_texts(doc) == report.headings == [
        "DRAMATIS PERSONAE", "ACT I", "SCENE 1. The harbour kitchen.", "SCENE 2", "ACT II", "Scene 1"]
    assert "The quay. Rain." in para_texts(doc)


def test_a_russian_plays_speakers_run_in_are_set_apart(tmp_path):
    """The Government Inspector and The Cherry Orchard (RusLit) type each speech with its speaker's
    name run in ("Лопахин. Пришел поезд", "Лопахин (прислушивается). Нет…"): the names were plain
    words, the first of each paragraph, and the directions in parentheses plain text. Names that
    open speeches again and again are a play's: in small capitals, the directions in italics, and
    so the directions standing alone, which were set as the speeches' words ("Входят Дуняша…",
    "Пауза."), but not a speech running on after a pause ("Мужичок… Отец мой"), whose own
    directions are ("(Перелистывает книгу.)": 24 left in plain text in The Cherry Orchard)."""
    lines = ["Действие первое", "Входят Дуняша со свечой и Лопахин с книгой в руке."]
    for _ in range(3):
        lines += ["Лопахин. Пришел поезд, слава богу. Который час?", "Дуняша. Скоро два. (Тушит свечу.) Уже светло.",
                  "Лопахин (прислушивается). Нет… Багаж получить, то да се…", "(Уходит.)",
                  "Анна Андреевна. Ну что ж? Где же он?", "Пауза.",
                  "Мужичок… Отец мой, правда, мужик был, а я вот в белой жилетке.",
                  "Пауза.", "Мужик мужиком… (Перелистывает книгу.) Читал вот книгу и ничего не понял.",
                  "Добчинский (перебивая).Недурной наружности, в партикулярном платье…"]
    report, into = run(tmp_path, "ru", ("\n".join(lines) + "\n").encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    speakers = [" ".join(all_text(s).split()) for s in blocks_of(doc, "SmallCaps")]
    assert speakers[:4] == ["Лопахин.", "Дуняша.", "Лопахин", "Анна Андреевна."] and len(speakers) == 15
    directions = [" ".join(all_text(e).split()) for e in blocks_of(doc, "Emph")]
    assert directions[:5] == ["Входят Дуняша со свечой и Лопахин с книгой в руке.", "(Тушит свечу.)",
                              "(прислушивается)", "(Уходит.)", "Пауза."]
    assert "Мужичок… Отец мой, правда, мужик был, а я вот в белой жилетке." in para_texts(doc)
    assert not any(d.startswith("Мужичок") for d in directions)
    # ...whose own directions are in italics, as in a speech that names its speaker.
    assert directions.count("(Перелистывает книгу.)") == 3
    # A speech typed with no space after its direction's stop (Ревизор's "Добчинский (перебивая).Недурной").
    assert speakers.count("Добчинский") == 3 and directions.count("(перебивая)") == 3
    assert report.words_in == report.words_out + report.words_set_aside + report.words_moved
    # A story with paragraphs opening with a short sentence, or a title, is no play.
    prose = "Он долго шел по дороге, и снег падал на поля, на лес и на реку."
    story = ["Да. Я пойду туда завтра.", prose, "Нет. Он не придет.", prose, "Mr. Smith came in.", prose] * 4
    _, into = run(tmp_path, "story", ("\n".join(story) + "\n").encode("utf-8"))
    assert "smallcaps" not in (into / "text.md").read_text(encoding="utf-8")


def test_a_russian_play_s_notes_to_its_actors_are_no_stage_directions(tmp_path):
    """Ревизор's "Характеры и костюмы", a note on each part under a heading that numbers no act or
    scene, was set in italics, every paragraph a stage direction."""
    speeches = "\n".join(["Городничий. Я пригласил вас, господа, с тем чтобы сообщить вам пренеприятное известие.",
                          "Аммос Федорович. Как ревизор?", "Городничий. Ревизор из Петербурга, инкогнито.",
                          "Аммос Федорович. Вот те на!"] * 3)
    text = ("Действующие лица\n\nАнтон Антонович Сквозник-Дмухановский, городничий.\nАммос Федорович Ляпкин-Тяпкин, "
            "судья.\n\nХарактеры и костюмы\n\n"
            "Городничий, уже постаревший на службе и очень неглупый по-своему человек.\n"
            "Аммос Федорович, человек, прочитавший пять или шесть книг, и потому несколько вольнодумен.\n\n"
            "Действие первое\n\nКомната в доме городничего.\n\n" + speeches + "\n")
    _, into = run(tmp_path, "ru", text.encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    directions = [" ".join(all_text(e).split()) for e in blocks_of(doc, "Emph")]
    assert "Городничий, уже постаревший на службе и очень неглупый по-своему человек." in para_texts(doc)
    assert not any(d.startswith(("Городничий, уже", "Аммос Федорович, человек")) for d in directions)


def test_a_russian_plays_cast_is_a_list_and_its_directions_alone_are_in_italics(tmp_path):
    """The Cherry Orchard (RusLit) typed as text: its cast was prose, a person a paragraph,
    indented, the first in small capitals; its directions between the speeches ("Фирс кладет ей под
    ноги подушечку.") the speeches' words. The cast is a `::: dramatis-personae` list, the setting
    under it in italics; a direction is one by its first word or by naming a speaker with nothing
    of speech in it, and so is the scene under an act's heading."""
    lines = ["Действующие лица", "Раневская Любовь Андреевна, помещица.", "Фирс, лакей, старик 87 лет.",
             "Действие происходит в имении Л. А. Раневской.", "Действие первое",
             "Комната, которая до сих пор называется детскою."]
    for _ in range(4):
        lines += ["Фирс. Барыня здесь будут кушать.", "Фирс кладет ей под ноги подушечку.",
                  "Любовь Андреевна. Спасибо, родной.", "Фирс. Вчерашнего дня.", "Все смеются.",
                  "Любовь Андреевна. Я привыкла к кофе.",
                  "Фирс, я так рада, что ты еще жив.", "Любовь Андреевна обнимает его и тихо плачет."]
    report, into = run(tmp_path, "ru", ("\n".join(lines) + "\n").encode("utf-8"))
    text = (into / "text.md").read_text(encoding="utf-8")
    assert text.startswith("# Действующие лица\n\n::: dramatis-personae\n- Раневская Любовь Андреевна, помещица.\n"
                           "- Фирс, лакей, старик 87 лет.\n\n*Действие происходит в имении Л. А. Раневской.*\n:::\n")
    doc = pandoc_doc(text)
    directions = [" ".join(all_text(e).split()) for e in blocks_of(doc, "Emph")]
    assert directions[1:5] == ["Комната, которая до сих пор называется детскою.", "Фирс кладет ей под ноги подушечку.",
                               "Все смеются.", "Любовь Андреевна обнимает его и тихо плачет."]
    assert "Фирс, я так рада, что ты еще жив." in para_texts(doc)  # a speech going on: "я", "ты"
    assert report.words_in == report.words_out + report.words_set_aside + report.words_moved
    built = build_project(into.parent, ("html",))
    page = lxml_html.fromstring(next(built.html.glob("deistvuiushchie-litsa*.html")).read_bytes())
    assert [li.text_content() for li in page.xpath("//div[@class='dramatis-personae']/ul/li")] == [
        "Раневская Любовь Андреевна, помещица.", "Фирс, лакей, старик 87 лет."]


def test_a_named_section_after_the_parts_ends_them(tmp_path):
    """An afterword after the last part was filed in it (contents, bookmarks, navigation): a
    named section after the parts began that holds no chapters is written `{.backmatter}`."""
    body = "Все смешалось в доме Облонских, и долго ещё потом все вспоминали этот день."
    text = "\n\n".join(["ЧАСТЬ ПЕРВАЯ", "I", body, "II", body, "ЧАСТЬ ВТОРАЯ", "I", body, "ПОСЛЕСЛОВИЕ", body]) + "\n"
    _, into = run(tmp_path, "ru", text.encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "# ЧАСТЬ ВТОРАЯ {.part}" in markdown and "\n# ПОСЛЕСЛОВИЕ {.backmatter}\n" in markdown
    body = "It was the last time any of them saw the house on the hill, and they knew it."
    text = "\n\n".join(["PROLOGUE", body, "BOOK ONE", "CHAPTER I", body, "CHAPTER II", body, "AFTERWORD", body])
    _, into = run(tmp_path, "en", text.encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "# PROLOGUE\n" in markdown and "# BOOK ONE {.part}" in markdown and "# AFTERWORD {.backmatter}" in markdown


@pytest.mark.parametrize(("line", "title"), [
    ("THE STORM", True), ("Что за человек был мой отец?", False), ("Loomings.", True),
    ("Knights and Squires.", True), ("В гостиной продолжался разговор.", False),
    ("Левин выпил свой бокал, и они помолчали.", False), ("– Постой, постой", False),
    ("On my return, I found the following letter from my father:—", False), ("Те же и Фирс.", False),
    ("Заключение", True), ("III", False),
])
def test_a_title_line_reads_as_a_title(line, title):
    """The shape of a title in isolation; a line closed like a sentence needs more (see _Titles)."""
    from publish.importer.headings import ends_like_sentence, is_short_title, is_title

    assert (is_title(line) and (not ends_like_sentence(line) or is_short_title(line))) == title


# --- title pages -------------------------------------------------------------------------------


def test_an_author_over_a_title_are_the_books_author_and_title(tmp_path):
    """Anna Karenina opens with "Лев Николаевич Толстой", "АННА КАРЕНИНА" and the epigraph: they
    became the series name and series lines, and book.yaml had no title. Now they are the
    author and the title, the epigraph goes with the title page, and there are no series lines."""
    source = fixture_text("novel_ru.txt")
    report, into = run(tmp_path, "ru", source.encode("utf-8"))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["title"] == "АННА КАРЕНИНА" and book["authors"] == [{"name": "Лев Николаевич Толстой"}]
    assert book["series"] == {"name": "Series name", "number": 1, "total": 1, "numbering": "roman"}
    assert (into / "source-title-pages.txt").read_text(encoding="utf-8") == "Мне отмщение, и аз воздам\n"
    assert "Мне отмщение, и аз воздам" in report.summary()
    assert not any("no title found" in w for w in report.warnings)
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# ЧАСТЬ ПЕРВАЯ {.part}\n")
    assert imported_words(into) - Counter(words("Series name")) == Counter(words(source))
    # The title over "by" and the author, as English title pages set them.
    source = fixture_text("novel_en.txt")
    report, into = run(tmp_path, "en", source.encode("utf-8"))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["title"] == "THE HARBOUR MASTER" and book["authors"] == [{"name": "Edith Marlow Crane"}]
    assert "lines" not in book["series"] and not (into / "source-title-pages.txt").exists()
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# PROLOGUE\n\nThe harbour was older")
    assert imported_words(into) - Counter(words("Series name")) == Counter(words(source)) - Counter(["by"])


def test_a_cast_list_is_no_series(tmp_path):
    """The Cherry Orchard's cast list became series.name and twelve series.lines."""
    report, into = run(tmp_path, "play", fixture_text("play_ru.txt").encode("utf-8"))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["title"] == "Untitled" and "authors" not in book
    assert book["series"]["name"] == "Series name" and "lines" not in book["series"]
    assert report.moved == [] and any("no title found" in w for w in report.warnings)
    paras = para_texts(pandoc_doc((into / "text.md").read_text(encoding="utf-8")))
    assert paras[:2] == ["Раневская Любовь Андреевна, помещица.", "Аня, ее дочь, 17 лет."]


@pytest.mark.parametrize(("line", "language", "strength"), [
    ("Лев Николаевич Толстой", "ru", 2), ("Ф.\u00a0ДОСТОЕВСКИЙ", "ru", 2), ("Александр Грин", "ru", 1),
    ("Edith Marlow Crane", "en", 1), ("АННА КАРЕНИНА", "ru", 0), ("Author Info", "ru", 0),
    ("AVEC LES ADDITIONS", "fr", 0), ("Н.В. Гоголь. Тарас Бульба", "ru", 0), ("Мне отмщение, и аз воздам", "ru", 0),
])
def test_an_authors_name_on_a_title_page(line, language, strength):
    from publish.importer.titlepage import name_strength

    assert name_strength(line, language) == strength


# --- Project Gutenberg -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gutenberg(tmp_path_factory):
    root = tmp_path_factory.mktemp("pg")
    report = import_text(FIXTURES / "gutenberg_en.txt", root / "manuscript")
    markdown = (root / "manuscript" / "text.md").read_text(encoding="utf-8")
    return report, root, markdown, pandoc_doc(markdown)


def test_gutenberg_licence_goes_to_its_own_file(gutenberg):
    report, root, markdown, _ = gutenberg
    licence = (root / "manuscript" / "gutenberg-licence.txt").read_text(encoding="utf-8")
    assert "THE FULL PROJECT GUTENBERG LICENSE" in licence and "Produced by the Fixture" in licence
    assert "Release date: March 3, 2021" in licence
    assert "Gutenberg" not in markdown and "Produced by" not in markdown
    assert report.kind == "Project Gutenberg text" and report.paragraph_rule == RULE_BLANK
    book = load_metadata(root / "manuscript" / "book.yaml")
    assert book.title == "The Lighthouse Keeper's Ledger"
    assert [p.name for p in book.authors] == ["Margaret Ellery Thorne"]
    assert book.language == "en"


def test_gutenberg_chapters_and_contents(gutenberg):
    report, root, _, doc = gutenberg
    headers = [all_text(b["c"][2]) for b in doc["blocks"] if b["t"] == "Header"]
    assert [" ".join(h.split()) for h in headers] == [
        "CHAPTER I. THE LEDGER", "CHAPTER II. THE STORM", "CHAPTER III. THE RELIEF"]
    assert doc["blocks"][0]["t"] == "Header"  # the title page and contents were set aside
    front = (root / "manuscript" / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "CONTENTS" in front and "CHAPTER II. THE STORM" in front


def test_gutenberg_footnotes_become_notes(gutenberg):
    _, _, markdown, doc = gutenberg
    notes = [" ".join(all_text(n["c"]).split()) for n in blocks_of(doc, "Note")]
    assert notes == [
        "The lamp-room of the Point light was eleven feet across; the table stood against the seaward wall, "
        "below the brass barometer.",
        "The gallery rail was renewed in the following summer; the old one had been bent by the sea.",
        "This is the only entry in the ledger that is not about the weather, the light or the ships.",
    ]
    assert "FOOTNOTES" not in markdown and not re.search(r"\\\[\d\\\]", markdown)


def test_gutenberg_quotations_verse_illustrations_emphasis_dashes(gutenberg):
    _, _, markdown, doc = gutenberg
    assert not blocks_of(doc, "CodeBlock")
    quotes = [b for b in doc["blocks"] if b["t"] == "BlockQuote"]
    assert len(quotes) == 2
    assert quotes[0]["c"][0]["t"] == "Para" and "Schooner" in all_text(quotes[0])
    verse = quotes[1]["c"][0]
    assert verse["t"] == "LineBlock" and len(verse["c"]) == 4
    assert words(all_text(verse["c"][3])) == words("Keeps it for every sailor's sake.")
    figures = [b for b in doc["blocks"] if b["t"] == "Div" and "illustration" in b["c"][0][1]]
    assert len(figures) == 2
    assert " ".join(all_text(figures[0]).split()) == "The lamp-room, from a sketch in the ledger"
    emphasis = [" ".join(all_text(e["c"]).split()) for e in blocks_of(doc, "Emph")]
    assert emphasis == ["Remarks", "Remarks", "Alice Hartley", "feeling", "Remarks"]
    assert "trim the wick—a thing I had done since I was nine years old—and" in markdown
    assert "--" not in markdown and "_" not in markdown.replace("\\_", "")


ILLUSTRATED = """*** START OF THE PROJECT GUTENBERG EBOOK AN ILLUSTRATED NOVEL ***



                            [Illustration:

                             GEORGE ALLEN
                               PUBLISHER

                             RUSKIN HOUSE
                                   ]



[Illustration: ·AN ILLUSTRATED NOVEL·



Chapter I.]


It is a truth universally acknowledged, that a single man in possession
of a good fortune must be in want of a wife.


CHAPTER II.


[Illustration]

Mr. Bennet was among the earliest of those who waited on Mr. Bingley.

*** END OF THE PROJECT GUTENBERG EBOOK AN ILLUSTRATED NOVEL ***
"""


def test_gutenberg_illustrated_edition_captions_and_headings(tmp_path):
    """Illustrated editions (Pride and Prejudice, PG 1342): a caption over several paragraphs
    is one figure, a heading printed as a picture ("Chapter I.]") is still the chapter's
    heading, and a bare [Illustration] under a heading is a figure, not the chapter's title."""
    source = tmp_path / "novel.txt"
    source.write_text(ILLUSTRATED, encoding="utf-8")
    import_text(source, tmp_path / "manuscript")
    doc = pandoc_doc((tmp_path / "manuscript" / "text.md").read_text(encoding="utf-8"))
    headers = [" ".join(all_text(b["c"][2]).split()) for b in doc["blocks"] if b["t"] == "Header"]
    assert headers == ["Chapter I", "CHAPTER II"]
    figures = [" ".join(all_text(b).split()) for b in blocks_of(doc, "Div") if "illustration" in b["c"][0][1]]
    assert figures == ["GEORGE ALLEN PUBLISHER RUSKIN HOUSE", "·AN ILLUSTRATED NOVEL·", ""]
    assert "]" not in all_text(doc) and "[" not in all_text(doc)


PROSE = ("It was not until some time after having passed through the course of training in two of\n"
         "our chief schools of art that the author got any idea of what drawing really meant, and\n"
         "what was taught was the faithful copying of a series of objects, cubes and cones.\n")
LISTS_AFTER_A_PREFACE = f"""Title: The Practice and Science of Drawing

Author: Harold Speed

*** START OF THIS PROJECT GUTENBERG EBOOK THE PRACTICE AND SCIENCE OF DRAWING ***




THE

PRACTICE & SCIENCE

OF

DRAWING

BY

HAROLD SPEED

Associé de la Société Nationale des Beaux-Arts, Paris; Member of the
Royal Society of Portrait Painters, &c.

       *       *       *       *       *

[Illustration: Plate I.

FOUR PHOTOGRAPHS OF SAME MONOCHROME PAINTING IN DIFFERENT STAGES]

       *       *       *       *       *




PREFACE


{PROSE}
{PROSE}



CONTENTS


I.        INTRODUCTION
II.       DRAWING
III.      VISION

          APPENDIX

          INDEX




LIST OF PLATES


I.       SET OF FOUR PHOTOGRAPHS OF THE SAME STUDY FROM THE LIFE IN
            DIFFERENT STAGES
II.      DRAWING BY LEONARDO DA VINCI
III.     STUDY FOR "APRIL"
XXXI.    ILLUSTRATIONS FROM BLAKE'S "JOB" (PLATES I., V., X., XXI.)
XXXII.   ILLUSTRATIONS FROM BLAKE'S "JOB" (PLATES II., XI., XVIII., XIV.)




THE PRACTICE AND SCIENCE OF DRAWING




I

INTRODUCTION


{PROSE}
[Illustration: Diagram XVIII.

SHOWING HOW LINES UNRELATED CAN BE BROUGHT INTO HARMONY.

A. LINES DRAWN AT RANDOM.

D. TAKING LINE 3-4 AS DOMINANT LINE

E. AS AT D BUT WITH ADDITION OF MASSES]

[Sidenote: The Impressionist Point of View.]

{PROSE}

II

DRAWING


{PROSE}

III

VISION


{PROSE}

APPENDIX


{PROSE}

INDEX


Absorbent canvas, 12

*** END OF THIS PROJECT GUTENBERG EBOOK THE PRACTICE AND SCIENCE OF DRAWING ***
"""


def test_contents_and_lists_of_plates_after_a_preface_go_aside(tmp_path):
    """Harold Speed's The Practice and Science of Drawing (PG 14264): its contents list and list
    of plates after the preface stayed in the text, the plates' numerals taken for six chapters
    ("II. DRAWING BY LEONARDO DA VINCI"); APPENDIX and INDEX, level in the contents with the
    chapters' titles, became sections of the last chapter; a heading-shaped line in a diagram's
    caption ("D. TAKING LINE 3-4 AS DOMINANT LINE") broke the caption and became a chapter; and
    the title page before the preface (his titles, a frontispiece) and the title over the first
    chapter stayed. His "[Sidenote: …]" paragraphs (notes in the old edition's margin) are labels."""
    source = tmp_path / "drawing.txt"
    source.write_text(LISTS_AFTER_A_PREFACE, encoding="utf-8")
    import_text(source, tmp_path / "manuscript")
    doc = pandoc_doc((tmp_path / "manuscript" / "text.md").read_text(encoding="utf-8"))
    headers = [(b["c"][0], " ".join(all_text(b["c"][2]).split())) for b in doc["blocks"] if b["t"] == "Header"]
    assert headers == [(1, "PREFACE"), (1, "I. INTRODUCTION"), (1, "II. DRAWING"), (1, "III. VISION"),
                       (1, "APPENDIX"), (1, "INDEX")]
    text = all_text(doc)
    assert "PLATES" not in text and "LEONARDO" not in text and "CONTENTS" not in text
    assert "PRACTICE" not in text and "Associé" not in text and "MONOCHROME" not in text
    figures = [" ".join(all_text(b).split()) for b in blocks_of(doc, "Div") if "illustration" in b["c"][0][1]]
    assert len(figures) == 1 and "D. TAKING LINE 3-4 AS DOMINANT LINE" in figures[0]
    sidenotes = [" ".join(all_text(b).split()) for b in blocks_of(doc, "Div") if "sidenote" in b["c"][0][1]]
    assert sidenotes == ["The Impressionist Point of View."]  # Distributed Proofreaders' margin note
    aside = (tmp_path / "manuscript" / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "LIST OF PLATES" in aside and "PLATES II., XI., XVIII., XIV." in aside and "CONTENTS" in aside
    assert "Associé" in aside and "MONOCHROME" in aside


TRANSLATED = """The Project Gutenberg EBook of Crime and Punishment, by Fyodor Dostoevsky

Title: Crime and Punishment

Author: Fyodor Dostoevsky

*** START OF THIS PROJECT GUTENBERG EBOOK CRIME AND PUNISHMENT ***




CRIME AND PUNISHMENT

By Fyodor Dostoevsky



Translated By Constance Garnett




PART I



CHAPTER I

On an exceptionally hot evening early in July a young man came out of
the garret in which he lodged in S. Place and walked slowly.

*** END OF THIS PROJECT GUTENBERG EBOOK CRIME AND PUNISHMENT ***
"""


@pytest.mark.parametrize(("line", "names"), [
    ("Constance Garnett", ["Constance Garnett"]),
    ("W. K. Marriott", ["W. K. Marriott"]),
    ("Edgar Taylor and Marian Edwardes", ["Edgar Taylor", "Marian Edwardes"]),  # Grimms' Fairy Tales, #2591
    ("Louise and Aylmer Maude", ["Louise Maude", "Aylmer Maude"]),
    ("Ann Lee, Bo Chan and Cy Young", ["Ann Lee", "Bo Chan", "Cy Young"]),
    ("The Brothers Grimm", ["The Brothers Grimm"]),
])
def test_a_credit_naming_several_people_names_each(line, names):
    from publish.importer.titlepage import person_names

    assert person_names(line) == names


def test_a_gutenberg_title_page_with_a_translator_is_taken_out_of_the_text(tmp_path):
    """Gutenberg's Crime and Punishment (#2554): with its header's Title and Author found, its title
    page ('CRIME AND PUNISHMENT', 'By Fyodor Dostoevsky', 'Translated By Constance Garnett') stayed
    in text.md as three paragraphs before PART I, and the translator was nowhere in book.yaml."""
    report, into = run(tmp_path, "cp", TRANSLATED.encode("utf-8"))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["title"] == "Crime and Punishment"
    assert book["authors"] == [{"name": "Fyodor Dostoevsky"}, {"name": "Constance Garnett", "role": "translator"}]
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# PART I {.part}\n")
    assert report.words_in == report.words_out + report.words_moved + report.words_set_aside + sum(
        report.markup_words.values())
    # A header's Translator: line names the translator too.
    header = TRANSLATED.replace("Author: Fyodor Dostoevsky\n",
                                "Author: Fyodor Dostoevsky\n\nTranslator: Constance Garnett\n")
    report, into = run(tmp_path, "header", header.replace("Translated By Constance Garnett", "").encode("utf-8"))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["authors"] == [{"name": "Fyodor Dostoevsky"}, {"name": "Constance Garnett", "role": "translator"}]
    # War and Peace's "Translators: Louise and Aylmer Maude" (#2600): two translators, who share a surname.
    header = TRANSLATED.replace("Author: Fyodor Dostoevsky\n",
                                "Author: Fyodor Dostoevsky\n\nTranslators: Louise and Aylmer Maude\n")
    report, into = run(tmp_path, "two", header.replace("Translated By Constance Garnett", "").encode("utf-8"))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["authors"][1:] == [{"name": "Louise Maude", "role": "translator"},
                                   {"name": "Aylmer Maude", "role": "translator"}]
    # A title page of another title (a collection's first story) is not the book's: nothing is
    # taken from it, and its lines go with the title pages set aside.
    report, into = run(tmp_path, "other", TRANSLATED.replace("CRIME AND PUNISHMENT\n\nBy", "THE DOUBLE\n\nBy")
                       .encode("utf-8"))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["authors"] == [{"name": "Fyodor Dostoevsky"}] and not report.moved
    assert "Translated By Constance Garnett" in (into / "source-title-pages.txt").read_text(encoding="utf-8")


def test_gutenberg_keeps_every_word(gutenberg):
    report, root, _, _ = gutenberg
    source = fixture_text("gutenberg_en.txt")
    # The markup the conventions stand for: [n] calls and their labels, FOOTNOTES:, Illustration.
    markup = Counter(words(" ".join(re.findall(r"\[(\d+)\]", source))))
    markup += Counter(words(" ".join(re.findall(r"^FOOTNOTES:$", source, re.M))))
    markup["illustration"] += source.count("[Illustration")
    expected = Counter(words(source)) - markup
    # The title page ("THE LIGHTHOUSE KEEPER'S LEDGER" over "BY MARGARET ELLERY THORNE") is book.yaml's
    # title and author now, its "by" the title page's wording; the header keeps its Title: and Author:.
    expected -= Counter({"by": 1})
    got = imported_words(root / "manuscript") - Counter(words("Series name"))
    assert got == expected
    assert report.words_in == sum(Counter(words(source)).values())


def test_hard_wrapped_russian_in_cp1251_with_notes_quotation_and_illustration(tmp_path):
    source = fixture_text("wrapped_ru.txt")
    report, into = run(tmp_path, "wr", source.encode("cp1251"))
    assert report.encoding.startswith("cp1251") and report.paragraph_rule == RULE_BLANK
    assert report.headings == ["ГЛАВА ПЕРВАЯ. Письмо", "ГЛАВА ВТОРАЯ. Пристань"]
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    notes = [" ".join(all_text(n["c"]).split()) for n in blocks_of(doc, "Note")]
    assert notes == ["Почерк был не тот, что на самом письме: надпись сделана карандашом, наспех.",
                     "Позже я узнал, что письмо написал отец Анны Павловны."]
    assert [b["t"] for b in doc["blocks"]].count("BlockQuote") == 1
    assert [" ".join(all_text(e["c"]).split()) for e in blocks_of(doc, "Emph")] == ["ни разу"]
    assert "ПРИМЕЧАНИЯ" not in (into / "text.md").read_text(encoding="utf-8")
    markup = Counter(words("1 1 2 2 ПРИМЕЧАНИЯ Illustration"))
    assert Counter(words(all_text(doc))) == Counter(words(source)) - markup
    assert report.warnings and not any("footnote" in w for w in report.warnings)


def test_uncalled_footnote_stays_text_with_a_warning(tmp_path):
    text = fixture_text("wrapped_ru.txt").replace("приедет\".[1]", "приедет\".")
    report, into = run(tmp_path, "wr", text.encode("utf-8"))
    assert any("footnote [1] is never called" in w for w in report.warnings)
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "\\[1\\] Почерк был не тот" in markdown and markdown.count("[^") == 2


# --- documents through pandoc -----------------------------------------------------------------

DOCUMENTS = [("document_en.md", "lamp.png"), ("document_ru.md", "station.png")]
KINDS = ["docx", "odt", "epub", "html"]


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """The Markdown fixtures written as .docx, .odt, .epub and .html by pandoc, then imported."""
    from PIL import Image

    work = tmp_path_factory.mktemp("documents")
    (work / "images").mkdir()
    out = {}
    for source, image in DOCUMENTS:
        Image.new("RGB", (60, 40), (40, 90, 160)).save(work / "images" / image)
        for kind in KINDS:
            stem = source.removesuffix(".md")
            doc = work / f"{stem}.{kind}"
            subprocess.run(
                [pypandoc.get_pandoc_path(), str(FIXTURES / source), "-s", "--embed-resources",
                 f"--resource-path={work}", "-o", str(doc)], check=True, cwd=work, capture_output=True,
            )
            into = work / f"{stem}-{kind}" / "manuscript"
            out[source, kind] = import_text(doc, into), into, doc
    return out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("source", [d[0] for d in DOCUMENTS])
def test_document_words_in_equal_words_out(documents, source, kind):
    report, into, doc = documents[source, kind]
    out_doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    out = Counter(words(all_text(out_doc)))
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    title_words = Counter(words(book["title"] + " " + " ".join(a["name"] for a in book.get("authors", []))))
    # What pandoc reads from the document is what the manuscript holds (title block aside)...
    read = Counter(words(all_text(pandoc_doc(doc, kind))))
    assert out == read - (title_words if kind in ("html", "odt") else Counter())
    # ...and that is the Markdown fixture's text, except that pandoc's ODT writer drops captions.
    fixture_doc = pandoc_doc(FIXTURES / source)
    fixture = Counter(words(all_text(fixture_doc["blocks"])))
    if kind == "odt":
        # The ODT writer puts the title block into the text, where the reader finds paragraphs
        # (taken out again as a typed title page).
        meta = fixture_doc["meta"]
        title_block = Counter(words(all_text(meta["title"]) + " " + all_text(meta["author"])))
        assert out <= fixture + title_block
        assert sum((fixture - out).values()) <= 10  # the captions the ODT writer dropped
    else:
        assert out == fixture
    assert report.words_in - report.words_moved == report.words_out == sum(out.values())
    assert f"{report.words_in} in the source: {report.words_out} in text.md" in report.summary()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("source", "image"), DOCUMENTS)
def test_document_structure_images_and_metadata(documents, source, image, kind):
    report, into, _ = documents[source, kind]
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    fixture = pandoc_doc(FIXTURES / source)
    heads = lambda d: [" ".join(all_text(b["c"][2]).split()) for b in d["blocks"] if b["t"] == "Header"]  # noqa: E731
    assert heads(doc) == heads(fixture) == report.headings
    assert len(blocks_of(doc, "Note")) == len(blocks_of(fixture, "Note"))
    assert len(blocks_of(doc, "BlockQuote")) == 1
    images = blocks_of(doc, "Image")
    assert len(images) == 1
    src = images[0]["c"][2][0]
    assert src.startswith("images/") and (into / src).is_file()
    assert (into / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    book = load_metadata(into / "book.yaml")
    if kind != "odt":  # pandoc's ODT reader does not read the title
        assert book.title == fixture["meta"]["title"]["c"][0]["c"] or book.title.startswith(
            all_text(fixture["meta"]["title"]).split()[0])
        assert book.language == fixture["meta"]["lang"]["c"][0]["c"]
    assert not (into / "text.md").read_text(encoding="utf-8").count("xhtml")


def test_html_in_cp1251_with_missing_and_remote_images(tmp_path):
    html = ("<html><head><meta charset='windows-1251'><title>Письмо</title></head><body>"
            "<h1>Глава 1</h1><p>Утром я нашёл на столе письмо <img src='missing.png' alt='конверт'> "
            "и <img src='https://example.org/x.png' alt='марка'>.</p></body></html>")
    report, into = run(tmp_path, "page", html.encode("cp1251"), suffix=".html")
    assert report.encoding.startswith("cp1251")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "конверт" in markdown and "марка" in markdown and "example.org" not in markdown
    assert sum("not found" in w for w in report.warnings) == 2
    assert not (into / "images").exists()


def test_a_tables_columns_of_figures_keep_their_alignment_in_the_built_book(tmp_path):
    """Keynes's survey of Belgian wealth, a table with no header whose figures an EPUB aligned in
    its stylesheet: written as a simple table its columns read as flush left, and "$1,320,000,000"
    stood over "85,000,000" out of line in every edition. The figures are set flush right; the
    names, and a column of words and figures, stay as they came."""
    html = ("<html><head><title>Wealth</title></head><body><h1>Belgium</h1><p>As follows:</p><table>"
            "<tr><td>Land</td><td>$1,320,000,000</td><td>estimated</td></tr>"
            "<tr><td>Cash</td><td>85,000,000</td><td>12 in all</td></tr>"
            "<tr><td>Furniture</td><td>600,000,000<a href='#n1' epub:type='noteref'>1</a></td><td>—</td></tr>"
            "<tr><td></td><td>$2,005,000,000</td><td></td></tr></table></body></html>")
    report, into = run(tmp_path, "wealth", html.encode(), suffix=".html")
    assert any(d.startswith("tables:") and "1 column " in d for d in report.decisions), report.decisions
    built = build_project(into.parent, ("html",))
    page = lxml_html.fromstring((built.html / "belgium.html").read_bytes())
    aligned = [[(cell.get("style") or "").replace(" ", "") for cell in tr] for tr in page.iter("tr")]
    assert {row[1] for row in aligned} == {"text-align:right"}
    assert all("right" not in row[0] and "right" not in row[2] for row in aligned)


def test_an_epub_made_by_publish_imports(tmp_path):
    # Its cover page is a picture alone in a section: written as a paragraph, pandoc read it back
    # as a figure captioned with its description, and the import stopped on words "added".
    from conftest import MINIMAL_YAML, write_project

    root = write_project(tmp_path / "book", MINIMAL_YAML, {"01.md": "# One\n\nThe first chapter has words.\n"})
    built = build_project(root, ("epub",))
    report = import_text(built.epub, tmp_path / "again" / "manuscript")
    text = (tmp_path / "again" / "manuscript" / "text.md").read_text(encoding="utf-8")
    assert report.words_in == report.words_out + report.words_set_aside and "The first chapter has words." in text
    # Its cover, title page and copyright page are the edition's, not the text: set aside, the cover the book's.
    assert "![Cover: A Small Book" not in text and (tmp_path / "again" / "manuscript" / "cover.png").is_file()


def _epub(path: Path, opf_titles: str, *bodies: str, body_types: tuple[str, ...] = ()) -> Path:
    """A small EPUB 3 as Standard Ebooks makes them (several <dc:title>s), one file a body (its
    <body>'s epub:type the same place's of `body_types`)."""
    import io
    import zipfile

    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGB", (30, 20), (0, 0, 0)).save(logo, "PNG")
    items = "".join(f'<item id="t{n}" href="text/{n}.xhtml" media-type="application/xhtml+xml"/>'
                    for n in range(len(bodies)))
    spine = "".join(f'<itemref idref="t{n}"/>' for n in range(len(bodies)))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                   'full-path="epub/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("epub/content.opf", f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="uid">urn:x:1</dc:identifier>
{opf_titles}<dc:language>en</dc:language><dc:creator>Oscar Wilde</dc:creator></metadata>
<manifest><item id="nav" href="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>{items}
<item id="logo" href="images/logo.png" media-type="image/png"/></manifest>
<spine>{spine}</spine></package>""")
        z.writestr("epub/toc.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" '
                   'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>c</title></head><body><nav epub:type="toc">'
                   '<ol><li><a href="text/0.xhtml">Act I</a></li></ol></nav></body></html>')
        for n, body in enumerate(bodies):
            z.writestr(f"epub/text/{n}.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" '
                       'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Act I</title></head>'
                       f'<body{_typed(body_types, n)}>{body}</body></html>')
        z.writestr("epub/images/logo.png", logo.getvalue())
    return path


def _typed(types: tuple[str, ...], n: int) -> str:
    return f' epub:type="{types[n]}"' if n < len(types) and types[n] else ""


def test_a_poems_lines_that_its_notes_link_to_keep_their_ids(tmp_path):
    # pandoc's wasteland.epub: each line a <div id="ln20">, its notes "Line 20." linking back to it.
    # The import unwrapped the divs and their ids went: 19 links led nowhere, printed as plain text.
    body = ('<section><h1>I. The Burial of the Dead</h1><div class="linegroup">'
            '<div>April is the cruellest month, breeding</div><div id="ln2">Lilacs out of the dead land, '
            'mixing</div><div>Memory and desire, stirring</div></div>'
            '<section><h2>Notes</h2><p><a href="#ln2">Line 2.</a> Cf. Ecclesiastes 12:5.</p></section></section>')
    source = _epub(tmp_path / "waste.epub", "<dc:title>The Waste Land</dc:title>", body)
    into = tmp_path / "book" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    target = re.search(r"\[Line 2\.\]\(#([^)]+)\)", text)[1]
    assert re.search(r"\{#" + re.escape(target) + r"\}Lilacs out of the dead land", text), text
    assert report.words_in == report.words_out + report.words_set_aside


def test_an_epubs_front_and_back_matter_stay_so(tmp_path):
    """The Worst Journey in the World's EPUB types its preface and introduction front matter and its
    glossary back matter on their <body>, which pandoc's reader drops: they came in as chapters, the
    built EPUB's "Start of the text" at its frontispiece and its back matter at the closing pages.
    They are `{.frontmatter}` and `{.backmatter}` now; the text starts at its first chapter, after
    the untitled frontispiece and note before the preface, whose document is typed front matter."""
    source = _epub(tmp_path / "worst.epub", "<dc:title>The Worst Journey</dc:title>",
                   '<section id="preamble"><p>This volume is a narrative of the expedition.</p></section>',
                   '<section id="preface" epub:type="preface"><h2 epub:type="title">Preface</h2><p>Why.</p></section>',
                   '<section id="chapter-1" epub:type="chapter"><h2>I</h2><p>Scott used to say.</p></section>',
                   '<section id="glossary" epub:type="glossary"><h2>Glossary</h2><p>Pram: a boat.</p></section>',
                   body_types=("frontmatter", "frontmatter z3998:non-fiction", "bodymatter", "backmatter"))
    report = import_text(source, tmp_path / "worst" / "manuscript")
    assert any(d.startswith("matter:") and "2 files" in d for d in report.decisions), report.decisions
    text = (tmp_path / "worst" / "manuscript" / "text.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert [re.sub(r"\{#[\w-]+ ?", "{", h).replace("{}", "").strip() for h in headings] == [
        "## Preface {.frontmatter}", "## I", "## Glossary {.backmatter}"], headings  # read a level up
    from lxml import etree

    built = build_project(tmp_path / "worst", ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
        opening = etree.fromstring(z.read("EPUB/text/opening.xhtml"))
    marks = {a.get("{http://www.idpf.org/2007/ops}type"): a.get("href")
             for a in nav.iterfind(".//{*}nav[@id='landmarks']//{*}a")}
    assert marks["bodymatter"].startswith("text/i") and marks["backmatter"].startswith("text/glossary"), marks
    # The untitled opening before the preface is front matter too, not the text (it was bodymatter).
    assert opening.find("{*}body").get("{http://www.idpf.org/2007/ops}type") == "frontmatter"


def test_epub_with_several_titles_and_a_logo_alone_in_a_header(tmp_path):
    """An EPUB naming its main title, subtitle and expanded title (as Standard Ebooks' do) got all
    three joined as its title; and a logo alone in a <header> (its description read once) was
    written on a line of its own, read back as a figure captioned with it: the import stopped,
    "the import would change words"."""
    titles = ('<dc:title id="t1">The Importance of Being Earnest</dc:title>'
              '<dc:title id="t2">A Trivial Comedy for Serious People</dc:title>'
              '<dc:title id="t3">The Importance of Being Earnest: A Trivial Comedy for Serious People</dc:title>')
    body = ('<section id="act-1"><h2>Act I</h2><p>Morning-room in Algernon’s flat.</p></section>'
            '<section id="colophon"><header><h2>Colophon</h2><img alt="The Standard Ebooks logo." '
            'src="../images/logo.png"/></header><p>The end.</p></section>')
    source = _epub(tmp_path / "earnest.epub", titles, body)
    into = tmp_path / "earnest" / "manuscript"
    report = import_text(source, into)
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["title"] == "The Importance of Being Earnest"
    assert book["subtitle"] == "A Trivial Comedy for Serious People"
    figures = blocks_of(pandoc_doc((into / "text.md").read_text(encoding="utf-8")), "Figure")
    assert len(figures) == 1 and words(all_text(figures[0]["c"][1])) == words("The Standard Ebooks logo.")
    assert report.words_in - report.words_moved == report.words_out


def test_epub_links_to_another_file_lead_to_its_heading(tmp_path):
    """pandoc's EPUB reader makes a link to another file ("see the Uncopyright") a link to an
    empty anchor named after the file, which the import drops: the link led nowhere."""
    source = _epub(tmp_path / "play.epub", "<dc:title>The Play</dc:title>",
                   '<section id="title"><p>A title page without a heading.</p></section>',
                   '<section id="imprint"><h2>Imprint</h2><p>See the <a href="2.xhtml">Uncopyright</a>.</p></section>',
                   '<section id="uncopyright"><h2>Uncopyright</h2><p>Public domain.</p></section>')
    into = tmp_path / "play" / "manuscript"
    import_text(source, into)
    (link,) = blocks_of(pandoc_doc((into / "text.md").read_text(encoding="utf-8")), "Link")
    assert link["c"][2][0] == "#uncopyright"  # the heading's (its file's name, 2.xhtml, is no XML id)
    with recorded_warnings() as warnings:
        built = build_project(into.parent, ("html", "epub"))
    assert not [w for w in warnings if "leads nowhere" in w]
    assert 'href="uncopyright.html"' in (built.html / "imprint.html").read_text(encoding="utf-8")
    from test_epub import assert_epubcheck_clean

    assert_epubcheck_clean(built.epub)


def test_epub_poems_in_articles_and_a_signature_in_a_span(tmp_path):
    """Standard Ebooks' Leaves of Grass: each poem in an <article id=…>, which pandoc keeps as raw
    HTML (its id given again by the heading after it: "given twice" for every poem), links to
    poems and to sections (`#file.xhtml_part-2`, led nowhere once the wrappers were dropped), and
    a signature's picture in a <span> (read back as a figure: "the import would change words")."""
    source = _epub(tmp_path / "leaves.epub", "<dc:title>Leaves of Grass</dc:title>",
                   '<section id="songs"><h2>Songs</h2><article id="a-poem"><h3>A Poem</h3>'
                   "<p><span>Line one,</span><br/><span>line two,</span><br/><span>line three.</span></p></article>"
                   '<article id="other-poem"><h3>The Other Poem</h3><p>A line.</p>'
                   '<section id="part-2"><h4>2</h4><p>The second part.</p></section>'
                   '<p><span><img alt="Walt Whitman." src="../images/logo.png"/></span></p></article></section>',
                   '<section id="endnotes"><h2>Endnotes</h2><p>See <a href="0.xhtml#other-poem">the other poem</a>'
                   ' and <a href="0.xhtml#part-2">its second part</a>.</p></section>')
    into = tmp_path / "leaves" / "manuscript"
    import_text(source, into)
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "<article" not in markdown and "</article>" not in markdown
    with recorded_warnings() as warnings:
        built = build_project(into.parent, ("html",))
    assert not [w for w in warnings if "leads nowhere" in w or "given twice" in w], warnings
    links = lxml_html.fromstring((built.html / "endnotes.html").read_bytes()).xpath("//main//p/a/@href")
    assert links == ["songs.html#other-poem", "songs.html#part-2"]
    page = lxml_html.fromstring((built.html / "songs.html").read_bytes())
    assert "The Other Poem" in page.xpath("string(//*[@id='other-poem'])")
    assert "The second part." in page.xpath("string(//*[@id='part-2'])")


def test_binary_document_with_a_wrong_name_is_an_error(tmp_path):
    with pytest.raises(PublishError):
        run(tmp_path, "fake", b"PK\x03\x04 not really a zip", suffix=".docx")
    assert not (tmp_path / "fake").exists()


# --- every import builds -----------------------------------------------------------------------


def test_imports_build(gutenberg, documents, tmp_path):
    """`publish build` succeeds on imported projects; the text arrives in the editions."""
    from pypdf import PdfReader

    from test_epub import assert_epubcheck_clean

    _, root, _, _ = gutenberg
    built = build_project(root, ("pdf", "epub"))
    pdf_text = " ".join(page.extract_text() for page in PdfReader(built.pdf).pages)
    assert "CHAPTER II" in pdf_text and "brass barometer" in pdf_text
    assert_epubcheck_clean(built.epub)
    ru = tmp_path / "ru"
    import_text(_write(tmp_path / "ru.txt", fixture_text("indented_ru.txt").encode("koi8_r")), ru / "manuscript")
    built = build_project(ru, ("pdf",))
    # (its "у" bound to the next word, in the title too, as Russian typesetting has it)
    assert "Станция у моря" in " ".join(p.extract_text() for p in PdfReader(built.pdf).pages).replace("\u00a0", " ")
    # Documents with pictures (the PDF edition is left out: it does not load manuscript images yet).
    _, into, _ = documents["document_en.md", "docx"]
    built = build_project(into.parent, ("epub", "html"))
    assert_epubcheck_clean(built.epub)
    for kind in KINDS:
        _, into, _ = documents["document_ru.md", kind]
        built = build_project(into.parent, ("html",))
        page = " ".join(p.read_text(encoding="utf-8") for p in built.html.rglob("*.html"))
        assert "Дом у моря" in page.replace("\u00a0", " ").replace("&nbsp;", " ") and "images/" in page


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


CANDIDE_STYLE = """CHAPITRE PREMIER.

Comment Candide fut élevé dans un beau château, et comment il
fut chassé d'icelui


Il y avait en Westphalie, dans le château de monsieur le baron
de Thunder-ten-tronckh, un jeune garçon à qui la nature avait
donné les moeurs les plus douces. Le précepteur Pangloss[1] était
l'oracle de la maison, et le petit Candide écoutait ses leçons[2]
avec toute la bonne foi de son âge et de son caractère, car il
était le meilleur des garçons de toute la province de Westphalie

  [1] De _pan_, tout, et _glossa_, langue.  B.

  [2] Voyez tome XXVII, page 528; et dans les _Mélanges_, année
  1738, le chapitre XI de la troisième partie des _Éléments_.  B.


Pangloss enseignait la métaphysico-théologo-cosmolonigologie, et
il prouvait admirablement qu'il n'y a point d'effet sans cause, et
que dans ce meilleur des mondes possibles le château de monsieur
le baron était le plus beau des châteaux


CHAPITRE II[1].

Ce que devint Candide parmi les Bulgares, et ce qu'il y vit de
plus étrange

  [1] Ce chapitre a été augmenté en 1761, comme on le voit dans
  les éditions de Kehl.  B.


Candide, chassé du paradis terrestre, marcha longtemps[1] sans
savoir où, pleurant, levant les yeux au ciel, les tournant souvent
vers le plus beau des châteaux qui renfermait la plus belle des
baronnettes; il se coucha sans souper au milieu des champs entre
deux sillons; la neige tombait à gros flocons

  [1] Voyez tome XXXI, page 7, et dans les _Mélanges_ la lettre
  de l'an 1759.  B.
"""


def test_notes_set_below_their_paragraph_become_footnotes_numbered_per_chapter(tmp_path):
    """Gutenberg's Candide: each chapter numbers its notes from [1], and sets each one, indented,
    below the paragraph that calls it, with no FOOTNOTES heading. A heading that calls a note
    ("CHAPITRE II[1].") is still a heading, and its note stays text below it."""
    report, into = run(tmp_path, "candide", CANDIDE_STYLE.encode("utf-8"))
    assert report.headings[1] == "CHAPITRE II"
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))

    def flat(node) -> str:
        return re.sub(r" ([,.;])", r"\1", " ".join(all_text(node).split())).replace("’", "'")

    notes = [flat(n["c"]) for n in blocks_of(doc, "Note")]
    assert notes == ["De pan, tout, et glossa, langue. B.",
                     "Voyez tome XXVII, page 528; et dans les Mélanges, année 1738, le chapitre XI de la "
                     "troisième partie des Éléments. B.",
                     "Voyez tome XXXI, page 7, et dans les Mélanges la lettre de l'an 1759. B."]
    quoted = [flat(b["c"]) for b in blocks_of(doc, "BlockQuote")]
    assert quoted == ["[1] Ce chapitre a été augmenté en 1761, comme on le voit dans les éditions de Kehl. B."]
    markup = Counter(words("1 2 1  1 2 1  1"))  # the calls, the notes' labels, the heading's call
    assert Counter(words(all_text(doc))) == Counter(words(CANDIDE_STYLE)) - markup
    assert not any("footnote" in w for w in report.warnings)


WAR_AND_PEACE_STYLE = """CHAPTER I

“Zat, my dear sir, is vy...” he concluded, drinking a tumbler of
wine with dignity and looking to the count for approval.

“Connaissez-vous le Proverbe:* ‘Jerome, Jerome, do not roam, but
turn spindles at home!’?” said Shinshín, puckering his brows and
smiling. “Cela nous convient à merveille.*(2) Suvórov now—he knew
what he was about; yet they beat him à plate couture,*(3) and where
are we to find Suvórovs now? Je vous demande un peu,” *(4) said he,
continually changing from French to Russian.

     *Do you know the proverb?

     *(2) That suits us down to the ground.

     * (3) Hollow.

     * (4) I just ask you that.

In reply Borís wrote these lines:

    Aliment de poison d’une âme trop sensible,
    Toi, sans qui le bonheur me serait impossible,
    A ces pleurs que je sens couler. *

      *Poisonous nourishment of a too sensitive soul,
     Thou, without whom happiness would for me be impossible,
     With these tears that I feel to be flowing.

CHAPTER II

“There is something so enchanting in the smile of melancholy,” she
said to Borís, repeating word for word a passage she had copied from a
book. Two stars stood over the wood * and the night was cold.

     * * *

He said *nothing* at all, and went on, and the snow fell on the road
all that night and all the next day.

     *Later* that night he wrote.
"""


def test_asterisk_notes_set_below_their_paragraph_become_footnotes(tmp_path):
    """Gutenberg's War and Peace translates its French in notes called with "*", "*(2)", …, each
    set, indented, below the paragraph that calls it: they were quotations starting "\\*", and the
    calls stray asterisks. A call in verse keeps its note; asterisks that call no indented "* …"
    note (a section break, *emphasis*) stay as they are."""
    report, into = run(tmp_path, "wp", WAR_AND_PEACE_STYLE.encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    notes = [" ".join(all_text(n["c"]).split()) for n in blocks_of(doc, "Note")]
    assert notes == ["Do you know the proverb?", "That suits us down to the ground.", "Hollow.",
                     "I just ask you that.", "Poisonous nourishment of a too sensitive soul, Thou, without "
                     "whom happiness would for me be impossible, With these tears that I feel to be flowing."]
    assert "*" not in " ".join(all_text(doc).split()).split("There is something")[0]
    rest = (into / "text.md").read_text(encoding="utf-8").split("# CHAPTER II", 1)[1]
    assert "wood \\* and" in rest and "\\*nothing\\*" in rest and "\\*Later\\*" in rest
    assert "footnotes:       5 " in report.summary() and report.words_in == report.words_out + 6


WAR_AND_PEACE_VERSE_NOTES = """CHAPTER I

“There is something so enchanting in the smile of melancholy,” she
said to Borís, repeating word for word a passage she had copied from a
book. “It is a ray of light in the darkness, a shade between sadness
and despair, showing the possibility of consolation.”

On another page he drew a tomb, and wrote: “La mort est secourable et
la mort est tranquille. Ah! contre les douleurs il n’y a pas d’autre
asile.” *

    * Death gives relief and death is peaceful.
      Ah! from suffering there is no other refuge.

“Vive l’Empereur! Vive les Russes!” *(2) shouted the soldiers, who
had been told to cheer the allies, and the whole camp took it up.

    * (2) “Hurrah for the Austrians! Hurrah for the Russians!
     Hurrah for Emperor Alexander!”

Julie said this was charming, and played most doleful nocturnes on
her harp for him that evening.
"""


def test_verse_in_a_note_keeps_its_lines(tmp_path):
    """War and Peace translates a poem in a note: its lines were run together into one paragraph.
    A note whose lines each open with a capital, and end before the width the text was wrapped
    to, is a line block in the note; a prose note (its lines filled) stays a paragraph."""
    report, into = run(tmp_path, "wp", WAR_AND_PEACE_VERSE_NOTES.encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert ("[^1]:\n    | Death gives relief and death is peaceful.\n"
            "    | Ah! from suffering there is no other refuge.\n") in markdown
    notes = [n["c"] for n in blocks_of(pandoc_doc(markdown), "Note")]
    assert [[b["t"] for b in note] for note in notes] == [["LineBlock"], ["Para"]]
    assert [" ".join(all_text(line).split()) for line in notes[0][0]["c"]] == [
        "Death gives relief and death is peaceful.", "Ah! from suffering there is no other refuge."]
    assert report.words_in == report.words_out + 2  # the "2" of "*(2)" and of its note's "(2)"


def libru_collection(stories: list[tuple[str, list[str]]]) -> str:
    """Stories laid out the lib.ru way (as /tmp/ru/mklibru.py lays out Chekhov): an edition note in
    a frame of dashes, each title in capitals indented to the middle, a section's numeral deeper,
    paragraphs indented and wrapped at 72."""
    lines = ["", "     Антон Павлович Чехов", "", " " * 32 + "РАССКАЗЫ", "", "-" * 63,
             "     Собрание сочинений в двенадцати томах. Москва, ГИХЛ, 1960-1964.", "-" * 63, ""]
    for title, paragraphs in stories:
        lines += ["", "", " " * 30 + title, "", ""]
        for para in paragraphs:
            if para in ("I", "II"):
                lines += ["", " " * 36 + para, ""]
            else:
                lines += textwrap.wrap(para, 72, initial_indent="     ", break_long_words=False)
    return "\r\n".join(lines) + "\r\n"


_PROSE = ("Знойный и душный полдень. На небе ни облачка. Выжженная солнцем трава глядит уныло, "
          "безнадежно: хоть и будет дождь, но уж не зеленеть ей. Лес стоит молча, неподвижно, "
          "словно всматривается куда-то своими верхушками или ждет чего-то.")
_TALK = ("Дверь отворилась, и в комнату вошла высокая полная дама в шляпке с вуалью; за нею "
         "шел мальчик, и все трое стали у стола, не снимая пальто и не глядя друг на друга.")


def test_story_titles_centred_in_capitals_are_headings(tmp_path):
    """A Chekhov collection laid out the lib.ru way: its twelve story titles, centred lines of
    capitals ("ЕГЕРЬ"), were text, and the "I" and "II" of two stories its only chapters."""
    text = libru_collection([("ЕГЕРЬ", [_PROSE, _TALK]), ("ШВЕДСКАЯ СПИЧКА", ["I", _PROSE, _TALK, "II", _PROSE]),
                             ("ХОРИСТКА", [_TALK, _PROSE])])
    report, into = run(tmp_path, "chekhov", text.encode("cp1251"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in markdown.split("\n") if line.startswith("#")] == [
        "# ЕГЕРЬ", "# ШВЕДСКАЯ СПИЧКА", "## I", "## II", "# ХОРИСТКА"]
    assert "title: РАССКАЗЫ" in (into / "book.yaml").read_text(encoding="utf-8")
    # One such line alone is not a collection's title: it stays text.
    report, into = run(tmp_path, "one", libru_collection([("ЕГЕРЬ", [_PROSE, _TALK])]).encode("cp1251"))
    assert "#" not in (into / "text.md").read_text(encoding="utf-8")


def test_a_book_of_poems_laid_out_the_lib_ru_way_has_its_titles_and_dates(tmp_path):
    """Pushkin's poems typed the lib.ru way: each title a line of capitals centred on the page,
    the lines indented under it, its year set off to the right under them. The titles were text
    (centred on the page, off the centre of the poems' 40-character lines), the years paragraphs
    of their own; the titles are headings, the years each its poem's `::: signature`."""
    poems = [("К ЧААДАЕВУ", ["Любви, надежды, тихой славы", "Недолго нежил нас обман,",
                             "Исчезли юные забавы,", "Как сон, как утренний туман;"], "1818"),
             ("УЗНИК", ["Сижу за решеткой в темнице сырой.", "Вскормленный в неволе орел молодой,",
                        "Мой грустный товарищ, махая крылом,", "Кровавую пищу клюет под окном,"], "1822 г.")]
    lines = ["", " " * 25 + "Александр Сергеевич Пушкин", "", " " * 30 + "СТИХОТВОРЕНИЯ", "", ""]
    for title, verse, year in poems:
        lines += ["", " " * 30 + title, "", *("     " + v for v in verse), "", " " * 45 + year, ""]
    report, into = run(tmp_path, "pushkin", ("\r\n".join(lines) + "\r\n").encode("cp1251"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in markdown.split("\n") if line.startswith("#")] == ["# К ЧААДАЕВУ", "# УЗНИК"]
    assert "| Как сон, как утренний туман;\n\n::: signature\n*1818*\n:::\n\n# УЗНИК" in markdown
    assert markdown.endswith("| Кровавую пищу клюет под окном,\n\n::: signature\n*1822 г.*\n:::\n")
    assert report.words_in == report.words_out + report.words_set_aside + report.words_moved


def test_word_documents_with_adjacent_lists_or_a_lone_picture_are_imported(tmp_path):
    """Two bullet lists one after the other (pandoc writes `<!-- -->` between them) and a
    picture alone in its paragraph (read back as a figure, its description as its caption)
    were refused as "a bug in publish import": the word check counted those twice."""
    from PIL import Image

    Image.new("RGB", (60, 40), (40, 90, 160)).save(tmp_path / "fish.png")
    source = tmp_path / "lists.md"
    source.write_text("# Lists\n\n- one\n- two\n\n<!-- -->\n\n- three\n- four\n\nAn image:\n\n"
                      "![He realizes he's making the file-size too big.](fish.png)\n", encoding="utf-8")
    doc = tmp_path / "lists.docx"
    subprocess.run([pypandoc.get_pandoc_path(), str(source), "-o", str(doc)], check=True, cwd=tmp_path,
                   capture_output=True)
    report = import_text(doc, tmp_path / "book" / "manuscript")
    markdown = (tmp_path / "book" / "manuscript" / "text.md").read_text(encoding="utf-8")
    assert report.words_in == report.words_out == 27  # the description twice: caption and alt text
    assert "- three" in markdown and "realizes" in markdown


def test_word_comments_and_tracked_changes_are_said(tmp_path):
    """pandoc drops a Word document's comments and accepts its tracked changes: the import
    said nothing of either, and the report promised every word."""
    source = tmp_path / "review.md"
    source.write_text('# Review\n\nThe text [Check this date.]{.comment-start id="0" author="Ed"}'
                      'of 1905[]{.comment-end id="0"} and [a word]{.insertion author="Ed"} added, '
                      '[one]{.deletion author="Ed"} gone.\n', encoding="utf-8")
    doc = tmp_path / "review.docx"
    subprocess.run([pypandoc.get_pandoc_path(), str(source), "-o", str(doc)], check=True, capture_output=True)
    report = import_text(doc, tmp_path / "book" / "manuscript")
    said = " ".join(report.warnings)
    assert "1 comment in the document not imported" in said
    assert "2 tracked changes accepted as they stand" in said


# --- Markdown ----------------------------------------------------------------------------------

def test_a_multimarkdown_header_goes_to_book_yaml(tmp_path):
    """Scrivener's MultiMarkdown export opens with `Title:` and `Author:` lines, which were kept in
    the text (the build printed them as a paragraph, and now warns) and book.yaml had no title."""
    body = "# Chapter One\n\nIt was a dark night.[^1]\n\n[^1]: A note.\n"
    source = tmp_path / "novel.mmd"
    source.write_text("Title: The Dark Night\nAuthor: Ann Lee, Bo Chen\nBase Header Level: 1\n"
                      "Copyright: 2024 Ann Lee\n\n" + body, encoding="utf-8")
    into = tmp_path / "project" / "manuscript"
    report = import_text(source, into)
    assert report.kind == "pandoc Markdown"
    assert (into / "text.md").read_text(encoding="utf-8") == body
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "The Dark Night" and [a["name"] for a in meta["authors"]] == ["Ann Lee", "Bo Chen"]
    assert "Base Header Level" not in (into / "book.yaml").read_text(encoding="utf-8")


def test_an_obsidian_or_typora_notes_pictures_come_with_it(tmp_path):
    """A note's `![[pic.png]]` (Obsidian: the picture in the vault's attachments/), iA Writer's
    `/images/pic.png` and Typora's `<img src>` are pictures the build reads; pandoc's reader takes
    them for none, and the import left them behind: the build then stopped, "does not exist"."""
    from PIL import Image

    for name in ("attachments/harbour.png", ".trash/harbour.png", "images/boat.png", "images/sail.png"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        Image.new("RGB", (60, 40), "grey").save(tmp_path / name)
    body = ("# The Harbour\n\nSee ![[harbour.png|30]].\n\n/images/boat.png \"A boat\"\n\n"
            "<img src=\"images/sail.png\" alt=\"A sail\" style=\"zoom:50%;\" />\n")
    (tmp_path / "note.md").write_text(body, encoding="utf-8")
    into = tmp_path / "project" / "manuscript"
    import_text(tmp_path / "note.md", into)
    assert (into / "text.md").read_text(encoding="utf-8") == body
    copied = sorted(p.relative_to(into).as_posix() for p in into.rglob("*.png"))
    assert copied == ["attachments/harbour.png", "images/boat.png", "images/sail.png"]
    pictures = lxml_html.fragment_fromstring(load_book(into.parent).chapters[0].body_html, create_parent="div")
    assert [(i.get("src"), i.get("width")) for i in pictures.iter("img")] == [
        ("attachments/harbour.png", "30"), ("images/boat.png", None), ("images/sail.png", "30")]


def test_a_markdown_manuscript_is_kept_as_written_and_its_metadata_goes_to_book_yaml(tmp_path):
    """A .md file was imported as plain text: its YAML block became two breaks, its headings and
    emphasis escaped into text, its title lost. It is Markdown already: kept byte for byte."""
    body = ("# Глава первая\n\nТекст с *курсивом* и сноской.[^1]\n\n![Карта.](images/map.png)\n\n"
            "| Строка стиха\n| вторая строка\n\n[^1]: Сноска.\n")
    source = tmp_path / "book.md"
    source.write_text("---\ntitle: Дальний дозор\nsubtitle: Повесть\nauthor: [Иван Петров, Пётр Иванов]\n"
                      "lang: ru\n---\n\n" + body, encoding="utf-8")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    into = tmp_path / "project" / "manuscript"
    report = import_text(source, into)
    assert report.kind == "pandoc Markdown" and report.language == "ru"
    assert (into / "text.md").read_text(encoding="utf-8") == body
    assert (into / "images" / "map.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert (meta["title"], meta["subtitle"], meta["language"]) == ("Дальний дозор", "Повесть", "ru")
    assert [a["name"] for a in meta["authors"]] == ["Иван Петров", "Пётр Иванов"]


def test_markdown_metadata_without_a_book_yaml_key_is_kept_and_said(tmp_path):
    """testsuite.txt's `% July 17, 2006` was dropped, words and all, unsaid; a YAML abstract is the
    book's description, a paragraph a paragraph."""
    source = tmp_path / "paper.md"
    source.write_text("---\ntitle: A Paper\ndate: July 17, 2006\nabstract: |\n  First line.\n\n  Second *one*.\n"
                      "keywords: [alpha, beta]\ntoc: true\n---\n\n# One\n\nText.\n", encoding="utf-8")
    into = tmp_path / "project" / "manuscript"
    report = import_text(source, into)
    book_yaml = (into / "book.yaml").read_text(encoding="utf-8")
    assert "# Not placed, from the source: date: July 17, 2006\n" in book_yaml
    assert "# Not placed, from the source: keywords: alpha; beta\n" in book_yaml
    assert "abstract" not in book_yaml
    assert yaml.safe_load(book_yaml)["title"] == "A Paper"
    assert yaml.safe_load(book_yaml)["description"] == "First line.\n\nSecond one."
    assert any("metadata date, keywords: kept as comments" in w for w in report.warnings)
    assert report.words_moved == len("A Paper First line Second one date July 17 2006 keywords alpha beta"
                                     .split())


def test_a_markdown_file_of_metadata_only_is_said(tmp_path):
    """pandoc's command/7042.md input is all YAML: text.md came out empty, unsaid, and the build stopped."""
    source = tmp_path / "refs.md"
    source.write_text("---\ntitle: References\nnocite: '[@*]'\n...\n", encoding="utf-8")
    report = import_text(source, tmp_path / "p" / "manuscript")
    assert any("no text after the metadata block: text.md is empty" in w for w in report.warnings)


def test_a_text_file_in_markdown_without_a_title_block_is_said(tmp_path):
    """pandoc's pipe-tables.txt came out as paragraphs of bars and dashes, and nothing said why."""
    source = tmp_path / "pipe-tables.txt"
    source.write_text("Simple table:\n\n| Right | Left |\n| ----: | :--- |\n|  12   |  12  |\n\n"
                      "As shown [@doe99, p. 3].\n", encoding="utf-8")
    report = import_text(source, tmp_path / "a" / "manuscript")
    assert report.kind == "plain text"
    (said,) = [w for w in report.warnings if "pandoc Markdown" in w]
    assert "a table at line 4" in said and "a citation at line 7" in said and "name it .md" in said
    novel = tmp_path / "novel.txt"
    novel.write_text("CHAPTER I\n\nIt was night.[1] The rain fell -- hard.\n\n-----\n\n* * *\n\n"
                     "[1] A note.\n", encoding="utf-8")
    report = import_text(novel, tmp_path / "b" / "manuscript")
    assert not [w for w in report.warnings if "pandoc Markdown" in w]


def test_a_text_file_opening_with_pandocs_title_block_is_markdown(tmp_path):
    """pandoc's own testsuite.txt and MANUAL.txt open with a title block: Markdown, not plain text."""
    source = tmp_path / "testsuite.txt"
    source.write_text("% Pandoc Test Suite\n% John MacFarlane; Anonymous\n% July 17, 2006\n\n"
                      "# Headers\n\nSome *text*, a [link](http://example.org).\n\n"
                      "![lalune](lalune.jpg)\n", encoding="utf-8")
    into = tmp_path / "project" / "manuscript"
    report = import_text(source, into)
    assert report.kind == "pandoc Markdown"
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# Headers\n\nSome *text*")
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "Pandoc Test Suite"
    assert [a["name"] for a in meta["authors"]] == ["John MacFarlane", "Anonymous"]
    assert any("picture 'lalune.jpg' not found" in w for w in report.warnings)
    plain = tmp_path / "notes.txt"
    plain.write_text("CHAPTER I\n\nIt was a dark night, and the *rain* fell.\n", encoding="utf-8")
    assert import_text(plain, tmp_path / "other" / "manuscript").kind == "plain text"


def test_a_double_spaced_poem_in_canticles_and_cantos(tmp_path):
    """The Divine Comedy (Cary) as typed: every line set apart by a blank line, verse paragraphs
    by three, canticles in capitals over "CANTO I". Each line was a paragraph of its own, the
    cantos were text and the canticles too; now the lines are verse, the cantos chapters and the
    canticles parts. A couplet whose first line runs on was joined as prose."""
    def canto(n: str, *stanzas: list[str]) -> str:
        return f"CANTO {n}\n\n" + "\n\n\n\n".join("\n\n".join(lines) for lines in stanzas) + "\n\n"

    blank_verse = ["Through diver passages, the world's bright lamp", "Rises to mortals, but through that which joins",
                   "Four circles with the threefold cross, in best", "Course, and in happiest constellation set",
                   "He comes, and to the worldly wax best gives", "Its temper and impression."]
    short = ["Here vigour fail'd the tow'ring fantasy:", "But yet the will roll'd onward, like a wheel",
             "In even motion, by the Love impell'd,", "That moves the sun in heav'n and all the stars."]
    # Two lines set apart by the typist in mid-sentence: a couplet in a book of verse.
    couplet = ["Soon as its final word the blessed flame", "Had rais'd for utterance, straight the holy mill"]
    text = ("PARADISE\n\n" + canto("I", blank_verse, short) + canto("II", short, couplet, blank_verse, short, short)
            + "PURGATORY\n\n" + canto("I", short, blank_verse) + "\n\nHELL (OR THE INFERNO)\n\n"
            + canto("I", blank_verse))
    report, into = run(tmp_path, "comedy", text.replace("\n", "\r\n").encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    headers = [(" ".join(ast_text(b["c"][2]).split()), "part" in b["c"][1][1]) for b in doc["blocks"]
               if b["t"] == "Header"]
    assert headers == [("PARADISE", True), ("CANTO I", False), ("CANTO II", False), ("PURGATORY", True),
                       ("CANTO I", False), ("HELL (OR THE INFERNO)", True), ("CANTO I", False)]
    verse = blocks_of(doc, "LineBlock")
    assert [len(b["c"]) for b in verse] == [6, 4, 4, 2, 6, 4, 4, 4, 6, 6]
    assert not blocks_of(doc, "Para")
    assert any("double spacing" in line for line in report.decisions)
    assert words(all_text(doc)) == words(text)


def test_stanzas_in_small_letters_under_a_heading_marked_with_control_characters(tmp_path):
    """Johnston's Onegin: its lines open in small letters, so its stanzas were joined as prose;
    its chapter headings are wrapped in \\x14 … \\x15, and were text; a page number over a rule
    ("{30}" over "--------") was a heading."""
    stanza = (" ``My uncle - high ideals inspire him;\n but when past joking he fell sick,\n"
              " he really forced one to admire him --\n and never played a shrewder trick.\n"
              " Let others learn from his example!\n But God, how deadly dull to sample\n"
              " sickroom attendance night and day\n and never stir a foot away!\n"
              " And the sly baseness, fit to throttle,\n of entertaining the half-dead:\n"
              " one smoothes the pillows down in bed,\n and glumly serves the medicine bottle,\n"
              " and sighs, and asks oneself all through:\n \"When will the devil come for you?\"''\n")
    # Its lines all but equal, this one would have been wrapped so: verse as the book's others are.
    even = (" Whom then to credit? Whom to treasure?\n On whom alone can we depend?\n"
            " Who is there who will truly measure\n his acts and words to suit our end?\n"
            " Who'll sow no calumnies around us?\n Whose fond attentions will astound us?\n"
            " Who'll never fault our vices, or\n whom shall we never find a bore?\n")
    prose = (" After a fine career, his father had only debts on which to live, and the\n"
             " boy was taught by a tutor from abroad who never troubled him with lessons\n"
             " or with rebukes, and walked him in the park when the weather was fine.\n"
             " So he grew up, and went out into the world, and was thought clever.\n")
    text = (" The translator's note ends here.\n {30}\n --------\n \x14Chapter One\x15\n\n I\n\n" + stanza
            + "\n II\n\n" + prose + "\n \x14Chapter Two\x15\n\n I\n\n" + stanza + "\n II\n\n" + even)
    report, into = run(tmp_path, "onegin", text.encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    headers = [(b["c"][0], " ".join(ast_text(b["c"][2]).split())) for b in doc["blocks"] if b["t"] == "Header"]
    assert headers == [(1, "Chapter One"), (2, "I"), (2, "II"), (1, "Chapter Two"), (2, "I"), (2, "II")]
    assert [len(b["c"]) for b in blocks_of(doc, "LineBlock")] == [14, 14, 8]
    assert sum(b["t"] == "Para" for b in doc["blocks"]) == 2  # the note and {30}; the prose joined
    assert "\x14" not in (into / "text.md").read_text(encoding="utf-8")
    # A pocket book's page kept by OCR: its justified lines all but fill the width, and one ends
    # on a word broken with a hyphen. Prose, though some would have taken the next word.
    page = (" the boy was taught by a tutor from abroad who\n never troubled him with lessons, nor\n"
            " with rebukes, and walked him in the park\n when the weather was fine; and so he grew\n")
    _, into = run(tmp_path, "ocr", ("Chapter One\n\n" + page + "\n" + page.replace("grew", "con-")).encode("utf-8"))
    assert [b["t"] for b in pandoc_doc((into / "text.md").read_text(encoding="utf-8"))["blocks"]] == [
        "Header", "Para", "Para"]


def test_html_character_references_and_tex_quotes_become_the_characters(tmp_path):
    """Johnston's Onegin, saved from a web page and typed for TeX: "Monsieur l'Abb&eacute;" and
    ``My uncle'' were set so, the references and the backticks printed as they were typed. The
    quotes are straight, as its other quotes and apostrophes are (the typography turns them)."""
    text = ("Chapter One\n\nI\n\n ``My uncle - high ideals inspire him;\n but when past joking he fell sick,''\n"
            " it was goodbye, Monsieur l'Abb&eacute;.\n and ``pleasure'' &amp; ``measure''.\n\n"
            "Copyright &copy; Charles Johnston, 1977. Derzh&aacute;vin &#233;migr&eacute;.\n")
    report, into = run(tmp_path, "refs", text.encode("utf-8"))
    written = (into / "text.md").read_text(encoding="utf-8")
    read = " ".join(all_text(pandoc_doc(written)).split())
    assert not re.search(r"&#?\w+;", written) and "``" not in written and "''" not in written
    assert '"My uncle' in written and '"pleasure" & "measure".' in written and "l’Abbé." in read
    assert "© Charles" in read and "Derzhávin émigré." in read
    assert any("6 HTML character references" in line for line in report.decisions)
    assert any("3 TeX quotations" in line for line in report.decisions)
    # Two references alone may be the text's own: they stay as typed.
    report, into = run(tmp_path, "two", b"Chapter One\n\nWrite &amp; for an ampersand, &lt; for a less-than sign.\n")
    read = " ".join(all_text(pandoc_doc((into / "text.md").read_text(encoding="utf-8"))).split())
    assert "&amp; for an ampersand, &lt;" in read


def test_centred_headlines_inside_a_novels_chapters_stay_text(tmp_path):
    """Dracula centres its newspaper headlines in capitals inside its chapters ("THE ESCAPED
    WOLF.", "A HAMPSTEAD MYSTERY."): taken for a collection's story titles, each opened a chapter
    of its own, cutting CHAPTER XI and XIII in two."""
    prose = textwrap.fill("I had for dinner, or rather supper, a chicken done up some way with red "
                          "pepper, which was very good but thirsty. I asked the waiter what it was.", 72)
    lines = []
    for chapter, headline in (("CHAPTER XI", "THE ESCAPED WOLF."), ("CHAPTER XII", None),
                              ("CHAPTER XIII", "A HAMPSTEAD MYSTERY."), ("CHAPTER XIV", "ANOTHER CHILD INJURED.")):
        lines += ["", "", chapter, "", prose, ""]
        if headline:
            lines += [" " * 26 + headline, "", prose, ""]
    report, into = run(tmp_path, "dracula", "\n".join(lines).encode("utf-8"))
    assert report.headings == ["CHAPTER XI", "CHAPTER XII", "CHAPTER XIII", "CHAPTER XIV"]
    assert "THE ESCAPED WOLF." in " ".join(all_text(pandoc_doc(into / "text.md")).split())
    # Before the first chapter such lines still title sections (Montaigne's Life and Letters).
    front = ["", " " * 24 + "THE LIFE OF MONTAIGNE", "", prose, "", " " * 24 + "THE LETTERS OF MONTAIGNE.", "", prose]
    report, into = run(tmp_path, "essays", "\n".join(front + lines).encode("utf-8"))
    assert report.headings[:3] == ["THE LIFE OF MONTAIGNE", "THE LETTERS OF MONTAIGNE.", "CHAPTER XI"]
    assert len(report.headings) == 6


def test_a_numeral_with_a_title_in_capitalised_words_is_a_chapter_heading(tmp_path):
    """A Tale of Two Cities heads its chapters "II. The Mail", "XXIV. Drawn to the Loadstone Rock":
    its 44 chapters ran on as one, under its two "Book the …" headings. A numbered sentence
    (Montaigne's contents, "III.  That our affections carry themselves beyond us.") stays text."""
    prose = textwrap.fill("There were a king with a large jaw and a queen with a plain face, on the "
                          "throne of England; there were a king with a large jaw and a queen with a fair face.", 72)
    text = "\n\n\n\n".join([
        "Book the First--Recalled to Life", "I. The Period", prose, "II. The Mail", prose,
        "III.    That our affections carry themselves beyond us.", prose,
        "Book the Second--the Golden Thread", "I. Five Years Later", prose,
        "XXIV. Drawn to the Loadstone Rock", prose, "XIII. Fifty-two", prose]) + "\n"
    report, into = run(tmp_path, "cities", text.encode("utf-8"))
    assert report.headings == ["Book the First — Recalled to Life", "I. The Period", "II. The Mail",
                               "Book the Second — the Golden Thread", "I. Five Years Later",
                               "XXIV. Drawn to the Loadstone Rock", "XIII. Fifty-two"]
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "# Book the Second — the Golden Thread {.part}" in markdown
    assert "III. That our affections carry themselves beyond us." in para_texts(pandoc_doc(markdown))


def test_emphasis_in_a_heading_is_emphasis(tmp_path):
    """Dracula's "CHAPTER II" over "JONATHAN HARKER'S JOURNAL--_continued_": the underscores stayed,
    escaped, in the heading, and the contents page read "JOURNAL – _continued_"."""
    prose = textwrap.fill("_3 May. Bistritz._--Left Munich at 8:35 P. M., on 1st May, arriving at Vienna "
                          "early next morning; should have arrived at 6:46, but train was an hour late.", 72)
    text = "\n\n".join(["CHAPTER II", "JONATHAN HARKER'S JOURNAL--_continued_", prose,
                        "CHAPTER XVII", "DR. SEWARD'S _Diary_", prose]) + "\n"
    report, into = run(tmp_path, "dracula", text.encode("utf-8"))
    headers = blocks_of(pandoc_doc(into / "text.md"), "Header")
    assert [[node["t"] for node in header["c"][2]][-1] for header in headers] == ["Emph", "Emph"]
    assert [" ".join(all_text(header["c"][2][-1]).split()) for header in headers] == ["continued", "Diary"]
    assert not any("_" in text for text in header_texts(pandoc_doc(into / "text.md")))


def test_bold_marked_in_a_plain_text_is_bold(tmp_path):
    """Distributed Proofreaders mark bold with =…= or #…# (Harold Speed's "#rhythm#", over a line
    end too): those were left as marks in the text; an equation's or a number's signs stay."""
    prose = textwrap.fill("Omitting any mention of #rhythm#, very inadequate, the =Rhythmic expression of "
                          "Feeling= will do; as #the whole conception of\nthe picture# shows. Yet a = b = c, "
                          "and plates #1 and #2 of No. 3# stay as they are printed.", 72)
    text = "\n\n".join(["CHAPTER I", prose, "CHAPTER II", prose]) + "\n"
    report, into = run(tmp_path, "speed", text.encode("utf-8"))
    doc = pandoc_doc(into / "text.md")
    assert [" ".join(all_text(b).split()) for b in blocks_of(doc, "Strong")] == [
        "rhythm", "Rhythmic expression of Feeling", "the whole conception of the picture"] * 2
    text = " ".join(all_text(doc).split())
    assert "a = b = c" in text and "#1 and #2 of No." in text
    assert any(d.startswith("bold:") and " 6 " in d for d in report.decisions)


def test_tables_in_a_plain_text_are_tables(tmp_path):
    """A history's tables, drawn as a grid of + - | or as columns of figures aligned with
    spaces, or ruled with dashes and parted by bars, were read as verse in a quotation (the
    grid's rules turned to dashes, the last rule an underline making a row a heading), their columns
    lost in every edition's type: they are tables, the TABLE line over one its caption, the
    first row the header when the others hold the figures, a column of figures flush right.
    Verse spaced out in columns, without figures, stays verse."""
    prose = textwrap.fill("The trade of the colony grew slowly in the first years, and the figures "
                          "which the governor sent home each year show how slowly it grew.", 72)
    spaced = "\n".join(["    Year.        Population.     Exports (£).",
                        "    1850          1,200,000         3,400",
                        "    1860          1,450,000         4,100",
                        "    1870          1,900,000        12,750"])
    grid = "\n".join(["  +--------+------------+", "  | Year   | Wool (lb.) |", "  +--------+------------+",
                      "  | 1875   | 2,000,000  |", "  | 1880   | 3,500,000  |", "  +--------+------------+"])
    hits = "\n".join(["-------------------------------------------------",
                      "                   | Thrusts |          |  Butt",
                      "                   |   and   |  Cuts.   |   of",
                      "                   | lunges. |          | rifle.",
                      "-------------------------------------------------",
                      "Stomach            |    4    |          |   1",
                      "Arms and hands     |    1    |    1     |",
                      "-------------------------------------------------"])
    verse = "\n".join(["    Sing, O goddess,      the anger of Achilles",
                       "    son of Peleus,        that brought countless ills",
                       "    upon the Achaeans,    many a brave soul"])
    text = "\n\n".join(["CHAPTER I", prose, "               TABLE I.--EXPORTS, 1850-1870.", spaced, prose, grid,
                         prose, hits, prose, verse, prose, "CHAPTER II", prose]) + "\n"
    report, into = run(tmp_path, "history", text.encode("utf-8"))
    doc = pandoc_doc(into / "text.md")
    tables = blocks_of(doc, "Table")
    assert len(tables) == 3
    exports, wool, scores = tables

    def rows(table: dict) -> list[list[str]]:
        _, caption, specs, head, bodies, _ = table["c"]
        cells = [row for row in head[1]] + [row for body in bodies for row in body[3]]
        return [[" ".join(all_text(cell[4]).split()) for cell in row[1]] for row in cells]

    assert rows(exports) == [["Year.", "Population.", "Exports (£)."], ["1850", "1,200,000", "3,400"],
                             ["1860", "1,450,000", "4,100"], ["1870", "1,900,000", "12,750"]]
    assert " ".join(all_text(exports["c"][1]).split()) == "TABLE I.—EXPORTS, 1850-1870."
    assert [spec[0]["t"] for spec in exports["c"][2]] == ["AlignRight"] * 3
    assert len(exports["c"][3][1]) == 1  # the header row
    assert rows(wool) == [["Year", "Wool (lb.)"], ["1875", "2,000,000"], ["1880", "3,500,000"]]
    # Ruled with dashes only, its header over three lines (the Infantry Drill Regulations' hits):
    # the last rule is no underline making "Arms and hands" a heading.
    assert rows(scores) == [["", "Thrusts and lunges.", "Cuts.", "Butt of rifle."], ["Stomach", "4", "", "1"],
                            ["Arms and hands", "1", "1", ""]]
    assert [" ".join(all_text(h["c"][2]).split()) for h in blocks_of(doc, "Header")] == ["CHAPTER I", "CHAPTER II"]
    assert any("Achilles" in all_text(b) for b in blocks_of(doc, "LineBlock"))
    assert not any("reads as pandoc Markdown" in w for w in report.warnings)


def test_sections_named_by_a_contents_list_with_page_numbers_are_headings(tmp_path):
    """The Bureau of Ethnology's report on the Midē´wiwin: its "CONTENTS." label over its
    entries with no blank line between, the entries with page numbers ("Shamans    156"), were
    not read as a contents list: its 28 sections ("SHAMANS.") stayed paragraphs, one chapter in
    all. The list goes aside, the lines it names are headings, and the entries it indents
    under others (more of them than of the top ones) are their sections."""
    prose = textwrap.fill("There are extant among the Ojibwa Indians three classes of mystery men, termed "
                          "respectively and in order of importance the Midē, the Jessakkid, and the Wabeno.", 72)
    contents = "\n".join(["CONTENTS.", "                                              Page",
                          "Shamans                                        156",
                          "First degree                                   189",
                          "  Preparatory instruction                      189",
                          "  Descriptive notes                            220",
                          "Second degree                                  224",
                          "  Preparation of candidate                     224",
                          "  Descriptive notes                            236"])
    body = ["SHAMANS.", prose, prose, "FIRST DEGREE.", prose, "PREPARATORY INSTRUCTION.", prose,
            "DESCRIPTIVE NOTES.", prose, "SECOND DEGREE.", prose, "PREPARATION OF CANDIDATE.", prose,
            "DESCRIPTIVE NOTES.", prose]
    # The entries under the label, or each a paragraph of its own: "Descriptive notes" twice,
    # at two pages, is no title met again over its text.
    for n, listing in enumerate((contents, contents.replace("\n", "\n\n"))):
        (tmp_path / str(n)).mkdir()
        report, into = run(tmp_path / str(n), "mide", ("\n\n".join([listing, *body]) + "\n").encode("utf-8"))
        doc = pandoc_doc(into / "text.md")
        headers = [(h["c"][0], " ".join(all_text(h["c"][2]).split())) for h in blocks_of(doc, "Header")]
        assert headers == [(1, "SHAMANS."), (1, "FIRST DEGREE."), (2, "PREPARATORY INSTRUCTION."),
                           (2, "DESCRIPTIVE NOTES."), (1, "SECOND DEGREE."), (2, "PREPARATION OF CANDIDATE."),
                           (2, "DESCRIPTIVE NOTES.")], n
        assert "156" not in (into / "text.md").read_text(encoding="utf-8")


def test_a_transcribers_note_and_the_title_pages_before_a_preface_go_aside(tmp_path):
    """The Midē´wiwin's e-text opens with a transcriber's note on the characters it needs and
    its music files, then its title page (the title with macrons the header lacks, the author
    as initials), and the title again over the introduction with a byline: all of it stood
    before the text as its first, untitled chapter. It goes aside; the introduction opens the book."""
    prose = textwrap.fill("The Ojibwa is one of the largest tribes of the United States, and it is "
                          "scattered over a considerable area, from the Province of Ontario.", 72)
    lines = ["Title: The Mide'wiwin or \"Grand Medicine Society\" of the Ojibwa", "",
             "Author: Walter James Hoffman", "",
             "*** START OF THIS PROJECT GUTENBERG EBOOK THE MIDE'WIWIN ***", "", "",
             "  [Transcriber’s Note:", "",
             "  This e-text includes a few characters that can only be viewed with", "  utf-8 (unicode) encoding.", "",
             "  Each [Music] tag includes a page number for cross-reference.]", "", "",
             "       *       *       *       *       *", "",
             "   THE MIDĒ´WIWIN OR “GRAND MEDICINE SOCIETY”", "", "                       of", "",
             "                  THE OJIBWA.", "", "                       by", "",
             "                 W. J. HOFFMAN.", "",
             "       *       *       *       *       *", "", "",
             "CONTENTS.", "Introduction                                   149",
             "Shamans                                        156", "", "",
             "THE MIDĒ´WIWIN OR “GRAND MEDICINE SOCIETY”", "  OF THE OJIBWAY.", "", "By W. J. Hoffman.", "", "",
             "INTRODUCTION.", "", prose, "", prose, "", "", "SHAMANS.", "", prose, "", prose, "",
             "*** END OF THIS PROJECT GUTENBERG EBOOK THE MIDE'WIWIN ***", ""]
    report, into = run(tmp_path, "mide", "\n".join(lines).encode("utf-8"))
    text = (into / "text.md").read_text(encoding="utf-8")
    assert text.startswith("# INTRODUCTION")
    assert "Transcriber" not in text and "HOFFMAN" not in text and "Hoffman" not in text
    aside = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "Transcriber’s Note" in aside and "[Music]" in aside and "By W. J. Hoffman." in aside


def test_an_old_editions_index_with_its_page_numbers_goes_aside(tmp_path):
    """MacDowell's Critical and Historical Essays end on the old edition's index: its page
    numbers are that edition's, and its letters "C.", "D.", "I." were read as chapters' roman
    numerals (six chapters of index entries). It goes to source-index.txt. An index without page
    numbers (Speed's: Gutenberg dropped them) stays, a list of the book's terms."""
    prose = textwrap.fill("The origin of music is lost in the mists of time, and the first songs "
                          "of men were sung long before any of them were written down.", 72)
    index = "\n\n".join(["INDEX", "A.", "  Accents, 92.\n  Adagio, 189.\n  Aeolian mode, 83.",
                          "C.", "  Caccini, 177, 209.\n  Cachucha, 182.\n  Canon, 205.",
                          "D.", "  Dance, 12, 14, 177.\n  Debussy, 218."])
    terms = "\n\n".join(["INDEX", "Absorbent canvas\nAcademic drawing\nCaccini\nCanon", "Dance\nDebussy"])
    for n, (ending, aside) in enumerate(((index, True), (terms, False))):
        text = "\n\n".join(["CHAPTER I", prose, "CHAPTER II", prose, ending]) + "\n"
        (tmp_path / str(n)).mkdir()
        report, into = run(tmp_path / str(n), "essays", text.encode("utf-8"))
        doc = pandoc_doc(into / "text.md")
        headers = [" ".join(all_text(h["c"][2]).split()) for h in blocks_of(doc, "Header")]
        if aside:
            assert headers == ["CHAPTER I", "CHAPTER II"]
            assert "Caccini" not in all_text(doc)
            assert "Caccini, 177, 209." in (into / "source-index.txt").read_text(encoding="utf-8")
            assert any(d.startswith("index:") for d in report.decisions)
        else:
            assert "Caccini" in all_text(doc) and not (into / "source-index.txt").exists()


def test_books_past_the_twelfth_are_parts(tmp_path):
    """Les Misérables' fourth volume has fifteen books: "BOOK THIRTEENTH.--MARIUS ENTERS THE
    SHADOW" was no heading, and its chapters, with the next two books', ran on in the twelfth."""
    prose = textwrap.fill("Paris was in arms; the barricade was built at the corner of the street, "
                          "and night came down upon the city before the troops had moved.", 72)
    book = "BOOK {}.--THE BOOK\n\nCHAPTER I--A CHAPTER\n\n{}\n\nCHAPTER II--ANOTHER\n\n{}"
    text = "\n\n\n".join([book.format(ordinal, prose, prose)
                          for ordinal in ("TWELFTH", "THIRTEENTH", "FOURTEENTH", "FIFTEENTH")]) + "\n"
    report, into = run(tmp_path, "lesmis", text.encode("utf-8"))
    parts = [line for line in (into / "text.md").read_text(encoding="utf-8").split("\n") if line.endswith("{.part}")]
    assert parts == [f"# BOOK {ordinal}. — THE BOOK {{.part}}" for ordinal in ("TWELFTH", "THIRTEENTH", "FOURTEENTH",
                                                                             "FIFTEENTH")]


LES_MISERABLES_FRONT = """LES MISÉRABLES

By Victor Hugo



Contents



LES MISÉRABLES

VOLUME I.--FANTINE.

  BOOK FIRST--A JUST MAN
  CHAPTER I--M. MYRIEL
  CHAPTER II--M. MYRIEL BECOMES M. WELCOME

  BOOK SECOND.--THE SHIP ORION
  CHAPTER I--NUMBER 24,601 BECOMES NUMBER 9,430
  CHAPTER II--IN WHICH THE READER WILL PERUSE TWO VERSES, WHICH ARE OF THE
  \u00a0 \u00a0 \u00a0 DEVIL'S COMPOSITION, POSSIBLY
  CHAPTER III--MOTHER INNOCENTE
  CHAPTER IV--IN WHICH JEAN VALJEAN HAS QUITE THE AIR OF HAVING READ AUSTIN CASTILLEJO
  CHAPTER V--IT IS NOT NECESSARY TO BE DRUNK IN ORDER TO BE IMMORTAL



List of Illustrations

Bishop Welcome

Cosette Sweeping



VOLUME I.--FANTINE.



BOOK FIRST--A JUST MAN



CHAPTER I--M. MYRIEL

{prose}

CHAPTER II--M. MYRIEL BECOMES M. WELCOME

{prose}



BOOK SECOND.--THE SHIP ORION



CHAPTER I--NUMBER 24,601 BECOMES NUMBER 9,430

{prose}

CHAPTER II--IN WHICH THE READER WILL PERUSE TWO VERSES, WHICH ARE OF THE
DEVIL'S COMPOSITION, POSSIBLY

{prose}

CHAPTER III--MOTHER INNOCENTE

{prose}

CHAPTER IV--IN WHICH JEAN VALJEAN HAS QUITE THE AIR OF HAVING READ AUSTIN
CASTILLEJO

{prose}

CHAPTER V--IT IS NOT NECESSARY TO BE DRUNK IN ORDER TO BE IMMORTAL

{prose}
"""


def test_a_contents_list_with_wrapped_entries_is_set_aside(tmp_path):
    """Les Misérables' contents indents a block of entries for each book, wraps a long entry onto a
    line indented with no-break spaces, and ends over a list of illustrations: its entries over a
    wrapped one became chapters ("CHAPTER II--IN WHICH … OF THE" over a quotation of the next
    entries), and the text opened on eight chapters of contents before VOLUME I."""
    prose = textwrap.fill("In 1815, M. Charles-François-Bienvenu Myriel was Bishop of D—— He was an old man "
                          "of about seventy-five years of age; he had occupied the see of D since 1806.", 72)
    report, into = run(tmp_path, "lesmis", LES_MISERABLES_FRONT.replace("{prose}", prose).encode("utf-8"))
    assert report.headings[:3] == ["VOLUME I. — FANTINE.", "BOOK FIRST — A JUST MAN", "CHAPTER I — M. MYRIEL"]
    assert len(report.headings) == 10
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# VOLUME I. — FANTINE. {.volume}\n")
    front = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "WHICH ARE OF THE\nDEVIL'S COMPOSITION, POSSIBLY\n\nCHAPTER III--MOTHER INNOCENTE\n" in front
    assert front.endswith("Cosette Sweeping\n")
    assert report.words_in == report.words_out + report.words_moved + report.words_set_aside + 1  # "By"


def test_a_volume_opening_after_short_lines_is_no_contents_list(tmp_path):
    """Les Misérables' second volume opens after two short lines ("[THE END OF VOLUME I.
    "FANTINE"] Enlarge", "Enlarge"): "VOLUME II.--COSETTE", "BOOK FIRST.--WATERLOO" and "CHAPTER
    I--…", a run of short lines whose labels come again later, were taken for a contents list,
    and the volume, its first book and chapter ran on in the book before."""
    prose = textwrap.fill("Last year (1861), on a beautiful May morning, a traveller, the person who is "
                          "telling this story, was coming from Nivelles towards La Hulpe.", 72)
    volume = "VOLUME {0}.--THE VOLUME\n\n\n\nBOOK FIRST.--THE BOOK\n\n\n\nCHAPTER I--THE CHAPTER OF {0}\n\n{1}\n\n"
    text = (volume.format("I", prose) + "CHAPTER II--ANOTHER\n\n" + prose + "\n\n"
            + '[THE END OF VOLUME I. "FANTINE"] Enlarge\n\n\nEnlarge\n\n\n\n' + volume.format("II", prose)
            + "BOOK SECOND.--THE SHIP ORION\n\n\n\nCHAPTER I--NUMBER 24,601\n\n" + prose + "\n")
    report, into = run(tmp_path, "lesmis", text.encode("utf-8"))
    assert [h for h in report.headings if h.startswith(("VOLUME", "BOOK"))] == [
        "VOLUME I. — THE VOLUME", "BOOK FIRST. — THE BOOK", "VOLUME II. — THE VOLUME", "BOOK FIRST. — THE BOOK",
        "BOOK SECOND. — THE SHIP ORION"]


def test_a_title_in_capitals_wrapped_over_three_lines_is_the_headings(tmp_path):
    """Les Misérables' "CHAPTER IV--MADEMOISELLE GILLENORMAND ENDS BY NO LONGER THINKING IT A" over
    "BAD THING THAT M. FAUCHELEVENT SHOULD HAVE ENTERED WITH SOMETHING UNDER" and "HIS ARM" was
    taken for a paragraph's first line (a heading running on into its text): the chapter was lost."""
    prose = textwrap.fill('"Yes, sir," said Basque in alarm. Cosette and Marius beheld each other once more, '
                          "and what that interview was we decline to say.", 72)
    text = ("CHAPTER III--THE INSEPARABLES\n\n" + prose + "\n\n\n\n"
            "CHAPTER IV--MADEMOISELLE GILLENORMAND ENDS BY NO LONGER THINKING IT A\n"
            "BAD THING THAT M. FAUCHELEVENT SHOULD HAVE ENTERED WITH SOMETHING UNDER\nHIS ARM\n\n" + prose + "\n")
    report, into = run(tmp_path, "lesmis", text.encode("utf-8"))
    assert report.headings == ["CHAPTER III — THE INSEPARABLES",
                               "CHAPTER IV — MADEMOISELLE GILLENORMAND ENDS BY NO LONGER "
                               "THINKING IT A BAD THING THAT M. FAUCHELEVENT SHOULD HAVE ENTERED WITH SOMETHING UNDER "
                               "HIS ARM"]


def test_a_contents_lists_label_under_a_heading_is_no_title(tmp_path):
    """Montaigne's Essays (Gutenberg) sets "BOOK THE FIRST" over "CONTENTS OF VOLUME 2." and the
    list: the part was titled "BOOK THE FIRST. CONTENTS OF VOLUME 2." on its page, the contents
    and the running heads of all its chapters (and another "BOOK THE FIRST. CHAP.")."""
    prose = textwrap.fill("The most usual way of appeasing the indignation of such as we have any way "
                          "offended, when we see them in possession of the power of revenge.", 72)
    text = ("BOOK THE FIRST\n\nCONTENTS OF VOLUME 2.\n\nI.        That Men by Various Ways Arrive at the Same End.\n"
            "II.       Of Sorrow.\n\n\n\nCHAPTER I\n\nTHAT MEN BY VARIOUS WAYS ARRIVE AT THE SAME END.\n\n" + prose
            + "\n\n\n\nCHAPTER II\n\nOF SORROW\n\n" + prose + "\n\n\n\nBOOK THE SECOND\n\nCHAP.\n\n"
            "I.      Of the inconstancy of our actions.\n\n\n\nCHAPTER I\n\nOF THE INCONSTANCY OF OUR ACTIONS\n\n"
            + prose + "\n")
    report, into = run(tmp_path, "montaigne", text.encode("utf-8"))
    assert [h for h in report.headings if h.startswith("BOOK")] == ["BOOK THE FIRST", "BOOK THE SECOND"]
    assert "CONTENTS OF VOLUME 2." in para_texts(pandoc_doc(into / "text.md"))


def test_a_long_title_in_capitals_under_a_chapters_number_is_its_title(tmp_path):
    """Montaigne's "CHAPTER XIV" over "THAT MEN ARE JUSTLY PUNISHED FOR BEING OBSTINATE IN THE DEFENCE"
    and "OF A FORT THAT IS NOT IN REASON TO BE DEFENDED": a title too long for a line stayed the
    chapter's first paragraph, and the contents listed a bare "CHAPTER XIV" among titled chapters."""
    prose = textwrap.fill("The most usual way of appeasing the indignation of such as we have any way "
                          "offended, when we see them in possession of the power of revenge.", 72)
    text = ("CHAPTER XIII\n\nTHE CEREMONY OF THE INTERVIEW OF PRINCES\n\n" + prose + "\n\n\n\nCHAPTER XIV\n\n"
            "THAT MEN ARE JUSTLY PUNISHED FOR BEING OBSTINATE IN THE DEFENCE\nOF A FORT THAT IS NOT IN REASON "
            "TO BE DEFENDED\n\n" + prose + "\n\n\n\nCHAPTER XV\n\nOF THE PUNISHMENT OF COWARDICE\n\n" + prose + "\n")
    report, into = run(tmp_path, "montaigne", text.encode("utf-8"))
    assert report.headings[1] == ("CHAPTER XIV. THAT MEN ARE JUSTLY PUNISHED FOR BEING OBSTINATE IN THE DEFENCE OF A "
                                  "FORT THAT IS NOT IN REASON TO BE DEFENDED")
    assert len(report.headings) == 3 and len(para_texts(pandoc_doc(into / "text.md"))) == 3


def test_a_preface_is_a_heading_and_a_contents_line_naming_it_is_not(tmp_path):
    """Les Misérables' "VOLUME I.--FANTINE." over "PREFACE" and Hugo's preface: "PREFACE" was no
    heading (Russian "Предисловие" was), so the preface stood on the volume's title page. A
    preface opens what follows: it never ends the parts as an afterword does. Montaigne's indented
    contents ("     Preface" over "     The Life of Montaigne") stays a list, not a chapter."""
    prose = textwrap.fill("So long as there shall exist, by virtue of law and custom, decrees of damnation "
                          "pronounced by society, artificially creating hells amid the civilization of earth.", 72)
    text = ("CONTENTS OF VOLUME 1.\n\n     Preface\n     The Life of Montaigne\n\n\n\n"
            "VOLUME I.--FANTINE.\n\n\n\nPREFACE\n\n" + prose + "\n\n\n\nBOOK FIRST--A JUST MAN\n\n\n\n"
            "CHAPTER I--M. MYRIEL\n\n" + prose + "\n\n\n\nCHAPTER II--M. MYRIEL BECOMES M. WELCOME\n\n" + prose + "\n")
    report, into = run(tmp_path, "lesmis", text.encode("utf-8"))
    assert report.headings == ["VOLUME I. — FANTINE.", "PREFACE", "BOOK FIRST — A JUST MAN", "CHAPTER I — M. MYRIEL",
                               "CHAPTER II — M. MYRIEL BECOMES M. WELCOME"]
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "\n# PREFACE\n" in markdown and "{.backmatter}" not in markdown
    # Montaigne's "PREFACE." loses its stop, as "CHAPTER IV." does: it was "PREFACE." in the running heads.
    report, into = run(tmp_path, "montaigne", f"PREFACE.\n\n{prose}\n\n\n\nCHAPTER I\n\n{prose}\n".encode())
    assert report.headings == ["PREFACE", "CHAPTER I"]


def test_a_translators_preface_the_text_opens_with_is_a_heading_and_front_matter(tmp_path):
    """Crime and Punishment (#2554) opens with "TRANSLATOR’S PREFACE": no heading (only "PREFACE"
    was), so the preface ran on as the text's first paragraphs, and the EPUB's text started there.
    A preface, foreword or introduction, whoever's, before the first other heading is front matter."""
    prose = textwrap.fill("A few words about Dostoevsky himself may help the English reader to understand "
                          "his work. Dostoevsky was the son of a doctor.", 72)
    text = (f"TRANSLATOR’S PREFACE\n\n{prose}\n\n\n\nINTRODUCTION\n\n{prose}\n\n\n\nPART I\n\n\n\n"
            f"CHAPTER I\n\n{prose}\n\n\n\nCHAPTER II\n\n{prose}\n")
    report, into = run(tmp_path, "cp", text.encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert report.headings == ["TRANSLATOR’S PREFACE", "INTRODUCTION", "PART I", "CHAPTER I", "CHAPTER II"]
    assert markdown.startswith("# TRANSLATOR’S PREFACE {.frontmatter}\n")
    assert "\n# INTRODUCTION {.frontmatter}\n" in markdown and "\n# PART I {.part}\n" in markdown
    assert markdown.count("{.frontmatter}") == 2


def test_a_plays_table_of_speeches_keeps_its_speakers(tmp_path):
    """Standard Ebooks' Importance of Being Earnest sets each speech beside its speaker's cell
    (`<td epub:type="z3998:persona">`) and names speakers in stage directions in `<b epub:type=
    "z3998:persona">`: the Markdown keeps no cell's class, so the speakers came out as plain words
    and the play as a data table (ruled, in small type). Now the speakers are in small capitals
    and the table in a `::: drama` div, which the editions set as a play."""
    rows = ('<tr><td/><td><i epub:type="z3998:stage-direction"><b epub:type="z3998:persona">Lane</b> '
            'is arranging afternoon tea.</i></td></tr>'
            '<tr><td epub:type="z3998:persona">Algernon</td><td>Did you hear what I was playing, Lane?</td></tr>'
            '<tr><td epub:type="z3998:persona">Lane</td><td>I didn’t think it polite to listen, sir.</td></tr>')
    source = _epub(tmp_path / "earnest.epub", "<dc:title>The Importance of Being Earnest</dc:title>",
                   f'<section id="act-1" epub:type="chapter z3998:scene"><h2>Act I</h2><p>Morning-room.</p>'
                   f'<table><tbody>{rows}</tbody></table></section>')
    into = tmp_path / "earnest" / "manuscript"
    report = import_text(source, into)
    assert report.words_in - report.words_moved == report.words_out
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    (div,) = [d for d in blocks_of(doc, "Div") if "drama" in d["c"][0][1]]
    play = {"blocks": div["c"][1]}
    assert blocks_of(play, "Table")
    assert sorted(all_text(s) for s in blocks_of(play, "SmallCaps")) == ["Algernon", "Lane", "Lane"]
    assert not blocks_of(play, "Strong")
    built = build_project(into.parent, ("html",))
    page = lxml_html.fromstring((built.html / "act-i.html").read_bytes())
    assert page.xpath("string(//div[@class='drama']//tr[2]/th[@scope='row']/span[@class='smallcaps'])") == "Algernon"


def test_an_epubs_edition_matter_is_set_aside(tmp_path):
    """Standard Ebooks' EPUBs: the cover picture pandoc's reader puts first, the imprint, the
    colophon and the "Uncopyright" (epub:type imprint, colophon, copyright-page) were imported as
    the text's first page and three chapters, listed in the contents with the play's acts. They
    are set aside, word for word, in source-edition-matter.txt, and the cover becomes the book's."""
    source = _epub(tmp_path / "earnest.epub", "<dc:title>The Importance of Being Earnest</dc:title>",
                   '<section id="imprint" epub:type="imprint"><header><h2>Imprint</h2></header>'
                   "<p>This ebook is the product of many hours of hard work by volunteers.</p></section>",
                   '<section id="act-1" epub:type="chapter"><h2>Act I</h2><p>Morning-room.</p></section>',
                   '<section id="colophon" epub:type="colophon"><h2>Colophon</h2><p>Produced for you.</p></section>',
                   '<section id="uncopyright" epub:type="copyright-page"><h2>Uncopyright</h2>'
                   "<p>May you do good and not evil.</p></section>")
    opf = tmp_path / "x"
    with zipfile.ZipFile(source) as z:  # the logo declared the EPUB's cover picture
        z.extractall(opf)
    package = opf / "epub" / "content.opf"
    package.write_text(package.read_text(encoding="utf-8").replace(
        'media-type="image/png"/>', 'media-type="image/png" properties="cover-image"/>'), encoding="utf-8")
    source.unlink()
    with zipfile.ZipFile(source, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        for path in sorted(opf.rglob("*")):
            if path.is_file() and path.name != "mimetype":
                z.write(path, path.relative_to(opf).as_posix())
    into = tmp_path / "earnest" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    aside = (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    assert [" ".join(all_text(h["c"][2]).split()) for h in blocks_of(pandoc_doc(text), "Header")] == ["Act I"]
    assert "![" not in text and (into / "cover.png").is_file()
    for words_aside in ("hard work by volunteers", "Produced for you", "May you do good and not evil"):
        assert words_aside in aside
    assert report.words_set_aside == len(words(all_text(pandoc_doc(aside)["blocks"])))
    assert report.words_in == report.words_out + report.words_set_aside



def test_an_epubs_dedication_is_the_books_dedication_page(tmp_path):
    """Shackleton's South (Standard Ebooks): the dedication's section, "To / my comrades / who fell in
    the white warfare / …", was imported as text before the preface, printed as a headless page 1,
    flush left. It is book.yaml's `dedication`, its lines kept, and every edition sets it on its own
    page, a line for each."""
    lines = ["To", "my comrades", "who fell in the white warfare", "of the South"]
    source = _epub(tmp_path / "south.epub", "<dc:title>South</dc:title>",
                   '<section id="dedication" epub:type="dedication"><p>' + "<br/>".join(lines) + "</p></section>",
                   '<section id="preface" epub:type="preface"><h2>Preface</h2><p>After the conquest.</p></section>')
    into = tmp_path / "south" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "comrades" not in text and text.lstrip().startswith("## Preface")
    assert yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))["dedication"] == "\n".join(lines)
    assert report.words_in == report.words_out + report.words_moved
    built = build_project(into.parent, ("html", "epub"))
    page = lxml_html.fromstring((built.html / "dedication.html").read_bytes())
    (para,) = page.xpath("//section[contains(@class, 'dedication')]/p")
    assert [t.strip() for t in para.xpath("text()")] == lines and len(para.xpath("br")) == 3


def test_an_epubs_chapters_in_h2_are_reported(tmp_path):
    """Standard Ebooks' chapters are <h2>: the import's report said "headings (0)", as if it had
    found none, though the build takes them as the chapters."""
    source = _epub(tmp_path / "earnest.epub", "<dc:title>The Importance of Being Earnest</dc:title>",
                   '<section id="act-1"><h2>Act I</h2><p>Morning-room.</p></section>',
                   '<section id="act-2"><h2>Act II</h2><p>Garden.</p><h3>A scene</h3><p>Later.</p></section>')
    report = import_text(source, tmp_path / "earnest" / "manuscript")
    summary = report.summary()
    assert "headings (2), written as '## '" in summary and "    Act II\n" in summary and "A scene" not in summary


def test_verse_lines_indented_by_a_class_keep_their_indent(tmp_path):
    """Standard Ebooks indent a line of verse by a class, <span class="i1"> … "i4" (O Captain! My
    Captain!: "But O heart! heart! heart!" over "O the bleeding drops of red," each further in):
    the class was kept (`[But O heart!]{.i1}`) but meant nothing to the editions, and every line
    was set flush. The stanza is a line block, each such line opening with em spaces, as deep as
    Standard Ebooks set it and beyond a turnover's indent."""
    stanza = ("<p><span>O Captain! my Captain! our fearful trip is done,</span><br/>"
              "<span>The ship has weather’d every rack,</span><br/>"
              '<span class="i1">But O heart! heart! heart!</span><br/>'
              '<span class="i2">O the bleeding drops of red,</span></p>'
              "<p><span>O Captain! my Captain! rise up and hear the bells;</span><br/>"
              "<span>Rise up for you the flag is flung.</span></p>")
    source = _epub(tmp_path / "leaves.epub", "<dc:title>Leaves of Grass</dc:title>",
                   f'<section id="lincoln"><h2>O Captain! My Captain!</h2>{stanza}</section>')
    into = tmp_path / "leaves" / "manuscript"
    report = import_text(source, into)
    assert report.words_in == report.words_out
    built = build_project(into.parent, ("html",))
    page = lxml_html.fromstring((built.html / "lincoln.html").read_bytes())
    lines = [line.text_content() for line in page.xpath("//main//span[@class='line']")]
    assert lines[:4] == ["O Captain! my Captain! our fearful trip is done,", "The ship has weather’d every rack,",
                         "\u2003\u2003But O heart! heart! heart!", "\u2003\u2003\u2003O the bleeding drops of red,"]
    assert lines[4] == "O Captain! my Captain! rise up and hear the bells;"


ROMEO = """\

Project Gutenberg Etext of Romeo and Juliet by Shakespeare
PG has multiple editions of William Shakespeare's Complete Works

*BEFORE!* YOU USE OR READ THIS ETEXT
By using or reading any part of this PROJECT GUTENBERG-tm
etext, you indicate that you understand, agree to and accept
this "Small Print!" statement.

*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*

ACT I.

Scene I. A public place.

[Enter Sampson and Gregory armed with swords and bucklers.]

Sampson.
Gregory, o' my word, we'll not carry coals.

Gregory.
No, for then we should be colliers.

Sampson.
I mean, an we be in choler we'll draw.

Gregory.
Ay, while you live, draw your neck out o' the collar.

Sampson.
A dog of that house shall move me to stand:
I will take the wall of any man or maid of Montague's.

Gregory.
That shows thee a weak slave; for the weakest goes to the
wall.

Sampson.
True; and therefore women, being the weaker vessels,
are ever thrust to the wall: therefore I will push Montague's men
from the wall and thrust his maids to the wall.

Gregory.
The quarrel is between our masters and us their men.

End of Project Gutenberg Etext of Romeo and Juliet by Shakespeare
"""


def test_a_plain_text_play_of_the_1990s(tmp_path):
    """Gutenberg's Romeo and Juliet (#1513, 1998): each speech its speaker's name on a line over
    it, a blank line between. The names and the verse end like sentences, so the play was read as
    one paragraph a line: "…for the weakest goes to the" and "wall." were two paragraphs. And its
    licence, ending "*END*THE SMALL PRINT! …*END*" (no "*** START OF"), was not found: 266 lines
    of it, with the play's cast list and prologue, were set aside as its title pages."""
    report, into = run(tmp_path, "romeo", ROMEO.replace("\n", "\r\n").encode("utf-8"))
    assert report.paragraph_rule == RULE_BLANK
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "weakest goes to the wall." in " ".join(text.split())
    assert "SMALL PRINT" not in text and "SMALL PRINT" in (into / "gutenberg-licence.txt").read_text(encoding="utf-8")
    headings = [" ".join(all_text(h["c"][2]).split()) for h in blocks_of(pandoc_doc(text), "Header")]
    assert headings == ["ACT I", "Scene I. A public place."]


def test_a_plain_text_plays_speakers_directions_and_verse(tmp_path):
    """Romeo and Juliet as Gutenberg sets it: a speaker's name on a line over the speech ran into
    it as plain words ("Sampson. Gregory, o' my word") or opened its verse as a line of it; a stage
    direction in brackets was set as text, and "[Enter Chorus.]" joined "THE PROLOGUE" as its
    title. Now the speakers are in small capitals (run in to prose, over verse, which keeps its
    lines and their indents), the directions are in italics, the prologue a heading of its own."""
    play = ROMEO.replace("ACT I.\n", "THE PROLOGUE\n\n[Enter Chorus.]\n\nChor.\n"
                         "Two households, both alike in dignity,\n  In fair Verona, where we lay our scene,\n"
                         "From ancient grudge break to new mutiny,\n  Where civil blood makes civil hands unclean.\n\n"
                         "ACT I.\n").replace("Gregory.\nThe quarrel", "Lady  Montague.\nThe quarrel").replace(
                             "be colliers.", "be colliers. [Aside.]")
    report, into = run(tmp_path, "romeo", play.encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    headings = [" ".join(all_text(h["c"][2]).split()) for h in blocks_of(doc, "Header")]
    assert headings == ["THE PROLOGUE", "ACT I", "Scene I. A public place."]
    speakers = [" ".join(all_text(s).split()) for s in blocks_of(doc, "SmallCaps")]
    assert speakers[:3] == ["Chor.", "Sampson.", "Gregory."] and "Lady Montague." in speakers
    chorus = blocks_of(doc, "LineBlock")[0]
    lines = [" ".join(all_text(line).split(" ")).replace("   ", " ") for line in chorus["c"]]
    assert lines[0] == "Chor." and lines[1].startswith("Two") and lines[2].startswith("\u00a0\u00a0In fair")
    prose = next(p for p in blocks_of(doc, "Para") if "weakest" in all_text(p))
    assert prose["c"][0]["t"] == "SmallCaps" and "goes to the wall." in " ".join(all_text(prose).split())
    directions = [" ".join(all_text(e).split()) for e in blocks_of(doc, "Emph")]
    assert directions[:3] == ["[Enter Chorus.]", "[Enter Sampson and Gregory armed with swords and bucklers.]",
                              "[Aside.]"]
    assert report.words_in == report.words_out + report.words_set_aside + report.words_moved


def test_an_epubs_bare_header_round_a_title_is_dropped(tmp_path):
    """Standard Ebooks set a poem's title and its subtitle in a <header> (Leaves of Grass' "Out from
    Behind This Mask" over "(To Confront a Portrait)"), which pandoc reads as a div with nothing on
    it: written `::: {}` … `:::` round them, 46 times in the book."""
    source = _epub(tmp_path / "leaves.epub", "<dc:title>Leaves of Grass</dc:title>",
                   '<section id="autumn-rivulets"><h2>Autumn Rivulets</h2><article id="mask">'
                   "<header><h3>Out from Behind This Mask</h3><p>(To Confront a Portrait)</p></header>"
                   "<p><span>Out from behind this bending rough-cut mask,</span><br/>"
                   "<span>These lights and shades, this drama of the whole,</span></p></article></section>")
    into = tmp_path / "leaves" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "::: {}" not in text and report.words_in == report.words_out
    doc = pandoc_doc(text)
    assert [d["c"][0][1] for d in blocks_of(doc, "Div")] == [["subhead"]]  # the subtitle's, only
    assert [" ".join(all_text(h["c"][2]).split()) for h in blocks_of(doc, "Header")] == [
        "Autumn Rivulets", "Out from Behind This Mask"]


def test_wrappers_inside_a_quotation_are_dropped(tmp_path):
    """Shackleton's South quotes his expedition's programme in a <blockquote> round a <div> round a
    <header role="presentation"> over its title: written `:::: {}` and `::: {role="presentation"}`
    inside the quotation, the wrappers kept there as they were dropped only outside quotations."""
    source = _epub(tmp_path / "south.epub", "<dc:title>South</dc:title>",
                   '<section id="preface"><h2>Preface</h2><p>Here is the programme.</p><blockquote><div>'
                   '<header role="presentation"><p>The Transcontinental Party</p></header>'
                   "<p>The first crossing of the Antarctic continent.</p></div></blockquote></section>")
    into = tmp_path / "south" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert ":::" not in text and report.words_in == report.words_out
    (quote,) = blocks_of(pandoc_doc(text), "BlockQuote")
    assert [b["t"] for b in quote["c"]] == ["Para", "Para"]


def test_an_epubs_cast_list_is_no_list_of_bullets(tmp_path):
    """Standard Ebooks' Dramatis Personae (a section typed z3998:dramatis-personae holding a list)
    came out as a list of bullets, "• John Worthing, J. P." and so on. It goes in a
    `::: dramatis-personae` div, set as names under one another; other lists keep their bullets."""
    source = _epub(tmp_path / "earnest.epub", "<dc:title>The Importance of Being Earnest</dc:title>",
                   '<section id="dramatis-personae" epub:type="z3998:dramatis-personae"><h2>Dramatis Personae</h2>'
                   "<ul><li><p>John Worthing, J. P.</p></li><li><p>Algernon Moncrieff</p></li></ul></section>",
                   '<section id="act-1" epub:type="chapter"><h2>Act I</h2><p>Morning-room.</p>'
                   "<ul><li><p>Cucumber sandwiches</p></li><li><p>Bread and butter</p></li></ul></section>")
    into = tmp_path / "earnest" / "manuscript"
    import_text(source, into)
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    (cast,) = [d for d in blocks_of(doc, "Div") if d["c"][0][1] == ["dramatis-personae"]]
    cast_text = " ".join(all_text(cast["c"][1]).split())
    assert "Algernon Moncrieff" in cast_text and "Cucumber" not in cast_text
    built = build_project(into.parent, ("pdf",))
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(built.pdf).pages]
    assert not [p for p in pages if "Algernon Moncrieff" in p and "•" in p]
    assert [p for p in pages if "Cucumber sandwiches" in p and "•" in p]  # the bullets (pypdf reads them last)


def test_an_epubs_foreign_words_in_italics_keep_their_language(tmp_path):
    """Standard Ebooks mark a foreign phrase `<i xml:lang="fr">résumé</i>` (Leaves of Grass: nine,
    "Ein' feste Burg ist unser Gott" in German): pandoc's reader drops an italic's language, so
    the editions hyphenated and voiced them as English. The language is kept on a span inside."""
    source = _epub(tmp_path / "leaves.epub", "<dc:title>Leaves of Grass</dc:title>",
                   '<section id="storm"><h2>Proud Music of the Storm</h2><p>I hear the chant '
                   '<i epub:type="se:name.music" xml:lang="de">Ein’ feste Burg ist unser Gott</i>, a '
                   '<i xml:lang="fr">résumé</i> of <i>all</i> and <b lang="la">Agnus <i>Dei</i></b>.</p></section>')
    into = tmp_path / "leaves" / "manuscript"
    report = import_text(source, into)
    assert report.words_in == report.words_out
    built = build_project(into.parent, ("html",))
    page = lxml_html.fromstring((built.html / "storm.html").read_bytes())
    spans = {" ".join(s.text_content().split()): s.get("lang") for s in page.xpath("//main//span[@lang]")}
    assert spans == {"Ein’ feste Burg ist unser Gott": "de", "résumé": "fr", "Agnus Dei": "la"}
    assert page.xpath("//main//em/span[@lang='fr']") and page.xpath("//main//strong/span[@lang='la']")


def test_a_numeral_typed_in_cyrillic_letters_is_a_chapter_heading(tmp_path):
    """Chekhov's "Палата № 6" heads its tenth chapter "Х", a Cyrillic Ha: the numeral was not
    read, so chapter X ran on inside IX (18 headings for 19 chapters). "ХІV" mixing the scripts
    is a numeral too; a Cyrillic word alone ("МИР") is not."""
    prose = "В больничном дворе стоит небольшой флигель, окруженный целым лесом репейника."
    text = "\n\n".join(["IX", prose, "\u0425", prose, "\u0425\u0406V", prose, "МИР", prose]) + "\n"
    report, into = run(tmp_path, "ward", text.encode("utf-8"))
    assert report.headings == ["IX", "\u0425", "\u0425\u0406V"]
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "# \u0425\n" in markdown and "# \u0425\u0406V\n" in markdown
    from publish.importer.headings import is_bare_number
    assert is_bare_number("\u0425") and not is_bare_number("МИР")


def test_chapters_epigraphs_in_a_text_of_a_paragraph_a_line_are_epigraphs(tmp_path):
    """The Captain's Daughter (RusLit) heads each chapter with lines of verse or a proverb over
    their source, flush left like the text: they were its first paragraphs ("Княжнин." one of
    them). Short lines under a heading up to the prose, the last a source, are epigraphs, a second
    one after a source in the middle ("Солдатская песня." then "Недоросль."); a line of verse
    ("Зарядим картечью пушку.") is no source, and a chapter opening "Был вечер." over "Шел снег."
    has none. The book's epigraph under its title went aside with the title page."""
    prose = "Отец мой Андрей Петрович Гринев в молодости своей служил при графе Минихе и вышел в отставку."
    lines = ["Александр Пушкин", "КАПИТАНСКАЯ ДОЧКА", "Береги честь смолоду.", "Пословица.", "",
             "ГЛАВА I", "СЕРЖАНТ ГВАРДИИ", "— Был бы гвардии он завтра ж капитан.",
             "— Того не надобно; пусть в армии послужит.", "Да кто его отец?", "Княжнин.", "", prose, prose,
             "ГЛАВА II", "КРЕПОСТЬ", "Мы в фортеции живем,", "Хлеб едим и воду пьем;",
             "Зарядим картечью пушку.", "Солдатская песня.", "Старинные люди, мой батюшка.", "Недоросль.",
             "", prose, prose, "ГЛАВА III", "ВОЖАТЫЙ", "Был вечер.", "Шел снег.", prose, prose]
    report, into = run(tmp_path, "kd", ("\n".join(lines) + "\n").encode("utf-8"))
    doc = pandoc_doc(into / "text.md")
    epigraphs = [[" ".join(all_text(b).split()) for b in div["c"][1]] for div in blocks_of(doc, "Div")
                 if "epigraph" in div["c"][0][1]]
    assert epigraphs == [
        ["— Был бы гвардии он завтра ж капитан. — Того не надобно; пусть в армии послужит. Да кто его отец?",
         "Княжнин."],
        ["Мы в фортеции живем, Хлеб едим и воду пьем; Зарядим картечью пушку.", "Солдатская песня."],
        ["Старинные люди, мой батюшка.", "Недоросль."]], epigraphs
    assert "Был вечер." in para_texts(doc) and "Шел снег." in para_texts(doc)
    assert report.words_in == report.words_out + report.words_set_aside + report.words_moved
    # The book's own, under its title page: book.yaml's epigraph, not a title page's line set aside.
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["epigraph"] == {"text": "Береги честь смолоду.", "source": "Пословица."}
    assert not (into / "source-title-pages.txt").exists()


def test_notes_numbered_as_a_list_under_a_notes_line_become_footnotes(tmp_path):
    """A translation laid out the lib.ru way sets its notes at the end under "ПРИМЕЧАНИЯ",
    numbered as a list ("1. Пиквикский клуб - …", "2) …"), its calls "[1]": the calls stayed
    "[1]" and the notes a list of paragraphs after the last chapter."""
    wrapped = ("     Мистер Пиквик снял очки, протер их и снова надел, а секретарь прочел\n"
               "протокол до конца, и все члены клуба встали со своих мест, выражая\n"
               "полное согласие с резолюцией, принятой единогласно.\n") * 4
    text = ("                                 ГЛАВА I\n\n"
            "     Первый луч света возникает при ознакомлении с протоколом Пиквикского\n"
            "клуба[1], который издатель предлагает вниманию читателей.\n" + wrapped +
            "     Председатель - Джозеф Смиггерс, эсквайр, В. П. П. Ч. П. К.[2].\n\n"
            "                                 ГЛАВА II\n\n"
            "     Солнце только что взошло и начало освещать утро тринадцатого мая[3].\n" + wrapped + "\n"
            "                               ПРИМЕЧАНИЯ\n\n"
            "     1. Пиквикский клуб - вымышленное общество. (Примеч. перев.)\n\n"
            "     2. В. П. П. Ч. П. К. - Вице-президент, Постоянный член\n"
            "Пиквикского клуба.\n\n"
            "     3) Тринадцатого мая 1827 года - дата условная. - Прим. перев.\n")
    report, into = run(tmp_path, "pickwick", text.encode("cp1251"))
    doc = pandoc_doc(into / "text.md")
    assert [" ".join(all_text(n["c"]).split()) for n in blocks_of(doc, "Note")] == [
        "Пиквикский клуб - вымышленное общество. (Примеч. перев.)",
        "В. П. П. Ч. П. К. - Вице-президент, Постоянный член Пиквикского клуба.",
        "Тринадцатого мая 1827 года - дата условная. - Прим. перев."]
    assert "ПРИМЕЧАНИЯ" not in (into / "text.md").read_text(encoding="utf-8") and "[1]" not in para_texts(doc)
    assert report.words_in == report.words_out + sum(report.markup_words.values())  # the calls, their numbers


def test_notes_numbered_on_lines_of_their_own_become_footnotes(tmp_path):
    """A Russian novel saved as text from FB2 (War and Peace, Anna Karenina) calls its notes
    "dites[1]" and sets them at the end under "Примечания", each number on a line of its own over
    the note: in a text of one paragraph a line, the 365 calls of War and Peace's first volume
    stayed "[1]" and its translations of the French a list of numbers after the last chapter. A
    note of several paragraphs (Julie's letter) keeps them; one of short lines (a quatrain from
    Strauss) is verse; the "Комментарии" after the notes stay text, under their own heading."""
    lines = [
        "I", "", "— Eh bien, mon prince. Je vois que je vous fais peur[1], садитесь и рассказывайте.",
        "«Chère et excellente amie»[2], — писала Жюли. — Himmlisch ist's[3]! — запел он.",
        "Так говорила в июле 1805 года Анна Павловна.", "", "Примечания", "", "1", "",
        "Я вижу, что я вас пугаю.", "2", "Милый и бесценный друг.", "Вся Москва только и говорит что о войне.",
        "Жюли.", "3", "Великолепно, если я поборол", "Свою земную страсть;", "Но если это и не удалось,",
        "Я все же испытал блаженство! (нем.)", "", "Комментарии", "", "1", "…Генуя и Лукка… — Сцена у Шерер.",
    ]
    report, into = run(tmp_path, "war", ("\n".join(lines) + "\n").encode("utf-8"))
    assert report.paragraph_rule == RULE_LINE
    doc = pandoc_doc(into / "text.md")
    notes = blocks_of(doc, "Note")
    assert [" ".join(all_text(n["c"]).split()) for n in notes] == [
        "Я вижу, что я вас пугаю.",
        "Милый и бесценный друг. Вся Москва только и говорит что о войне. Жюли.",
        "Великолепно, если я поборол Свою земную страсть; Но если это и не удалось, "
        "Я все же испытал блаженство! (нем.)"]
    assert [len(n["c"]) for n in notes] == [1, 3, 1] and notes[2]["c"][0]["t"] == "LineBlock"
    texts = para_texts(doc)
    assert "fais peur]{lang=fr}[^1], садитесь" in (into / "text.md").read_text(encoding="utf-8")
    assert not [w for w in report.warnings if "never called" in w]
    # Anna Karenina's notes to an introduction the text left out: never called, said.
    report, _ = run(tmp_path, "anna", ("\n".join([*lines[:7], "41", "Л.Н. Толстой. Полн. собр. соч.", "42",
                                                   "Ф.М. Достоевский. Полн. собр. соч.", *lines[7:]]) + "\n").encode())
    assert [w for w in report.warnings if "never called" in w] == [
        "line 8: 2 numbered notes (41–42) are never called; kept as text"]
    assert "Примечания" not in texts and texts[-2:] == ["1", "…Генуя и Лукка… — Сцена у Шерер."]


def test_a_part_over_an_epigraph_and_its_first_chapter_is_a_part(tmp_path):
    """Anna Karenina opens "Часть первая", the epigraph "Мне отмщение, и Аз воздам", then "I": the
    part's heading, taken with the epigraph for a table of contents, was set aside with the title
    page, so part one was lost. Where the other parts stand right over their chapters the line is
    the part's epigraph, text on its page; where none do, the part's title."""
    prose = "Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему."
    lines = ["Часть первая", "", "", "Мне отмщение, и Аз воздам", "", "", "I", "", prose, "II", prose,
             "Часть вторая", "", "I", "", prose, "II", prose]
    report, into = run(tmp_path, "anna", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Часть первая {.part}\n\nМне отмщение, и Аз воздам\n\n# I\n")
    assert report.headings[:2] == ["Часть первая", "I"]
    titled = ["Часть первая", "", "", "Детство", "", "", "I", "", prose, "Часть вторая", "", "", "Отрочество",
              "", "", "I", "", prose]
    report, into = run(tmp_path, "trilogy", ("\n".join(titled) + "\n").encode("utf-8"))
    assert report.headings == ["Часть первая. Детство", "I", "Часть вторая. Отрочество", "I"]


def test_story_titles_standing_apart_in_a_text_of_one_paragraph_a_line_are_headings(tmp_path):
    """Turgenev's "Записки охотника" (and Gogol's "Вечера", Pushkin's "Повести Белкина") runs its
    paragraphs line after line and sets each story's title alone between blank lines ("Хорь и
    Калиныч", "Стучит!"): none was a heading, so 25 stories were one chapter. A note under its
    number, a line closed by a stop, and a title over its epigraph's lines stay as they were."""
    prose = "Кому случалось из Болховского уезда перебираться в Жиздринский, того, вероятно, поразила резкая разница."
    said = "— А кто такой Хорь? — спросил я."
    body = [prose, said] * 6
    lines = ["Хорь и Калиныч", "", *body, "Жюли.", "", *body, "", "Живые мощи", "", "Край родной долготерпенья —",
             "Край ты русского народа!", *body, "", "Стучит!", "", *body, "", "Примечания", "", "1", "",
             "Господи, какое горячее нападение!", "", "2", "", "Я вижу, что я вас пугаю.", ""]
    report, into = run(tmp_path, "hunter", ("\n".join(lines) + "\n").encode("utf-8"))
    assert report.headings == ["Хорь и Калиныч", "Живые мощи", "Стучит!"]


def test_commentary_after_the_parts_is_back_matter(tmp_path):
    """War and Peace's "Комментарии", numbered by the page, after its last part: they ran on as
    text in the last chapter. A named section, back matter after parts; the "1" under it is no
    title ("Комментарии. 1" was the heading)."""
    prose = "Так говорила в июле 1805 года известная Анна Павловна Шерер, фрейлина императрицы."
    lines = ["Часть первая", "", "I", "", prose, "", "II", "", prose, "", "Часть вторая", "", "I", "", prose, "",
             "Комментарии", "", "1", "", "…Генуя и Лукка — поместья фамилии Бонапарте. — Сцена у Шерер.", "", "2",
             "", "…Мальбрук в поход поехал… — Песня."]
    report, into = run(tmp_path, "war", ("\n".join(lines) + "\n").encode("utf-8"))
    assert report.headings[-1] == "Комментарии"
    assert "\n# Комментарии {.backmatter}\n\n1\n" in (into / "text.md").read_text(encoding="utf-8")


def test_french_passages_in_a_russian_text_are_marked_french(tmp_path):
    """War and Peace opens in French inside Russian sentences; imported, its 336 French passages
    were Russian text to every edition (no French hyphenation in print, a Russian voice reading
    them aloud in the ebook). A run of three Latin words or more holding French words twice is
    `[…]{lang=fr}`; its closing stop stays Russian; brackets are kept whole; "Il mio tesoro" (two
    Italian words, one "il") and a lone "maman" are left alone."""
    lines = [
        "— Eh bien, mon prince. Gênes et Lucques ne sont plus que des apanages, des поместья, de la famille "
        "Buonaparte. Non, je vous préviens que si vous ne me dites pas que nous avons la guerre, de cet "
        "Antichrist (ma parole, j'y crois) — я вас не знаю. Je vois que je vous fais peur[1], садитесь.",
        "«Si vous n'avez rien de mieux à faire, Monsieur le comte (или mon prince), et si la perspective de "
        "passer la soirée chez une pauvre malade ne vous effraye pas trop, je serai charmée de vous voir chez "
        "moi entre 7 et 10 heures. Annette Scherer»[2].",
        "— Das lässt sich ausrechnen, Erlaucht, — сказал он. И столы пели: Il mio tesoro, maman.",
        *["Так говорила в июле 1805 года известная Анна Павловна Шерер, фрейлина и приближенная императрицы "
          "Марии Феодоровны, встречая важного и чиновного князя Василия, первого приехавшего на ее вечер."] * 4,
        "Примечания", "1", "Я вижу, что я вас пугаю.", "2", "Если у вас, граф, нет в виду ничего лучшего.",
    ]
    report, into = run(tmp_path, "war", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith(
        "— [Eh bien, mon prince. Gênes et Lucques ne sont plus que des apanages, des]{lang=fr} поместья, "
        "[de la famille Buonaparte. Non, je vous préviens que si vous ne me dites pas que nous avons la guerre, "
        "de cet Antichrist (ma parole, j'y crois)]{lang=fr} — я вас не знаю. [Je vois que je vous fais "
        "peur]{lang=fr}[^1], садитесь.")
    assert ("«[Si vous n'avez rien de mieux à faire, Monsieur le comte]{lang=fr} (или mon prince), [et si la "
            "perspective") in markdown
    assert "chez moi entre 7 et 10 heures. Annette Scherer]{lang=fr}»[^2]." in markdown
    german = "— [Das lässt sich ausrechnen, Erlaucht]{lang=de}, — сказал он. И столы пели: Il mio tesoro, maman."
    assert german in markdown
    spans = blocks_of(pandoc_doc(markdown), "Span")
    assert [s["c"][0][2] for s in spans] == [[["lang", "fr"]]] * 5 + [[["lang", "de"]]]


def test_greek_hebrew_and_arabic_words_are_marked_with_their_language(tmp_path):
    """Blok's Greek epigraphs ("Εἴϑε γενοίμην οὑρανὸς…" over a poem) came into the manuscript
    bare, Russian to every edition (hyphenation, the voice reading them). Two Greek words or more
    are marked `grc` when polytonic, else `el`; a Hebrew or Arabic word `he` or `ar`, in a book in
    any language; a single Greek word stays as it is, and a Greek book's Greek too."""
    prose = "Так говорила в июле 1805 года известная Анна Павловна Шерер, фрейлина и приближенная императрицы."
    lines = ["Εἴϑε γενοίμην οὑρανὸς ώς πολλοῖς ὄμμασιν εἴς σέ βλέπω. {О, если бы я был небом.}",
             f"{prose} Слово λόγος и η δημοκρατία σήμερα, и שלום עליכם, и كتاب.", *[prose] * 4]
    report, into = run(tmp_path, "blok", ("\n\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "[Εἴϑε γενοίμην οὑρανὸς ώς πολλοῖς ὄμμασιν εἴς σέ βλέπω]{lang=grc}. {О, если" in markdown
    assert ("Слово λόγος и [η δημοκρατία σήμερα]{lang=el}, и [שלום עליכם]{lang=he}, и [كتاب]{lang=ar}."
            in markdown)
    assert any("1 in grc" in line and "1 in he" in line for line in report.decisions), report.decisions
    greek = "Η δημοκρατία είναι το πολίτευμα στο οποίο η εξουσία ανήκει στον λαό και ασκείται από αυτόν."
    _, into = run(tmp_path, "greek", ("\n\n".join([greek] * 6) + "\n").encode("utf-8"), language="el")
    assert "lang=" not in (into / "text.md").read_text(encoding="utf-8")


def test_author_and_title_on_one_line_the_lib_ru_way(tmp_path):
    """lib.ru heads a text "Антон Павлович Чехов. Палата No 6" on one line: the import found no
    title ("Untitled") and set the line aside. A name sure by its patronymic or initials, a stop,
    then the title: both go to book.yaml ("Ф. М. Достоевский. Бедные люди" too)."""
    prose = "В больничном дворе стоит небольшой флигель, окруженный целым лесом репейника, крапивы и дикой конопли."
    for n, (line, title, author) in enumerate([
            ("Антон Павлович Чехов. Палата No 6", "Палата No 6", "Антон Павлович Чехов"),
            ("Ф. М. Достоевский. Бедные люди", "Бедные люди", "Ф. М. Достоевский")]):
        _, into = run(tmp_path, f"book{n}", f"{line}\n\n\nI\n\n{prose}\n\nII\n\n{prose}\n".encode())
        meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
        assert (meta["title"], meta["authors"]) == (title, [{"name": author}])
        assert line not in (into / "text.md").read_text(encoding="utf-8")


def test_author_and_title_on_the_first_line_with_a_plain_name(tmp_path):
    """lib.ru's "Михаил Лермонтов. Герой нашего времени" (and Bryusov's "Валерий Брюсов. Бемоль")
    name the author without patronymic or initials: the import found no title ("Untitled"). On
    the file's first line any name, a stop, then the title go to book.yaml; further down, a
    plain name is not sure enough."""
    prose = "Во всякой книге предисловие есть первая и вместе с тем последняя вещь; оно или служит объяснением."
    text = f"Михаил Лермонтов. Герой нашего времени\n\n\nI\n\n{prose}\n\nII\n\n{prose}\n"
    _, into = run(tmp_path, "hero", text.encode())
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert (meta["title"], meta["authors"]) == ("Герой нашего времени", [{"name": "Михаил Лермонтов"}])
    assert "Лермонтов" not in (into / "text.md").read_text(encoding="utf-8")


def test_a_title_flush_left_among_indented_paragraphs_is_not_joined_to_the_text(tmp_path):
    """Lermontov's "ЖУРНАЛ ПЕЧОРИНА" stands flush left between blank lines in a text whose
    paragraphs start at an indent: it was run into the paragraph above ("Я уехал один. ЖУРНАЛ
    ПЕЧОРИНА"). Under it, the journal's "Предисловие" took the story after it, "I" over "ТАМАНЬ",
    for its section (`## I. ТАМАНЬ`): a preface numbers no sections."""
    wrapped = ["     Расставшись  с  Максимом  Максимычем,  я  живо  проскакал  Терекское  и",
               "Дарьяльское ущелья, завтракал в Казбеке, чай пил в Ларсе, а к ужину поспел в",
               "Владыкавказ. Избавлю вас от описания гор, от возгласов."]
    story = [*wrapped, *wrapped, *wrapped]
    lines = ["I", "", "", "БЭЛА", "", "", *story, "", "II", "", "", "МАКСИМ МАКСИМЫЧ", "", "", *story,
             "     Я уехал один.", "", "", "ЖУРНАЛ ПЕЧОРИНА", "", "", "     Предисловие", "", *story, "",
             "I", "", "", "ТАМАНЬ", "", "", *story]
    _, into = run(tmp_path, "hero", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "\n\nЯ уехал один.\n\nЖУРНАЛ ПЕЧОРИНА\n\n" in markdown
    assert [line for line in markdown.split("\n") if line.startswith("#")] == [
        "# I. БЭЛА", "# II. МАКСИМ МАКСИМЫЧ", "# Предисловие", "# I. ТАМАНЬ"]


def test_a_margin_all_lines_share_is_no_indent(tmp_path):
    """Herzen's "Кто виноват?" (lib.ru) sets every line two spaces in and each paragraph's first
    line three: no line was indented more than the one above, the rule was "a blank line ends a
    paragraph", and the novel came in as 37 paragraphs, a chapter each. Its chapters, "I.
    ОТСТАВНОЙ ГЕНЕРАЛ И УЧИТЕЛЬ, ОПРЕДЕЛЯЮЩИЙСЯ К МЕСТУ", were text: a numeral and a title in
    capitals was a heading only in Latin letters. (Bryusov's "Гора Звезды" too, with its headings
    flush left: short lines say nothing of the margin.)"""
    para = ["   Правда, еще прежде я делал опыты писать что-то вроде повестей; одна из них не",
            "  написана, а другая - не повесть. В первое время после переезда моего из Вятки",
            "  в Владимир мне хотелось повестью смягчить укор."]
    lines = ["Александр Иванович Герцен", "", "   КТО ВИНОВАТ?", "", "Часть первая", "",
             "   I. ОТСТАВНОЙ ГЕНЕРАЛ И УЧИТЕЛЬ, ОПРЕДЕЛЯЮЩИЙСЯ К МЕСТУ", "", *para * 20, "",
             "   II. БИОГРАФИЯ ИХ ПРЕВОСХОДИТЕЛЬСТВ", "", *para * 15]
    report, into = run(tmp_path, "herzen", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert report.paragraph_rule == RULE_INDENT
    assert [line for line in markdown.split("\n") if line.startswith("#")] == [
        "# Часть первая {.part}", "# I. ОТСТАВНОЙ ГЕНЕРАЛ И УЧИТЕЛЬ, ОПРЕДЕЛЯЮЩИЙСЯ К МЕСТУ",
        "# II. БИОГРАФИЯ ИХ ПРЕВОСХОДИТЕЛЬСТВ"]
    assert markdown.count("Правда, еще прежде") == 35 and "\n\nПравда, еще прежде" in markdown


def test_a_chapters_heading_and_title_over_its_first_section(tmp_path):
    """Bryusov's "Огненный ангел" heads each chapter "Глава 5." over its title, "Как мы изучали
    магию и чем кончился наш магический опыт", over its first section, "I": the heading over a
    heading was taken for a contents list's, and chapters 5, 10 and 11 ran on in the one before."""
    prose = "   Доводы шли ко мне с двух разных сторон, как воины двух враждебных партий, и мне не было покоя."
    lines = []
    for n, title in ((4, ""), (5, "Как мы изучали магию и чем кончился наш магический опыт"), (6, "")):
        lines += [f"Глава {n}.", *([title] if title else []), "", "I", "", prose, prose, "", "II", "", prose, ""]
    _, into = run(tmp_path, "angel", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in markdown.split("\n") if line.startswith("#")] == [
        "# Глава 4", "## I", "## II", "# Глава 5. Как мы изучали магию и чем кончился наш магический опыт", "## I",
        "## II", "# Глава 6", "## I", "## II"]


def test_a_line_saying_what_the_book_is_under_its_title_is_its_subtitle(tmp_path):
    """Herzen's title page: "Александр Иванович Герцен" over "КТО ВИНОВАТ?" over "РОМАН В ДВУХ
    ЧАСТЯХ". A genre alone ("Роман") was taken for the subtitle, a genre with a few words more was
    left in the text, where it stood alone as a chapter's heading over the dedication."""
    prose = "   Правда, еще прежде я делал опыты писать что-то вроде повестей; одна из них не написана."
    lines = ["Александр Иванович Герцен", "", "КТО ВИНОВАТ?", "", "РОМАН В ДВУХ ЧАСТЯХ", "", "Часть первая", "",
             "I", "", prose, prose, "", "II", "", prose]
    _, into = run(tmp_path, "herzen", ("\n".join(lines) + "\n").encode("utf-8"))
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert (meta["title"], meta["subtitle"]) == ("КТО ВИНОВАТ?", "РОМАН В ДВУХ ЧАСТЯХ")
    assert "РОМАН" not in (into / "text.md").read_text(encoding="utf-8")


def test_parts_over_books_over_their_titles_and_an_epilogue(tmp_path):
    """Dostoevsky's "Братья Карамазовы" (lib.ru): "Часть первая" over "Книга первая" over its title
    "История одной семейки" over "I" over "Федор Павлович Карамазов", and at the end "Эпилог" over
    "I". The epilogue standing right over its chapter made every book's title an epigraph on its
    page, and no part was found: 12 books and no volume. Now the parts are volumes holding the books,
    each book titled, and the epilogue stands beside them."""
    prose = ("     Алексей Федорович Карамазов был третьим сыном помещика нашего уезда Федора Павловича Карамазова,"
             " столь известного в свое время.")  # a paragraph a line, as the file has them
    lines, titles = [], iter(["Федор Павлович", "Первого сына спровадил", "Приехали в монастырь", "Старый шут",
                              "В лакейской", "Исповедь горячего сердца"])
    for part, books in (("первая", (("первая", "История одной семейки"), ("вторая", "Неуместное собрание"))),
                        ("вторая", (("третья", "Сладострастники"),))):
        lines += [f"    Часть {part}", "", ""]
        for book, title in books:
            lines += [f"     Книга {book}", f"     {title}", ""]
            for n in ("I", "II"):
                lines += [f"      {n}", f"      {next(titles)}", prose, prose, ""]
    lines += ["     Эпилог", "", "      I", "      Проекты спасти Митю", prose, prose]
    _, into = run(tmp_path, "karamazov", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in markdown.split("\n") if line.startswith("#")] == [
        "# Часть первая {.volume}", "# Книга первая. История одной семейки {.part}", "# I. Федор Павлович",
        "# II. Первого сына спровадил", "# Книга вторая. Неуместное собрание {.part}", "# I. Приехали в монастырь",
        "# II. Старый шут", "# Часть вторая {.volume}", "# Книга третья. Сладострастники {.part}",
        "# I. В лакейской", "# II. Исповедь горячего сердца", "# Эпилог {.volume}", "# I. Проекты спасти Митю"]


def test_a_preface_from_the_author_or_the_editor_is_a_heading(tmp_path):
    """The Karamazovs open with "От автора" (from the author), Pushkin's Belkin Tales with "От
    издателя" (from the editor): prefaces, left as lines of text at the top of the first chapter."""
    prose = ("Начиная жизнеописание героя моего, Алексея Федоровича Карамазова, нахожусь в некотором недоумении,"
             " а именно.")
    for n, name in enumerate(("От автора", "От издателя")):
        lines = [name, "", prose, prose, "", "Часть первая", "", "I", "", prose, prose, "", "II", "", prose]
        _, into = run(tmp_path, f"book{n}", ("\n".join(lines) + "\n").encode("utf-8"))
        markdown = (into / "text.md").read_text(encoding="utf-8")
        assert [line for line in markdown.split("\n") if line.startswith("#")][:2] == [
            f"# {name} {{.frontmatter}}", "# Часть первая {.part}"]


def test_a_chapters_title_with_a_stop_inside(tmp_path):
    """The Karamazovs' "III" over "Исповедь горячего сердца. В стихах" (and Dracula's "CHAPTER XII"
    over "DR. SEWARD'S DIARY"): a title with a stop inside was taken for sentences, left as the
    chapter's first paragraph, and the contents listed a bare "III" among titled chapters. A
    line that ends open is a title; one that ends with a stop ("Он пришел. Мы ушли.") is not."""
    prose = ("     Алексей Федорович Карамазов был третьим сыном помещика нашего уезда Федора Павловича Карамазова,"
             " столь известного в свое время.")
    lines = ["      I", "      В лакейской", prose, prose, "", "      II", "      Исповедь горячего сердца. В стихах",
             prose, prose, "", "      III", "      Он пришел. Мы ушли.", prose, prose]
    _, into = run(tmp_path, "karamazov", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in markdown.split("\n") if line.startswith("#")] == [
        "# I. В лакейской", "# II. Исповедь горячего сердца. В стихах", "# III"]


def test_a_stanza_of_dots_alone(tmp_path):
    """Blok's early poems mark verses cut with a line of spaced dots alone between stanzas
    (". . . . . . . . . . . . . ."): the import stopped with an internal error (max() of no lines)."""
    indent = " " * 23
    stanza = [indent + line for line in ("И душа непонятной тревогой полна,", "Повлекла за любовью печаль.",
                                         "Ароматная роза кивала с окна,", "Освещенная полной луной.")]
    lines = ["I", "", *stanza, "", indent + ". . . . . . . . . . . . . .", "", *stanza, "",
             "II", "", *stanza, "", *stanza]
    report, into = run(tmp_path, "blok", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert ". . . . ." in markdown and report.words_in == report.words_out


def test_long_paragraphs_of_prose_indented_are_paragraphs(tmp_path):
    """Bryusov's "Республика Южного Креста" (lib.ru) indents the first lines of paragraphs some
    fifteen lines long, with no blank line between them: too few lines started a paragraph for the
    indent to be the rule (one in ten), and the story came in as 6 paragraphs (39 now). In prose
    (its middle line 50 characters or more) one line in 25 is enough; verse keeps one in ten."""
    line = "  Страна эта занимала всю южную полярную область, доходя на север до Грахамовой земли и"
    paragraph = ["       Республика Южного Креста возникла сорок лет назад, как развитие треста сталелитейных",
                 *[line] * 14]
    lines = ["Валерий Брюсов. Республика Южного Креста", "", *paragraph * 12]
    report, into = run(tmp_path, "bryusov", ("\n".join(lines) + "\n").encode("utf-8"))
    assert report.paragraph_rule == RULE_INDENT and report.paragraphs == 12


def test_a_storys_numbered_chapters_are_its_sections(tmp_path):
    """Gogol's "Вечера на хуторе близ Диканьки" numbers the chapters of its stories, "I" or "I. Ганна",
    under titles that stand apart ("Майская ночь, или Утопленница"): each was a chapter of its own,
    the story's title a chapter holding only an epigraph. They are the story's sections (`##`)."""
    prose = "Как упоителен, как роскошен летний день в Малороссии! Как томительно-жарки те часы."
    said = "— Что это, Ганна? — сказал он."
    body = [prose, said] * 4
    lines = ["Сорочинская ярмарка", "", "I", *body, "II", *body, "", "Майская ночь, или Утопленница", "", "I.", "Ганна",
             *body, "II.", "Голова", *body, "III", *body]
    report, into = run(tmp_path, "dikanka", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in markdown.split("\n") if line.startswith("#")] == [
        "# Сорочинская ярмарка", "## I", "## II", "# Майская ночь, или Утопленница", "## I. Ганна", "## II. Голова",
        "## III"]


def test_a_parts_preface_is_a_section_of_the_part_not_its_title(tmp_path):
    """Gogol's "Вечера" opens each of its two parts "Часть ПЕРВАЯ" over "Предисловие": the preface
    was joined to the part as its title ("Часть ПЕРВАЯ. Предисловие") and its eight pages of text
    set centred on the part's page. The preface is a heading of its own, in the part."""
    prose = "Это что за невидаль: «Вечера на хуторе близ Диканьки»? Что это за «Вечера»? И швырнул в свет пасичник!"
    body = [prose, "— Что это, Ганна? — сказал он."] * 4
    lines = ["Часть ПЕРВАЯ", "", "Предисловие", "", *body, "", "Сорочинская ярмарка", "", *body, "",
             "Вечер накануне Ивана Купала", "", *body, "", "Часть ВТОРАЯ", "", "Предисловие", "", *body, "",
             "Страшная месть", "", *body]
    report, into = run(tmp_path, "dikanka", ("\n".join(lines) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in markdown.split("\n") if line.startswith("#")] == [
        "# Часть ПЕРВАЯ {.part}", "# Предисловие", "# Сорочинская ярмарка", "# Вечер накануне Ивана Купала",
        "# Часть ВТОРАЯ {.part}", "# Предисловие", "# Страшная месть"]


def test_episodes_in_brackets_and_parts_between_dashes_are_headings(tmp_path):
    """Ulysses came in as one chapter headed "M" (Milly's signature) and "I" (written in the
    sand): its parts "— I —" and episodes "[ 1 ]", "[ 7 ] IN THE HEART OF THE HIBERNIAN
    METROPOLIS" were text. They are parts and chapters now; a numeral alone that numbers
    nothing among headings of another kind stays a line of text."""
    prose = "Stately, plump Buck Mulligan came from the stairhead, bearing a bowl of lather."
    blocks = []
    for part, episodes in (("I", (1, 2, 3)), ("II", (4, 5, 6, 7)), ("III", (8, 9))):
        blocks.append(f"— {part} —")
        for n in episodes:
            blocks += [f"[ {n} ]" + (" IN THE HEART OF THE HIBERNIAN METROPOLIS" if n == 7 else ""), prose, prose]
            if n == 5:
                blocks += ["Milly", "M", prose]
            if n == 8:
                blocks += ["I", prose]
    _, into = run(tmp_path, "ulysses", ("\n\n\n".join(blocks) + "\n").encode("utf-8"))
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings[:3] == ["# — I — {.part}", "# \\[ 1 \\]", "# \\[ 2 \\]"]
    assert "# \\[ 7 \\] IN THE HEART OF THE HIBERNIAN METROPOLIS" in headings
    assert sum(h.endswith("{.part}") for h in headings) == 3 and len(headings) == 12  # no "# M", no "# I"


def test_a_collections_titles_named_in_its_contents_list_are_headings(tmp_path):
    """Dubliners and Grimms' Fairy Tales came in as one chapter each: their stories' titles,
    lines of capitals like any other line of text, are named by the contents list at the start.
    A line alone that the list names, after it, is a story's heading; the list goes with the title
    pages."""
    titles = ["THE SISTERS", "AN ENCOUNTER", "ARABY", "EVELINE"]
    prose = "There was no hope for him this time: it was the third stroke. Night after night I passed."
    body = [line for title in titles for line in (title, prose, prose)]
    text = "\n\n".join(["DUBLINERS", "By James Joyce", "Contents", *titles, "DUBLINERS", *body]) + "\n"
    _, into = run(tmp_path, "dubliners", text.encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in markdown.splitlines() if line.startswith("#")] == [f"# {t}" for t in titles]
    assert markdown.startswith("# THE SISTERS\n")  # the list set aside


def test_a_contents_list_of_books_over_their_chapters_is_set_aside(tmp_path):
    """A Tale of Two Cities' contents, each book over an indented block of its chapters' lines,
    came in as three more parts holding those lines as verse, before the real ones."""
    books = {"Book the First--Recalled to Life": ["The Period", "The Mail", "The Night Shadows"],
             "Book the Second--the Golden Thread": ["Five Years Later", "A Sight"]}
    listing = []
    for book, chapters in books.items():
        listing += [f"     {book}", "\n".join(f"     Chapter {'I' * (n + 1)}      {c}" for n, c in enumerate(chapters))]
    prose = "It was the best of times, it was the worst of times, it was the age of wisdom and of foolishness."
    body = []
    for book, chapters in books.items():
        body.append(book)
        for n, chapter in enumerate(chapters):
            body += [f"{'I' * (n + 1)}. {chapter}", prose, prose]
    text = "\n\n".join(["A TALE OF TWO CITIES", "By Charles Dickens", "CONTENTS", *listing]) + "\n\n\n\n\n"
    _, into = run(tmp_path, "two-cities", (text + "\n\n".join(body) + "\n").encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert [h for h in headings if h.endswith("{.part}")] == [
        "# Book the First — Recalled to Life {.part}", "# Book the Second — the Golden Thread {.part}"]
    assert markdown.startswith("# Book the First") and "| Chapter" not in markdown
    assert "The Mail" in (into / "source-title-pages.txt").read_text(encoding="utf-8")


def _word_document(tmp_path: Path, markdown: str, name: str = "manuscript") -> Path:
    """A .docx as a Word user types one: pandoc writes the Markdown's escaped marks as plain text."""
    source = tmp_path / f"{name}.md"
    source.write_text(markdown, encoding="utf-8")
    doc = tmp_path / f"{name}.docx"
    subprocess.run([pypandoc.get_pandoc_path(), str(source), "-o", str(doc)], check=True, capture_output=True)
    return doc


def test_straight_quotes_typed_in_word_are_set_in_the_books_marks(tmp_path):
    """A German Word manuscript's "Was ist mit mir geschehen?" was written \\"Was …\\" (escaped), so the
    print edition showed typewriter quotes: now it reads „Was ist mit mir geschehen?“."""
    doc = _word_document(tmp_path, '# I\n\n\\"Was ist mit mir geschehen?\\", dachte er. Er war\'s.\n\n'
                                   '„O Gott“, dachte er.\n')
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="de")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert '"Was ist mit mir geschehen?", dachte er.' in markdown and "„O Gott“" in markdown
    (into / "book.yaml").write_text("title: T\nlanguage: de\nseries: {name: S, number: 1, total: 1}\n",
                                    encoding="utf-8")
    built = build_project(into.parent, ("html",))
    page = next(p for p in sorted((built.html).glob("*.html")) if "geschehen" in p.read_text(encoding="utf-8"))
    text = " ".join(p.text_content() for p in lxml_html.parse(str(page)).getroot().iter("p"))
    assert "„Was ist mit mir geschehen?“, dachte er. Er war’s." in text and '"' not in text


def test_a_word_authors_section_breaks_are_breaks(tmp_path):
    """A Word manuscript's "* * *" and "#" paragraphs between scenes were printed as text ("***",
    indented like a paragraph, and "#"): they are section breaks now; a sentence with a mark is not."""
    doc = _word_document(tmp_path, "# I\n\nOne.\n\n\\* \\* \\*\n\nTwo.\n\n\\#\n\nThree.\n\n⁂\n\nFour * and # five.\n")
    into = tmp_path / "book" / "manuscript"
    report = import_text(doc, into)
    parsed = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))["blocks"]
    assert [b["t"] for b in parsed] == ["Header", "Para", "HorizontalRule", "Para", "HorizontalRule", "Para",
                                        "HorizontalRule", "Para"]
    assert any("3 paragraphs of marks alone" in d for d in report.decisions)


def test_a_title_page_typed_in_word_gives_the_title_and_author(tmp_path):
    """A Word manuscript with no title in its properties opened with its title page typed as
    paragraphs ("Franz Kafka" over a bold "DIE VERWANDLUNG"): the import said "no title found" and
    printed the title page as the text's first lines. Author and title go to book.yaml; the lines
    left under them are named in a warning."""
    doc = _word_document(tmp_path, "Franz Kafka\n\n**DIE VERWANDLUNG**\n\nErzählung\n\nKurt Wolff Verlag\n\nI\n\n"
                                   "Als Gregor Samsa eines Morgens aus unruhigen Träumen erwachte, fand er sich "
                                   "verwandelt.\n")
    into = tmp_path / "book" / "manuscript"
    report = import_text(doc, into)
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert (meta["title"], meta["subtitle"], [a["name"] for a in meta["authors"]], meta["language"]) == (
        "DIE VERWANDLUNG", "Erzählung", ["Franz Kafka"], "de")  # what the book is, under its title
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith("Kurt Wolff Verlag\n\n# I\n") and "Kafka" not in markdown
    assert any("other lines are left at the top of the text: Kurt Wolff Verlag:" in w for w in report.warnings)


@pytest.mark.parametrize(("markdown", "headings"), [
    # German chapters are numbered ordinal first; a Word author sets them in bold.
    ("**Erstes Kapitel**\n\nAls Gregor erwachte.\n\n**Zweites Kapitel. Die Schwester**\n\nErst am Abend.\n",
     ["Erstes Kapitel", "Zweites Kapitel. Die Schwester"]),
    # Chapter titles that are no numbers, typed as bold paragraphs: two or more are headings.
    ("**DER AUFBRUCH**\n\nEr ging fort.\n\n**DIE HEIMKEHR**\n\nEr kam *zurück*.\n", ["DER AUFBRUCH", "DIE HEIMKEHR"]),
    ("Er ging fort.\n\n**Achtung, eine Warnung**\n\nEr kam zurück.\n", []),  # one bold line is emphasis
])
def test_chapter_titles_typed_as_bold_paragraphs_are_headings(tmp_path, markdown, headings):
    """A Word manuscript whose chapters are bold paragraphs ("Erstes Kapitel", "DER AUFBRUCH") came
    in with no heading, one chapter of the whole book; and a heading found was written "# **I**"."""
    into = tmp_path / "book" / "manuscript"
    import_text(_word_document(tmp_path, markdown), into, language="de")
    parsed = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))["blocks"]
    found = [b for b in parsed if b["t"] == "Header"]
    assert [" ".join(all_text(b["c"][2]).split()) for b in found] == headings
    assert all(i["t"] != "Strong" for b in found for i in b["c"][2])


WORD_RTF = (b"{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1{\\fonttbl{\\f0 Times New Roman;}}\n"
            b"{\\pard\\qc\\b CAPITOLO I\\par}\n{\\pard \\u171\\'ab Questo matrimonio non s\\'92ha da fare\\u187\\'bb, "
            b"disse il bravo. Citt\\'e0 e perch\\u233\\'e9.\\par}\n{\\pard\\qc\\b CAPITOLO II\\par}\n"
            b"{\\pard Si racconta che il principe di Cond\\'e9 dorm\\'ec profondamente.\\par}\n}\n")


@pytest.mark.parametrize("name", ["promessi.rtf", "promessi.txt", "promessi.doc"])
def test_a_rich_text_manuscript_is_read_as_a_document(tmp_path, name):
    """An Italian author's .rtf was read as plain text: its text.md was RTF code ("{\\\\rtf1\\\\ansi…"),
    language en, no chapters. Rich Text is read by pandoc's reader, whatever the file's name."""
    source = tmp_path / name
    source.write_bytes(WORD_RTF)
    into = tmp_path / "book" / "manuscript"
    report = import_text(source, into)
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert report.kind == "Rich Text (.rtf)" and report.language == "it"
    assert markdown.startswith("# CAPITOLO I\n\n«") and "s’ha da fare" in markdown and "dormì" in markdown
    assert "rtf" not in markdown


def test_a_word_97_document_is_refused_with_what_to_do(tmp_path):
    """A Word 97–2003 .doc was read as plain text: a manuscript of binary garbage, "imported"."""
    source = tmp_path / "roman.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(PublishError) as caught:
        import_text(source, tmp_path / "book" / "manuscript")
    assert "Word 97–2003" in str(caught.value) and "save it as .docx" in caught.value.diagnostic.hint
    assert not (tmp_path / "book").exists()


@pytest.mark.parametrize(("name", "data", "words", "hint"), [
    # was an internal error (zipfile.BadZipFile)
    ("book.epub", b"PK\x03\x04cut", "not a whole EPUB: such a file is a zip archive", "save it again"),
    ("book.docx", b"", "not a whole Word document (.docx)", "copy it again"),
    # was "pandoc failed: couldn't parse docx file: DocxError", no advice
    ("book.docx", "zip", "pandoc failed: couldn't parse docx file", "it is damaged, or not a Word document"),
    # was imported as a line of text, "\\%PDF-1.4 …"
    ("book.pdf", b"%PDF-1.4\n%binary", "a PDF, which publish cannot read", "pdftotext"),
    # was "the file contains NUL bytes: a binary file, not text"
    ("book.azw3", b"Book".ljust(60, b"\0") + b"BOOKMOBI" + bytes(100), "a Kindle book", "ebook-convert"),
], ids=["epub-not-zip", "empty-docx", "docx-zip-of-nothing", "pdf", "kindle"])
def test_a_document_that_cannot_be_read_is_refused_with_what_to_do(tmp_path, name, data, words, hint):
    import io
    import zipfile

    if data == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        data = buffer.getvalue()
    source = tmp_path / name
    source.write_bytes(data)
    with pytest.raises(PublishError) as caught:
        import_text(source, tmp_path / "book" / "manuscript")
    assert words in caught.value.diagnostic.message and hint in caught.value.diagnostic.hint
    assert not (tmp_path / "book").exists()


def test_a_text_the_build_would_refuse_is_not_written(tmp_path):
    """A text of 1.5 million characters on one line was imported, and its build refused it
    ("line of 1,499,999 characters, above the limit of 1,000,000")."""
    source = tmp_path / "one-line.txt"
    source.write_text("word " * 300_000)
    with pytest.raises(PublishError, match="a paragraph of 1,499,999 characters, above the 1,000,000 a build takes"):
        import_text(source, tmp_path / "book" / "manuscript")
    assert not (tmp_path / "book").exists()


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1252"></head>
<body lang=FR><div class=WordSection1>
<p class=MsoNormal align=center><span style='font-size:14.0pt'>Guy de Maupassant<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal align=center><b><span style='font-size:24.0pt'>LE HORLA<o:p></o:p></span></b></p>
<b><span style='font-size:12.0pt'><br clear=all style='page-break-before:always'></span></b>
<p class=MsoNormal><b>PREMIER R&Eacute;CIT<o:p></o:p></b></p>
<p class=MsoNormal style='text-indent:35.4pt'>Quelle journ&eacute;e admirable ! J'aime ce pays o&ugrave; sont morts
mes a&iuml;eux<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1"><span class=MsoFootnoteReference>
<span style='mso-special-character:footnote'><span class=MsoFootnoteReference>[1]</span></span></span></a>.</p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal><b>DEUXI&Egrave;ME R&Eacute;CIT<o:p></o:p></b></p>
<p class=MsoNormal style='text-indent:35.4pt'>Je suis malade, <span lang=DE>sehr krank</span>,
d&eacute;cid&eacute;ment !</p>
</div>
<div style='mso-element:footnote-list'><hr align=left size=1 width="33%">
<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1"
name="_ftn1"><span class=MsoFootnoteReference>[1]</span></a> Les anc&ecirc;tres.<o:p></o:p></p></div></div>
</body></html>
"""


def test_a_page_saved_from_word_comes_in_as_a_manuscript(tmp_path):
    """Word's "Save as Web Page": the whole text stayed in a `::: WordSection1` div (no chapter found
    in it), each run a `[…]{style="font-size:14.0pt"}` span, the spacing paragraphs of a no-break
    space kept, the page break a paragraph, the note a link to the page's foot, and `language: FR`."""
    source = tmp_path / "horla.htm"
    source.write_bytes(WORD_HTML.encode("cp1252"))
    into = tmp_path / "book" / "manuscript"
    report = import_text(source, into)
    markdown = (into / "text.md").read_text(encoding="utf-8")
    parsed = pandoc_doc(markdown)["blocks"]
    assert [b["t"] for b in parsed] == ["Header", "Para", "Header", "Para"]
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert (meta["title"], meta["authors"][0]["name"]) == ("LE HORLA", "Guy de Maupassant")
    assert not any("left at the top" in w for w in report.warnings)
    assert "style=" not in markdown and ":::" not in markdown and "ftn" not in markdown
    assert "aïeux[^1]." in markdown and "[^1]: Les ancêtres." in markdown
    assert "[sehr krank]{lang=\"DE\"}" in markdown  # a language is no styling
    assert report.language == "fr" and any("1 note made footnotes" in d for d in report.decisions)


def test_a_title_page_typed_at_the_top_wins_over_a_web_pages_title(tmp_path):
    """Word's web page named itself <title>Manuscrit</title>: that became the book's title, and the
    title page typed at its top ("Guy de Maupassant" over "LE HORLA") an empty first chapter."""
    source = tmp_path / "horla.htm"
    source.write_bytes(WORD_HTML.replace("<head>", "<head><title>Manuscrit</title>").encode("cp1252"))
    into = tmp_path / "book" / "manuscript"
    report = import_text(source, into)
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert (meta["title"], meta["authors"][0]["name"]) == ("LE HORLA", "Guy de Maupassant")
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# PREMIER RÉCIT\n")
    assert any("properties name it 'Manuscrit'" in w for w in report.warnings)


def test_a_word_authors_spacing_and_typed_indents_are_not_text(tmp_path):
    """Paragraphs of a no-break space (or a bold one) between a Word author's paragraphs came in as
    empty paragraphs, each a blank line in print, and an indent typed with em spaces doubled the
    editions' own; verse set with line breaks keeps its indents."""
    doc = _word_document(tmp_path, "# I\n\nOne.\n\n\u00a0\n\n**\u00a0**\n\n\u2003\u2003Two.\n\n"
                                   "Verse line\\\n\u00a0\u00a0indented line\n")
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="en")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith("# I\n\nOne.\n\nTwo.\n\n") and "\u00a0\u00a0indented" in markdown


def test_a_heading_typed_in_bold_is_written_plain(tmp_path):
    """A Word heading style with its words also set in bold came in as "# **Kapitel 2**", printed
    bolder than the chapters round it; a heading all in bold is written plain, one with a word in bold keeps it."""
    doc = _word_document(tmp_path, "# Kapitel 1\n\nText.\n\n# **Kapitel 2**\n\nText.\n\n# Kapitel **3**\n\nText.\n")
    into = tmp_path / "book" / "manuscript"
    import_text(doc, into, language="de")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "# Kapitel 2\n" in markdown and "# Kapitel **3**\n" in markdown


def test_a_word_documents_own_table_of_contents_is_set_aside(tmp_path):
    """A Word manuscript's own table of contents ("Inhaltsverzeichnis", its entries links to the
    headings with Word's page numbers, "Erstes Kapitel 3") was printed as the book's first page of
    text, before publish's own contents; it is set aside, word for word."""
    doc = _word_document(tmp_path, "**Inhaltsverzeichnis**\n\n[Erstes Kapitel 3](#erstes-kapitel)\n\n"
                                   "[Zweites Kapitel 9](#zweites-kapitel)\n\n# Erstes Kapitel\n\n"
                                   "Als Gregor erwachte.\n\n# Zweites Kapitel\n\n"
                                   "Erst am Abend, [siehe oben](#erstes-kapitel).\n")
    into = tmp_path / "book" / "manuscript"
    report = import_text(doc, into, language="de")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Erstes Kapitel\n") and "[siehe oben](#erstes-kapitel)" in markdown
    aside = (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    assert "Inhaltsverzeichnis" in aside and "Zweites Kapitel 9" in aside
    assert any("table of contents (2 entries)" in d for d in report.decisions)


def test_a_sentence_opening_with_a_sections_name_is_no_heading(tmp_path):
    """Les Misérables' line "conclusion: a refusal. Marius stiffened himself in advance." was
    taken for a named section, "Conclusion", and ended the parts as back matter."""
    prose = "It was a long day, and the road ran on through the snow to the river and beyond."
    text = "\n\n".join(["CHAPTER I", prose, "conclusion: a refusal. Marius stiffened himself in advance.",
                         prose, "CHAPTER II", prose, "CONCLUSION", prose]) + "\n"
    _, into = run(tmp_path, "lesmis", text.encode("utf-8"))
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings == ["# CHAPTER I", "# CHAPTER II", "# CONCLUSION"]


def test_a_story_the_contents_list_indents_under_another_is_its_section(tmp_path):
    """Grimms' "THE ADVENTURES OF CHANTICLEER AND PARTLET" lists its two tales indented under it:
    they are its sections (`##`), not stories beside it."""
    listing = "\n".join(["     THE GOLDEN BIRD", "     THE ADVENTURES OF CHANTICLEER AND PARTLET",
                         "       1. HOW THEY WENT TO THE MOUNTAINS TO EAT NUTS", "       2. HOW THEY VISITED MR KORBES",
                         "     RAPUNZEL"])
    prose = "A certain king had a beautiful garden, and in the garden stood a tree which bore golden apples."
    body = []
    for title in ("THE GOLDEN BIRD", "THE ADVENTURES OF CHANTICLEER AND PARTLET",
                  "1. HOW THEY WENT TO THE MOUNTAINS TO EAT NUTS", "2. HOW THEY VISITED MR KORBES", "RAPUNZEL"):
        body += [title, prose, prose]
    text = "FAIRY TALES\n\nBy The Brothers Grimm\n\nPREPARER'S NOTE\n\n     The text is based on translations.\n\n" \
           "CONTENTS:\n\n" + listing + "\n\n\n\n" + "\n\n\n".join(body) + "\n"
    _, into = run(tmp_path, "grimm", text.encode("utf-8"))
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings[-5:] == ["# THE GOLDEN BIRD", "# THE ADVENTURES OF CHANTICLEER AND PARTLET",
                             "## 1. HOW THEY WENT TO THE MOUNTAINS TO EAT NUTS", "## 2. HOW THEY VISITED MR KORBES",
                             "# RAPUNZEL"]


def test_a_standard_ebooks_history_headings_endnotes_and_plates(tmp_path):
    """The Worst Journey in the World (Standard Ebooks): its import stopped with "lost 'a'×3,
    'circular'×1, …" (the frontispiece's description, a figure without a caption, went into an
    attribute the count did not read); its chapters were "IX" with "The Polar Journey" as a
    paragraph between raw <hgroup> tags (epubcheck: "hgroup incomplete", 33 errors); its 364
    notes were numbers linking to a last chapter of "Endnotes"; and the list of illustrations
    linked to `#chapter-3.xhtml_midnight`, a figure pandoc's reader names `midnight`, from a raw
    <nav id="loi"> whose id made the list's own page loi-2.html; a note's "see here" linked to a
    paragraph's id, which pandoc's reader drops (30 links leading nowhere)."""
    source = _epub(tmp_path / "worst.epub", "<dc:title>The Worst Journey</dc:title>",
                   '<section id="preamble"><figure id="frontispiece"><img alt="A circular painting of '
                   'a hill." src="../images/logo.png"/></figure><p>This volume is a narrative.</p></section>',
                   '<section id="chapter-1" epub:type="chapter"><hgroup><h2 epub:type="ordinal">I</h2>'
                   '<p epub:type="title">From England to South Africa</p></hgroup><p id="cook">Cook sailed in 1772.'
                   '<a href="2.xhtml#note-1" id="noteref-1" epub:type="noteref">1</a> He saw ice.</p>'
                   '<figure id="midnight"><img alt="Pack-ice." src="../images/logo.png"/><figcaption>'
                   'Pack-ice at midnight.</figcaption></figure></section>',
                   '<section id="endnotes" epub:type="endnotes"><h2>Endnotes</h2><ol><li id="note-1" '
                   'epub:type="endnote"><p>Cook, <i>A Voyage Towards the South Pole</i>, p. 23. See <a '
                   'href="1.xhtml#cook">here</a>. <a href="1.xhtml#noteref-1" epub:type="backlink">↩</a></p>'
                   '</li></ol></section>',
                   '<nav id="loi" epub:type="loi"><h2>List of Illustrations</h2><ol><li><p><a '
                   'href="1.xhtml#midnight">Pack-ice at midnight.</a></p></li></ol></nav>')
    into = tmp_path / "worst" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    doc = pandoc_doc(text)
    headings = [" ".join(all_text(h["c"][2]).split()) for h in blocks_of(doc, "Header")]
    assert headings == ["I: From England to South Africa", "List of Illustrations"]
    assert "hgroup" not in text and "↩" not in text and "<nav" not in text
    assert [h["c"][1][0] for h in blocks_of(doc, "Header")][1] == "loi"  # its page loi.html, not loi-2.html
    (note,) = blocks_of(doc, "Note")
    assert words(all_text(note)) == words("Cook, A Voyage Towards the South Pole, p. 23. See here.")
    assert 'alt="A circular painting of a hill."' in text
    # A paragraph linked to keeps its id as an anchor (pandoc keeps no paragraph's id).
    assert [link["c"][2][0] for link in blocks_of(doc, "Link")] == ["#1.xhtml_cook", "#midnight"]
    assert "[]{#1.xhtml_cook}Cook sailed in 1772." in text
    assert "1 endnote (a call and a note linked both ways) as footnotes" in report.summary()
    with recorded_warnings() as warnings:
        built = build_project(into.parent, ("html", "epub"))
    assert not [w for w in warnings if "leads nowhere" in w]
    from test_epub import assert_epubcheck_clean

    assert_epubcheck_clean(built.epub)


def test_a_poem_with_a_note_on_its_title_keeps_the_id_linked_to(tmp_path):
    # Spoon River Anthology (Standard Ebooks): "Jonathan Swift Somers" with a note on its title, in
    # its <article id="jonathan-swift-somers">, linked to from another note. Pandoc's writer left
    # the id off as its own, its reader made it jonathan-swift-somers1: the link led nowhere.
    source = _epub(tmp_path / "spoon.epub", "<dc:title>Spoon River</dc:title>",
                   '<section id="poems" epub:type="chapter"><article id="jonathan-swift-somers" '
                   'epub:type="z3998:poem"><h2 epub:type="title">Jonathan Swift Somers<a href="1.xhtml#note-1" '
                   'id="noteref-1" epub:type="noteref">1</a></h2><p>After you have enriched your soul.</p>'
                   '</article><article id="the-spooniad"><h2>The Spooniad</h2><p>The late Mr. Somers,<a '
                   'href="1.xhtml#note-2" id="noteref-2" epub:type="noteref">2</a> laureate.</p></article></section>',
                   '<section id="endnotes" epub:type="endnotes"><h2>Endnotes</h2><ol><li id="note-1" '
                   'epub:type="endnote"><p>The laureate. <a href="0.xhtml#noteref-1" epub:type="backlink">↩</a></p>'
                   '</li><li id="note-2" epub:type="endnote"><p>See <a href="0.xhtml#jonathan-swift-somers">'
                   'Jonathan Swift Somers</a>. <a href="0.xhtml#noteref-2" epub:type="backlink">↩</a></p></li>'
                   '</ol></section>')
    into = tmp_path / "spoon" / "manuscript"
    import_text(source, into)
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    ids = {h["c"][1][0] for h in blocks_of(doc, "Header")}
    assert "jonathan-swift-somers" in ids
    assert "#jonathan-swift-somers" in [link["c"][2][0] for link in blocks_of(doc, "Link")]


def test_a_total_under_a_table_without_a_head_stays_a_row(tmp_path):
    """Keynes's table of coal (Standard Ebooks): rows of figures and a total in a <tfoot>, no
    head. Pandoc writes the foot under a `+===+` line and reads that back as the end of a head:
    every row above the total became a header cell, set in bold in every edition."""
    source = tmp_path / "coal.html"
    source.write_text("<html><body><h1>The Treaty</h1><table><tbody><tr><td>Railways</td><td>18,000,000</td>"
                      "</tr><tr><td>Bunkers</td><td>6,500,000</td></tr></tbody><tfoot><tr><td></td>"
                      "<td>24,500,000</td></tr></tfoot></table></body></html>", encoding="utf-8")
    into = tmp_path / "coal" / "manuscript"
    import_text(source, into)
    (table,) = blocks_of(pandoc_doc((into / "text.md").read_text(encoding="utf-8")), "Table")
    head, bodies = table["c"][3], table["c"][4]
    assert head[1] == []
    assert [" ".join(all_text(row).split()) for row in bodies[0][3]] == [
        "Railways 18,000,000", "Bunkers 6,500,000", "24,500,000"]


def test_an_endnote_called_from_inside_another_stays_an_endnote_called_by_a_superior(tmp_path):
    """Keynes's note 122 holds a table whose figures call notes 169–171: a footnote holds no
    footnote, so those stay endnotes, and their calls, left as links, read "4,000,000,000169"
    in the note's table. They are set as superior figures, linking to their notes; the notes
    lose their backlinks '↩', which DejaVu printed, as the footnotes' backlinks went."""
    source = _epub(tmp_path / "peace.epub", "<dc:title>The Economic Consequences of the Peace</dc:title>",
                   '<section id="chapter-5" epub:type="chapter"><h2>Reparation</h2><p>Foreign securities.'
                   '<a href="1.xhtml#note-1" id="noteref-1" epub:type="noteref">1</a></p></section>',
                   '<section id="endnotes" epub:type="endnotes"><h2>Endnotes</h2><ol><li id="note-1" '
                   'epub:type="endnote"><p>Helfferich, 5,000,000,000.<a href="1.xhtml#note-2" id="noteref-2" '
                   'epub:type="noteref">2</a> <a href="0.xhtml#noteref-1" epub:type="backlink">↩</a></p></li>'
                   '<li id="note-2" epub:type="endnote"><p>Net investments. <a href="1.xhtml#noteref-2" '
                   'epub:type="backlink">↩</a></p></li></ol></section>')
    into = tmp_path / "peace" / "manuscript"
    import_text(source, into)
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    (note,) = blocks_of(doc, "Note")
    (superior,) = blocks_of({"blocks": note["c"]}, "Superscript")
    assert all_text(superior).strip() == "2" and blocks_of({"blocks": superior["c"]}, "Link")
    (item,) = blocks_of(doc, "OrderedList")
    assert item["c"][0][0] == 2  # the note left keeps its number
    # Its backlink '↩' goes (printed in a fallback face, the build warning): its call links to it.
    assert " ".join(all_text(item).split()) == "Net investments."


def test_a_section_headed_by_a_numeral_in_its_header_has_it_as_heading(tmp_path):
    """Keynes's chapter IV (Standard Ebooks) numbers its sections in a <header> with no heading,
    `<header><p>I</p></header>`: "I", "II", "III" were paragraphs in the text, the sections
    missing from every contents. Such a line is the section's heading, a level under the
    heading before it the book gave (pandoc's reader keeps the sections but not the chapter's
    own, so their nesting does not tell)."""
    sections = "".join(f'<section id="chapter-4-{n}"><header><p>{numeral}</p></header><p>Text {n}.</p></section>'
                       for n, numeral in ((1, "I"), (2, "II")))
    source = _epub(tmp_path / "peace.epub", "<dc:title>The Economic Consequences of the Peace</dc:title>",
                   f'<section id="chapter-4" epub:type="chapter"><h2>IV: The Treaty</h2><p>Opening.</p>{sections}'
                   '<section id="chapter-4-3"><header><p>The Silesian coal and the long title of a section '
                   'which is far more than a heading could ever be, running on and on as text does in a '
                   'paragraph of a chapter, and on.</p></header><p>Text 3.</p></section></section>')
    into = tmp_path / "peace" / "manuscript"
    report = import_text(source, into)
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    headings = [(h["c"][0], " ".join(all_text(h["c"][2]).split())) for h in blocks_of(doc, "Header")]
    assert headings == [(2, "IV: The Treaty"), (3, "I"), (3, "II")]  # a paragraph's length stays text
    assert "2 sections headed by a line of text" in report.summary()


def _treasure(chapters: int, gap: str = "\n\n\n\n\n") -> str:
    """A novel laid out as Gutenberg's Treasure Island: each chapter a figure alone, far apart
    from the text before it, over its title."""
    text = ("TREASURE ISLAND\n\nTo S.L.O., an American gentleman in accordance with whose classic taste\n"
            "the following narrative has been designed, it is now dedicated by his affectionate friend.\n\n"
            "     CONTENTS\n\n     PART ONE\n     The Old Buccaneer\n\n"
            + "".join(f"     {n}.  THE TITLE OF CHAPTER {n} . . .  {n * 6}\n" for n in range(1, chapters + 1))
            + "\n\n\nTREASURE ISLAND" + gap + "PART ONE--The Old Buccaneer")
    for n in range(1, chapters + 1):
        opening = '"Pieces of eight!" cried the parrot.' if n == 3 else f"THE story goes on in chapter {n}."
        text += f"{gap}{n}\n\nThe Title of Chapter {n}\n\n\n{opening} It was late.\n\nMore of it.\n"
    return text


def test_figures_alone_that_count_chapters_are_their_headings_and_the_old_contents_goes_aside(tmp_path):
    report, into = run(tmp_path, "treasure", _treasure(6).encode())
    assert report.headings == ["PART ONE — The Old Buccaneer",
                               *(f"{n}. The Title of Chapter {n}" for n in range(1, 7))]
    markdown = (into / "text.md").read_text(encoding="utf-8")
    before = markdown.split("\n# ", 1)[0]
    assert "To S.L.O." in before and "CONTENTS" not in before and "CHAPTER" not in before
    assert "THE TITLE OF CHAPTER 6" in (into / "source-title-pages.txt").read_text(encoding="utf-8")


def test_page_numbers_left_in_a_text_are_no_headings(tmp_path):
    """Figures counting up alone on their lines, but as far from the text as its paragraphs are
    from each other, or fewer than five: page numbers, or a list."""
    report, _ = run(tmp_path, "pages", _treasure(6, gap="\n\n").encode())
    assert report.headings == ["PART ONE — The Old Buccaneer"]
    report, _ = run(tmp_path, "few", _treasure(4).encode())
    assert report.headings == ["PART ONE — The Old Buccaneer"]


def test_numbered_notes_under_a_notes_or_comments_line_are_no_chapters(tmp_path):
    """War and Peace's "Комментарии" (lib.ru): each number alone over its comment, as Treasure
    Island's chapters stand; they are notes, not chapters."""
    text = "ГЛАВА I\n\n" + "Текст главы, абзац.\n\n" * 20 + "Комментарии\n" + "".join(
        f"\n\n\n\n{n}\n\nКомментарий номер {n}, длинный.\n" for n in range(1, 8))
    report, _ = run(tmp_path, "comments", text.encode("utf-8"))
    assert report.headings == ["ГЛАВА I", "Комментарии"]


def test_a_chapters_own_numbered_notes_after_it_are_no_chapters(tmp_path):
    """The History of Pugachev (RusLit) ends each chapter with "Примечания к главе первой", each
    note's number alone over its text: the numbers were chapters ("4. Форпост Будоринский…" one,
    its note taken as its title), 87 headings for the book's 8 chapters."""
    def chapter(name: str, notes_to: str) -> str:
        return (f"{name}\n\n" + "Текст главы, абзац.\n" * 20 + f"\n{notes_to}\n" + "".join(
            f"\n\n{n}\n\nФорпост Будоринский в {n} верстах от Яицкого городка.\n" for n in range(1, 8)) + "\n")
    text = chapter("Глава первая", "Примечания к главе первой") + chapter("Глава вторая", "Примечания к главе второй")
    report, into = run(tmp_path, "pugachev", text.encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    headers = [(b["c"][0], " ".join(all_text(b["c"][2]).split())) for b in doc["blocks"] if b["t"] == "Header"]
    # The notes' line is a section of its chapter, over its notes.
    assert headers == [(1, "Глава первая"), (2, "Примечания к главе первой"),
                       (1, "Глава вторая"), (2, "Примечания к главе второй")]


def test_a_numbered_notes_call_on_a_heading_or_opening_a_paragraph_is_a_footnote(tmp_path):
    """Diary of a Writer (RusLit) calls notes from its articles' headings ("Влас[20]"), Dead Souls one
    opening a paragraph where a page of the manuscript is lost ("[108] – …хлебом в местах"): the
    notes were left as text at the book's end, never called, and "[108]" printed in the text. A
    part's heading ("Том второй[88]") keeps its note as text: a part's page prints no notes."""
    lines = "".join(f"Абзац номер {n}, в одну строку, как в книге, — " + "длинная фраза прозы без конца и края, " * 4
                    + "конец.\n" for n in range(1, 25))
    text = (f"Том первый\n\n\nГлава первая\n\nТекст со сноской[1] здесь.\n{lines}\n\nТом второй[4]\n\n\n"
            f"Глава первая[2]\n\n[3] – …хлебом в местах, где голод, знаю.\n{lines}\n\nПримечания\n\n1\n\nПервое "
            "примечание.\n\n2\n\nГлава дана в ранней редакции.\n\n3\n\nНачало фразы в рукописи отсутствует.\n\n4\n\n"
            "Второй том представлен в ранней редакции.\n")
    report, into = run(tmp_path, "dead", text.encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    headers = [b for b in doc["blocks"] if b["t"] == "Header"]
    notes = [[" ".join(all_text(i["c"]).split()) for i in h["c"][2] if i["t"] == "Note"] for h in headers]
    assert notes == [[], [], [], ["Глава дана в ранней редакции."]]
    opening = next(b for b in doc["blocks"] if b["t"] == "Para" and "хлебом" in all_text(b["c"]))
    assert opening["c"][0]["t"] == "Note" and "Начало фразы" in " ".join(all_text(opening["c"][0]["c"]).split())
    assert "[3]" not in all_text(doc["blocks"])
    assert [w for w in report.warnings if "never called" in w] == [w for w in report.warnings if "(4–4)" in w] != []
    assert report.words_in == report.words_out + sum(report.markup_words.values())


def test_lib_rus_source_and_credits_under_the_title_are_set_aside(tmp_path):
    """lib.ru's texts (KOI8-R, paragraphs set in five spaces, wrapped at 72) frame the source and
    its OCR's credits between two rules of dashes: " OCR, spellcheck: …" over the second rule was
    read as an underlined heading, the book's first chapter, and the title page above was lost."""
    body = ("     Говорили, что на набережной появилось новое лицо: дама с собачкой.\nДмитрий Дмитрич Гуров\n"
            "тоже стал интересоваться новыми лицами.\n     -- Он не кусается, -- сказала она.\n")
    text = ("Антон Павлович Чехов. Дама с собачкой\n\n" + "-" * 63 + "\n Источник: А. П. Чехов. Собрание сочинений.\n"
            " OCR, spellcheck: Библиотека Мошкова\n" + "-" * 63 + "\n\n\n" + " " * 35 + "I\n\n" + body
            + "\n" + " " * 35 + "II\n\n" + body)
    report, into = run(tmp_path, "libru", text.encode("koi8-r"))
    assert report.headings == ["I", "II"]
    credits = (into / "source-library-credits.txt").read_text(encoding="utf-8")
    assert "OCR, spellcheck: Библиотека Мошкова" in credits and "Источник" in credits
    assert "OCR" not in (into / "text.md").read_text(encoding="utf-8")
    assert report.words_in == report.words_out + report.words_set_aside + report.words_moved


def test_royallibs_notes_in_their_calls_are_footnotes_and_their_list_at_the_end_goes(tmp_path):
    """Royallib's Onegin (FB2 saved as text) writes each note in its call, "Там и Дидло[11 - Черта
    …]", and prints the 80 notes again at the end under "Примечания", each number over its note:
    the calls were printed as bracketed text and the notes twice."""
    stanza = ("\t\tВолшебный край! там в стары годы,\n\t\tСатиры смелой властелин,\n"
              "\t\tБлистал Фонвизин, друг свободы,\n"
              "\t\tТам и Дидло[2 - Черта охлажденного чувства. ] венчался славой,\n")
    text = ("Глава первая\n\n\nИ жить торопится, и чувствовать спешит.\n\nКнязь Вяземский[1 - Эпиграф взят из "
            "стихотворения П. А. Вяземского «Первый снег».]\n\n\nI\n\n" + stanza + "\n\nПримечания\n\n\n\n1\n\n"
            "Эпиграф взят из стихотворения П. А. Вяземского «Первый снег».\n\n\n\n2\n\nЧерта охлажденного чувства.\n")
    report, into = run(tmp_path, "royallib", text.encode("utf-8"))
    md = (into / "text.md").read_text(encoding="utf-8")
    doc = pandoc_doc(md)
    notes = [" ".join(all_text(n["c"]).split()) for n in blocks_of(doc, "Note")]
    assert notes == ["Эпиграф взят из стихотворения П. А. Вяземского «Первый снег».", "Черта охлажденного чувства."]
    assert "Примечания" not in md and "[2 -" not in md.replace("\\", "") and "Дидло[^" in md
    assert not report.warnings or all("never called" not in w for w in report.warnings)


def test_an_e_librarys_thanks_and_links_are_set_aside_and_the_title_page_under_them_is_read(tmp_path):
    """Royallib's Onegin opens with "Спасибо, что скачали книгу…", its links and "Приятного
    чтения!" over the title page, and ends with the thanks and links again before "notes" and its
    notes: the book was "Untitled", its first page and last lines the library's."""
    thanks = "Спасибо, что скачали книгу в бесплатной электронной библиотеке Royallib.ru: http://royallib.ru\r\n\r\n"
    author = "Все книги автора: http://royallib.ru/author/pushkin_aleksandr.html\r\n\r\n"
    text = (thanks + author + "Эта же книга в других форматах: http://royallib.ru/book/pushkin_aleksandr/x.html\r\n"
            "\r\nПриятного чтения!\r\n\r\n\r\n\r\n\r\nАлександр Сергеевич Пушкин\r\n\r\nЕвгений Онегин\r\n\r\n"
            "Роман в стихах\r\n\r\n\r\n\r\nГлава первая\r\n\r\n\r\nI\r\n\r\n"
            "\t\t«Мой дядя самых честных правил,\r\n\t\tКогда не в шутку занемог,\r\n\r\n\r\n\r\n"
            + thanks + "Оставить отзыв о книге: http://royallib.ru/comment/pushkin_aleksandr/x.html\r\n\r\n"
            + author + "notes\r\n\r\nПримечания\r\n\r\n\r\n\r\n1\r\n\r\nЭпиграф взят из стихотворения.\r\n")
    report, into = run(tmp_path, "royallib", text.encode("cp1251"))
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "Евгений Онегин" and meta["subtitle"] == "Роман в стихах"
    assert meta["authors"] == [{"name": "Александр Сергеевич Пушкин"}]
    md = (into / "text.md").read_text(encoding="utf-8")
    assert "royallib" not in md and "Приятного" not in md and "\nnotes" not in md
    aside = (into / "source-library-credits.txt").read_text(encoding="utf-8")
    assert aside.count("Спасибо, что скачали книгу") == 2 and aside.endswith("notes\n")


def test_a_chapters_epigraph_over_its_source_set_in_is_no_title_of_the_chapter(tmp_path):
    """Onegin's "Глава пятая" over its epigraph, "О, не знай сих страшных снов" / "Ты, моя
    Светлана!" / "    Жуковский": the epigraph's first line was taken as the chapter's title
    ("Глава пятая. О, не знай сих страшных снов" in the contents); "Глава вторая" over "Деревня"
    is a title. The epigraph was then the chapter's first paragraphs, its source one of them: it
    is a `::: epigraph` div, its lines a line block, its source (and its note) the last paragraph."""
    stanza = "\t\tВ тот год осенняя погода\n\t\tСтояла долго на дворе,\n\t\tЗимы ждала, ждала природа.\n"
    text = ("Глава пятая\n\n\nО, не знай сих страшных снов\n\nТы, моя Светлана!\n\n\u00a0\u00a0\u00a0\u00a0Жуковский"
            "[1 - Из баллады «Светлана».]\n\n\n\n\nI\n\n" + stanza + "\n\n\nII\n\n" + stanza
            + "\n\n\nГлава шестая\n\n\nДеревня\n\n\nI\n\n" + stanza)
    report, into = run(tmp_path, "onegin", text.encode("utf-8"))
    assert report.headings == ["Глава пятая", "I", "II", "Глава шестая. Деревня", "I"]
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    (epigraph,) = [d for d in blocks_of(doc, "Div") if d["c"][0][1] == ["epigraph"]]
    lines, source = epigraph["c"][1]
    assert lines["t"] == "LineBlock" and [" ".join(all_text(line).split()) for line in lines["c"]] == [
        "О, не знай сих страшных снов", "Ты, моя Светлана!"]
    assert source["t"] == "Para" and all_text(source).startswith("Жуковский")
    assert any(inline["t"] == "Note" for inline in source["c"])  # its note kept


def test_a_poem_whose_lines_end_with_stops_keeps_its_stanzas(tmp_path):
    """Blok's "Двенадцать" (RusLit): short lines set in, most ending with a stop or a comma, in
    stanzas parted by blank lines; it was read as one paragraph a line, 347 prose paragraphs and
    no stanza. A text of one paragraph a line with long lines is still one."""
    stanza = ("     Черный вечер.\n     Белый снег.\n     Ветер, ветер!\n     На ногах не стоит человек.\n"
              "     Ветер, ветер -\n     На всем божьем свете!\n\n")
    report, into = run(tmp_path, "blok", (stanza * 6).encode("utf-8"))
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert [len(b["c"]) for b in blocks_of(doc, "LineBlock")] == [6] * 6 and not blocks_of(doc, "Para")
    prose = "Это длинная строка прозы, которая сама по себе абзац и кончается точкой, как положено.\n\n"
    report, _ = run(tmp_path, "prose", (prose * 12).encode("utf-8"))
    assert report.paragraph_rule == RULE_LINE


def test_a_poems_numbered_parts_under_its_title_page_are_headings(tmp_path):
    """"Двенадцать" numbers its twelve parts with figures set in alone; its "1" came right under
    the title page taken out, and "6" over "...Опять навстречу несется": no part was a heading."""
    stanza = "     Черный вечер.\n     Белый снег.\n     Ветер, ветер!\n     На ногах не стоит человек.\n\n"
    openings = ["", "", "     ...Опять навстречу несется\n", "     - Ох ты, горе-горькое!\n", ""]
    text = "Александр Блок\n\n\n        ДВЕНАДЦАТЬ\n\n\n         Поэма\n\n\n" + "".join(
        f"           {n}\n\n{opening}{stanza}{stanza}\n\n" for n, opening in enumerate(openings, 1))
    report, into = run(tmp_path, "blok", text.encode("utf-8"))
    assert report.headings == ["1", "2", "3", "4", "5"]
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert meta["title"].upper() == "ДВЕНАДЦАТЬ"


def test_a_chapters_label_and_number_over_a_title_in_capitals_with_no_stop_is_a_heading(tmp_path):
    """Peter Pan's "Chapter 8 THE MERMAIDS’ LAGOON" (its contents list spells it "MERMAID’S", so
    only its own shape can tell); "Chapter 3 of the book" in a sentence stays text."""
    text = "".join(f"Chapter {n} THE {'MERMAIDS’ LAGOON' if n == 2 else 'TITLE'}\n\nThe text of it, and on.\n\n"
                   for n in range(1, 4)) + "Chapter 3 of the book is long.\n\nMore text.\n"
    report, _ = run(tmp_path, "pan", text.encode("utf-8"))
    assert report.headings == ["Chapter 1 THE TITLE", "Chapter 2 THE MERMAIDS’ LAGOON", "Chapter 3 THE TITLE"]


def test_the_last_chapter_named_so_is_a_heading(tmp_path):
    """Bryusov's "Огненный ангел" ends with "Глава 16 и последняя.": it ran on in chapter 15."""
    text = "".join(f"Глава {n}.\n\nТекст главы {n}, и дальше.\n\n" for n in range(1, 4)) + (
        "Глава 4 и последняя.\n\nКонец повести.\n")
    report, _ = run(tmp_path, "last", text.encode("utf-8"))
    assert report.headings == ["Глава 1", "Глава 2", "Глава 3", "Глава 4 и последняя"]


# --- other markup pandoc reads -------------------------------------------------------------------

MARKUP_BOOKS = {
    ".rst": "Chapter One\n===========\n\nThe *first* words [#]_.\n\n.. image:: map.png\n\n"
            ".. [#] A note.\n\nChapter Two\n===========\n\nThe last words.\n",
    ".tex": "\\documentclass{book}\\begin{document}\\chapter{Chapter One}The \\emph{first} words "
            "\\cite[22]{smith}.\\footnote{A note.}\n\n\\includegraphics{map}\n\n"
            "\\chapter{Chapter Two}The last words.\\end{document}\n",
    ".org": "* Chapter One\nThe /first/ words.[fn:1]\n\n[[file:map.png]]\n\n* Chapter Two\nThe last words.\n\n"
            "[fn:1] A note.\n",
    ".adoc": "= A Book\n\n== Chapter One\n\nThe _first_ words.footnote:[A note.]\n\nimage::map.png[]\n\n"
             "== Chapter Two\n\nThe last words.\n",
}


@pytest.mark.parametrize("suffix", MARKUP_BOOKS)
def test_markup_pandoc_reads_is_imported_with_its_pictures(tmp_path, suffix):
    # A .rst, .tex, .org or .adoc manuscript was read as plain text, its markup printed as words.
    from PIL import Image

    Image.new("RGB", (40, 30), (200, 30, 30)).save(tmp_path / "map.png")
    report, into = run(tmp_path, "book", MARKUP_BOOKS[suffix].encode("utf-8"), suffix=suffix)
    text = (into / "text.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert [h.lstrip("# ").split(" {")[0] for h in headings][-2:] == ["Chapter One", "Chapter Two"], text
    assert "*first*" in text and "[^1]" in text and "A note." in text
    assert "images/map.png" in text and (into / "images" / "map.png").is_file()
    assert not re.search(r"\\chapter|\.\. image|#\+|==", text)
    assert report.words_in == report.words_out + report.words_moved + report.words_set_aside


def test_a_figure_whose_picture_is_missing_keeps_its_caption(tmp_path):
    # The figure, its picture gone, was written as raw <figure> HTML, read back as words
    # "<figure>" and the import refused as "a bug in `publish import`".
    html = ("<html><body><h1>One</h1><p>Text.</p><figure><img src='gone.png' alt='A map of the coast'>"
            "<figcaption>The coast in 1905</figcaption></figure><p>More.</p></body></html>")
    report, into = run(tmp_path, "page", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "::: illustration\nA map of the coast\n\nThe coast in 1905\n:::" in text and "<figure" not in text
    assert any("gone.png" in w for w in report.warnings)


def test_a_latex_book_in_several_files_is_read_whole(tmp_path):
    # \\input{ch2} was left out with a warning of pandoc's nobody saw: a chapter lost.
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "ch2.tex").write_text("\\chapter{Two}More words.\n\\input{chapters/note}\n")
    (tmp_path / "chapters" / "note.tex").write_text("And a last line.\n")
    source = (b"\\documentclass{book}\\begin{document}\\chapter{One}Words.\n% \\input{draft}\n"
              b"\\include{chapters/ch2}\n\\end{document}\n")
    _, into = run(tmp_path, "book", source, suffix=".tex")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "# One" in text and "# Two" in text and "More words. And a last line." in text


@pytest.mark.parametrize("suffix, main, chapter", [
    (".adoc", "= A Book\n\n// include::draft.adoc[]\ninclude::chapters/two.adoc[]\n", "== Two\n\nMore words.\n"),
    (".typ", "= One\nWords.\n#include \"chapters/two.typ\"\n", "= Two\nMore words.\n")])
def test_asciidoc_and_typst_books_in_several_files_are_read_whole(tmp_path, suffix, main, chapter):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / f"two{suffix}").write_text(chapter)
    _, into = run(tmp_path, "book", main.encode(), suffix=suffix)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "Two" in text and "More words." in text


@pytest.mark.parametrize("source, suffix", [(b"\\input{../outside}", ".tex"), (b"\\input{missing}", ".tex"),
                                            (b"= B\n\ninclude::missing.adoc[]\n", ".adoc"),
                                            (b"\\subfile{ch2}", ".tex")])
def test_an_input_the_import_cannot_read_is_refused(tmp_path, source, suffix):
    with pytest.raises(PublishError) as caught:
        run(tmp_path, "book", source, suffix=suffix)
    assert re.search(r"outside|not there|includes another file", str(caught.value)), str(caught.value)
    assert not (tmp_path / "book").exists()


# --- FictionBook ---------------------------------------------------------------------------------

def _fb2(cover: bytes, picture: bytes, encoding: str = "cp1251") -> bytes:
    """A FictionBook as Russian libraries hand them out: in Windows-1251, its series in the
    description, the title page and the book's epigraph at the top of the body, titles of two
    paragraphs, a subtitle of stars after an empty line, a poem with a title, notes in a body of
    their own, pictures inside, one named by its id alone."""
    import base64

    text = f"""<?xml version="1.0" encoding="windows-1251"?>
<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink">
<description><title-info><genre>prose_history</genre>
<author><first-name>Иван</first-name><last-name>Белкин</last-name></author>
<book-title>Дальневосточный патруль</book-title><coverpage><image l:href="#cover.jpg"/></coverpage>
<lang>ru</lang><translator><first-name>Пётр</first-name><last-name>Вейнберг</last-name></translator>
<sequence name="Красная звезда" number="10"/></title-info>
<src-title-info><book-title>The Far Eastern Patrol</book-title><date>1934</date><lang>en</lang></src-title-info>
</description>
<body><title><p>Иван Белкин</p><p>Дальневосточный патруль</p></title>
<epigraph><p>Граница на замке.</p><text-author>Поговорка</text-author></epigraph>
<section><title><p>Глава первая</p><p>Застава</p></title>
<p>Утро выдалось холодным. — Встать! — крикнул дежурный<a l:href="#n_1" type="note">[1]</a>.</p>
<empty-line/><subtitle>* * *</subtitle><p>К полудню всё стихло.</p>
<poem><title><p>Песня</p></title><stanza><v>Над рекой туман клубится,</v><v>Пограничник не спит.</v></stanza></poem>
</section>
<section><title><p>Глава вторая</p><p>Ночь</p></title><p>Ночь прошла спокойно.</p><image l:href="#map"/></section>
</body>
<body name="notes"><section id="n_1"><title><p>1</p></title><p>Дежурный по заставе.</p></section></body>
<binary id="cover.jpg" content-type="image/jpeg">{base64.b64encode(cover).decode()}</binary>
<binary id="map" content-type="image/png">{base64.b64encode(picture).decode()}</binary>
</FictionBook>
"""
    return text.encode(encoding)


def _picture(kind: str, size=(60, 90)) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (150, 20, 20)).save(buf, kind)
    return buf.getvalue()


@pytest.mark.parametrize("suffix, encoding", [(".fb2", "cp1251"), (".fb2.zip", "cp1251"), (".fb2", "utf-8")],
                         ids=["fb2", "zipped", "utf-8-said-windows-1251"])
def test_fictionbook_gives_its_series_epigraph_cover_and_chapters(tmp_path, suffix, encoding):
    data = _fb2(_picture("JPEG"), _picture("PNG"), encoding)
    if suffix == ".fb2.zip":
        import io

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as archive:
            archive.writestr("belkin_patrul.fb2", data)
        data = buf.getvalue()
    report, into = run(tmp_path, "book", data, suffix=suffix)
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["series"]["name"] == "Красная звезда" and book["series"]["number"] == 10
    assert book["language"] == "ru" and book["title"] == "Дальневосточный патруль"
    assert book["epigraph"] == {"text": "Граница на замке.", "source": "Поговорка"}
    assert book["authors"] == [{"name": "Иван Белкин"}, {"name": "Пётр Вейнберг", "role": "translator"}]
    assert book["original"] == {"title": "The Far Eastern Patrol", "language": "en", "year": 1934}
    assert (into / "cover.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    text = (into / "text.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    # The title page is no heading over the book; the poem's title no chapter of its own.
    assert headings == ["## Глава первая. Застава", "### Песня", "## Глава вторая. Ночь"], text
    assert len(re.findall(r"^-{3,}$", text, re.M)) == 1 and "\\*" not in text  # the empty line, the stars: one break
    assert "[^1]" in text and "Дежурный по заставе." in text
    assert "images/map.png" in text and (into / "images" / "map.png").is_file()
    assert report.words_in == report.words_out + report.words_moved + report.words_set_aside


def test_fictionbook_builds_its_chapters(tmp_path):
    _, into = run(tmp_path, "book", _fb2(_picture("JPEG"), _picture("PNG")), suffix=".fb2")
    built = build_project(into.parent, ("epub",))
    with zipfile.ZipFile(built.epub) as epub:
        nav = next(n for n in epub.namelist() if n.endswith("nav.xhtml"))
        toc = lxml_html.fromstring(epub.read(nav)).xpath("//nav[@*='toc']")[0]
    entries = [" ".join(a.text_content().split()) for a in toc.xpath("./ol/li/a")]
    assert "Глава первая. Застава" in entries and "Глава вторая. Ночь" in entries
    # The poem's title is a section of its chapter, not a chapter; the title page no entry at all.
    assert "Песня" not in entries and not any("Иван Белкин" in e for e in toc.xpath(".//a/text()")), entries


FB2_PARTS = """<?xml version="1.0" encoding="utf-8"?>
<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">
<description><title-info><author><last-name>Лермонтов</last-name></author>
<book-title>Герой нашего времени</book-title><lang>ru</lang></title-info></description>
<body><title><p>Герой нашего времени</p></title>
<section><title><p>Предисловие</p></title><p>Во всякой книге предисловие есть первая вещь.</p></section>
<section><title><p>Часть первая</p></title>
<section><title><p>I</p><p>Бэла</p></title><p>Я ехал на перекладных из Тифлиса.</p>
<poem><title><p>Песня</p></title><stanza><v>Спи, младенец мой прекрасный,</v><v>Баюшки-баю.</v></stanza>
<text-author>М. Лермонтов</text-author><date>1838</date></poem><p>Мы замолчали.</p></section>
<section><title><p>Максим Максимыч</p></title><p>Расставшись с Максимом Максимычем.</p></section></section>
<section><title><p>Часть вторая</p></title><subtitle>(Окончание журнала Печорина)</subtitle>
<section><title><p>Княжна Мери</p></title><p>Вчера я приехал в Пятигорск.</p></section></section>
<section><title><p>Примечания переводчика</p></title><p>Без них.</p></section>
</body></FictionBook>
"""


def test_a_fictionbooks_parts_hold_its_chapters_and_a_poem_keeps_its_author_and_date(tmp_path):
    # Its sections of sections were chapters "Часть первая" with "Бэла" a subheading in them (the
    # contents listed the parts alone), the part's <subtitle> a chapter of its own, and a poem's
    # <text-author> and <date> two paragraphs of the text after it.
    report, into = run(tmp_path, "book", FB2_PARTS.encode(), suffix=".fb2")
    text = (into / "text.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Предисловие", "# Часть первая {.part}", "# I. Бэла", "## Песня", "# Максим Максимыч",
                        "# Часть вторая {.part}", "# Княжна Мери", "# Примечания переводчика {.backmatter}"], text
    assert "::: subhead\n(Окончание журнала Печорина)\n:::" in text
    assert "| Баюшки-баю.\n\n::: signature\nМ. Лермонтов\n\n*1838*\n:::\n\nМы замолчали." in text
    assert report.words_in == report.words_out + report.words_moved + report.words_set_aside
    built = build_project(into.parent, ("html",))
    contents = lxml_html.fromstring((built.html / "index.html").read_bytes())
    entries = [" ".join(li.text_content().split()) for li in contents.xpath("//nav//li")]
    assert "I. Бэла" in " ".join(entries) and "Княжна Мери" in " ".join(entries), entries


def test_a_seventh_level_of_heading_is_the_sixth(tmp_path):
    # Pandoc's rst reader gives pandoc's testsuite's "Level five" a seventh level: `#######`,
    # set as a paragraph opening a section without a heading (Nu: "Section lacks heading").
    source = "".join(f"{title}\n{mark * len(title)}\n\nText {n}.\n\n"
                     for n, (title, mark) in enumerate(zip(["One", "Two", "Three", "Four", "Five", "Six", "Seven"],
                                                           "=-~^+*#", strict=True), 1))
    _, into = run(tmp_path, "book", source.encode("utf-8"), suffix=".rst")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "###### Seven" in text and "#######" not in text


def test_a_latex_books_parts_and_matter_are_marked(tmp_path):
    # \part{The Voyage} was a level-1 heading over the chapters: a chapter of chapters; the
    # preface before \mainmatter and the afterword after \backmatter were chapters of the text.
    source = ("\\documentclass{book}\\title{The Far Harbour}\\author{Anna Field}\\begin{document}\\frontmatter\n"
              "\\chapter*{Preface}Thanks to the harbour master.\n\\mainmatter\n\\part{The \\emph{Voyage}}\n"
              "\\chapter{Departure}They left.\n\\section{At Sea}Waves.\n\\chapter{Arrival}They came.\n"
              "% \\part{A draft part}\n\\backmatter\n\\chapter{Afterword}Thanks.\n\\end{document}\n")
    _, into = run(tmp_path, "book", source.encode(), suffix=".tex")
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings == ["# Preface {#preface .unnumbered .frontmatter}", "# The *Voyage* {#the-voyage .part}",
                        "# Departure", "## At Sea", "# Arrival", "# Afterword {#afterword .backmatter}"]
    book = load_book(into.parent)
    assert [(c.title, c.part, c.matter) for c in book.chapters][:2] == [("Preface", False, "front"),
                                                                      ("The Voyage", True, "")]


def test_a_latex_books_bibliography_comes_with_it(tmp_path):
    # \bibliography{refs} was left behind: every \cite printed as typed, "[@smith1899]".
    (tmp_path / "refs.bib").write_text("@book{smith1899, author = {Smith, John}, title = {The Harbour}, "
                                       "year = {1899}, publisher = {Murray}}\n", encoding="utf-8")
    source = (b"\\documentclass{book}\\title{Harbours}\\begin{document}\\chapter{One}As shown \\cite{smith1899}.\n"
              b"\\bibliography{refs}\n\\end{document}\n")
    _, into = run(tmp_path, "book", source, suffix=".tex")
    assert yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))["bibliography"] == "refs.bib"
    assert (into / "refs.bib").read_bytes() == (tmp_path / "refs.bib").read_bytes()
    built = build_project(into.parent, ("html",))
    page = " ".join(lxml_html.fromstring((built.html / "one.html").read_bytes()).text_content().split())
    assert "As shown (Smith 1899)." in page


def test_an_asciidoc_books_parts_are_parts(tmp_path):
    # Pandoc gives `= Part One` (and a `[preface]` alone at the top) level 0, which Markdown
    # cannot write: " Part One {#…}" read back as a paragraph, the import refused as its own bug.
    source = ("= The Far Harbour\nAnna Field\n:doctype: book\n\n[preface]\n== Preface\n\nThanks.\n\n"
              "= Part One: The Voyage\n\n== Departure\n\nThey left.\n\n== Arrival\n\nThey came.\n")
    _, into = run(tmp_path, "book", source.encode(), suffix=".adoc")
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert [h.split(" {")[0] for h in headings] == ["# Preface", "# Part One: The Voyage", "# Departure", "# Arrival"]
    assert ".part}" in headings[1] and ".part" not in headings[0]
    assert yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))["authors"] == [{"name": "Anna Field"}]


def test_a_restructuredtext_books_title_is_its_title(tmp_path):
    # docutils takes a lone top-level title for the document's, and the field list under it for
    # its authors; pandoc's reader (not standalone) left them headings over the whole book and a
    # definition list, each chapter a section one level down.
    source = ("The Far Harbour\n###############\nA Novel\n^^^^^^^\n\n:Authors: Anna Field\n\n"
              "Departure\n=========\n\nThey left.\n\nArrival\n=======\n\nThey came.\n")
    _, into = run(tmp_path, "book", source.encode(), suffix=".rst")
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert (book["title"], book["subtitle"]) == ("The Far Harbour", "A Novel")
    assert book["authors"] == [{"name": "Anna Field"}]
    text = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("#")] == ["# Departure", "# Arrival"]


def test_a_docbook_books_parts_matter_and_authors(tmp_path):
    # <part> was a heading over its chapters (one chapter holding the others), <preface> and
    # <appendix> chapters of the text, and the author "AnnaField" (pandoc runs a name's parts together).
    source = """<?xml version="1.0" encoding="UTF-8"?>
<book xmlns="http://docbook.org/ns/docbook" version="5.0">
<info><title>The Far Harbour</title><author><personname><firstname>Anna</firstname>
<surname>Field</surname></personname></author></info>
<preface><title>Preface</title><para>Thanks.</para></preface>
<part><title>The Voyage</title>
<chapter><title>Departure</title><para>They left.</para>
<sect1><title>At Sea</title><para>Waves.</para></sect1></chapter>
<chapter><title>Arrival</title><para>They came.</para></chapter></part>
<appendix><title>Charts</title><para>Maps.</para></appendix>
</book>
"""
    _, into = run(tmp_path, "book", source.encode(), suffix=".dbk")
    assert yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))["authors"] == [{"name": "Anna Field"}]
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings == ["# Preface {.frontmatter}", "# The Voyage {.part}", "# Departure", "## At Sea", "# Arrival",
                        "# Charts {.backmatter}"]


def test_a_picture_alone_in_a_table_cell_imports(tmp_path):
    # A Gutenberg history's plates set two to a table row (The Ancient Art of the Province of
    # Chiriqui: <td><img alt="see caption"></td>): pandoc reads the picture alone in its cell back
    # as a figure captioned with its description, and the import refused the book as its own
    # bug, "added 'see'×10, 'caption'×10".
    from PIL import Image

    (tmp_path / "images").mkdir()
    for name in ("a.png", "b.png"):
        Image.new("RGB", (40, 30), (200, 30, 30)).save(tmp_path / "images" / name)
    html = ("<html><body><h1>Plates</h1><p>Text.</p><table><tr><td><img src='images/a.png' alt='see caption'></td>"
            "<td><img src='images/b.png' alt='see caption'></td></tr><tr><td>Fig. 14.</td><td>Fig. 15.</td></tr>"
            "</table><p>More.</p></body></html>")
    report, into = run(tmp_path, "page", html.encode("utf-8"), suffix=".html")
    assert report.words_in == report.words_out and (into / "images" / "b.png").is_file()


def test_a_songs_pictures_in_cells_and_a_lone_capitals_number_come_back_as_read(tmp_path):
    """The Midē'wiwin (Gutenberg 19368) was refused, 'lost x×1, added vertical×1, lines×1': its
    contents' cell "X." (Plate X) was written unescaped and read back as a list of letters, and a
    rest's picture in a song's cell (<img alt="vertical lines">, an unlinked anchor before it)
    came back a figure captioned with its description. Both come back as the source set them;
    a picture in a cell prints no caption of its description, as the source showed none."""
    from PIL import Image

    (tmp_path / "images").mkdir()
    for name in ("rest.png", "bird.png"):
        Image.new("RGB", (10, 60), (20, 20, 20)).save(tmp_path / "images" / name)
    html = ("<html><body><h1>Songs</h1><p>Text.</p><table><tr><td>IX.</td><td>Songs</td></tr>"
            "<tr><td>X.</td><td>More songs</td></tr></table>"
            "<table><tr><td><img src='images/bird.png' alt=''></td><td>Ki-ne.</td></tr>"
            "<tr><td><a id='page250'> </a>\n<img src='images/rest.png' alt='vertical lines' "
            "title='vertical lines'></td><td>Rest.</td></tr>"
            "<tr><td><img src='images/rest.png' alt='vertical lines'></td><td>Rest again.</td></tr></table>"
            "<p>More.</p></body></html>")
    report, into = run(tmp_path, "songs", html.encode("utf-8"), suffix=".html")
    assert report.words_in == report.words_out
    text = (into / "text.md").read_text(encoding="utf-8")
    assert re.search(r"^[| ]*X\\\. +(\| )?More songs", text, re.M)
    assert text.count('alt="vertical lines"') == 2 and "![vertical lines]" not in text
    built = build_project(into.parent, ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        page = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert page.count('alt="vertical lines"') == 2 and "<figcaption>vertical lines" not in page


def test_a_line_under_a_heading_in_its_header_is_its_subhead(tmp_path):
    """Leaves of Grass (Standard Ebooks) sets a poem's date under its title in the title's
    <header> (`<h3>Year of Meteors</h3><p epub:type="se:bridgehead">(1859–60)</p>`), South a
    byline under an appendix's: pandoc's reader made them the poem's first paragraph, set as
    its text. They are a `::: subhead`, set in italics under the heading in every edition."""
    source = _epub(tmp_path / "leaves.epub", "<dc:title>Leaves of Grass</dc:title>",
                   '<section id="birds" epub:type="part"><h2>Birds of Passage</h2><article id="year">'
                   '<header><h3>Year of Meteors</h3><p epub:type="se:bridgehead">(1859–60)</p></header>'
                   '<p>Year of meteors! brooding year!</p></article></section>')
    into = tmp_path / "leaves" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "### Year of Meteors {#year}\n\n::: subhead\n(1859–60)\n:::\n\nYear of meteors!" in text
    assert "1 line under a heading in its <header>" in report.summary()
    built = build_project(into.parent, ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        page = z.read("EPUB/text/birds.xhtml").decode()
        css = z.read("EPUB/css/book.css").decode()
    assert re.search(r'<div class="subhead">\s*<p>\(<span class="nowrap">1859–60</span>\)</p>', page)
    assert ".subhead p { font-style: italic; }" in css


@pytest.mark.parametrize("writer", ["epub2", "epub3"])
def test_an_epub_from_pandocs_writer_keeps_its_subtitle_and_sets_aside_its_title_page(tmp_path, writer):
    """Pandoc's EPUB writer puts a book's subtitle on its title page alone, not in the package's
    metadata. Its reader drops an EPUB 3's title page, so the subtitle was lost; an EPUB 2's came
    in as text, "A Tale of the Coast" and "Margaret Ellison" the book's first paragraphs. The
    subtitle goes to book.yaml, and an EPUB 2's title page is set aside as edition matter."""
    source = tmp_path / "keeper.epub"
    pypandoc.convert_text("---\ntitle: The Lighthouse Keeper\nsubtitle: A Tale of the Coast\nauthor: Margaret "
                          "Ellison\n---\n\n# The Storm\n\nThe storm came in at night.\n", writer, format="markdown",
                          outputfile=str(source))
    into = tmp_path / "keeper" / "manuscript"
    import_text(source, into)
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "The Lighthouse Keeper" and meta["subtitle"] == "A Tale of the Coast"
    text = (into / "text.md").read_text(encoding="utf-8")
    assert text.lstrip().startswith("# The Storm") and "Margaret Ellison" not in text


def test_an_epub2_from_pandocs_writer_has_its_notes_as_footnotes_without_their_stops(tmp_path):
    """Pandoc's EPUB 2 sets a note's number as its backlink, then a stop (`<a href="#fnref1">1</a>.
    At Penzance`): the notes were made footnotes reading ". At Penzance, mostly.", and each
    chapter kept an empty `::: {.footnotes}` holding the rule over its notes, printed as a scene
    break at the chapter's end."""
    source = tmp_path / "keeper.epub"
    pypandoc.convert_text("---\ntitle: The Keeper\n---\n\n# Preface\n\nWritten in 1910.[^p]\n\n"
                          "[^p]: At Penzance, mostly.\n\n# The Storm\n\nThe storm came.\n", "epub2",
                          format="markdown", outputfile=str(source))
    into = tmp_path / "keeper" / "manuscript"
    import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    (note,) = blocks_of(pandoc_doc(text), "Note")
    assert " ".join(all_text(note).split()) == "At Penzance, mostly."
    assert "footnotes" not in text and "-----" not in text


def test_notes_set_as_paragraphs_in_a_chapter_of_notes_are_footnotes(tmp_path):
    """Calibre and other converters set a book's notes as paragraphs in a last "Notes" chapter,
    each opening with its number linking back to its call (`<p id="n1"><a href="…#r1">1</a>.
    There were…</p>`), the calls linking to them: the notes stayed a chapter of text, its
    numbers links, and the calls superior links. Such a paragraph is the note of its call, a
    footnote there, and the chapter of notes goes with them."""
    source = _epub(tmp_path / "keeper.epub", "<dc:title>The Keeper</dc:title>",
                   '<h2 id="ch1">Chapter 1</h2><p>The keeper climbed the stair.<a id="r1" href="1.xhtml#n1">'
                   '<sup>1</sup></a> He counted the steps.</p>',
                   '<h2 id="notes">Notes</h2><p id="n1"><a href="0.xhtml#r1">1</a>. There were 112 steps in all.</p>')
    into = tmp_path / "keeper" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    doc = pandoc_doc(text)
    (note,) = blocks_of(doc, "Note")
    assert " ".join(all_text(note).split()) == "There were 112 steps in all."
    assert [" ".join(all_text(h["c"][2]).split()) for h in blocks_of(doc, "Header")] == ["Chapter 1"]
    assert "1 endnote (a call and a note linked both ways) as footnotes" in report.summary()


def test_an_epubs_section_typed_front_or_back_matter_in_an_untyped_body_stays_so(tmp_path):
    """An EPUB 3 that types its sections, not their <body> (`<section epub:type="preface">`,
    `<section epub:type="afterword">`), had its preface and afterword imported as chapters of the
    text; they are marked front and back matter, as a typed <body>'s are. A chapter's own
    appendix section, inside it, is not."""
    source = _epub(tmp_path / "keeper.epub", "<dc:title>The Keeper</dc:title>",
                   '<section epub:type="preface"><h2>Preface</h2><p>Written in 1910.</p></section>',
                   '<section epub:type="chapter"><h2>The Storm</h2><p>The storm came.</p>'
                   '<section epub:type="appendix"><h3>A Table</h3><p>Tides.</p></section></section>',
                   '<section epub:type="afterword"><h2>Afterword</h2><p>The light is automatic now.</p></section>')
    into = tmp_path / "keeper" / "manuscript"
    import_text(source, into)
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert [re.sub(r"\{#[\w.-]+ ?", "{", h).replace("{}", "").strip() for h in headings] == [
        "## Preface {.frontmatter}", "## The Storm", "### A Table", "## Afterword {.backmatter}"], headings


def test_an_epubs_landmarks_and_page_list_are_left_out(tmp_path):
    """Children's Literature (the IDPF's sample) has its navigation document in its spine: pandoc's
    reader drops its contents but kept its landmarks and page list, and the book opened with a
    chapter "Guide" of two links and a chapter "Pages" listing the print edition's pages 169–260,
    its text the page numbers where the print edition turned a page ("marching along 173 the high
    road"), and raw the navigation document's script."""
    source = _epub(tmp_path / "children.epub", "<dc:title>Children's Literature</dc:title>",
                   '<nav epub:type="landmarks" hidden="hidden"><h2>Guide</h2><ol><li><a epub:type="bodymatter" '
                   'href="1.xhtml">Begin Reading</a></li></ol></nav><nav epub:type="page-list" hidden="hidden">'
                   '<h2>Pages</h2><ol><li><a href="1.xhtml#Page_169">169</a></li></ol></nav>',
                   '<script type="text/javascript">var navLists = 1;</script>',
                   '<section><h2>Fairy Stories</h2><p><span id="Page_169"/>Once upon a time.</p><p '
                   'class="center"><span epub:type="pagebreak" title="170" id="Page_170">170</span></p><p>A soldier '
                   'marching along <span epub:type="pagebreak" title="171" id="Page_171">171</span> the high '
                   'road.</p></section>')
    into = tmp_path / "children" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert text.lstrip().startswith("## Fairy Stories") and "Guide" not in text and "169" not in text
    assert any(d.startswith("navigation:") and "2 <nav>" in d for d in report.decisions)
    # The print edition's page numbers, one in mid-sentence, one alone centred, go (their marks too).
    assert "marching along the high road." in " ".join(text.split()) and "17" not in text and ":::" not in text
    assert "script" not in text


def test_a_chapters_subtitle_set_as_a_classed_paragraph_is_its_subhead(tmp_path):
    """An EPUB made in InDesign, Sigil or Vellum sets a chapter's subtitle as a paragraph classed
    so under its heading (`<p class="chapter-subtitle">`): pandoc's reader drops the class, and
    "In which the storm comes" was the chapter's first line of text. It is the heading's
    `::: subhead`, as a subtitle in the heading's <header> is; a paragraph of text is not."""
    source = _epub(tmp_path / "keeper.epub", "<dc:title>The Keeper</dc:title>",
                   '<h2 class="chapter">Chapter One</h2><p class="chapter-subtitle">In which the storm comes</p>'
                   '<p class="first">The storm came in at night.</p>',
                   '<h2 class="chapter">Chapter Two</h2><p class="first">She wrote to him in May.</p>')
    into = tmp_path / "keeper" / "manuscript"
    import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "## Chapter One {#chapter-one .chapter}\n\n::: subhead\nIn which the storm comes\n:::\n\n" \
           "The storm came" in text
    assert text.count("::: subhead") == 1


def test_an_annotation_an_epub_links_to_is_a_block_with_its_id(tmp_path):
    """Children's Literature links a word to a transcriber's note in an <aside> (`<a href="#s04-a01"
    epub:type="annoref">Emperor's</a>`): pandoc's reader kept the aside as raw tags, its id unseen,
    so the build warned that the link led nowhere and printed it as plain text (3 of them). The
    aside is read as a block with its id; the link leads to it."""
    source = _epub(tmp_path / "children.epub", "<dc:title>Children's Literature</dc:title>",
                   '<section><h2>Tales</h2><p>The <a href="#s04-a01" epub:type="annoref">Emperor\'s</a> clothes.</p>'
                   '<aside epub:type="annotation" id="s04-a01"><p>Transcriber\'s Note: original reads '
                   '\'Emporer\'s\'</p></aside><p>After.</p></section>')
    into = tmp_path / "children" / "manuscript"
    import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "<aside" not in text
    (div,) = [d for d in blocks_of(pandoc_doc(text), "Div") if "Transcriber" in all_text(d)]
    (link,) = blocks_of(pandoc_doc(text), "Link")
    assert link["c"][2][0] == f"#{div['c'][0][0]}"


def test_a_gutenberg_pages_print_page_numbers_are_left_out(tmp_path):
    # <span class="pagenum">22</span> sat in the margin of Project Gutenberg's HTML; every edition
    # printed it mid-text ("the following paragraph: 22 At Caldera"). The anchor beside it stays.
    html = ("<html><body><h1>Stone</h1><p>Seemann, from whom I quote the following paragraph:"
            "<span class='pagenum'>22</span><a id='page022'></a> At Caldera, a few leagues north.</p>"
            "<p>See <a href='#page022'>page 22</a>.</p></body></html>")
    report, into = run(tmp_path, "page", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "paragraph:" in text and "22 At" not in text and "[22]" not in text and "#page022" in text
    assert any("page numbers" in d for d in report.decisions)


def test_distributed_proofreaders_page_numbers_are_left_out_their_anchors_kept(tmp_path):
    # Distributed Proofreaders set the number inside the anchor, '<span class="pagenum"><a
    # id="Page_47">[Pg&#160;47]</a></span>' (the Infantry Drill Regulations' 237): every edition
    # printed "[Pg 47]" mid-sentence; "Page 47" links to the anchor, which stays.
    html = ("<html><body><h1>Fire</h1><p>Targets are designated.<span class='pagenum'><a name='Page_47' "
            "id='Page_47'>[Pg&#160;47]</a></span> Men fire.</p><p>(<a href='#Page_47'>Page 47</a>.)</p></body></html>")
    report, into = run(tmp_path, "drill", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "Pg" not in text and "{#Page_47}" in text and "[Page 47](#Page_47)" in text
    assert any("page numbers" in d for d in report.decisions)


def test_chapters_the_contents_list_names_take_their_title_lines(tmp_path):
    """Don Quixote's contents names each chapter over its title ("CHAPTER IV" over "OF WHAT
    HAPPENED TO OUR KNIGHT WHEN HE LEFT THE INN"): in the text that title was a chapter of its own
    (an empty "CHAPTER IV" before it) or the chapter's first paragraph; a title in capitals wrapped
    over three lines (170 characters) was too long to be one."""
    titles = ["OF WHAT HAPPENED TO OUR KNIGHT WHEN HE LEFT THE INN",
              "OF THE GOOD FORTUNE WHICH THE VALIANT DON QUIXOTE HAD IN THE TERRIBLE AND UNDREAMT-OF "
              "ADVENTURE OF THE WINDMILLS, WITH OTHER OCCURRENCES WORTHY TO BE FITLY RECORDED",
              "WHICH TREATS OF THE FIRST SALLY THE INGENIOUS DON QUIXOTE MADE FROM HOME"]
    numbers = ["IV", "V", "VI"]
    prose = textwrap.fill("Day was dawning when Don Quixote quitted the inn, so happy, so gay, so exhilarated "
                          "at finding himself now dubbed a knight, that his joy was like to burst his girths.", 72)
    listing = "\n\n".join(f"CHAPTER {n}\n{textwrap.fill(t, 72)}" for n, t in zip(numbers, titles, strict=True))
    chapters = "".join(f"\n\n\n\nCHAPTER {n}.\n\n{textwrap.fill(t, 72)}\n\n\n{prose}\n\n{prose}\n"
                       for n, t in zip(numbers, titles, strict=True))
    report, into = run(tmp_path, "quixote", f"DON QUIXOTE\n\nCONTENTS\n\n{listing}\n\n\n\n{chapters}".encode())
    assert report.headings == [f"CHAPTER {n}. {t}" for n, t in zip(numbers, titles, strict=True)]


def test_centred_lines_over_the_contents_list_are_no_titles(tmp_path):
    """Dracula's title page centres its publisher and dedication in capitals over the contents
    ("GROSSET & DUNLAP", "HOMMY-BEG"): taken for a collection's story titles, they made the contents
    list chapters of the text (27 empty 'CHAPTER I' to 'CHAPTER XXVII' before the real ones). A
    letter's heading in italics under a chapter's ("_Letter from Miss Mina Murray…_") stays text."""
    centre = " " * 28
    page = [f"{centre}DRACULA", f"{centre}NEW YORK", f"{centre}GROSSET & DUNLAP", f"{centre}_Publishers_",
            f"{centre}TO", f"{centre}MY DEAR FRIEND", f"{centre}HOMMY-BEG"]
    labels = ["JONATHAN HARKER'S JOURNAL", "_Letter from Miss Mina Murray to Miss Lucy Westenra._"]
    listing = ["CONTENTS", "CHAPTER I\n" + " " * 68 + "Page", "Jonathan Harker's Journal" + " " * 46 + "1",
               "CHAPTER II", "Letters--Lucy and Mina" + " " * 49 + "51"]
    prose = textwrap.fill("Left Munich at 8:35 P. M., on 1st May, arriving at Vienna early next morning; "
                          "should have arrived at 6:46, but train was an hour late.", 72)
    chapters = [line for n, label in zip(("I", "II"), labels, strict=True)
                for line in (f"CHAPTER {n}", label, prose, prose)]
    report, into = run(tmp_path, "dracula", "\n\n".join(page + listing + ["", "", "DRACULA", *chapters]).encode())
    assert report.headings == ["CHAPTER I. JONATHAN HARKER'S JOURNAL", "CHAPTER II"]
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "*Letter from Miss Mina Murray to Miss Lucy Westenra.*\n" in markdown
    assert "Letters--Lucy and Mina" in (into / "source-title-pages.txt").read_text(encoding="utf-8")


def test_an_epistolary_novels_letters_are_its_chapters(tmp_path):
    """Pamela's "LETTER I" to "LETTER XXXII" were no headings: the book was one chapter, and the
    stanzas' numbers of the poems its letters quote ("VERSES ON MY GOING AWAY." over "I." over a
    stanza) were its chapters, 53 of them. The letters are chapters; the numbers stay in the poem."""
    prose = textwrap.fill("I have great trouble, and some comfort, to acquaint you with. The trouble is, that "
                          "my good lady died of the illness I mentioned to you, and left us all much grieved.", 72)
    stanza = ["  My fellow-servants dear, attend", "  To these few lines, which I have penn'd:",
              "  I'm sure they're from your honest friend,", "  And wisher-well, poor PAMELA."]
    poem = ["  VERSES ON MY GOING AWAY.", "             I.", "\n".join(stanza), "            II.", "\n".join(stanza)]
    text = ["LETTER I", "DEAR FATHER AND MOTHER,", prose, prose, "LETTER II", prose, *poem, prose,
            "           III.", "\n".join(stanza), prose]
    report, into = run(tmp_path, "pamela", "\n\n".join(text).encode())
    assert report.headings == ["LETTER I", "LETTER II"]
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "> II\\.\n" in markdown and "III\\.\n" in markdown


def test_a_contents_list_in_one_block_ends_before_the_first_chapter(tmp_path):
    """Vanity Fair's contents sets its 67 entries in one block ("I  Chiswick Mall"), four blank
    lines over "CHAPTER I" and its title: the list ran on over them, so "CHAPTER I" and
    "Chiswick Mall" went to the title pages with it, and the first chapter's text ran on under
    the preface before it."""
    titles = ["Chiswick Mall", "In Which Miss Sharp and Miss Sedley Prepare to Open the Campaign", "Vauxhall"]
    numerals = ["I", "II", "III"]
    listing = "\n".join(f"{n:>8}  {t}" for n, t in zip(numerals, titles, strict=True))
    prose = textwrap.fill("While the present century was in its teens, and on one sunshiny morning in June, "
                          "there drove up to the great iron gate of Miss Pinkerton's academy a large coach.", 72)
    chapters = "\n\n\n\n".join(f"CHAPTER {n}\n\n{t}\n\n{prose}\n\n{prose}"
                               for n, t in zip(numerals, titles, strict=True))
    text = f"BEFORE THE CURTAIN\n\n{prose}\n\n\n\nCONTENTS\n\n{listing}\n\n\n\n\n{chapters}\n"
    report, into = run(tmp_path, "vanity", text.encode())
    assert report.headings == [f"CHAPTER {n}. {t}" for n, t in zip(numerals, titles, strict=True)]
    assert "Chiswick Mall" not in (into / "source-title-pages.txt").read_text(encoding="utf-8").split("\n")


def test_a_preface_standing_apart_under_the_contents_list_is_no_entry(tmp_path):
    """Don Quixote's "TRANSLATOR'S PREFACE" stands two blank lines under its contents, whose
    entries stand one apart: the list took it in and it went to the title pages, the preface's
    text opening the book untitled. A preface the list does not name, further from it than its
    entries are from each other, opens the text."""
    listing = "\n\n".join(f"CHAPTER {n}\nOF WHAT HAPPENED TO OUR KNIGHT IN PLACE {n}" for n in ("I", "II", "III", "IV"))
    prose = textwrap.fill("It was with considerable reluctance that I abandoned in favour of the present "
                          "undertaking what had long been a favourite project of mine.", 72)
    chapters = "\n\n\n\n".join(f"CHAPTER {n}.\n\nOF WHAT HAPPENED TO OUR KNIGHT IN PLACE {n}\n\n\n{prose}"
                               for n in ("I", "II", "III", "IV"))
    text = f"DON QUIXOTE\n\nCONTENTS\n\n{listing}\n\n\nTRANSLATOR'S PREFACE\n\n{prose}\n\n{prose}\n\n\n\n{chapters}\n"
    report, into = run(tmp_path, "quixote", text.encode())
    assert report.headings[0] == "TRANSLATOR'S PREFACE" and len(report.headings) == 5
    assert "PREFACE" not in (into / "source-title-pages.txt").read_text(encoding="utf-8")


def test_a_chapters_title_the_contents_list_names_is_text_alone_in_a_chapter(tmp_path):
    """Dracula's contents names its chapters by label and title ("CHAPTER XIV" over "Mina Harker's
    Journal"): the journal's name alone in mid-chapter, as each entry of the diary is headed
    ("MINA HARKER'S JOURNAL."), was taken for a collection's story title, a chapter cutting XIV in two."""
    listing = ["CONTENTS", "CHAPTER XIII", "Dr. Seward's Diary", "CHAPTER XIV", "Mina Harker's Journal",
               "CHAPTER XV", "Dr. Seward's Diary"]
    prose = textwrap.fill("Jonathan is better after a bad night. I am so glad that he has plenty of work to do, "
                          "for that keeps his mind off the terrible things.", 72)
    body = ["CHAPTER XIII", "DR. SEWARD'S DIARY", prose, "CHAPTER XIV", "MINA HARKER'S JOURNAL", prose,
            "MINA HARKER'S JOURNAL.", prose, "CHAPTER XV", "DR. SEWARD'S DIARY", prose]
    report, into = run(tmp_path, "dracula", ("\n\n".join(listing) + "\n\n\n\n" + "\n\n".join(body)).encode())
    assert report.headings == ["CHAPTER XIII. DR. SEWARD'S DIARY", "CHAPTER XIV. MINA HARKER'S JOURNAL",
                               "CHAPTER XV. DR. SEWARD'S DIARY"]


def test_a_gutenberg_html_books_header_and_licence_are_set_aside(tmp_path):
    # Project Gutenberg's HTML opens with its header and licence in a <pre> (the 2000s' books:
    # Herodotus, #2707) or a <section id="pg-header"> (newer ones) and ends with the licence: the
    # book opened with a code block of the licence, its title the page's "…, By Herodotus".
    head = ("<pre>\nThe Project Gutenberg EBook of The History Of Herodotus\n\nTitle: The History Of Herodotus\n"
            "       Volume 1 (of 2)\n\nAuthor: Herodotus\n\nTranslator: G. C. Macaulay\n\nLanguage: English\n\n"
            "*** START OF THIS PROJECT GUTENBERG EBOOK THE HISTORY OF HERODOTUS ***\n\nProduced by John Bickers\n"
            "</pre>")
    tail = "<pre>\n*** END OF THIS PROJECT GUTENBERG EBOOK THE HISTORY OF HERODOTUS ***\n\nSection 5.</pre>"
    html = (f"<html><head><title>The History of Herodotus, By Herodotus</title></head><body>{head}"
            "<h2>PREFACE</h2><p>If a new translation of Herodotus does not justify itself.</p>"
            f"{tail}</body></html>")
    report, into = run(tmp_path, "hdt", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "Gutenberg" not in text and "```" not in text and "If a new translation" in text
    licence = (into / "gutenberg-licence.txt").read_text(encoding="utf-8")
    assert "START OF THIS" in licence and "Section 5." in licence
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["title"] == "The History Of Herodotus"
    assert book["authors"] == [{"name": "Herodotus"}, {"name": "G. C. Macaulay", "role": "translator"}]
    # A newer book's header: its own section, the fields in paragraphs.
    newer = ("<html><body><section id='pg-header'><p><strong>Title</strong>: Montcalm and Wolfe</p>"
             "<p><strong>Author</strong>: Francis Parkman</p><div id='pg-start-separator'><span>*** START OF THE "
             "PROJECT GUTENBERG EBOOK MONTCALM AND WOLFE ***</span></div></section><h2>CHAPTER I</h2>"
             "<p>The nations of Europe.</p><section id='pg-footer'><div id='pg-end-separator'><span>*** END OF "
             "THE PROJECT GUTENBERG EBOOK MONTCALM AND WOLFE ***</span></div><p>Updated editions.</p></section>"
             "</body></html>")
    (tmp_path / "newer").mkdir()
    report, into = run(tmp_path / "newer", "mw", newer.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "Gutenberg" not in text.replace("GUTENBERG", "Gutenberg") and "Updated editions" not in text
    assert yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))["title"] == "Montcalm and Wolfe"


def test_a_gutenberg_html_books_notes_under_their_anchors_are_footnotes(tmp_path):
    # Gutenberg's HTML books made by David Widger (Herodotus, #2707: 730 notes) set each note under
    # an anchor alone in its paragraph, '81 (return)' and the note in square brackets, after the
    # book's text under 'NOTES TO BOOK I', four spacing <br/>s in a <div> before it: none was a
    # footnote, every call a number linking to them, set with a space after its word.
    html = ("<html><body><h2>BOOK I</h2><p>Then the Pythian prophetess, <a href='#linknote-81' "
            "name='linknoteref-81' id='linknoteref-81'>81</a> and so on.</p><hr/>"
            "<div style='height: 4em;'><br/><br/><br/><br/></div><h2>NOTES TO BOOK I</h2>"
            "<p><a name='linknote-81' id='linknote-81'><!-- Note --></a></p><p class='foot'>81 (<a "
            "href='#linknoteref-81'>return</a>)<br/> [ {epitarrothos}. Elsewhere the word means \"helper.\"]</p>"
            "<div style='height: 4em;'><br/><br/><br/><br/></div><h2>BOOK II</h2><p>When Cyrus.</p></body></html>")
    report, into = run(tmp_path, "notes", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    doc = pandoc_doc(text)
    (note,) = blocks_of(doc, "Note")
    assert " ".join(all_text(note).split()) == '{epitarrothos}. Elsewhere the word means helper.'
    assert "prophetess,[^1] and" in text  # the call right after its word
    assert [" ".join(all_text(h).split()) for h in blocks_of(doc, "Header")] == ["BOOK I", "BOOK II"]
    assert "height" not in text and "return" not in text


_PG_HEAD = ("<pre>\nTitle: The History Of Herodotus\n\nAuthor: Herodotus\n\n"
            "*** START OF THIS PROJECT GUTENBERG EBOOK THE HISTORY OF HERODOTUS ***\n</pre>")


def test_a_gutenberg_html_books_title_page_and_contents_are_set_aside(tmp_path):
    # Herodotus's title page is headings of falling sizes under its <h1>, and its contents a
    # <blockquote> of links under "Contents": "By Herodotus" was the book's first chapter, over
    # "Translated into English by G. C. Macaulay" and "IN TWO VOLUMES", then a chapter of links.
    html = (f"<html><body>{_PG_HEAD}<p><br/><br/></p><h1>THE HISTORY OF HERODOTUS</h1><p><br/></p>"
            "<h2>By Herodotus</h2><h3>Translated into English by G. C. Macaulay</h3><h4>IN TWO VOLUMES</h4>"
            "<hr/><h2>Contents</h2><blockquote><p class='toc'><a href='#pref'>PREFACE</a></p><p><br/></p>"
            "<p class='toc'><a href='#b1'>BOOK I</a></p></blockquote><hr/>"
            "<h2 id='pref'>PREFACE</h2><p>If a new translation.</p><h2 id='b1'>BOOK I</h2><p>This is the Showing "
            "forth.</p></body></html>")
    report, into = run(tmp_path, "hdt", html.encode("utf-8"), suffix=".html")
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert [" ".join(all_text(h).split()) for h in blocks_of(doc, "Header")] == ["PREFACE", "BOOK I"]
    aside = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "By Herodotus" in aside and "IN TWO VOLUMES" in aside
    assert "BOOK I" in (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    # A part's heading right under the title heads its chapters: it stays.
    html = (f"<html><body>{_PG_HEAD}<h1>The History Of Herodotus</h1><h2>PART ONE</h2><h3>Chapter 1</h3>"
            "<p>Croesus.</p><h3>Chapter 2</h3><p>Gyges.</p></body></html>")
    (tmp_path / "part").mkdir()
    report, into = run(tmp_path / "part", "hdt", html.encode("utf-8"), suffix=".html")
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert [" ".join(all_text(h).split()) for h in blocks_of(doc, "Header")] == ["PART ONE", "Chapter 1", "Chapter 2"]


def test_verse_in_a_pre_of_an_html_book_is_a_line_block(tmp_path):
    # Herodotus (Gutenberg's HTML) sets its oracles in <pre>: every edition printed them as code,
    # monospaced, with straight quotes, and the notes called in them were lost (6 of 730).
    html = ("<html><body><p>Spoke thus in hexameter measure:</p><pre xml:space='preserve'>\n"
            " \"But the number of sand I know, <a href='#linknote-41' name='linknoteref-41'\n"
            "      id='linknoteref-41'>41</a> and the measure of drops in the ocean;\n"
            "  The dumb man I understand, and I hear the speech of the speechless:\n</pre>"
            "<p><a name='linknote-41' id='linknote-41'></a></p><p class='foot'>41 (<a href='#linknoteref-41'>"
            "return</a>)<br/> [ {oida d' ego}.]</p>"
            "<pre>\nName        Born     Died\nCroesus     595      546\n</pre>"
            "<pre><code>def f(x):\n    return x</code></pre></body></html>")
    report, into = run(tmp_path, "oracle", html.encode("utf-8"), suffix=".html")
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    (verse,) = blocks_of(doc, "LineBlock")
    assert len(verse["c"]) == 2 and blocks_of({"blocks": [verse]}, "Note")
    assert " ".join(all_text(verse["c"][1]).split()).startswith("The dumb man I understand, and I hear")
    code = "".join(b["c"][1] for b in blocks_of(doc, "CodeBlock"))  # a table typed in spaces, and code, stay
    assert "Croesus     595      546" in code and "    return x" in code


def test_a_gutenberg_title_page_under_a_title_without_its_article_and_contents_in_a_quotation(tmp_path):
    # Gibbon (#731): the header's title is 'The History of The Decline and Fall…', the <h1>
    # 'HISTORY OF THE DECLINE AND FALL…', so nothing was taken and the whole volume (57 headings,
    # 1641 notes) was one chapter under it; its contents, 'CONTENTS' heading and all, sits in a
    # <blockquote> with each chapter's summary in a <pre>; an empty 'Introduction' follows.
    head = _PG_HEAD.replace("The History Of Herodotus", "The History of The Decline and Fall")
    html = (f"<html><body>{head}<h1>HISTORY OF THE DECLINE AND FALL</h1><h2>Edward Gibbon, Esq.</h2>"
            "<h3>Vol. 1</h3><h4>1782 (Written), 1845 (Revised)</h4><blockquote><h2>CONTENTS</h2>"
            "<p><a href='#intr'>Introduction</a></p><p><a href='#ch1'>Chapter I</a></p>"
            "<pre>\n  The Extent And Military Force Of The Empire.\n</pre></blockquote><hr/>"
            "<h2 id='intr'>Introduction</h2><h2>Preface</h2><p>The great work.</p><h2 id='ch1'>Chapter I</h2>"
            "<p>In the second century.</p></body></html>")
    report, into = run(tmp_path, "gibbon", html.encode("utf-8"), suffix=".html")
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert [" ".join(all_text(h).split()) for h in blocks_of(doc, "Header")] == ["Introduction", "Preface", "Chapter I"]
    assert "Vol. 1" in (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "Military Force" in (into / "source-edition-matter.txt").read_text(encoding="utf-8")


def test_a_gutenberg_title_over_several_headings_under_a_transcribers_note(tmp_path):
    # Chiriqui (#30621): a transcriber's note box, then the title set over three headings
    # ('ANCIENT ART' / 'OF THE' / 'PROVINCE OF CHIRIQUI, COLOMBIA.'), 'BY' and the author: the whole
    # book was one chapter under 'ANCIENT ART'.
    head = _PG_HEAD.replace("The History Of Herodotus", "Ancient art of the province of Chiriqui, Colombia")
    html = (f"<html><body>{head}<div class='mynote'><p>This text includes fractions.</p></div>"
            "<div class='titlepage'><h1>ANCIENT ART</h1><h6>OF THE</h6><h2>PROVINCE OF CHIRIQUI, COLOMBIA.</h2>"
            "<h6>BY</h6><h3>WILLIAM H. HOLMES.</h3></div><h2>CONTENTS.</h2><p>Introduction 3</p>"
            "<h2>INTRODUCTION.</h2><p>Geography.</p></body></html>")
    report, into = run(tmp_path, "chiriqui", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    headings = [" ".join(all_text(h).split()) for h in blocks_of(pandoc_doc(text), "Header")]
    assert headings == ["CONTENTS.", "INTRODUCTION."]
    assert text.index("fractions") < text.index("CONTENTS.")  # the note stays, before the text
    assert "WILLIAM H. HOLMES." in (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert ("title", "ANCIENT ART OF THE PROVINCE OF CHIRIQUI, COLOMBIA.") in report.moved


def test_a_gutenberg_page_anchor_alone_before_a_heading_is_kept(tmp_path):
    # Chiriqui's page 13 opens at a heading: its number and anchor stand alone before the <h2>,
    # and once the number went, the anchor's paragraph was dropped as empty: the contents' and
    # the index's 11 links to such pages led nowhere (printed as plain text, with a warning each).
    html = ("<html><body><p>The map.</p><span class='pagenum'>13</span>\n<a name='page013' id='page013'> </a>"
            "<h2><a name='art' id='art'>ANCIENT ART.</a></h2><p>Text.</p><h2>INDEX</h2>"
            "<p>McNiel, J. A., <a href='#page013'>13</a></p></body></html>")
    report, into = run(tmp_path, "page", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "{#page013}" in text and text.index("{#page013}") < text.index("ANCIENT ART.")
    assert "13]" not in text.split("ANCIENT ART.")[0]  # the page's number is still left out


def test_a_note_whose_number_is_its_anchor_and_backlink_is_a_footnote(tmp_path):
    # Chiriqui's notes: '<p><a id="note1" href="#tag1">1.</a> For physical…</p>' in a
    # <div class="footnote">, called by '<a id="tag1" href="#note1">1</a>': left as a last div of
    # notes, which print.css floated to a page's foot as one note longer than a page.
    html = ("<html><body><h2>GEOGRAPHY.</h2><p>The watershed.<a id='tag1' href='#note1' class='tag'>1</a> The "
            "drainage.</p><div class='footnote'><h4>Footnotes</h4><p><a name='note1' id='note1' href='#tag1'>1."
            "</a>\nFor physical features, see Norton.</p></div></body></html>")
    report, into = run(tmp_path, "notes", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    (note,) = blocks_of(pandoc_doc(text), "Note")
    assert " ".join(all_text(note).split()) == "For physical features, see Norton."
    assert "Footnotes" not in text and "footnote" not in text


def test_a_title_pages_centred_imprint_goes_with_it(tmp_path):
    """Dracula's title page sets its imprint in centred lines over its contents ("PRINTED IN THE
    UNITED STATES" / "AT" / "THE COUNTRY LIFE PRESS, GARDEN CITY, N.Y."): a line longer than 40
    characters was no title page's, so the page from "NEW YORK" to the dedication opened the text."""
    centre = " " * 20
    page = [f"{centre}DRACULA", f"{centre}_by_", f"{centre}Bram Stoker", f"{centre}[Illustration: colophon]",
            f"{centre}NEW YORK", f"{centre}GROSSET & DUNLAP",
            f"{centre}PRINTED IN THE UNITED STATES\n{centre}AT\n{centre}THE COUNTRY LIFE PRESS, GARDEN CITY, N.Y.",
            f"{centre}TO", f"{centre}HOMMY-BEG"]
    listing = ["CONTENTS", "CHAPTER I", "Jonathan Harker's Journal" + " " * 46 + "1",
               "CHAPTER II", "Letters--Lucy and Mina" + " " * 49 + "51"]
    prose = textwrap.fill("Left Munich at 8:35 P. M., on 1st May, arriving at Vienna early next morning; "
                          "should have arrived at 6:46, but train was an hour late.", 72)
    body = ["CHAPTER I", "JONATHAN HARKER'S JOURNAL", prose, "CHAPTER II", prose]
    header = ("The Project Gutenberg EBook of Dracula, by Bram Stoker\n\nTitle: Dracula\n\nAuthor: Bram Stoker\n\n"
              "*** START OF THIS PROJECT GUTENBERG EBOOK DRACULA ***\n\n\n\n")
    report, into = run(tmp_path, "dracula", (header + "\n\n".join(page + listing + ["", ""] + body)).encode())
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith("# CHAPTER I. JONATHAN HARKER'S JOURNAL\n")
    assert "GARDEN CITY" in (into / "source-title-pages.txt").read_text(encoding="utf-8")


def test_a_prelude_and_a_finale_are_named_sections(tmp_path):
    """Middlemarch opens with its "PRELUDE" and ends with its "FINALE." after the last of its eight
    books: neither was a heading, so the Prelude opened the book untitled and the Finale was the
    last pages of Book Eight's last chapter."""
    prose = textwrap.fill("Who that cares much to know the history of man, and how the mysterious mixture behaves "
                          "under the varying experiments of Time, has not dwelt on the life of Saint Theresa?", 72)
    text = "\n\n".join(["PRELUDE", prose, "BOOK I", "CHAPTER I", prose, "CHAPTER II", prose,
                        "BOOK II", "CHAPTER III", prose, "FINALE.", prose]) + "\n"
    report, into = run(tmp_path, "middlemarch", text.encode())
    assert report.headings[0] == "PRELUDE" and report.headings[-1] == "FINALE"
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert "# FINALE {.backmatter}" in markdown


def test_a_note_that_says_whose_it_is_is_a_preface(tmp_path):
    """Pamela opens with its "PUBLISHERS' NOTE" under its title page, Grimms' Fairy Tales with its
    "PREPARER’S NOTE": neither was a heading, so the note opened the book untitled, and Pamela's
    title page ("PAMELA" / "OR" / "VIRTUE REWARDED" / "By Samuel Richardson") stayed in the text over it."""
    prose = textwrap.fill("Samuel Richardson, the first, in order of time, of the great English novelists, "
                          "was born in 1689 and died at London in 1761.", 72)
    text = "\n\n".join(["PAMELA", "OR", "VIRTUE REWARDED", "By Samuel Richardson", "PUBLISHERS' NOTE", prose,
                        "LETTER I", prose, "LETTER II", prose]) + "\n"
    report, into = run(tmp_path, "pamela", text.encode())
    assert report.headings == ["PUBLISHERS' NOTE", "LETTER I", "LETTER II"]
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith("# PUBLISHERS' NOTE {.frontmatter}\n")


def test_a_gutenberg_picture_over_its_caption_block_is_a_figure_of_that_caption(tmp_path):
    # The Ancient Art of the Province of Chiriqui sets 156 pictures so: `<p class="illustration">
    # <a id="fig1"></a><br><img alt="see caption"></p><p class="caption">Fig. 1. …</p>`; the import
    # wrote an inline picture described "see caption" and a loose paragraph.
    from PIL import Image

    (tmp_path / "images").mkdir()
    for name in ("fig1.png", "fig2.png", "tail.png"):
        Image.new("RGB", (40, 30), (200, 30, 30)).save(tmp_path / "images" / name)
    html = ("<html><body><h1>Graves</h1><p>As <a href='#fig1'>Fig. 1</a> shows.</p>"
            "<p class = \"illustration\"><a name='fig1' id='fig1'>&nbsp;</a><br>\n"
            "<img src='images/fig1.png' width='40' height='30' alt='see caption'></p>\n"
            "<p class = \"caption\"><span class='smallcaps'>Fig. 1.</span> Section of oval grave.</p>"
            "<div class='figcenter'><img src='images/fig2.png' alt='[Illustration]'>"
            "<div class='caption'><p>The second grave.</p></div></div>"
            "<p class='caption'>A caption under no picture.</p>"
            "<p><img src='images/tail.png' alt='tail.png'></p><p>More.</p>"
            "<a id='plateII'></a><p class='illustration'><img src='images/fig2.png' alt='plate described in text' "
            "title='plate described in text'></p><p class='caption'>Plate II.</p><p>After.</p>"
            "<table><tr><td><img src='images/tail.png' alt='see caption'></td><td><p class='caption'>Fig. 3.</p>"
            "</td></tr></table></body></html>")
    report, into = run(tmp_path, "page", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert '![[Fig. 1.]{.smallcaps} Section of oval grave.](images/fig1.png){#fig1 width="40" height="30"}' in text
    assert "![The second grave.](images/fig2.png)" in text
    assert "\n\nA caption under no picture.\n\n" in text and "publish-caption" not in text
    assert "see caption" not in text and "[Illustration]" not in text and "![](images/tail.png)" in text
    assert '![Plate II.](images/fig2.png){#plateII}\n\nAfter.' in text  # the anchor before it, its id
    assert re.search(r"\| !\[\]\(images/tail.png\) +\| Fig\. 3\. +\|", text)  # a caption in a table's cell stays
    assert "3 pictures alone in a block over a caption block" in report.summary()
    built = build_project(into.parent, ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        pages = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    figure = re.search(r'<figure[^>]*id="fig1".*?</figure>', pages, re.DOTALL)
    assert figure and "Section of oval grave." in re.sub(r"<[^>]+>", "", figure[0])
    assert 'alt="see caption"' not in pages and re.search(r'href="[^"]*#fig1"', pages)


def test_a_description_that_only_sends_the_reader_elsewhere_is_no_description():
    from publish.importer.html_figures import is_placeholder

    for said in ("see caption", "[Illustration]", "figure described in text", "line drawing", "fig1.png"):
        assert is_placeholder(said, "images/fig1.png"), said
    for said in ("midewigan as described in text", "herbalist", "[below middle C]"):
        assert not is_placeholder(said, "images/fig1.png"), said


_OPENING_PROSE = ("Miss Brooke had that kind of beauty which seems to be thrown into\nrelief by poor dress.  Her hand "
          "and wrist were so finely formed that\nshe could wear sleeves not less bare of style than those.\n\n"
          "It was hardly a year since they had come to live at Tipton Grange with\ntheir uncle, a man nearly "
          "sixty, of acquiescent temper.\n\n") * 3


def _epigraphs(into: Path) -> list[list[dict]]:
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    return [d["c"][1] for d in blocks_of(doc, "Div") if d["c"][0][1] == ["epigraph"]]


def test_a_chapters_quoted_epigraph_over_its_source_is_an_epigraph(tmp_path):
    """Middlemarch opens its chapters with a quotation set in, over its source ('    "Since I can
    do no good because a woman,' … '          --The Maid's Tragedy:  BEAUMONT AND FLETCHER.') or
    run on after it ('    "Qui veut delasser hors de propos, lasse."--PASCAL.', which was taken
    for the chapter's title): they were block quotations, the source a line of the verse; each is
    a `::: epigraph` div, its source the last paragraph. In a book of such epigraphs a chapter's
    unsigned one (George Eliot's own) is one too; a quotation further on stays a quotation, and a
    letter's salutation opening a chapter is its text."""
    text = ("CHAPTER I.\n\n    \"Since I can do no good because a woman,\n     Reach constantly at something "
            "that is near it.\n          --The Maid's Tragedy:  BEAUMONT AND FLETCHER.\n\n\n" + _OPENING_PROSE
            + "    Our deeds still travel with us from afar,\n    And what we have been makes us what we are.\n"
            "                    --Anon.\n\n" + _OPENING_PROSE
            + "CHAPTER II.\n\n    \"Qui veut delasser hors de propos, lasse.\"--PASCAL.\n\n\n" + _OPENING_PROSE
            + "CHAPTER III.\n\n    \"Piacer e popone\n     Vuol la sua stagione.\"\n         --Italian Proverb.\n\n\n"
            + _OPENING_PROSE + "CHAPTER IV.\n\n    Let the high Muse chant loves Olympian:\n"
            "    We are but mortals, and must sing of man.\n\n\n" + _OPENING_PROSE
            + "CHAPTER V.\n\nMY DEAR MISS BROOKE,--I have your guardian's permission.\n\n" + _OPENING_PROSE)
    report, into = run(tmp_path, "middlemarch", text.encode("utf-8"))
    assert report.headings == ["CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV", "CHAPTER V"]
    epigraphs = _epigraphs(into)
    assert [[b["t"] for b in e] for e in epigraphs] == [["LineBlock", "Para"], ["Para", "Para"],
                                                         ["LineBlock", "Para"], ["LineBlock"]]
    assert [" ".join(all_text(e[-1]).split()) for e in epigraphs[:3]] == [
        "—The Maid’s Tragedy: BEAUMONT AND FLETCHER.", "—PASCAL.", "—Italian Proverb."]
    assert " ".join(all_text(epigraphs[1][0]).split()) == "Qui veut delasser hors de propos, lasse."
    md = (into / "text.md").read_text(encoding="utf-8")
    assert "> | Our deeds still travel" in md and "# CHAPTER V\n\nMY DEAR MISS BROOKE" in md


def test_a_chapters_unsigned_quotation_alone_is_no_epigraph(tmp_path):
    """Without signed epigraphs in the book, a chapter opening with a quotation set in (a letter,
    a song) keeps it as a quotation."""
    text = "".join(f"CHAPTER {n}.\n\n    Let the high Muse chant loves Olympian:\n    We are but mortals.\n\n\n"
                   + _OPENING_PROSE for n in ("I", "II", "III"))
    report, into = run(tmp_path, "unsigned", text.encode("utf-8"))
    assert report.headings == ["CHAPTER I", "CHAPTER II", "CHAPTER III"] and _epigraphs(into) == []


def test_an_index_typed_as_lists_under_its_heading_is_an_index(tmp_path):
    # Critical and Historical Essays (Gutenberg 16351) types its index as <ul> lists under
    # "INDEX" and its letters' headings: imported as lists, it was printed as 24 pages of bullets
    # in one column, where '::: index' is set as an index. Lists of entries under "Index" are one;
    # lists under another heading, or an "Index" of prose, are not.
    entries = "".join(f"<li>Bach, J.S., <a href='#page{n}'>{n}</a>, <a href='#page{n + 9}'>{n + 9}</a>.</li>"
                      for n in range(10, 16))
    html = ("<html><body><h2>MUSIC</h2>" + "".join(f"<p><a id='page{n}'></a>Page {n}.</p>" for n in range(10, 25))
            + "<ul><li>one</li><li>two</li></ul>"
            f"<h2>INDEX</h2><h4>A.</h4><ul>{entries}</ul><h4>B.</h4><ul>{entries}</ul>"
            "<h2>Index Funds</h2><ul><li>Fund 1, 2</li><li>Fund 3</li></ul>"
            "<h2>Index</h2><p>An index of the songs follows in the next volume, with page 1.</p></body></html>")
    report, into = run(tmp_path, "index", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    doc = pandoc_doc(text)
    divs = [b for b in blocks_of(doc, "Div") if "index" in b["c"][0][1]]
    assert len(divs) == 1
    inner = divs[0]["c"][1]
    assert [b["t"] for b in inner] == ["Header", "BulletList", "Header", "BulletList"]
    assert ast_text(inner[0]["c"][2]) == "A."
    assert text.index("::: index") > text.index("INDEX") and text.count("- Fund") == 2
    assert any("1 index typed as lists" in d for d in report.decisions)


def test_an_html_indexs_indented_sub_entries_stay_sub_entries(tmp_path):
    # Chiriqui's index (Gutenberg 30621) sets a sub-entry as <p class="indent"> under its entry
    # ('Kunz, G. F., on use of insects…' over 'on Chiriquian methods of plating 39'): pandoc's
    # reader dropped the class, and it was printed flush left as an entry. In '::: index' it is
    # a '::: subentry'; an indented paragraph outside an index is a paragraph as before.
    html = ("<html><body><h2>Art</h2><p><a id='page038'></a>Casting.</p><p class='indent'>Indented text.</p>"
            "<h2>INDEX.</h2><div class='index'><p>Kunz, G. F., on casting metals <a href='#page038'>38</a></p>"
            "<p class = \"indent\">\non plating <a href='#page038'>39</a></p>"
            "<p class='indent'>on gold <a href='#page038'>40</a></p><p>Lost color <a href='#page038'>86</a></p>"
            "</div></body></html>")
    report, into = run(tmp_path, "index", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    doc = pandoc_doc(text)
    index = next(b for b in blocks_of(doc, "Div") if "index" in b["c"][0][1])["c"][1]
    assert [b["t"] for b in index] == ["Para", "Div", "Para"] and index[1]["c"][0][1] == ["subentry"]
    assert [ast_text(b).strip() for b in index[1]["c"][1]] == ["on plating 39", "on gold 40"]
    assert "Casting.\n\nIndented text." in text and text.count("subentry") == 1
    assert any("2 sub-entries" in d for d in report.decisions)


def test_a_gutenberg_title_with_an_ampersand_its_contents_table_and_half_title(tmp_path):
    # MacDowell's Critical and Historical Essays (#16351): the header's title is 'Critical &
    # Historical Essays', the <h1> 'CRITICAL AND HISTORICAL ESSAYS', so its title page stayed and
    # the whole book was one chapter under it; its contents, a table of 'CHAP.' | title | 'PAGE'
    # under 'CONTENTS', stayed as a chapter beside the editions' own; the title again over
    # chapter I, with nothing under it, was a chapter of nothing.
    head = _PG_HEAD.replace("The History Of Herodotus", "Critical & Historical Essays")
    rows = "".join(f"<tr><td>{n}.</td><td>Essay {n}</td><td><a href='#page{n}'>{n}</a></td></tr>" for n in (1, 2))
    html = (f"<html><body>{head}<h1>CRITICAL <span class='small'>AND</span> HISTORICAL ESSAYS</h1>"
            "<h3>EDITED BY W.J. BALTZELL</h3><h2>PREFACE</h2><p>The present work.</p><h2>CONTENTS</h2>"
            f"<table><tr><td>CHAP.</td><td></td><td>PAGE</td></tr>{rows}</table>"
            "<h2><a id='page1'></a>CRITICAL AND HISTORICAL ESSAYS</h2><h2>I. ESSAY ONE</h2><p>Music.</p>"
            "<h2><a id='page2'></a>II. ESSAY TWO</h2><p>More music, as on <a href='#page1'>page 1</a>.</p>"
            "</body></html>")
    report, into = run(tmp_path, "essays", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    doc = pandoc_doc(text)
    assert [" ".join(all_text(h).split()) for h in blocks_of(doc, "Header")] == ["PREFACE", "I. ESSAY ONE",
                                                                                "II. ESSAY TWO"]
    assert "#page1" in text.split("ESSAY ONE")[0]  # the half title's anchor kept, in the next heading
    title_pages = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "BALTZELL" in title_pages and "CRITICAL AND HISTORICAL ESSAYS" in title_pages
    assert "Essay 2" in (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    # The title's anchor that a link leads to goes into the heading after it; one that none does goes.
    html = (f"<html><body>{head}<h1><a id='pagei'></a><a id='title'></a>CRITICAL AND HISTORICAL ESSAYS</h1>"
            "<h2>PREFACE</h2><p>The present work, <a href='#title'>here</a>.</p>"
            "<h2>I. ESSAY ONE</h2><p>Music.</p></body></html>")
    (tmp_path / "again").mkdir()
    report, into = run(tmp_path / "again", "essays", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert text.startswith("## []{#title}PREFACE") and "pagei" not in text


def test_html_parts_headed_at_their_chapters_level_are_parts(tmp_path):
    # Infantry Drill Regulations (Gutenberg 20866): "Part I.—DRILL." an <h1>, "Part II.—COMBAT." an
    # <h2> as its chapters are: the book was two chapters, Part I holding the rest.
    html = ("<html><body><h2>CONTENTS</h2><h3><a href='#p1'>Part I—Drill.</a></h3>"
            "<h3><a href='#p2'>Part II—Combat.</a></h3>"
            "<h1 id='p1'>Part I.—DRILL.</h1><h2>INTRODUCTION.</h2><p>Drill.</p><h4>Orders.</h4><p>Orders.</p>"
            "<h2>THE SQUAD.</h2><p>Squad.</p><h2 id='p2'>Part II.—COMBAT.</h2><h2>LEADERSHIP.</h2><p>Lead.</p>"
            "<h2>APPENDIX A.</h2><p>An alternate paragraph.</p></body></html>")
    report, into = run(tmp_path, "drill", html.encode("utf-8"), suffix=".html")
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    heads = [(h["c"][0], " ".join(all_text(h).split()), "part" in h["c"][1][1]) for h in blocks_of(doc, "Header")]
    assert [h for h in heads if h[0] == 1] == [  # its contents, parts' linked headings, set aside
        (1, "Part I.—DRILL.", True), (1, "INTRODUCTION.", False), (1, "THE SQUAD.", False),
        (1, "Part II.—COMBAT.", True), (1, "LEADERSHIP.", False), (1, "APPENDIX A.", False)]
    assert (3, "Orders.", False) in heads
    assert "backmatter" in blocks_of(doc, "Header")[-1]["c"][1][1]  # the appendix ends the parts
    # Parts already above their chapters (Herodotus's "BOOK I" <h2> over <h3>s) keep their levels.
    html = ("<html><body><h2>BOOK I. CLIO</h2><h3>Croesus.</h3><p>Of the Lydians.</p><h3>Cyrus.</h3><p>Of Persia.</p>"
            "<h2>BOOK II. EUTERPE</h2><h3>Egypt.</h3><p>Of the Nile.</p><h3>Kings.</h3><p>Of Psammetichus.</p>"
            "</body></html>")
    report, into = run(tmp_path, "books", html.encode("utf-8"), suffix=".html")
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    assert [h["c"][0] for h in blocks_of(doc, "Header")] == [2, 3, 3, 2, 3, 3]


def test_books_over_parts_over_chapters_are_volumes_and_parts(tmp_path):
    # Standard Ebooks' War and Peace: "Book I" <h2> over "Part I: 1805" <h3> over the chapters'
    # <h4>s. Read by its levels, the book had six chapters (a list of characters, four books, the
    # epilogue), each a quarter of the novel.
    chapter = "<p>" + "Prince Vasili spoke in French, as was the custom of the day. " * 45 + "</p>"
    def book(n: int, parts: int) -> str:
        return f"<h2>Book {n}</h2>" + "".join(
            f"<h3>Part {p}: 1805</h3>" + "".join(f"<h4>{c}</h4>{chapter}" for c in ("I", "II"))
            for p in range(1, parts + 1))
    html = ("<html><body><h2>Dramatis Personae</h2><p>The Rostovs.</p>" + book(1, 2) + book(2, 1)
            + "<h2>Epilogue</h2><h3>First Epilogue</h3><blockquote><p>A motto.</p></blockquote>"
            + f"<h4>I</h4>{chapter}<h4>II</h4>{chapter}<h2>Notes</h2><p>A note.</p></body></html>")
    report, into = run(tmp_path, "war", html.encode("utf-8"), suffix=".html")
    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    marks = ("volume", "part", "backmatter")
    heads = [(h["c"][0], " ".join(all_text(h).split()), [c for c in h["c"][1][1] if c in marks])
             for h in blocks_of(doc, "Header")]
    assert heads[:6] == [(1, "Dramatis Personae", []), (1, "Book 1", ["volume"]), (1, "Part 1: 1805", ["part"]),
                         (1, "I", []), (1, "II", []), (1, "Part 2: 1805", ["part"])]
    assert heads[-5:] == [(1, "Epilogue", ["volume"]), (1, "First Epilogue", ["part"]), (1, "I", []), (1, "II", []),
                          (1, "Notes", ["backmatter"])]
    assert any("3 volumes and 4 parts" in d for d in report.decisions)
    book_ = load_book(into)
    assert sum(1 for c in book_.chapters if not c.part) == 10  # the chapters, the list and the notes
    # A book whose headings under its parts are short sections (Herodotus's numbered paragraphs,
    # a collection's poems) keeps its levels: those are no chapters to open pages.
    short = html.replace(chapter, "<p>A short numbered section.</p>")
    report, into = run(tmp_path, "short", short.encode("utf-8"), suffix=".html")
    levels = [h["c"][0] for h in blocks_of(pandoc_doc((into / "text.md").read_text(encoding="utf-8")), "Header")]
    assert levels[:5] == [2, 2, 3, 4, 4]


def test_a_novel_of_many_short_chapters_opens_each_on_the_next_page(tmp_path):
    # War and Peace's 365 chapters of about 1,500 words each opened on a recto, a blank verso
    # before half of them: 2,416 pages. A book of 100 chapters or more, the median shorter than
    # 2,500 words, is imported with print.chapter_start: any; parts are not counted as chapters.
    chapter = "<p>" + "Pierre looked at the crowd and said nothing at all. " * 45 + "</p>"
    html = "".join(f"<h2>Part {p}</h2>" + "".join(f"<h3>{n}</h3>{chapter}" for n in range(1, 26)) for p in range(1, 5))
    report, into = run(tmp_path, "novel", f"<html><body>{html}</body></html>".encode(), suffix=".html")
    assert yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))["print"] == {"chapter_start": "any"}
    assert any("100 short chapters" in d for d in report.decisions)
    fewer = "".join(f"<h2>Part {p}</h2>" + "".join(f"<h3>{n}</h3>{chapter}" for n in range(1, 25)) for p in range(1, 5))
    report, into = run(tmp_path, "shorter", f"<html><body>{fewer}</body></html>".encode(), suffix=".html")
    assert "print" not in yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))


def test_links_to_files_beside_an_html_book_are_taken_off_keeping_what_they_hold(tmp_path):
    # MacDowell's essays link each musical example to its MIDI file: 59 links that led nowhere in
    # any edition, each warned of at every build. The link goes, its picture and words stay;
    # links within the book, to other pages and to the web stay.
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "scale.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    html = ("<html><body><h2>ONE</h2><p id='top'>The scale <a href='midi/scale.midi'><img src='images/scale.png' "
            "alt='A scale'/></a> and <a href='sounds/Long%20Note.mp3'>the long note</a>; see <a href='#top'>above</a>, "
            "<a href='two.html'>two</a> and <a href='https://example.org/x.pdf'>the score</a>.</p></body></html>")
    report, into = run(tmp_path, "music", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "midi" not in text and "mp3" not in text
    assert "![A scale](images/" in text and "and the long note;" in text
    assert "(#top)" in text and "https://example.org/x.pdf" in text
    assert any("2 links to files" in d and "sounds/Long Note.mp3" in d for d in report.decisions)


def test_an_epubs_inline_semantics_come_in_as_plain_text(tmp_path):
    """Standard Ebooks type words for EPUB's vocabularies (`<abbr epub:type="z3998:name-title">Mr.</abbr>`,
    `z3998:roman`, `se:name.music.song`, `<time datetime>`): they came in as `[Mr.]{.abbr
    .z3998:name-title}` and raw <time> tags (The Worst Journey in the World: 1,591 spans, Keynes 266),
    clutter for an editor and classes no edition knows. The words stay, plain; a language stays on
    its span; a signature keeps its small capitals; "(i)" opening a paragraph is no list."""
    source = _epub(tmp_path / "peace.epub", "<dc:title>The Peace</dc:title>",
                   '<section id="chapter-1" epub:type="chapter"><h2>Chapter <span epub:type="z3998:roman">I</span></h2>'
                   '<p>(<span epub:type="z3998:roman">i</span>) To France, said <abbr epub:type="z3998:name-title">'
                   'Mr.</abbr> Lloyd George on <time datetime="1919-11">November, 1919</time>, humming '
                   '“<span epub:type="se:name.music.song">Steal Away</span>” and a <i xml:lang="fr">résumé</i> of '
                   '<span epub:type="z3998:taxonomy" xml:lang="la">Papaver bracteatum</span> at 37° '
                   '<abbr class="eoc" epub:type="se:temperature">F.</abbr></p>'
                   '<p><img src="../images/logo.png" alt="A logo." epub:type="z3998:illustration"/></p>'
                   '<blockquote><p>We are making fair progress.</p><p>'
                   '<span epub:type="z3998:signature">R. Scott</span></p></blockquote></section>')
    into = tmp_path / "peace" / "manuscript"
    report = import_text(source, into)
    assert report.words_in == report.words_out + report.words_set_aside
    text = (into / "text.md").read_text(encoding="utf-8")
    assert not re.search(r"z3998|se:|\.abbr|\.eoc|<time|epub:type", text), text
    assert "# Chapter I" in text and "Mr. Lloyd George on November, 1919" in text
    assert "“Steal Away”" in text and '[Papaver bracteatum]{lang="la"}' in text and "37° F." in text
    assert "[R. Scott]{.smallcaps}" in text
    built = build_project(into.parent, ("html",))
    page = lxml_html.fromstring(next(p for p in built.html.glob("*.html")
                                     if b"To France" in p.read_bytes()).read_bytes())
    assert page.xpath("//main//p[starts-with(normalize-space(), '(i) To France')]")
    assert not page.xpath("//main//*[contains(@class, ':')]")


def test_an_epubs_chapter_epigraph_is_an_epigraph(tmp_path):
    """Standard Ebooks type a chapter's epigraph `<blockquote epub:type="epigraph">`, its source in a
    `<cite>`: The Souls of Black Folk's 14 came in as quotations closed by a raw `<cite>` tag, set
    as any quotation. They are `::: epigraph` now, the source its last paragraph, and the editions
    set them as epigraphs."""
    source = _epub(tmp_path / "souls.epub", "<dc:title>The Souls of Black Folk</dc:title>",
                   '<article id="chapter-3" epub:type="z3998:essay"><header><h2>Of Mr. Washington</h2>'
                   '<blockquote epub:type="epigraph z3998:verse"><p><span>From birth till death enslaved!</span>'
                   '<br/><span>Hereditary bondsmen! Know ye not</span></p><cite>Byron</cite></blockquote></header>'
                   '<p>Easily the most striking thing in the history of the American Negro.</p></article>')
    into = tmp_path / "souls" / "manuscript"
    report = import_text(source, into)
    assert report.words_in == report.words_out + report.words_set_aside
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "<cite>" not in text and re.search(r"::: epigraph\n.*Know ye not\n\nByron\n:::", text, re.S), text
    built = build_project(into.parent, ("html",))
    page = lxml_html.fromstring(next(p for p in built.html.glob("*.html")
                                     if b"most striking" in p.read_bytes()).read_bytes())
    epigraph = page.xpath("//main//*[@role='doc-epigraph']")
    assert epigraph and epigraph[0].xpath("./p[last()]")[0].text_content().strip() == "Byron"


def test_an_uncaptioned_figure_keeps_its_pictures_description(tmp_path):
    """Standard Ebooks' Alice (Tenniel's 42 pictures) was refused, 'lost a×36, stands×8, …': each
    picture is a `<figure>` without a caption, which pandoc's Markdown writer set as raw tags,
    read back as no words. It is the picture alone, its id and description kept, no caption
    printed under it."""
    from PIL import Image

    (tmp_path / "images").mkdir()
    Image.new("RGB", (30, 40), (20, 20, 20)).save(tmp_path / "images" / "rabbit.png")
    html = ("<html><body><h1>Down the Rabbit-Hole</h1><p>Text.</p><figure class='half-page' id='illustration-2'>"
            "<img alt='A white rabbit consulting a pocket-watch.' src='images/rabbit.png'/></figure>"
            "<p>More, <a href='#illustration-2'>the rabbit</a>.</p></body></html>")
    report, into = run(tmp_path, "alice", html.encode("utf-8"), suffix=".html")
    assert report.words_in == report.words_out
    text = (into / "text.md").read_text(encoding="utf-8")
    assert '{#illustration-2 alt="A white rabbit consulting a pocket-watch."}' in text and "<figure" not in text
    built = build_project(into.parent, ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        page = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert 'alt="A white rabbit consulting a pocket-watch."' in page and 'id="illustration-2"' in page
    assert "<figcaption" not in page


def test_an_epubs_description_written_as_html_comes_in_as_its_words(tmp_path):
    """Standard Ebooks write dc:description as escaped HTML (`&lt;p&gt;Everyone's familiar with
    &lt;a href="…"&gt;Lewis Carroll's&lt;/a&gt;`): book.yaml got the tags, and the built EPUB gave
    stores `<p>…<a href=“https://…”>` (the typography pass curling the address's quotes), the
    printer's cover's back the same. Its paragraphs' words come in, one paragraph a paragraph."""
    import yaml

    description = ("<dc:description>&lt;p&gt;Everyone’s familiar with &lt;a href=\"https://standardebooks.org/"
                   "ebooks/lewis-carroll\"&gt;Lewis Carroll’s&lt;/a&gt; famous &lt;i&gt;Alice&lt;/i&gt;."
                   "&lt;/p&gt;\n\t\t\t&lt;p&gt;It was a gift.&lt;/p&gt;</dc:description>")
    source = _epub(tmp_path / "alice.epub", "<dc:title>Alice</dc:title>" + description,
                   '<section id="chapter-1" epub:type="chapter"><h2>I</h2><p>Alice was beginning.</p></section>')
    into = tmp_path / "project" / "manuscript"
    import_text(source, into)
    meta = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert meta["description"] == "Everyone’s familiar with Lewis Carroll’s famous Alice.\n\nIt was a gift."
    built = build_project(into.parent, ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        opf = z.read("EPUB/package.opf").decode()
    said = re.search(r"<dc:description>(.*?)</dc:description>", opf, re.S).group(1)
    assert said.startswith("Everyone’s familiar with Lewis Carroll’s") and "&lt;" not in said


def test_a_gutenberg_title_page_matches_its_header_across_accents_quotes_and_a_typed_note(tmp_path):
    # The Midē´wiwin (#19368): its header says 'The Mide'wiwin or "Grand Medicine Society" of the
    # Ojibwa', its title page 'THE MIDĒ´WIWIN OR “GRAND MEDICINE SOCIETY”' / 'OF' / 'THE OJIBWA.' under
    # a transcriber's note typed as a paragraph; its contents a table with a spacer row under
    # 'CONTENTS.', its half title '… OF THE OJIBWAY.' over 'By W. J. Hoffman.': nothing matched,
    # and the whole book (306 pages) was one chapter under the title page's first heading.
    head = ("<pre>\nTitle: The Mide'wiwin or \"Grand Medicine Society\" of the Ojibwa\n\n"
            "Author: Walter James Hoffman\n\n*** START OF THIS PROJECT GUTENBERG EBOOK THE MIDEWIWIN ***\n</pre>")
    rows = "".join(f"<tr><td><a href='#{n}'>{n.title()}</a></td><td>{p}</td></tr>"
                   for n, p in (("intro", 149), ("shamans", 156)))
    html = (f"<html><body>{head}<p>This e-text contains a few letters with unusual diacritics.</p><hr/>"
            "<h3><a id='page143'></a>THE MIDĒ´WIWIN OR “GRAND MEDICINE SOCIETY”</h3><h6>OF</h6><h3>THE OJIBWA.</h3>"
            "<h6>BY</h6>"
            "<h4>W. J. HOFFMAN.</h4><hr/><h4>CONTENTS.</h4>"
            f"<table><tr><td></td><td>Page</td></tr>{rows}<tr><td>&nbsp;</td><td></td></tr></table>"
            "<h4>ILLUSTRATIONS.</h4><p>Plates have been divided.</p>"
            "<h4>THE MIDĒ´WIWIN OR “GRAND MEDICINE SOCIETY” OF THE OJIBWAY.</h4><hr/><h5>By W. J. Hoffman.</h5>"
            "<hr/><h4 id='intro'>INTRODUCTION.</h4><p>The Ojibwa is one of the largest tribes.</p>"
            "<h4 id='shamans'>SHAMANS.</h4><p>The Midē´ priests.</p><h4>INDEX</h4>"
            "<p>Hoffman, W. J., <a href='#page143'>143</a></p></body></html>")
    report, into = run(tmp_path, "mide", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert [(h["c"][0], " ".join(all_text(h).split())) for h in blocks_of(pandoc_doc(text), "Header")] == [
        (1, "ILLUSTRATIONS."), (1, "INTRODUCTION."), (1, "SHAMANS."), (1, "INDEX")]  # its <h4>s: chapters
    assert text.index("{#page143}") < text.index("INTRODUCTION.")  # the index's link to the title page's page
    assert text.index("unusual diacritics") < text.index("INTRODUCTION.")  # the note stays, before the text
    title_pages = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "W. J. HOFFMAN." in title_pages and "OJIBWAY. By W. J. Hoffman." in title_pages
    assert "Shamans" in (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    assert ("title", "THE MIDĒ´WIWIN OR “GRAND MEDICINE SOCIETY” OF THE OJIBWA.") in report.moved


def test_a_gutenberg_title_page_in_a_box_with_an_ornament_and_contents_of_linked_parts(tmp_path):
    # The Infantry Drill Regulations (#20866): an 'E-text prepared by' credit in a heading, then a
    # transcriber's note; the title page in a <div class="bbox">, the title over three headings with
    # a device between them ('Infantry Drill Regulations' / 'UNITED STATES ARMY' / picture / '1911'),
    # the publisher under them; 'TABLE OF CONTENTS.' over each part's linked heading and a table of
    # its chapters; the title again over two headings. None of it was taken: the credit, the title
    # page and the contents opened the book, and the half title was a chapter of nothing.
    from PIL import Image

    (tmp_path / "images").mkdir()
    Image.new("RGB", (18, 20), (0, 0, 0)).save(tmp_path / "images" / "deco.png")
    head = ("<pre>\nTitle: Infantry Drill Regulations, United States Army, 1911\n\nAuthor: United States War "
            "Department\n\n*** START OF THIS PROJECT GUTENBERG EBOOK INFANTRY DRILL REGULATIONS ***\n</pre>")
    table = ("<table><tr><td><a href='#intro'>1. Introduction</a></td><td><a href='#p1'>1–30</a></td></tr>"
             "<tr><td><a href='#p2'>2. Leadership</a></td><td>31–47</td></tr></table>")
    html = (f"<html><body>{head}<p>&nbsp;</p><h2>E-text prepared by Bethanne M. Simms</h2><p>&nbsp;</p>"
            "<div class='notes'><p>Transcriber's Notes: the bugle calls.</p></div><hr/>"
            "<div class='bbox'><h1>Infantry<br/>Drill Regulations</h1><h3>UNITED STATES ARMY</h3>"
            "<p><img src='images/deco.png' width='18' height='20' alt=''/></p><h1>1911</h1>"
            "<h3>CORRECTED TO APRIL 15, 1917</h3><hr/><p>MILITARY PUBLISHING CO.<br/>NEW YORK</p></div><hr/>"
            "<p>WAR DEPARTMENT, Document No. 394</p><h2>TABLE OF CONTENTS.</h2>"
            f"<h3><a href='#p1'>Part I—Drill.</a></h3>{table}<h3><a href='#p2'>Part II—Combat.</a></h3>{table}"
            "<h3><a href='#apa'>Appendix A.</a></h3><hr/><h1>INFANTRY DRILL REGULATIONS.</h1>"
            "<h2>UNITED STATES ARMY, 1911.</h2><hr/><h2>DEFINITIONS.</h2><p>Alignment: a straight line.</p>"
            "<h1 id='p1'>Part I.—DRILL.</h1><h2 id='intro'>INTRODUCTION.</h2><p><a id='p1'></a>1. Drill.</p>"
            "<h2 id='p2'>Part II.—COMBAT.</h2><h2>LEADERSHIP.</h2><p>Lead.</p>"
            "<h2 id='apa'>APPENDIX A.</h2><p>An alternate paragraph.</p></body></html>")
    report, into = run(tmp_path, "drill", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert [" ".join(all_text(h).split()) for h in blocks_of(pandoc_doc(text), "Header")] == [
        "DEFINITIONS.", "Part I.—DRILL.", "INTRODUCTION.", "Part II.—COMBAT.", "LEADERSHIP.", "APPENDIX A."]
    assert "E-text prepared" not in text and "E-text prepared" in (into / "gutenberg-licence.txt").read_text()
    assert text.index("bugle calls") < text.index("WAR DEPARTMENT") < text.index("DEFINITIONS.")
    between = text[text.index("bugle calls"):text.index("WAR DEPARTMENT")]
    assert between.count("-----\n") == 1  # the rules on either side of the title page: one break
    title_pages = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "CORRECTED TO APRIL 15, 1917" in title_pages and "MILITARY PUBLISHING CO." in title_pages
    assert "INFANTRY DRILL REGULATIONS. UNITED STATES ARMY, 1911." in title_pages
    assert "Part II---Combat." in (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["title"] == "Infantry Drill Regulations, United States Army, 1911"


def test_a_gutenberg_html_title_pages_imprint_lines_are_set_aside(tmp_path):
    """Die Verwandlung's HTML sets its title page in centred paragraphs under the <h1> title: "VON
    / FRANZ KAFKA", "KURT WOLFF VERLAG / LEIPZIG", its series, printer and copyright. The title
    went to book.yaml and those five lines stayed, the text's first before chapter I. A
    dedication after the imprint stays."""
    head = ("<pre>\nTitle: Die Verwandlung\n\nAuthor: Franz Kafka\n\nLanguage: German\n\n"
            "*** START OF THIS PROJECT GUTENBERG EBOOK DIE VERWANDLUNG ***\n</pre>")
    tail = "<pre>\n*** END OF THIS PROJECT GUTENBERG EBOOK DIE VERWANDLUNG ***\n</pre>"
    body = ("<h1>DIE<br/>VERWANDLUNG</h1><p class='center'>VON<br/>FRANZ KAFKA</p>"
            "<p class='center'>KURT WOLFF VERLAG<br/>LEIPZIG</p>"
            "<p class='center'>BÜCHEREI »DER JÜNGSTE TAG« BAND 22</p>"
            "<p class='center'>COPYRIGHT KURT WOLFF VERLAG • LEIPZIG. 1917</p><p class='center'>FÜR FELICE</p>"
            "<h2>I.</h2><p>Als Gregor Samsa eines Morgens aus unruhigen Träumen erwachte, fand er sich in seinem "
            "Bett zu einem ungeheueren Ungeziefer verwandelt.</p>"
            "<h2>II.</h2><p>Erst in der Abenddämmerung erwachte Gregor aus seinem schweren Schlaf.</p>")
    html = f"<html><head><title>Die Verwandlung</title></head><body>{head}{body}{tail}</body></html>"
    report, into = run(tmp_path, "verwandlung", html.encode("utf-8"), suffix=".html")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert text.startswith("## I.\n"), text[:300]
    assert yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))["dedication"] == "FÜR FELICE"
    aside = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "VON FRANZ KAFKA" in aside and "COPYRIGHT KURT WOLFF VERLAG" in aside and "FELICE" not in aside
    assert report.words_in == report.words_out + report.words_moved + report.words_set_aside + sum(
        report.markup_words.values())
