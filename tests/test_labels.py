"""Interface strings in the book's language: a Russian book has no English word left in any edition."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree
from lxml import html as lhtml

from conftest import MINIMAL_YAML, Built, build_project, write_project
from publish.editions.links import file_name
from publish.errors import PublishError
from publish.labels import KEYS, TABLES, Labels, check_override, labels_for
from publish.manuscript import load_book
from test_html import browser  # noqa: F401  (the Chromium fixture)

RUSSIAN_YAML = """\
title: Зимний архив
subtitle: Бумаги холодного десятилетия
language: ru
authors:
  - name: Анна Полева
  - name: Борис Колев
    role: translator
series:
  name: Библиотека Красной звезды
  number: 10
  total: 40
  lines: [Красная звезда]
  blurb: Документы из архивов.
publisher: Северный ветер
imprint: Полярная библиотека
year: 2026
rights: © 2026 Северный ветер
isbn:
  epub: 978-3-16-148411-7
  print: 978-0-306-40615-7
editions:
  - number: 1
    date: '2026-01-10'
  - number: 1
    printing: 2
    date: '2026-05-01'
motto: Сквозь тернии
dedication: Архивистам.
praise:
  - text: Лучшая книга об архивах.
    source: Литературная газета
about_author: Автор родился в Хабаровске.
epigraph:
  text: Рукописи не горят.
  source: Булгаков
