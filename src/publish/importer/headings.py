"""Chapter headings in plain text: "CHAPTER IV", "CANTO XII", "Chapter 4. The Road", "Глава 3", "ЧАСТЬ ПЕРВАЯ",
"CHAPITRE PREMIER", "Kapitel 2", a play's "Действие первое", "ACT II", "Scene 2", "Явление 3",
a roman numeral alone on its line, or a section named for what it is: "ЭПИЛОГ", "Prologue",
"Предисловие", "Действующие лица". A heading must be followed by prose before the next
heading, so a table of contents (headings one after another) stays text; a contents list whose
entries come again as chapters stays text too (structure._contents_entries).
"""

from __future__ import annotations

import re

from publish.numbering import from_roman

_EN_NUMBERS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty first second third fourth fifth sixth seventh "
    "eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
    "eighteenth nineteenth twentieth last"
).split()
_RU_NUMBERS = (
    "первая вторая третья четвертая четвёртая пятая шестая седьмая восьмая девятая десятая "
    "одиннадцатая двенадцатая первый второй третий четвертый четвёртый пятый шестой седьмой "
    "восьмой девятый десятый первая последняя последний "
    # acts and scenes: "Действие первое", "Явление третье"
    "первое второе третье четвертое четвёртое пятое шестое седьмое восьмое девятое десятое "
    "одиннадцатое двенадцатое последнее"
).split()
_FR_NUMBERS = "premier première unique dernier dernière".split()  # "CHAPITRE PREMIER", then roman numerals
# Spanish, Italian and Polish ordinals: "CAPÍTULO PRIMERO", "CAPITOLO SECONDO", "Część pierwsza"
_ES_IT_PL_NUMBERS = (
    "primero primera segundo segunda tercero tercera cuarto cuarta quinto quinta sexto sexta séptimo "
    "séptima octavo octava noveno novena décimo décima último última único única "
    "primo prima secondo seconda terzo terza quarto quarta quinto quinta sesto sesta settimo settima "
    "ottavo ottava nono nona decimo decima ultimo ultima unico unica "
    "pierwszy pierwsza drugi druga trzeci trzecia czwarty czwarta piąty piąta szósty szósta siódmy "
    "siódma ósmy ósma dziewiąty dziewiąta dziesiąty dziesiąta ostatni ostatnia"
).split()
_WORDS = ("CHAPTER|BOOK|PART|VOLUME|ГЛАВА|ЧАСТЬ|КНИГА|ТОМ|CHAPITRE|LIVRE|PARTIE|TOME|KAPITEL|BUCH|TEIL|BAND"
          "|CAPÍTULO|CAPITULO|CAPITOLO|ROZDZIAŁ|PARTE|LIBRO|TOMO|CZĘŚĆ|KSIĘGA|TOM"
          "|CANTO|LETTER|ACT|SCENE|ДЕЙСТВИЕ|ЯВЛЕНИЕ|КАРТИНА|ACTE|SCÈNE|AKT|SZENE|ACTO|ESCENA|ATTO|SCENA")
_NUMBER = r"[IVXLCDM]+|\d{1,3}|" + "|".join(_EN_NUMBERS + _RU_NUMBERS + _FR_NUMBERS + _ES_IT_PL_NUMBERS)
# German puts the ordinal first: "Erstes Kapitel", "Zweiter Teil", "Dritter Akt".
_DE_ORDINAL = (r"(?:erst|zweit|dritt|viert|fünft|sechst|siebe?n?t|acht|neunt|zehnt|elft|zwölft|dreizehnt"
               r"|vierzehnt|fünfzehnt|sechzehnt|siebzehnt|achtzehnt|neunzehnt|zwanzigst|letzt)e[sr]")
