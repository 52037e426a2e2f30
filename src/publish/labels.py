"""The interface strings of every edition, in the book's language: one table per language.

English is the dataclass's defaults; another language's table names only what it translates, so a
string added later falls back to English until translated. book.yaml's `labels:` overrides any of
them. Placeholders in braces ({number}) are filled in by the code that uses the string.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, fields, replace

from publish.labels_it_es_pl import ES, IT, PL
from publish.labels_pt_nl_cs import CS, NL, PT
from publish.numbering import to_roman


@dataclass(frozen=True)
class Labels:
    # Navigation, in every edition
    contents: str = "Contents"
    notes: str = "Notes"
    previous: str = "Previous"
    next: str = "Next"
    pager: str = "Previous and next page"
    site_nav: str = "Site"
    skip_link: str = "Skip to the text"
    back_to_text: str = "Back to the text of note {number}"
    cover: str = "Cover"
    landmarks: str = "Landmarks"
    start_of_text: str = "Start of the text"
    back_matter: str = "Back matter"
    pages: str = "Pages"
    # Search (web edition)
    search: str = "Search"
    search_label: str = "Search the book"
    search_results: str = "Results: {count}"
    search_none: str = "Nothing found."
    search_no_js: str = "Search needs JavaScript. The whole book reads without it:"
    # Titles of the front and back matter pages (page title, EPUB document title, PDF bookmark)
    half_title: str = "Half title"
    series: str = "Series"
    title_page: str = "Title page"
    copyright: str = "Copyright"
    dedication: str = "Dedication"
    epigraph: str = "Epigraph"
    motto: str = "Motto"
    colophon: str = "Colophon"
    limitation: str = "Limitation"
    also_in_series: str = "Also in this series"
    praise: str = "Praise"  # book.yaml praise: the page of what reviewers said
    praise_for: str = "Praise for {title}"  # that page's heading
    about_author: str = "About the Author"  # book.yaml about_author
    first_lines: str = "Index of Titles and First Lines"  # a book of poems' (first_lines.py)
    bibliography: str = "Bibliography"  # the reference list's chapter, when the text has no `::: {#refs}`
    # A numbered figure's, table's and formula's name, in its caption and in cross-references to it
    figure_ref: str = "Figure\u00a0{number}"
    table_ref: str = "Table\u00a0{number}"
    equation_ref: str = "Equation\u00a0{number}"
    # Entries of "Also in this series": the other volumes by number, those not out yet marked
    series_volume: str = "No.\u00a0{number}"
    forthcoming: str = "forthcoming"
    original_title: str = "Original title: {title}"  # a translation's, on the copyright page (book.yaml original)
    also_by: str = "Also by {names}"  # over the author's other books on the series page (book.yaml also_by)
    # A limited edition's copy number (`publish copies`; book.yaml limitation.text overrides it)
    limitation_copy: str = "This is copy No.\u00a0{number} of {total}"
    # The series position, as printed on the title page and cover
    series_label: str = "No.\u00a0{number} of {total}"
    volume: str = "volume {number} of {total}"
    # Copyright page and colophon
    edition: str = "{ordinal} edition"
    printing: str = "{ordinal} printing"
    published_by: str = "Published by {publisher}"
    under_imprint: str = ", under the imprint {imprint}"
    isbn_print: str = "(print)"
    isbn_epub: str = "(EPUB)"
    colophon_volume: str = "{title} is volume {number} of {series} ({label})."
    colophon_typeface: str = "Set in Literata, an open typeface designed by TypeTogether for Google."
    colophon_tools: str = ("Typeset from a single manuscript with publish\u00a0{publish}, pandoc\u00a0{pandoc}, "
                           "WeasyPrint\u00a0{weasyprint} and EbookLib\u00a0{ebooklib}.")
    built_on: str = "Built on"
    # The EPUB's accessibility summary (schema:accessibilitySummary, which stores show): with a
    # publisher to claim conformance, without one, its images' part and its mathematics' sentence
    a11y_claimed: str = ("This publication meets EPUB Accessibility 1.1 and WCAG 2.1 Level AA as far as automated "
                         "checks can tell: it has a table of contents, headings that mark its structure, and a "
                         "reading order that follows the print edition{images}.")
    a11y_summary: str = ("This publication has a table of contents, headings that mark its structure, and a "
                         "reading order that follows the print edition{images}.")
    a11y_images: str = ", and every image has a text alternative"
    a11y_math: str = " Mathematics is given as MathML."
    a11y_moving: str = " Pictures that move ({pictures}) have not been checked for flashing and cannot be paused."
    # A date in words ("1 January 2026"): its pattern and the months' names, comma-separated
    long_date: str = "{day} {month} {year}"
    months: str = ("January,February,March,April,May,June,July,August,September,October,November,"
                   "December")
    day_one: str = "1"  # the first of a month ("1er" in French)
    # The errata slip (`publish errata`): "p. 23, l. 14: for ‘Suguyama’ read ‘Sugiyama’"
    errata: str = "Errata"
    errata_scope: str = "Corrections to the {old}"
    errata_made_in: str = ", made in the {printing}"
    errata_where: str = "Pages and lines are those of the printed book"
    errata_counted: str = "; lines are counted from the top of the text on each page"
    errata_none: str = "The text has not changed."
    errata_page: str = "p.\u00a0{page}"
    errata_line: str = "l.\u00a0{line}"
    errata_lines: str = "ll.\u00a0{first}–{last}"
    errata_for: str = "for"
    errata_read: str = "read"
    errata_release: str = "release {name}"
    errata_revision: str = "revision {name}"
    errata_working: str = "working manuscript"
    # Contributors on the title page, one line a role ("Translated by Louise and Aylmer Maude");
    # the plural for several people, where a language needs one (Russian "Редакторы")
    credit_editor: str = "Edited by {names}"
    credit_editors: str = "Edited by {names}"
    credit_translator: str = "Translated by {names}"
    credit_translators: str = "Translated by {names}"
    credit_illustrator: str = "Illustrated by {names}"
    credit_illustrators: str = "Illustrated by {names}"
    credit_contributor: str = "With contributions by {names}"
    credit_contributors: str = "With contributions by {names}"
    credit_foreword: str = "With a foreword by {names}"
    credit_introduction: str = "With an introduction by {names}"
    names_and: str = " and "  # between the last two names of a credit ("A, B and C")

    def page_title(self, page_id: str, default: str = "") -> str:
        """The title of a matter page by its id ("title-page"); `default` for a page with no label."""
        key = "series" if page_id == "series-end" else page_id.replace("-", "_")
        return getattr(self, key, default) if key in KEYS else default

    def date(self, iso: str) -> str:
        """An ISO date ("2026-01-01") in words, as the book's language writes it."""
        try:
            year, month, day = (int(part) for part in iso.split("-"))
            name = self.months.split(",")[month - 1].strip()
        except (ValueError, IndexError):
            return iso
        return self.long_date.format(day=self.day_one if day == 1 else day, month=name, year=year)

    def credit(self, role: str, names: list[str]) -> str:
        """One line for everyone of a role: "Translated by Louise and Aylmer Maude"."""
        one = getattr(self, f"credit_{role}", role.capitalize() + ": {names}")
        pattern = (getattr(self, PLURALS.get(f"credit_{role}", ""), "") if len(names) > 1 else "") or one
        return pattern.format(names=self.names(names))

    def names(self, names: list[str]) -> str:
        """"A, B and C"; people who share a surname share it once ("Louise and Aylmer Maude")."""
        words = [name.split() for name in names]
        if len(names) > 1 and all(len(w) > 1 for w in words) and len({w[-1] for w in words}) == 1:
            names = [" ".join(w[:-1]) for w in words[:-1]] + [names[-1]]
        if len(names) < 2:
            return "".join(names)
        return ", ".join(names[:-1]) + self.names_and + names[-1]

    def ordinal(self, n: int, language: str) -> str:
        """"First", "1re", "1": how an edition or printing count reads in `language`."""
        base = primary(language)
        if base in _ORDINAL_WORDS:
            words, suffix = _ORDINAL_WORDS[base]
            return words[n - 1] if 0 < n <= len(words) else f"{n}{suffix}"
        if base == "fr":
            return "1re" if n == 1 else f"{n}e"
        if base == "pl":  # "Wydanie II"
            return to_roman(n)
        if base == "cs":  # "2. vydání"
            return f"{n}."
        return str(n)