"""
RUSSIAN_TEXT = {
    "01.md": """\
        # Первая зима

        Было холодно.[^1] Архив стоял на холме, и в январе туда никто не ходил.

        [^1]: Холоднее, чем когда-либо.

        ## Приказ {#prikaz}

        Приказ пришёл четвёртого января, и писари жгли книги при свете лампы.
        """,
    "02.md": "# Вторая зима\n\nСнова было холодно, и снова никто не пришёл.\n",
    "03.md": "# Оттепель\n\nСнег сошёл в апреле. Мелом на двери архива написали имена зим: ёлочная, Ёршистая.\n",
}
# Latin-script words a Russian book may show: names of programs, a typeface and its makers, formats.
NAMES = {"publish", "pandoc", "WeasyPrint", "EbookLib", "Literata", "TypeTogether", "Google", "ISBN", "EPUB",
         "JavaScript"}
_ROMAN = re.compile(r"^[IVXLCDM]+$", re.I)  # series numbers and front-matter folios


def _english_words(text: str) -> list[str]:
    text = re.sub(r"{\w+}", "", text)  # a placeholder the search script fills in ({count})
    return sorted({w for w in re.findall(r"[A-Za-z]+", text) if w not in NAMES and not _ROMAN.match(w)})


def _page_words(root: etree._Element) -> str:
    """What a reader sees or hears: the text of the body, and the attributes read aloud or shown."""
    body = root.find(".//{*}body") if root.find(".//{*}body") is not None else root
    spoken = [v for el in body.iter() if isinstance(el.tag, str)
              for k, v in el.attrib.items() if k in ("alt", "aria-label", "title", "placeholder")
              or k.startswith("data-") and k not in ("data-pagefind-body", "data-pagefind-ignore")]
    title = root.findtext(".//{*}title") or ""
    return " ".join([title, *body.itertext(), *spoken])


@pytest.fixture(scope="module")
def russian(tmp_path_factory) -> Built:
    return build_project(write_project(tmp_path_factory.mktemp("ru"), RUSSIAN_YAML, RUSSIAN_TEXT))


# --- the tables --------------------------------------------------------------------------------


def test_every_table_names_only_known_strings_with_their_placeholders():
    for language, table in TABLES.items():
        for key, text in table.items():
            assert check_override(key, text) is None, (language, key)
            # A translation keeps every placeholder the English string fills in.
            english = getattr(Labels(), key)
            assert set(re.findall(r"{(\w*)}", english)) == set(re.findall(r"{(\w*)}", text)), (language, key)
    assert set(TABLES["ru"]) == set(KEYS)  # Russian is complete: the test book below relies on it


def test_language_falls_back_to_english_and_regions_share_a_table():
    assert labels_for("ru-RU").contents == "Содержание"
    assert labels_for("de-AT").series_label.format(number="X", total="XL") == "Nr.\u00a0X von XL"
    assert labels_for("fr").series_label.format(number="X", total="XL") == "nº\u00a0X sur XL"
    assert labels_for("sv-SE") == Labels()  # Swedish: no table yet
    assert labels_for("pt-BR").contents == "Índice"
    assert labels_for("ru", {"contents": "Оглавление"}).contents == "Оглавление"


@pytest.mark.parametrize(("language", "label"), [
    ("en", "No.\u00a0III of XII"), ("ru", "№\u00a0III из XII"), ("de-CH", "Nr.\u00a0III von XII"),
    ("fr", "nº\u00a0III sur XII"), ("it", "N.\u00a0III di XII"), ("es-ES", "N.º\u00a0III de XII"),
    ("pl", "Nr\u00a0III z XII"), ("pt", "N.º\u00a0III de XII"), ("nl", "Nr.\u00a0III van XII"),
    ("cs", "Sv.\u00a0III z XII"),
])
def test_series_label_is_in_the_books_language(tmp_path, language: str, label: str):
    yaml = MINIMAL_YAML.replace("language: en", f"language: {language}")
    write_project(tmp_path, yaml, {"01.md": "# Один\n\nТекст.\n"})
    assert load_book(tmp_path).meta.series.label == label


def test_book_yaml_overrides_a_string(tmp_path):
    yaml = MINIMAL_YAML + "labels:\n  contents: Table of Contents\n  series_label: 'Volume {number}/{total}'\n"
    write_project(tmp_path, yaml, {"01.md": "# One\n\nText.\n"})
    meta = load_book(tmp_path).meta
    assert meta.labels.contents == "Table of Contents"
    assert re.fullmatch(r"Volume \w+/\w+", meta.series.label)


@pytest.mark.parametrize(("value", "problem"), [
    ("'No. {number} of {count}'", "{count}"),
    ("'No. {number'", "not a valid pattern"),
])
def test_an_override_with_an_unknown_placeholder_is_refused_with_its_line(tmp_path, value: str, problem: str):
    yaml = MINIMAL_YAML + f"labels:\n  notes: Endnotes\n  series_label: {value}\n"
    write_project(tmp_path, yaml, {"01.md": "# One\n\nText.\n"})
    with pytest.raises(PublishError) as caught:
        load_book(tmp_path)
    diagnostic = caught.value.diagnostic
    assert diagnostic.key == "labels.series_label" and problem in diagnostic.message
    assert diagnostic.line == yaml.splitlines().index(f"  series_label: {value}") + 1


# --- a Russian book, in every edition -----------------------------------------------------------


def test_web_edition_has_no_english_interface_words(russian: Built):
    pages = sorted(russian.html.glob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        assert _english_words(_page_words(lhtml.fromstring(page.read_bytes()))) == [], page.name
    index = lhtml.fromstring((russian.html / "index.html").read_bytes())
    assert index.xpath('string(//nav[@class="site-nav"]/a[1])') == "Содержание"
    assert index.xpath('string(//a[@class="skip-link"])') == "Перейти к тексту"
    assert "№\u00a0X из XL" in index.xpath('string(//p[@class="site-series"])')
    chapter = lhtml.fromstring(next(russian.html.glob("perv*.html")).read_bytes())  # Latin letters
    assert chapter.xpath('string(//section[contains(@class, "footnotes")]/h2)') == "Примечания"
    assert chapter.xpath('//a[@rel="next"]/span[@class="pager-label"]/text()') == ["Далее"]
    search = lhtml.fromstring((russian.html / "search.html").read_bytes())
    assert search.xpath("string(//h1)") == "Поиск" and search.xpath("string(//label)") == "Поиск по книге"


def test_epub_has_no_english_interface_words(russian: Built):
    from test_epub import assert_epubcheck_clean

    assert_epubcheck_clean(russian.epub)  # Cyrillic file names included
    with zipfile.ZipFile(russian.epub) as z:
        documents = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}
    assert len(documents) >= 12
    for name, root in documents.items():
        assert _english_words(_page_words(root)) == [], name
    nav = documents["EPUB/nav.xhtml"]
    headings = [h.text for h in nav.iter("{http://www.w3.org/1999/xhtml}h2")]
    assert headings[:2] == ["Содержание", "Ориентиры"]
    landmarks = nav.xpath('//*[@id="landmarks"]//*[local-name()="a"]/text()')
    assert landmarks[:3] == ["Обложка", "Титульный лист", "Содержание"]
    # The accessibility summary stores show was English in every book ("This publication meets…").
    with zipfile.ZipFile(russian.epub) as z:
        package = etree.fromstring(z.read("EPUB/package.opf"))
    [summary] = package.xpath('//*[@property="schema:accessibilitySummary"]/text()')
    assert summary.startswith("Издание соответствует EPUB Accessibility 1.1")
    assert "в\u00a0нём есть оглавление" in summary
    assert set(_english_words(summary)) <= {"Accessibility", "WCAG", "AA"}  # the standards' names
    colophon = "".join(documents["EPUB/text/colophon.xhtml"].itertext())
    # No line of the colophon starts with its dash or ends on "и", a program's name over its version:
    # the PDF's colophon printed "pandoc" / "3.9" (Dead Souls).
    assert "»\u00a0— том\u00a0X серии «Библиотека Красной звезды» (№\u00a0X из XL)" in colophon
    assert re.search(r"pandoc\u00a0[\d.]+, WeasyPrint\u00a0[\d.]+ и\u00a0EbookLib\u00a0[\d.]+\.", colophon)
    assert "1-е издание 2026." in colophon and "2-й тираж 2026." in colophon
    assert re.search(r"Собрано \d+\u00a0\w+ \d{4}\u00a0г\.(?!\.)", colophon)  # not "г..": the date ends the sentence


def test_pdf_has_no_english_interface_words_and_russian_bookmarks(russian: Built):
    import pypdf

    reader = pypdf.PdfReader(russian.pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert _english_words(text) == []
    assert "№ X из XL" in " ".join(text.split()).replace("\u00a0", " ")

    def titles(outline) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])]

    bookmarks = titles(reader.outline)
    assert {"Титульный лист", "Авторские права", "Содержание", "Выходные сведения"} <= set(bookmarks)
    assert _english_words(" ".join(bookmarks)) == []


def test_errata_slip_is_in_the_books_language(tmp_path, russian: Built):
    import json
    import shutil
    import subprocess

    import pypdf

    from publish.errata import errata

    root = tmp_path / "ru"
    shutil.copytree(russian.root / "manuscript", root / "manuscript")
    git = ["git", "-c", "user.name=E", "-c", "user.email=e@x"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "manuscript"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "first"], cwd=root, check=True)
    chapter = root / "manuscript" / "02.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("никто", "ни один", 1), encoding="utf-8")
    result = errata(root, "HEAD", ".")
    assert len(result.lines) == 1 and "напечатано «никто» следует читать «ни один»" in result.lines[0]
    assert result.lines[0].startswith("с.\u00a0")
    out = root / "build" / "errata"
    data = json.loads((out / "errata.json").read_text(encoding="utf-8"))
    assert [c["text"] for c in data["corrections"]] == list(result.lines)
    page = lhtml.fromstring((out / "errata.html").read_bytes())
    for style in page.xpath("//style"):
        style.drop_tree()
    slip = _page_words(page)
    assert "Список опечаток" in slip and _english_words(slip) == ["HEAD"]  # the revision as typed
    pdf_text = " ".join(pypdf.PdfReader(out / "errata.pdf").pages[0].extract_text().split())
    assert "Список опечаток" in pdf_text and _english_words(pdf_text) == ["HEAD"]


def test_offline_search_folds_case_and_diacritics_in_cyrillic(browser, russian: Built):  # noqa: F811
    root = russian.html.resolve().as_uri()
    page = browser.new_page()
    try:
        page.goto(f"{root}/search.html")
        page.fill(".search-query", "ЕЛОЧНАЯ ершистая")  # ё written as е, capitals for lower case
        link = page.locator(".search-results a").first
        link.wait_for(timeout=10000)
        target = f"{file_name(next(c.id for c in load_book(russian.root).chapters if c.title == 'Оттепель'))}.html"
        assert link.get_attribute("href") == target
        assert page.locator(".search-results mark").first.inner_text() == "ёлочная"
        assert page.locator(".search-status").inner_text() == "Найдено: 1"
        page.fill(".search-query", "писари")  # in the section "Приказ": the link goes to its anchor
        page.locator('.search-results a[href$="#prikaz"]').wait_for(timeout=5000)
        page.fill(".search-query", "ёлочная ксилофон")
        page.locator(".search-status", has_text="Ничего не найдено.").wait_for(timeout=5000)
    finally:
        page.close()


@pytest.mark.parametrize(("language", "note", "line"), [
    ("ru", "Первое издание", "Первое издание 2026."),
    ("ru", "исправленное", "1-е издание, исправленное, 2026."),
    ("en", "First edition", "First edition 2026."),
    ("de", "Erste Auflage", "Erste Auflage 2026."),
    ("de", "Erstausgabe", "1. Auflage, Erstausgabe, 2026."),  # a German noun keeps its capital
    ("en", "With corrections", "First edition, with corrections, 2026."),
    ("it", "", "Prima edizione 2026."), ("es", "", "Primera edición 2026."), ("pl", "", "Wydanie I 2026."),
    ("pt", "", "Primeira edição 2026."), ("nl", "", "Eerste druk 2026."), ("cs", "", "1. vydání 2026."),
])
def test_a_note_naming_the_edition_in_words_is_not_said_twice(tmp_path, language, note, line):
    """"1-е издание, первое издание, 2026." said it twice: the note is the edition's name."""
    from publish.manuscript import load_book
    from publish.matter import edition_history

    root = write_project(tmp_path, f"""\
        title: Проба
        language: {language}
        series: {{name: Классика, number: 1, total: 1}}
        editions:
          - {{number: 1, date: 2026-01-10, note: {note}}}
        """, {"a.md": "# Один\n\nТекст.\n"})
    assert edition_history(load_book(root)) == [line]


