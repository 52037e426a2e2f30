"""The text rules: small named functions from a run of words to the same run, set properly.

A run is the text of consecutive Str/Space/SoftBreak nodes (" " for a space, "\\n" for a
soft break), so a rule sees "agreed :" although pandoc holds it as three nodes. Rules only
change spacing, dashes and signs: never a letter or a digit.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from publish.model import TypographySettings

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space
# Capitals and small letters of the Latin and Cyrillic scripts the books are in: accented ones too
# ("L’ÉCHO", "ÖBB", "É. Zola", "S. Żeromski"), or their words were no capitals and no initials.
_LATIN_EXTENDED = [chr(code) for code in range(0x100, 0x180)]
UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐЎ" + "".join(c for c in _LATIN_EXTENDED if c.isupper())
LOWER = "a-zß-öø-ÿа-яёіїєґў" + "".join(c for c in _LATIN_EXTENDED if c.islower())

Rule = Callable[[str, str, TypographySettings], str]

# The house dash when `typography.dash` is auto, by language.
DEFAULT_DASH = {"en": "spaced-en", "de": "spaced-en", "ru": "spaced-em", "uk": "spaced-em", "fr": "spaced-em"}
DASHES = {"em": "—", "spaced-en": NBSP + "– ", "spaced-em": NBSP + "— "}


def house_dash(language: str, style: TypographySettings) -> str:
    name = style.dash if style.dash != "auto" else DEFAULT_DASH.get(language, "spaced-en")
    return DASHES[name]


# A typist's two spaces after a sentence, one of them no-break (Cary's Dante: "less. \u00a0In heav'n"):
# the no-break one stood at the start of a verse's turnover, and widened the gap in print.
_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]*(?: \u00a0|\u00a0 )[ \u00a0]*(?=\S)")


def double_space(text: str, language: str, style: TypographySettings) -> str:
    """A space and a no-break space between words → one space."""
    return _DOUBLE_SPACE.sub(" ", text)


_ELLIPSIS = re.compile(r"\.\s?\.\s?\.(?!\.)")


# Russian sets a question or exclamation trailing off as "?.." and "!..", two stops after the mark
# (Мильчин), never "?…": A Hero of Our Time's "паф!..." came out "паф!…".
_MARK_TRAILING_OFF = re.compile(r"(?<=[?!])(?:\.\s?\.\s?\.(?!\.)|…)")
_TWO_STOPS_AFTER_MARK = frozenset({"ru", "uk", "be"})


# A row of four spaced stops or more stands for lines or words left out (a verse epigraph's
# ". . . . . . . . ." in The Captain's Daughter): kept as typed, not "… … … .".
_ROW_OF_STOPS = re.compile(r"(\.(?: \.){3,})")


def ellipsis(text: str, language: str, style: TypographySettings) -> str:
    """... and . . . → …; in Russian, ?... and !... → ?.. and !.."""
    if language in _TWO_STOPS_AFTER_MARK:
        text = _MARK_TRAILING_OFF.sub("..", text)
    if ". . . ." not in text:
        return _ELLIPSIS.sub("…", text)
    return "".join(part if n % 2 else _ELLIPSIS.sub("…", part) for n, part in enumerate(_ROW_OF_STOPS.split(text)))


_SPACED_DASH = re.compile(r"(?:(?<=\S)|^)[ \u00a0]+(?:-|–|—)[ \u00a0]+(?=\S)")
# Between words, or a word and a quotation: Dracula's “word-bearer”—came, the rest—“and you”.
_CLOSED_EM = re.compile(r"(?<=[\w”’»])—(?=[\w“‘«])")
# A dash closing an aside right before punctuation ("war -- Samsa war Reisender --, hing"), or
# closing a line of verse ("admire him --", Onegin) or a paragraph: the house dash too, bound
# to the word before it (no line may start with it; a long line's turnover began with it).
# A new speaker's dash glued to the sentence before it ("civilement.--Messieurs", "haut?--Oui").
# Not the hyphen of a hyphenated first name's initials: Onegin's note on "Ж.-Ж. Руссо", "J.-P. Sartre".
_SPEAKER_DASH = re.compile(rf"(?<=[.!?…])(?:---?|—|(?<!\b[{UPPER}]\.)-)(?=\w)")
_CLOSING_DASH = re.compile(r"(?<=\S)[ \u00a0]+(?:--?-?|–|—)(?=[,;:.!?…»«“”„‘’)\]]|$)")
# A paragraph opening with a dash: a line of dialogue. Hyphens too: plain text types the dash
# as "--" ("-- Ну что, князь"), and an escaped one (`\--`, as `publish import` writes it) stays so.
# Russian e-texts often bind the dash to its word already ("–\u00a0Что это?").
_DIALOGUE = re.compile(r"^(?:-{1,3}|[–—])[ \u00a0](?=\S)")
# French, Russian, Polish and Italian set a space after a line of dialogue's dash; e-texts often
# close it up ("--Nous partons", Gutenberg's French): a dash at a paragraph's start before a word.
_DIALOGUE_SPACED = frozenset({"fr", "ru", "uk", "be", "pl", "cs", "sk", "it"})
_DIALOGUE_CLOSED = re.compile(r"^(?:-{1,3}|[–—])(?=[^\W\d_]|[«„“\"…])")
# ...and the narrator's words after a speech, closed up to theirs the same way ("Что это? —спросил он").
_NARRATION_CLOSED = re.compile(r"(?<=[.!?…,»”\"])[ \u00a0]+(?:-{2,3}|[–—])(?=[^\W\d_])")
# A dash spaced after it but closed up to the punctuation before it ("кн. Л. Мышкин».– Все-таки",
# "буквы А,– подмигнул", "вперед!– которого" in The Idiot and Dead Souls): the house dash too.
_DASH_AFTER_MARK = re.compile(r"(?<=[.,;:!?…»”)])(?:-{2,3}|[–—])[ \u00a0]+(?=\S)")


def spaced_dash(text: str, language: str, style: TypographySettings) -> str:
    """A dash between words (a spaced hyphen, en or em dash) → the house dash, never at a line start."""
    if language == "es" and style.dash == "auto":
        return raya(text)
    dash = house_dash(language, style)
    text = _DIALOGUE.sub(dash.strip() + NBSP, _SPACED_DASH.sub(dash, text))
    if dash != "—":
        text = _DASH_AFTER_MARK.sub(dash, text)
    if language in _DIALOGUE_SPACED:
        text = _NARRATION_CLOSED.sub(dash, _DIALOGUE_CLOSED.sub(dash.strip() + NBSP, text))
    text = _CLOSING_DASH.sub(dash.rstrip(), text)
    if dash != "—":
        text = _SPEAKER_DASH.sub(" " + dash.strip() + NBSP, text)
    return text if dash == "—" else _CLOSED_EM.sub(dash, text)


# A dash of dialogue or of an aside: spaced (a hyphen, never one before a digit: a minus), or closed up when two or
# three hyphens, an em dash or an en dash not in a range ("--Hola--dijo él--.", as Spanish e-texts type it).
_RAYA = re.compile(r"[ \u00a0]+(?:-(?=[ \u00a0.,;:!?…»”')]|$)|-{2,3}|[–—])[ \u00a0]*|(?:-{2,3}|—|(?<!\d)–)[ \u00a0]*"
                   # a manuscript's single hyphens: "-Hola -dijo él-. ¿Vienes?"
                   r"|^-(?=[^\W\d_]|[¿¡«\"“])|[ \u00a0]+-(?=[^\W\d_]|[¿¡«])|(?<=[^\W\d_])-(?=[.,;:!?…)]|[ \u00a0]|$)")
_RAYA_OPENS_AFTER = ".,;:!?…«»“”\"(¿¡"
_RAYA_CLOSES_BEFORE = ".,;:!?…»”\")"


def raya(text: str) -> str:
    """Spanish dialogue and asides: the raya (—) closed up to the words it encloses, a line of
    dialogue's to its first word: "— Hola — dijo él —. ¿Vienes?" → "—Hola —dijo él—. ¿Vienes?".
    A dash before punctuation closes the aside, one after punctuation opens it; between words
    they alternate."""
    out, at, opened = [], 0, False
    for match in _RAYA.finditer(text):
        before, after = text[:match.start()].rstrip(" \u00a0"), text[match.end():]
        if match[0] == "-" and match.start() and not opened:
            continue  # a word's hyphen before a space: "pre- y posguerra", no aside to close
        if match.start() == 0 and not match[0][0].isspace():
            out += [text[at:match.start()], "—"]  # a line of dialogue
        elif not after or after[0] in _RAYA_CLOSES_BEFORE or (opened and before[-1:] not in _RAYA_OPENS_AFTER):
            out += [text[at:match.start()], "—" + (" " if after and after[0].isalnum() else "")]
            opened = False
        elif not before or before[-1] in _RAYA_OPENS_AFTER or not opened:
            out += [text[at:match.start()], (" " if before or match[0][0].isspace() else "") + "—"]
            opened = True
        at = match.end()
    return "".join(out) + text[at:]


_RANGE = re.compile(r"(?<![\w\-–−.,/])(\d{1,4})-(\d{1,4})(?![\w\-–/]|[.,]\d)")
# A range typed with a spaced hyphen ("1806 - 07", "pp. 12 - 15"); not after a group of
# thousands ("10 000 - 5"), nor before a sign of a sum ("5 - 3 = 2").
_SPACED_RANGE = re.compile(
    r"(?<![\w\-–−.,/])(?<!\d[ \u00a0])(\d{1,4})([ \u00a0]+-[ \u00a0]+)(\d{1,4})"
    r"(?![\w\-–/]|[.,]\d|[ \u00a0]*[=+×*/<>])")


def spaced_ranges(text: str) -> list[re.Match[str]]:
    """The ranges typed with a spaced hyphen: only a rising pair ("1806 - 07", "1941 - 1945") is
    taken for one; in "the year 1812 - 10 000 dead" the hyphen is a dash between two clauses."""
    return [m for m in _SPACED_RANGE.finditer(text) if int(m[3]) > int(m[1][-len(m[3]):])]


def number_range(text: str, language: str, style: TypographySettings) -> str:
    """1941-1945 and 1941 - 1945 → 1941–1945 (an en dash, closed up, joins a range in every language)."""
    for match in reversed(spaced_ranges(text)):
        text = text[:match.start(2)] + "–" + text[match.end(2):]
    return _RANGE.sub(r"\1–\2", text)


_MINUS = re.compile(r"(?<=[\s(\[=<>])-(?=\d)")


def minus_sign(text: str, language: str, style: TypographySettings) -> str:
    """-5 → −5 (a minus sign, not a hyphen, before a negative number)."""
    return _MINUS.sub("−", text)


_TIMES = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)( ?)[xх×]( ?)(\d+(?:[.,]\d+)?)(?!\w)")


def multiplication(text: str, language: str, style: TypographySettings) -> str:
    """3 x 4 → 3 × 4, 3x4 → 3×4."""
    return _TIMES.sub(lambda m: f"{m[1]}{m[2]}×{m[3]}{m[4]}", text)


_BEFORE_PUNCT = re.compile(r"(?:(?<=\S)|^)[ \u00a0]+(?=[:;!?](?:[\s)\]»”’\"'…,.]|$))")
_FRENCH_TIGHT = re.compile(r"(?<=[\w»”’)])[ \u00a0\u202f]*([;!?])(?=[\s»)—–…]|$)")
_FRENCH_COLON = re.compile(r"(?<=[\w»”’)])[ \u00a0\u202f]*:(?=\s|$)")
_FRENCH_GUILLEMETS = (re.compile(r"«[ \u00a0]*(?=\S)"), re.compile(r"(?<=\S)[ \u00a0]*»"))


# Languages that quote in guillemets set close up to the words («così»): a Word author's «␣così␣»,
# typed the French way, is closed up (not German, whose »so« turns them the other way).
_CLOSED_GUILLEMETS = frozenset({"it", "es", "pt", "ca", "pl", "ru", "uk", "be"})
_INVERTED_SPACE = re.compile(r"([¿¡])[ \u00a0]+(?=\S)")
_GUILLEMET_SPACES = (re.compile(r"«[ \u00a0\u202f]+(?=\S)"), re.compile(r"(?<=\S)[ \u00a0\u202f]+»"))


def punctuation_space(text: str, language: str, style: TypographySettings) -> str:
    """No space before : ; ! ? — but French wants a (narrow) no-break space there."""
    if language in _CLOSED_GUILLEMETS:
        text = _GUILLEMET_SPACES[1].sub("»", _GUILLEMET_SPACES[0].sub("«", text))
    if language in ("es", "ca", "gl"):
        text = _INVERTED_SPACE.sub(r"\1", text)  # "¿ Qué ?" → "¿Qué?"
    if language != "fr":
        return _BEFORE_PUNCT.sub("", text)
    text = _FRENCH_TIGHT.sub(NNBSP + r"\1", text)
    text = _FRENCH_COLON.sub(NBSP + ":", text)
    text = _FRENCH_GUILLEMETS[0].sub("«" + NNBSP, text)
    return _FRENCH_GUILLEMETS[1].sub(NNBSP + "»", text)


_INITIALS = re.compile(rf"(?<![\w.])((?:[{UPPER}]\.[ \u00a0]?){{0,3}}[{UPPER}]\.)[ \u00a0]+(?=[{UPPER}][{LOWER}])")
_ONE_INITIAL = re.compile(rf"[{UPPER}]\.")


def initials(text: str, language: str, style: TypographySettings) -> str:
    """I.V. Stalin / I. V. Stalin → the house style, joined by no-break spaces."""
    def join(match: re.Match) -> str:
        letters = _ONE_INITIAL.findall(match[1])
        glue = NBSP if style.initials == "spaced" else ""
        return glue.join(letters) + NBSP

    return _INITIALS.sub(join, text)


_ABBREVIATION = re.compile(
    r"(?<![\w])(No\.|Nos\.|no\.|p\.|pp\.|vol\.|vols\.|ch\.|fig\.|Fig\.|art\.|Art\.|§|№"
    r"|с\.|т\.|гл\.|рис\.|стр\.|ч\.|табл\.|прим\.|п\.|пп\.|ст\.|вып\.|кн\.|ил\.|сб\."
    # German S. 12, Nr. 5, Bd. 2; Polish s. 12, t. 2, nr 5; Spanish pág. 12, n.º 5; Italian pag., cap., n.
    r"|S\.|Nr\.|Bd\.|Kap\.|s\.|t\.|nr|Nr|str\.|pág\.|págs\.|pag\.|cap\.|n\.º|N\.º|nº|n\.)[ ]+(?=\d)"
)
# A year and its abbreviation: Russian 1945 г., 1941–1945 гг., Polish 1878 r.
_YEAR_RU = re.compile(r"(?<=\d) (?=(?:гг?|r)\.)")
# ...a century in Roman numerals and its "в.", "вв." (XIX в., XV–XVI вв.), and a number and its
# word abbreviated: 5 тыс., 3 млн, 100 руб., 20 экз.
_CENTURY_RU = re.compile(r"(?<![\w.])([IVXL]+(?:[–-][IVXL]+)?) (?=вв?\.)")
_NUMBER_WORD_RU = re.compile(r"(?<=\d) (?=(?:тыс|млн|млрд|трлн|руб|коп|экз|чел|долл)\.?(?!\w))")
# Initials after a surname, as Russian lists and references write a name: "Пушкин А. С.", "Толстой Л.Н.".
# Not initials before the next name ("лирой Альбиона А. С. Пушкин", Onegin's notes): those are its own.
_INITIALS_AFTER_RU = re.compile(r"(?<![\w.])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?) ([А-ЯЁ]\.)(?:[ \u00a0]?([А-ЯЁ]\.))?"
                                r"(?!\w|[ \u00a0]*[А-ЯЁ][.а-яё])")
# Russian abbreviations of two words, one letter each: т. е., т. д., т. п., т. к., н. э.
_TWO_LETTERS_RU = re.compile(r"(?<![\w.])([а-яё]\.) (?=[а-яё]\.)")
# ...typed closed up, as e-texts often do ("и т.д.", "т.е."): Russian spaces them.
_TWO_LETTERS_CLOSED_RU = re.compile(r"(?<![\w.])(т\.)(?=[епдк]\.(?!\w))|(?<![\w.])(н\.)(?=э\.(?!\w))")


# A title before a name: French Mme Loiseau, M. is an initial's shape already; Mr. Smith, Dr. Müller,
# Sra. García, Sig. Rossi.
_TITLE = re.compile(rf"(?<![\w.])(Mme|Mmes|Mlle|Mlles|MM\.|Mgr|Mr\.|Mrs\.|Ms\.|Dr\.|Prof\.|Hr\.|Fr\.|Frl\."
                    rf"|Sr\.|Sra\.|Srta\.|Dña\.|Sig\.|Sig\.ra) (?=[{UPPER}])")


def abbreviation_space(text: str, language: str, style: TypographySettings) -> str:
    """No. 5, p. 23, № 5, 1945 г., XIX в., 5 тыс.: a no-break space keeps the number with its word, and a
    title its name (Mme Loiseau, Dr. Müller), a surname its initials after it (Пушкин А. С.); and the
    halves of т. е. and и т. д. stay on one line."""
    text = _TWO_LETTERS_CLOSED_RU.sub(lambda m: (m[1] or m[2]) + NBSP, text)
    text = _TITLE.sub(r"\1" + NBSP, _TWO_LETTERS_RU.sub(r"\1" + NBSP, text))
    text = _CENTURY_RU.sub(r"\1" + NBSP, _NUMBER_WORD_RU.sub(NBSP, text))
    glue = NBSP if style.initials == "spaced" else ""
    text = _INITIALS_AFTER_RU.sub(lambda m: m[1] + NBSP + m[2] + (glue + m[3] if m[3] else ""), text)
    return _YEAR_RU.sub(NBSP, _ABBREVIATION.sub(r"\1" + NBSP, text))


_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December"
           "|Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
           "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
           "|Januar|Jänner|Februar|März|Mai|Juni|Juli|Oktober|Dezember"
           "|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
           "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
           "|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
           "|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia")
# The day may carry its ordinal's mark (German "3. Mai", French "1er mai", Italian "1º maggio"), and
# Spanish and Portuguese put "de" before the month ("2 de mayo": both spaces bound).
_DAY_MONTH = re.compile(rf"(?<![\w.,\u2010-\u2014-])((?:[1-9]|[12]\d|3[01])(?:\.|er|º)?) (?:(de) )?"
                        rf"(?=(?:{_MONTHS})(?!\w))")
_MONTH_DAY = re.compile(rf"(?<!\w)((?:{_MONTHS})) (?=(?:[1-9]|[12]\d|3[01])(?![\d.,]\d))")


def date_space(text: str, language: str, style: TypographySettings) -> str:
    """2 September, 22 июня, September 2: a no-break space keeps the day with its month."""
    day_month = _DAY_MONTH.sub(lambda m: m[1] + NBSP + (m[2] + NBSP if m[2] else ""), text)
    return _MONTH_DAY.sub(r"\1" + NBSP, day_month)


_UNIT = re.compile(
    r"(?<=\d) (?=(?:km/h|km|cm|mm|kg|mg|m|g|t|ha|ml|l|kW|MW|kWh|mph|ft|mi|lb|°C|°F|°|%|‰|h|min"
    r"|км|см|мм|кг|м|т|га|л|мин|ч)(?![\w/]))"
)
_HOUR_MINUTES = re.compile(r"(?<=\d[ \u00a0\u202f][hч]) (?=\d\d(?!\d))")  # the French "4 h 30", Russian "5 ч 30"


def unit_space(text: str, language: str, style: TypographySettings) -> str:
    """5 km, 20 %, 4 h 30: a no-break space between a number and its unit, and an hour's and its
    minutes (a thin one if the house asks)."""
    space = NNBSP if style.unit_space == "thin" else NBSP
    return _HOUR_MINUTES.sub(space, _UNIT.sub(space, text))


_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)")
_GROUP_SPACE = re.compile(r"[ \u00a0]")
# Where thousands are grouped with a space, the space is a thin no-break one (10 000).
SPACE_GROUPED = frozenset({"ru", "uk", "be", "fr", "de", "pl", "cs", "sk", "es", "it", "pt"})


def thousands_space(text: str, language: str, style: TypographySettings) -> str:
    """Russian, French, German, Polish 10 000, 1 250 000: a narrow no-break space between groups of digits."""
    if language not in SPACE_GROUPED:
        return text
    return _THOUSANDS.sub(lambda m: _GROUP_SPACE.sub(NNBSP, m[0]), text)


# Languages whose typesetting never ends a line on a word of one letter ("в", "и", "z").
SHORT_WORDS_BOUND = frozenset({"ru", "uk", "be", "pl", "cs", "sk"})
_ONE_LETTER_WORD = re.compile(r"(?<![\w\u00ad.’'-])([^\W\d_])[ \n](?=\w|[«„“(])")


def one_letter_words(text: str, language: str, style: TypographySettings) -> str:
    """Russian "в доме", "и я", Polish "w domu": a no-break space binds a one-letter word to
    the next, as these languages' typesetting has it (no line ends on "в")."""
    if language not in SHORT_WORDS_BOUND:
        return text
    return _ONE_LETTER_WORD.sub(r"\1" + NBSP, text)