_DE_WORDS = r"KAPITEL|BUCH|TEIL|BAND|AKT|AUFZUG|ABSCHNITT"
# Peter Pan's "Chapter 8 THE MERMAIDS’ LAGOON": a title in capitals may follow the number with no stop.
_CAPITALS_TITLE = r"|(?-i:\s+[^\sa-zа-яё][^a-zа-яё]*)"
# The last chapter so named: Bryusov's "Глава 16 и последняя", "CHAPTER XL AND LAST".
_AND_LAST = r"\s+(?:и\s+последняя|and\s+last)\b"
_LABELLED = re.compile(
    rf"^(?:(?:{_WORDS})\s+(?:THE\s+)?|(?={_DE_ORDINAL}\s+(?:{_DE_WORDS})\b))(?P<number>{_NUMBER}|{_DE_ORDINAL})"
    rf"(?:\s+(?:{_DE_WORDS}))?\b(?:{_AND_LAST})?(?:\[\w{{1,3}}\])?\.?(?P<title>\s*[.:—–-]\s*\S.*{_CAPITALS_TITLE})?$",
    re.IGNORECASE,
)
# Sections named for what they are, not numbered; they may hold chapters ("ЭПИЛОГ" over "I").
_RU_FROM = "ОТ АВТОРА|ОТ ИЗДАТЕЛЯ|ОТ ПЕРЕВОДЧИКА|ОТ РЕДАКЦИИ|ОТ СОСТАВИТЕЛЯ"  # a preface: "От автора", "От издателя"
_NAMES = (f"{_RU_FROM}|PROLOGUE|EPILOGUE|ÉPILOGUE|PROLOG|EPILOG|ПРОЛОГ|ЭПИЛОГ|ПРЕДИСЛОВИЕ|ПОСЛЕСЛОВИЕ|ВСТУПЛЕНИЕ"
          "|AFTERWORD|POSTFACE|NACHWORT|ЗАКЛЮЧЕНИЕ|КОММЕНТАРИИ|ДЕЙСТВУЮЩИЕ ЛИЦА|DRAMATIS PERSONAE|PERSONS REPRESENTED"
          "|PREFACE|FOREWORD|INTRODUCTION|PRÉFACE|VORWORT|VORREDE|EINLEITUNG|PRELUDE|FINALE"
          "|PRÓLOGO|EPÍLOGO|PROLOGO|EPILOGO|PREFACIO|PREFAZIONE|INTRODUCCIÓN|INTRODUZIONE|PRZEDMOWA|WSTĘP|POSŁOWIE"
          "|ZAKOŃCZENIE|CONCLUSION|CONCLUSIÓN|CONCLUSIONE")
# Whose preface it is: Gutenberg's Crime and Punishment opens with "TRANSLATOR’S PREFACE".
_WHOSE = r"(?:(?:THE\s+)?(?:TRANSLATOR|AUTHOR|EDITOR|PUBLISHER|PREPARER)S?['’]S?\s+)"
# A note is a preface when it says whose it is (Pamela's "PUBLISHERS' NOTE", Grimms' "PREPARER’S NOTE").
_WHOSE_NOTE = rf"{_WHOSE}NOTE"
# A preface opens what follows it: it never ends the parts (Les Misérables' VOLUME I over its "PREFACE").
_FRONT = re.compile(rf"^(?:{_WHOSE_NOTE}|{_WHOSE}?(?:PREFACE|FOREWORD|INTRODUCTION|PRÉFACE|VORWORT|VORREDE|EINLEITUNG"
                    rf"|PREFACIO|PREFAZIONE|INTRODUCCIÓN|INTRODUZIONE|PRZEDMOWA|WSTĘP|ПРЕДИСЛОВИЕ|ВСТУПЛЕНИЕ|{_RU_FROM}"
                    rf"|AVANT-PROPOS|AVERTISSEMENT))\b",
                    re.IGNORECASE)
# War and Peace's "FIRST EPILOGUE: 1813 - 20" and "SECOND EPILOGUE": an ordinal may come first, or
# an article (Romeo and Juliet's "THE PROLOGUE").
_ORDINAL = "FIRST|SECOND|THIRD|FOURTH|FIFTH|LAST|FINAL"
# The title follows a stop or a dash, or is a quotation (Moby Dick's "Epilogue “AND I ONLY AM ESCAPED…” Job.").
# French and German say whose it is after the name: Candide's "Préface de l'Éditeur", "Vorwort des Übersetzers".
_WHOSE_AFTER = (r"(?:\s+(?:de\s+l['’]\s?(?:éditeur|auteur)|du\s+traducteur|des\s+(?:éditeurs|traducteurs)"
                r"|des\s+(?:herausgebers|übersetzers|verfassers)))?")
_NAMED = re.compile(rf"^(?:(?:(?:{_ORDINAL}|THE)\s+|{_WHOSE})?(?:{_NAMES}|AVANT-PROPOS|AVERTISSEMENT){_WHOSE_AFTER}"
                    rf"|{_WHOSE_NOTE})(?:\s*[.:]|(?P<title>\s*[.:—–-]\s*\S.*|\s+[“\"«„]\S.*))?$", re.IGNORECASE)