@pytest.mark.parametrize(("language", "iso", "words"), [
    ("en", "2026-03-14", "14 March 2026"), ("ru", "2026-03-14", "14\u00a0марта 2026\u00a0г."),
    ("de", "2026-03-14", "14. März 2026"), ("fr", "2026-01-01", "1er janvier 2026"),
    ("it", "2026-01-01", "1º gennaio 2026"), ("es", "2026-03-14", "14 de marzo de 2026"),
    ("pl", "2026-03-14", "14 marca 2026\u00a0r."), ("pt", "2026-03-14", "14 de março de 2026"),
    ("nl", "2026-03-14", "14 maart 2026"), ("cs", "2026-03-14", "14. března 2026"),
])
def test_the_colophon_date_is_written_in_the_books_language(language, iso, words):
    """"Erstellt am 2026-01-01." in every language: the date is in words now, as the book writes it."""
    from publish.labels import labels_for

    assert labels_for(language).date(iso) == words


@pytest.mark.parametrize(("language", "role", "names", "line"), [
    ("en", "translator", ["Louise Maude", "Aylmer Maude"], "Translated by Louise and Aylmer Maude"),
    ("en", "translator", ["Constance Garnett"], "Translated by Constance Garnett"),
    ("en", "editor", ["Ann Lee", "Bo Chan", "Cy Young"], "Edited by Ann Lee, Bo Chan and Cy Young"),
    ("ru", "translator", ["Л. Мод", "А. Мод"], "Перевод: Л. и А. Мод"),
    ("ru", "editor", ["А. Иванов"], "Редактор: А. Иванов"),
    ("ru", "editor", ["А. Иванов", "Б. Петров"], "Редакторы: А. Иванов и Б. Петров"),
    ("de", "translator", ["Louise Maude", "Aylmer Maude"], "Übersetzt von Louise und Aylmer Maude"),
    ("fr", "illustrator", ["Gustave Doré", "Honoré Daumier"], "Illustré par Gustave Doré et Honoré Daumier"),
])
def test_people_of_one_role_are_credited_in_one_line(language, role, names, line):
    """War and Peace's title page read "Translator: Louise Maude / Translator: Aylmer Maude"."""
    assert labels_for(language).credit(role, names) == line