# The particles a line may not open with, bound to the word before them ("если | б судьба",
# "не правда | ли?"), by language: Russian, Ukrainian and Belarusian typesetting.
_PARTICLES = {"ru": "же|ж|ли|ль|бы|б", "uk": "же|ж|б|би|бо", "be": "жа|ж|б|бы|лі"}
_PARTICLE_AFTER = {lang: re.compile(rf"(?<=\w)[ \n](?=(?:{words})(?![\w\u00ad'’-]))")
                   for lang, words in _PARTICLES.items()}


def particles_bound(text: str, language: str, style: TypographySettings) -> str:
    """Russian "если б", "правда ли", "тот же": a no-break space before the particle, so no line opens with it."""
    pattern = _PARTICLE_AFTER.get(language)
    return pattern.sub(NBSP, text) if pattern else text


# A range before the dashes: "1806 - 07" is a range, not two words with a dash between them.
RULES: tuple[Rule, ...] = (
    double_space, ellipsis, number_range, spaced_dash, minus_sign, multiplication, punctuation_space,
    initials, abbreviation_space, date_space, unit_space, thousands_space, one_letter_words, particles_bound,
)


def apply_rules(text: str, language: str, style: TypographySettings) -> str:
    for rule in RULES:
        text = rule(text, language, style)
    return text


_CAPS = re.compile(rf"(?<![\w\u00ad])([{UPPER}]{{2,}}[0-9]*)(?![\w\u00ad])")
_ROMAN = re.compile(r"[IVXLCDM]+")


def has_caps(text: str) -> bool:
    return _CAPS.search(text) is not None


def caps_words(text: str) -> frozenset[str]:
    """The words of a run (between spaces and line breaks) that hold a run of capitals:
    found in one search of the run, not one per word."""
    words = set()
    for match in _CAPS.finditer(text):
        if not _ROMAN.fullmatch(match[1]):
            start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
            ends = [at for at in (text.find(" ", match.end()), text.find("\n", match.end())) if at >= 0]
            words.add(text[start:min(ends, default=len(text))])
    return frozenset(words)


def caps_runs(token: str) -> list[tuple[str, bool]]:
    """Split a word into (text, is_caps) parts: runs of capitals (USSR, NKVD), not Roman numerals."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for match in _CAPS.finditer(token):
        if _ROMAN.fullmatch(match[1]):
            continue
        if match.start() > at:
            parts.append((token[at:match.start()], False))
        parts.append((match[1], True))
        at = match.end()
    if at < len(token):
        parts.append((token[at:], False))
    return parts
