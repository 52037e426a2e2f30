"""Letters in books (`::: letter` with its dateline, salutation, signature and postscript): set as
letters in every edition, typed so in the EPUB."""

from __future__ import annotations

import subprocess

import pypdfium2 as pdfium
from lxml import html as lhtml

from conftest import MINIMAL_YAML, build_project, pdf_rows, write_project
from test_epub import EPUB_TYPE, NS, Epub, assert_epubcheck_clean

LETTER = """# Letter 1

::: letter
::: dateline
St. Petersburgh, Dec. 11th, 17—.
:::

::: salutation
My dear Sister,
:::

You will rejoice to hear that no disaster has accompanied the commencement of an enterprise which
you have regarded with such evil forebodings. I arrived here yesterday, and my first task is to
assure my dear sister of my welfare and increasing confidence in the success of my undertaking.

I am already far north of London, and as I walk in the streets of Petersburgh, I feel a cold
northern breeze play upon my cheeks, which braces my nerves and fills me with delight.

::: signature
Your affectionate brother,\\
R. Walton
:::

::: postscript
P.S. Write to me at Archangel.
:::
:::

# Journal

::: dateline
September 5th.
:::

A scene of so uncommon an interest has just passed that I cannot forbear recording it, although it is
very probable that these papers may never reach you.
"""