def test_the_title_page_credits_each_role_once_in_the_books_language(tmp_path):
    root = write_project(tmp_path, RUSSIAN_YAML.replace(
        "  - name: Борис Колев\n    role: translator\n",
        "  - name: Л. Мод\n    role: translator\n  - name: Б. Колев\n    role: editor\n"
        "  - name: А. Мод\n    role: translator\n"), RUSSIAN_TEXT)
    built = build_project(root, ("html",))
    index = lhtml.fromstring((built.html / "index.html").read_bytes())
    assert index.xpath("//p[@class='title-contributor']/text()") == ["Перевод: Л. и А.\u00a0Мод",
                                                                          "Редактор: Б.\u00a0Колев"]


def test_an_italian_spanish_or_polish_book_is_not_set_in_english(tmp_path):
    """A Polish novel printed "No. III of XII", "Contents", "1 edition 2026." and "Published by":
    only English, Russian, German and French had strings; Italian, Spanish and Polish have them now."""
    import pypdf

    root = write_project(tmp_path, """\
        title: Lalka
        language: pl
        publisher: Wydawnictwo Próbne
        series: {name: Biblioteka Klasyków, number: 3, total: 12}
        editions:
          - {number: 1, date: 2026-01-10}
        """, {"a.md": "# Rozdział I\n\nSklep był urządzony w trzech salach.\n"})
    built = build_project(root, ("pdf",))
    text = " ".join("\n".join(p.extract_text() for p in pypdf.PdfReader(built.pdf).pages).split())
    text = text.replace("\u00a0", " ")
    assert "Nr III z XII" in text and "Wydanie I 2026." in text and "Wydawca: Wydawnictwo Próbne" in text
    assert "Spis treści".upper() in text.upper()
    assert not re.search(r"\b(?:Contents|Published|edition|No\.|Built|Typeset|Colophon)\b", text, re.IGNORECASE)


