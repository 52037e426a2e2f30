"""The copy-editor's rules: each code with what it finds and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

from publish.lint_rules.findings import Finding, Fix, LintContext
from publish.lint_rules.languages import check_languages
from publish.lint_rules.names import check_names
from publish.lint_rules.numbers import check_numbers
from publish.lint_rules.quotes import check_quotes
from publish.lint_rules.spacing import check_spacing
from publish.lint_rules.structure import check_structure

__all__ = ["CHECKS", "CODES", "Finding", "Fix", "LintContext", "RuleInfo"]

# Each check reads every paragraph of the book (some rules compare across the book).
CHECKS = (check_quotes, check_spacing, check_names, check_structure, check_numbers, check_languages)


@dataclass(frozen=True)
class RuleInfo:
    code: str
    title: str
    explanation: str
    fixable: bool = False


CODES: dict[str, RuleInfo] = {r.code: r for r in (
    RuleInfo("Q001", "unbalanced opening quote",
             "A quotation opens and is never closed in the same paragraph. Add the closing mark where "
             "the quotation ends, or remove the opening one. (A quotation that runs over several "
             "paragraphs opens each paragraph and closes only at its end: such a paragraph, followed "
             "by one opening with the same mark, is not reported; nor, in « » or „ “, one that a later "
             "paragraph closes with no mark reopened between, the Russian and German way; nor a line of "
             "verse opening the quotation again, as each line of one running over lines does, nor an "
             "older clipped word left open, 'a, 'haviour, 'ware.)"),
    RuleInfo("Q002", "unbalanced closing quote",
             "A closing quotation mark with no opening mark before it in the paragraph. Add the opening "
             "mark where the quotation begins, or remove this one."),
    RuleInfo("Q003", "mismatched quotes",
             "A quotation opened with one kind of mark is closed with another (“…‘ or «…”). Make the "
             "closing mark match the opening one: “…”, ‘…’, «…», „…“."),
    RuleInfo("Q004", "quote turned the wrong way",
             "An opening mark used to close a quotation (‘word‘), or a closing mark used to open one. "
             "A ’ or ” read as it is turned when that pairs the paragraph's marks is not reported: "
             "“Au revoir! ”—and closes its “, and ——’s is a name left out. `publish fix` turns a mark "
             "the right way only in a paragraph whose quotes then pair.", fixable=True),
    RuleInfo("Q005", "mixed quote styles",
             "Straight quotes (\" ') in a text that otherwise uses typographic ones (“ ” ‘ ’), or the "
             "reverse. `publish fix` curls straight quotes in paragraphs whose quotes balance, and "
             "straight apostrophes between letters.", fixable=True),
    RuleInfo("D001", "hyphen used as a dash",
             "A hyphen with spaces around it (word - word) stands for a dash. Type the dash of the "
             "house style (typography.dash in book.yaml), or -- for an en dash, --- for an em dash. "
             "`publish fix` types the house dash.", fixable=True),
    RuleInfo("D002", "hyphen in a number range",
             "Ranges of numbers take an en dash, closed up: 1941–1945, pp. 12–15, 1806–07 (typed "
             "1806 - 07). `publish fix` replaces the hyphen and its spaces.", fixable=True),
    RuleInfo("S001", "space before punctuation",
             "English and Russian set no space before , . ; : ! ? (French sets a thin no-break space "
             "before ; : ! ?, which the typography pass adds). `publish fix` removes the space.",
             fixable=True),
    RuleInfo("S002", "double space",
             "Two or more spaces between words. Markdown shows them as one, but they usually mark an "
             "editing slip. `publish fix` leaves one space.", fixable=True),
    RuleInfo("W001", "repeated word",
             "The same word twice in a row (the the). Delete one, unless the grammar wants both "
             "(had had, that that are not reported)."),
    RuleInfo("N001", "name spelled two ways",
             "The same name is spelled differently across the book (Nikolaevich / Nikolayevich, "
             "Yan / Jan). Choose one transliteration and use it everywhere. The report points at the "
             "less frequent spelling and names the usual one."),
    RuleInfo("M001", "dates written two ways",
             "Dates appear in more than one style: 'July 17, 1945', '17 July 1945', '17 июля 1945', "
             "'17.07.1945', '1945-07-17'. Choose one style for the book; the report points at each date "
             "written otherwise than the most frequent style, and names that style."),
    RuleInfo("M002", "numbers written two ways",
             "Numbers appear in more than one style: thousands grouped as '10,000', '10 000' or not at "
             "all ('10000'; only numbers of five digits or more count, so years are left alone), or "
             "percentages as '20%', '20 %', '20 per cent', '20 percent' or '20 процентов'. Choose one "
             "style for the book; the report points at each number written otherwise than the most "
             "frequent style. (A deliberate exception, such as a quoted document: disable M002 on "
             "that line.)"),
    RuleInfo("B001", "unmatched bracket",
             "A bracket ( [ { that is not closed in its paragraph, or a closing one with no opening "
             "one. Enumerations such as a) b) are not reported; in verse a bracket may close in a later "
             "stanza, and the [ ] of a span or link ([a line]{.i1}) are markup, not brackets."),
    RuleInfo("F001", "footnote called without a note",
             "The text calls [^name] but no note [^name]: … is defined. Write the note, or remove the "
             "call."),
    RuleInfo("F002", "note never called",
             "A note [^name]: … is defined but the text never calls [^name], so no edition shows it. "
             "Add the call where the note belongs, or remove the note."),
    RuleInfo("I001", "image without alt text",
             "![](picture.png) has no alternative text; screen readers and the EPUB's accessibility "
             "checks need one. Describe the picture: ![Map of Manchuria, 1945](picture.png)."),
    RuleInfo("E001", "file not in UTF-8",
             "The file is written in another encoding (cp1251, KOI8-R, UTF-16, …). `publish lint` and "
             "`publish fix` read it, and fix writes it back in the same encoding, but `publish build` "
             "reads only UTF-8: convert it with `publish import FILE` (which reports the encoding it "
             "found), or save it as UTF-8 in your editor."),
    RuleInfo("L001", "words in another script with no language",
             "Words in a script other than Latin and the book's own (a Greek quotation, a Hebrew, Arabic or "
             "Russian passage in an English book; two words or more, or one in Hebrew, Arabic, Chinese, "
             "Japanese or Thai) outside any [...]{lang=xx} span, ::: {lang=xx} div or chapter with a "
             "language: every edition sets them as the book's language, hyphenated by its rules, Hebrew and "
             "Arabic not isolated from the text round them, and screen readers read them with the book's "
             "voice. Mark them with their language: [μῆνιν ἄειδε]{lang=grc}, ::: {lang=he} round a "
             "paragraph; the language named is a guess from the script."),
    RuleInfo("H001", "heading skips a level",
             "A heading two or more levels below the one before it (### after #). Readers' tables of "
             "contents and the EPUB navigation expect levels in steps of one."),
    RuleInfo("H002", "heading without its space",
             "A line alone that opens with # and a word, '#Chapter Two': pandoc's Markdown takes a heading "
             "only with a space after its marks, so every edition prints it as a paragraph, '#Chapter Two', "
             "and no chapter starts there. Write '# Chapter Two' (or, for a paragraph that opens with a "
             "hashtag, switch the code off on that line: <!-- lint: disable=H002 -->)."),
)}