NOTE_CALL = re.compile(r"(?<=\w)\[\w{1,3}\](?=\.?(?:\s|$))")  # "CHAPITRE XXII[1]." : a note on the heading
# Russian texts type a numeral's X, I, C and M with the Cyrillic letters that look the same (Chekhov's
# "Палата № 6" heads its tenth chapter "Х"): those are numerals too.
_LOOKALIKES = str.maketrans("ХІСМ", "XICM")
_ROMAN_ALONE = re.compile(r"^(?P<number>[IVXLCDMХІСМ]{1,12})\.?$")
# A Tale of Two Cities' "II. The Mail", "XXIV. Drawn to the Loadstone Rock": a numeral and a title
# in capitalised words, in any alphabet (Herzen's "II. БИОГРАФИЯ ИХ ПРЕВОСХОДИТЕЛЬСТВ"); not
# Montaigne's contents ("III.    That our affections carry themselves…").
_ROMAN_TITLED = re.compile(r"^(?P<number>[IVXLCDM]{1,12})\.(?P<title>\s+[^\W\d_]\S*(?:\s+\S+){0,7})$")
# Ulysses' episodes, "[ 1 ]", and its parts, "— I —": a numeral in brackets or between dashes.
# Aeolus's "[ 7 ] IN THE HEART OF THE HIBERNIAN METROPOLIS": a title in capitals may follow (a note's
# "[1] See the appendix." is no heading).
_BRACKETED = re.compile(r"^\[\s*(?P<number>[IVXLCDM]{1,12}|\d{1,3})\s*\](?:\s+(?P<title>[^a-zа-яё]+))?$")
_DASHED = re.compile(r"^[—–-]+\s*(?P<number>[IVXLCDM]{1,12}|\d{1,3})\s*[—–-]+$")
MAX_HEADING = 80
MAX_TITLE = 70


def is_heading(line: str, longest: int = MAX_HEADING) -> bool:
    """A chapter heading line (roman numerals must be valid ones); a contents entry may be longer."""
    line = " ".join(line.split())
    if not line or len(line) > longest:
        return False
    match = _LABELLED.match(line) or _titled_numeral(line) or _BRACKETED.match(line) or _DASHED.match(line)
    if match:
        return _valid(match["number"])
    match = _ROMAN_ALONE.match(line)
    # Onegin's stanzas left out, "XIII. XIV" over its rows of dots, as "XXXIX. XL. XLI" is.
    return (bool(match) and _valid(match["number"])) or is_named(line) or is_numeral_run(line)


def _titled_numeral(line: str) -> re.Match | None:
    match = _ROMAN_TITLED.match(line)
    title = match["title"].strip() if match else ""
    capitalised = all(w[:1].isupper() or w[:1].isdigit() or w in _SMALL_WORDS for w in title.split())
    return match if match and capitalised and is_title(title) and not ends_like_sentence(title) else None


# Roman numerals in capitals only: "did", "mild" are words.
_NUMBER_IN = re.compile(rf"(?<!\w)(?:(?-i:[IVXLCDM]+)|{_NUMBER.split('|', 1)[1]})(?!\w)", re.IGNORECASE)


def has_number(line: str) -> bool:
    """A heading that numbers what it heads ("ПЕРВОЕ ДЕЙСТВИЕ", "Акт I", "Сцена 2"), not one that
    names a section ("Характеры и костюмы")."""
    return is_heading(line) or bool(_NUMBER_IN.search(" ".join(line.split())))


def is_preface(line: str) -> bool:
    """A named section that opens what follows it ("PREFACE", "Предисловие"), never back matter."""
    return is_named(line) and bool(_FRONT.match(" ".join(line.split())))


def is_named(line: str) -> bool:
    """A section named for what it is: "ЭПИЛОГ", "Prologue", "Предисловие", "Действующие лица";
    not a sentence that opens with the word ("conclusion: a refusal.", a line of Les Misérables)."""
    line = " ".join(line.split())
    return len(line) <= MAX_HEADING and not line[:1].islower() and bool(_NAMED.match(line))


_PART = re.compile(r"^(?:BOOK|PART|VOLUME|ЧАСТЬ|КНИГА|ТОМ|LIVRE|PARTIE|TOME|BUCH|TEIL|BAND|ACT|ACTE|AKT|ДЕЙСТВИЕ"
                   rf"|PARTE|LIBRO|TOMO|CZĘŚĆ|KSIĘGA|TOM|ACTO|ATTO|{_DE_ORDINAL}\s+(?:BUCH|TEIL|BAND|AKT|AUFZUG))(?:\s|$)",
                   re.IGNORECASE)