def test_a_later_printing_is_counted_as_the_books_language_counts_it(tmp_path):
    """Italian "Seconda ristampa" for the second printing said the third: a ristampa is a reprint, so
    the second printing is the first ristampa; it is "Seconda tiratura" (the second print run)."""
    from publish.matter import edition_history

    root = write_project(tmp_path, """\
        title: Prova
        language: it
        series: {name: Classici, number: 1, total: 1}
        editions:
          - {number: 1, date: 2026-01-10}
          - {number: 1, printing: 2, date: 2027-01-10}
        """, {"a.md": "# Uno\n\nTesto.\n"})
    assert edition_history(load_book(root)) == ["Prima edizione 2026.", "Seconda tiratura 2027."]


@pytest.mark.parametrize(("language", "expected"), [
    ("pt", ["N.º III de XII", "Primeira edição 2026.", "Publicado por Editora Teste", "ÍNDICE"]),
    ("nl", ["Nr. III van XII", "Eerste druk 2026.", "Uitgegeven door Uitgeverij Proef", "INHOUD"]),
    ("cs", ["Sv. III z XII", "1. vydání 2026.", "Vydal Nakladatelství Zkouška", "OBSAH"]),
])
def test_a_portuguese_dutch_or_czech_book_is_not_set_in_english(tmp_path, language, expected):
    """Their books printed "No. III of XII", "Contents", "First edition" and "Published by"."""
    import pypdf

    publisher = expected[2].split(" ", 2)[-1] if language != "cs" else expected[2].split(" ", 1)[-1]
    root = write_project(tmp_path, f"""\
        title: Prova
        language: {language}
        publisher: {publisher}
        series: {{name: Clássicos, number: 3, total: 12}}
        editions:
          - {{number: 1, date: 2026-01-10}}
        """, {"a.md": "# Um\n\nTexto do capítulo.\n"})
    built = build_project(root, ("pdf",))
    text = " ".join("\n".join(p.extract_text() for p in pypdf.PdfReader(built.pdf).pages).split())
    text = text.replace("\u00a0", " ")
    for words in expected:
        assert (words.upper() in text.upper()) if words.isupper() else words in text, (words, text)
    assert not re.search(r"\b(?:Contents|Published|edition|No\.|Built|Typeset|Colophon)\b", text, re.IGNORECASE)