# Words for the first ten, then the figure and its suffix (Italian, Spanish and Portuguese:
# edizione, edición and edição, tiratura, impresión and tiragem are feminine).
_ORDINAL_WORDS = {
    "en": (("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"), "th"),
    "it": (("Prima", "Seconda", "Terza", "Quarta", "Quinta", "Sesta", "Settima", "Ottava", "Nona", "Decima"), "ª"),
    "es": (("Primera", "Segunda", "Tercera", "Cuarta", "Quinta", "Sexta", "Séptima", "Octava", "Novena", "Décima"),
           ".ª"),
    "pt": (("Primeira", "Segunda", "Terceira", "Quarta", "Quinta", "Sexta", "Sétima", "Oitava", "Nona", "Décima"),
           ".ª"),
    "nl": (("Eerste", "Tweede", "Derde", "Vierde", "Vijfde", "Zesde", "Zevende", "Achtste", "Negende", "Tiende"), "e"),
}

KEYS = tuple(f.name for f in fields(Labels))
# A credit and its plural (an override may leave the plural empty: the credit is used).
PLURALS = {key: key + "s" for key in KEYS if key.startswith("credit_") and key + "s" in KEYS}

RU = {
    "errata": "Список опечаток", "errata_scope": "Исправления к изданию: {old}",
    "errata_made_in": "; внесены в издание: {printing}",
    "errata_where": "Страницы и строки указаны по печатному изданию",
    "errata_counted": "; строки считаются сверху от начала текста на странице",
    "errata_none": "Текст не изменился.", "errata_page": "с.\u00a0{page}", "errata_line": "строка\u00a0{line}",
    "errata_lines": "строки\u00a0{first}–{last}", "errata_for": "напечатано", "errata_read": "следует читать",
    "errata_release": "выпуск {name}", "errata_revision": "версия {name}", "errata_working": "текущая рукопись",
    "contents": "Содержание", "notes": "Примечания", "previous": "Назад", "next": "Далее",
    "pager": "Предыдущая и следующая страницы", "site_nav": "Навигация по сайту",
    "skip_link": "Перейти к тексту", "back_to_text": "Вернуться к тексту (примечание {number})",
    "cover": "Обложка", "landmarks": "Ориентиры", "start_of_text": "Начало текста",
    "back_matter": "Заключительные страницы", "pages": "Страницы",
    "search": "Поиск", "search_label": "Поиск по книге", "search_results": "Найдено: {count}",
    "search_none": "Ничего не найдено.", "search_no_js": "Для поиска нужен JavaScript. Книга читается и без него:",
    "half_title": "Шмуцтитул", "series": "Серия", "title_page": "Титульный лист", "copyright": "Авторские права",
    "also_by": "Другие книги автора: {names}", "original_title": "Название оригинала: {title}",
    "first_lines": "Указатель названий и\u00a0первых строк",
    "praise": "Отзывы", "praise_for": "Отзывы о\u00a0книге «{title}»", "about_author": "Об авторе",
    "dedication": "Посвящение", "epigraph": "Эпиграф", "motto": "Девиз", "colophon": "Выходные сведения",
    "limitation": "Нумерованный тираж", "limitation_copy": "Экземпляр №\u00a0{number} из {total}",
    "also_in_series": "Также в этой серии", "series_volume": "№\u00a0{number}", "forthcoming": "готовится к выходу",
    "bibliography": "Литература", "figure_ref": "Рис.\u00a0{number}", "table_ref": "Таблица\u00a0{number}",
    "equation_ref": "Формула\u00a0({number})",
    "series_label": "№\u00a0{number} из {total}", "volume": "том {number} из {total}",
    "edition": "{ordinal}-е издание", "printing": "{ordinal}-й тираж",
    "published_by": "Издатель: {publisher}", "under_imprint": ", импринт {imprint}",
    "isbn_print": "(печатное издание)", "isbn_epub": "(EPUB)",
    "colophon_volume": "«{title}»\u00a0— том\u00a0{number} серии «{series}» ({label}).",
    "colophon_typeface": "Набрано шрифтом Literata, свободной гарнитурой TypeTogether для Google.",
    "colophon_tools": ("Свёрстано из единой рукописи программами publish\u00a0{publish}, pandoc\u00a0{pandoc}, "
                       "WeasyPrint\u00a0{weasyprint} и\u00a0EbookLib\u00a0{ebooklib}."),
    "a11y_claimed": ("Издание соответствует EPUB Accessibility 1.1 и\u00a0WCAG 2.1 уровня AA, насколько можно "
                     "судить по автоматическим проверкам: в\u00a0нём есть оглавление, заголовки, отражающие его "
                     "структуру, и\u00a0порядок чтения, как в\u00a0печатном издании{images}."),
    "a11y_summary": ("В\u00a0издании есть оглавление, заголовки, отражающие его структуру, и\u00a0порядок чтения, "
                     "как в\u00a0печатном издании{images}."),
    "a11y_images": ", а\u00a0у\u00a0каждого изображения есть текстовое описание",
    "a11y_math": " Формулы даны в\u00a0MathML.",
    "a11y_moving": (" Движущиеся изображения ({pictures}) не\u00a0проверены на\u00a0мигание, "
                    "и\u00a0их нельзя остановить."),
    "built_on": "Собрано", "long_date": "{day}\u00a0{month} {year}\u00a0г.",
    "months": "января,февраля,марта,апреля,мая,июня,июля,августа,сентября,октября,ноября,декабря", "day_one": "1",
    "credit_editor": "Редактор: {names}", "credit_editors": "Редакторы: {names}",
    "credit_translator": "Перевод: {names}", "credit_translators": "Перевод: {names}",
    "credit_illustrator": "Иллюстрации: {names}", "credit_illustrators": "Иллюстрации: {names}",
    "credit_contributor": "При участии: {names}", "credit_contributors": "При участии: {names}", "names_and": " и ",
    "credit_foreword": "Предисловие: {names}", "credit_introduction": "Вступительная статья: {names}",
}
DE = {
    "errata": "Druckfehlerverzeichnis", "errata_scope": "Berichtigungen zur Ausgabe: {old}",
    "errata_made_in": ", berichtigt in: {printing}", "errata_where": "Seiten und Zeilen nach der gedruckten Ausgabe",
    "errata_counted": "; Zeilen von oben gezählt, ab dem Textbeginn der Seite",
    "errata_none": "Der Text ist unverändert.", "errata_page": "S.\u00a0{page}", "errata_line": "Z.\u00a0{line}",
    "errata_lines": "Z.\u00a0{first}–{last}", "errata_for": "statt", "errata_read": "lies",
    "errata_release": "Veröffentlichung {name}", "errata_revision": "Revision {name}",
    "errata_working": "aktuelles Manuskript",
    "contents": "Inhalt", "notes": "Anmerkungen", "previous": "Zurück", "next": "Weiter",
    "pager": "Vorherige und nächste Seite", "site_nav": "Navigation", "skip_link": "Zum Text springen",
    "back_to_text": "Zurück zum Text von Anmerkung {number}", "cover": "Umschlag",
    "landmarks": "Orientierungspunkte", "start_of_text": "Textbeginn", "back_matter": "Anhang", "pages": "Seiten",
    "search": "Suche", "search_label": "Im Buch suchen", "search_results": "Treffer: {count}",
    "search_none": "Keine Treffer.", "search_no_js": "Die Suche braucht JavaScript. Das Buch liest sich auch ohne:",
    "half_title": "Schmutztitel", "series": "Reihe", "title_page": "Titelseite", "copyright": "Impressum",
    "also_by": "Weitere Bücher von {names}", "original_title": "Titel der Originalausgabe: {title}",
    "praise": "Pressestimmen", "praise_for": "Pressestimmen zu »{title}«", "about_author": "Über den Autor",
    "first_lines": "Verzeichnis der Titel und Gedichtanfänge",
    "dedication": "Widmung", "epigraph": "Motto", "motto": "Wahlspruch", "colophon": "Kolophon",
    "limitation": "Limitierte Auflage", "limitation_copy": "Dies ist Exemplar Nr.\u00a0{number} von {total}",
    "also_in_series": "Außerdem in dieser Reihe", "series_volume": "Nr.\u00a0{number}",
    "forthcoming": "in Vorbereitung", "bibliography": "Literaturverzeichnis",
    "figure_ref": "Abbildung\u00a0{number}", "table_ref": "Tabelle\u00a0{number}",
    "equation_ref": "Gleichung\u00a0{number}",
    "series_label": "Nr.\u00a0{number} von {total}", "volume": "Band {number} von {total}",
    "edition": "{ordinal}. Auflage", "printing": "{ordinal}. Druck",
    "published_by": "Verlag: {publisher}", "under_imprint": ", Imprint {imprint}",
    "isbn_print": "(Druckausgabe)", "isbn_epub": "(EPUB)",
    "colophon_volume": "„{title}“ ist Band {number} der Reihe {series} ({label}).",
    "colophon_typeface": "Gesetzt aus der Literata, einer freien Schrift von TypeTogether für Google.",
    "colophon_tools": ("Aus einem einzigen Manuskript gesetzt mit publish\u00a0{publish}, pandoc\u00a0{pandoc}, "
                       "WeasyPrint\u00a0{weasyprint} und EbookLib\u00a0{ebooklib}."),
    "built_on": "Erstellt am", "long_date": "{day}. {month} {year}",
    "months": "Januar,Februar,März,April,Mai,Juni,Juli,August,September,Oktober,November,Dezember",
    "credit_editor": "Herausgegeben von {names}", "credit_editors": "Herausgegeben von {names}",
    "credit_translator": "Übersetzt von {names}", "credit_translators": "Übersetzt von {names}",
    "credit_illustrator": "Illustriert von {names}", "credit_illustrators": "Illustriert von {names}",
    "credit_contributor": "Unter Mitarbeit von {names}", "credit_contributors": "Unter Mitarbeit von {names}",
    "credit_foreword": "Mit einem Vorwort von {names}", "credit_introduction": "Mit einer Einleitung von {names}",
    "names_and": " und ",
}
FR = {
    "errata": "Errata", "errata_scope": "Corrections de l’édition\u00a0: {old}",
    "errata_made_in": ", apportées dans\u00a0: {printing}", "errata_where": "Pages et lignes de l’édition imprimée",
    "errata_counted": "\u00a0; lignes comptées depuis le haut du texte de chaque page",
    "errata_none": "Le texte n’a pas changé.", "errata_page": "p.\u00a0{page}", "errata_line": "l.\u00a0{line}",
    "errata_lines": "l.\u00a0{first}-{last}", "errata_for": "au lieu de", "errata_read": "lire",
    "errata_release": "publication {name}", "errata_revision": "révision {name}",
    "errata_working": "manuscrit en cours",
    "contents": "Table des matières", "notes": "Notes", "previous": "Précédent", "next": "Suivant",
    "pager": "Page précédente et page suivante", "site_nav": "Navigation du site", "skip_link": "Aller au texte",
    "back_to_text": "Retour au texte de la note {number}", "cover": "Couverture", "landmarks": "Repères",
    "start_of_text": "Début du texte", "back_matter": "Pages de fin", "pages": "Pages",
    "search": "Recherche", "search_label": "Rechercher dans le livre", "search_results": "Résultats\u00a0: {count}",
    "search_none": "Aucun résultat.",
    "search_no_js": "La recherche demande JavaScript. Le livre se lit entièrement sans\u00a0:",
    "half_title": "Faux-titre", "series": "Collection", "title_page": "Page de titre",
    "also_by": "Autres ouvrages de {names}", "original_title": "Titre original\u00a0: {title}",
    "copyright": "Mentions légales", "dedication": "Dédicace",
    "praise": "La critique", "praise_for": "Ce que la critique dit de {title}", "about_author": "L’auteur",
    "first_lines": "Index des titres et des premiers vers",
    "epigraph": "Épigraphe", "motto": "Devise",
    "colophon": "Achevé d’imprimer",
    "limitation": "Justification du tirage", "limitation_copy": "Exemplaire nº\u00a0{number} sur {total}",
    "also_in_series": "Dans la même collection", "series_volume": "nº\u00a0{number}", "forthcoming": "à paraître",
    "bibliography": "Bibliographie", "figure_ref": "Figure\u00a0{number}", "table_ref": "Tableau\u00a0{number}",
    "equation_ref": "Équation\u00a0{number}",
    "series_label": "nº\u00a0{number} sur {total}", "volume": "volume {number} sur {total}",
    "edition": "{ordinal} édition", "printing": "{ordinal} tirage",
    "published_by": "Publié par {publisher}", "under_imprint": ", sous la marque {imprint}",
    "isbn_print": "(livre imprimé)", "isbn_epub": "(EPUB)",
    "colophon_volume": "«\u00a0{title}\u00a0» est le volume {number} de la collection {series} ({label}).",
    "colophon_typeface": "Composé en Literata, caractère libre dessiné par TypeTogether pour Google.",
    "colophon_tools": ("Composé à partir d’un manuscrit unique avec publish\u00a0{publish}, pandoc\u00a0{pandoc}, "
                       "WeasyPrint\u00a0{weasyprint} et EbookLib\u00a0{ebooklib}."),
    "built_on": "Généré le", "long_date": "{day} {month} {year}",
    "months": "janvier,février,mars,avril,mai,juin,juillet,août,septembre,octobre,novembre,décembre",
    "day_one": "1er",
    "credit_editor": "Édité par {names}", "credit_editors": "Édité par {names}",
    "credit_translator": "Traduit par {names}", "credit_translators": "Traduit par {names}",
    "credit_illustrator": "Illustré par {names}", "credit_illustrators": "Illustré par {names}",
    "credit_contributor": "Avec la collaboration de {names}",
    "credit_contributors": "Avec la collaboration de {names}",
    "credit_foreword": "Préface de {names}", "credit_introduction": "Introduction de {names}",
    "names_and": " et ",
}
TABLES: dict[str, dict[str, str]] = {"en": {}, "ru": RU, "de": DE, "fr": FR, "it": IT, "es": ES, "pl": PL,
                                     "pt": PT, "nl": NL, "cs": CS}


def primary(language: str) -> str:
    """"ru" for "ru-RU": the tables are per language, not per region."""
    return language.split("-")[0].lower()


def labels_for(language: str, overrides: dict[str, str] | None = None) -> Labels:
    """The strings for a language (English when there is no table for it), with book.yaml's overrides."""
    return replace(Labels(), **{**TABLES.get(primary(language), {}), **(overrides or {})})


def placeholders(text: str) -> set[str]:
    """The names in braces: {"number", "total"} for "No. {number} of {total}"."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def check_override(key: str, text: str) -> str | None:
    """Why an override cannot stand in for the string it replaces, or None when it can."""
    if key not in KEYS:
        return "unknown"
    try:
        wanted = placeholders(getattr(Labels(), key))
        given = placeholders(text)
    except ValueError as exc:  # an unmatched brace
        return f"is not a valid pattern ({exc}); write braces only around placeholders"
    unknown = given - wanted
    if unknown:
        return f"names {', '.join('{' + n + '}' for n in sorted(unknown))}, which this string does not have"
    return None