def is_part(line: str) -> bool:
    """A heading above chapters: a part ("PART ONE", "ЧАСТЬ ПЕРВАЯ", "Book II"), a play's act
    ("Действие первое" over "Явление первое"), or a named section ("ЭПИЛОГ" over "I")."""
    return is_heading(line) and (bool(_PART.match(" ".join(line.split()))) or is_named(line))


# An epistolary novel's letters are its chapters (Pamela's "LETTER XXXII", Frankenstein's "Letter 4").
_CHAPTER = re.compile(rf"^(?:CHAPTER|CANTO|LETTER|ГЛАВА|CHAPITRE|KAPITEL|CAPÍTULO|CAPITULO|CAPITOLO|ROZDZIAŁ"
                      rf"|{_DE_ORDINAL}\s+KAPITEL)(?:\s|$)", re.IGNORECASE)


def names_a_chapter(line: str) -> bool:
    """A heading that names a chapter ("ГЛАВА ПЕРВАЯ", "Chapter 4. The Road")."""
    return is_heading(line) and bool(_CHAPTER.match(" ".join(line.split())))


def is_numeral(line: str) -> bool:
    """A roman numeral alone ("XIV"): a chapter's, or a section's under a chapter's heading."""
    match = _ROMAN_ALONE.match(line.strip())
    return bool(match) and _valid(match["number"])


# Stanzas left out, numbered in one line over a row of dots (Onegin's "XXXIX. XL. XLI").
_NUMERAL_RUN = re.compile(r"^[IVXLCDM]{1,12}(?:[.,]\s*[IVXLCDM]{1,12}){1,9}\.?$")


def is_numeral_run(line: str) -> bool:
    """Numerals counting up by one in a line ("XXXIX. XL. XLI"): sections left out, numbered together."""
    line = line.strip()
    if not _NUMERAL_RUN.match(line):
        return False
    values = [_roman_value(n) for n in re.findall(r"[IVXLCDM]+", line)]
    return None not in values and all(b == a + 1 for a, b in zip(values, values[1:], strict=False))


def numeral_value(line: str) -> int | None:
    """The value of a roman numeral alone on its line ("XIV" → 14), else None."""
    match = _ROMAN_ALONE.match(line.strip())
    return _roman_value(match["number"]) if match else None


def _roman_value(number: str) -> int | None:
    """A roman numeral's value (its Cyrillic look-alike letters read as Latin), else None."""
    try:
        return from_roman(number.translate(_LOOKALIKES).upper())
    except ValueError:
        return None


def is_dashed_numeral(line: str) -> bool:
    """A numeral between dashes ("— II —"): Ulysses' parts, each right over its first episode."""
    match = _DASHED.match(" ".join(line.split()))
    return bool(match) and _valid(match["number"])


def names_a_part(line: str) -> bool:
    """A heading that names a part, a book or a volume, or a play's act ("ЧАСТЬ ПЕРВАЯ", "Book II")."""
    return is_heading(line) and bool(_PART.match(" ".join(line.split())))


_NUMBER_ALONE = re.compile(r"^\d{1,4}\.?$")


def is_bare_number(line: str) -> bool:
    """A heading that only numbers its chapter: a label and a numeral ("CHAPTER I", "Глава 3",
    "Chapter the Fifth") or a numeral alone ("XIV", "12."), with no title after it."""
    line = " ".join(NOTE_CALL.sub("", line).split())
    match = _LABELLED.match(line)
    if match:
        return not match["title"] and _valid(match["number"])
    return is_numeral(line) or bool(_NUMBER_ALONE.match(line))


_NUMERAL_TITLED = re.compile(r"^(?P<number>[IVXLCDMХІСМ]{1,12}|\d{1,4})\.\s+\S")


def opens_with_numeral(line: str) -> bool:
    """A chapter's heading that is its numeral and a title: "XX. Смерть", "CHAPTER II. The Storm"."""
    line = " ".join(NOTE_CALL.sub("", line).split())
    match = _LABELLED.match(line) or _NUMERAL_TITLED.match(line)
    return bool(match) and _valid(match["number"])


def number_of(line: str) -> str:
    """The numeral of a bare number heading ("I" for "CHAPTER I", "3" for "Глава 3"), else the line."""
    line = " ".join(NOTE_CALL.sub("", line).split())
    match = _LABELLED.match(line)
    return match["number"] if match else line.rstrip(".")