def test_a_letter_is_set_as_one_in_every_edition(tmp_path):
    """A letter's parts came out as plain paragraphs: the dateline and the closing flush left and
    indented as the text. In print the dateline and the signature end at the measure's right edge,
    the salutation and the first paragraph after it start at its left; the EPUB types the letter and
    its parts in the DAISY structure vocabulary (z3998:letter, salutation, signature, postscript),
    its prefix declared (epubcheck clean); the web page passes the Nu checker."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": LETTER})
    built = build_project(root)
    (page,) = [p for p in pdfium.PdfDocument(built.pdf) if "Petersburgh,Dec" in p.get_textpage().get_text_range()
               .replace(" ", "")]
    rows = pdf_rows(page)
    body = [row for row in rows if row[0].startswith(("Youwill", "theCommencement", "assuremy", "Iamalready"))]
    left, right = min(r[1] for r in body), max(r[2] for r in body)
    line = {key: next(r for r in rows if r[0].startswith(key)) for key in
            ("St.Petersburgh", "MydearSister", "Youwill", "Iamalready", "Youraffectionate", "R.Walton", "P.S.")}
    edge = line["St.Petersburgh"][2]  # the measure's right edge (the text is set ragged)
    for key in ("St.Petersburgh", "Youraffectionate", "R.Walton"):  # set right
        assert abs(line[key][2] - edge) < 1 and edge >= right - 1 and line[key][1] > left + 50, (key, line[key], right)
    for key in ("MydearSister", "Youwill", "P.S."):  # flush left, not indented
        assert abs(line[key][1] - left) < 1, (key, line[key], left)
    assert line["Iamalready"][1] > left + 5  # the paragraphs after it are indented as the text's
    (page,) = [p for p in pdfium.PdfDocument(built.pdf) if "A scene of" in p.get_textpage().get_text_range()]
    rows = pdf_rows(page)
    date, text = (next(r for r in rows if r[0].startswith(key)) for key in ("September5th", "Asceneof"))
    assert abs(date[1] - text[1]) < 1, (date, text)  # a diary's date outside a letter: flush left over its entry
    assert_epubcheck_clean(built.epub)
    epub = Epub.open(built.epub)
    (doc,) = [d for d in epub.docs.values() if d.xpath("//x:div[@class='letter']", namespaces=NS)]
    typed = {d.get("class"): d.get(EPUB_TYPE) for d in doc.xpath("//x:div[@class]", namespaces=NS)}
    assert typed == {"letter": "z3998:letter", "dateline": None, "salutation": "z3998:salutation",
                     "signature": "z3998:signature", "postscript": "z3998:postscript"}
    assert "z3998:" in doc.get("{http://www.idpf.org/2007/ops}prefix")
    page_html = built.html / "letter-1.html"
    assert lhtml.fromstring(page_html.read_bytes()).xpath("//div[@class='letter']/div[@class='signature']")
    from test_html import _vnu_jar

    done = subprocess.run(["java", "-jar", str(_vnu_jar()), "--skip-non-html", "--errors-only", "--format", "text",
                           str(page_html)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


# --- plain text import -------------------------------------------------------------------------

_PROSE = ("I am already far north of London, and as I walk in the streets of Petersburgh, I feel a cold\n"
          "northern breeze play upon my cheeks, which braces my nerves and fills me with delight.\n\n")


def _letters(into) -> list[list[tuple[str, str]]]:
    """Each `::: letter` of the import: its blocks as (part's class or block kind, text)."""
    from test_import_formats import all_text, pandoc_doc

    doc = pandoc_doc((into / "text.md").read_text(encoding="utf-8"))
    found = []

    def visit(blocks):
        for block in blocks:
            if block["t"] == "Div" and block["c"][0][1] == ["letter"]:
                found.append([((b["c"][0][1] or [""])[0] if b["t"] == "Div" else b["t"], " ".join(all_text(b).split()))
                              for b in block["c"][1]])
            elif block["t"] in ("Div", "BlockQuote"):
                visit(block["c"][1] if block["t"] == "Div" else block["c"])

    visit(doc["blocks"])
    return found


def test_letters_in_a_plain_text_are_imported_as_letters(tmp_path):
    """Frankenstein's "Letter 1" chapters, Dracula's letters quoted under a line naming them and
    Pride and Prejudice's from a salutation to a name signed in capitals came in as paragraphs,
    a closing set in as a quotation. Each is a `::: letter`, its dateline, salutation, signature
    (a closing over a name, "R.W." alone ending its chapter) and postscript in divs of their own."""
    from test_import_formats import run

    text = ("Letter 1\n\n_To Mrs. Saville, England._\n\n\nSt. Petersburgh, Dec. 11th, 17--.\n\n\n" + _PROSE * 2
            + "Your affectionate brother,\n\nR. Walton\n\n\n\n\nLetter 2\n\n_To Mrs. Saville, England._\n\n\n"
            "July 7th, 17--.\n\nMy dear Sister,\n\n"
            + _PROSE + "Heaven bless my beloved sister!\n\nR.W.\n\n\n\n\nCHAPTER I\n\n" + _PROSE
            + "_Letter, Lucy Westenra to Mina Murray._\n\n\"_17, Chatham Street_,\n\n\"_Wednesday_.\n\n"
            "\"My dearest Mina,--\n\n\"" + _PROSE
            + "\"LUCY.\n\n\"P.S.--I need not tell you this is a secret.\"\n\n" + _PROSE
            + "\"Hunsford, near Westerham, Kent, 15th October.\n\n\"Dear Sir,--\n\n\"" + _PROSE
            + "\"WILLIAM COLLINS\"\n\n" + _PROSE + "\"My dear Victor,\n\n\"" + _PROSE
            + "\"Your affectionate and afflicted father,\n\n\"Alphonse Frankenstein.\n\n" + _PROSE
            + "Clerval then put the following letter into my hands. It was from my own Elizabeth:\n\n"
            "\"My dearest Cousin,\n\n\"" + _PROSE + "\"Elizabeth Lavenza.\n\n\"Geneva, March 18th, 17--.\"\n\n"
            "\"Dear, dear Elizabeth!\" I exclaimed, when I had read her letter.\n\n" + _PROSE)
    report, into = run(tmp_path, "letters", text.encode("utf-8"))
    assert report.headings == ["Letter 1", "Letter 2", "CHAPTER I"]
    letters = _letters(into)
    assert [[part for part, _ in letter] for letter in letters] == [
        ["Para", "dateline", "Para", "Para", "signature"],
        ["Para", "dateline", "salutation", "Para", "Para", "signature"],
        ["Para", "dateline", "salutation", "Para", "signature", "postscript"],
        ["dateline", "salutation", "Para", "signature"],
        ["salutation", "Para", "signature"],  # a name in small letters signed under a closing
        ["salutation", "Para", "signature", "dateline"],  # a letter the text gives, its date at its foot
    ]
    assert letters[0][-1][1] == "Your affectionate brother, R. Walton" and letters[1][-1][1] == "R.W."
    assert "Chatham Street" in letters[2][1][1] and "Wednesday" in letters[2][1][1]  # place and date: one dateline
    assert letters[2][0][1] == "Letter, Lucy Westenra to Mina Murray." and "WILLIAM COLLINS" in letters[3][-1][1]
    assert any(line.startswith("letters:         6 as ::: letter") for line in report.decisions), report.decisions


def test_a_novels_salutations_and_closings_in_its_talk_are_no_letters(tmp_path):
    """A salutation or a closing in a novel's talk, a name in capitals alone, a chapter named
    "Letters" or a line in italics are no letters: the text is imported as it was."""
    from test_import_formats import run

    text = ("CHAPTER I\n\n" + _PROSE + "\"Dear me!\n\n\"My dear Jane,\" said she, \"you are too good.\"\n\n" + _PROSE
            + "\"My dear Jane!\n\n\"" + _PROSE + "\"Jane.\"\n\n" + _PROSE
            + "Yours truly,\n\nthe narrator went on.\n\n" + _PROSE + "_Letter of the law._\n\n" + _PROSE
            + "CHAPTER II\n\nLetters\n\n" + _PROSE + "\"My dear Sir,\n\n" + _PROSE * 45 + "THE END\n")
    report, into = run(tmp_path, "novel", text.encode("utf-8"))
    assert report.headings == ["CHAPTER I", "CHAPTER II. Letters"]
    assert _letters(into) == [] and not any("letters:" in line for line in report.decisions)


# --- EPUB import -------------------------------------------------------------------------------


def test_a_letter_typed_so_in_an_epub_is_imported_as_a_letter(tmp_path):
    """Standard Ebooks' Dracula types its 36 letters (`<blockquote epub:type="z3998:letter">`, a
    `<header>` with the line naming it and its `se:letter.dateline` and `z3998:salutation`, a
    `<footer>` or paragraphs typed `z3998:valediction`, `z3998:postscript`): pandoc keeps no
    paragraph's type, and each came in as a quotation of plain paragraphs. Each is a `::: letter`,
    its parts in divs of their own, a valediction and the name under it one signature."""
    from publish.importer import import_text
    from test_import_formats import _epub

    letter = ('<blockquote epub:type="z3998:letter"><header><p>Letter, Lucy Westenra to Mina Murray.</p>'
              '<p epub:type="se:letter.dateline">“<i>24 May.</i></p></header>'
              '<p epub:type="z3998:salutation">“My dearest Mina⁠—</p><p>“Thanks, and thanks, and thanks again.</p>'
              '<footer><p epub:type="z3998:valediction">“Ever your loving</p>'
              '<p epub:type="z3998:signature">“Lucy.</p>'
              '<p epub:type="z3998:postscript">“P.S.—I need not tell you this is a secret.”</p></footer></blockquote>')
    source = _epub(tmp_path / "dracula.epub", "<dc:title>Dracula</dc:title>",
                   f'<section id="chapter-5" epub:type="chapter"><h2>V</h2><p>Text.</p>{letter}</section>')
    into = tmp_path / "dracula" / "manuscript"
    report = import_text(source, into)
    assert report.words_in - report.words_moved == report.words_out
    assert [[part for part, _ in found] for found in _letters(into)] == [
        ["Para", "dateline", "salutation", "Para", "signature", "postscript"]]
    assert "z3998" not in (into / "text.md").read_text(encoding="utf-8")
    assert any(line.startswith("letters:         1 typed so") for line in report.decisions)


def test_a_novel_in_letters_under_their_dates_is_imported_as_letters(tmp_path):
    """Poor Folk's letters each stand under their date alone ("Апреля 8." over "Бесценная моя
    Варвара Алексеевна!", signed "Ваш всегдашний и верный друг" over "Макар Девушкин." or "В.
    Д."): where three dates or more stand over a salutation, each date opens a letter up to the
    next, its salutation the short line calling its reader. A diary's dates over its entries
    (Notes of a Madman's "Октября 3.") are no letters: each is its entry's `::: dateline`."""
    from test_import_formats import run

    prose = "   Вчера я был счастлив, чрезмерно счастлив, донельзя счастлив! Вы хоть раз в жизни меня послушались.\n"
    letters = [("Апреля 8.", "   Бесценная моя Варвара Алексеевна!", "Ваш всегдашний и верный друг", "Макар Девушкин."),
               ("Апреля 8.", "   Милостивый государь, Макар Алексеевич!", None, "В. Д."),
               ("Апреля 9.", "   Маточка, Варвара Алексеевна!", None, "М. Д."),
               ("Апреля 12.", "   Милостивый государь, Макар Алексеевич!", None, "В. Д.")]
    text = "".join(f"{date}\n{salutation}\n{prose}{prose}" + (f"   {closing}\n" if closing else "") + f"{name}\n\n"
                   for date, salutation, closing, name in letters)
    report, into = run(tmp_path, "poor-folk", text.encode("utf-8"))
    found = _letters(into)
    assert [[part for part, _ in letter] for letter in found] == [
        ["dateline", "salutation", "Para", "Para", "signature"]] * 4
    assert found[0][-1][1] == "Ваш всегдашний и верный друг Макар Девушкин."
    diary = "".join(f"{date}\n{prose}{prose}" for date in ("Октября 3.", "Октября 4.", "Ноября 6.", "Декабря 8."))
    report, into = run(tmp_path, "madman", diary.encode("utf-8"))
    assert _letters(into) == []
    md = (into / "text.md").read_text(encoding="utf-8")  # each date heads its entry
    assert md.count("::: dateline\n") == 4
    journal = "".join(f"     {date}\n{prose}{prose}" for date in ("11-го мая.", "13-го мая", "16-го мая.", "3-го июня"))
    report, into = run(tmp_path, "pechorin", journal.encode("utf-8"))  # the month after its day, in small letters
    assert (into / "text.md").read_text(encoding="utf-8").count("::: dateline\n") == 4
    assert "::: dateline\nОктября 3.\n:::" in md


def test_a_chapter_titled_by_its_writer_and_reader_over_a_closing_is_a_letter(tmp_path):
    """Lady Susan's chapters are numerals titled "LADY SUSAN VERNON TO MR. VERNON": each is a
    letter when a closing ends it ("Your most obliged and affectionate sister," over "S.
    VERNON."); a chapter "FROM LONDON TO PARIS" without one is no letter."""
    from test_import_formats import run

    text = ("I\n\n\nLADY SUSAN VERNON TO MR. VERNON\n\n\nLangford, Dec.\n\n" + _PROSE * 2
            + "Your most obliged and affectionate sister,\n\nS. VERNON.\n\n\n\n\nII\n\n\nFROM LONDON TO PARIS\n\n\n"
            + _PROSE * 2 + "III\n\n\nMRS. VERNON TO LADY DE COURCY\n\n\n" + _PROSE + "CATHERINE VERNON.\n")
    report, into = run(tmp_path, "susan", text.encode("utf-8"))
    assert report.headings == ["I. LADY SUSAN VERNON TO MR. VERNON", "II. FROM LONDON TO PARIS",
                               "III. MRS. VERNON TO LADY DE COURCY"]
    assert [[part for part, _ in letter] for letter in _letters(into)] == [
        ["dateline", "Para", "Para", "signature"], ["Para", "signature"]]


def test_a_letter_set_in_as_a_quotation_keeps_its_parts_apart(tmp_path):
    """Bleak House sets Ada's letter in, as a quotation: its paragraphs were one quotation, and the
    whole of it went into its salutation's div. Its paragraphs are the letter's, each part apart."""
    from test_import_formats import run

    set_in = "".join("    " + line + "\n" for line in _PROSE.strip().split("\n"))
    text = ("CHAPTER I\n\n" + _PROSE + "    My dearest cousin,\n\n" + set_in + "\n" + set_in
            + "\n    Ever, my dearest cousin, your most affectionate\n\n    Ada\n\n" + _PROSE)
    report, into = run(tmp_path, "bleak", text.encode("utf-8"))
    assert [[part for part, _ in letter] for letter in _letters(into)] == [
        ["salutation", "Para", "Para", "signature"]]