def heading_key(line: str) -> str:
    """What a heading names, without its title: "CHAPTER 55" for "Chapter 55. Of the Monstrous
    Pictures of Whales.", "EPILOGUE", "IV"; a contents entry and its chapter share it."""
    line = " ".join(NOTE_CALL.sub("", line).split())
    match = _LABELLED.match(line) or _NAMED.match(line) or _titled_numeral(line)
    if not match:
        return line.rstrip(".").upper()
    label = line[: match.start("title")] if match["title"] else line
    return " ".join(label.rstrip(" .:").upper().split())


def heading_title(line: str) -> str:
    """The title a heading line carries after its label ("The Road" in "Chapter 4. The Road"), else ""."""
    line = " ".join(line.split())
    match = _LABELLED.match(line) or _NAMED.match(line) or _titled_numeral(line)
    return (match["title"] or "").strip(" .:—–-") if match else ""


def has_title(line: str) -> bool:
    """Whether a heading line already carries its title ("Chapter 4. The Road", "Эпилог. Десять лет спустя")."""
    line = " ".join(line.split())
    match = _LABELLED.match(line) or _NAMED.match(line) or _titled_numeral(line)
    return bool(match and match["title"])


def join_title(heading: str, title: str) -> str:
    """A heading and the title line under it as one ("CHAPTER II" and "THE STORM": "CHAPTER II. THE STORM")."""
    # A wrapped title goes on after a word ("…and the True" + "Pictures of Whaling Scenes.").
    if heading.endswith((".", ":", "—", "–")) or heading[-1:].isalpha() and has_title(heading):
        return f"{heading} {title}"
    return f"{heading}. {title}"


_DASHES = ("—", "–", "-")
_CLOSING_QUOTES = "»\"'’”)"
SHORT_TITLE_WORDS = 4  # "Loomings.", "The Carpet-Bag.", "Knights and Squires."
_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "by", "for", "with", "from"}


# A contents list's own heading or column label: Montaigne's "BOOK THE FIRST" over "CONTENTS OF
# VOLUME 2." (or over "CHAP.") was titled so.
_CONTENTS_LABEL = re.compile(r"^(?:(?:TABLE OF )?CONTENTS\b.*|CHAP\.?|СОДЕРЖАНИЕ\.?|ОГЛАВЛЕНИЕ\.?"
                             r"|TABLE DES MATIÈRES\.?|INHALT(?:SVERZEICHNIS)?\.?)$", re.IGNORECASE)


def is_title(text: str, longest: int = MAX_TITLE) -> bool:
    """A short line shaped like a chapter's title: not sentences (a stop inside, as in the
    Karamazovs' "Исповедь горячего сердца. В стихах", only where it ends open), not a heading itself,
    not a line of dialogue ("– Да, – сказал он"), not running on (a closing comma, colon or dash),
    not a contents list's label ("CONTENTS OF VOLUME 2.")."""
    text = text.strip()
    # A named section's word is a title under a number ("Глава X" over "Заключение").
    numbered = is_heading(text) and not is_named(text)
    return (0 < len(text) <= longest and not numbered and "\n" not in text and not _CONTENTS_LABEL.match(text)
            and not (re.search(r"[.!?…]\s+\S", text) and ends_like_sentence(text))
            and not text.endswith((",", ";", ":", *_DASHES))
            and not text.startswith(_DASHES))


def ends_like_sentence(text: str) -> bool:
    """Closed by . ! ? or … (inside closing quotes too): a sentence, or a title set as one."""
    return text.strip().rstrip(_CLOSING_QUOTES).endswith((".", "!", "?", "…"))


def is_short_title(text: str) -> bool:
    """A name closed by a full stop ("Loomings.", "Knights and Squires."), not a short sentence
    ("В гостиной продолжался разговор.", "Те же и Фирс."): a few words, all capitalised but
    English small words; or a few words in capitals closed by "!" or "?", a poem's title under
    its numeral (Dickinson's "ALMOST!", "WHY?")."""
    text = text.strip()
    words = text.rstrip(".").split()
    if text.endswith(("!", "?")) and not text.endswith(("!!", "??", "?!", "!?")):
        return text.isupper() and sum(c.isalpha() for c in text) >= 3 and len(words) <= SHORT_TITLE_WORDS
    return (text.endswith(".") and not text.endswith("..") and 0 < len(words) <= SHORT_TITLE_WORDS
            and all(word[:1].isupper() or word[:1].isdigit() or word in _SMALL_WORDS for word in words))


def _valid(number: str) -> bool:
    if re.fullmatch(r"[IVXLCDM]+", number.translate(_LOOKALIKES), re.IGNORECASE):
        return _roman_value(number) is not None
    return True
